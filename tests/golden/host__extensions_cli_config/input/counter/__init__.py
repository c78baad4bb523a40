"""An office tally board: counters for coffee, tea and water, kept by a small extension.

The factory reads defaults, then an optional ``instance/settings.cfg``; the ``reset``
command clears the counts; pages use a template global and helpers built on Flask's
``g``, ``session`` and ``current_app``.
"""
import os

import click
from flask import Flask, jsonify, render_template, session

from counter.extensions import tally
from counter.helpers import visit_summary


def format_count(value, unit="cup"):
    return f"{value} {unit}" if value == 1 else f"{value} {unit}s"


def create_app(test_config=None):
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        SECRET_KEY="dev",
        BOARD_TITLE="Tally board",
        COUNTERS=["coffee", "tea"],
    )
    if test_config is None:
        app.config.from_pyfile("settings.cfg", silent=True)
    else:
        app.config.from_mapping(test_config)

    tally.init_app(app)
    app.add_template_global(format_count)
    app.add_template_global(visit_summary, "visit_summary")

    @app.cli.command("reset")
    @click.option("--name", default=None, help="Only reset this counter.")
    def reset(name):
        """Set the counters back to zero."""
        tally.reset(name)
        click.echo(f"reset {name or 'all counters'}")

    @app.route("/")
    def board():
        session["visits"] = session.get("visits", 0) + 1
        counts = {name: tally.count(name) for name in app.config["COUNTERS"]}
        return render_template("board.html", title=app.config["BOARD_TITLE"], counts=counts)

    @app.route("/about")
    def about():
        return jsonify(
            title=app.config["BOARD_TITLE"],
            counters=app.config["COUNTERS"],
            instance=os.path.basename(app.instance_path),
            tally_registered=app.extensions.get("tally") is tally,
        )

    @app.errorhandler(404)
    def not_found(error):
        return jsonify(error="not found"), 404

    from counter.views import bp

    app.register_blueprint(bp, url_prefix="/counters")
    return app
