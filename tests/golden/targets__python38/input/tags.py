"""A tag browser that still runs on Python 3.8: its annotations must evaluate there."""
from flask import Flask, jsonify, render_template, request

app = Flask(__name__)

TAGS = {"python": 3, "flask": 2, "fastapi": 1}


@app.route("/tags")
def tags():
    wanted = request.args.getlist("name")
    limit = request.args.get("limit", type=int)
    found = [t for t in TAGS if not wanted or t in wanted]
    return jsonify(tags=found[:limit] if limit else found)


@app.route("/tags/<name>")
def tag(name):
    colour = request.args.get("colour")
    return render_template("tag.html", name=name, count=TAGS.get(name, 0), colour=colour)
