"""The project's tests: Flask's test client calls and responses -> TestClient / httpx."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from flask2fastapi.runner import run, write_results


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
    # what the conversion wrote converts to itself
    again_root = tmp_path / "again"
    shutil.copytree(tmp_path, again_root, ignore=shutil.ignore_patterns("again"))
    write_results(run([again_root], jobs=1))
    again = run([again_root], jobs=1)
    assert again.report.failures == []
    assert [r.file for r in again.results if r.new_source is not None] == []
    assert (again_root / "tests" / "test_app.py").read_text() == text
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


def test_headers_keep_werkzeug_meaning(tmp_path: Path) -> None:
    text, _ = convert_test(
        tmp_path,
        """\
        from werkzeug.datastructures import Headers

        PAIRS = [("X-A", "1")]


        def test_headers(client):
            client.post("/", headers=[("Content-Type", "a/b"), ("X-A", 1)], data="x", content_type="c/d")
            client.post("/", headers={"content-type": "a/b", "X-N": len("ab")}, content_type="c/d")
            client.put("/", headers=Headers(PAIRS), content_type="c/d")
            client.put("/", headers=dict(PAIRS), content_type="c/d")
            client.get("/", headers={"X-Size": 3, "X-Ratio": -1.5, "X-On": True})
        """,
    )
    # content_type= replaces a Content-Type the headers had, whatever its case
    assert 'client.post("/", headers=[("X-A", "1"), ("Content-Type", "c/d")], content="x")' in text
    assert 'client.post("/", headers={"X-N": str(len("ab")), "Content-Type": "c/d"})' in text
    assert 'client.put("/", headers={**dict(Headers(PAIRS)), "Content-Type": "c/d"})' in text
    assert 'client.put("/", headers={**dict(PAIRS), "Content-Type": "c/d"})' in text
    # Werkzeug sent str(value); httpx refuses a number
    assert 'headers={"X-Size": "3", "X-Ratio": "-1.5", "X-On": "True"}' in text


def test_forms_and_queries_as_werkzeug_encoded_them(tmp_path: Path) -> None:
    text, _ = convert_test(
        tmp_path,
        """\
        def test_values(client):
            client.post("/", data={"remember": True, "skip": None, "n": 2})
            client.get("/", query_string={"q": None, "all": False})
        """,
    )
    assert 'client.post("/", data={"remember": "True", "n": 2})' in text
    assert 'client.get("/", params={"all": "False"})' in text


def test_open_and_bodies_httpx_refuses(tmp_path: Path) -> None:
    text, codes = convert_test(
        tmp_path,
        """\
        def test_methods(client):
            client.open(path="/s", method="PATCH", query_string={"a": "1"}, data="x", headers={"X": "1"})
            client.open("/s")
            client.delete("/d", data={"name": "ada"}, content_type="application/x-www-form-urlencoded")
            client.get("/g", json={"a": 1})
            client.options("/o", data="o")
            client.head("/h", data="h")
            client.open("/s", "http://example.com/")
        """,
    )
    assert (
        'client.request("PATCH", url="/s", params={"a": "1"}, content="x", headers={"X": "1"})'
        in text
    )
    assert 'client.request("GET", "/s")' in text
    assert (
        'client.request("DELETE", "/d", data={"name": "ada"}, '
        'headers={"Content-Type": "application/x-www-form-urlencoded"})' in text
    )
    assert 'client.request("GET", "/g", json={"a": 1})' in text
    assert 'client.request("OPTIONS", "/o", content="o")' in text
    assert 'client.request("HEAD", "/h", content="h")' in text
    # Flask's second positional argument is the base URL: httpx takes none, said so
    assert "F2F951 `open(..., ...)`" in text
    assert 'client.open("/s", "http://example.com/")' in text
    assert "F2F951" in codes


def test_a_base_url_and_the_request_a_response_answered(tmp_path: Path) -> None:
    text, codes = convert_test(
        tmp_path,
        """\
        def test_urls(client, path):
            response = client.get("/a", base_url="https://example.org", follow_redirects=True)
            assert response.request.path == "/b"
            client.get(path, base_url="https://example.org/")
            client.get(base_url="https://example.org")
            client.get("/a", base_url="https://example.org/app")
        """,
    )
    assert 'client.get("https://example.org/a", follow_redirects=True)' in text
    assert "assert response.request.url.path == " in text
    assert 'client.get("https://example.org" + path)' in text
    assert 'client.get("https://example.org/")' in text
    # a base URL with a path is Flask's script root: reported, left
    assert 'client.get("/a", base_url="https://example.org/app")' in text
    assert "F2F951 `get(base_url=...)`" in text


def test_apps_of_setup_class_and_of_a_module_are_the_app(tmp_path: Path) -> None:
    (tmp_path / "site_app.py").write_text(
        "from flask import Flask\n\napp = Flask(__name__)\napp.config['A'] = 1\n"
    )
    text, _ = convert_test(
        tmp_path,
        """\
        import unittest

        import site_app
        from app import create_app


        class ClassTest(unittest.TestCase):
            @classmethod
            def setUpClass(cls):
                cls.app = create_app()
                cls.app.config.update(A=2)
                cls.client = cls.app.test_client()

            def test_a(self):
                self.app.config["A"] = 3
                assert self.client.get("/").get_json() == {}


        class ModuleTest(unittest.TestCase):
            def setUp(self):
                self.app = site_app.app
                self.app.config["A"] = 4
                self.web = self.app.test_client()
        """,
    )
    assert "cls.app.state.config.update(A=2)" in text
    assert 'self.app.state.config["A"] = 3' in text
    assert 'self.client.get("/").json() == {}' in text
    assert 'self.app.state.config["A"] = 4' in text
    assert (
        'self.web = TestClient(self.app, base_url="http://localhost", follow_redirects=False)'
        in text
    )


def test_werkzeug_helpers_stay_imported_on_a_second_run(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        "from fastapi import FastAPI\n\n\ndef create_app():\n    return FastAPI()\n"
    )
    tests = tmp_path / "tests"
    tests.mkdir()
    source = (
        "from fastapi.testclient import TestClient\n"
        "from werkzeug.datastructures import Headers\n\nfrom app import create_app\n\n\n"
        "def test_one():\n"
        '    client = TestClient(create_app(), base_url="http://localhost", follow_redirects=False)\n'
        '    assert client.get("/", headers=dict(Headers([("X", "1")]))).status_code == 404\n'
    )
    (tests / "test_app.py").write_text(source)
    result = run([tmp_path], jobs=1)
    assert result.report.failures == []
    assert all(r.new_source is None for r in result.results if r.file == "tests/test_app.py")


def test_what_test_client_is_called_on_is_the_app(tmp_path: Path) -> None:
    text, _ = convert_test(
        tmp_path,
        """\
        import unittest

        from app import create_app


        def build():
            return create_app()


        class HelperTest(unittest.TestCase):
            def setUp(self):
                self.site = build()
                self.site.config["TESTING"] = True
                self.client = self.site.test_client()
        """,
    )
    assert 'self.site.state.config["TESTING"] = True' in text


def test_paths_given_as_bytes_become_text(tmp_path: Path) -> None:
    text, _ = convert_test(
        tmp_path,
        """\
        def test_bytes(client, encoded):
            client.get(b"/plain")
            client.get(b"/base64/" + encoded)
            client.open(path=b"/x", method="PUT")
        """,
    )
    assert 'client.get("/plain")' in text
    assert 'client.get((b"/base64/" + encoded).decode())' in text
    assert 'client.request("PUT", url="/x")' in text


def test_a_call_keeps_its_layout_and_comments(tmp_path: Path) -> None:
    text, _ = convert_test(
        tmp_path,
        """\
        def test_layout(client):
            response = client.post(
                "/post",
                content_type="application/json",  # the body is JSON
                headers=[("Transfer-Encoding", "chunked")],
                data='{"animal": "dog"}',
            )
            client.delete(
                "/d",
                # a body on a DELETE
                data="gone",
            )
        """,
    )
    assert (
        "    response = client.post(\n"
        '        "/post",\n'
        '        headers=[("Transfer-Encoding", "chunked"), ("Content-Type", "application/json")],'
        "  # the body is JSON\n"
        '        content=\'{"animal": "dog"}\',\n'
        "    )\n" in text
    )
    assert (
        "    client.request(\n"
        '        "DELETE", "/d",\n'
        "        # a body on a DELETE\n"
        '        content="gone",\n'
        "    )\n" in text
    )


def test_werkzeug_response_api_httpx_lacks_is_reported(tmp_path: Path) -> None:
    text, codes = convert_test(
        tmp_path,
        """\
        def test_cache(client):
            response = client.get("/")
            assert response.is_json
            assert response.cache_control.max_age == 60
            assert response.status_code == 200 and response.headers["X"] == "1"
        """,
    )
    assert "F2F951 `.is_json` is Flask test API" in text
    assert "F2F951 `.cache_control` is Flask test API" in text
    assert codes.count("F2F951") == 2


def test_a_module_on_testclient_already_keeps_httpx_form_values(tmp_path: Path) -> None:
    source = """\
        from fastapi.testclient import TestClient
        from app import create_app


        def test_one():
            client = TestClient(create_app())
            client.post("/", data={"remember": True})
        """
    text, _ = convert_test(tmp_path, source)
    assert text == textwrap.dedent(source)
