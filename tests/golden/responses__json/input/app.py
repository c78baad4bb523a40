"""A recipe API: every way a Flask view sends JSON."""
from flask import Flask, jsonify

app = Flask(__name__)

RECIPES = [
    {"id": 1, "name": "pancakes", "tags": ["breakfast", "sweet"]},
    {"id": 2, "name": "dal", "tags": ["dinner"]},
]


@app.route("/recipes")
def recipes():
    return jsonify(RECIPES)


@app.route("/recipes/names")
def names():
    return [r["name"] for r in RECIPES]


@app.route("/recipes/<int:recipe_id>")
def recipe(recipe_id):
    for r in RECIPES:
        if r["id"] == recipe_id:
            return r
    return {"error": "no such recipe"}


@app.route("/summary")
def summary():
    return jsonify(count=len(RECIPES), tags=sorted({t for r in RECIPES for t in r["tags"]}))


@app.route("/pair")
def pair():
    return jsonify(RECIPES[0]["name"], RECIPES[1]["name"])


@app.route("/empty-list")
def empty_list():
    return jsonify([])


@app.route("/empty")
def empty():
    return jsonify()


@app.route("/nested")
def nested():
    payload = {"meta": {"version": 2, "ok": True}, "items": RECIPES[:1]}
    return jsonify(payload)
