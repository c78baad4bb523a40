from flask import Blueprint, jsonify

products = Blueprint("products", __name__, url_prefix="/products")
CATALOG = {1: "lamp", 2: "desk"}


@products.route("/")
def index():
    return jsonify(products=sorted(CATALOG.values()))


@products.route("/<int:product_id>")
def show(product_id):
    return jsonify(id=product_id, name=CATALOG.get(product_id))
