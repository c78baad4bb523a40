"""The fuzzer of ``tests/fuzz`` itself: what it generates is valid Python covering every
idiom it is meant to, and its checks see a converter that breaks an output."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from flask2fastapi.runner import RunResult, run
from tests.fuzz.checks import check_project, project_text
from tests.fuzz.idioms import flask_projects, undefined_names

# one marker per idiom the generator must produce
IDIOM_MARKERS = (
    "make_response()",
    ".mimetype = ",
    ".status_code = ",
    ".headers[",
    "stream_with_context(",
    "@permission_required(Permission.",
    "to_dict(flat=False)",
    "headers.environ",
    "request.is_json",
    "request.full_path",
    "request.values",
    'request.method == "',
    ".lists())",
    ".items()",
    ".keys())",
    "dict(request.",
    "get_json(",
    "request.json",
    ".body)",
    "defaults={",
    "errorhandler(",
    ".description",
    "after_request",
    "before_request",
    "teardown_request",
    "session[",
    "g.user",
    "flash(",
    "abort(",
    "redirect(",
    "render_template_string(",
    "send_file(",
    "error_response(",
    "import json",
    '.get("HTTPException"',
    " in range(3):",
    "# type: ",
    "# SECURITY",
    "def inner",
    "\r",
    "test_client()",
    ".open(path=",
    ".delete(",
    'headers=[("',
    "Blueprint(",
    "# where it answers",
    "def create_app(",
    "@app.cli.command(",
    "current_user._get_current_object()",
    "request.files.get(",
    "current_app.config",
    "from .views import bp",
    "auth.bp",
    "from views import bp\nimport errors",
)


def test_generated_projects_are_valid_python_and_cover_the_idioms() -> None:
    seen: list[str] = []

    @settings(
        max_examples=300,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(flask_projects())
    def generated(files: dict[str, str]) -> None:
        # what the conversion leaves undefined is the converter's doing only if the
        # input had none
        assert "app.py" in files
        for path, source in files.items():
            compile(source, path, "exec", dont_inherit=True)
            assert undefined_names(source, path) == [], f"{path}:\n{source}"
        seen.append(project_text(files))

    generated()
    text = "\n".join(seen)
    assert [m for m in IDIOM_MARKERS if m not in text] == []


def test_the_checks_see_a_broken_output(monkeypatch: pytest.MonkeyPatch) -> None:
    # a converter that leaves a name undefined is caught

    def breaking_run(paths: list[Path], **kwargs: Any) -> RunResult:
        result = run(paths, **kwargs)
        for file_result in result.results:
            if file_result.new_source is not None and file_result.file == "app.py":
                file_result.new_source += b"\nprint(undefined_here)\n"
        return result

    monkeypatch.setattr("tests.fuzz.checks.run", breaking_run)
    source = (
        "from flask import Flask, request\n\napp = Flask(__name__)\n\n\n"
        '@app.route("/")\ndef index():\n    return request.args.get("q", "")\n'
    )
    found = check_project({"app.py": source})
    assert "new_undefined" in {f.category for f in found}, found


def test_the_behaviour_check_sees_a_different_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    # a converter that changes what a route answers is caught when behaviour is asked for

    def altering_run(paths: list[Path], **kwargs: Any) -> RunResult:
        result = run(paths, **kwargs)
        for file_result in result.results:
            if file_result.new_source is not None and file_result.file == "app.py":
                file_result.new_source = file_result.new_source.replace(b'"hello"', b'"bye"')
        return result

    monkeypatch.setattr("tests.fuzz.checks.run", altering_run)
    source = (
        "from flask import Flask\n\napp = Flask(__name__)\n\n\n"
        '@app.route("/")\ndef index():\n    return "hello"\n'
    )
    assert check_project({"app.py": source}) == []
    found = check_project({"app.py": source}, behaviour=True)
    assert [f.category for f in found] == ["behaviour"], found
    assert "GET /" in found[0].detail


def test_a_rule_that_raises_is_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    # the converter turns a rule's exception into a failure of the file; still a crash
    def raising(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("rule bug")

    monkeypatch.setattr("flask2fastapi.transform._convert", raising)
    source = "from flask import Flask\n\napp = Flask(__name__)\n"
    found = check_project({"app.py": source})
    assert [(f.category, f.file) for f in found] == [("crash", "app.py")], found
