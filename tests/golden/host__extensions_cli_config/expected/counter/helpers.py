"""Helpers shared by the views; they read Flask's globals, not arguments."""
from functools import wraps

# TODO(flask2fastapi): F2F001 Flask API still used here: current_app, g, session, url_for.
from flask import current_app, g, session, url_for
from fastapi import HTTPException


def known_counter(view):
    """Only let known counter names through; remember the counter in g and the session."""

    @wraps(view)
    def wrapper(name, **kwargs):
        # TODO(flask2fastapi): F2F414 `current_app` is used in `known_counter`, outside a route handler: a FastAPI app is reached through the request (`request.app`), there is no global one. Until then `current_app` is the Flask app kept as a host (its config is `app.state.config`).
        if name not in current_app.config["COUNTERS"]:
            raise HTTPException(status_code=404)
        # TODO(flask2fastapi): F2F411 `g` is used in `known_counter`, outside a route handler: Flask's per-request `g` has no global FastAPI equivalent. Until then it runs on Flask's `g`, which the Flask app kept as a host shares with `request.state`.
        g.counter = name
        # TODO(flask2fastapi): F2F311 `url_for()` is used in `known_counter()`, which cannot be given the request; it was left as it was. Until then Flask's `url_for` finds the FastAPI routes through the Flask app kept as a host.
        g.counter_url = url_for("counters.show", name=name)
        # TODO(flask2fastapi): F2F412 `session` is used in `known_counter`, outside a route handler: FastAPI's session lives on the request. Until then it runs on Flask's `session`, which the Flask app kept as a host shares with `request.session`.
        session["last_counter"] = name
        return view(name, **kwargs)

    return wrapper


def visit_summary():
    # TODO(flask2fastapi): F2F412 `session` is used in `visit_summary`, outside a route handler: FastAPI's session lives on the request. Until then it runs on Flask's `session`, which the Flask app kept as a host shares with `request.session`.
    visits = session.get("visits", 0)
    last = session.get("last_counter")
    text = f"visit {visits}"
    if last:
        # TODO(flask2fastapi): F2F311 `url_for()` is used in `visit_summary()`, which cannot be given the request; it was left as it was. Until then Flask's `url_for` finds the FastAPI routes through the Flask app kept as a host.
        text += f", last counter {last} ({url_for('counters.show', name=last)})"
    return text
