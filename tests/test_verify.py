"""``flask2fastapi verify``: derived requests, request files, the table, JSON and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flask2fastapi.verify import derive_requests, sample_path
from tests.test_cli import invoke, make_project

FLASK_APP = """\
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/")
def index():
    return "home"


@app.route("/items/<int:item_id>", methods=["GET", "DELETE"])
def item(item_id):
    if request.method == "DELETE":
        return "", 204
    return jsonify(id=item_id)


@app.route("/files/<path:name>")
def files(name):
    return name
"""


def _projects(tmp_path: Path, broken: bool = False) -> tuple[Path, Path]:
    original = make_project(tmp_path / "flask", {"app.py": FLASK_APP})
    converted = tmp_path / "fastapi"
    assert invoke("convert", original, "--out", converted)[0] == 0
    if broken:  # a converted app that answers one route differently
        text = (converted / "app.py").read_text().replace('return "home"', 'return "HOME"')
        (converted / "app.py").write_text(text)
    return original, converted


def test_sample_paths_match_the_converters() -> None:
    assert sample_path("/items/<int:item_id>/x") == "/items/1/x"
    assert sample_path("/f/<path:name>") == "/f/sample/path"
    assert sample_path("/u/<uuid:u>/<slug>") == "/u/00000000-0000-0000-0000-000000000001/sample"
    assert sample_path("/a/<any(x, y):kind>") == "/a/sample"


def test_requests_are_derived_from_the_route_table(tmp_path: Path) -> None:
    original = make_project(tmp_path, {"app.py": FLASK_APP})
    derived = derive_requests(original, "app:app")
    assert {(r["method"], r["path"]) for r in derived} == {
        ("GET", "/"),
        ("GET", "/items/1"),
        ("DELETE", "/items/1"),
        ("GET", "/files/sample/path"),
        ("GET", "/flask2fastapi-verify/no-such-page"),
    }
    assert next(r for r in derived if r["method"] == "DELETE")["json"] == {}


def test_verify_equivalent_apps(tmp_path: Path) -> None:
    original, converted = _projects(tmp_path)
    code, out, err = invoke("verify", original, converted, "--app", "app:app")
    assert code == 0, out + err
    assert "5/5 equivalent" in out


def test_verify_reports_differences(tmp_path: Path) -> None:
    original, converted = _projects(tmp_path, broken=True)
    code, out, _ = invoke("verify", original, converted, "--app", "app:app")
    assert code == 1
    assert "4/5 equivalent" in out and "GET /" in out
    code, out, _ = invoke("verify", original, converted, "--app", "app:app", "--json")
    data = json.loads(out)
    assert (data["equivalent"], data["total"]) == (4, 5)
    assert [r["path"] for r in data["requests"] if r["differences"]] == ["/"]


def test_verify_with_a_request_file(tmp_path: Path) -> None:
    original, converted = _projects(tmp_path)
    requests = tmp_path / "requests.json"
    requests.write_text(json.dumps({"requests": [{"method": "GET", "path": "/items/7"}]}))
    code, out, _ = invoke("verify", original, converted, "--app", "app:app", "--requests", requests)
    assert code == 0 and "1/1 equivalent" in out


def test_verify_bad_input_is_one_line(tmp_path: Path) -> None:
    original, converted = _projects(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    code, _, err = invoke("verify", original, converted, "--app", "app:app", "--requests", bad)
    assert code == 2
    assert err.startswith(f"error: {bad}: not valid JSON") and err.count("\n") == 1
    code, _, err = invoke("verify", original, converted, "--app", "nowhere:app")
    assert code == 2 and "nowhere" in err and err.count("\n") == 1
    code, _, err = invoke("verify", original, tmp_path / "missing", "--app", "app:app")
    assert code == 2 and "not a directory" in err


def test_verify_reads_yaml_request_files(tmp_path: Path) -> None:
    pytest.importorskip("yaml")
    original, converted = _projects(tmp_path)
    requests = tmp_path / "requests.yaml"
    requests.write_text("requests:\n  - method: GET\n    path: /items/3\n")
    code, out, _ = invoke("verify", original, converted, "--app", "app:app", "--requests", requests)
    assert code == 0 and "1/1 equivalent" in out
