"""A team dashboard: a hook identifies the caller, views read g and the session."""
import time

from flask import Flask, abort, g, jsonify, request, session

app = Flask(__name__)
app.secret_key = "change-me"

MEMBERS = {"t-1": "ada", "t-2": "grace"}


@app.before_request
def identify():
    if request.path.startswith("/public"):
        return None
    token = request.headers.get("X-Team-Token")
    if token not in MEMBERS:
        return jsonify(error="unknown team token"), 401
    g.member = MEMBERS[token]
    g.started = time.monotonic()


@app.after_request
def stamp(response):
    response.headers["X-Served-By"] = "dashboard"
    return response


@app.route("/me")
def me():
    return jsonify(member=g.member, visits=session.get("visits", 0))


@app.route("/visit", methods=["POST"])
def visit():
    session["visits"] = session.get("visits", 0) + 1
    return jsonify(member=g.member, visits=session["visits"])


@app.route("/admin")
def admin():
    if g.member != "ada":
        abort(403)
    return "<h1>Admin</h1>"


@app.route("/public/status")
def status():
    return "ok"


@app.errorhandler(403)
def forbidden(error):
    return jsonify(error="forbidden", member=g.get("member")), 403
