"""Golden cases: convert ``input/``, compare with ``expected/`` and ``report.json``,
convert again to prove idempotence, then replay ``requests.json`` against the Flask
input and the FastAPI output, each in its own interpreter, and compare the answers.
A case with a ``tests/`` folder also runs its own tests before and after conversion
(migrated to TestClient with the rest): each must pass or fail exactly as before.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from flask2fastapi.replay import differences
from flask2fastapi.runner import run, write_results
from flask2fastapi.support import SUPPORT_MARKER

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p for p in GOLDEN.iterdir() if (p / "input").is_dir())
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache")


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): _stand_in(p.read_bytes())
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and not p.name.endswith(".pyc")
    }


def _stand_in(data: bytes) -> bytes:
    """The support module the tool writes (web_compat.py, the same in every case but for
    its template folders, and tested on its own) stands in expected/ as its loader line."""
    if SUPPORT_MARKER not in data[:2048]:
        return data
    loader = next(line for line in data.splitlines() if b"FileSystemLoader(" in line)
    return b"# web_compat.py as flask2fastapi writes it, with\n# " + loader.strip() + b"\n"


def test_every_case_has_requests() -> None:
    assert CASES, "no golden cases found"
    for case in CASES:
        assert (case / "requests.json").is_file(), f"{case.name} has no requests.json"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden(case: Path, tmp_path: Path, update_golden: bool) -> None:
    original = tmp_path / "original"
    work = tmp_path / "project"
    shutil.copytree(case / "input", original, ignore=IGNORED)
    shutil.copytree(case / "input", work, ignore=IGNORED)

    result = run([work], jobs=1)
    write_results(result)
    report = result.report.to_json()

    expected_dir = case / "expected"
    if update_golden:
        if expected_dir.exists():
            shutil.rmtree(expected_dir)
        shutil.copytree(work, expected_dir, ignore=IGNORED)
        for support in expected_dir.rglob("web_compat.py"):
            support.write_bytes(_stand_in(support.read_bytes()))
        (case / "report.json").write_text(report, encoding="utf-8")
    assert _files(work) == _files(expected_dir), "converted files differ from expected/"
    assert json.loads(report) == json.loads((case / "report.json").read_text(encoding="utf-8"))

    again = run([work], jobs=1)
    assert again.report.summary.files_changed == 0, "a second run changed files"
    assert again.report.failures == []

    spec = json.loads((case / "requests.json").read_text(encoding="utf-8"))
    requests = spec["requests"]
    assert all("status" in r for r in requests), "every request states its expected status"
    problems = differences(spec, original, work, spec.get("input_kind", "flask"))
    assert not problems, "\n".join(problems)

    if (case / "input" / "tests").is_dir():
        # the case's own tests, migrated with it, pass or fail exactly as before
        before, after = (
            _outcomes(original, tmp_path / "before.xml"),
            _outcomes(work, tmp_path / "after.xml"),
        )
        assert before, "the case's tests did not run"
        assert after == before


def _outcomes(root: Path, report: Path) -> dict[str, str]:
    """Each test of ``root/tests`` -> "passed" / "failed", from a pytest run in a subprocess."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests",
            f"--junitxml={report}",
        ],
        cwd=root,
        capture_output=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        timeout=300,
        check=False,
    )
    outcomes = {}
    for case in ElementTree.parse(report).getroot().iter("testcase"):
        failed = any(child.tag in ("failure", "error") for child in case)
        outcomes[f"{case.get('classname')}.{case.get('name')}"] = "failed" if failed else "passed"
    return outcomes
