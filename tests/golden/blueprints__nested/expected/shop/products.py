from fastapi import APIRouter

products = APIRouter(tags=["products"])
CATALOG = {1: "lamp", 2: "desk"}


@products.get("/", name="api.products.index")
def index():
    return {"products": sorted(CATALOG.values())}


@products.get("/{product_id:int}", name="api.products.show")
def show(product_id: int):
    return {"id": product_id, "name": CATALOG.get(product_id)}
