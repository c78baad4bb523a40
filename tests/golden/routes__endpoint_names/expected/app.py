"""A notes service whose endpoint names differ from its function names."""
import web_compat
from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()

NOTES = ["buy milk", "call mum"]


@app.get("/", response_class=HTMLResponse)
@app.get("/index", response_class=HTMLResponse)
def home():
    return "<p>Notes</p>"


@app.get("/notes", name="notes_list")
def list_notes():
    return NOTES


@app.get("/notes/{n:int}", name="note")
def show_note(n: int):
    return {"note": NOTES[n]}


@app.get("/notes/latest", name="latest")
@app.get("/notes/newest", name="newest")
def latest_note():
    return {"note": NOTES[-1]}


@app.get("/endpoints")
def endpoints():
    # TODO(flask2fastapi): F2F124 `app.url_map` is now web_compat.url_map(app), a view of the FastAPI app's routes: iter_rules() lists them with Flask's endpoint names; strict_slashes and converters set on it change nothing (FastAPI redirects between `/x` and `/x/` itself).
    return sorted(rule.endpoint for rule in web_compat.url_map(app).iter_rules())
