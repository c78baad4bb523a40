"""A recipe API: every way a Flask view sends JSON."""
from fastapi import FastAPI

app = FastAPI()

RECIPES = [
    {"id": 1, "name": "pancakes", "tags": ["breakfast", "sweet"]},
    {"id": 2, "name": "dal", "tags": ["dinner"]},
]


@app.get("/recipes")
def recipes():
    return RECIPES


@app.get("/recipes/names")
def names():
    return [r["name"] for r in RECIPES]


@app.get("/recipes/{recipe_id:int}")
def recipe(recipe_id: int):
    for r in RECIPES:
        if r["id"] == recipe_id:
            return r
    return {"error": "no such recipe"}


@app.get("/summary")
def summary():
    return {"count": len(RECIPES), "tags": sorted({t for r in RECIPES for t in r["tags"]})}


@app.get("/pair")
def pair():
    return [RECIPES[0]["name"], RECIPES[1]["name"]]


@app.get("/empty-list")
def empty_list():
    return []


@app.get("/empty")
def empty():
    return None


@app.get("/nested")
def nested():
    payload = {"meta": {"version": 2, "ok": True}, "items": RECIPES[:1]}
    return payload
