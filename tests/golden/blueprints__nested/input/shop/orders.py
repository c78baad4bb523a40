from flask import Blueprint, jsonify

orders = Blueprint("orders", __name__, url_prefix="/orders")


@orders.route("/")
def index():
    return jsonify(orders=[])
