import pytest

from notes import create_app
from notes.storage import get_db, reset_tables
from fastapi.testclient import TestClient


@pytest.fixture
def app(tmp_path):
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "test.db")})
    # TODO(flask2fastapi): F2F121 `app.app_context` is Flask API: it now runs on the Flask app kept as a host (`app.state.flask_app.app_context`).
    with app.state.flask_app.app_context():
        reset_tables()
        db = get_db()
        db.execute("INSERT INTO entry (title, text) VALUES (?, ?)", ("groceries", "milk, eggs"))
        db.commit()
    yield app


@pytest.fixture
def client(app):
    return TestClient(app, base_url="http://localhost", follow_redirects=False)


@pytest.fixture
def runner(app):
    # TODO(flask2fastapi): F2F121 `app.test_cli_runner` is Flask API: it now runs on the Flask app kept as a host (`app.state.flask_app.test_cli_runner`).
    return app.state.flask_app.test_cli_runner()
