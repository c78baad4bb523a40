"""The project's tests: Flask's test client calls and responses -> TestClient / httpx."""

from __future__ import annotations

import textwrap
from pathlib import Path

from flask2fastapi.runner import run


def convert_test(tmp_path: Path, source: str) -> tuple[str, list[str]]:
    (tmp_path / "app.py").write_text(
        "from flask import Flask\n\ndef create_app():\n    app = Flask(__name__)\n    return app\n"
    )
    tests = tmp_path / "tests"
    tests.mkdir(exist_ok=True)
    (tests / "test_app.py").write_text(textwrap.dedent(source))
    result = run([tmp_path], jobs=1)
    found = next(r for r in result.results if r.file == "tests/test_app.py")
    text = found.new_source.decode() if found.new_source else textwrap.dedent(source)
    return text, [f.code for f in result.report.findings if f.file == "tests/test_app.py"]


def test_client_calls_and_responses(tmp_path: Path) -> None:
    text, codes = convert_test(
        tmp_path,
        """\
        import io
        import json
        import pytest
        from app import create_app


        @pytest.fixture
        def app():
            app = create_app()
            app.config.update({"TESTING": True})
            app.testing = True
            return app


        def test_everything(app):
            client = app.test_client()
            r = client.get("/a", query_string={"q": "x"}, headers={"X-A": "1"})
            assert r.data == b"" and r.get_data(as_text=True) == "" and r.get_json() is None
            assert r.json is None and r.location == "/" and r.mimetype == "text/html"
            assert r.status == "200 OK" and r.headers.getlist("Set-Cookie") == []
            client.post("/b", data={"name": "x", "doc": (io.BytesIO(b"hi"), "a.txt")})
            client.post("/c", data=json.dumps({"a": 1}), content_type="application/json")
            client.open("/d", method="PUT", json={"a": 1}, follow_redirects=True)
            client.set_cookie("session", "abc")
            assert client.get_cookie("session") is not None
            assert client.get_cookie("session").value == "abc"
            with client.session_transaction() as session:
                session["user"] = "ada"
        """,
    )
    assert "from fastapi.testclient import TestClient" in text
    assert 'app.state.config.update({"TESTING": True})' in text
    assert 'app.state.config["TESTING"] = True' in text
    assert 'client = TestClient(app, base_url="http://localhost", follow_redirects=False)' in text
    assert 'r = client.get("/a", params={"q": "x"}, headers={"X-A": "1"})' in text
    assert 'r.content == b"" and r.text == "" and r.json() is None' in text
    assert 'r.json() is None and r.headers["location"] == "/"' in text
    assert 'r.headers.get("content-type", "").partition(";")[0] == "text/html"' in text
    assert 'f"{r.status_code} {r.reason_phrase.upper()}" == "200 OK"' in text
    assert 'r.headers.get_list("Set-Cookie") == []' in text
    assert (
        'client.post("/b", data={"name": "x"}, files={"doc": ("a.txt", io.BytesIO(b"hi"))})' in text
    )
    assert (
        'client.post("/c", content=json.dumps({"a": 1}), '
        'headers={"Content-Type": "application/json"})' in text
    )
    assert 'client.request("PUT", "/d", json={"a": 1}, follow_redirects=True)' in text
    assert 'client.cookies.set("session", "abc")' in text
    assert 'client.cookies.get("session")' in text
    assert 'assert client.cookies.get("session") == "abc"' in text
    assert "F2F951" in codes and "F2F952" in codes  # session_transaction left, said why


def test_converted_tests_are_left_alone_the_second_time(tmp_path: Path) -> None:
    source = """\
        from fastapi.testclient import TestClient
        from app import create_app


        def test_one():
            client = TestClient(create_app(), follow_redirects=False)
            response = client.get("/", params={"q": 1})
            assert response.json() == {} and response.content == b""
        """
    text, codes = convert_test(tmp_path, source)
    assert text == textwrap.dedent(source)
    assert codes == []


def test_no_tests_option_leaves_tests(tmp_path: Path) -> None:
    convert_test(tmp_path, "def test_x(client):\n    assert client.get('/').data\n")
    result = run([tmp_path], jobs=1, tests=False)
    assert "tests/test_app.py" not in {r.file for r in result.results}


def test_an_app_a_base_test_class_sets_is_the_app_in_subclasses(tmp_path: Path) -> None:
    (tmp_path / "shop.py").write_text(
        "from flask import Flask\n\n\ndef create_app():\n    app = Flask(__name__)\n"
        "    app.config['LIMIT'] = 1\n    return app\n"
    )
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "base.py").write_text(
        "import unittest\nfrom shop import create_app\n\n\nclass Base(unittest.TestCase):\n"
        "    def setUp(self):\n        self.app = create_app()\n"
    )
    (tests / "test_limit.py").write_text(
        "from tests.base import Base\n\n\nclass LimitTest(Base):\n"
        "    def test_limit(self):\n        self.app.config['LIMIT'] = 2\n"
        "        with self.app.app_context():\n            pass\n"
    )
    result = run([tmp_path], jobs=1)
    by_file = {r.file: r.new_source.decode() for r in result.results if r.new_source}
    text = by_file["tests/test_limit.py"]
    assert "self.app.state.config['LIMIT'] = 2" in text
    assert "with self.app.state.flask_app.app_context():" in text


def test_webtest_is_reported_at_its_line(tmp_path: Path) -> None:
    text, found = convert_test(
        tmp_path,
        "from webtest import TestApp\nfrom app import create_app\n\n\n"
        "def test_home():\n    client = TestApp(create_app())\n    assert client.get('/').status_int == 200\n",
    )
    assert "F2F953" in found
    assert "# TODO(flask2fastapi): F2F953 WebTest's TestApp drives a WSGI app" in text
