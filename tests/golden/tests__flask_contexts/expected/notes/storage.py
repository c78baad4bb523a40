import sqlite3

import click
# TODO(flask2fastapi): F2F001 Flask API still used here: current_app, g.
from flask import current_app, g
# TODO(flask2fastapi): F2F001 Flask API still used here: with_appcontext.
from flask.cli import with_appcontext

TABLES = """
DROP TABLE IF EXISTS entry;
CREATE TABLE entry (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT ''
);
"""


def get_db():
    # TODO(flask2fastapi): F2F411 `g` is used in `get_db`, outside a route handler: Flask's per-request `g` has no global FastAPI equivalent. Until then it runs on Flask's `g`, which the Flask app kept as a host shares with `request.state`.
    if "conn" not in g:
        # TODO(flask2fastapi): F2F414 `current_app` is used in `get_db`, outside a route handler: a FastAPI app is reached through the request (`request.app`), there is no global one. Until then `current_app` is the Flask app kept as a host (its config is `app.state.config`).
        conn = sqlite3.connect(current_app.config["DATABASE"])
        conn.row_factory = sqlite3.Row
        conn.execute(
            "CREATE TABLE IF NOT EXISTS entry ("
            "id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, text TEXT NOT NULL DEFAULT '')"
        )
        g.conn = conn
    return g.conn


def close_db(error=None):
    # TODO(flask2fastapi): F2F411 `g` is used in `close_db`, outside a route handler: Flask's per-request `g` has no global FastAPI equivalent. Until then it runs on Flask's `g`, which the Flask app kept as a host shares with `request.state`.
    conn = g.pop("conn", None)
    if conn is not None:
        conn.close()


def reset_tables():
    get_db().executescript(TABLES)


@click.command("init-db")
@with_appcontext
def init_db_command():
    """Drop and recreate the entry table."""
    reset_tables()
    click.echo("Fresh notebook database ready.")


def init_app(app):
    # TODO(flask2fastapi): F2F121 `app.teardown_appcontext` is Flask API: it now runs on the Flask app kept as a host (`app.state.flask_app.teardown_appcontext`).
    app.state.flask_app.teardown_appcontext(close_db)
    # TODO(flask2fastapi): F2F121 `app.cli` is Flask API: it now runs on the Flask app kept as a host (`app.state.flask_app.cli`).
    app.state.flask_app.cli.add_command(init_db_command)
