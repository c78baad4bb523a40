"""A note-taking API: JSON bodies, form posts, headers and cookies."""
import web_compat
from fastapi import Body, Cookie, Depends, FastAPI, Form, HTTPException, Header, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict
from typing import Any, Optional

app = FastAPI()

NOTES = {}
API_TOKEN = "s3cret"


class CreateNoteBody(BaseModel):
    """The JSON body create_note() reads."""

    model_config = ConfigDict(extra="allow")

    title: Any
    body: Any = ""


@app.post("/notes", status_code=201)
def create_note(*, token: Optional[str] = Header(None, alias="X-Api-Token"), data: CreateNoteBody):
    if token != API_TOKEN:
        raise HTTPException(status_code=401)
    note_id = len(NOTES) + 1
    NOTES[note_id] = {"title": data.title, "body": data.body}
    return {"id": note_id, **NOTES[note_id]}


@app.put("/notes/{note_id:int}")
def replace_note(note_id: int, *, payload: Any = Body()):
    if note_id not in NOTES:
        raise HTTPException(status_code=404)
    NOTES[note_id] = dict(payload)
    return NOTES[note_id]


@app.post("/notes/quick")
def quick_note(*, form: web_compat.FormData = Depends(web_compat.form_data), body: str = Form("")):
    title = form["title"]
    NOTES[len(NOTES) + 1] = {"title": title, "body": body}
    return HTMLResponse(f"<p>Saved {title}</p>", status_code=201)


@app.get("/prefs")
def prefs(*, theme: str = Cookie("light"), language: str = Header("en", alias="Accept-Language")):
    return {"theme": theme, "language": language}


@app.api_route("/whoami", methods=["GET", "POST"])
def whoami(*, request: Request):
    return {"method": request.method, "path": request.url.path, "scheme": request.url.scheme}
