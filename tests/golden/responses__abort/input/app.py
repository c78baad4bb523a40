"""Seat booking for a small theatre: errors are raised with abort()."""
from flask import Flask, abort, jsonify

app = Flask(__name__)

SEATS = {"A1": None, "A2": "ada", "B1": None}


def get_seat_or_404(seat):
    if seat not in SEATS:
        abort(404)
    return SEATS[seat]


@app.route("/seats/<seat>")
def seat(seat):
    holder = get_seat_or_404(seat)
    return jsonify(seat=seat, taken=holder is not None)


@app.route("/seats/<seat>/book/<name>", methods=["POST"])
def book(seat, name):
    if get_seat_or_404(seat) is not None:
        abort(409, description="seat already booked")
    if name == "anonymous":
        abort(403, "names are required")
    SEATS[seat] = name
    return jsonify(seat=seat, holder=name)


@app.route("/seats")
def seats():
    return jsonify(sorted(SEATS))
