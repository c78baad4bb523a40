from fastapi import APIRouter

from shop.resources import OrderAPI, OrderCount

bp = APIRouter(tags=["api"])
order_view = OrderAPI()
bp.add_api_route("/orders/{order_id:int}", order_view.get, name="api.order")
bp.add_api_route("/orders/{order_id:int}", order_view.delete, methods=["DELETE"], name="api.order")
count_view = OrderCount()
bp.add_api_route("/orders/count", count_view.get, name="api.count")
bp.add_api_route("/v1/orders/{order_id:int}", order_view.get, name="api.legacy_order")
