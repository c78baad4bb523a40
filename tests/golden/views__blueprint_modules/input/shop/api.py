from flask import Blueprint

from shop.resources import OrderAPI, OrderCount

bp = Blueprint("api", __name__)
order_view = OrderAPI.as_view("order")
bp.add_url_rule("/orders/<int:order_id>", view_func=order_view)
bp.add_url_rule("/orders/count", view_func=OrderCount.as_view("count"))
bp.add_url_rule("/v1/orders/<int:order_id>", endpoint="legacy_order", view_func=order_view, methods=["GET"])
