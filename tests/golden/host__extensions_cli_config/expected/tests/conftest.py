import pytest

from counter import create_app
from counter.extensions import tally
from fastapi.testclient import TestClient


@pytest.fixture
def app():
    tally.reset()
    app = create_app({"BOARD_TITLE": "Test board", "COUNTERS": ["coffee", "tea"], "TALLY_STEP": 1})
    app.state.config.update({"TESTING": True})
    yield app
    tally.reset()


@pytest.fixture
def client(app):
    return TestClient(app, base_url="http://localhost", follow_redirects=False)


@pytest.fixture
def runner(app):
    # TODO(flask2fastapi): F2F121 `app.test_cli_runner` is Flask API: it now runs on the Flask app kept as a host (`app.state.flask_app.test_cli_runner`).
    return app.state.flask_app.test_cli_runner()
