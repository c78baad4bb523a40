"""The converted app is never less safe than the Flask app: probes replayed against both.

Each test converts a small project, then sends the same requests to the Flask app (its
own test client, flask-cors itself) and to the converted app (Starlette's TestClient):
a session cookie forged with the key Starlette would have used when the secret key is
unset, the session cookie's attributes, CORS answers to origins that should and should
not be allowed, and file responses for paths Flask resolved or refused.
"""

from __future__ import annotations

import json
import re
import textwrap
import time
from base64 import b64encode
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import itsdangerous
import pytest
from fastapi.testclient import TestClient

from flask2fastapi.runner import run
from flask2fastapi.support import cors_origins
from tests.projects import convert_tree, imported


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


@contextmanager
def both_apps(tmp_path: Path, files: dict[str, str], module: str = "app") -> Iterator[Any]:
    """(the Flask app, the converted app) of the project ``files``."""
    source = write(tmp_path / "flask", files)
    out = tmp_path / "fastapi"
    convert_tree(source, out)
    with imported(source, module) as flask_module:
        flask_app = flask_module.app
    with imported(out, module) as converted:
        yield flask_app, converted.app


def converted_text(tmp_path: Path, files: dict[str, str], name: str = "app.py") -> str:
    source = write(tmp_path / "text", files)
    result = run([source], jobs=1)
    found = next(r for r in result.results if r.file == name)
    assert found.new_source is not None
    return found.new_source.decode()


def starlette_cookie(data: dict[str, Any], key: str, signed_at: int | None = None) -> str:
    """A session cookie in Starlette's format (base64 JSON, itsdangerous's timestamp)."""

    class Signer(itsdangerous.TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) if signed_at is None else signed_at

    return Signer(key).sign(b64encode(json.dumps(data).encode())).decode()


# -- the secret key: fail closed, as Flask did -------------------------------------------------

SESSION_VIEWS = """

@app.route("/whoami")
def whoami():
    return jsonify(user=session.get("user"))


@app.route("/login")
def login():
    session["user"] = "ada"
    return jsonify(ok=True)


@app.route("/flashing")
def flashing():
    flash("hello")
    return jsonify(ok=True)
"""
SECRET_FROM_ENV = {
    "direct": """\
        import os
        from flask import Flask, flash, jsonify, session

        app = Flask(__name__)
        app.secret_key = os.environ.get("F2F_TEST_SECRET_KEY")
        """,
    "config": """\
        import os
        from flask import Flask, flash, jsonify, session


        class Settings:
            SESSION_COOKIE_NAME = "session"


        app = Flask(__name__)
        app.config.from_object(Settings)
        app.config["SECRET_KEY"] = os.environ.get("F2F_TEST_SECRET_KEY")
        """,
    "host": """\
        import os
        from flask import Flask, flash, has_request_context, jsonify, session

        app = Flask(__name__)
        app.config.from_mapping(SECRET_KEY=os.environ.get("F2F_TEST_SECRET_KEY"))


        @app.route("/context")
        def context():
            return str(has_request_context())
        """,
    "nowhere": """\
        from flask import Flask, flash, jsonify, session

        app = Flask(__name__)
        """,
}


@pytest.mark.parametrize("key", [None, ""], ids=["unset", "empty"])
@pytest.mark.parametrize("how", sorted(SECRET_FROM_ENV))
def test_no_secret_key_means_no_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str | None, how: str
) -> None:
    """Without a key, a cookie signed with "None" (or "") logs nobody in, a session write
    is Flask's 500 (RuntimeError), and no cookie is ever set."""
    if key is None:
        monkeypatch.delenv("F2F_TEST_SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("F2F_TEST_SECRET_KEY", key)
    files = {"app.py": textwrap.dedent(SECRET_FROM_ENV[how]) + SESSION_VIEWS}
    forged = [starlette_cookie({"user": "admin"}, k) for k in ("None", "")]
    with both_apps(tmp_path, files) as (flask_app, app):
        flask_client = flask_app.test_client()
        client = TestClient(app, raise_server_exceptions=False)
        for cookie in forged:
            headers = {"Cookie": f"session={cookie}"}
            expected = flask_client.get("/whoami", headers=headers).json
            assert expected == {"user": None}
            assert client.get("/whoami", headers=headers).json() == expected
        for path in ("/login", "/flashing"):
            before, after = flask_client.get(path), client.get(path)
            assert (before.status_code, after.status_code) == (500, 500), path
            assert "set-cookie" not in after.headers


def test_the_report_says_an_empty_key_leaves_the_session_unusable(tmp_path: Path) -> None:
    source = textwrap.dedent(SECRET_FROM_ENV["direct"]) + SESSION_VIEWS
    result = run([write(tmp_path, {"app.py": source})], jobs=1)
    (finding,) = [f for f in result.report.findings if f.code == "F2F106"]
    assert "unset or empty leaves the session unusable" in finding.suggestion
    assert "Flask's default cookie settings" in finding.message


# -- the session cookie: Flask's attributes ----------------------------------------------------

COOKIE_VIEWS = """

@app.route("/login")
def login():
    session["user"] = "ada"
    return jsonify(ok=True)


@app.route("/remember")
def remember():
    session.permanent = True
    session["user"] = "ada"
    return jsonify(permanent=session.permanent)


@app.route("/forget")
def forget():
    session.permanent = False
    return jsonify(permanent=session.permanent)


@app.route("/whoami")
def whoami():
    return jsonify(user=session.get("user"), permanent=session.permanent)


@app.route("/logout")
def logout():
    session.clear()
    return jsonify(ok=True)
"""
COOKIE_SETTINGS = {
    "defaults": """\
        from flask import Flask, jsonify, session

        app = Flask(__name__)
        app.secret_key = "cookie-test-key"
        """,
    "secure-strict": """\
        from flask import Flask, jsonify, session

        app = Flask(__name__)
        app.secret_key = "cookie-test-key"
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["SESSION_COOKIE_SAMESITE"] = "Strict"
        app.config.update(
            SESSION_COOKIE_NAME="sid",
            SESSION_COOKIE_DOMAIN="example.test",
            SESSION_COOKIE_PATH="/",
            SESSION_COOKIE_HTTPONLY=False,
            PERMANENT_SESSION_LIFETIME=3600,
        )
        """,
    "host": """\
        from flask import Flask, has_request_context, jsonify, session

        app = Flask(__name__)
        app.config.from_mapping(
            SECRET_KEY="cookie-test-key",
            SESSION_COOKIE_SECURE=True,
            SESSION_COOKIE_SAMESITE="Lax",
            PERMANENT_SESSION_LIFETIME=600,
        )


        @app.route("/context")
        def context():
            return str(has_request_context())
        """,
}


def cookie_attributes(header: str) -> tuple[str, dict[str, Any]]:
    """A Set-Cookie header's name and attributes (Expires as a datetime)."""
    first, *rest = (part.strip() for part in header.split(";"))
    attributes: dict[str, Any] = {}
    for part in rest:
        name, equals, value = part.partition("=")
        attributes[name.lower()] = value if equals else True
    if "expires" in attributes:
        attributes["expires"] = parsedate_to_datetime(attributes["expires"])
    return first.partition("=")[0], attributes


def same_cookie(flask_header: str, header: str) -> None:
    (name, expected), (got_name, got) = cookie_attributes(flask_header), cookie_attributes(header)
    assert got_name == name
    assert set(got) == set(expected), (flask_header, header)
    for attribute, value in expected.items():
        if attribute == "expires":  # computed a moment apart
            assert abs((got[attribute] - value).total_seconds()) < 300
        else:
            assert got[attribute] == value, attribute


@pytest.mark.parametrize("settings", sorted(COOKIE_SETTINGS))
def test_session_cookie_has_flasks_attributes(tmp_path: Path, settings: str) -> None:
    """Secure, HttpOnly, SameSite, Path, Domain and Expires/Max-Age as Flask wrote them: a
    browser-session cookie, one that expires when the session is permanent, the cookie
    removed on logout; ``session.permanent`` reads and writes as in Flask."""
    files = {"app.py": textwrap.dedent(COOKIE_SETTINGS[settings]) + COOKIE_VIEWS}
    with both_apps(tmp_path, files) as (flask_app, app):
        flask_client = flask_app.test_client()
        client = TestClient(app, base_url="https://example.test")
        for path in ("/login", "/remember", "/forget", "/logout"):
            before = flask_client.get(path, base_url="https://example.test")
            after = client.get(path)
            assert after.json() == before.json, path
            cookies = before.headers.getlist("Set-Cookie")
            assert len(after.headers.get_list("set-cookie")) == len(cookies), path
            for expected, got in zip(cookies, after.headers.get_list("set-cookie"), strict=True):
                same_cookie(expected, got)
            assert after.headers.get("vary") == before.headers.get("Vary"), path
        client.get("/remember")
        assert client.get("/whoami").json() == {"user": "ada", "permanent": True}


def test_a_permanent_session_cookie_older_than_its_lifetime_is_refused(tmp_path: Path) -> None:
    files = {"app.py": textwrap.dedent(COOKIE_SETTINGS["secure-strict"]) + COOKIE_VIEWS}
    with both_apps(tmp_path, files) as (_, app):
        client = TestClient(app, base_url="https://example.test")
        data = {"user": "ada", "_permanent": True}
        fresh = starlette_cookie(data, "cookie-test-key", int(time.time()) - 60)
        stale = starlette_cookie(data, "cookie-test-key", int(time.time()) - 7200)
        answer = client.get("/whoami", headers={"Cookie": f"sid={fresh}"})
        assert answer.json() == {"user": "ada", "permanent": True}
        answer = client.get("/whoami", headers={"Cookie": f"sid={stale}"})
        assert answer.json() == {"user": None, "permanent": False}


def test_cookie_settings_route_the_session_through_the_config(tmp_path: Path) -> None:
    source = textwrap.dedent(COOKIE_SETTINGS["secure-strict"]) + COOKIE_VIEWS
    text = converted_text(tmp_path, {"app.py": source})
    assert 'app.state.config["SECRET_KEY"] = "cookie-test-key"' in text
    assert "web_compat.sessions(app)" in text
    assert "add_middleware" not in text
    assert 'request.session["_permanent"] = True' in text
    assert '{"permanent": request.session.get("_permanent", False)}' in text


def test_session_permanent_is_the_permanent_key(tmp_path: Path) -> None:
    text = converted_text(
        tmp_path,
        {
            "app.py": """\
                from flask import Flask, request, session

                app = Flask(__name__)
                app.secret_key = "k"


                @app.route("/a")
                def a():
                    session.permanent = request.args.get("keep")
                    return "a"


                @app.route("/b")
                def b():
                    del session.permanent
                    return "b"
                """
        },
    )
    assert 'request.session["_permanent"] = bool(keep)' in text
    assert "    del session.permanent" in text
    assert "F2F404 `request.session.permanent`" in text


# -- CORS: the origins flask-cors allowed, no more -----------------------------------------------

CORS_PROJECTS = {
    "glob-in-a-variable": """\
        from flask import Flask, jsonify
        from flask_cors import CORS

        ORIGINS = "https://*.good.example"
        app = Flask(__name__)
        CORS(app, origins=ORIGINS, supports_credentials=True)
        """,
    "glob-literal": """\
        from flask import Flask, jsonify
        from flask_cors import CORS

        app = Flask(__name__)
        CORS(app, origins="https://*.good.example", supports_credentials=True)
        """,
    "origin-in-a-variable": """\
        from flask import Flask, jsonify
        from flask_cors import CORS

        ORIGINS = "https://good.example"
        app = Flask(__name__)
        CORS(app, origins=ORIGINS, supports_credentials=True)
        """,
    "origin-literal": """\
        from flask import Flask, jsonify
        from flask_cors import CORS

        app = Flask(__name__)
        CORS(app, origins="https://good.example")
        """,
    "mixed-list": """\
        from flask import Flask, jsonify
        from flask_cors import CORS

        app = Flask(__name__)
        CORS(app, origins=["https://good.example", r"https://[a-z]+\\.good\\.example"])
        """,
}
PROBES = [
    "https://evil.example",
    "https://good.ex",
    "https://a.good.example",
    "https://good.example",
    "https://xgood.example",
    "https://GOOD.example.evil",
    "https://ab.good.example.evil",
]
CORS_VIEW = """

@app.route("/data")
def data():
    return jsonify(ok=True)
"""


@pytest.mark.parametrize("project", sorted(CORS_PROJECTS))
def test_cors_allows_the_origins_flask_cors_allowed(tmp_path: Path, project: str) -> None:
    files = {"app.py": textwrap.dedent(CORS_PROJECTS[project]) + CORS_VIEW}
    with both_apps(tmp_path, files) as (flask_app, app):
        flask_client = flask_app.test_client()
        client = TestClient(app)
        for origin in PROBES:
            headers = {"Origin": origin}
            expected = flask_client.get("/data", headers=headers).headers
            got = client.get("/data", headers=headers).headers
            allowed = expected.get("Access-Control-Allow-Origin")
            assert got.get("Access-Control-Allow-Origin") == allowed, origin
            if allowed is not None:  # (Starlette also says it to origins it does not allow)
                credentials = expected.get("Access-Control-Allow-Credentials")
                assert got.get("Access-Control-Allow-Credentials") == credentials, origin


def test_cors_origins_are_never_a_str(tmp_path: Path) -> None:
    source = CORS_PROJECTS["glob-in-a-variable"]
    text = converted_text(tmp_path / "variable", {"app.py": source})
    assert "**web_compat.cors_origins(ORIGINS)" in text
    text = converted_text(tmp_path / "literal", {"app.py": CORS_PROJECTS["glob-literal"]})
    assert 'allow_origin_regex="(?i:https://*.good.example)(?s:.*)"' in text
    result = run([tmp_path / "literal" / "text"], jobs=1)
    (finding,) = [f for f in result.report.findings if f.code == "F2F801"]
    assert "translated into allow_origin_regex" in finding.message


def test_cors_origin_that_is_not_a_regular_expression_is_left(tmp_path: Path) -> None:
    source = CORS_PROJECTS["origin-literal"].replace('"https://good.example"', '"https://(x"')
    text = converted_text(tmp_path, {"app.py": source})
    assert 'CORS(app, origins="https://(x")' in text
    result = run([tmp_path / "text"], jobs=1)
    assert "F2F802" in {f.code for f in result.report.findings}


# -- files: Flask's root path, and 404 where Werkzeug refused a name ---------------------------

FILE_VIEWS = """

@app.route("/report")
def report():
    return send_file("data.txt")


@app.route("/files/<path:name>")
def files(name):
    return send_from_directory("static", name)
"""


@pytest.mark.parametrize("layout", ["module", "package"])
def test_files_resolve_and_refuse_as_flask_did(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str
) -> None:
    """``send_file("data.txt")`` is the file beside the app whatever the working
    directory; names the system refuses are 404, as in Flask."""
    folder, module = ("", "app") if layout == "module" else ("shop/", "shop")
    source = "from flask import Flask, send_file, send_from_directory\n\napp = Flask(__name__)\n"
    files = {
        f"{folder}{'app.py' if layout == 'module' else '__init__.py'}": source + FILE_VIEWS,
        f"{folder}data.txt": "the report\n",
        f"{folder}static/site.css": "body {}\n",
    }
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "data.txt").write_text("not this one\n")
    monkeypatch.chdir(elsewhere)
    with both_apps(tmp_path, files, module) as (flask_app, app):
        flask_client = flask_app.test_client()
        client = TestClient(app, raise_server_exceptions=False)
        for path, status in (
            ("/report", 200),
            ("/files/site.css", 200),
            ("/files/a%00b", 404),
            ("/files/" + "a" * 300, 404),
            ("/files/" + "a/" * 3000 + "b", 404),
        ):
            before, after = flask_client.get(path), client.get(path)
            assert (before.status_code, after.status_code) == (status, status), path[:40]
            if status == 200:
                assert after.content == before.data


ORIGIN_SPECS = [
    re.compile(r"https://A\.example"),
    r"(?i)https://b\.example$",
    ["*"],
    ["https://c.example", re.compile("https://d.*", re.IGNORECASE)],
    ("https://e.example", "HTTPS://F.example"),
    None,
]
ORIGIN_PROBES = [
    "https://a.example",
    "https://A.example",
    "https://b.example",
    "https://B.EXAMPLE",
    "https://b.example.evil",
    "https://c.example",
    "https://D.x",
    "https://f.example",
    "https://evil",
]


@pytest.mark.parametrize("spec", ORIGIN_SPECS, ids=repr)
def test_cors_origins_allow_what_flask_cors_allowed(spec: Any) -> None:
    """web_compat.cors_origins (the same code translates literals in the converter):
    compiled patterns keep their own flags, leading inline flags, "*", tuples, None."""
    import flask
    from fastapi import FastAPI
    from fastapi.middleware.cors import CORSMiddleware
    from flask_cors import CORS

    flask_app = flask.Flask(__name__)
    CORS(flask_app, origins=spec)
    flask_app.add_url_rule("/", "index", lambda: "ok")
    app = FastAPI()
    app.add_middleware(CORSMiddleware, **cors_origins(spec))
    app.add_api_route("/", lambda: "ok")
    flask_client, client = flask_app.test_client(), TestClient(app)
    for origin in ORIGIN_PROBES:
        headers = {"Origin": origin}
        try:
            answer = flask_client.get("/", headers=headers)
        except TypeError:  # flask-cors before 6.0.5 fails on origins=None
            pytest.skip("this flask-cors version cannot serve origins=None")
        if answer.status_code == 500:
            pytest.skip("this flask-cors version cannot serve these origins")
        expected = "Access-Control-Allow-Origin" in answer.headers
        assert ("access-control-allow-origin" in client.get("/", headers=headers).headers) is (
            expected
        ), origin
