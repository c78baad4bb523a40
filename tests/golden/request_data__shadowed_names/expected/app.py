"""A reading list whose handlers read query keys named like the names they use."""

import json

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict
from typing import Any, Optional

app = FastAPI()
limit = 10
BOOKS = {1: {"title": "Dune", "note": "spice"}}


# TODO(flask2fastapi): F2F401 `page` is now validated as int: a value that does not parse gets a 422 where Flask used the default.
@app.get("/pages", response_class=HTMLResponse)
def pages(*, page_: int = Query(1, alias="page")):
    total = 0
    for page in range(3):
        total += page
    page = page_
    return f"total={total} page={page}"


@app.get("/followed", response_class=HTMLResponse)
def followed(*, toggle: Optional[str] = None, show_followed_: str = Query("", alias="show_followed")):
    show_followed = False
    if toggle:
        show_followed = bool(show_followed_)
    return f"followed={show_followed}"


@app.get("/local", response_class=HTMLResponse)
def local(*, app_: str = Query('-', alias="app")):
    app = "local"
    return f"{app} {app_}"


@app.get("/export", response_class=HTMLResponse)
def export(*, json_: str = Query("none", alias="json")):
    return "export " + json.dumps({"json": json_})


@app.get("/strict", response_class=HTMLResponse)
def strict(*, HTTPException_: Optional[str] = Query(None, alias="HTTPException")):
    if HTTPException_:
        raise HTTPException(status_code=404)
    return "ok"


# TODO(flask2fastapi): F2F401 `limit` is now validated as int: a value that does not parse gets a 422 where Flask used the default.
@app.get("/limit", response_class=HTMLResponse)
def limited(*, limit_: int = Query(5, alias="limit")):
    return str(limit_ + limit)


@app.get("/length", response_class=HTMLResponse)
def length(*, len_: str = Query("abc", alias="len")):
    return str(len(len_))


@app.get("/title", response_class=HTMLResponse)
def title(*, title: str = ""):
    title = title.strip()
    return f"[{title}]"


@app.get("/search", response_class=HTMLResponse)
def search(*, q: str = ""):
    return f"q={q}"


class EditBookBody(BaseModel):
    """The JSON body edit_book() reads."""

    model_config = ConfigDict(extra="allow")

    note: Any = None
    title: Any = "untitled"


@app.put("/books/{id:int}")
def edit_book(id: int, *, data: EditBookBody):
    book = BOOKS[id]
    note = (data.note if "note" in data.model_fields_set else book["note"])
    title = data.title
    return {"title": title, "note": note}
