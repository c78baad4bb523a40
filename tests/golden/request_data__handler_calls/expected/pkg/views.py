from functools import wraps

# TODO(flask2fastapi): F2F001 Flask API still used here: g, request.
from flask import g, request
from . import web_compat
from fastapi import Body, HTTPException, Request
from fastapi.responses import HTMLResponse
from typing import Any

from pkg import app
from pkg.helpers import factory, page_arg
from pkg.other import other_view


def needs_user(f):
    @wraps(f)
    def wrapper(*args, **kwargs):
        request = kwargs["request"]
        if not request.headers.get("X-User"):
            raise HTTPException(status_code=401)
        return f(*args, **kwargs)

    return wrapper


def permission_required(permission):
    def decorator(f):
        @wraps(f)
        def decorated_function(*args, **kwargs):
            # TODO(flask2fastapi): F2F403 `request` is used in `permission_required()`, which could not be given the request: it reads the request in a nested function; FastAPI has no global request. Until then it reads Flask's `request`, which the Flask app kept as a host builds from the same request.
            if request.args.get("perm") != permission:
                raise HTTPException(status_code=403)
            return f(*args, **kwargs)

        return decorated_function

    return decorator


class Thing:
    def page_arg(self):
        return "method"


@app.get("/g", response_class=HTMLResponse)
def reads_g():
    return "g " + str(getattr(g, "x", None))


@app.get("/s", response_class=HTMLResponse)
def reads_session(*, request: Request):
    return "s " + str(request.session.get("x"))


@app.get("/d", response_class=HTMLResponse)
@needs_user
def decorated(*, request: Request):
    return "decorated"


@app.get("/perm", response_class=HTMLResponse)
@permission_required("write")
def perm():
    return "perm"


@app.api_route("/j", methods=["GET", "POST"])
def reads_json(*, data: Any = Body(None)):
    return {"data": data}


@app.get("/calls", response_class=HTMLResponse)
def calls(*, request: Request):
    # TODO(flask2fastapi): F2F417 The route handler `reads_g` is called directly: it now takes what it read from the request as parameters, so the call goes through web_compat.call_handler, which reads them from this request (a form or a JSON body too, from a sync handler; an async caller gets their defaults).
    a = web_compat.call_handler(reads_g, request)
    # TODO(flask2fastapi): F2F417 The route handler `reads_session` is called directly: it now takes what it read from the request as parameters, so the call goes through web_compat.call_handler, which reads them from this request (a form or a JSON body too, from a sync handler; an async caller gets their defaults).
    b = web_compat.call_handler(reads_session, request)
    # TODO(flask2fastapi): F2F417 The route handler `decorated` is called directly: it now takes what it read from the request as parameters, so the call goes through web_compat.call_handler, which reads them from this request (a form or a JSON body too, from a sync handler; an async caller gets their defaults).
    c = web_compat.call_handler(decorated, request)
    # TODO(flask2fastapi): F2F417 The route handler `other_view` is called directly: it now takes what it read from the request as parameters, so the call goes through web_compat.call_handler, which reads them from this request (a form or a JSON body too, from a sync handler; an async caller gets their defaults).
    d = web_compat.call_handler(other_view, request)
    e = page_arg(request=request)
    f = factory()
    t = Thing().page_arg()
    return " | ".join(str(x) for x in (a, b, c, d, e, f, t))


@app.post("/calls-json")
def calls_json(*, request: Request):
    # TODO(flask2fastapi): F2F417 The route handler `reads_json` is called directly: it now takes what it read from the request as parameters, so the call goes through web_compat.call_handler, which reads them from this request (a form or a JSON body too, from a sync handler; an async caller gets their defaults).
    # TODO(flask2fastapi): F2F318 `reads_json()` returns values Flask made a response of (text, (body, status) tuples, or a view's return value), which FastAPI would send as JSON (a string, or a list with status 200): its value now becomes a response when it runs, by Flask's rules (web_compat.make_response).
    return web_compat.make_response(web_compat.call_handler(reads_json, request))


def warm_cache():
    # TODO(flask2fastapi): F2F419 The route handler `other_view` is called from `warm_cache`, which has no request to give it: what the handler read from the request are parameters now, and this call leaves them at their defaults.
    return other_view()
