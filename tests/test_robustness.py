"""Hostile input: deeply nested files, a worker that dies, bad settings, @generated
markers, a project's own ``flask.py``, requirement lines with markers and comments."""

from __future__ import annotations

import ast
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flask2fastapi import runner as runner_module
from flask2fastapi.cli import app
from flask2fastapi.discovery import is_generated
from flask2fastapi.report import FileResult
from flask2fastapi.requirements import update

cli = CliRunner()

GOOD = """\
from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return "hi"
"""

HEAD = """\
from flask import Flask

app = Flask(__name__)
x = 1


@app.route("/deep")
def deep():
"""


def _project(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _invoke(*args: str | Path) -> tuple[int, str]:
    result = cli.invoke(app, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stderr


def _errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def _strings(count: int) -> str:
    lines = "\n".join(f'        "line {i}\\n"' for i in range(count))
    return HEAD + f"    return (\n{lines}\n    )\n"


def _elifs(count: int) -> str:
    branches = "\n".join(
        f"    {'if' if i == 0 else 'elif'} x == {i}:\n        y = {i}" for i in range(count)
    )
    return HEAD + f"    y = 0\n{branches}\n    return str(y)\n"


def _chain(operator: str, count: int) -> str:
    return HEAD + f"    return str({f' {operator} '.join(['x'] * count)})\n"


# --- deeply nested files -----------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "kept"),
    [(_strings(500), '"line 499\\n"'), (_elifs(600), "elif x == 599:")],
    ids=["500 concatenated string lines", "600 elif branches"],
)
def test_deep_but_valid_file_converts(tmp_path: Path, source: str, kept: str) -> None:
    project = _project(tmp_path, {"deep.py": source, "good.py": GOOD})
    code, err = _invoke("convert", project)
    assert code == 0, err
    converted = (project / "deep.py").read_text()
    assert "from fastapi import FastAPI" in converted and kept in converted
    ast.parse(converted)
    assert "FastAPI" in (project / "good.py").read_text()


@pytest.mark.parametrize(
    ("operator", "count"), [("and", 3000), ("+", 10000)], ids=["and x3000", "plus x10000"]
)
def test_too_deep_file_is_one_error_line(tmp_path: Path, operator: str, count: int) -> None:
    source = _chain(operator, count)
    project = _project(tmp_path, {"deep.py": source, "good.py": GOOD})
    code, err = _invoke("convert", project)
    assert code == 1, err
    assert _errors(err) == [
        f"error: deep.py: too deeply nested to convert safely (nesting depth {count + 5}, "
        "at most 1000)"
    ]
    assert (project / "deep.py").read_text() == source  # left as it was
    assert "FastAPI" in (project / "good.py").read_text()


def _subprocess_convert(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flask2fastapi", "convert", str(project), "--diff", "-q"],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_chain_that_crashes_libcst_parser_is_refused_before(tmp_path: Path) -> None:
    """libcst's native parser overflows the C stack on a 10000-operand ``and`` chain
    (the process dies): the depth check refuses the file before libcst reads it."""
    project = _project(tmp_path, {"deep.py": _chain("and", 10000), "good.py": GOOD})
    done = _subprocess_convert(project)
    assert done.returncode == 1, done.stderr
    assert _errors(done.stderr) == [
        "error: deep.py: too deeply nested to convert safely (nesting depth 10005, at most 1000)"
    ]
    assert "+app = FastAPI()" in done.stdout


def test_deep_file_with_a_syntax_error_is_not_parsed_by_libcst(tmp_path: Path) -> None:
    """No depth to check without an ``ast``: a large file Python rejects gets Python's
    message, and libcst (which would crash on its nesting) never reads it."""
    source = _chain("and", 20000) + "\n\ndef broken(:\n    pass\n"
    project = _project(tmp_path, {"deep.py": source, "good.py": GOOD})
    done = _subprocess_convert(project)
    assert done.returncode == 1, done.stderr
    assert _errors(done.stderr) == [
        "error: deep.py: syntax error at line 12, column 12: invalid syntax"
    ]


def test_helper_module_too_deep_to_read(tmp_path: Path) -> None:
    """A module the Flask code imports from, too deep for Python's own parser: the run
    goes on without what it would have learnt from it."""
    helpers = 'def make():\n    return "made", 201\n\n\nVALUE = ' + "-" * 100_000 + "1\n"
    app_source = GOOD.replace(
        "from flask import Flask", "from flask import Flask\nfrom helpers import make"
    )
    project = _project(tmp_path, {"app.py": app_source, "helpers.py": helpers})
    code, err = _invoke("convert", project)
    assert code == 0, err
    assert "app = FastAPI()" in (project / "app.py").read_text()
    assert (project / "helpers.py").read_text() == helpers


@pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork",
    reason="the crash is injected into workers forked from the test process",
)
def test_worker_that_dies_is_reported_by_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that kills its worker process: that file is one error line, every other
    file (those of the broken pool included) converts."""
    files = {f"m{i}.py": GOOD.replace("index", f"index{i}") for i in range(9)}
    files["boom.py"] = GOOD.replace("index", "boom")
    files["deep.py"] = _strings(500)  # deep in a worker too
    project = _project(tmp_path, files)
    parent = os.getpid()
    convert = runner_module.convert_file

    def crashing(rel: str, data: bytes, *args: object) -> FileResult:
        if rel == "boom.py" and os.getpid() != parent:
            os._exit(70)  # as a segfault in native code would
        return convert(rel, data, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(runner_module, "convert_file", crashing)
    monkeypatch.setattr(runner_module, "available_cpus", lambda: 2)
    code, err = _invoke("convert", project, "-j", "2")
    assert code == 1, err
    assert _errors(err) == ["error: boom.py: the process converting it crashed; left as it was"]
    assert (project / "boom.py").read_text() == files["boom.py"]
    for name in files:
        if name != "boom.py":
            assert "FastAPI" in (project / name).read_text(), name


# --- jobs and [tool.flask2fastapi] --------------------------------------------------


def test_jobs_are_capped_to_the_cpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project(tmp_path, {"good.py": GOOD})
    seen: list[int] = []
    transform = runner_module._transform

    def recording(items, index, trees, jobs, on_done):  # type: ignore[no-untyped-def]
        seen.append(jobs)
        return transform(items, index, trees, jobs, on_done)

    monkeypatch.setattr(runner_module, "_transform", recording)
    monkeypatch.setattr(runner_module, "available_cpus", lambda: 2)
    assert _invoke("check", project, "-j", "64")[0] == 1
    (project / "pyproject.toml").write_text("[tool.flask2fastapi]\njobs = 500\n")
    assert _invoke("check", project)[0] == 1
    assert seen == [2, 2]


@pytest.mark.parametrize("jobs", ["0", "-3"])
def test_jobs_below_one_are_a_usage_error(tmp_path: Path, jobs: str) -> None:
    project = _project(tmp_path, {"good.py": GOOD})
    code, err = _invoke("convert", project, "-j", jobs)
    assert code == 2
    assert err.strip() == f"error: -j/--jobs: expected an integer of at least 1, got {jobs}"
    assert (project / "good.py").read_text() == GOOD


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            'jobs = "many"',
            "[tool.flask2fastapi] jobs: expected an integer of at least 1, got 'many'",
        ),
        ("jobs = 0", "[tool.flask2fastapi] jobs: expected an integer of at least 1, got 0"),
        (
            'exclude = "x"',
            "[tool.flask2fastapi] exclude: expected a list of strings (globs), got 'x'",
        ),
        (
            "excludes = []",
            "[tool.flask2fastapi] unknown key 'excludes' (known keys: exclude, jobs)",
        ),
    ],
    ids=["jobs-string", "jobs-zero", "exclude-string", "unknown-key"],
)
def test_bad_settings_are_one_error_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table: str, message: str
) -> None:
    project = _project(
        tmp_path, {"good.py": GOOD, "pyproject.toml": f"[tool.flask2fastapi]\n{table}\n"}
    )
    monkeypatch.chdir(project)
    code, err = _invoke("convert", ".")
    assert code == 2
    assert err.strip() == f"error: pyproject.toml: {message}"
    assert (project / "good.py").read_text() == GOOD


def test_pyproject_that_is_not_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings that cannot be read are an error when the file names this tool (an
    ``exclude`` may be lost), a warning otherwise."""
    project = _project(
        tmp_path,
        {"good.py": GOOD, "pyproject.toml": '[tool.flask2fastapi]\nexclude = ["legacy/*"\n'},
    )
    monkeypatch.chdir(project)
    code, err = _invoke("convert", ".")
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("error: pyproject.toml: not valid TOML (")
    assert err.rstrip().endswith("; fix it to use its [tool.flask2fastapi] settings")
    assert (project / "good.py").read_text() == GOOD
    (project / "pyproject.toml").write_text("[project\nname = 'x'\n")
    code, err = _invoke("convert", ".")
    assert code == 0, err
    assert err.startswith("warning: pyproject.toml: not valid TOML (")
    assert "no [tool.flask2fastapi] settings read from it" in err.splitlines()[0]
    assert "FastAPI" in (project / "good.py").read_text()


# --- @generated ---------------------------------------------------------------------


MARKED = {
    "# @generated\n": True,
    "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n# This file is @generated by x\n": True,
    '"""Routes.\n\n@generated by the schema compiler.\n"""\n': True,
    'MARKER = "@generated"\n': False,
    "import os\n# @generated\n": False,
    '"""Skips files marked ``@generated``."""\n': False,
    "# one\n# two\n# three\n# four\n# five\n# @generated\n": False,
}


def test_only_a_marker_near_the_top_counts() -> None:
    found = {head: is_generated((head + GOOD).encode()) for head in MARKED}
    assert found == MARKED


def test_generated_skips_are_listed_with_verbose(tmp_path: Path) -> None:
    project = _project(
        tmp_path,
        {
            "gen.py": "# @generated by a tool\n" + GOOD,
            "mentions.py": GOOD + '\nNOTE = "files marked @generated are skipped"\n',
        },
    )
    code, err = _invoke("check", project, "--verbose")
    assert code == 1
    assert "skipped gen.py: marked @generated" in err.splitlines()
    assert "skipped mentions.py" not in err
    assert "skipped" not in _invoke("check", project)[1]
    assert _invoke("convert", project)[0] == 0
    assert (project / "gen.py").read_text() == "# @generated by a tool\n" + GOOD
    assert "FastAPI" in (project / "mentions.py").read_text()


# --- a project's own flask module ---------------------------------------------------

LOCAL_FLASK = """\
import json


def jsonify(**values):
    return json.dumps(values)


class request:
    args = {}
"""

USES_LOCAL = """\
from flask import jsonify, request


def handler():
    return jsonify(a=request.args.get("x"))


def setup(app):
    app.add_url_rule("/", view_func=handler)
"""


@pytest.mark.parametrize("layout", ["flask.py", "flask/__init__.py"])
def test_project_flask_module_is_not_flask(tmp_path: Path, layout: str) -> None:
    project = _project(tmp_path, {layout: LOCAL_FLASK, "app.py": USES_LOCAL})
    code, err = _invoke("check", project)
    assert code == 0, err
    assert _invoke("convert", project)[0] == 0
    assert (project / "app.py").read_text() == USES_LOCAL


def test_packaged_flask_module_does_not_hide_flask(tmp_path: Path) -> None:
    """``pkg/flask.py`` inside a package is ``pkg.flask``: the package's absolute
    ``from flask import`` is Flask's. A script folder's own ``flask.py`` is not."""
    project = _project(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/flask.py": LOCAL_FLASK,
            "pkg/views.py": GOOD,
            "scripts/flask.py": LOCAL_FLASK,
            "scripts/tool.py": USES_LOCAL,
        },
    )
    assert _invoke("convert", project)[0] == 0
    assert "app = FastAPI()" in (project / "pkg/views.py").read_text()
    assert (project / "scripts/tool.py").read_text() == USES_LOCAL


# --- requirements.txt ---------------------------------------------------------------


def test_flask_line_keeps_marker_and_comment() -> None:
    text = (
        "# web\n"
        'flask[async]>=2; python_version > "3.8"  # the web framework\n'
        "-r base.txt\n"
        "-c constraints.txt\n"
        "requests==2.31  # http\n"
    )
    new, added = update(text, {"jinja2"})
    assert new == (
        "# web\n"
        'fastapi; python_version > "3.8"  # the web framework\n'
        'uvicorn; python_version > "3.8"\n'
        'jinja2; python_version > "3.8"\n'
        "-r base.txt\n"
        "-c constraints.txt\n"
        "requests==2.31  # http\n"
    )
    assert added == ["fastapi", "uvicorn", "jinja2"]
    kept, _ = update("flask==2.3  # web\n", set(), keep_flask=True)
    assert kept == "flask==2.3  # web\nfastapi\nuvicorn\n"


def test_flask_line_continued_with_hashes() -> None:
    text = "flask==2.3 \\\n    --hash=sha256:aaa \\\n    --hash=sha256:bbb\nrequests\n"
    assert update(text, set())[0] == "fastapi\nuvicorn\nrequests\n"
    hosted = update(text, set(), keep_flask=True)[0]
    assert hosted == text.replace("requests\n", "fastapi\nuvicorn\nrequests\n")


def test_raised_pin_before_flask_is_listed_once() -> None:
    new, _ = update("jinja2==2.11.3  # templates\nflask\n", {"jinja2"})
    assert new == "jinja2==3.0.3  # templates\nfastapi\nuvicorn\n"
