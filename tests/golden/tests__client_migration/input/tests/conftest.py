import pytest

from shop import create_app


@pytest.fixture
def app():
    app = create_app({"CURRENCY": "GBP"})
    app.config.update({"TESTING": True})
    return app


@pytest.fixture
def client(app):
    return app.test_client()
