"""The counters API, registered under /counters."""
from flask import Blueprint, current_app, g, jsonify, session

from counter.extensions import tally
from counter.helpers import known_counter

bp = Blueprint("counters", __name__)


@bp.route("/last")
def last():
    name = session.get("last_counter")
    if name is None:
        return jsonify(last=None), 404
    return jsonify(last=name, step=current_app.config["TALLY_STEP"])


@bp.route("/stats")
def stats():
    return jsonify(closed=tally.closed, counts=tally.counts)


@bp.route("/forget", methods=["POST"])
def forget():
    session.pop("last_counter", None)
    session["visits"] = 0
    return "", 204


@bp.route("/<name>")
@known_counter
def show(name):
    return jsonify(
        name=g.counter,
        url=g.counter_url,
        count=tally.count(name),
        visits=session.get("visits", 0),
    )


@bp.route("/<name>/hit", methods=["POST"])
@known_counter
def hit(name):
    total = tally.hit(name)
    return jsonify(name=name, count=total, touched=g.tally_touched), 201
