"""A recipe box with custom error pages and a domain exception."""
from flask import Flask, abort, jsonify
from werkzeug.exceptions import HTTPException, MethodNotAllowed

app = Flask(__name__)

RECIPES = {"soup": ["water", "salt"], "tea": ["water", "leaves"]}


class OutOfStock(Exception):
    def __init__(self, item):
        self.item = item


@app.route("/recipes/<name>")
def recipe(name):
    if name not in RECIPES:
        abort(404, description=f"no recipe called {name}")
    return jsonify(name=name, ingredients=RECIPES[name])


@app.route("/recipes/<name>/cook", methods=["POST"])
def cook(name):
    if name == "tea":
        raise OutOfStock("leaves")
    return jsonify(cooked=name)


@app.route("/recipes/<name>/burn", methods=["POST"])
def burn(name):
    abort(409)


@app.errorhandler(404)
def not_found(error):
    return jsonify(error="not found", detail=error.description), 404


@app.errorhandler(MethodNotAllowed)
def wrong_method(error):
    return {"error": "method not allowed", "code": error.code}, 405


@app.errorhandler(OutOfStock)
def out_of_stock(error):
    return f"<p>We ran out of {error.item}</p>", 503


@app.errorhandler(HTTPException)
def other_http_error(error):
    return jsonify(error=error.name, code=error.code), error.code
