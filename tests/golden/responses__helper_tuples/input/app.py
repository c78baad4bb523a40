"""A booking desk whose views answer through small helpers that build Flask answers."""
from flask import Flask, abort, jsonify, request

from validation import missing_fields

app = Flask(__name__)

ROOMS = {"blue": {"seats": 4}, "red": {"seats": 12}}
BOOKINGS = []


def error(message, status=400):
    return {"error": message}, status


def created(booking):
    return {"booking": booking}, 201, {"Location": f"/bookings/{len(BOOKINGS)}"}


def room_or_error(name):
    if name not in ROOMS:
        return error(f"no room called {name}", 404)
    return jsonify(room=name, **ROOMS[name])


@app.route("/rooms/<name>")
def room(name):
    return room_or_error(name)


@app.route("/bookings", methods=["POST"])
def book():
    data = request.get_json(silent=True) or {}
    missing = missing_fields(data, ("room", "who"))
    if missing:
        return missing
    if data["room"] not in ROOMS:
        return error("unknown room")
    BOOKINGS.append(data)
    return created(data)


@app.errorhandler(409)
def conflict(e):
    response = jsonify(error="conflict", detail=e.description)
    response.status_code = 409
    response.headers["X-Conflict"] = "yes"
    return response


@app.route("/rooms/<name>/lock", methods=["POST"])
def lock(name):
    abort(409, description=f"{name} is locked")


@app.route("/rooms/<name>/hold", methods=["POST"])
def hold(name):
    response = jsonify(held=name)
    return response, 202, {"X-Held": name}


@app.route("/summary")
def summary():
    response = jsonify(rooms=len(ROOMS), bookings=len(BOOKINGS))
    response.headers["Cache-Control"] = "no-store"
    return response
