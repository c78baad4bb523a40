import json
import unittest

import pytest
from werkzeug.datastructures import Headers
from fastapi.testclient import TestClient

import lab
from lab import create_app

AGENT = [("X-Agent", "pairs")]


@pytest.fixture
def client():
    return TestClient(create_app(), base_url="http://localhost", follow_redirects=False)


class ConfigInSetUp(unittest.TestCase):
    def setUp(self):
        self.app = create_app()
        self.app.state.config["TESTING"] = True
        self.app.state.config["GREETING"] = "hi"
        self.client = TestClient(self.app, base_url="http://localhost", follow_redirects=False)

    def test_the_app_answers_with_the_config_the_test_set(self):
        self.assertEqual(self.client.get("/greeting").json(), {"greeting": "hi"})
        self.assertTrue(self.app.state.config["TESTING"])


class ConfigInSetUpClass(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.app = create_app()
        cls.app.state.config.update(GREETING="hey")
        cls.client = TestClient(cls.app, base_url="http://localhost", follow_redirects=False)

    def test_the_app_answers_with_the_config_the_class_set(self):
        self.assertEqual(self.client.get("/greeting").json()["greeting"], "hey")


class SharedApp(unittest.TestCase):
    def setUp(self):
        self.app = lab.app
        self.app.state.config["GREETING"] = "shared"
        self.client = TestClient(self.app, base_url="http://localhost", follow_redirects=False)

    def tearDown(self):
        self.app.state.config["GREETING"] = "hello"

    def test_the_module_app_answers_with_the_config_the_test_set(self):
        self.assertEqual(self.client.get("/greeting").json()["greeting"], "shared")


def test_header_pairs_beside_a_content_type(client):
    response = client.post(
        "/echo",
        headers=[("X-Agent", "chunky"), ("Content-Type", "application/json")],
        content='{"animal": "dog"}',
    )
    assert response.json()["agent"] == "chunky"
    assert response.json()["kind"] == "application/json"
    assert response.json()["body"] == '{"animal": "dog"}'


def test_the_content_type_argument_wins_over_a_header(client):
    pairs = client.post(
        "/echo", headers=[("Content-Type", "text/plain")], content="a"
    )
    assert pairs.json()["kind"] == "text/plain"
    mapping = client.post(
        "/echo", headers={"Content-Type": "text/plain"}, content="a"
    )
    assert mapping.json()["kind"] == "text/plain"


def test_headers_from_a_variable_headers_or_dict(client):
    assert client.get("/echo", headers=AGENT).json()["agent"] == "pairs"
    response = client.put("/echo", headers={**dict(Headers(AGENT)), "Content-Type": "text/plain"}, content="x")
    assert response.json()["agent"] == "pairs"
    assert response.json()["kind"] == "text/plain"
    response = client.put("/echo", headers={**dict(AGENT), "Content-Type": "text/plain"}, content="x")
    assert response.json()["agent"] == "pairs"


def test_numbers_in_headers_are_sent_as_text(client):
    assert client.get("/echo", headers={"X-Size": "3"}).json()["size"] == "3"
    assert client.get("/echo", headers=[("X-Size", str(len("abcd")))]).json()["size"] == "4"


def test_open_with_keywords(client):
    response = client.request("PATCH", url="/echo", params={"q": "x"}, content="body")
    assert response.json()["method"] == "PATCH"
    assert response.json()["body"] == "body"
    assert response.json()["query"] == "x"
    for method in ["GET", "PUT", "DELETE"]:
        assert client.request(method, url="/echo").json()["method"] == method


def test_bodies_on_methods_httpx_sends_without_one(client):
    assert client.request("DELETE", "/echo", content="gone").json()["body"] == "gone"
    response = client.request(
        "DELETE", "/echo", data={"name": "ada"}, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.json()["body"] == "name=ada"
    response = client.request("DELETE", "/echo", json={"id": 7})
    assert json.loads(response.json()["body"]) == {"id": 7}
    assert client.request("GET", "/echo", content="query").json()["body"] == "query"
    assert client.request("OPTIONS", "/echo", content="ask").json()["body"] == "ask"


def test_form_and_query_values_as_werkzeug_encodes_them(client):
    response = client.post("/echo", data={"remember": "True"})
    assert response.json()["body"] == "remember=True"
    assert client.get("/echo", params={"q": "False"}).json()["query"] == "False"
    assert client.get("/echo", params={}).json()["url"].endswith("/echo")


def test_the_client_is_on_localhost(client):
    response = client.get("/echo?q=1")
    assert response.json()["url"] == "http://localhost/echo?q=1"
    assert response.json()["host"] == "localhost"
    assert client.get("/link").json()["link"] == "http://localhost/greeting"
    response = client.get("/old")
    assert response.status_code == 302
    assert response.headers["location"] == "/greeting"


def test_a_base_url_sets_scheme_and_host(client):
    response = client.get("https://example.org/echo")
    assert response.json()["url"] == "https://example.org/echo"
    assert response.json()["host"] == "example.org"


def test_the_request_a_followed_redirect_ended_on(client):
    response = client.get("/old", follow_redirects=True)
    assert response.request.url.path == "/greeting"
    assert len(response.history) == 1


def build():
    return create_app()


class AppFromAHelper(unittest.TestCase):
    def setUp(self):
        self.site = build()
        self.site.state.config["GREETING"] = "built"
        self.client = TestClient(self.site, base_url="http://localhost", follow_redirects=False)

    def test_the_app_answers_with_the_config_the_test_set(self):
        self.assertEqual(self.client.get("/greeting").json()["greeting"], "built")
