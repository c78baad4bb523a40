"""The self-check of converted output: what it rejects, what it lets through, and a
file it rejects (or a rule that fails) costs that file only."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import libcst as cst
import pytest

from flask2fastapi import transform
from flask2fastapi.rules.base import Rule
from flask2fastapi.runner import run
from flask2fastapi.selfcheck import new_problems


def problems(before: str, after: str) -> list[str]:
    old = ast.parse(textwrap.dedent(before))
    new = ast.parse(textwrap.dedent(after))
    return [p.text for p in new_problems(old, new, "app.py")]


def test_a_name_the_output_leaves_undefined() -> None:
    before = """\
        from flask import request
        def view():
            return request.args.get("q")
        """
    after = """\
        def view(*, q=None):
            return q + missing
        """
    assert problems(before, after) == ["undefined name `missing`"]


def test_names_undefined_in_the_input_too_are_not_the_conversion() -> None:
    before = "def view():\n    return helper()\n"
    after = "def view(*, q=None):\n    return helper()\n"
    assert problems(before, after) == []


@pytest.mark.parametrize(
    "body",
    [
        # a loop variable of the same name runs before the read the parameter replaced
        "total = 0\n    for page in range(3):\n        total += page\n    return total + page",
        # a variable assigned before the read, then read
        "page = 0\n    if flag:\n        page = page + 1\n    return page",
    ],
)
def test_a_parameter_rebound_before_it_is_read(body: str) -> None:
    before = f"def view(flag=False):\n    {body}\n"
    after = f"def view(flag=False, *, page: int = 1):\n    {body}\n"
    assert problems(before, after) == ["parameter `page` of `view` is rebound before it is read"]


def test_a_parameter_read_before_it_is_rebound_keeps_its_value() -> None:
    before = """\
        from flask import request
        def view():
            name = request.args.get("name")
            if not name:
                name = "anon"
            name = name.strip()
            return name
        """
    after = """\
        def view(*, name=None):
            if not name:
                name = "anon"
            name = name.strip()
            return name
        """
    assert problems(before, after) == []


def test_a_parameter_that_hides_a_module_the_function_calls() -> None:
    before = """\
        import json
        from flask import request
        def view():
            return json.dumps(request.args.get("json"))
        """
    after = """\
        import json
        def view(*, json=None):
            return json.dumps(json)
        """
    assert problems(before, after) == ["parameter `json` of `view` hides the global it read"]


def test_a_parameter_that_hides_an_import_the_conversion_added() -> None:
    before = """\
        from flask import abort, request
        def view():
            if request.args.get("HTTPException"):
                abort(400)
        """
    after = """\
        from fastapi import HTTPException
        def view(*, HTTPException=None):
            if HTTPException:
                raise HTTPException(status_code=400)
        """
    assert problems(before, after) == [
        "parameter `HTTPException` of `view` hides the `HTTPException` import"
    ]


def test_the_flask_global_a_parameter_replaces_is_no_problem() -> None:
    before = "from flask import request\ndef view():\n    return request.url\n"
    after = "from fastapi import Request\ndef view(*, request: Request):\n    return request.url\n"
    assert problems(before, after) == []


def test_calls_that_no_longer_fit_the_function() -> None:
    before = """\
        def deco(level):
            return lambda f: f
        def inner():
            return 1
        def view():
            return inner()
        @deco(1)
        def other():
            return view()
        """
    after = """\
        def deco(level):
            return lambda f: f
        def inner():
            return 1
        def view(*, request):
            return inner()
        @deco(1, request=request)
        def other(*, request):
            return view()
        """
    assert sorted(problems(before, after)) == [
        "`deco()` is called with `request=`, which it does not take",
        "`view()` is called without its `request=` parameter",
        "undefined name `request`",
    ]


# -- through the runner ---------------------------------------------------------------

APP = "from flask import Flask\napp = Flask(__name__)\n\n@app.route('/')\ndef index():\n    return 'hi'\n"


def _project(tmp_path: Path) -> Path:
    (tmp_path / "app.py").write_text(APP)
    (tmp_path / "other.py").write_text(APP.replace("index", "other"))
    return tmp_path


def test_a_rejected_output_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    convert = transform._convert

    def broken(rel_path: str, *args: object) -> tuple[object, str, list[object]]:
        ctx, code, findings = convert(rel_path, *args)  # type: ignore[arg-type]
        if rel_path == "app.py":
            code += "\nprint(nowhere)\n"
        return ctx, code, findings

    monkeypatch.setattr(transform, "_convert", broken)
    result = run([_project(tmp_path)], jobs=1)
    by_file = {r.file: r for r in result.results}
    assert not by_file["app.py"].changed and by_file["app.py"].new_source is None
    (failure,) = result.report.failures
    assert failure.file == "app.py"
    assert "failed its self-check" in failure.reason
    assert "undefined name `nowhere`" in failure.reason
    assert [f.code for f in by_file["app.py"].findings] == ["F2F006"]
    assert by_file["other.py"].changed


def test_a_rule_that_raises_fails_its_file_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Exploding(Rule):
        def leave_FunctionDef(
            self, original: cst.FunctionDef, updated: cst.FunctionDef
        ) -> cst.FunctionDef:
            if original.name.value == "index":
                raise AttributeError("'NoneType' object has no attribute 'value'")
            return updated

    monkeypatch.setattr(transform, "RULES", (*transform.RULES, Exploding))
    result = run([_project(tmp_path)], jobs=1)
    by_file = {r.file: r for r in result.results}
    (failure,) = result.report.failures
    assert failure.file == "app.py"
    assert failure.reason.startswith("internal error while converting")
    assert "AttributeError" in failure.reason
    assert [f.code for f in by_file["app.py"].findings] == ["F2F007"]
    assert by_file["other.py"].changed
