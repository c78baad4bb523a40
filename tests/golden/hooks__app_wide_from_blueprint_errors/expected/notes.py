"""The notes blueprint; its after_app_request hook runs for every request of the app."""
import web_compat
from fastapi import APIRouter

bp = APIRouter(tags=["notes"])

NOTES = {1: "buy milk"}


# TODO(flask2fastapi): F2F505 `bp.after_app_request` now registers the hook with web_compat, which runs it with Flask's scope (every request of the app) around each request, on the Flask app kept as a host.
@web_compat.after_app_request(bp)
def no_store(response):
    response.headers["Cache-Control"] = "no-store"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/{note_id:int}", name="notes.show")
def show(note_id: int):
    return {"id": note_id, "text": NOTES[note_id]}  # KeyError for unknown notes
