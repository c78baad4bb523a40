"""The commands as a user runs them: convert, --out, --diff, check, rules, explain, bad input."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flask2fastapi.cli import app

runner = CliRunner()

APP = """\
from flask import Flask, jsonify

app = Flask(__name__)


@app.route("/items/<int:item_id>")
def item(item_id):
    return jsonify(id=item_id)
"""

MANUAL = """\
from flask import Flask

app = Flask(__name__)
app.extensions["store"] = {}


@app.route("/")
def index():
    return "hi"
"""

CONVERTED = """\
from fastapi import FastAPI

app = FastAPI()


@app.get("/items/{item_id:int}")
def item(item_id: int):
    return {"id": item_id}
"""

PLAIN = "def add(a, b):\n    return a + b\n"


def make_project(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_convert_in_place(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"app.py": APP, "util.py": PLAIN})
    code, _, err = invoke("convert", project)
    assert code == 0, err
    assert (project / "app.py").read_text() == CONVERTED
    assert (project / "util.py").read_text() == PLAIN
    assert "1 changed" in err


def test_requirements_are_updated(tmp_path: Path) -> None:
    form_app = (
        APP + '\n\n@app.route("/f", methods=["POST"])\ndef f():\n    return request.form["x"]\n'
    )
    form_app = form_app.replace(
        "from flask import Flask, jsonify", "from flask import Flask, jsonify, request"
    )
    project = make_project(
        tmp_path,
        {"app.py": form_app, "requirements.txt": "# web\nFlask==3.0.0\nrequests>=2\n"},
    )
    code, _, err = invoke("convert", project)
    assert code == 0, err
    text = (project / "requirements.txt").read_text()
    # the form is read by web_compat (which renders with jinja2) and python-multipart
    assert text == "# web\nfastapi\nuvicorn\njinja2\npython-multipart\nrequests>=2\n"
    assert invoke("convert", project)[0] == 0
    assert (project / "requirements.txt").read_text() == text


def test_convert_out_leaves_the_input(tmp_path: Path) -> None:
    project = make_project(tmp_path / "src", {"app.py": APP, "assets/site.css": "body {}"})
    out = tmp_path / "out"
    code, _, err = invoke("convert", project, "--out", out)
    assert code == 0, err
    assert (project / "app.py").read_text() == APP
    assert (out / "app.py").read_text() == CONVERTED
    assert (out / "assets" / "site.css").read_text() == "body {}"


def test_convert_out_inside_project_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"app.py": APP})
    code, _, err = invoke("convert", project, "--out", project / "converted")
    assert code == 2
    assert "inside the project" in err
    assert (project / "app.py").read_text() == APP


def test_diff_writes_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"app.py": APP})
    code, out, _ = invoke("convert", "--diff", project)
    assert code == 0
    assert '-@app.route("/items/<int:item_id>")' in out
    assert '+@app.get("/items/{item_id:int}")' in out
    assert (project / "app.py").read_text() == APP


def test_report_json_and_markdown(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"app.py": MANUAL})
    report = tmp_path / "report.json"
    code, _, _ = invoke("convert", "--diff", "--report", report, project)
    assert code == 0
    data = json.loads(report.read_text())
    # the line runs on the Flask app kept as a host, and both are reported
    assert [f["code"] for f in data["findings"]] == ["F2F120", "F2F121"]
    finding = data["findings"][1]
    assert finding["file"] == "app.py" and finding["line"] == 10 and finding["severity"] == "manual"
    assert str(tmp_path) not in report.read_text()
    markdown = tmp_path / "report.md"
    invoke("convert", "--diff", "--report", markdown, project)
    assert "- [ ] `app.py:10:1` **F2F121**" in markdown.read_text()


def test_todo_comment_at_the_manual_spot(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"app.py": MANUAL})
    invoke("convert", project)
    lines = (project / "app.py").read_text().splitlines()
    assert lines[8].startswith("# TODO(flask2fastapi): F2F121 `app.extensions` is Flask API")
    assert lines[9] == 'app.state.flask_app.extensions["store"] = {}'


def test_check_exit_codes(tmp_path: Path) -> None:
    pending = make_project(tmp_path / "pending", {"app.py": APP})
    assert invoke("check", pending)[0] == 1
    assert (pending / "app.py").read_text() == APP, "check must not write"

    done = make_project(tmp_path / "done", {"app.py": CONVERTED, "util.py": PLAIN})
    assert invoke("check", done)[0] == 0

    manual = make_project(tmp_path / "manual", {"app.py": MANUAL})
    invoke("convert", manual)
    code, _, err = invoke("check", manual)
    assert code == 1, "a manual finding left means not migrated"
    assert "2 manual findings" in err

    assert invoke("check", tmp_path / "missing")[0] == 2
    assert invoke("check")[0] == 2


def test_second_run_changes_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"app.py": MANUAL, "b.py": APP})
    invoke("convert", project)
    first = {p.name: p.read_bytes() for p in project.glob("*.py")}
    code, _, err = invoke("convert", project)
    assert code == 0
    assert {p.name: p.read_bytes() for p in project.glob("*.py")} == first
    assert "0 changed" in err


def test_rules_lists_every_code() -> None:
    code, out, _ = invoke("rules")
    assert code == 0
    for finding_code in ("F2F001", "F2F101", "F2F201", "F2F301"):
        assert finding_code in out


def test_explain(tmp_path: Path) -> None:
    code, out, _ = invoke("explain", "f2f201")
    assert code == 0 and "custom-converter" in out
    assert invoke("explain", "NOPE")[0] == 2


def test_version() -> None:
    code, out, _ = invoke("--version")
    assert code == 0 and out.startswith("flask2fastapi ")


# -- bad input: one line naming the file and the reason, the rest converted ----------------


def _assert_one_failure(err: str, name: str, reason: str) -> None:
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, err
    assert name in lines[0] and reason in lines[0], lines[0]


def test_syntax_error_is_reported_and_others_converted(tmp_path: Path) -> None:
    broken = "from flask import Flask\napp = Flask(__name__\n"
    project = make_project(tmp_path, {"app.py": APP, "broken.py": broken})
    code, _, err = invoke("convert", project)
    assert code == 1
    _assert_one_failure(err, "broken.py", "syntax error")
    assert (project / "broken.py").read_text() == broken
    assert (project / "app.py").read_text() == CONVERTED


def test_non_utf8_file(tmp_path: Path) -> None:
    latin = "from flask import Flask\napp = Flask(__name__)\nNAME = 'café'\n".encode("latin-1")
    project = make_project(tmp_path, {"app.py": APP, "latin.py": latin})
    code, _, err = invoke("convert", project)
    assert code == 1
    _assert_one_failure(err, "latin.py", "not valid utf-8")
    assert (project / "latin.py").read_bytes() == latin
    assert (project / "app.py").read_text() == CONVERTED


def test_declared_latin1_file_keeps_its_encoding(tmp_path: Path) -> None:
    source = (
        "# -*- coding: latin-1 -*-\nfrom flask import Flask\napp = Flask(__name__)\nNAME = 'café'\n"
    ).encode("latin-1")
    project = make_project(tmp_path, {"app.py": source})
    assert invoke("convert", project)[0] == 0
    data = (project / "app.py").read_bytes()
    assert "app = FastAPI()".encode("latin-1") in data
    assert "'café'".encode("latin-1") in data


def test_empty_file_is_left_alone(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"app.py": APP, "pkg/__init__.py": ""})
    code, _, err = invoke("convert", project)
    assert code == 0, err
    assert (project / "pkg" / "__init__.py").read_text() == ""
    assert "error:" not in err


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path, {"app.py": APP, "secret.py": APP})
    secret = project / "secret.py"
    secret.chmod(0)
    if os.access(secret, os.R_OK):  # running as root: make the read fail the same way
        real = Path.read_bytes

        def read_bytes(self: Path) -> bytes:
            if self == secret:
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", read_bytes)
    code, _, err = invoke("convert", project)
    secret.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert code == 1
    _assert_one_failure(err, "secret.py", "cannot read: Permission denied")
    assert (project / "app.py").read_text() == CONVERTED
    assert secret.read_text() == APP


def test_symlink_out_of_the_tree(tmp_path: Path) -> None:
    outside = make_project(tmp_path / "outside", {"other.py": APP})
    project = make_project(tmp_path / "project", {"app.py": APP})
    (project / "link.py").symlink_to(outside / "other.py")
    code, _, err = invoke("convert", project)
    assert code == 1
    _assert_one_failure(err, "link.py", "outside the project")
    assert (outside / "other.py").read_text() == APP
    assert (project / "app.py").read_text() == CONVERTED


def test_output_that_would_not_compile_is_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import flask2fastapi.transform as transform

    project = make_project(tmp_path, {"app.py": APP})
    real = transform.place_findings
    monkeypatch.setattr(
        transform,
        "place_findings",
        lambda code, ctx, specs: (code + "\n)(\n", real(code, ctx, specs)[1]),
    )
    code, _, err = invoke("convert", project)
    assert code == 1
    _assert_one_failure(err, "app.py", "would not compile")
    assert (project / "app.py").read_text() == APP


def test_write_keeps_mode_and_newlines(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"app.py": APP.replace("\n", "\r\n").encode()})
    (project / "app.py").chmod(0o750)
    invoke("convert", project)
    data = (project / "app.py").read_bytes()
    assert data == CONVERTED.replace("\n", "\r\n").encode()
    assert stat.S_IMODE((project / "app.py").stat().st_mode) == 0o750


def test_gitignore_venv_and_exclude(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        {
            "app.py": APP,
            ".gitignore": "ignored/\n",
            "ignored/app.py": APP,
            "env/pyvenv.cfg": "home = /usr\n",
            "env/lib/app.py": APP,
            "legacy/app.py": APP,
            "gen.py": "# @generated\n" + APP,
        },
    )
    code, _, err = invoke("convert", project, "--exclude", "legacy/*")
    assert code == 0, err
    assert (project / "app.py").read_text() == CONVERTED
    for untouched in ("ignored/app.py", "env/lib/app.py", "legacy/app.py"):
        assert (project / untouched).read_text() == APP
    assert (project / "gen.py").read_text().endswith(APP)


def test_parallel_run_matches_serial(tmp_path: Path) -> None:
    files = {f"m{i}.py": APP for i in range(12)}
    serial = make_project(tmp_path / "serial", files)
    parallel = make_project(tmp_path / "parallel", files)
    invoke("convert", "-j", "1", serial)
    invoke("convert", "-j", "2", parallel)
    for name in files:
        assert (parallel / name).read_text() == (serial / name).read_text() == CONVERTED


def test_no_bridge_keeps_pure_fastapi_output(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"app.py": MANUAL})
    report = tmp_path / "report.json"
    code, _, _ = invoke("convert", "--no-bridge", "--report", report, project)
    assert code == 0
    text = (project / "app.py").read_text()
    assert "host_flask" not in text and not (project / "web_compat.py").exists()
    assert 'app.extensions["store"] = {}' in text
    assert [f["code"] for f in json.loads(report.read_text())["findings"]] == ["F2F104"]
    assert invoke("check", "--no-bridge", project)[0] == 1


def test_markdown_report_lists_what_still_runs_on_flask(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"app.py": MANUAL})
    markdown = tmp_path / "report.md"
    invoke("convert", "--diff", "--report", markdown, project)
    text = markdown.read_text()
    on_flask = text.split("## Still running on Flask")[1].split("## ")[0]
    assert "**F2F120**" in on_flask and "**F2F121**" in on_flask
    assert "## To do by hand" not in text  # both are listed once, in that section
