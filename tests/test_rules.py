"""Small cases, one rule at a time: source in, converted source and finding codes out."""

from __future__ import annotations

import shutil
import sys
import textwrap
import types
from pathlib import Path

import pytest

from flask2fastapi.rules import all_findings
from flask2fastapi.runner import run, write_results
from flask2fastapi.support import support_source

README = Path(__file__).parent.parent / "README.md"


def convert(
    tmp_path: Path, source: str, bridge: bool = True, **others: str
) -> tuple[str, list[str]]:
    """Convert ``app.py`` (plus other modules) and return its new text and finding codes
    (``bridge=False``: as ``convert --no-bridge``)."""
    (tmp_path / "app.py").write_text(textwrap.dedent(source))
    for name, text in others.items():
        path = tmp_path / f"{name.replace('__', '/')}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    result = run([tmp_path], jobs=1, bridge=bridge)
    assert not result.report.failures, result.report.failures
    by_file = {r.file: r for r in result.results}
    app = by_file["app.py"]
    text = app.new_source.decode() if app.new_source else (tmp_path / "app.py").read_text()
    return text, [f.code for f in result.report.findings if f.file == "app.py"]


HEAD = "from flask import Flask, jsonify, abort, make_response\napp = Flask(__name__)\n"


def body_of(text: str) -> str:
    """The converted text after the import lines and the app line."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("app = ")) + 1
    return "\n".join(lines[start:]).strip() + "\n"


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        ('@app.route("/a")', '@app.get("/a")'),
        ('@app.route("/a", methods=["POST"])', '@app.post("/a")'),
        ('@app.route("/a", methods=("delete",))', '@app.delete("/a")'),
        (
            '@app.route("/a", methods=["GET", "POST"])',
            '@app.api_route("/a", methods=["GET", "POST"])',
        ),
        ('@app.route("/a", methods=["GET", "get"])', '@app.get("/a")'),
        ('@app.route("/a", methods=["HEAD"])', '@app.api_route("/a", methods=["HEAD"])'),
        ('@app.route("/a", methods=METHODS)', '@app.api_route("/a", methods=METHODS)'),
        ('@app.put("/a")', '@app.put("/a")'),
        ('@app.route("/a", endpoint="view")', '@app.get("/a")'),
        ('@app.route("/a", endpoint="other")', '@app.get("/a", name="other")'),
        ("@app.route('/a/<int:x>')", "@app.get('/a/{x:int}')"),
    ],
)
def test_route_decorators(tmp_path: Path, route: str, expected: str) -> None:
    text, _ = convert(
        tmp_path, HEAD + f"METHODS = ['GET']\n{route}\ndef view(x=0):\n    return {{}}\n"
    )
    assert expected in text


@pytest.mark.parametrize(
    ("rule", "path", "annotation", "codes"),
    [
        ("/i/<x>", "/i/{x}", "x: str", []),
        ("/i/<string:x>", "/i/{x}", "x: str", []),
        ("/i/<int:x>", "/i/{x:int}", "x: int", []),
        ("/i/<path:x>", "/i/{x:path}", "x: str", []),
        ("/i/<uuid:x>", "/i/{x:uuid}", "x: uuid.UUID", []),
        ("/i/<float:x>", "/i/{x:flask_float}", "x: float", ["F2F203"]),
        ("/i/<any(a, b):x>", "/i/{x:flask_any_a_b}", "x: str", ["F2F203"]),
        ("/i/<string(length=2):x>", "/i/{x}", "x: str", ["F2F202"]),
        ("/i/<int(signed=True):x>", "/i/{x:int}", "x: int", ["F2F202"]),
        ("/i/<list:x>", "/i/{x}", "x: str", ["F2F201"]),
    ],
)
def test_converters(
    tmp_path: Path, rule: str, path: str, annotation: str, codes: list[str]
) -> None:
    text, found = convert(tmp_path, HEAD + f'@app.route("{rule}")\ndef view(x):\n    return {{}}\n')
    assert f'@app.get("{path}")' in text
    assert f"def view({annotation}):" in text
    assert found == codes
    if "uuid" in annotation:
        assert "import uuid" in text


def test_flask_convertors_are_registered_once(tmp_path: Path) -> None:
    source = HEAD + textwrap.dedent(
        """\
        @app.route("/a/<float:x>")
        def a(x):
            return {}
        @app.route("/b/<float:y>/<any('x-1', y):z>")
        def b(y, z):
            return {}
        """
    )
    text, found = convert(tmp_path, source)
    assert text.count("class FlaskFloatConvertor(FloatConvertor):") == 1
    assert 'register_url_convertor("flask_float", FlaskFloatConvertor())' in text
    assert 'register_url_convertor("flask_any_x_1_y", FlaskAnyConvertor(r"x\\-1|y"))' in text
    assert text.index("register_url_convertor(") < text.index("@app.get")
    assert found == ["F2F203", "F2F203"]


def test_existing_annotation_is_kept(tmp_path: Path) -> None:
    text, _ = convert(tmp_path, HEAD + '@app.route("/<int:x>")\ndef v(x: "int"):\n    return {}\n')
    assert 'def v(x: "int"):' in text


@pytest.mark.parametrize(
    ("option", "code"),
    [
        ("strict_slashes=False", "F2F205"),
        ("defaults={'page': 1}", "F2F212"),
        ("provide_automatic_options=False", "F2F211"),
    ],
)
def test_dropped_route_options(tmp_path: Path, option: str, code: str) -> None:
    text, found = convert(
        tmp_path, HEAD + f'@app.route("/a", {option})\ndef v(page=1):\n    return {{}}\n'
    )
    assert '@app.get("/a")' in text
    assert found == [code]


def test_defaults_become_parameter_defaults(tmp_path: Path) -> None:
    source = HEAD + textwrap.dedent(
        """\
        @app.route("/users/", defaults={"page": 1})
        @app.route("/users/page/<int:page>")
        def users(page):
            return {"page": page}

        @app.route("/a/", defaults={"x": 1})
        @app.route("/a/<int:x>/<y>")
        def clash(x, y):
            return {}
        """
    )
    text, found = convert(tmp_path, source)
    assert "def users(page: int = 1):" in text
    assert "def clash(x: int, y: str):" in text
    assert found == ["F2F212", "F2F206"]


@pytest.mark.parametrize("option", ["subdomain='api'", "host='x.org'", "redirect_to='/b'"])
def test_unsupported_route_options_leave_the_route(tmp_path: Path, option: str) -> None:
    text, found = convert(
        tmp_path, HEAD + f'@app.route("/a", {option})\ndef v():\n    return {{}}\n'
    )
    assert f'@app.route("/a", {option})' in text
    assert "F2F207" in found


def test_dynamic_rule_is_reported(tmp_path: Path) -> None:
    text, found = convert(tmp_path, HEAD + 'P = "/a"\n@app.route(P)\ndef v():\n    return {}\n')
    assert "@app.route(P)" in text
    assert "F2F208" in found


def test_route_on_an_unknown_object_is_reported(tmp_path: Path) -> None:
    source = (
        "from flask import Flask\ndef register(site):\n"
        "    @site.route('/x')\n    def v():\n        return {}\n"
    )
    text, found = convert(tmp_path, source)
    assert "@site.route('/x')" in text
    assert "F2F210" in found


def test_add_url_rule_forms(tmp_path: Path) -> None:
    source = HEAD + textwrap.dedent(
        """\
        def a(x):
            return {}
        def b():
            return {}
        app.add_url_rule("/a/<int:x>", "a", a)
        app.add_url_rule("/b", view_func=b, methods=["POST"], endpoint="create")
        app.add_url_rule("/c", "c", b, methods=["GET", "PUT"])
        app.add_url_rule("/d", "d")
        app.add_url_rule("/e", view_func=View.as_view("e"))
        """
    )
    text, found = convert(tmp_path, source)
    assert "def a(x: int):" in text
    assert 'app.add_api_route("/a/{x:int}", a)' in text
    assert 'app.add_api_route("/b", b, methods=["POST"], name="create")' in text
    assert 'app.add_api_route("/c", b, methods=["GET", "PUT"], name="c")' in text
    # a URL named for url_for() only keeps its name; the route registered first answers
    assert (
        'app.add_api_route("/d", web_compat.endpoint_alias, name="d", methods=["GET"], '
        "include_in_schema=False)"
    ) in text
    assert 'app.add_url_rule("/e", view_func=View.as_view("e"))' in text
    assert found.count("F2F209") == 1 and found.count("F2F216") == 1


def test_view_registered_from_another_module_is_annotated(tmp_path: Path) -> None:
    app = (
        "from flask import Flask\nimport handlers\napp = Flask(__name__)\n"
        'app.add_url_rule("/n/<int:n>", "show", handlers.show)\n'
    )
    (tmp_path / "handlers.py").write_text("def show(n):\n    return f'<b>{n}</b>'\n")
    text, _ = convert(tmp_path, app)
    assert 'app.add_api_route("/n/{n:int}", handlers.show)' in text
    handlers = (tmp_path / "handlers.py").read_text()
    result = run([tmp_path], jobs=1)
    converted = next(r for r in result.results if r.file == "handlers.py")
    assert converted.new_source is not None, handlers
    new = converted.new_source.decode()
    assert "def show(n: int):" in new
    assert "return HTMLResponse(f'<b>{n}</b>')" in new


@pytest.mark.parametrize(
    ("returned", "expected"),
    [
        ("jsonify(x)", "return x"),
        ("jsonify(a=1, b=x)", 'return {"a": 1, "b": x}'),
        ("jsonify(1, x)", "return [1, x]"),
        ("jsonify()", "return None"),
        ("jsonify(**x)", "return {**x}"),
        ("{'a': x}", "return {'a': x}"),
        ("[x]", "return [x]"),
    ],
)
def test_json_returns(tmp_path: Path, returned: str, expected: str) -> None:
    text, found = convert(
        tmp_path, HEAD + f'@app.route("/")\ndef v():\n    x = 1\n    return {returned}\n'
    )
    assert expected in text
    assert found == []


def test_text_handler_gets_html_response_class(tmp_path: Path) -> None:
    source = (
        HEAD
        + '@app.route("/")\ndef v():\n    if 1:\n        return "<p>a</p>"\n    return f"{1}"\n'
    )
    text, _ = convert(tmp_path, source)
    assert '@app.get("/", response_class=HTMLResponse)' in text
    assert "from fastapi.responses import HTMLResponse" in text


def test_same_status_everywhere_moves_to_the_decorator(tmp_path: Path) -> None:
    source = HEAD + '@app.route("/", methods=["POST"])\ndef v():\n    return jsonify(id=1), 201\n'
    text, _ = convert(tmp_path, source)
    assert '@app.post("/", status_code=201)' in text
    assert 'return {"id": 1}' in text


@pytest.mark.parametrize(
    ("returned", "expected"),
    [
        ("jsonify(a=1), 400", 'return JSONResponse({"a": 1}, status_code=400)'),
        (
            "{'a': 1}, 200, {'X-A': '1'}",
            "return JSONResponse({'a': 1}, status_code=200, headers={'X-A': '1'})",
        ),
        ("'text', {'X-A': '1'}", "return HTMLResponse('text', headers={'X-A': '1'})"),
        ("'', 204", "return Response(status_code=204)"),
        ("'text', [('X-A', '1')]", "return HTMLResponse('text', headers=dict([('X-A', '1')]))"),
        ("'gone', HTTPStatus.GONE", "return HTMLResponse('gone', status_code=HTTPStatus.GONE)"),
    ],
)
def test_tuple_returns(tmp_path: Path, returned: str, expected: str) -> None:
    source = (
        HEAD
        + f'@app.route("/")\ndef v():\n    if 1:\n        return {{"ok": True}}\n    return {returned}\n'
    )
    text, found = convert(tmp_path, source)
    assert expected in text
    assert found == []


def test_unknown_tuple_body_is_reported_and_left(tmp_path: Path) -> None:
    source = HEAD + '@app.route("/")\ndef v():\n    return compute(), 201\n'
    text, found = convert(tmp_path, source)
    assert "return compute(), 201" in text
    assert found == ["F2F301"]
    assert "# TODO(flask2fastapi): F2F301" in text


def test_local_variable_types_are_inferred(tmp_path: Path) -> None:
    source = (
        HEAD + '@app.route("/")\ndef v():\n    body = {"a": 1}\n    return body, 201, {"X": "1"}\n'
    )
    text, _ = convert(tmp_path, source)
    assert 'return JSONResponse(body, status_code=201, headers={"X": "1"})' in text


def test_helper_returning_jsonify_builds_a_response(tmp_path: Path) -> None:
    source = HEAD + "def error(message):\n    return jsonify(error=message), 400\n"
    text, _ = convert(tmp_path, source)
    assert 'return JSONResponse({"error": message}, status_code=400)' in text


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        ("make_response('hi')", "HTMLResponse('hi')"),
        ("make_response('hi', 202)", "HTMLResponse('hi', status_code=202)"),
        ("make_response(jsonify(a=1), 201)", 'JSONResponse({"a": 1}, status_code=201)'),
        (
            "make_response({'a': 1}, 201, {'X': '1'})",
            "JSONResponse({'a': 1}, status_code=201, headers={'X': '1'})",
        ),
        ("make_response(('hi', 202))", "HTMLResponse('hi', status_code=202)"),
        ("make_response()", "Response()"),
    ],
)
def test_make_response(tmp_path: Path, call: str, expected: str) -> None:
    source = (
        HEAD
        + f'@app.route("/")\ndef v():\n    resp = {call}\n    resp.headers["X-B"] = "2"\n    return resp\n'
    )
    text, found = convert(tmp_path, source)
    assert f"resp = {expected}" in text
    assert "make_response" not in text
    assert found == []


def test_make_response_of_unknown_value_is_reported(tmp_path: Path) -> None:
    source = HEAD + '@app.route("/")\ndef v():\n    return make_response(render(), 200)\n'
    text, found = convert(tmp_path, source)
    # the body's type is known when it runs: Flask's rules are applied then
    assert "web_compat.make_response(render(), 200)" in text
    assert found == ["F2F316"]
    text, found = convert(tmp_path, source, bridge=False)
    assert "make_response(render(), 200)" in text
    assert "F2F303" in found
    assert "from flask import make_response" in text
    assert "F2F001" in found


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("abort(404)", "raise HTTPException(status_code=404)"),
        ("abort(400, 'bad')", "raise HTTPException(status_code=400, detail='bad')"),
        ("abort(409, description='taken')", "raise HTTPException(status_code=409, detail='taken')"),
    ],
)
def test_abort(tmp_path: Path, statement: str, expected: str) -> None:
    text, found = convert(tmp_path, HEAD + f"def helper():\n    {statement}\n")
    assert expected in text
    assert found == ["F2F306"]


def test_abort_in_nested_blocks(tmp_path: Path) -> None:
    source = HEAD + textwrap.dedent(
        """\
        def helper(x):
            for i in x:
                pass
            else:
                abort(1)
            try:
                pass
            except ValueError:
                abort(2)
            else:
                abort(3)
            finally:
                abort(4)
            if x:
                pass
            elif x:
                abort(5)
            else:
                abort(6)
            with open(x):
                abort(7)
            while x:
                abort(8)
            match x:
                case 1:
                    abort(9)
        """
    )
    text, _ = convert(tmp_path, source)
    assert "abort(" not in text
    assert text.count("raise HTTPException") == 9


def test_abort_in_expression_is_reported(tmp_path: Path) -> None:
    text, found = convert(tmp_path, HEAD + "def helper(x):\n    return x or abort(404)\n")
    assert "x or abort(404)" in text
    # the abort() left in place runs on the Flask app kept as a host
    assert sorted(found) == ["F2F001", "F2F120", "F2F304"]


def test_abort_with_other_arguments_is_left(tmp_path: Path) -> None:
    text, found = convert(tmp_path, HEAD + "def helper(code, *args):\n    abort(code, *args)\n")
    assert "abort(code, *args)" in text
    assert "F2F308" in found


def test_names_in_annotations_keep_their_import(tmp_path: Path) -> None:
    source = (
        "from flask import Flask, Config\napp = Flask(__name__)\ndef f() -> Config:\n    pass\n"
    )
    text, found = convert(tmp_path, source)
    assert "from flask import Config" in text
    assert "F2F001" in found


def test_response_annotations_become_fastapis(tmp_path: Path) -> None:
    source = (
        "from flask import Flask, Response\napp = Flask(__name__)\n"
        "def f(r: Response) -> Response:\n    return r\n"
    )
    text, found = convert(tmp_path, source)
    assert "from fastapi import FastAPI, Response" in text and "flask" not in text
    assert "def f(r: Response) -> Response:" in text


def test_a_name_from_flask_and_fastapi_is_a_clash(tmp_path: Path) -> None:
    # the name is also bound in the module: it cannot simply take another name
    source = (
        "from flask import Flask, Request, request\napp = Flask(__name__)\n"
        "def helper(r: Request):\n    return r\n"
        "def other(Request=None):\n    return Request\n"
        "@app.route('/')\ndef index():\n    return request.method\n"
    )
    text, found = convert(tmp_path, source)
    assert "F2F005" in found
    assert "# TODO(flask2fastapi): F2F005 Request: imported from Flask" in text


def test_a_flask_name_the_converted_code_also_imports_takes_another_name(
    tmp_path: Path,
) -> None:
    # Werkzeug's HTTPException still read, FastAPI's raised by the converted abort():
    # each keeps its meaning, and a second run changes nothing
    source = (
        "from flask import Flask, Request, abort, request\n"
        "from werkzeug.exceptions import HTTPException\napp = Flask(__name__)\n"
        "def helper(r: Request):\n    return r\n"
        "def is_http(e):\n    return isinstance(e, HTTPException)\n"
        "@app.route('/')\ndef index():\n    abort(404)\n    return request.method\n"
    )
    text, found = convert(tmp_path, source)
    assert "F2F005" not in found
    assert "from werkzeug.exceptions import HTTPException as WerkzeugHTTPException" in text
    assert "from flask import Request as FlaskRequest" in text
    assert "return isinstance(e, WerkzeugHTTPException)" in text
    assert "def helper(r: FlaskRequest):" in text
    assert "raise HTTPException(status_code=404)" in text
    assert "def index(*, request: Request):" in text
    again, _ = convert(tmp_path, text)
    assert again == text


def test_abort_with_a_response_is_reported(tmp_path: Path) -> None:
    text, found = convert(tmp_path, HEAD + "def helper(x):\n    abort(make_response('no', 400))\n")
    assert "F2F305" in found


@pytest.mark.parametrize(
    ("run_call", "expected", "codes"),
    [
        ("app.run()", "uvicorn.run(app, port=5000)", []),
        ("app.run(host='0.0.0.0', port=8080)", "uvicorn.run(app, host='0.0.0.0', port=8080)", []),
        (
            "app.run('0.0.0.0', 8080, True)",
            "uvicorn.run(app, host='0.0.0.0', port=8080)",
            ["F2F102"],
        ),
        ("app.run(debug=True)", "uvicorn.run(app, port=5000)", ["F2F102"]),
        ("app.run(debug=False)", "uvicorn.run(app, port=5000)", []),
        ("app.run(ssl_context='adhoc')", "app.run(ssl_context='adhoc')", ["F2F103"]),
    ],
)
def test_app_run(tmp_path: Path, run_call: str, expected: str, codes: list[str]) -> None:
    text, found = convert(tmp_path, HEAD + f"if __name__ == '__main__':\n    {run_call}\n")
    assert expected in text
    assert [c for c in found if c != "F2F001"] == codes
    if "uvicorn.run" in expected:
        assert "import uvicorn" in text


def test_flask_constructor_arguments(tmp_path: Path) -> None:
    source = "from flask import Flask\napp = Flask(__name__, template_folder='tpl')\n"
    text, found = convert(tmp_path, source)
    assert "app = FastAPI()" in text
    assert found == ["F2F101"]


def test_app_factory(tmp_path: Path) -> None:
    source = textwrap.dedent(
        """\
        from flask import Flask

        def create_app():
            app = Flask(__name__)

            @app.route("/<int:n>")
            def double(n):
                return {"n": n * 2}

            return app
        """
    )
    text, found = convert(tmp_path, source)
    assert "app = FastAPI()" in text
    assert '@app.get("/{n:int}")' in text
    assert "def double(n: int):" in text
    assert found == []


def test_imports_and_comments(tmp_path: Path) -> None:
    source = textwrap.dedent(
        '''\
        """Doc."""
        # the web framework
        from flask import Flask, jsonify
        import os

        app = Flask(__name__)


        @app.route("/")
        def v():
            return jsonify(os.getcwd())
        '''
    )
    text, _ = convert(tmp_path, source)
    assert text.startswith(
        '"""Doc."""\n# the web framework\nfrom fastapi import FastAPI\nimport os\n'
    )


def test_blank_lines_between_import_groups_survive(tmp_path: Path) -> None:
    source = textwrap.dedent(
        """\
        import os

        from flask import Flask, abort

        from mypkg import thing

        app = Flask(__name__)
        """
    )
    text, _ = convert(tmp_path, source)
    assert text.startswith("import os\n\nfrom fastapi import FastAPI\n\nfrom mypkg import thing\n")


def test_module_import_form(tmp_path: Path) -> None:
    source = "import flask\napp = flask.Flask(__name__)\n@app.route('/')\ndef v():\n    flask.abort(404)\n"
    text, found = convert(tmp_path, source)
    assert "import flask" not in text
    assert "raise HTTPException(status_code=404)" in text
    assert "F2F001" not in found


def test_views_module_importing_the_app(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text(
        "from flask import Flask\napp = Flask(__name__)\nfrom pkg import views  # noqa\n"
    )
    (tmp_path / "pkg" / "views.py").write_text(
        "from pkg import app\n\n@app.route('/<int:x>')\ndef v(x):\n    return 'x'\n"
    )
    (tmp_path / "app.py").write_text("")
    result = run([tmp_path], jobs=1)
    views = next(r for r in result.results if r.file == "pkg/views.py")
    assert views.new_source is not None
    new = views.new_source.decode()
    assert "@app.get('/{x:int}', response_class=HTMLResponse)" in new
    assert "def v(x: int):" in new


def test_residue_is_reported_on_the_import(tmp_path: Path) -> None:
    source = "from flask import Flask, has_request_context\napp = Flask(__name__)\n@app.route('/')\ndef v():\n    return str(has_request_context())\n"
    text, found = convert(tmp_path, source)
    assert "from flask import has_request_context" in text
    assert "# TODO(flask2fastapi): F2F001 Flask API still used here: has_request_context." in text
    assert found == ["F2F001", "F2F120"]  # it runs on the Flask app kept as a host


def test_werkzeug_residue(tmp_path: Path) -> None:
    source = "from werkzeug.exceptions import NotFound\nfrom flask import Flask\napp = Flask(__name__)\ndef v():\n    raise NotFound()\n"
    _, found = convert(tmp_path, source)
    assert found == ["F2F002"]


def test_file_without_flask_is_not_parsed(tmp_path: Path) -> None:
    (tmp_path / "plain.py").write_text("x = 1\n")
    (tmp_path / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    result = run([tmp_path], jobs=1)
    assert result.report.summary.files_scanned == 2
    assert result.report.summary.files_parsed == 1


def test_every_finding_code_is_documented() -> None:
    readme = README.read_text()
    for rule, spec in all_findings():
        assert spec.code in readme, f"{spec.code} ({rule}) is not documented in the README"
        assert spec.message and spec.suggestion
    codes = [spec.code for _, spec in all_findings()]
    assert len(codes) == len(set(codes)), "finding codes must be unique"


def test_blueprint_becomes_a_router(tmp_path: Path) -> None:
    source = textwrap.dedent(
        """\
        from flask import Blueprint, Flask

        admin = Blueprint("admin", __name__, url_prefix="/admin/", static_folder="st")
        app = Flask(__name__)


        @admin.route("/users", endpoint="people")
        def users():
            return {}


        @admin.before_request
        def check():
            pass


        child = Blueprint("child", __name__)
        admin.register_blueprint(child)
        app.register_blueprint(admin)
        app.register_blueprint(admin, url_prefix=PREFIX)
        """
    )
    text, found = convert(tmp_path, source)
    assert 'admin = APIRouter(tags=["admin"])' in text
    assert '@admin.get("/users", name="admin.people")' in text
    assert 'app.include_router(admin, prefix="/admin")' in text
    assert "admin.include_router(child)" in text
    assert "app.register_blueprint(admin, url_prefix=PREFIX)" in text
    # the blueprint's hook runs for its routes only, from web_compat (on the Flask host)
    assert "@web_compat.before_request(admin)" in text
    assert sorted(found) == ["F2F120", "F2F501", "F2F502", "F2F503", "F2F505"]


def test_cors_becomes_middleware(tmp_path: Path) -> None:
    source = textwrap.dedent(
        """\
        from flask import Flask
        from flask_cors import CORS, cross_origin

        app = Flask(__name__)
        CORS(app, origins="https://shop.example", supports_credentials=True, max_age=60)


        @app.route("/")
        @cross_origin()
        def index():
            return {}
        """
    )
    text, found = convert(tmp_path, source)
    assert (
        'app.add_middleware(CORSMiddleware, allow_origins=["https://shop.example"], '
        'allow_methods=["*"], allow_headers=["*"], allow_credentials=True, max_age=60)'
    ) in text
    assert "from fastapi.middleware.cors import CORSMiddleware" in text
    assert "from flask_cors import cross_origin" in text
    # cross_origin stays a Flask extension: the Flask app kept as a host is there for it
    assert sorted(found) == ["F2F120", "F2F801", "F2F802", "F2F803"]


def test_cors_with_resources_is_left(tmp_path: Path) -> None:
    source = "from flask import Flask\nfrom flask_cors import CORS\napp = Flask(__name__)\nCORS(app, resources={r'/api/*': {}})\n"
    text, found = convert(tmp_path, source)
    assert "CORS(app, resources=" in text
    assert "F2F802" in found


def test_after_request_hook_runs_from_a_middleware(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = textwrap.dedent(
        """\
        from flask import Flask, abort

        app = Flask(__name__)


        @app.after_request
        def security_headers(response):
            response.headers["X-Frame-Options"] = "DENY"
            return response


        @app.route("/")
        def index():
            return "hi"


        @app.route("/missing")
        def missing():
            abort(404)
        """
    )
    text, found = convert(tmp_path, source)
    assert "def security_headers(response):" in text
    assert (
        '@app.middleware("http")\nasync def security_headers_middleware(request: Request, call_next):'
        in text
    )
    assert "        response = await call_next(request)" in text
    assert "        response = await web_compat.server_error(request, exc)" in text
    assert "    return await run_in_threadpool(security_headers, response)" in text
    assert "F2F104" not in found and "F2F901" in found
    support = types.ModuleType("web_compat")
    support.__file__ = str(tmp_path / "web_compat.py")
    exec(compile(support_source([]), support.__file__, "exec"), support.__dict__)
    monkeypatch.setitem(sys.modules, "web_compat", support)
    namespace: dict[str, object] = {}
    exec(compile(text, "app.py", "exec"), namespace)
    from fastapi.testclient import TestClient

    client = TestClient(namespace["app"])  # type: ignore[arg-type]
    assert client.get("/").headers["X-Frame-Options"] == "DENY"
    assert client.get("/missing").headers["X-Frame-Options"] == "DENY"


def test_flask_login_without_the_bridge_becomes_dependencies(tmp_path: Path) -> None:
    """With ``--no-bridge`` Flask-Login's current_user and login_required become FastAPI
    dependencies written beside the LoginManager (to be filled in: F2F804); with the
    bridge (the golden case extensions__flask_login) Flask-Login keeps running."""
    source = Path(__file__).parent / "golden" / "extensions__flask_login" / "input"
    shutil.copytree(source, tmp_path / "p")
    result = run([tmp_path / "p"], jobs=1, bridge=False)
    by_file = {r.file: r.new_source.decode() for r in result.results if r.new_source}
    package, views = by_file["members/__init__.py"], by_file["members/views.py"]
    assert "def current_user_or_anonymous(request: Request):" in package
    assert "def get_current_user(request: Request):" in package
    assert "def members_only(*, current_user=Depends(get_current_user)):" in views
    assert "def index(*, current_user=Depends(current_user_or_anonymous)):" in views
    assert "F2F804" in {f.code for f in result.report.findings}
    assert "host_flask" not in package


def test_hooks_left_reading_flask_s_request_convert_to_themselves(tmp_path: Path) -> None:
    """A before_request hook that keeps Flask's request (an attribute with no Starlette
    equivalent) and an after_request hook: a second run adds no TODO and changes nothing."""
    (tmp_path / "app.py").write_text(
        textwrap.dedent(
            """\
            from flask import Flask, request

            app = Flask(__name__)


            @app.before_request
            def guard():
                if request.environ.get("HTTP_TRANSFER_ENCODING") == "chunked":
                    return "no", 501


            @app.after_request
            def cors(response):
                response.headers["X-Origin"] = request.headers.get("Origin", "*")
                return response


            @app.route("/")
            def index():
                return "hi"
            """
        )
    )
    first = run([tmp_path], jobs=1)
    write_results(first)
    again = run([tmp_path], jobs=1)
    assert again.report.summary.files_changed == 0
    assert sorted(f.code for f in again.report.findings) == sorted(
        f.code for f in first.report.findings if f.severity != "info"
    )


def test_a_route_declared_before_a_more_static_one_is_reported(tmp_path: Path) -> None:
    source = textwrap.dedent(
        """\
        from flask import Flask

        app = Flask(__name__)


        @app.route("/items/<name>")
        def item(name):
            return name


        @app.route("/items/latest")
        def latest():
            return "latest"


        @app.route("/users/<int:uid>")
        def user(uid):
            return str(uid)


        @app.route("/users/me")
        def me():
            return "me"


        @app.route("/files/<name>", methods=["POST"])
        def upload(name):
            return name


        @app.route("/files/new")
        def new_file():
            return "form"
        """
    )
    text, found = convert(tmp_path, source)
    # only /items: <int:uid> never matched "me", and POST /files/<name> no GET
    assert found.count("F2F217") == 1
    assert "F2F217 `/items/{name}` is declared before `/items/latest`" in text


def test_route_aliases_and_call_forms_convert(tmp_path: Path) -> None:
    """``route = app.route``, ``app.route(rule)(view)`` and ``app.errorhandler(404)(f)``."""
    from fastapi.testclient import TestClient

    from tests.projects import convert_tree, imported

    (tmp_path / "app.py").write_text(
        textwrap.dedent(
            """\
            from flask import Flask, jsonify

            app = Flask(__name__)
            route = app.route


            @route("/a/<int:n>")
            def a(n):
                return jsonify(a=n)


            def b():
                return "b"


            app.route("/b", methods=["POST"])(b)


            def missing(error):
                return jsonify(error=error.description, code=error.code), 404


            app.errorhandler(404)(missing)
            """
        )
    )
    text, found = convert(tmp_path, (tmp_path / "app.py").read_text())
    assert "route = app.route" not in text and '@app.get("/a/{n:int}")' in text
    assert 'app.add_api_route("/b", b, methods=["POST"])' in text
    assert "app.add_exception_handler(404, web_compat.error_handler(missing))" in text
    assert "F2F605" in found
    convert_tree(tmp_path, tmp_path / "out")
    with imported(tmp_path / "out", "app") as module:
        client = TestClient(module.app)
        assert client.get("/a/2").json() == {"a": 2}
        assert client.post("/b").text == "b"
        missing = client.get("/nowhere")
        assert missing.status_code == 404 and missing.json()["code"] == 404
