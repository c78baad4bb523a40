import json
import unittest

import pytest
from werkzeug.datastructures import Headers

import lab
from lab import create_app

AGENT = [("X-Agent", "pairs")]


@pytest.fixture
def client():
    return create_app().test_client()


class ConfigInSetUp(unittest.TestCase):
    def setUp(self):
        self.app = create_app()
        self.app.config["TESTING"] = True
        self.app.config["GREETING"] = "hi"
        self.client = self.app.test_client()

    def test_the_app_answers_with_the_config_the_test_set(self):
        self.assertEqual(self.client.get("/greeting").get_json(), {"greeting": "hi"})
        self.assertTrue(self.app.config["TESTING"])


class ConfigInSetUpClass(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.app = create_app()
        cls.app.config.update(GREETING="hey")
        cls.client = cls.app.test_client()

    def test_the_app_answers_with_the_config_the_class_set(self):
        self.assertEqual(self.client.get("/greeting").get_json()["greeting"], "hey")


class SharedApp(unittest.TestCase):
    def setUp(self):
        self.app = lab.app
        self.app.config["GREETING"] = "shared"
        self.client = self.app.test_client()

    def tearDown(self):
        self.app.config["GREETING"] = "hello"

    def test_the_module_app_answers_with_the_config_the_test_set(self):
        self.assertEqual(self.client.get("/greeting").get_json()["greeting"], "shared")


def test_header_pairs_beside_a_content_type(client):
    response = client.post(
        "/echo",
        content_type="application/json",
        headers=[("X-Agent", "chunky")],
        data='{"animal": "dog"}',
    )
    assert response.get_json()["agent"] == "chunky"
    assert response.get_json()["kind"] == "application/json"
    assert response.get_json()["body"] == '{"animal": "dog"}'


def test_the_content_type_argument_wins_over_a_header(client):
    pairs = client.post(
        "/echo", headers=[("Content-Type", "text/csv")], data="a", content_type="text/plain"
    )
    assert pairs.get_json()["kind"] == "text/plain"
    mapping = client.post(
        "/echo", headers={"content-type": "text/csv"}, data="a", content_type="text/plain"
    )
    assert mapping.get_json()["kind"] == "text/plain"


def test_headers_from_a_variable_headers_or_dict(client):
    assert client.get("/echo", headers=AGENT).get_json()["agent"] == "pairs"
    response = client.put("/echo", headers=Headers(AGENT), data="x", content_type="text/plain")
    assert response.get_json()["agent"] == "pairs"
    assert response.get_json()["kind"] == "text/plain"
    response = client.put("/echo", headers=dict(AGENT), data="x", content_type="text/plain")
    assert response.get_json()["agent"] == "pairs"


def test_numbers_in_headers_are_sent_as_text(client):
    assert client.get("/echo", headers={"X-Size": 3}).get_json()["size"] == "3"
    assert client.get("/echo", headers=[("X-Size", len("abcd"))]).get_json()["size"] == "4"


def test_open_with_keywords(client):
    response = client.open(path="/echo", method="PATCH", query_string={"q": "x"}, data="body")
    assert response.get_json()["method"] == "PATCH"
    assert response.get_json()["body"] == "body"
    assert response.get_json()["query"] == "x"
    for method in ["GET", "PUT", "DELETE"]:
        assert client.open(path="/echo", method=method).get_json()["method"] == method


def test_bodies_on_methods_httpx_sends_without_one(client):
    assert client.delete("/echo", data="gone").get_json()["body"] == "gone"
    response = client.delete(
        "/echo", data={"name": "ada"}, content_type="application/x-www-form-urlencoded"
    )
    assert response.get_json()["body"] == "name=ada"
    response = client.delete("/echo", json={"id": 7})
    assert json.loads(response.get_json()["body"]) == {"id": 7}
    assert client.get("/echo", data="query").get_json()["body"] == "query"
    assert client.options("/echo", data="ask").get_json()["body"] == "ask"


def test_form_and_query_values_as_werkzeug_encodes_them(client):
    response = client.post("/echo", data={"remember": True, "skip": None})
    assert response.get_json()["body"] == "remember=True"
    assert client.get("/echo", query_string={"q": False}).get_json()["query"] == "False"
    assert client.get("/echo", query_string={"q": None}).get_json()["url"].endswith("/echo")


def test_the_client_is_on_localhost(client):
    response = client.get("/echo?q=1")
    assert response.get_json()["url"] == "http://localhost/echo?q=1"
    assert response.get_json()["host"] == "localhost"
    assert client.get("/link").get_json()["link"] == "http://localhost/greeting"
    response = client.get("/old")
    assert response.status_code == 302
    assert response.location == "/greeting"


def test_a_base_url_sets_scheme_and_host(client):
    response = client.get("/echo", base_url="https://example.org")
    assert response.get_json()["url"] == "https://example.org/echo"
    assert response.get_json()["host"] == "example.org"


def test_the_request_a_followed_redirect_ended_on(client):
    response = client.get("/old", follow_redirects=True)
    assert response.request.path == "/greeting"
    assert len(response.history) == 1


def build():
    return create_app()


class AppFromAHelper(unittest.TestCase):
    def setUp(self):
        self.site = build()
        self.site.config["GREETING"] = "built"
        self.client = self.site.test_client()

    def test_the_app_answers_with_the_config_the_test_set(self):
        self.assertEqual(self.client.get("/greeting").get_json()["greeting"], "built")
