"""Request data rule: what handlers read from ``request`` becomes typed parameters."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest
from fastapi.testclient import TestClient

from flask2fastapi.runner import run
from tests.projects import convert_tree, imported

HEAD = "from flask import Flask, jsonify, request\napp = Flask(__name__)\n"


def convert(tmp_path: Path, body: str, python: str = ">=3.10") -> tuple[str, list[str]]:
    """Convert ``body`` in a project that declares ``requires-python = python``."""
    (tmp_path / "pyproject.toml").write_text(f'[project]\nrequires-python = "{python}"\n')
    (tmp_path / "app.py").write_text(HEAD + textwrap.dedent(body))
    result = run([tmp_path], jobs=1)
    assert not result.report.failures
    new = result.results[0].new_source
    assert new is not None
    return new.decode(), [f.code for f in result.report.findings]


def load(text: str) -> ModuleType:
    """Import converted source as a module (registered, so Pydantic can resolve it)."""
    name = f"converted_{len(_LOADED)}"
    module = ModuleType(name)
    sys.modules[name] = module
    _LOADED.append(name)
    exec(compile(text, f"{name}.py", "exec"), module.__dict__)
    return module


_LOADED: list[str] = []


@pytest.mark.parametrize(
    ("read", "parameter"),
    [
        ('request.args.get("q")', "q: str | None = None"),
        ('request.args.get("q", "x")', 'q: str = "x"'),
        ('request.args.get("q", 5)', "q: str | int = 5"),
        ('request.args.get("q", type=int)', "q: int | None = None"),
        ('request.args.get("q", 0, type=float)', "q: float = 0"),
        ('request.args["q"]', "q: str"),
        ('request.args.getlist("q")', "q: list[str] = Query([])"),
        ('request.args.getlist("q", type=int)', "q: list[int] = Query([])"),
        ('request.args.get("sort-by")', 'sort_by: str | None = Query(None, alias="sort-by")'),
        ('request.args.get("class")', 'class_: str | None = Query(None, alias="class")'),
        ('request.headers.get("X-Token")', "x_token: str | None = Header(None)"),
        ('request.headers["Authorization"]', "authorization: str = Header()"),
        ('request.headers.get("X_Odd")', 'x_odd: str | None = Header(None, alias="X_Odd")'),
        ('request.cookies.get("theme", "light")', 'theme: str = Cookie("light")'),
        ('request.form.get("name", "")', 'name: str = Form("")'),
        # an empty field: Form() would refuse it or give the default; Flask gave ""
        ('request.form.get("name")', "form: web_compat.FormData = Depends(web_compat.form_data)"),
        ('request.form["name"]', "form: web_compat.FormData = Depends(web_compat.form_data)"),
        ("request.get_json(silent=True)", "payload: Any = Body(None)"),
        ("request.json", "payload: Any = Body()"),
    ],
)
def test_reads_become_parameters(tmp_path: Path, read: str, parameter: str) -> None:
    text, _ = convert(tmp_path, f'@app.route("/")\ndef view():\n    return jsonify(value={read})\n')
    assert f"def view(*, {parameter}):" in text
    assert "request" not in text.split("def view")[1].split(":")[0] or "request: Request" in text


def test_assignment_names_the_parameter(tmp_path: Path) -> None:
    text, _ = convert(
        tmp_path,
        """\
        @app.route("/")
        def view():
            size = request.args.get("page-size", 10, type=int)
            return jsonify(size=size)
        """,
    )
    assert 'def view(*, size: int = Query(10, alias="page-size")):' in text
    assert "size = " not in text


def test_same_key_read_twice_is_one_parameter(tmp_path: Path) -> None:
    text, _ = convert(
        tmp_path,
        """\
        @app.route("/")
        def view():
            if request.args.get("q"):
                return jsonify(q=request.args.get("q"))
            return jsonify()
        """,
    )
    assert "def view(*, q: str | None = None):" in text
    assert text.count("q: str") == 1


def test_path_parameter_clash_gets_an_alias(tmp_path: Path) -> None:
    text, _ = convert(
        tmp_path,
        """\
        @app.route("/<name>")
        def view(name):
            return jsonify(name=name, other=request.args.get("name"))
        """,
    )
    assert 'def view(name: str, *, name_: str | None = Query(None, alias="name")):' in text


def test_request_attributes_use_a_request_parameter(tmp_path: Path) -> None:
    text, found = convert(
        tmp_path,
        """\
        @app.route("/", methods=["GET", "POST"])
        def view():
            return jsonify(m=request.method, p=request.path, h=request.host, ip=request.remote_addr)
        """,
    )
    assert "def view(*, request: Request):" in text
    assert "request.url.path" in text and "request.url.netloc" in text
    assert "from flask" not in text
    assert found == []


def test_raw_body_is_read_by_a_dependency(tmp_path: Path) -> None:
    text, found = convert(
        tmp_path,
        """\
        @app.route("/echo", methods=["POST"])
        def echo():
            return jsonify(raw=request.get_data(as_text=True), size=len(request.data))
        """,
    )
    assert "async def read_body(request: Request) -> bytes:" in text
    assert "def echo(*, raw_body: bytes = Depends(read_body)):" in text
    assert '{"raw": raw_body.decode(), "size": len(raw_body)}' in text
    client = TestClient(load(text).app)
    assert client.post("/echo", content=b"abc").json() == {"raw": "abc", "size": 3}


@pytest.mark.parametrize(
    "read",
    [
        "request.args.get(KEY)",
        'request.args.get("flag", type=lambda v: v == "yes")',
        'request.args.get("n", compute())',
        "request.args[KEY]",
    ],
)
def test_reads_it_cannot_convert_are_reported(tmp_path: Path, read: str) -> None:
    """They stay reads, on the query as a MultiDict (Starlette's request has no ``args``)."""
    text, found = convert(tmp_path, f'@app.route("/")\ndef view():\n    return jsonify(v={read})\n')
    multidict = "web_compat.MultiDict(request.query_params.multi_items())"
    assert read.replace("request.args", multidict) in text
    assert "def view(*, request: Request):" in text
    assert found == ["F2F410"]


def test_left_reads_in_a_converted_handler_are_stable(tmp_path: Path) -> None:
    text, _ = convert(
        tmp_path,
        '@app.route("/")\ndef view():\n'
        '    return str(request.want_form_data_parsed) + request.args.get("q", "")\n',
    )
    (tmp_path / "app.py").write_text(text)
    again = run([tmp_path], jobs=1)
    assert again.report.summary.files_changed == 0
    assert {f.code for f in again.report.findings} == {"F2F404", "F2F001", "F2F120"}


def test_stream_is_the_body(tmp_path: Path) -> None:
    text, found = convert(
        tmp_path,
        '@app.route("/", methods=["POST"])\n'
        "def view():\n"
        "    return jsonify(body=request.stream.read().decode())\n",
    )
    assert '{"body": io.BytesIO(raw_body).read().decode()}' in text
    assert found == []
    assert TestClient(load(text).app).post("/", content=b"abc").json() == {"body": "abc"}


def test_helper_called_by_handlers_takes_the_request(tmp_path: Path) -> None:
    text, found = convert(
        tmp_path,
        """\
        def current_page():
            return int(request.args.get("page", "1"))


        def client_info():
            return {"agent": request.headers.get("User-Agent"), "method": request.method}


        @app.route("/a")
        def a():
            return jsonify(page=current_page(), info=client_info())


        @app.route("/b")
        def b():
            return jsonify(page=current_page())
        """,
    )
    assert "def current_page(*, request: Request):" in text
    assert 'int(web_compat.MultiDict(request.query_params.multi_items()).get("page", "1"))' in text
    assert 'request.headers.get("User-Agent"), "method": request.method' in text
    assert "current_page(request=request)" in text
    assert "def a(*, request: Request):" in text
    assert "from flask" not in text
    assert found.count("F2F408") == 2
    convert_tree(tmp_path, tmp_path / "out")
    with imported(tmp_path / "out", "app") as module:
        client = TestClient(module.app)
        answer = client.get("/a?page=4&page=5", headers={"user-agent": "t"})
    assert answer.json() == {"page": 4, "info": {"agent": "t", "method": "GET"}}


def test_decorator_reading_the_request_gets_it_from_the_handler(tmp_path: Path) -> None:
    text, found = convert(
        tmp_path,
        """\
        from functools import wraps

        TOKEN = "s3cret"


        def token_required(view):
            @wraps(view)
            def wrapper(*args, **kwargs):
                if request.headers.get("X-Token") != TOKEN:
                    return jsonify(error="bad token"), 401
                return view(*args, **kwargs)

            return wrapper


        @app.route("/secret/<int:n>")
        @token_required
        def secret(n):
            return jsonify(n=n)
        """,
    )
    assert '        request = kwargs["request"]' in text
    assert 'return JSONResponse({"error": "bad token"}, status_code=401)' in text
    assert "def secret(n: int, *, request: Request):" in text
    assert "from flask" not in text
    assert "F2F409" in found
    client = TestClient(load(text).app)
    assert client.get("/secret/3").status_code == 401
    assert client.get("/secret/3").json() == {"error": "bad token"}
    assert client.get("/secret/3", headers={"X-Token": "s3cret"}).json() == {"n": 3}


def test_helper_with_a_body_read_is_left(tmp_path: Path) -> None:
    text, found = convert(
        tmp_path,
        """\
        def payload():
            return request.get_json()


        @app.route("/a", methods=["POST"])
        def a():
            return jsonify(payload())
        """,
    )
    assert "return request.get_json()" in text
    assert "F2F403" in found


def test_request_in_a_helper_is_reported(tmp_path: Path) -> None:
    text, found = convert(
        tmp_path,
        "def page():\n    return request.args.get('page', 1, type=int)\n",
    )
    assert "request.args.get('page', 1, type=int)" in text
    assert "F2F403" in found and "F2F001" in found


def test_body_model_is_inferred_from_constant_keys(tmp_path: Path) -> None:
    text, found = convert(
        tmp_path,
        """\
        @app.route("/items", methods=["POST"])
        def create_item():
            data = request.get_json()
            price = data.get("price", 0)
            tags = data["tags"] if "tags" in data else []
            return jsonify(name=data["name"], price=price, tags=tags, odd=data.get("odd-key"))
        """,
    )
    assert "class CreateItemBody(BaseModel):" in text
    assert '    model_config = ConfigDict(extra="allow")' in text
    assert "    name: Any\n" in text
    assert "    price: Any = 0\n" in text
    assert "    tags: Any = None\n" in text
    assert '    odd_key: Any = Field(None, alias="odd-key")' in text
    assert "def create_item(*, data: CreateItemBody):" in text
    assert 'data.tags if "tags" in data.model_fields_set else []' in text
    assert "F2F406" in found
    module = load(text)
    client = TestClient(module.app)
    answer = client.post("/items", json={"name": "pen", "odd-key": 1, "extra": True})
    assert answer.json() == {"name": "pen", "price": 0, "tags": [], "odd": 1}
    assert client.post("/items", json={"price": 3}).status_code == 422
    schema = module.app.openapi()
    assert "CreateItemBody" in schema["components"]["schemas"]


def test_dynamic_body_use_keeps_any(tmp_path: Path) -> None:
    text, found = convert(
        tmp_path,
        """\
        @app.route("/items", methods=["POST"])
        def create_item():
            data = request.get_json()
            return jsonify(keys=sorted(data), name=data["name"])
        """,
    )
    assert "def create_item(*, data: Any = Body()):" in text
    assert "BaseModel" not in text
    assert "F2F405" in found


def test_converted_parameters_answer_like_flask(tmp_path: Path) -> None:
    text, _ = convert(
        tmp_path,
        """\
        @app.route("/s")
        def search():
            page = request.args.get("page", 1, type=int)
            tags = request.args.getlist("tag")
            token = request.headers.get("X-Token")
            return jsonify(page=page, tags=tags, token=token)
        """,
    )
    client = TestClient(load(text).app)
    answer = client.get("/s?page=3&tag=a&tag=b", headers={"x-token": "t"})
    assert answer.json() == {"page": 3, "tags": ["a", "b"], "token": "t"}
    assert client.get("/s").json() == {"page": 1, "tags": [], "token": None}


def test_g_in_a_handler_becomes_request_state(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        "from flask import Flask, g, jsonify\napp = Flask(__name__)\n\n\n"
        "def audit():\n    return g.get('user')\n\n\n"
        "@app.route('/')\ndef view():\n    g.user = 'ada'\n"
        "    return jsonify(user=g.user, role=g.get('role', 'guest'))\n"
    )
    result = run([tmp_path], jobs=1)
    text = result.results[0].new_source.decode()  # type: ignore[union-attr]
    assert "def view(*, request: Request):" in text
    assert "request.state.user = 'ada'" in text
    assert "\"role\": getattr(request.state, 'role', 'guest')" in text
    assert "return g.get('user')" in text
    # the g left in place runs on the Flask app kept as a host
    assert {f.code for f in result.report.findings} == {"F2F411", "F2F001", "F2F120"}
    convert_tree(tmp_path, tmp_path / "out")
    with imported(tmp_path / "out", "app") as module:
        client = TestClient(module.app)
        assert client.get("/").json() == {"user": "ada", "role": "guest"}


def test_session_uses_starlette_sessions(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        "from flask import Flask, jsonify, session\napp = Flask(__name__)\n"
        "app.secret_key = 'dev'\n\n\n"
        "@app.route('/login/<name>', methods=['POST'])\ndef login(name):\n"
        "    session['user'] = name\n    return jsonify(ok=True)\n\n\n"
        "@app.route('/me')\ndef me():\n    if 'user' not in session:\n"
        "        return jsonify(user=None), 401\n    return jsonify(user=session.get('user'))\n"
    )
    result = run([tmp_path], jobs=1)
    text = result.results[0].new_source.decode()  # type: ignore[union-attr]
    assert "app.add_middleware(web_compat.SessionMiddleware, secret_key='dev')" in text
    assert "request.session['user'] = name" in text
    assert "'user' not in request.session" in text
    assert "from flask" not in text
    assert "F2F106" in {f.code for f in result.report.findings}
    convert_tree(tmp_path, tmp_path / "out")
    with imported(tmp_path / "out", "app") as module:
        client = TestClient(module.app)
        assert client.get("/me").status_code == 401
        client.post("/login/ada")
        assert client.get("/me").json() == {"user": "ada"}


def test_before_request_hook_runs_from_a_middleware(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        "from flask import Flask, g, jsonify, request\napp = Flask(__name__)\n\n\n"
        "@app.before_request\ndef load_user():\n"
        "    if request.path.startswith('/public'):\n        return None\n"
        "    user = request.headers.get('X-User')\n"
        "    if user is None:\n        return {'error': 'who are you?'}, 401\n"
        "    g.user = user\n\n\n"
        "@app.route('/me')\ndef me():\n    return jsonify(user=g.user)\n\n\n"
        "@app.route('/public/ping')\ndef ping():\n    return 'pong'\n"
    )
    result = run([tmp_path], jobs=1)
    text = result.results[0].new_source.decode()  # type: ignore[union-attr]
    assert "def load_user(*, request: Request):" in text
    assert "request.state.user = user" in text
    assert "return JSONResponse({'error': 'who are you?'}, status_code=401)" in text
    assert "response = await run_in_threadpool(load_user, request=request)" in text
    assert "def me(*, request: Request):" in text
    assert "from flask" not in text
    assert "F2F902" in {f.code for f in result.report.findings}
    convert_tree(tmp_path, tmp_path / "out")
    with imported(tmp_path / "out", "app") as module:
        client = TestClient(module.app)
        assert client.get("/me").status_code == 401
        assert client.get("/me", headers={"X-User": "ada"}).json() == {"user": "ada"}
        assert client.get("/public/ping").text == "pong"


def test_abort_in_a_before_request_hook_is_answered_by_the_app(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        "from flask import Flask, abort, request\napp = Flask(__name__)\n\n\n"
        "@app.before_request\ndef only_json():\n"
        "    if request.headers.get('Content-Type') == 'text/plain':\n        abort(415)\n\n\n"
        "@app.errorhandler(415)\ndef unsupported(error):\n    return {'error': 'json only'}, 415\n\n\n"
        "@app.route('/')\ndef index():\n    return {'ok': True}\n"
    )
    convert_tree(tmp_path, tmp_path / "out")
    with imported(tmp_path / "out", "app") as module:
        client = TestClient(module.app)
        assert client.get("/").json() == {"ok": True}
        answer = client.get("/", headers={"Content-Type": "text/plain"})
        assert (answer.status_code, answer.json()) == (415, {"error": "json only"})


def test_helpers_of_another_module_take_the_request_from_handlers(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from flask2fastapi.runner import run, write_results

    package = tmp_path / "webshop"
    package.mkdir()
    (package / "__init__.py").write_text(
        "from flask import Flask\napp = Flask(__name__)\nfrom webshop import views  # noqa\n"
    )
    (package / "helpers.py").write_text(
        "from flask import g, request\n\n\n"
        "def page():\n    return int(request.args.get('page', '1'))\n\n\n"
        "def visitor():\n    if 'name' not in g:\n        g.name = request.headers.get('X-Name', 'anon')\n"
        "    return g.name\n\n\n"
        "def used_elsewhere():\n    return request.method\n"
    )
    (package / "views.py").write_text(
        "from flask import jsonify\nfrom webshop import app\n"
        "from webshop.helpers import page, used_elsewhere, visitor\n\n"
        "@app.route('/')\ndef index():\n    return jsonify(page=page(), who=visitor())\n\n"
        "KEPT = used_elsewhere\n"
    )
    result = run([tmp_path], jobs=1)
    write_results(result)
    helpers = (package / "helpers.py").read_text()
    views = (package / "views.py").read_text()
    assert "def page(*, request: Request):" in helpers
    assert "def visitor(*, request: Request):" in helpers
    assert "def used_elsewhere():" in helpers  # referenced outside a handler: left
    assert '"page": page(request=request), "who": visitor(request=request)' in views
    codes = [f.code for f in result.report.findings if f.file == "webshop/helpers.py"]
    assert "F2F403" in codes  # used_elsewhere, with the reason
    import importlib
    import sys

    sys.path.insert(0, str(tmp_path))
    try:
        module = importlib.import_module("webshop")
        client = TestClient(module.app)
        body = client.get("/?page=3", headers={"X-Name": "ada"}).json()
        assert body == {"page": 3, "who": "ada"}
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m == "webshop" or m.startswith("webshop.")]:
            sys.modules.pop(name)


def test_a_handler_calling_another_gives_it_the_request(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        "from flask import Flask, jsonify, request\napp = Flask(__name__)\n\n\n"
        "@app.route('/auth/<user>')\ndef auth(user, realm='main'):\n"
        "    return jsonify(user=user, realm=realm, token=request.headers.get('X-Token'),"
        " page=request.args.get('page', '1'))\n\n\n"
        "@app.route('/simple/<user>')\ndef simple(user):\n    return auth(user, 'simple')\n"
    )
    result = run([tmp_path], jobs=1)
    assert "F2F417" in {f.code for f in result.report.findings}
    convert_tree(tmp_path, tmp_path / "out")
    with imported(tmp_path / "out", "app") as module:
        client = TestClient(module.app)
        answer = client.get("/simple/ada", params={"page": "3"}, headers={"X-Token": "t"})
        assert answer.json() == {"user": "ada", "realm": "simple", "token": "t", "page": "3"}


# Werkzeug's request attributes: each converted read answers what Flask's answered
_ATTRIBUTE_HEADERS = {
    "Host": "example.test",
    "User-Agent": "probe/2",
    "If-None-Match": '"a", W/"b"',
    "Cache-Control": "no-cache, max-age=5",
    "Origin": "https://other.test",
    "Date": "Wed, 21 Oct 2015 07:28:00 GMT",
    "X-Forwarded-For": "10.0.0.1, 10.0.0.2",
    "X-Token": "t1",
    "Accept": "text/html;q=0.8, application/json",
}


@pytest.mark.parametrize(
    "read",
    [
        "request.is_json",
        "request.full_path",
        "request.script_root",
        "request.url_root + request.host_url",
        "request.is_secure",
        "request.referrer",
        "request.mimetype",
        "request.content_length",
        "request.user_agent.string",
        "str(request.user_agent)",
        "request.access_route",
        "sorted(request.if_none_match.as_set(include_weak=True))",
        "request.if_none_match.contains_weak('b')",
        "request.cache_control.max_age",
        "request.origin",
        "str(request.date)",
        "request.accept_mimetypes.best",
        "'application/json' in request.accept_mimetypes",
        "request.accept_mimetypes.accept_json",
        "request.endpoint",
        "request.blueprint",
        "request.blueprints",
        "str(request.url_rule)",
        "sorted(request.url_rule.methods)",
        "request.view_args",
        "request.values.get('q')",
        "request.values.getlist('q')",
        "request.values.to_dict(flat=False)",
        "request.headers.environ['HTTP_X_TOKEN']",
        "request.environ['HTTP_HOST']",
        "[k for k in request.headers.keys() if k.startswith(('X-', 'Or'))]",
        "[k for k, v in request.headers if k.startswith('X-')]",
        "[k for k in dict(request.headers) if k.startswith('X-')]",
        "request.headers.getlist('X-Token')",
        "request.headers.get('X-Token', type=lambda v: v.upper())",
        "sorted(request.cookies.to_dict().items())",
        "request.cookies.getlist('a')",
        "sorted(request.args.to_dict(flat=False).items())",
        "sorted(request.args.values())",
        "sorted(request.args.lists())",
        "sorted(dict(request.args).items())",
    ],
)
def test_request_attributes_answer_like_flask(tmp_path: Path, read: str) -> None:
    source = (
        "from flask import Blueprint, Flask, jsonify, request\n"
        "app = Flask(__name__)\n"
        'shop = Blueprint("shop", __name__, url_prefix="/shop")\n\n\n'
        '@shop.route("/items/<int:item>", methods=["GET", "POST"])\n'
        "def item(item):\n"
        f"    return jsonify(value={read})\n\n\n"
        "app.register_blueprint(shop)\n"
    )
    (tmp_path / "app.py").write_text(source)
    flask_app = load(source).app
    convert_tree(tmp_path, tmp_path / "out")
    text = (tmp_path / "out" / "app.py").read_text()
    assert "F2F404" not in text and "from flask" not in text
    query = "/shop/items/7?q=1&q=2&r=3"
    flask_client = flask_app.test_client()
    flask_client.set_cookie("a", "1", domain="example.test")
    flask_client.set_cookie("b", "2", domain="example.test")
    with imported(tmp_path / "out", "app") as module:
        client = TestClient(module.app)
        for method in ("GET", "POST"):
            kwargs = {"data": {"q": "form"}} if method == "POST" else {}
            expected = flask_client.open(query, method=method, headers=_ATTRIBUTE_HEADERS, **kwargs)
            headers = {**_ATTRIBUTE_HEADERS, "Cookie": "a=1; b=2"}
            answer = client.request(method, query, headers=headers, **kwargs)
            assert answer.status_code == 200, answer.text
            assert answer.json() == expected.json, (method, text)


@pytest.mark.parametrize(
    ("body", "parameter"),
    [
        # a loop variable of the same name, assigned before the read
        (
            "total = 0\n"
            "for page in range(3):\n"
            "    total += page\n"
            'page = request.args.get("page", 1, type=int)\n'
            "return jsonify(total=total, page=page)",
            'page_: int = Query(1, alias="page")',
        ),
        # assigned before, then assigned the read under an ``if``
        (
            "show_followed = False\n"
            'if request.args.get("x"):\n'
            '    show_followed = bool(request.cookies.get("show_followed", ""))\n'
            "return jsonify(show=show_followed)",
            'show_followed_: str = Cookie("", alias="show_followed")',
        ),
        # a local of the handler
        (
            'app = "local"\nreturn jsonify(app=app, value=request.args.get("app"))',
            'app_: str | None = Query(None, alias="app")',
        ),
        # a module the handler calls
        (
            'return json.dumps({"f": request.args.get("json")})',
            'json_: str | None = Query(None, alias="json")',
        ),
        # a name the conversion imports
        (
            'if request.args.get("HTTPException"):\n    abort(404)\nreturn "ok"',
            'HTTPException_: str | None = Query(None, alias="HTTPException")',
        ),
        # a module-level name the handler does not even use
        (
            'return jsonify(v=request.args.get("LIMIT"))',
            'LIMIT_: str | None = Query(None, alias="LIMIT")',
        ),
        # a builtin the body uses
        (
            'return jsonify(n=len(request.args.get("len", "")))',
            'len_: str = Query("", alias="len")',
        ),
        # with, except and comprehension targets, a nested function, a header
        (
            'with open(__file__) as token:\n    pass\nreturn jsonify(t=request.args.get("token"))',
            'token_: str | None = Query(None, alias="token")',
        ),
        (
            "try:\n    pass\nexcept ValueError as error:\n    pass\n"
            'return jsonify(e=request.args.get("error"))',
            'error_: str | None = Query(None, alias="error")',
        ),
        (
            'names = [item for item in "ab"]\nreturn jsonify(i=request.args.get("item"), n=names)',
            'item_: str | None = Query(None, alias="item")',
        ),
        (
            'def key():\n    return 1\nreturn jsonify(k=request.headers.get("Key"), v=key())',
            'key_: str | None = Header(None, alias="Key")',
        ),
        # the form or body parameter's own name
        (
            "payload = {}\nreturn jsonify(p=payload, b=request.get_json(silent=True))",
            "payload_: Any = Body(None)",
        ),
    ],
)
def test_parameters_never_shadow_a_name_in_use(tmp_path: Path, body: str, parameter: str) -> None:
    source = (
        "import json\nfrom flask import abort\nLIMIT = 3\n\n\n"
        '@app.route("/")\ndef view():\n' + textwrap.indent(body, "    ") + "\n"
    )
    text, _ = convert(tmp_path, source)
    assert f"{parameter})" in text.split("def view")[1].split("\n")[0]


def test_a_shadowed_name_answers_like_flask(tmp_path: Path) -> None:
    text, _ = convert(
        tmp_path,
        """\
        import json


        @app.route("/")
        def view():
            total = 0
            for page in range(3):
                total += page
            page = request.args.get("page", 1, type=int)
            shown = False
            if request.args.get("toggle"):
                shown = bool(request.cookies.get("shown", ""))
            return json.dumps({"json": request.args.get("json"), "page": page, "shown": shown})
        """,
    )
    client = TestClient(load(text).app)
    client.cookies.set("shown", "1")
    answer = client.get("/", params={"page": "7", "json": "csv", "toggle": "1"})
    # json.dumps gives text: Flask sent it as text/html, and so does the converted app
    assert answer.headers["content-type"].startswith("text/html")
    assert json_loads(answer.text) == {"json": "csv", "page": 7, "shown": True}


def json_loads(text: str) -> object:
    import json

    return json.loads(text)


@pytest.mark.parametrize(
    ("body", "signature", "kept"),
    [
        # the first statement and the only binding: the parameter takes its name
        ('q = request.args.get("q", "")\nreturn q', 'q: str = ""', None),
        ('title = request.args.get("title", "").strip()\nreturn title', 'title: str = ""', None),
        (
            'size = request.args.get("n", "1")\nreturn size',
            'size: str = Query("1", alias="n")',
            None,
        ),
        # under an ``if``: not at the top of the function
        (
            'if True:\n    q = request.args.get("q", "")\nreturn q',
            'q_: str = Query("", alias="q")',
            "q = q_",
        ),
        # assigned again later
        (
            'q = request.args.get("q", "")\nq = q + "!"\nreturn q',
            'q_: str = Query("", alias="q")',
            "q = q_",
        ),
        # mentioned before
        (
            'print(q)\nq = request.args.get("q", "")\nreturn q',
            'q_: str = Query("", alias="q")',
            "q = q_",
        ),
        # declared global
        (
            'global q\nq = request.args.get("q", "")\nreturn q',
            'q_: str = Query("", alias="q")',
            "q = q_",
        ),
    ],
)
def test_the_assigned_variable_names_the_parameter_only_when_safe(
    tmp_path: Path, body: str, signature: str, kept: str | None
) -> None:
    source = '@app.route("/")\ndef view():\n' + textwrap.indent(body, "    ") + "\n"
    text, _ = convert(tmp_path, source)
    assert f"def view(*, {signature}):" in text
    if kept is not None:
        assert kept in text


def test_a_computed_body_default_stays_in_the_handler(tmp_path: Path) -> None:
    text, found = convert(
        tmp_path,
        """\
        POSTS = {1: {"body": "old"}}


        @app.route("/posts/<int:id>", methods=["PUT"])
        def edit(id):
            post = POSTS[id]
            data = request.get_json()
            body = data.get("body", post["body"])
            return jsonify(body=body, title=data.get("title", "untitled"))
        """,
    )
    assert "    body: Any = None\n" in text
    assert '    title: Any = "untitled"\n' in text
    assert '(data.body if "body" in data.model_fields_set else post["body"])' in text
    assert "F2F406" in found
    client = TestClient(load(text).app)
    assert client.put("/posts/1", json={}).json() == {"body": "old", "title": "untitled"}
    assert client.put("/posts/1", json={"body": None}).json() == {"body": None, "title": "untitled"}
    assert client.put("/posts/1", json={"body": "new"}).json()["body"] == "new"


def test_a_decorator_factory_is_not_given_the_request(tmp_path: Path) -> None:
    text, found = convert(
        tmp_path,
        """\
        from functools import wraps


        def permission_required(permission):
            def decorator(f):
                @wraps(f)
                def wrapped(*args, **kwargs):
                    if request.args.get("perm") != permission:
                        return "no", 403
                    return f(*args, **kwargs)

                return wrapped

            return decorator


        @app.route("/")
        @permission_required("write")
        def view():
            return "ok"
        """,
    )
    assert '@permission_required("write")\ndef view():' in text
    assert "request=request" not in text
    assert "F2F403" in found  # the wrapper still reads Flask's request, reported


def test_a_method_named_like_a_threaded_helper_is_left(tmp_path: Path) -> None:
    text, _ = convert(
        tmp_path,
        """\
        from flask import g


        def page():
            return request.args.get("page", "1")


        class Pager:
            def page(self):
                return g.get("page", "1")


        @app.route("/")
        def view():
            return jsonify(page=page(), other=Pager().page())
        """,
    )
    assert "def page(*, request: Request):" in text
    assert "    def page(self):" in text
    assert "Pager().page()" in text


def test_converter_names_cover_the_rules_imports() -> None:
    import re

    from flask2fastapi.rules.param_names import CONVERTER_NAMES

    rules = Path(__file__).parent.parent / "src" / "flask2fastapi" / "rules"
    needed: set[str] = set()
    for path in rules.glob("*.py"):
        text = path.read_text()
        needed |= set(re.findall(r'need\(\s*"[\w.]+",\s*"(\w+)"', text))
        needed |= {m.split(".")[0] for m in re.findall(r'need\(\s*"([\w.]+)"\s*\)', text)}
    assert needed and needed <= CONVERTER_NAMES, needed - CONVERTER_NAMES


def test_get_data_with_cache_is_the_body_and_other_arguments_are_reported(
    tmp_path: Path,
) -> None:
    text, found = convert(
        tmp_path,
        """\
        @app.route("/a", methods=["POST"])
        def a():
            return jsonify(raw=request.get_data(cache=False, as_text=True))


        @app.route("/b", methods=["POST"])
        def b():
            return jsonify(raw=len(request.get_data(parse_form_data=True)))
        """,
    )
    assert '{"raw": raw_body.decode()}' in text
    assert "request.get_data(parse_form_data=True)" in text
    assert "F2F404" in found


def test_werkzeug_is_a_dependency_where_its_request_answers(tmp_path: Path) -> None:
    """Without the Flask host (which keeps Flask, and Werkzeug with it), the project needs
    Werkzeug for web_compat.werkzeug_request, and itsdangerous for web_compat.sessions."""
    (tmp_path / "requirements.txt").write_text("flask==3.1.0\n")
    (tmp_path / "settings.py").write_text("SECRET_KEY = 'k'\n")
    (tmp_path / "app.py").write_text(
        HEAD
        + "import settings\n"
        + "from flask import session\n"
        + "app.config.from_object(settings)\n\n\n"
        + '@app.route("/")\n'
        + "def view():\n"
        + "    session['seen'] = True\n"
        + "    return jsonify(json=request.is_json)\n"
    )
    result = run([tmp_path], jobs=1)
    assert not result.report.failures
    requirements = next(r for r in result.results if r.file == "requirements.txt")
    lines = (requirements.new_source or b"").decode().splitlines()
    assert "werkzeug" in lines and "itsdangerous" in lines and "flask==3.1.0" not in lines


def test_a_handler_called_outside_a_handler_is_reported(tmp_path: Path) -> None:
    text, found = convert(
        tmp_path,
        """\
        @app.route("/a")
        def a():
            return "a " + request.args.get("q", "none")


        def fallback():
            return a()
        """,
    )
    assert "    return a()\n" in text
    assert "F2F419" in found


@pytest.mark.parametrize(
    ("failed", "other", "expected"),
    [
        # the helper's module is left: its caller passes no request
        ("webshop/helpers.py", "webshop/views.py", b"return web_compat.make_response(page())"),
        # the caller's module is left: the helper takes no request
        ("webshop/views.py", "webshop/helpers.py", b"def page():"),
    ],
)
def test_calls_agree_with_a_module_left_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failed: str, other: str, expected: bytes
) -> None:
    from flask2fastapi import runner
    from flask2fastapi.report import FileFailure, FileResult

    package = tmp_path / "webshop"
    package.mkdir()
    (package / "__init__.py").write_text(
        "from flask import Flask\napp = Flask(__name__)\nfrom webshop import views  # noqa\n"
    )
    (package / "helpers.py").write_text(
        "from flask import request\n\n\ndef page():\n    return request.args.get('page', '1')\n"
    )
    (package / "views.py").write_text(
        "from webshop import app\nfrom webshop.helpers import page\n\n\n"
        "@app.route('/')\ndef index():\n    return page()\n"
    )
    convert = runner.convert_file

    def failing(rel: str, data: bytes, *args: object, **kwargs: object) -> FileResult:
        if rel == failed:  # as if its output had failed the self-check
            return FileResult(file=rel, failure=FileFailure(file=rel, reason="broken"))
        return convert(rel, data, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(runner, "convert_file", failing)
    result = run([tmp_path], jobs=1)
    converted = next(r for r in result.results if r.file == other).new_source
    assert converted is not None
    assert expected in converted


def test_files_used_whole_are_reported(tmp_path: Path) -> None:
    text, found = convert(
        tmp_path,
        '@app.route("/", methods=["POST"])\n'
        "def view():\n"
        "    return jsonify(names=[k for k, _ in request.files.items()])\n",
    )
    assert "request.files.items()" in text
    assert "F2F404" in found


def test_a_function_nested_in_a_handler_reads_the_handler_s_request(tmp_path: Path) -> None:
    text, found = convert(
        tmp_path,
        """\
        @app.route("/n", methods=["POST"])
        def n():
            x = request.args.get("x", "")

            def inner():
                return request.headers.get("X-A", "") + request.args.get("q", "none")

            def gen():
                yield request.args.get("a", "")

            return x + inner() + "".join(gen())
        """,
    )
    assert 'def n(*, request: Request, x: str = ""):' in text
    assert "F2F403" not in found  # not left on Flask's request
    convert_tree(tmp_path, tmp_path / "out")
    with imported(tmp_path / "out", "app") as module:
        client = TestClient(module.app)
        answer = client.post("/n", params={"x": "1", "q": "2", "a": "3"}, headers={"X-A": "h"})
    assert answer.text == "1h23"
