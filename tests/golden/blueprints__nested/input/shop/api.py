from flask import Blueprint, jsonify

from shop.orders import orders
from shop.products import products

api = Blueprint("api", __name__, url_prefix="/api")
api.register_blueprint(products)
api.register_blueprint(orders, url_prefix="/v2/orders")


@api.route("/health")
def health():
    return jsonify(ok=True)
