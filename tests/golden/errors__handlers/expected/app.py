"""A recipe box with custom error pages and a domain exception."""
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse
from http import HTTPStatus
from starlette.exceptions import HTTPException as StarletteHTTPException

app = FastAPI()

RECIPES = {"soup": ["water", "salt"], "tea": ["water", "leaves"]}


class OutOfStock(Exception):
    def __init__(self, item):
        self.item = item


@app.get("/recipes/{name}")
def recipe(name: str):
    if name not in RECIPES:
        raise HTTPException(status_code=404, detail=f"no recipe called {name}")
    return {"name": name, "ingredients": RECIPES[name]}


@app.post("/recipes/{name}/cook")
def cook(name: str):
    if name == "tea":
        raise OutOfStock("leaves")
    return {"cooked": name}


@app.post("/recipes/{name}/burn")
def burn(name: str):
    raise HTTPException(status_code=409)


@app.exception_handler(404)
def not_found(request: Request, error):
    return JSONResponse({"error": "not found", "detail": error.detail}, status_code=404)


@app.exception_handler(405)
def wrong_method(request: Request, error):
    return JSONResponse({"error": "method not allowed", "code": error.status_code}, status_code=405)


@app.exception_handler(OutOfStock)
def out_of_stock(request: Request, error):
    return HTMLResponse(f"<p>We ran out of {error.item}</p>", status_code=503)


@app.exception_handler(StarletteHTTPException)
def other_http_error(request: Request, error):
    return JSONResponse({"error": HTTPStatus(error.status_code).phrase, "code": error.status_code}, status_code=error.status_code)
