"""The web_compat module written into converted projects: its url_for, flashed messages
and file responses answer as Flask's did (checked against Flask itself)."""

from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path
from types import ModuleType

import flask
import pytest
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.staticfiles import StaticFiles
from fastapi.testclient import TestClient
from starlette.middleware.sessions import SessionMiddleware

from flask2fastapi.support import support_source


@pytest.fixture
def web_compat(tmp_path: Path) -> ModuleType:
    (tmp_path / "templates").mkdir()
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "site.css").write_text("body {}\n")
    (tmp_path / "secret.txt").write_text("not served\n")
    (tmp_path / "web_compat.py").write_text(support_source([]))
    spec = importlib.util.spec_from_file_location(
        "web_compat_under_test", tmp_path / "web_compat.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


URL_CASES = [
    ("show", {"item_id": 3}),
    ("show", {"item_id": 3, "next": "/a b", "tags": ["x", "y"], "empty": None}),
    ("show", {"item_id": 3, "_anchor": "top"}),
    ("show", {"item_id": 3, "_external": True}),
    ("index", {}),
    ("index", {"page": 2}),
    ("static", {"filename": "css/site.css", "v": 2}),
    ("shop.item", {"slug": "lamp"}),
]


def _flask_urls() -> list[str]:
    app = flask.Flask(__name__)
    app.add_url_rule("/", "index", lambda: "")
    app.add_url_rule("/items/<int:item_id>", "show", lambda item_id: "")
    shop = flask.Blueprint("shop", __name__, url_prefix="/shop")
    shop.add_url_rule("/<slug>", "item", lambda slug: "")
    app.register_blueprint(shop)
    with app.test_request_context("/", base_url="http://testserver"):
        return [flask.url_for(endpoint, **dict(values)) for endpoint, values in URL_CASES]


def test_url_for_gives_flasks_urls(web_compat: ModuleType) -> None:
    from fastapi import APIRouter

    app = FastAPI()
    app.mount("/static", StaticFiles(directory=web_compat.ROOT / "static"), name="static")
    app.add_api_route("/", lambda: "", name="index")
    app.add_api_route("/items/{item_id:int}", lambda item_id: "", name="show")
    shop = APIRouter()
    shop.add_api_route("/{slug}", lambda slug: "", name="shop.item")
    app.include_router(shop, prefix="/shop")

    @app.get("/urls")
    def urls(request: Request) -> list[str]:
        return [web_compat.url_for(request, e, **dict(v)) for e, v in URL_CASES]

    @shop.get("/relative/x", name="shop.relative")
    def relative(request: Request) -> str:
        return web_compat.url_for(request, ".item", slug="desk")

    app.include_router(shop, prefix="/shop")
    client = TestClient(app)
    assert client.get("/urls").json() == _flask_urls()
    assert client.get("/shop/relative/x").json() == "/shop/desk"


def test_flashed_messages_survive_one_redirect(web_compat: ModuleType) -> None:
    app = FastAPI()
    app.add_middleware(SessionMiddleware, secret_key="k")

    @app.get("/flash")
    def flash(request: Request) -> str:
        web_compat.flash(request, "saved", "success")
        web_compat.flash(request, "plain")
        return "ok"

    @app.get("/show")
    def show(request: Request) -> dict[str, object]:
        first = web_compat.get_flashed_messages(request, with_categories=True)
        again = web_compat.get_flashed_messages(request)  # the same within one request
        only = web_compat.get_flashed_messages(request, category_filter=["success"])
        return {"first": first, "again": again, "only": only}

    client = TestClient(app)
    client.get("/flash")
    assert client.get("/show").json() == {
        "first": [["success", "saved"], ["message", "plain"]],
        "again": ["saved", "plain"],
        "only": ["saved"],
    }
    assert client.get("/show").json() == {"first": [], "again": [], "only": []}


def test_files_answer_with_flasks_headers(web_compat: ModuleType, tmp_path: Path) -> None:
    flask_app = flask.Flask(__name__, root_path=str(tmp_path))
    app = FastAPI()

    def views(target: ModuleType) -> tuple[object, object]:
        def download() -> object:
            return target.send_file(
                io.BytesIO(b"data"),
                mimetype="text/plain",
                as_attachment=True,
                download_name="r\u00e9sum\u00e9 1.txt",
            )

        def served(name: str) -> object:
            return target.send_from_directory("static", name)

        return download, served

    download, served = views(flask)
    flask_app.add_url_rule("/dl", "dl", download)
    flask_app.add_url_rule("/files/<path:name>", "files", served)
    download, served = views(web_compat)
    app.add_api_route("/dl", download, response_model=None)
    app.add_api_route("/files/{name:path}", served, response_model=None)

    flask_client = flask_app.test_client()
    client = TestClient(app)
    for path, status in (
        ("/dl", 200),
        ("/files/site.css", 200),
        ("/files/../secret.txt", 404),
        ("/files/%2e%2e/secret.txt", 404),
        ("/files/missing.css", 404),
    ):
        before, after = flask_client.get(path), client.get(path)
        assert (before.status_code, after.status_code) == (status, status), path
        if status == 200:
            assert after.content == before.data
            for header in ("Content-Disposition", "Cache-Control", "Content-Type"):
                assert after.headers.get(header) == before.headers.get(header), (path, header)


def test_sessions_come_from_the_config_and_run_first(web_compat: ModuleType) -> None:
    """``sessions(app)``: a key loaded into the config at start-up gives the app its
    SessionMiddleware, outside the middlewares made of hooks that read the session."""
    app = FastAPI()
    app.state.config = {}
    web_compat.sessions(app)
    web_compat.sessions(app)  # twice is once
    app.state.config.update({"SECRET_KEY": "from-a-file"})

    @app.middleware("http")
    async def count(request: Request, call_next):  # type: ignore[no-untyped-def]
        request.session["hits"] = request.session.get("hits", 0) + 1
        return await call_next(request)

    @app.get("/")
    def index(request: Request) -> dict[str, int]:
        return {"hits": request.session["hits"]}

    client = TestClient(app)
    assert [client.get("/").json()["hits"] for _ in range(3)] == [1, 2, 3]
    names = [m.cls.__name__ for m in app.user_middleware]
    assert names[0] == "SessionMiddleware" and names.count("SessionMiddleware") == 1


def test_sessions_keep_a_session_middleware_added_before_the_hooks(
    web_compat: ModuleType,
) -> None:
    app = FastAPI()
    web_compat.sessions(app)
    app.add_middleware(SessionMiddleware, secret_key="k", session_cookie="own")

    @app.middleware("http")
    async def hook(request: Request, call_next):  # type: ignore[no-untyped-def]
        request.session["seen"] = True
        return await call_next(request)

    @app.get("/")
    def index(request: Request) -> dict[str, bool]:
        return {"seen": request.session["seen"]}

    client = TestClient(app)
    answer = client.get("/")
    assert answer.json() == {"seen": True}
    assert answer.cookies.get("own")


def _routing_apps(web_compat: ModuleType) -> tuple[flask.Flask, FastAPI]:
    flask_app = flask.Flask(__name__)
    shop = flask.Blueprint("shop", __name__, url_prefix="/shop")
    seen: dict[str, object] = {}

    @flask_app.before_request
    def remember() -> None:
        seen.update(hook_endpoint=flask.request.endpoint, hook_args=flask.request.view_args)

    def describe(**kwargs: object) -> dict[str, object]:
        request = flask.request
        return {
            "endpoint": request.endpoint,
            "blueprint": request.blueprint,
            "blueprints": request.blueprints,
            "rule": str(request.url_rule),
            "methods": sorted(request.url_rule.methods or ()),
            "view_args": request.view_args,
            "values": request.values.to_dict(flat=False),
            **seen,
        }

    shop.add_url_rule("/items/<int:item>", "item", describe, methods=["GET", "POST"])
    flask_app.add_url_rule("/<path:rest>", "catch", describe)
    flask_app.register_blueprint(shop)

    app = FastAPI()
    router = APIRouter()
    state: dict[str, object] = {}

    @app.middleware("http")
    async def hook(request: Request, call_next):  # type: ignore[no-untyped-def]
        state.update(
            hook_endpoint=web_compat.request_endpoint(request),
            hook_args=web_compat.request_view_args(request),
        )
        return await call_next(request)

    def view(request: Request, form: object) -> dict[str, object]:
        rule = web_compat.request_url_rule(request)
        return {
            "endpoint": web_compat.request_endpoint(request),
            "blueprint": web_compat.request_blueprint(request),
            "blueprints": web_compat.request_blueprints(request),
            "rule": str(rule),
            "methods": sorted(rule.methods),
            "view_args": web_compat.request_view_args(request),
            "values": web_compat.request_values(request, form).to_dict(flat=False),
            **state,
        }

    @router.api_route("/items/{item:int}", methods=["GET", "POST"], name="shop.item")
    def item(
        item: int, request: Request, form: object = Depends(web_compat.form_data)
    ) -> dict[str, object]:
        return view(request, form)

    app.include_router(router, prefix="/shop")

    @app.get("/{rest:path}", name="catch")
    def catch(rest: str, request: Request) -> dict[str, object]:
        return view(request, None)

    return flask_app, app


@pytest.mark.parametrize(
    ("method", "path", "form"),
    [
        ("GET", "/shop/items/3?q=1&q=2", None),
        ("POST", "/shop/items/3?q=1", {"q": "f", "r": "g"}),
        ("GET", "/about/us?x=1", None),
    ],
)
def test_request_routing_and_values_answer_like_flask(
    web_compat: ModuleType, method: str, path: str, form: dict[str, str] | None
) -> None:
    flask_app, app = _routing_apps(web_compat)
    expected = flask_app.test_client().open(path, method=method, data=form).json
    answer = TestClient(app).request(method, path, data=form)
    assert answer.json() == expected
