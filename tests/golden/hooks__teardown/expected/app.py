"""A service that opens a connection per request and closes it in teardown hooks."""

from fastapi import FastAPI, HTTPException, Request
from starlette.concurrency import run_in_threadpool

app = FastAPI()
EVENTS = []


class Connection:
    def __init__(self):
        EVENTS.append("open")

    def close(self):
        EVENTS.append("close")


def get_db(*, request: Request):
    if not hasattr(request.state, "db"):
        request.state.db = Connection()
    return request.state.db


def record_failures(error):
    if error is not None:
        EVENTS.append(f"failed: {type(error).__name__}")


@app.middleware("http")
async def record_failures_middleware(request: Request, call_next):
    try:
        response = await call_next(request)
    except Exception as exc:
        await run_in_threadpool(record_failures, exc)
        raise
    # None, or the exception a 500 answer was made for (web_compat.server_error)
    error = request.scope.get("web_compat.server_error")
    await run_in_threadpool(record_failures, error)
    return response


def close_db(exception, *, request: Request):
    db = request.state._state.pop("db", None)
    if db is not None:
        db.close()


@app.middleware("http")
async def close_db_middleware(request: Request, call_next):
    try:
        response = await call_next(request)
    except Exception as exc:
        await run_in_threadpool(close_db, exc, request=request)
        raise
    # None, or the exception a 500 answer was made for (web_compat.server_error)
    error = request.scope.get("web_compat.server_error")
    await run_in_threadpool(close_db, error, request=request)
    return response


@app.get("/events")
def events():
    return {"events": EVENTS}


@app.get("/query")
def query(*, request: Request):
    get_db(request=request)
    get_db(request=request)
    return {"connected": hasattr(request.state, "db")}


@app.get("/crash")
def crash(*, request: Request):
    get_db(request=request)
    raise RuntimeError("boom")


@app.get("/missing")
def missing(*, request: Request):
    get_db(request=request)
    raise HTTPException(status_code=404)
