"""The notes blueprint; its after_app_request hook runs for every request of the app."""
from flask import Blueprint, jsonify

bp = Blueprint("notes", __name__)

NOTES = {1: "buy milk"}


@bp.after_app_request
def no_store(response):
    response.headers["Cache-Control"] = "no-store"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.route("/<int:note_id>")
def show(note_id):
    return jsonify(id=note_id, text=NOTES[note_id])  # KeyError for unknown notes
