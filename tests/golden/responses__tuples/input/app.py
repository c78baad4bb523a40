"""A parcel tracker that answers with status codes and headers."""
from http import HTTPStatus

from flask import Flask, jsonify

app = Flask(__name__)

PARCELS = {"AB1": "in transit", "CD2": "delivered"}


@app.route("/parcels", methods=["POST"])
def create():
    PARCELS["EF3"] = "registered"
    return {"id": "EF3"}, 201


@app.route("/parcels/<code>")
def status(code):
    if code not in PARCELS:
        return jsonify(error="unknown parcel"), 404
    return jsonify(code=code, status=PARCELS[code]), 200, {"X-Parcel": code}


@app.route("/parcels")
def parcels():
    return jsonify(sorted(PARCELS)), {"X-Total-Count": str(len(PARCELS))}


@app.route("/parcels/<code>/label")
def label(code):
    return f"LABEL {code}", HTTPStatus.ACCEPTED


@app.route("/parcels/<code>/ping")
def ping(code):
    if code == "AB1":
        return "pong", 200, [("X-Ping", "1")]
    if code == "CD2":
        return {"pong": True}, {"X-Ping": "2"}
    return "", 204
