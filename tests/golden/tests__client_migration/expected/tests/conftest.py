import pytest

from shop import create_app
from fastapi.testclient import TestClient


@pytest.fixture
def app():
    app = create_app({"CURRENCY": "GBP"})
    app.state.config.update({"TESTING": True})
    return app


@pytest.fixture
def client(app):
    return TestClient(app, base_url="http://localhost", follow_redirects=False)
