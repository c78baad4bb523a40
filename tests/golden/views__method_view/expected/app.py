"""An inventory API written with class-based views."""

import functools

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict
from typing import Any

app = FastAPI()
ITEMS = {1: "apple", 2: "pear", 3: "plum"}
CALLS = []


def counted(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        CALLS.append(view.__name__)
        return view(*args, **kwargs)

    return wrapper


class ItemAPIPutBody(BaseModel):
    """The JSON body put() reads."""

    model_config = ConfigDict(extra="allow")

    name: Any


class ItemAPI:
    decorators = [counted]

    def get(self, item_id: int):
        if item_id not in ITEMS:
            raise HTTPException(status_code=404)
        return {"id": item_id, "name": ITEMS[item_id], "calls": len(CALLS)}

    def put(self, item_id: int, *, payload: ItemAPIPutBody):
        ITEMS[item_id] = payload.name
        return {"id": item_id, "name": ITEMS[item_id]}

    def delete(self, item_id: int):
        ITEMS.pop(item_id, None)
        return Response(status_code=204)


class ItemListAPIPostBody(BaseModel):
    """The JSON body post() reads."""

    model_config = ConfigDict(extra="allow")

    name: Any


class ItemListAPI:
    # TODO(flask2fastapi): F2F401 `limit` is now validated as int: a value that does not parse gets a 422 where Flask used the default.
    def get(self, *, limit: int = 10):
        return {"items": sorted(ITEMS.values())[:limit]}

    def post(self, *, data: ItemListAPIPostBody):
        new_id = max(ITEMS) + 1
        ITEMS[new_id] = data.name
        return JSONResponse({"id": new_id}, status_code=201)


class ReadOnlyItems(ItemListAPI):
    """Inherits get() and post(); registered for GET only."""


class Greeting:
    methods = ["GET", "POST"]

    def __init__(self, greeting):
        self.greeting = greeting

    def dispatch_request(self, *, request: Request):
        return HTMLResponse(f"{self.greeting} ({request.method})")


item_view = ItemAPI()
# TODO(flask2fastapi): F2F214 `ItemAPI.decorators` (counted) now wrap each method's endpoint, as Flask wrapped the view.
app.add_api_route("/items/{item_id:int}", counted(item_view.get), name="item")
app.add_api_route("/items/{item_id:int}", counted(item_view.put), methods=["PUT"], name="item")
app.add_api_route("/items/{item_id:int}", counted(item_view.delete), methods=["DELETE"], name="item")
items_view = ItemListAPI()
app.add_api_route("/items/", items_view.get, name="items")
app.add_api_route("/items/", items_view.post, methods=["POST"], name="items")
catalog_view = ReadOnlyItems()
app.add_api_route("/catalog/", catalog_view.get, name="catalog")
hello_view = Greeting("Hi")
app.add_api_route("/hello", hello_view.dispatch_request, methods=["GET", "POST"], name="hello")
