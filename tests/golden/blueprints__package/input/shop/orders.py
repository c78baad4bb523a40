from flask import Blueprint, jsonify, request

# The registration's url_prefix replaces this one in Flask.
orders_bp = Blueprint("orders", __name__, url_prefix="/orders")

ORDERS = []


@orders_bp.route("", methods=["GET"])
def list_orders():
    return jsonify(ORDERS)


@orders_bp.route("", methods=["POST"])
def create_order():
    data = request.get_json()
    ORDERS.append({"product": data["product"], "quantity": data.get("quantity", 1)})
    return jsonify(ORDERS[-1]), 201


def count():
    return str(len(ORDERS))


orders_bp.add_url_rule("/count", "count", count)
