from fastapi import APIRouter, HTTPException

catalog = APIRouter(tags=["catalog"])

PRODUCTS = {1: "tea", 2: "coffee"}


@catalog.get("/", name="catalog.index")
def index():
    return sorted(PRODUCTS.values())


@catalog.get("/{product_id:int}", name="catalog.product")
def product(product_id: int):
    if product_id not in PRODUCTS:
        raise HTTPException(status_code=404)
    return {"id": product_id, "name": PRODUCTS[product_id]}
