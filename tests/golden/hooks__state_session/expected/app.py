"""A team dashboard: a hook identifies the caller, views read g and the session."""
import time

import web_compat
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

app = FastAPI()
# TODO(flask2fastapi): F2F106 The secret key now configures web_compat.SessionMiddleware (request.session), with Flask's default cookie settings (HttpOnly, Path=/, no SameSite; a browser-session cookie unless the session is permanent, then 31 days): session cookies Flask signed are not valid any more, so users are logged out once.
app.add_middleware(web_compat.SessionMiddleware, secret_key="change-me")

MEMBERS = {"t-1": "ada", "t-2": "grace"}


def identify(*, request: Request):
    if request.url.path.startswith("/public"):
        return None
    token = request.headers.get("X-Team-Token")
    if token not in MEMBERS:
        return JSONResponse({"error": "unknown team token"}, status_code=401)
    request.state.member = MEMBERS[token]
    request.state.started = time.monotonic()


@app.middleware("http")
async def identify_middleware(request: Request, call_next):
    try:
        response = await run_in_threadpool(identify, request=request)
    except StarletteHTTPException as exc:  # abort() in the hook
        return await web_compat.handle_exception(request, exc)
    if response is not None:
        return response
    return await call_next(request)


def stamp(response):
    response.headers["X-Served-By"] = "dashboard"
    return response


@app.middleware("http")
async def stamp_middleware(request: Request, call_next):
    try:
        response = await call_next(request)
    except Exception as exc:  # Flask ran the hook on its 500 answer too
        response = await web_compat.server_error(request, exc)
    return await run_in_threadpool(stamp, response)


@app.get("/me")
def me(*, request: Request):
    return {"member": request.state.member, "visits": request.session.get("visits", 0)}


@app.post("/visit")
def visit(*, request: Request):
    request.session["visits"] = request.session.get("visits", 0) + 1
    return {"member": request.state.member, "visits": request.session["visits"]}


@app.get("/admin", response_class=HTMLResponse)
def admin(*, request: Request):
    if request.state.member != "ada":
        raise HTTPException(status_code=403)
    return "<h1>Admin</h1>"


@app.get("/public/status", response_class=HTMLResponse)
def status():
    return "ok"


@app.exception_handler(403)
def forbidden(request: Request, error):
    return JSONResponse({"error": "forbidden", "member": getattr(request.state, "member", None)}, status_code=403)
