"""The Flask app kept as a host: what still runs on Flask answers as it did."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

from fastapi.testclient import TestClient

from tests.projects import convert_tree, imported


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


DESK = {
    "desk/__init__.py": """\
        from flask import Flask


        def create_app():
            app = Flask(__name__)
            app.secret_key = "k"
            from desk import api, site, unused  # noqa: F401

            app.register_blueprint(site.bp)
            app.register_blueprint(api.bp, url_prefix="/api")
            return app
        """,
    "desk/site.py": """\
        from flask import Blueprint, g, jsonify

        bp = Blueprint("site", __name__)


        @bp.before_app_request
        def first():
            g.order = ["site"]


        @bp.route("/order")
        def order():
            return jsonify(g.order)
        """,
    "desk/api.py": """\
        from flask import Blueprint, g, jsonify

        bp = Blueprint("api", __name__)


        @bp.before_app_request
        def second():
            g.order.append("api")


        @bp.route("/ping")
        def ping():
            return jsonify(g.order)
        """,
    "desk/unused.py": """\
        from flask import Blueprint, g

        bp = Blueprint("unused", __name__)


        @bp.before_app_request
        def never():
            g.order.append("unused")


        @bp.route("/x")
        def x():
            return "x"
        """,
}


def test_blueprint_hooks_run_in_the_order_the_app_registers_blueprints(tmp_path: Path) -> None:
    """Modules are imported api, site, unused; the app registers site, then api, and never
    unused: Flask ran site's hook first and never unused's. So does the conversion."""
    convert_tree(write(tmp_path / "src", DESK), tmp_path / "out")
    with imported(tmp_path / "out", "desk") as desk:
        client = TestClient(desk.create_app())
        assert client.get("/order").json() == ["site", "api"]
        assert client.get("/api/ping").json() == ["site", "api"]


LOGIN = {
    "club.py": """\
        from flask import Flask, abort, url_for
        from flask_login import LoginManager, UserMixin, login_required, login_user

        app = Flask(__name__)
        app.secret_key = "club-key"
        login_manager = LoginManager(app)
        login_manager.login_view = "login"


        class Member(UserMixin):
            def __init__(self, name):
                self.id = name


        @login_manager.user_loader
        def load(name):
            return Member(name)


        def link_to(endpoint):
            return url_for(endpoint)


        def member_or_404(name):
            if name != "ada":
                abort(404)
            return name


        @app.route("/login")
        def login():
            login_user(Member("ada"))
            return {"next": link_to("lounge")}


        @app.route("/lounge")
        @login_required
        def lounge():
            return {"welcome": True}


        @app.route("/members/<name>")
        def member(name):
            return {"name": member_or_404(name)}
        """,
}


def test_flask_login_url_for_and_abort_keep_running_on_the_host(tmp_path: Path) -> None:
    convert_tree(write(tmp_path / "src", LOGIN), tmp_path / "out")
    text = (tmp_path / "out" / "club.py").read_text()
    assert "LoginManager(app.state.flask_app)" in text
    with imported(tmp_path / "out", "club") as club:
        client = TestClient(club.app, base_url="http://localhost", follow_redirects=False)
        refused = client.get("/lounge")  # Flask-Login's redirect, a Flask response
        assert refused.status_code == 302
        assert refused.headers["location"].startswith("/login?next=")
        assert client.get("/login").json() == {"next": "/lounge"}  # url_for in a helper
        assert client.get("/lounge").json() == {"welcome": True}  # the session carried it
        assert client.get("/members/ada").json() == {"name": "ada"}
        assert client.get("/members/bob").status_code == 404  # abort() in a helper


DOCS_EXTENSION = """\
from flask import Blueprint


class Docs:
    \"\"\"A small extension that serves pages of its own on the app it is given.\"\"\"

    def __init__(self, app=None):
        if app is not None:
            self.init_app(app)

    def init_app(self, app):
        pages = Blueprint("docs", __name__)
        pages.add_url_rule("/manual", "manual", lambda: "the manual")
        app.register_blueprint(pages)
"""
DOCS = {
    "shelf.py": """\
        from flask import Flask, redirect, url_for
        from flask_docs import Docs

        app = Flask(__name__)
        Docs(app)


        @app.after_request
        def stamp(response):
            response.headers["X-Shelf"] = "1"
            return response


        @app.route("/")
        def index():
            return redirect(url_for("docs.manual"))
        """,
}


def test_pages_only_the_flask_host_serves_answer_inside_the_app(tmp_path: Path) -> None:
    """An extension's own pages stay on the Flask app kept as a host: the app answers them
    (after its after_request hooks), and url_for() finds them."""
    vendor = tmp_path / "vendor"  # an installed extension: not part of the project
    vendor.mkdir()
    (vendor / "flask_docs.py").write_text(DOCS_EXTENSION)
    convert_tree(write(tmp_path / "src", DOCS), tmp_path / "out")
    assert "Docs(app.state.flask_app)" in (tmp_path / "out" / "shelf.py").read_text()
    sys.path.insert(0, str(vendor))
    try:
        with imported(tmp_path / "out", "shelf") as shelf:
            serve_pages(shelf.app)
    finally:
        sys.path.remove(str(vendor))
        sys.modules.pop("flask_docs", None)


def serve_pages(app: object) -> None:
    client = TestClient(app, follow_redirects=False)  # type: ignore[arg-type]
    assert client.get("/").headers["location"] == "/manual"
    manual = client.get("/manual")
    assert (manual.status_code, manual.text) == (200, "the manual")
    assert manual.headers["x-shelf"] == "1"
    assert client.get("/nowhere").status_code == 404


PRESERVED = {
    "visits/__init__.py": """\
        from flask import Flask, g, session


        def create_app():
            app = Flask(__name__)
            app.config.update(SECRET_KEY="k", TESTING=True)

            @app.before_request
            def who():
                g.visitor = session.get("name", "nobody")

            @app.route("/hello/<name>")
            def hello(name):
                session["name"] = name
                return "hi"

            return app
        """,
    "tests/test_visits.py": """\
        from flask import g, session

        from visits import create_app


        def test_the_last_request_is_kept():
            client = create_app().test_client()
            with client:
                client.get("/hello/ada")
                assert session["name"] == "ada"
                client.get("/hello/bob")
                assert session["name"] == "bob"
                assert g.visitor == "ada"
        """,
}


def test_with_client_keeps_the_last_request_s_session_and_g(tmp_path: Path) -> None:
    import subprocess
    import sys

    source = write(tmp_path / "src", PRESERVED)
    convert_tree(source, tmp_path / "out")
    text = (tmp_path / "out" / "tests" / "test_visits.py").read_text()
    assert "with web_compat.preserve_context(client):" in text
    for root in (source, tmp_path / "out"):
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
        assert "1 passed" in run.stdout, run.stdout[-2000:]
