"""A bookmarks service: views guarded by a decorator, options read by helpers."""
from flask import Flask, jsonify, request

from auth import api_key_required

app = Flask(__name__)

BOOKMARKS = [
    {"url": "https://example.org", "tags": ["docs"]},
    {"url": "https://python.org", "tags": ["python", "docs"]},
    {"url": "https://flask.palletsprojects.com", "tags": ["python", "web"]},
]


def page_options():
    limit = int(request.args.get("limit", "10"))
    tag = request.args.get("tag")
    return limit, tag


def client_label():
    return f"{request.method} {request.path}"


@app.route("/bookmarks")
@api_key_required
def bookmarks():
    limit, tag = page_options()
    found = [b for b in BOOKMARKS if tag is None or tag in b["tags"]]
    return jsonify(items=found[:limit], request=client_label())


@app.route("/bookmarks/count")
def count():
    _, tag = page_options()
    return str(sum(1 for b in BOOKMARKS if tag is None or tag in b["tags"]))
