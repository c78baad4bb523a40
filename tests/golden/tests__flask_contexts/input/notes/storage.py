import sqlite3

import click
from flask import current_app, g
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
    if "conn" not in g:
        conn = sqlite3.connect(current_app.config["DATABASE"])
        conn.row_factory = sqlite3.Row
        conn.execute(
            "CREATE TABLE IF NOT EXISTS entry ("
            "id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, text TEXT NOT NULL DEFAULT '')"
        )
        g.conn = conn
    return g.conn


def close_db(error=None):
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
    app.teardown_appcontext(close_db)
    app.cli.add_command(init_db_command)
