"""A notes service whose endpoint names differ from its function names."""
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
    # TODO(flask2fastapi): F2F104 `app.url_map` is Flask API: a FastAPI app has no `url_map` (first use in this file).
    return sorted(rule.endpoint for rule in app.url_map.iter_rules())
