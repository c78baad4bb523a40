"""Echo service: each route returns what Flask's converter handed it."""
import uuid
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from starlette.convertors import FloatConvertor, StringConvertor, register_url_convertor


class FlaskFloatConvertor(FloatConvertor):
    """Flask's float converter: digits, a dot, digits (``3`` does not match)."""

    regex = r"[0-9]+\.[0-9]+"


class FlaskAnyConvertor(StringConvertor):
    """Flask's any(...) converter: one of a fixed set of path segments."""

    def __init__(self, regex: str) -> None:
        self.regex = regex


register_url_convertor("flask_any_guide_api_faq", FlaskAnyConvertor("guide|api|faq"))
register_url_convertor("flask_float", FlaskFloatConvertor())

app = FastAPI()


def describe(value):
    return {"value": str(value), "type": type(value).__name__}


@app.get("/items/{item_id:int}")
def item(item_id: int):
    return describe(item_id)


@app.get("/prices/{amount:flask_float}")
def price(amount: float):
    return describe(amount)


@app.get("/files/{name:path}")
def file(name: str):
    return describe(name)


@app.get("/orders/{order_id:uuid}")
def order(order_id: uuid.UUID):
    return describe(order_id)


@app.get("/users/{username}")
def user(username: str):
    return describe(username)


@app.get("/tags/{tag}/items/{n:int}")
def tagged(tag: str, n: int):
    return {"tag": tag, "n": n}


@app.get("/docs/{section:flask_any_guide_api_faq}", response_class=HTMLResponse)
def docs(section: str):
    return f"<h1>{section}</h1>"
