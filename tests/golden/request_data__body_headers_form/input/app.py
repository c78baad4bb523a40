"""A note-taking API: JSON bodies, form posts, headers and cookies."""
from flask import Flask, abort, jsonify, request

app = Flask(__name__)

NOTES = {}
API_TOKEN = "s3cret"


@app.route("/notes", methods=["POST"])
def create_note():
    token = request.headers.get("X-Api-Token")
    if token != API_TOKEN:
        abort(401)
    data = request.get_json()
    note_id = len(NOTES) + 1
    NOTES[note_id] = {"title": data["title"], "body": data.get("body", "")}
    return jsonify(id=note_id, **NOTES[note_id]), 201


@app.route("/notes/<int:note_id>", methods=["PUT"])
def replace_note(note_id):
    if note_id not in NOTES:
        abort(404)
    NOTES[note_id] = dict(request.json)
    return jsonify(NOTES[note_id])


@app.route("/notes/quick", methods=["POST"])
def quick_note():
    title = request.form["title"]
    body = request.form.get("body", "")
    NOTES[len(NOTES) + 1] = {"title": title, "body": body}
    return f"<p>Saved {title}</p>", 201


@app.route("/prefs")
def prefs():
    theme = request.cookies.get("theme", "light")
    language = request.headers.get("Accept-Language", "en")
    return jsonify(theme=theme, language=language)


@app.route("/whoami", methods=["GET", "POST"])
def whoami():
    return jsonify(method=request.method, path=request.path, scheme=request.scheme)
