"""An office tally board: counters for coffee, tea and water, kept by a small extension.

The factory reads defaults, then an optional ``instance/settings.cfg``; the ``reset``
command clears the counts; pages use a template global and helpers built on Flask's
``g``, ``session`` and ``current_app``.
"""
import os

import click
from . import web_compat
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from flask import Flask
from pathlib import Path

from counter.extensions import tally
from counter.helpers import visit_summary


def format_count(value, unit="cup"):
    return f"{value} {unit}" if value == 1 else f"{value} {unit}s"


def create_app(test_config=None):
    # TODO(flask2fastapi): F2F120 The Flask app is kept as a host (`app.state.flask_app`) for the code that still needs Flask: every such use is listed in this report at its line; web_compat pushes its contexts around each request.
    app = FastAPI()
    web_compat.host_flask(app, Flask(__name__, instance_relative_config=True))
    # TODO(flask2fastapi): F2F106 The secret key now configures web_compat.SessionMiddleware (request.session), with the session cookie settings the config has when the app starts (SESSION_COOKIE_*, PERMANENT_SESSION_LIFETIME), added by the Flask host: session cookies Flask signed are not valid any more, so users are logged out once.
    app.state.config.update(
        SECRET_KEY="dev",
        BOARD_TITLE="Tally board",
        COUNTERS=["coffee", "tea"],
    )
    if test_config is None:
        # TODO(flask2fastapi): F2F114 `app.config.from_pyfile(...)` now runs on `app.state.config`, the Config of the Flask app kept as a host: it executes a Python file.
        app.state.config.from_pyfile("settings.cfg", silent=True)
    else:
        app.state.config.update(test_config)

    # TODO(flask2fastapi): F2F122 `tally` is initialised on the Flask app kept as a host: its API keeps working inside requests (web_compat pushes Flask's contexts).
    tally.init_app(app.state.flask_app)
    # TODO(flask2fastapi): F2F121 `app.add_template_global` is Flask API: it now runs on the Flask app kept as a host (`app.state.flask_app.add_template_global`).
    app.state.flask_app.add_template_global(format_count)
    # TODO(flask2fastapi): F2F121 `app.add_template_global` is Flask API: it now runs on the Flask app kept as a host (`app.state.flask_app.add_template_global`).
    app.state.flask_app.add_template_global(visit_summary, "visit_summary")

    # TODO(flask2fastapi): F2F121 `app.cli` is Flask API: it now runs on the Flask app kept as a host (`app.state.flask_app.cli`).
    @app.state.flask_app.cli.command("reset")
    @click.option("--name", default=None, help="Only reset this counter.")
    def reset(name):
        """Set the counters back to zero."""
        tally.reset(name)
        click.echo(f"reset {name or 'all counters'}")

    @app.get("/")
    def board(*, request: Request):
        request.session["visits"] = request.session.get("visits", 0) + 1
        counts = {name: tally.count(name) for name in app.state.config["COUNTERS"]}
        return web_compat.templates.TemplateResponse(request, "board.html", {"title": app.state.config["BOARD_TITLE"], "counts": counts})

    @app.get("/about")
    def about():
        # TODO(flask2fastapi): F2F121 `app.extensions` is Flask API: it now runs on the Flask app kept as a host (`app.state.flask_app.extensions`).
        return {"title": app.state.config["BOARD_TITLE"], "counters": app.state.config["COUNTERS"], "instance": os.path.basename(str(Path(__file__).resolve().parent.parent / "instance")), "tally_registered": app.state.flask_app.extensions.get("tally") is tally}

    @app.exception_handler(404)
    def not_found(request: Request, error):
        return JSONResponse({"error": "not found"}, status_code=404)

    from counter.views import bp

    app.include_router(bp, prefix="/counters")
    return app
