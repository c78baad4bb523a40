"""The notes: a list, a form to write one, a page each, a download and a JSON export."""

import io

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue

from notebook import data
from notebook.auth import login_required

notes = Blueprint("notes", __name__)


@notes.route("/")
@login_required
def index() -> str:
    mine = data.notes_of(session["user"])
    return render_template("notes/index.html", notes=mine, user=session["user"])


@notes.route("/notes/new", methods=["GET", "POST"])
@login_required
def new() -> ResponseReturnValue:
    if request.method == "POST":
        title = request.form.get("title", "").strip()
        body = request.form.get("body", "")
        if not title:
            flash("A note needs a title.", "error")
            return render_template("notes/new.html", body=body), 400
        note_id = data.add_note(session["user"], title, body)
        flash(f"Saved “{title}”.", "success")
        return redirect(url_for("notes.show", note_id=note_id))
    return render_template("notes/new.html", body="")


@notes.route("/notes/<int:note_id>")
@login_required
def show(note_id: int) -> str:
    if note_id not in data.NOTES or data.NOTES[note_id]["owner"] != session["user"]:
        abort(404)
    return render_template("notes/show.html", note=data.NOTES[note_id], note_id=note_id)


@notes.route("/notes/<int:note_id>/download")
@login_required
def download(note_id: int) -> ResponseReturnValue:
    if note_id not in data.NOTES or data.NOTES[note_id]["owner"] != session["user"]:
        abort(404)
    note = data.NOTES[note_id]
    text = f"{note['title']}\n\n{note['body']}\n"
    return send_file(
        io.BytesIO(text.encode("utf-8")),
        mimetype="text/plain",
        as_attachment=True,
        download_name=f"note-{note_id}.txt",
    )


@notes.route("/export.json")
@login_required
def export() -> ResponseReturnValue:
    mine = data.notes_of(session["user"])
    return jsonify(user=session["user"], notes=[{"id": key, **note} for key, note in mine])
