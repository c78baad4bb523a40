from flask import Blueprint, abort, current_app, redirect, request, url_for

from .storage import get_db

bp = Blueprint("pages", __name__)


@bp.route("/")
def index():
    rows = get_db().execute("SELECT id, title FROM entry ORDER BY id").fetchall()
    lines = [current_app.config["BANNER"]]
    lines += [f"{row['id']}: {row['title']}" for row in rows]
    return "\n".join(lines)


@bp.route("/entries/<int:entry_id>")
def show(entry_id):
    row = get_db().execute("SELECT title, text FROM entry WHERE id = ?", (entry_id,)).fetchone()
    if row is None:
        abort(404)
    return f"{row['title']}\n{row['text']}"


@bp.route("/entries", methods=["POST"])
def create():
    title = request.form.get("title", "").strip()
    if not title:
        return "A title is needed.", 400
    text = request.form.get("text", "")
    db = get_db()
    cursor = db.execute("INSERT INTO entry (title, text) VALUES (?, ?)", (title, text))
    db.commit()
    return redirect(url_for("pages.show", entry_id=cursor.lastrowid))


@bp.route("/entries/<int:entry_id>/delete", methods=["POST"])
def delete(entry_id):
    db = get_db()
    db.execute("DELETE FROM entry WHERE id = ?", (entry_id,))
    db.commit()
    return redirect(url_for("pages.index"))
