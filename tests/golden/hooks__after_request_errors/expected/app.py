"""A public API whose after_request hook adds CORS headers to every answer, failures too."""
import web_compat
from fastapi import FastAPI, HTTPException, Request
from starlette.concurrency import run_in_threadpool

app = FastAPI()

STOCK = {"apples": 3}


def allow_any_origin(response):
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["X-Served-By"] = "stock-api"
    return response


@app.middleware("http")
async def allow_any_origin_middleware(request: Request, call_next):
    try:
        response = await call_next(request)
    except Exception as exc:  # Flask ran the hook on its 500 answer too
        response = await web_compat.server_error(request, exc)
    return await run_in_threadpool(allow_any_origin, response)


@app.get("/stock/{item}")
def stock(item: str):
    if item not in STOCK:
        raise HTTPException(status_code=404)
    return {"item": item, "count": STOCK[item]}


@app.get("/stock/{item}/ratio")
def ratio(item: str):
    return {"ratio": 10 / (STOCK.get(item, 0))}  # ZeroDivisionError for unknown items
