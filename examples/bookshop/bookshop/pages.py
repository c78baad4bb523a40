"""Plain text and HTML pages."""

from __future__ import annotations

from flask import make_response

from bookshop import app
from bookshop.data import AUTHORS, BOOKS

LANDING = """<!doctype html>
<title>Bookshop</title>
<h1>Bookshop</h1>
<p>Browse <a href="/books">books</a> and <a href="/authors">authors</a>.</p>
"""


@app.route("/")
def index():
    return LANDING


@app.route("/health")
def health():
    return "ok"


@app.route("/robots.txt")
def robots():
    return make_response("User-agent: *\nDisallow: /books/search/\n", 200, {"Content-Type": "text/plain"})


@app.route("/about")
def about():
    return f"<p>{len(BOOKS)} books by {len(AUTHORS)} authors.</p>"
