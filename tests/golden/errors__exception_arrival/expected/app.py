"""Uploads guarded by a token check, with handlers for each kind of error."""
import web_compat
from fastapi import FastAPI, HTTPException, Header, Request
from fastapi.responses import JSONResponse
from http import HTTPStatus
from starlette.concurrency import run_in_threadpool
from typing import Optional

from security import CSRFError, QuotaExceeded

app = FastAPI()

UPLOADS = {"a.txt": 3}


def cors(response):
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@app.middleware("http")
async def cors_middleware(request: Request, call_next):
    try:
        response = await call_next(request)
    except Exception as exc:  # Flask ran the hook on its 500 answer too
        response = await web_compat.server_error(request, exc)
    return await run_in_threadpool(cors, response)


@app.post("/uploads/{name}", status_code=201)
def upload(name: str, *, x_csrf_token: Optional[str] = Header(None)):
    if x_csrf_token != "ok":
        raise CSRFError()
    if len(UPLOADS) >= 3:
        raise QuotaExceeded()
    UPLOADS[name] = 0
    return {"stored": name}


@app.get("/uploads/{name}")
def show(name: str):
    if name not in UPLOADS:
        raise HTTPException(status_code=404, detail=f"no upload called {name}")
    return {"name": name, "size": UPLOADS[name]}


@app.get("/uploads/{name}/checksum")
def checksum(name: str):
    return {"sum": UPLOADS[name] // 0}


@app.exception_handler(CSRFError)
def csrf_failed(request: Request, e):
    return JSONResponse({"error": e.description, "code": e.code}, status_code=400)


@app.exception_handler(QuotaExceeded)
def quota(request: Request, e):
    return JSONResponse({"error": e.description}, status_code=e.code)


@app.exception_handler(404)
def not_found(request: Request, e):
    return JSONResponse({"error": e.detail, "name": HTTPStatus(e.status_code).phrase}, status_code=404)


@app.exception_handler(500)
def server_error(request: Request, e):
    failure = type(e).__name__
    return JSONResponse({"error": "Internal Server Error", "failure": failure, "code": 500}, status_code=500)
