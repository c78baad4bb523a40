"""What converted handlers, error handlers and hooks answer, run against Flask's answers:
helpers returning ``(body, status)`` tuples, responses named after ``jsonify``, the
attributes error handlers read, url_for with route defaults, and after_request hooks on
a 500."""

from __future__ import annotations

import importlib
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from fastapi.testclient import TestClient

from flask2fastapi.runner import run, write_results


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder for a small project, importable while the test runs."""
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # files are rewritten in place
    before = set(sys.modules)
    yield tmp_path
    for name in set(sys.modules) - before:
        module = sys.modules[name]
        if str(getattr(module, "__file__", "") or "").startswith(str(tmp_path)):
            del sys.modules[name]


def write(root: Path, **files: str) -> None:
    """``name`` -> ``name.py`` (``pkg/mod`` -> ``pkg/mod.py``)."""
    for name, text in files.items():
        (root / f"{name}.py").write_text(textwrap.dedent(text))


def convert(root: Path) -> tuple[str, list[str]]:
    """Convert the project in place; the new app.py and the finding codes. A second run
    must change nothing."""
    result = run([root], jobs=1)
    assert not result.report.failures, result.report.failures
    write_results(result)
    again = run([root], jobs=1)
    assert again.report.summary.files_changed == 0, "a second run changed files"
    codes = [f.code for f in result.report.findings if f.file == "app.py"]
    return (root / "app.py").read_text(), codes


def flask_answers(paths: list[str]) -> list[tuple[int, Any, str | None]]:
    client = reload_app().app.test_client()
    out = []
    for path in paths:
        response = client.get(path)
        out.append((response.status_code, _body(response.get_data(as_text=True)), _cors(response)))
    return out


def fastapi_answers(paths: list[str]) -> list[tuple[int, Any, str | None]]:
    client = TestClient(reload_app().app, raise_server_exceptions=False)
    out = []
    for path in paths:
        response = client.get(path)
        out.append((response.status_code, _body(response.text), _cors(response)))
    return out


def _body(text: str) -> Any:
    import json

    try:
        return json.loads(text)
    except ValueError:
        return text


def _cors(response: Any) -> str | None:
    return response.headers.get("Access-Control-Allow-Origin") or response.headers.get("X-A")


def reload_app() -> ModuleType:
    for name in ("app", "helpers", "web_compat"):
        sys.modules.pop(name, None)
    return importlib.import_module("app")


# -- (body, status) tuples from helpers ------------------------------------------------------

HELPERS_APP = """\
    import helpers
    from flask import Flask, jsonify
    from helpers import conflict

    app = Flask(__name__)


    def bad():
        return {"error": "bad"}, 400


    def bad_with_headers():
        return {"error": "bad"}, 400, {"X-A": "1"}


    def checked(flag):
        return ({"error": "unchecked"}, 400) if not flag else {"checked": True}


    def maybe_bad(flag):
        if flag:
            return bad()
        return jsonify(ok=True)


    @app.route("/bad")
    def bad_view():
        return bad()


    @app.route("/headers")
    def headers_view():
        return bad_with_headers()


    @app.route("/maybe/<int:flag>")
    def maybe_view(flag):
        return maybe_bad(flag)


    @app.route("/checked/<int:flag>")
    def checked_view(flag):
        return checked(flag)


    @app.route("/conflict")
    def conflict_view():
        return conflict("taken")


    @app.route("/gone")
    def gone_view():
        return helpers.conflict("gone")


    @app.route("/plain")
    def plain():
        data = {"fine": True}
        return data
    """
HELPERS_MODULE = """\
    def conflict(what):
        return {"error": what}, 409
    """
HELPER_PATHS = [
    "/bad",
    "/headers",
    "/maybe/1",
    "/maybe/0",
    "/checked/0",
    "/checked/1",
    "/conflict",
    "/gone",
    "/plain",
]


def test_helpers_returning_tuples_answer_as_in_flask(project: Path) -> None:
    write(project, app=HELPERS_APP, helpers=HELPERS_MODULE)
    flask = flask_answers(HELPER_PATHS)
    text, codes = convert(project)
    assert "return web_compat.make_response(bad())" in text
    assert "return web_compat.make_response(bad_with_headers())" in text
    assert "return web_compat.make_response(maybe_bad(flag))" in text
    assert 'return web_compat.make_response(conflict("taken"))' in text
    assert "return data\n" in text  # not a helper
    assert 'return web_compat.make_response(helpers.conflict("gone"))' in text
    assert "return web_compat.make_response(checked(flag))" in text
    assert codes.count("F2F318") == 6
    assert fastapi_answers(HELPER_PATHS) == flask
    assert (project / "helpers.py").read_text() == textwrap.dedent(HELPERS_MODULE)


def test_helpers_re_exported_by_a_package_are_found(project: Path) -> None:
    (project / "utils").mkdir()
    write(
        project,
        app="""\
        from flask import Flask

        from utils import refuse

        app = Flask(__name__)


        @app.route("/")
        def index():
            return refuse("closed")
        """,
        **{
            "utils/__init__": "from .answers import refuse\n",
            "utils/answers": """\
            def refuse(why):
                result = {"error": why}, 403, {"X-A": "refused"}
                return result
            """,
        },
    )
    flask = flask_answers(["/"])
    text, codes = convert(project)
    assert 'return web_compat.make_response(refuse("closed"))' in text
    assert codes == ["F2F318"]
    assert fastapi_answers(["/"]) == flask


def test_a_helper_whose_tuples_are_converted_is_returned_as_it_is(project: Path) -> None:
    write(
        project,
        app="""\
        from flask import Flask, jsonify

        app = Flask(__name__)


        def refuse():
            return jsonify(error="no"), 403


        @app.route("/")
        def index():
            return refuse()
        """,
    )
    text, codes = convert(project)
    assert 'return JSONResponse({"error": "no"}, status_code=403)' in text
    assert "return refuse()" in text and "F2F318" not in codes


# -- responses made by jsonify ---------------------------------------------------------------


def test_a_response_named_after_jsonify_is_not_wrapped_again(project: Path) -> None:
    write(
        project,
        app="""\
        from flask import Flask, abort, jsonify

        app = Flask(__name__)


        @app.errorhandler(400)
        def bad_request(e):
            response = jsonify(message=e.description)
            response.status_code = 400
            return response


        @app.route("/refuse")
        def refuse():
            abort(400, "nope")


        @app.route("/made")
        def made():
            response = jsonify(made=True)
            response.status_code = 201
            response.headers["X-A"] = "made"
            return response
        """,
    )
    paths = ["/refuse", "/made"]
    flask = flask_answers(paths)
    text, _ = convert(project)
    assert "JSONResponse(response)" not in text
    assert text.count("    return response\n") == 2
    assert fastapi_answers(paths) == flask


def test_a_named_response_with_a_status_in_a_tuple_gets_it_when_it_runs(project: Path) -> None:
    write(
        project,
        app="""\
        from flask import Flask, jsonify

        app = Flask(__name__)


        @app.route("/")
        def index():
            response = jsonify(x=1)
            return response, 201


        @app.errorhandler(404)
        def missing(e):
            response = jsonify(error="missing")
            return response, 404, {"X-A": "gone"}
        """,
    )
    paths = ["/", "/nowhere"]
    flask = flask_answers(paths)
    text, codes = convert(project)
    assert "JSONResponse(response" not in text
    assert "return web_compat.make_response(response, 201)" in text
    assert 'return web_compat.make_response(response, 404, {"X-A": "gone"})' in text
    assert codes.count("F2F307") == 2
    assert fastapi_answers(paths) == flask


# -- the attributes an error handler reads ---------------------------------------------------

ERRORS_APP = """\
    from flask import Flask, abort, jsonify
    from werkzeug.exceptions import BadRequest, NotFound


    class TokenMissing(BadRequest):
        description = "The CSRF token is missing."


    class Teapot(Exception):
        code = 418
        description = "short and stout"


    app = Flask(__name__)


    @app.errorhandler(TokenMissing)
    def token_missing(e):
        return jsonify(error=e.description, code=e.code), 400


    @app.errorhandler(Teapot)
    def teapot(e):
        return jsonify(error=e.description, code=e.code), e.code


    @app.errorhandler(NotFound)
    def not_found(e):
        return jsonify(error=e.description, name=e.name), 404


    @app.errorhandler(500)
    def server_error(e):
        return jsonify(
            error=e.description,
            code=e.code,
            name=e.name,
            kind=type(e.original_exception).__name__,
        ), 500


    @app.route("/token")
    def token():
        raise TokenMissing()


    @app.route("/teapot")
    def brew():
        raise Teapot()


    @app.route("/missing")
    def missing():
        abort(404, "no such page")


    @app.route("/boom")
    def boom():
        raise KeyError("x")
    """
ERROR_PATHS = ["/token", "/teapot", "/missing", "/boom"]


def test_error_attributes_follow_how_the_error_arrives(project: Path) -> None:
    write(project, app=ERRORS_APP)
    flask = flask_answers(ERROR_PATHS)
    text, _ = convert(project)
    assert "jsonify" not in text
    assert '{"error": e.description, "code": e.code}' in text  # TokenMissing, Teapot
    assert '{"error": e.detail, "name": HTTPStatus(e.status_code).phrase}' in text
    assert '"code": 500' in text and '"kind": type(e).__name__' in text
    assert fastapi_answers(ERROR_PATHS) == flask


# -- url_for and route defaults ----------------------------------------------------------------

DEFAULTS_APP = """\
    from flask import Flask, url_for

    app = Flask(__name__)


    @app.route("/", defaults={"js": "fetch"})
    @app.route("/<js>")
    def index(js):
        return {"js": js, "same": url_for("index", js="fetch"), "other": url_for("index", js="x"),
                "none": url_for("index"), "query": url_for("index", js="fetch", q=1)}


    @app.route("/users/")
    @app.route("/users/<int:page>")
    def users(page=1):
        return {"one": url_for("users", page=1), "two": url_for("users", page=2),
                "none": url_for("users")}


    @app.route("/posts/", defaults={"page": 1})
    @app.route("/posts/page/<int:page>")
    def posts(page):
        return {"one": url_for("posts", page=1), "two": url_for("posts", page=2),
                "none": url_for("posts")}
    """
# (Flask redirects /fetch and /posts/page/1 to the rule with the default: not converted)
DEFAULTS_PATHS = ["/", "/other", "/users/", "/users/3", "/posts/", "/posts/page/2"]


def test_url_for_picks_the_rule_flask_picked_for_default_values(project: Path) -> None:
    write(project, app=DEFAULTS_APP)
    flask = flask_answers(DEFAULTS_PATHS)
    text, _ = convert(project)
    assert text.count("@web_compat.rule_defaults(") == 2
    assert '@app.get("/{js}")\n@web_compat.rule_defaults(js="fetch")\ndef index(' in text
    assert fastapi_answers(DEFAULTS_PATHS) == flask


# -- after_request hooks and unhandled exceptions ----------------------------------------------

HOOK_APP = """\
    from flask import Flask

    app = Flask(__name__)


    @app.after_request
    def cors(response):
        response.headers["Access-Control-Allow-Origin"] = "*"
        return response


    @app.route("/ok")
    def ok():
        return "fine"


    @app.route("/boom")
    def boom():
        raise RuntimeError("broken")
    """


def test_after_request_hooks_see_the_500_answer(project: Path) -> None:
    write(project, app=HOOK_APP)
    flask = flask_answers(["/ok", "/boom"])
    assert flask[1][0] == 500 and flask[1][2] == "*"
    text, codes = convert(project)
    assert "response = await web_compat.server_error(request, exc)" in text
    assert "F2F901" in codes
    assert fastapi_answers(["/ok", "/boom"]) == flask


def test_after_request_hooks_see_the_app_s_own_500_answer(project: Path) -> None:
    write(
        project,
        app=HOOK_APP
        + """\


    @app.errorhandler(Exception)
    def failed(e):
        return {"failed": str(e)}, 500
    """,
    )
    flask = flask_answers(["/boom"])
    assert flask == [(500, {"failed": "broken"}, "*")]
    convert(project)
    assert fastapi_answers(["/boom"]) == flask


@pytest.mark.parametrize("setting", ["TESTING", "PROPAGATE_EXCEPTIONS"])
def test_exceptions_still_propagate_where_flask_let_them(project: Path, setting: str) -> None:
    write(project, app=HOOK_APP)
    flask_app = reload_app().app
    flask_app.config[setting] = True
    with pytest.raises(RuntimeError, match="broken"):
        flask_app.test_client().get("/boom")
    convert(project)
    app = reload_app().app
    app.state.config = {setting: True}
    with pytest.raises(RuntimeError, match="broken"):
        TestClient(app).get("/boom")
    app.state.config = {setting: False, "TESTING": False}
    assert TestClient(app).get("/boom").status_code == 500


TEARDOWN_APP = """\
    from flask import Flask

    app = Flask(__name__)
    SEEN = []


    @app.after_request
    def cors(response):
        response.headers["Access-Control-Allow-Origin"] = "*"
        return response


    @app.teardown_request
    def close(exc):
        SEEN.append(type(exc).__name__)


    @app.route("/ok")
    def ok():
        return "fine"


    @app.route("/boom")
    def boom():
        raise RuntimeError("broken")
    """


def test_teardown_hooks_still_get_the_exception_the_500_answered(project: Path) -> None:
    write(project, app=TEARDOWN_APP)
    flask = flask_answers(["/ok", "/boom"])
    seen = list(sys.modules["app"].SEEN)
    assert seen == ["NoneType", "RuntimeError"]
    text, _ = convert(project)
    assert 'error = request.scope.get("web_compat.server_error")' in text
    assert fastapi_answers(["/ok", "/boom"]) == flask
    assert seen == sys.modules["app"].SEEN


def test_methods_returning_tuples_are_found_for_class_based_views(project: Path) -> None:
    write(
        project,
        app="""\
        from flask import Flask
        from flask.views import MethodView

        app = Flask(__name__)
        ITEMS = {1: "apple"}


        class Answers:
            def missing(self, item_id):
                return {"error": f"no item {item_id}"}, 404


        class ItemAPI(Answers, MethodView):
            def get(self, item_id):
                if item_id not in ITEMS:
                    return self.missing(item_id)
                return {"name": ITEMS[item_id]}

            def delete(self, item_id):
                if item_id not in ITEMS:
                    return self.refuse()
                return {"deleted": ITEMS.pop(item_id)}

            def refuse(self):
                return "refused", 409


        app.add_url_rule("/items/<int:item_id>", view_func=ItemAPI.as_view("item"))
        """,
    )
    paths = ["/items/1", "/items/2"]
    flask = flask_answers(paths)
    text, codes = convert(project)
    assert "return web_compat.make_response(self.missing(item_id))" in text
    assert "return web_compat.make_response(self.refuse())" in text
    assert codes.count("F2F318") == 2
    assert fastapi_answers(paths) == flask


def test_make_response_of_a_named_response_with_a_status(project: Path) -> None:
    write(
        project,
        app="""\
        from flask import Flask, jsonify, make_response

        app = Flask(__name__)


        @app.route("/")
        def index():
            response = jsonify(made=True)
            return make_response(response, 201, {"X-A": "made"})
        """,
    )
    flask = flask_answers(["/"])
    text, codes = convert(project)
    assert 'return web_compat.make_response(response, 201, {"X-A": "made"})' in text
    assert "F2F316" in codes and "F2F303" not in codes
    assert fastapi_answers(["/"]) == flask


def test_after_request_hooks_reading_the_request_and_g_take_the_request(project: Path) -> None:
    write(
        project,
        app="""\
        from flask import Flask, g, request

        app = Flask(__name__)


        @app.before_request
        def identify():
            g.user = request.headers.get("X-User", "anonymous")


        @app.after_request
        def cors(response):
            response.headers["X-A"] = g.user + " from " + request.headers.get("Origin", "*")
            return response


        @app.route("/")
        def index():
            return "hi"
        """,
    )
    flask = flask_answers(["/"])
    text, codes = convert(project)
    assert "def cors(response, *, request: Request):" in text
    assert 'response.headers["X-A"] = request.state.user + " from "' in text
    assert "return await run_in_threadpool(cors, response, request=request)" in text
    assert "F2F403" not in codes and "F2F001" not in codes
    assert flask == [(200, "hi", "anonymous from *")]
    assert fastapi_answers(["/"]) == flask
