"""Which files the walk converts: those that never mention Flask but use the project's
apps, app factories or blueprints, also through packages that re-export them."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from flask2fastapi import runner
from flask2fastapi.discovery import Discovery, SourceFile, discover, is_test_module
from flask2fastapi.runner import build_index, run


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


FACTORY = """\
from flask import Flask


def create_app():
    app = Flask(__name__)
    return app
"""


def test_tests_py_is_a_test_module() -> None:
    assert is_test_module("tests.py")
    assert is_test_module("pkg/tests.py")
    assert not is_test_module("contests.py")


BLUEPRINT = """\
from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")
"""


def test_blueprints_resolve_through_packages_that_re_export_them(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "site/__init__.py": """\
                from flask import Flask
                from . import auth
                from .auth import bp as auth_bp
                """,
            "site/auth/__init__.py": "from .views import bp\n",
            "site/auth/views.py": BLUEPRINT,
            "site/more.py": "from site.auth import bp\n",
            "site/again.py": "from .more import bp as renamed\n",
        },
    )
    index, _ = build_index(discover([root]))
    blueprints = index.blueprints_in("site")
    assert {"auth.bp", "auth_bp"} <= set(blueprints)
    assert blueprints["auth.bp"].url_prefix == "/auth"
    assert blueprints["auth_bp"].name == "auth"
    assert index.blueprints_in("site.again")["renamed"].name == "auth"


def test_files_that_use_the_projects_flask_objects_are_converted(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "shop/__init__.py": "from .views import bp  # noqa: F401\n",
            "shop/views.py": BLUEPRINT.replace('"auth"', '"shop"'),
            # one step further: it imports the blueprint the package re-exports
            "shop/extra.py": """\
                from . import bp


                @bp.route("/count")
                def count():
                    return {"count": 1}


                @bp.errorhandler(KeyError)
                def missing(error):
                    return {"missing": str(error)}, 404
                """,
            # a ``bp`` that is not a blueprint: not parsed into the index
            "other/__init__.py": "bp = object()\n",
            "other/use.py": "from other import bp\n\nbp.route = 1\n",
        },
    )
    index, _ = build_index(discover([root]))
    assert {"shop", "shop.views", "shop.extra"} <= set(index.modules)
    assert "other.use" not in index.modules
    result = run([root], jobs=1)
    extra = next(r for r in result.results if r.file == "shop/extra.py")
    assert extra.new_source is not None
    assert '@bp.get("/count", name="shop.count")' in extra.new_source.decode()
    # a blueprint's own error handler has no FastAPI form: reported where it is
    assert "F2F601" in [f.code for f in extra.findings]


def test_a_module_using_the_app_of_a_re_exported_factory_is_converted(tmp_path: Path) -> None:
    manage = """\
        from app import create_app

        app = create_app()


        @app.cli.command("hello")
        def hello():
            print("hello")
        """
    files = {
        "app/__init__.py": "from .factory import create_app  # noqa: F401\n",
        "app/factory.py": FACTORY,
        "manage.py": manage,
    }
    result = run([_write(tmp_path, files)], jobs=1)
    converted = next(r for r in result.results if r.file == "manage.py").new_source
    assert converted is not None
    assert "@app.state.flask_app.cli.command" in converted.decode()


def test_files_that_import_nothing_of_flask_are_never_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _write(
        tmp_path,
        {
            "shop/__init__.py": "from .views import bp  # noqa: F401\n",
            "shop/views.py": BLUEPRINT,
            "shop/money.py": "import decimal\n\nfrom .rates import RATES\n",
            "shop/rates.py": "RATES = {'bp': 1}\n",
        },
    )
    parsed: list[str] = []
    collect_one = runner._collect_one

    def recording(source: SourceFile, found: Discovery) -> Any:
        parsed.append(source.rel)
        return collect_one(source, found)

    monkeypatch.setattr(runner, "_collect_one", recording)
    index, _ = build_index(discover([root]))
    assert sorted(parsed) == ["shop/__init__.py", "shop/views.py"]
    assert set(index.modules) == {"shop", "shop.views"}
