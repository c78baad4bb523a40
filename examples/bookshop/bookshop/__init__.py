"""Bookshop: a small catalogue service (JSON API and a few HTML pages)."""

from flask import Flask

app = Flask(__name__)

# The views register their routes on ``app`` when they are imported.
from bookshop import authors, books, pages  # noqa: E402,F401
