"""A bookmarks service: views guarded by a decorator, options read by helpers."""
import web_compat
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from flask import Flask

from auth import api_key_required

# TODO(flask2fastapi): F2F120 The Flask app is kept as a host (`app.state.flask_app`) for the code that still needs Flask: every such use is listed in this report at its line; web_compat pushes its contexts around each request.
app = FastAPI()
web_compat.host_flask(app, Flask(__name__))

BOOKMARKS = [
    {"url": "https://example.org", "tags": ["docs"]},
    {"url": "https://python.org", "tags": ["python", "docs"]},
    {"url": "https://flask.palletsprojects.com", "tags": ["python", "web"]},
]


def page_options(*, request: Request):
    limit = int(web_compat.MultiDict(request.query_params.multi_items()).get("limit", "10"))
    tag = web_compat.MultiDict(request.query_params.multi_items()).get("tag")
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
