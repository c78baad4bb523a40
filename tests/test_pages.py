"""Server-rendered pages: what the templates and responses rules write, and refuse."""

from __future__ import annotations

from pathlib import Path

from tests.test_rules import convert


def test_cookie_defaults_follow_flask(tmp_path: Path) -> None:
    text, _ = convert(
        tmp_path,
        """\
        from flask import Flask, make_response

        app = Flask(__name__)


        @app.route("/")
        def index():
            response = make_response("hi")
            response.set_cookie("a", "1", max_age=60)
            response.delete_cookie("b")
            response.set_cookie("c", "2", samesite="Strict")
            return response


        @app.after_request
        def stamp(response):
            response.set_cookie("seen", "1")
            return response


        def unrelated(jar):
            jar.set_cookie("x", "y")
        """,
    )
    assert 'response.set_cookie("a", "1", max_age=60, samesite=None)' in text
    assert 'response.delete_cookie("b", samesite=None)' in text
    assert 'response.set_cookie("c", "2", samesite="Strict")' in text
    assert 'response.set_cookie("seen", "1", samesite=None)' in text
    assert 'jar.set_cookie("x", "y")\n' in text  # not response code: left alone


def test_templates_url_for_and_flash(tmp_path: Path) -> None:
    text, codes = convert(
        tmp_path,
        """\
        from flask import Flask, flash, redirect, render_template, url_for

        app = Flask(__name__)


        class Post:
            def link(self):
                return url_for("show", post_id=1)


        @app.route("/posts/<int:post_id>")
        def show(post_id):
            body = render_template("post.html", post_id=post_id)
            flash("seen")
            return render_template("page.html", body=body), 201


        @app.route("/old")
        def old():
            return redirect(url_for("show", post_id=2), code=301)
        """,
    )
    assert "from . import web_compat" not in text and "import web_compat" in text
    assert 'body = web_compat.render_template(request, "post.html", post_id=post_id)' in text
    assert 'web_compat.flash(request, "seen")' in text
    assert (
        'return web_compat.templates.TemplateResponse(request, "page.html", {"body": body}, '
        "status_code=201)"
    ) in text
    assert (
        'return RedirectResponse(web_compat.url_for(request, "show", post_id=2), status_code=301)'
        in text
    )
    # a model method has no request: left, and said why
    assert 'return url_for("show", post_id=1)' in text
    assert "F2F311" in codes and "F2F001" in codes


def test_support_module_is_written_once_beside_the_app(tmp_path: Path) -> None:
    from flask2fastapi.runner import run, write_results

    package = tmp_path / "shop"
    package.mkdir()
    (package / "__init__.py").write_text(
        "from flask import Flask\napp = Flask(__name__)\nfrom shop import views  # noqa\n"
    )
    (package / "views.py").write_text(
        "from flask import render_template\nfrom shop import app\n\n"
        "@app.route('/')\ndef index():\n    return render_template('index.html')\n"
    )
    result = run([tmp_path], jobs=1)
    files = {r.file for r in result.results if r.changed}
    assert "shop/web_compat.py" in files
    write_results(result)
    views = (package / "views.py").read_text()
    assert "from . import web_compat" in views
    (package / "web_compat.py").write_text("# edited by the team\n")
    again = run([tmp_path], jobs=1)
    assert not any(r.changed for r in again.results)
    assert (package / "web_compat.py").read_text() == "# edited by the team\n"


def test_templates_using_flask_only_api_are_reported_until_fixed(tmp_path: Path) -> None:
    from flask2fastapi.runner import run, write_results

    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text(
        "<p>{{ request.args.get('q') }}</p>\n<p>{{ current_user.name }}</p>\n"
        "<p>{{ request.form['x'] }}</p>\n"
    )
    (tmp_path / "app.py").write_text(
        "from flask import Flask, render_template\napp = Flask(__name__)\n\n"
        "@app.route('/')\ndef index():\n    return render_template('page.html')\n"
    )
    for _ in range(2):  # written by the first run, read again by the second
        result = run([tmp_path], jobs=1)
        found = [(f.file, f.line, f.code) for f in result.report.findings if f.code == "F2F315"]
        assert found == [("templates/page.html", 2, "F2F315"), ("templates/page.html", 3, "F2F315")]
        write_results(result)


def test_module_style_flask_imports_convert(tmp_path: Path) -> None:
    text, _ = convert(
        tmp_path,
        """\
        import flask

        app = flask.Flask(__name__)


        @app.route("/")
        def index():
            return flask.redirect(flask.url_for("other"))


        @app.route("/other")
        def other():
            return flask.render_template("other.html")
        """,
    )
    assert 'RedirectResponse(web_compat.url_for(request, "other"), status_code=302)' in text
    assert 'web_compat.templates.TemplateResponse(request, "other.html", {})' in text


def test_flask_types_in_annotations(tmp_path: Path) -> None:
    text, codes = convert(
        tmp_path,
        """\
        from collections.abc import Callable
        from flask import Blueprint, Flask, jsonify
        from flask.typing import ResponseReturnValue
        from werkzeug.exceptions import NotFound

        bp = Blueprint("api", __name__)


        def create_app() -> Flask:
            app = Flask(__name__)

            @app.errorhandler(404)
            def missing(error: NotFound) -> ResponseReturnValue:
                return jsonify(error="missing"), 404

            return app


        def wrap(view: Callable[..., ResponseReturnValue]) -> Callable[..., ResponseReturnValue]:
            return view


        @bp.route("/")
        def index() -> ResponseReturnValue:
            return jsonify(ok=True)


        def router() -> Blueprint:
            return bp
        """,
    )
    assert "def create_app() -> FastAPI:" in text
    assert "def missing(request: Request, error: StarletteHTTPException) -> Any:" in text
    assert "def wrap(view: Callable[..., Any]) -> Callable[..., Any]:" in text
    assert "def index():" in text  # no response model from Flask's return union
    assert "def router() -> APIRouter:" in text
    assert "flask" not in text.replace("flask2fastapi", "") and "werkzeug" not in text
    assert "F2F001" not in codes and "F2F002" not in codes
