"""A product search API that reads its options from the query string."""
from flask import Flask, jsonify, request

app = Flask(__name__)

PRODUCTS = [
    {"name": "kettle", "price": 25.0, "tags": ["kitchen"]},
    {"name": "lamp", "price": 40.0, "tags": ["home", "light"]},
    {"name": "mug", "price": 8.5, "tags": ["kitchen", "gift"]},
]


@app.route("/products")
def products():
    q = request.args.get("q", "")
    page = request.args.get("page", 1, type=int)
    per_page = request.args.get("per-page", 2, type=int)
    max_price = request.args.get("max_price", type=float)
    tags = request.args.getlist("tag")
    found = [p for p in PRODUCTS if q in p["name"]]
    if max_price is not None:
        found = [p for p in found if p["price"] <= max_price]
    if tags:
        found = [p for p in found if set(tags) & set(p["tags"])]
    start = (page - 1) * per_page
    return jsonify(page=page, items=[p["name"] for p in found[start : start + per_page]])


@app.route("/products/<name>/price")
def price(name):
    currency = request.args["currency"]
    product = next((p for p in PRODUCTS if p["name"] == name), None)
    if product is None:
        return jsonify(error="no such product"), 404
    return jsonify(name=name, price=product["price"], currency=currency)


@app.route("/echo")
def echo():
    return jsonify(request.args.to_dict())


@app.route("/greeting")
def greeting():
    name = request.args.get("name")
    if name is None:
        return "Hello, stranger"
    return f"Hello, {name}"
