"""A reading list whose handlers read query keys named like the names they use."""

import json

from flask import Flask, abort, jsonify, request

app = Flask(__name__)
limit = 10
BOOKS = {1: {"title": "Dune", "note": "spice"}}


@app.route("/pages")
def pages():
    total = 0
    for page in range(3):
        total += page
    page = request.args.get("page", 1, type=int)
    return f"total={total} page={page}"


@app.route("/followed")
def followed():
    show_followed = False
    if request.args.get("toggle"):
        show_followed = bool(request.args.get("show_followed", ""))
    return f"followed={show_followed}"


@app.route("/local")
def local():
    app = "local"
    return f"{app} {request.args.get('app', '-')}"


@app.route("/export")
def export():
    return "export " + json.dumps({"json": request.args.get("json", "none")})


@app.route("/strict")
def strict():
    if request.args.get("HTTPException"):
        abort(404)
    return "ok"


@app.route("/limit")
def limited():
    return str(request.args.get("limit", 5, type=int) + limit)


@app.route("/length")
def length():
    return str(len(request.args.get("len", "abc")))


@app.route("/title")
def title():
    title = request.args.get("title", "").strip()
    return f"[{title}]"


@app.route("/search")
def search():
    q = request.args.get("q", "")
    return f"q={q}"


@app.route("/books/<int:id>", methods=["PUT"])
def edit_book(id):
    book = BOOKS[id]
    data = request.get_json()
    note = data.get("note", book["note"])
    title = data.get("title", "untitled")
    return jsonify(title=title, note=note)
