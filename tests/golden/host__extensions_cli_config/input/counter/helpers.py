"""Helpers shared by the views; they read Flask's globals, not arguments."""
from functools import wraps

from flask import abort, current_app, g, session, url_for


def known_counter(view):
    """Only let known counter names through; remember the counter in g and the session."""

    @wraps(view)
    def wrapper(name, **kwargs):
        if name not in current_app.config["COUNTERS"]:
            abort(404)
        g.counter = name
        g.counter_url = url_for("counters.show", name=name)
        session["last_counter"] = name
        return view(name, **kwargs)

    return wrapper


def visit_summary():
    visits = session.get("visits", 0)
    last = session.get("last_counter")
    text = f"visit {visits}"
    if last:
        text += f", last counter {last} ({url_for('counters.show', name=last)})"
    return text
