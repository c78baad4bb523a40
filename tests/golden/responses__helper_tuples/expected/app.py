"""A booking desk whose views answer through small helpers that build Flask answers."""
import web_compat
from fastapi import Body, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from typing import Any

from validation import missing_fields

app = FastAPI()

ROOMS = {"blue": {"seats": 4}, "red": {"seats": 12}}
BOOKINGS = []


def error(message, status=400):
    return {"error": message}, status


def created(booking):
    return {"booking": booking}, 201, {"Location": f"/bookings/{len(BOOKINGS)}"}


def room_or_error(name):
    if name not in ROOMS:
        return error(f"no room called {name}", 404)
    return JSONResponse({"room": name, **ROOMS[name]})


@app.get("/rooms/{name}")
def room(name: str):
    # TODO(flask2fastapi): F2F318 `room_or_error()` returns values Flask made a response of (text, (body, status) tuples, or a view's return value), which FastAPI would send as JSON (a string, or a list with status 200): its value now becomes a response when it runs, by Flask's rules (web_compat.make_response).
    return web_compat.make_response(room_or_error(name))


@app.post("/bookings")
def book(*, payload: Any = Body(None)):
    data = payload or {}
    missing = missing_fields(data, ("room", "who"))
    if missing:
        # TODO(flask2fastapi): F2F318 `missing_fields()` returns values Flask made a response of (text, (body, status) tuples, or a view's return value), which FastAPI would send as JSON (a string, or a list with status 200): its value now becomes a response when it runs, by Flask's rules (web_compat.make_response).
        return web_compat.make_response(missing)
    if data["room"] not in ROOMS:
        # TODO(flask2fastapi): F2F318 `error()` returns values Flask made a response of (text, (body, status) tuples, or a view's return value), which FastAPI would send as JSON (a string, or a list with status 200): its value now becomes a response when it runs, by Flask's rules (web_compat.make_response).
        return web_compat.make_response(error("unknown room"))
    BOOKINGS.append(data)
    # TODO(flask2fastapi): F2F318 `created()` returns values Flask made a response of (text, (body, status) tuples, or a view's return value), which FastAPI would send as JSON (a string, or a list with status 200): its value now becomes a response when it runs, by Flask's rules (web_compat.make_response).
    return web_compat.make_response(created(data))


@app.exception_handler(409)
def conflict(request: Request, e):
    response = JSONResponse({"error": "conflict", "detail": e.detail})
    response.status_code = 409
    response.headers["X-Conflict"] = "yes"
    return response


@app.post("/rooms/{name}/lock")
def lock(name: str):
    raise HTTPException(status_code=409, detail=f"{name} is locked")


@app.post("/rooms/{name}/hold")
def hold(name: str):
    response = JSONResponse({"held": name})
    # TODO(flask2fastapi): F2F307 A response object returned with a status or headers in a tuple now gets them when it runs (web_compat.make_response): Starlette would send the tuple as a JSON list.
    return web_compat.make_response(response, 202, {"X-Held": name})


@app.get("/summary")
def summary():
    response = JSONResponse({"rooms": len(ROOMS), "bookings": len(BOOKINGS)})
    response.headers["Cache-Control"] = "no-store"
    return response
