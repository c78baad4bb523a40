from fastapi import APIRouter

from shop.orders import orders
from shop.products import products

api = APIRouter(tags=["api"])
api.include_router(products, prefix="/products")
api.include_router(orders, prefix="/v2/orders")


@api.get("/health", name="api.health")
def health():
    return {"ok": True}
