import click
from flask import Blueprint, abort, g, jsonify, request

api = Blueprint("api", __name__, url_prefix="/api")

API_KEY = "k-123"
TICKETS = {1: "printer jammed"}
CLOSED = []


@api.before_request
def require_key():
    if request.headers.get("X-Api-Key") != API_KEY:
        return jsonify(error="missing or wrong API key"), 401


@api.after_request
def add_version(response):
    response.headers["X-Api-Version"] = "2"
    return response


@api.teardown_request
def log_request(error):
    CLOSED.append(f"{request.method} {request.path}")


@api.after_app_request
def add_user_header(response):
    response.headers["X-Desk-User"] = g.get("user") or "anonymous"
    return response


@api.route("/tickets")
def list_tickets():
    return jsonify(sorted(TICKETS.values()))


@api.route("/tickets", methods=["POST"])
def open_ticket():
    data = request.get_json()
    ticket_id = max(TICKETS) + 1
    TICKETS[ticket_id] = data["title"]
    return jsonify(id=ticket_id, title=data["title"]), 201


@api.route("/tickets/<int:ticket_id>")
def show_ticket(ticket_id):
    if ticket_id not in TICKETS:
        abort(404)
    return jsonify(id=ticket_id, title=TICKETS[ticket_id])


@api.route("/me")
def me():
    return jsonify(user=g.user)


@api.route("/closed")
def closed():
    return jsonify(CLOSED)


@api.cli.command("seed")
@click.argument("title")
def seed(title):
    """Open a ticket from the command line."""
    ticket_id = max(TICKETS) + 1
    TICKETS[ticket_id] = title
    click.echo(f"opened ticket {ticket_id}")
