from flask import jsonify, request
from flask.views import MethodView

ORDERS = {7: "open", 8: "shipped"}


class OrderAPI(MethodView):
    """One order: read it, or cancel it."""

    def get(self, order_id):
        if order_id not in ORDERS:
            return jsonify(error="no such order"), 404
        return jsonify(order=order_id, state=ORDERS[order_id], verbose=request.args.get("verbose", "no"))

    def delete(self, order_id):
        ORDERS.pop(order_id, None)
        return "", 204


class OrderCount(MethodView):
    def get(self):
        return jsonify(count=len(ORDERS))
