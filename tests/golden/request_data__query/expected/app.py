"""A product search API that reads its options from the query string."""
import web_compat
from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from typing import List, Optional

app = FastAPI()

PRODUCTS = [
    {"name": "kettle", "price": 25.0, "tags": ["kitchen"]},
    {"name": "lamp", "price": 40.0, "tags": ["home", "light"]},
    {"name": "mug", "price": 8.5, "tags": ["kitchen", "gift"]},
]


# TODO(flask2fastapi): F2F401 `page` is now validated as int: a value that does not parse gets a 422 where Flask used the default.
# TODO(flask2fastapi): F2F401 `per-page` is now validated as int: a value that does not parse gets a 422 where Flask used the default.
# TODO(flask2fastapi): F2F401 `max_price` is now validated as float: a value that does not parse gets a 422 where Flask used the default.
@app.get("/products")
def products(*, q: str = "", page: int = 1, per_page: int = Query(2, alias="per-page"), max_price: Optional[float] = None, tags: List[str] = Query([], alias="tag")):
    found = [p for p in PRODUCTS if q in p["name"]]
    if max_price is not None:
        found = [p for p in found if p["price"] <= max_price]
    if tags:
        found = [p for p in found if set(tags) & set(p["tags"])]
    start = (page - 1) * per_page
    return {"page": page, "items": [p["name"] for p in found[start : start + per_page]]}


# TODO(flask2fastapi): F2F402 `currency` is required: a request without it gets a 422 where Flask answered 400.
@app.get("/products/{name}/price")
def price(name: str, *, currency: str):
    product = next((p for p in PRODUCTS if p["name"] == name), None)
    if product is None:
        return JSONResponse({"error": "no such product"}, status_code=404)
    return {"name": name, "price": product["price"], "currency": currency}


@app.get("/echo")
def echo(*, request: Request):
    return web_compat.MultiDict(request.query_params.multi_items()).to_dict()


@app.get("/greeting", response_class=HTMLResponse)
def greeting(*, name: Optional[str] = None):
    if name is None:
        return "Hello, stranger"
    return f"Hello, {name}"
