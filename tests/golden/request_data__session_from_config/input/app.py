"""A guest book: the visitor's name lives in the session, greetings are flashed."""
from flask import Flask, flash, g, get_flashed_messages, jsonify, redirect, session

from settings import Settings

app = Flask(__name__)
app.config.from_object(Settings)


@app.before_request
def load_visitor():
    g.visitor = session.get("name", "guest")
    session["hits"] = session.get("hits", 0) + 1


@app.route("/sign/<name>", methods=["POST"])
def sign(name):
    session["name"] = name
    flash(f"Thanks for signing, {name}!")
    flash("Come back soon", "info")
    return redirect("/")


@app.route("/leave", methods=["POST"])
def leave():
    session.pop("name", None)
    flash("Bye")
    return redirect("/")


@app.route("/")
def index():
    return jsonify(
        visitor=g.visitor,
        hits=session["hits"],
        messages=get_flashed_messages(with_categories=True),
    )
