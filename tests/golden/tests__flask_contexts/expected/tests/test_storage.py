import sqlite3

import pytest

from notes.storage import get_db


def test_one_connection_per_context(app):
    # TODO(flask2fastapi): F2F121 `app.app_context` is Flask API: it now runs on the Flask app kept as a host (`app.state.flask_app.app_context`).
    with app.state.flask_app.app_context():
        db = get_db()
        assert db is get_db()
        titles = [row["title"] for row in db.execute("SELECT title FROM entry")]
        assert titles == ["groceries"]

    with pytest.raises(sqlite3.ProgrammingError) as info:
        db.execute("SELECT 1")
    assert "closed" in str(info.value)


def test_init_db_command(runner):
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0
    assert "Fresh notebook database ready." in result.output


def test_init_db_command_empties_the_table(app):
    # TODO(flask2fastapi): F2F121 `app.test_cli_runner` is Flask API: it now runs on the Flask app kept as a host (`app.state.flask_app.test_cli_runner`).
    result = app.state.flask_app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0
    # TODO(flask2fastapi): F2F121 `app.app_context` is Flask API: it now runs on the Flask app kept as a host (`app.state.flask_app.app_context`).
    with app.state.flask_app.app_context():
        count = get_db().execute("SELECT COUNT(*) FROM entry").fetchone()[0]
    assert count == 0


def test_index_is_empty_after_init_db(client, runner):
    runner.invoke(args=["init-db"])
    assert client.get("/").content == b"Notebook"
