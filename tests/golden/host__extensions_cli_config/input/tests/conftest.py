import pytest

from counter import create_app
from counter.extensions import tally


@pytest.fixture
def app():
    tally.reset()
    app = create_app({"BOARD_TITLE": "Test board", "COUNTERS": ["coffee", "tea"], "TALLY_STEP": 1})
    app.config.update({"TESTING": True})
    yield app
    tally.reset()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
