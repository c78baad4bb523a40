"""A tag browser that still runs on Python 3.8: its annotations must evaluate there."""
import web_compat
from fastapi import FastAPI, Query, Request
from typing import List, Optional

app = FastAPI()

TAGS = {"python": 3, "flask": 2, "fastapi": 1}


# TODO(flask2fastapi): F2F401 `limit` is now validated as int: a value that does not parse gets a 422 where Flask used the default.
@app.get("/tags")
def tags(*, wanted: List[str] = Query([], alias="name"), limit: Optional[int] = None):
    found = [t for t in TAGS if not wanted or t in wanted]
    return {"tags": found[:limit] if limit else found}


@app.get("/tags/{name}")
def tag(name: str, *, request: Request, colour: Optional[str] = None):
    return web_compat.templates.TemplateResponse(request, "tag.html", {"name": name, "count": TAGS.get(name, 0), "colour": colour})
