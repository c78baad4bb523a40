from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict
from typing import Any

# The registration's url_prefix replaces this one in Flask.
orders_bp = APIRouter(tags=["orders"])

ORDERS = []


@orders_bp.get("", name="orders.list_orders")
def list_orders():
    return ORDERS


class CreateOrderBody(BaseModel):
    """The JSON body create_order() reads."""

    model_config = ConfigDict(extra="allow")

    product: Any
    quantity: Any = 1


@orders_bp.post("", name="orders.create_order", status_code=201)
def create_order(*, data: CreateOrderBody):
    ORDERS.append({"product": data.product, "quantity": data.quantity})
    return ORDERS[-1]


def count():
    return HTMLResponse(str(len(ORDERS)))


orders_bp.add_api_route("/count", count, name="orders.count")
