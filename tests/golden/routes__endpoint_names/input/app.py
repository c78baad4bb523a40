"""A notes service whose endpoint names differ from its function names."""
from flask import Flask, jsonify

app = Flask(__name__)

NOTES = ["buy milk", "call mum"]


@app.route("/")
@app.route("/index")
def home():
    return "<p>Notes</p>"


@app.route("/notes", endpoint="notes_list")
def list_notes():
    return jsonify(NOTES)


@app.route("/notes/<int:n>", endpoint="note")
def show_note(n):
    return jsonify(note=NOTES[n])


@app.route("/notes/latest", endpoint="latest")
@app.route("/notes/newest", endpoint="newest")
def latest_note():
    return jsonify(note=NOTES[-1])


@app.route("/endpoints")
def endpoints():
    return jsonify(sorted(rule.endpoint for rule in app.url_map.iter_rules()))
