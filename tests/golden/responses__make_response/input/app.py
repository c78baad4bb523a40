"""A file-less download service built with make_response."""
from flask import Flask, jsonify, make_response

app = Flask(__name__)

REPORTS = {"q1": "revenue,10\ncosts,7\n", "q2": "revenue,12\ncosts,8\n"}


@app.route("/reports/<name>")
def report(name):
    resp = make_response(REPORTS[name])
    resp.headers["X-Report"] = name
    return resp


@app.route("/reports/<name>/meta")
def meta(name):
    resp = make_response(jsonify(name=name, lines=REPORTS[name].count("\n")), 200)
    resp.headers["Cache-Control"] = "no-store"
    return resp


@app.route("/reports", methods=["POST"])
def create():
    REPORTS["q3"] = ""
    return make_response({"created": "q3"}, 201, {"Location": "/reports/q3"})


@app.route("/ping")
def ping():
    return make_response("pong", 202)


@app.route("/gone")
def gone():
    response = make_response(("gone for good", 410))
    return response
