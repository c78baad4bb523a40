"""app.config, current_app and app.logger: converted statements, refusals, and the
converted code running."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from flask2fastapi.runner import run
from tests.projects import convert_tree, imported
from tests.test_rules import convert

CONFIG_STATEMENTS = """\
import os
from flask import Flask
from settings import configs

app = Flask(__name__)
app.config.from_object(configs[os.environ.get("ENV", "dev")])
app.config.from_object(os.environ["APP_SETTINGS"])
app.config.from_object("settings.Production")
app.config.from_envvar("APP_CONFIG")
app.config["SECRET_KEY"] = os.urandom(8)
"""


def test_config_statements(tmp_path: Path) -> None:
    text, codes = convert(tmp_path, CONFIG_STATEMENTS, settings="configs = {}\n")
    lines = text.splitlines()
    # import strings and file loaders need Flask's Config: the Flask app kept as a host
    # has it, and it is the app's config (app.state.config)
    assert "web_compat.host_flask(app, Flask(__name__))" in lines
    assert "app.state.config = {}" not in lines
    assert (
        "app.state.config.update({key: getattr(source, key) for source in "
        '[configs[os.environ.get("ENV", "dev")]] for key in dir(source) if key.isupper()})'
    ) in lines
    assert 'app.state.config.from_object(os.environ["APP_SETTINGS"])' in lines
    assert 'app.state.config.from_object("settings.Production")' in lines
    assert 'app.state.config.from_envvar("APP_CONFIG")' in lines
    assert codes.count("F2F114") == 3 and "F2F120" in codes
    # the key is computed once; the host adds the session middleware when the app starts,
    # with the key the config has then
    assert 'app.state.config["SECRET_KEY"] = os.urandom(8)' in lines
    assert "add_middleware(SessionMiddleware" not in text and "F2F106" in codes
    assert "F2F104" not in codes


def test_config_statements_without_the_bridge(tmp_path: Path) -> None:
    text, codes = convert(tmp_path, CONFIG_STATEMENTS, bridge=False, settings="configs = {}\n")
    lines = text.splitlines()
    assert "app.state.config = {}" in lines
    # import strings and loaders are left as they were, with a TODO each
    assert 'app.config.from_object(os.environ["APP_SETTINGS"])' in lines
    assert 'app.config.from_object("settings.Production")' in lines
    assert 'app.config.from_envvar("APP_CONFIG")' in lines
    assert codes.count("F2F112") == 3
    assert "F2F111" in codes and "F2F104" not in codes and "host_flask" not in text


def test_config_loaders_run_on_the_host(tmp_path: Path) -> None:
    (tmp_path / "settings.cfg").write_text('GREETING = "from a file"\n')
    convert(
        tmp_path,
        """\
        from flask import Flask, current_app

        app = Flask(__name__)
        app.config.from_pyfile("settings.cfg")
        app.config.from_mapping(LIMIT=3)


        @app.route("/greeting")
        def greeting():
            return {"text": current_app.config["GREETING"], "limit": current_app.config["LIMIT"]}
        """,
    )
    convert_tree(tmp_path, tmp_path / "out")
    with imported(tmp_path / "out", "app") as module:
        client = TestClient(module.app)
        assert client.get("/greeting").json() == {"text": "from a file", "limit": 3}
        assert module.app.state.config is module.app.state.flask_app.config


def test_no_config_dict_without_config(tmp_path: Path) -> None:
    text, codes = convert(tmp_path, "from flask import Flask\napp = Flask(__name__)\n")
    assert "state.config" not in text
    assert "F2F111" not in codes


def test_current_app_in_handlers_helpers_and_elsewhere(tmp_path: Path) -> None:
    text, codes = convert(
        tmp_path,
        """\
        from flask import Flask, current_app

        app = Flask(__name__)
        app.config["LIMIT"] = 2


        def limit():
            return current_app.config["LIMIT"]


        def cli_helper():
            return current_app.config["LIMIT"]


        @app.route("/limit")
        def show():
            current_app.logger.warning("asked")
            return {"limit": limit(), "title": current_app.title}


        @app.route("/extensions")
        def extensions():
            return {"n": len(current_app.extensions)}
        """,
    )
    assert "def limit(*, request: Request):" in text
    assert 'return request.app.state.config["LIMIT"]' in text
    assert '"limit": limit(request=request), "title": request.app.title' in text
    assert 'logging.getLogger(__name__).warning("asked")' in text
    # a helper no handler calls keeps current_app, reported; so does an unknown attribute
    assert codes.count("F2F414") == 1 and codes.count("F2F415") == 1
    assert "F2F001" in codes  # the import stays while current_app is used
    # the helper nobody calls keeps Flask's current_app: the Flask host serves it
    assert "F2F120" in codes and "web_compat.host_flask(app, Flask(__name__))" in text
    convert_tree(tmp_path, tmp_path / "out")
    with imported(tmp_path / "out", "app") as module:
        client = TestClient(module.app)
        assert client.get("/limit").json() == {"limit": 2, "title": "FastAPI"}
        assert client.get("/extensions").json()["n"] >= 1
        with module.app.state.flask_app.app_context():
            assert module.cli_helper() == 2


def test_converted_factory_reads_config_at_request_time(tmp_path: Path) -> None:
    text, _ = convert(
        tmp_path,
        """\
        from flask import Flask, current_app, jsonify


        class Base:
            NAME = "base"
            SIZE = 1


        class Testing(Base):
            SIZE = 5
            lower = "not copied"


        def create_app(config=Testing):
            app = Flask(__name__)
            app.config.from_object(config)
            app.config.from_mapping({"EXTRA": True}, SECRET_KEY="k")

            @app.route("/")
            def index():
                return jsonify(
                    name=current_app.config["NAME"],
                    size=current_app.config["SIZE"],
                    lower="lower" in current_app.config,
                    extra=current_app.config["EXTRA"],
                )

            return app
        """,
    )
    assert "from flask" not in text and "import flask" not in text
    # the config is loaded: the session middleware is made from it when the app starts
    assert "web_compat.sessions(app)" in text
    convert_tree(tmp_path, tmp_path / "out")
    with imported(tmp_path / "out", "app") as module:
        app = module.create_app()
        app.state.config["SIZE"] = 7  # a test overriding a key after the app was built
        body = TestClient(app).get("/").json()
    assert body == {"name": "base", "size": 7, "lower": False, "extra": True}


def test_config_conversion_is_idempotent(tmp_path: Path) -> None:
    source = textwrap.dedent(
        """\
        from flask import Flask, current_app
        app = Flask(__name__)
        app.config.from_mapping(SECRET_KEY="x")
        app.logger.info("start")

        @app.route("/")
        def index():
            return current_app.config["SECRET_KEY"]
        """
    )
    first, _ = convert(tmp_path, source)
    (tmp_path / "app.py").write_text(first)
    again = run([tmp_path], jobs=1)
    assert not any(r.changed for r in again.results)
    # only the TODO left for a person (the session switch) is reported again
    assert [f.code for f in again.report.findings] == ["F2F106"]


def test_tutorial_style_factory(tmp_path: Path) -> None:
    """``from . import auth`` + ``app.register_blueprint(auth.bp)``, the instance folder,
    and a function of another module that is handed the app."""
    package = tmp_path / "blog"
    package.mkdir()
    (package / "__init__.py").write_text(
        textwrap.dedent(
            """\
            import os
            from flask import Flask


            def create_app():
                app = Flask(__name__)
                app.config.from_mapping(DATABASE=os.path.join(app.instance_path, "db.sqlite"))
                from . import auth, db
                db.init_app(app)
                app.register_blueprint(auth.bp)
                return app
            """
        )
    )
    (package / "auth.py").write_text(
        'from flask import Blueprint\nbp = Blueprint("auth", __name__, url_prefix="/auth")\n\n'
        '@bp.route("/login")\ndef login():\n    return "login"\n'
    )
    (package / "db.py").write_text(
        "from flask import g\n\n\ndef close(error):\n    g.pop('db', None)\n\n\n"
        "def init_app(app):\n    app.teardown_appcontext(close)\n"
    )
    result = run([tmp_path], jobs=1)
    by_file = {r.file: r for r in result.results}
    factory = by_file["blog/__init__.py"].new_source.decode()  # type: ignore[union-attr]
    assert 'app.include_router(auth.bp, prefix="/auth")' in factory
    assert 'str(Path(__file__).resolve().parent.parent / "instance")' in factory
    db_findings = [f.code for f in result.report.findings if f.file == "blog/db.py"]
    # the app handed to init_app is known: its teardown hook runs on the Flask app kept
    # as a host, which runs it whenever an app context ends (requests, CLI, tests)
    assert "F2F121" in db_findings
    db = by_file["blog/db.py"].new_source.decode()  # type: ignore[union-attr]
    assert "app.state.flask_app.teardown_appcontext(close)" in db
    assert "web_compat.host_flask(app, Flask(__name__))" in factory


def test_session_is_signed_with_the_key_the_config_ends_with(tmp_path: Path) -> None:
    """A secret key loaded after the placeholder (from a file, as in production) is the one
    that signs the session: the host adds the session middleware when the app starts."""
    import itsdangerous

    (tmp_path / "settings.cfg").write_text('SECRET_KEY = "from-the-file"\n')
    text, codes = convert(
        tmp_path,
        """\
        from flask import Flask, session

        app = Flask(__name__)
        app.config.from_mapping(SECRET_KEY="dev")
        app.config.from_pyfile("settings.cfg")


        @app.route("/visit")
        def visit():
            session["n"] = session.get("n", 0) + 1
            return {"n": session["n"]}
        """,
    )
    assert "add_middleware(SessionMiddleware" not in text and "F2F106" in codes
    convert_tree(tmp_path, tmp_path / "out")
    with imported(tmp_path / "out", "app") as module:
        client = TestClient(module.app)
        assert client.get("/visit").json() == {"n": 1}
        assert client.get("/visit").json() == {"n": 2}
        cookie = client.cookies["session"].encode()
        itsdangerous.TimestampSigner("from-the-file").unsign(cookie)
        with pytest.raises(itsdangerous.BadSignature):
            itsdangerous.TimestampSigner("dev").unsign(cookie)
