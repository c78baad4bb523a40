"""A blog whose first page has a URL of its own, and links built with url_for."""
from flask import Flask, url_for

app = Flask(__name__)


@app.route("/", defaults={"page": 1})
@app.route("/page/<int:page>")
def index(page):
    return {
        "page": page,
        "first": url_for("index", page=1),
        "next": url_for("index", page=page + 1),
        "home": url_for("index"),
        "sorted": url_for("index", page=1, sort="new"),
    }


@app.route("/tags/", defaults={"tag": "all"})
@app.route("/tags/<tag>")
def tags(tag):
    return {"tag": tag, "all": url_for("tags", tag="all"), "this": url_for("tags", tag=tag)}


@app.route("/archive/")
@app.route("/archive/<int:year>")
def archive(year=2024):
    return {"year": year, "same": url_for("archive", year=2024), "bare": url_for("archive")}
