"""A service that opens a connection per request and closes it in teardown hooks."""

from flask import Flask, abort, g, jsonify

app = Flask(__name__)
EVENTS = []


class Connection:
    def __init__(self):
        EVENTS.append("open")

    def close(self):
        EVENTS.append("close")


def get_db():
    if "db" not in g:
        g.db = Connection()
    return g.db


@app.teardown_request
def record_failures(error):
    if error is not None:
        EVENTS.append(f"failed: {type(error).__name__}")


@app.teardown_appcontext
def close_db(exception):
    db = g.pop("db", None)
    if db is not None:
        db.close()


@app.route("/events")
def events():
    return jsonify(events=EVENTS)


@app.route("/query")
def query():
    get_db()
    get_db()
    return jsonify(connected="db" in g)


@app.route("/crash")
def crash():
    get_db()
    raise RuntimeError("boom")


@app.route("/missing")
def missing():
    get_db()
    abort(404)
