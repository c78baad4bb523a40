"""A tiny wiki that renders pages as HTML strings."""
from flask import Flask

app = Flask(__name__)

PAGES = {"home": "Welcome!", "rules": "Be nice."}


@app.route("/")
def index():
    return "<h1>Wiki</h1>"


@app.route("/pages/<name>")
def page(name):
    if name not in PAGES:
        return f"<p>No page called {name}</p>", 404
    return f"<h1>{name}</h1><p>{PAGES[name]}</p>"


@app.route("/pages")
def page_list():
    items = "".join(f"<li>{p}</li>" for p in sorted(PAGES))
    return "<ul>" + items + "</ul>"


@app.route("/version")
def version():
    return "wiki " + str(3)


@app.route("/pages/<name>", methods=["DELETE"])
def delete_page(name):
    PAGES.pop(name, None)
    return "", 204


@app.route("/teapot")
def teapot():
    return "I'm a teapot", 418
