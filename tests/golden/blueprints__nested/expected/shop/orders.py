from fastapi import APIRouter

orders = APIRouter(tags=["orders"])


@orders.get("/", name="api.orders.index")
def index():
    return {"orders": []}
