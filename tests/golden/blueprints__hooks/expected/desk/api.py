import click
# TODO(flask2fastapi): F2F001 Flask API still used here: g, request.
from flask import g, request
from . import web_compat
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from typing import Any

api = APIRouter(tags=["api"])

API_KEY = "k-123"
TICKETS = {1: "printer jammed"}
CLOSED = []


# TODO(flask2fastapi): F2F505 `api.before_request` now registers the hook with web_compat, which runs it with Flask's scope (the routes of `api` only) around each request, on the Flask app kept as a host.
@web_compat.before_request(api)
def require_key():
    # TODO(flask2fastapi): F2F403 `request` is used in `require_key()`, which could not be given the request: no route handler of this module calls it; FastAPI has no global request. Until then it reads Flask's `request`, which the Flask app kept as a host builds from the same request.
    if request.headers.get("X-Api-Key") != API_KEY:
        return JSONResponse({"error": "missing or wrong API key"}, status_code=401)


# TODO(flask2fastapi): F2F505 `api.after_request` now registers the hook with web_compat, which runs it with Flask's scope (the routes of `api` only) around each request, on the Flask app kept as a host.
@web_compat.after_request(api)
def add_version(response):
    response.headers["X-Api-Version"] = "2"
    return response


# TODO(flask2fastapi): F2F505 `api.teardown_request` now registers the hook with web_compat, which runs it with Flask's scope (the routes of `api` only) around each request, on the Flask app kept as a host.
@web_compat.teardown_request(api)
def log_request(error):
    # TODO(flask2fastapi): F2F403 `request` is used in `log_request()`, which could not be given the request: no route handler of this module calls it; FastAPI has no global request. Until then it reads Flask's `request`, which the Flask app kept as a host builds from the same request.
    CLOSED.append(f"{request.method} {request.path}")


# TODO(flask2fastapi): F2F505 `api.after_app_request` now registers the hook with web_compat, which runs it with Flask's scope (every request of the app) around each request, on the Flask app kept as a host.
@web_compat.after_app_request(api)
def add_user_header(response):
    # TODO(flask2fastapi): F2F411 `g` is used in `add_user_header`, outside a route handler: Flask's per-request `g` has no global FastAPI equivalent. Until then it runs on Flask's `g`, which the Flask app kept as a host shares with `request.state`.
    response.headers["X-Desk-User"] = g.get("user") or "anonymous"
    return response


@api.get("/tickets", name="api.list_tickets")
def list_tickets():
    return sorted(TICKETS.values())


class OpenTicketBody(BaseModel):
    """The JSON body open_ticket() reads."""

    model_config = ConfigDict(extra="allow")

    title: Any


@api.post("/tickets", name="api.open_ticket", status_code=201)
def open_ticket(*, data: OpenTicketBody):
    ticket_id = max(TICKETS) + 1
    TICKETS[ticket_id] = data.title
    return {"id": ticket_id, "title": data.title}


@api.get("/tickets/{ticket_id:int}", name="api.show_ticket")
def show_ticket(ticket_id: int):
    if ticket_id not in TICKETS:
        raise HTTPException(status_code=404)
    return {"id": ticket_id, "title": TICKETS[ticket_id]}


@api.get("/me", name="api.me")
def me(*, request: Request):
    return {"user": request.state.user}


@api.get("/closed", name="api.closed")
def closed():
    return CLOSED


# TODO(flask2fastapi): F2F506 `api.cli` commands are now the `api` group of the Flask app kept as a host (`flask --app ... api <command>` still runs them).
@web_compat.blueprint_cli(api, "api").command("seed")
@click.argument("title")
def seed(title):
    """Open a ticket from the command line."""
    ticket_id = max(TICKETS) + 1
    TICKETS[ticket_id] = title
    click.echo(f"opened ticket {ticket_id}")
