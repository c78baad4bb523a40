from flask import Blueprint, abort, jsonify

catalog = Blueprint("catalog", __name__, url_prefix="/catalog")

PRODUCTS = {1: "tea", 2: "coffee"}


@catalog.route("/")
def index():
    return jsonify(sorted(PRODUCTS.values()))


@catalog.route("/<int:product_id>")
def product(product_id):
    if product_id not in PRODUCTS:
        abort(404)
    return jsonify(id=product_id, name=PRODUCTS[product_id])
