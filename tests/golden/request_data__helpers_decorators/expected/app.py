"""A bookmarks service: views guarded by a decorator, options read by helpers."""
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

from auth import api_key_required

app = FastAPI()

BOOKMARKS = [
    {"url": "https://example.org", "tags": ["docs"]},
    {"url": "https://python.org", "tags": ["python", "docs"]},
    {"url": "https://flask.palletsprojects.com", "tags": ["python", "web"]},
]


def page_options(*, request: Request):
    limit = int(request.query_params.get("limit", "10"))
    tag = request.query_params.get("tag")
    return limit, tag


def client_label(*, request: Request):
    return f"{request.method} {request.url.path}"


@app.get("/bookmarks")
@api_key_required
def bookmarks(*, request: Request):
    limit, tag = page_options(request=request)
    found = [b for b in BOOKMARKS if tag is None or tag in b["tags"]]
    return {"items": found[:limit], "request": client_label(request=request)}


@app.get("/bookmarks/count", response_class=HTMLResponse)
def count(*, request: Request):
    _, tag = page_options(request=request)
    return str(sum(1 for b in BOOKMARKS if tag is None or tag in b["tags"]))
