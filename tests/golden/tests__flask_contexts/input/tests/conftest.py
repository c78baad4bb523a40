import pytest

from notes import create_app
from notes.storage import get_db, reset_tables


@pytest.fixture
def app(tmp_path):
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "test.db")})
    with app.app_context():
        reset_tables()
        db = get_db()
        db.execute("INSERT INTO entry (title, text) VALUES (?, ?)", ("groceries", "milk, eggs"))
        db.commit()
    yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
