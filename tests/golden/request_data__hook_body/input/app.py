"""An inbox API whose before_request hook screens every body before the views see it."""
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
BLOCKED = {"spam", "scam"}


@app.before_request
def screen():
    if request.method != "POST":
        return None
    if request.is_json:
        payload = request.get_json(silent=True)
        if payload is None:
            return jsonify(error="bad json"), 400
        if payload.get("subject") in BLOCKED:
            return jsonify(error="blocked"), 403
    elif request.form:
        if request.form.get("token") != "t0k3n":
            abort(403)
    elif request.data == b"ping":
        return "pong"
    return None


@app.route("/messages", methods=["POST"])
def post_message():
    message = request.get_json()
    return jsonify(stored=message["subject"], raw=request.get_data().startswith(b"{")), 201


@app.route("/forms", methods=["POST"])
def post_form():
    return jsonify(name=request.form.get("name"), all=request.values.to_dict())


@app.route("/raw", methods=["POST"])
def post_raw():
    return jsonify(raw=request.get_data(as_text=True))
