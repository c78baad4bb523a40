"""A notes service whose views return text made elsewhere: helpers, nested functions,
other views and request values, all sent by Flask as text/html."""
import json

from flask import Flask, request

app = Flask(__name__)
NOTES = {"1": "buy milk", "2": "call mum"}


def banner(title):
    return "<h1>" + title + "</h1>"


def note_or_error(key):
    if key in NOTES:
        return {"id": key, "text": NOTES[key]}
    return "no such note", 404


@app.route("/echo")
def echo():
    return request.args.get("say", "")


@app.route("/dump")
def dump():
    return json.dumps(NOTES, sort_keys=True)


@app.route("/banner/<title>")
def show_banner(title):
    return banner(title)


@app.route("/notes/<key>")
def note(key):
    return note_or_error(key)


@app.route("/home")
def home():
    return echo()


@app.route("/shout")
def shout():
    def loud():
        return request.args.get("word", "hey").upper()

    return loud()


@app.route("/first")
def first():
    word = request.args.get("w", "none")
    return word
