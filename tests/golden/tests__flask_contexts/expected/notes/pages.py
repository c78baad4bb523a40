from . import web_compat
from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from .storage import get_db

bp = APIRouter(tags=["pages"])


@bp.get("/", name="pages.index", response_class=HTMLResponse)
def index(*, request: Request):
    rows = get_db().execute("SELECT id, title FROM entry ORDER BY id").fetchall()
    lines = [request.app.state.config["BANNER"]]
    lines += [f"{row['id']}: {row['title']}" for row in rows]
    return "\n".join(lines)


@bp.get("/entries/{entry_id:int}", name="pages.show", response_class=HTMLResponse)
def show(entry_id: int):
    row = get_db().execute("SELECT title, text FROM entry WHERE id = ?", (entry_id,)).fetchone()
    if row is None:
        raise HTTPException(status_code=404)
    return f"{row['title']}\n{row['text']}"


@bp.post("/entries", name="pages.create")
def create(*, request: Request, title: str = Form(""), text: str = Form("")):
    title = title.strip()
    if not title:
        return HTMLResponse("A title is needed.", status_code=400)
    db = get_db()
    cursor = db.execute("INSERT INTO entry (title, text) VALUES (?, ?)", (title, text))
    db.commit()
    return RedirectResponse(web_compat.url_for(request, "pages.show", entry_id=cursor.lastrowid), status_code=302)


@bp.post("/entries/{entry_id:int}/delete", name="pages.delete")
def delete(entry_id: int, *, request: Request):
    db = get_db()
    db.execute("DELETE FROM entry WHERE id = ?", (entry_id,))
    db.commit()
    return RedirectResponse(web_compat.url_for(request, "pages.index"), status_code=302)
