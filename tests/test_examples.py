"""The example projects: each converts cleanly, its converted app starts under uvicorn
and answers its ``requests.json`` like the Flask app, and its own test suite passes."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from flask2fastapi.replay import differences
from flask2fastapi.runner import run, write_results

EXAMPLES = Path(__file__).parent.parent / "examples"
PROJECTS = sorted(p for p in EXAMPLES.iterdir() if (p / "requests.json").is_file())


@pytest.fixture(params=PROJECTS, ids=[p.name for p in PROJECTS])
def converted(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, Path]:
    source: Path = request.param
    out = tmp_path / source.name
    result = run([source], jobs=1)
    assert result.report.failures == []
    write_results(result, out)
    return source, out


def test_example_answers_like_the_flask_app(converted: tuple[Path, Path]) -> None:
    source, out = converted
    spec = json.loads((source / "requests.json").read_text())
    problems = differences(spec, source, out)
    assert not problems, "\n".join(problems)


def test_example_app_has_no_manual_work_left(converted: tuple[Path, Path]) -> None:
    """At most the example's own tests (Flask's test client) are left for a person."""
    _, out = converted
    again = run([out], jobs=1)
    assert again.report.summary.files_changed == 0
    manual = [f for f in again.report.findings if f.severity == "manual"]
    assert all(f.file.startswith("tests/") for f in manual), manual


def test_converted_example_starts_with_uvicorn(converted: tuple[Path, Path]) -> None:
    _, out = converted
    spec = json.loads((out / "requests.json").read_text())
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = spec["app"]
    factory = ["--factory"] if app.endswith("()") else []
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            *factory,
            app.removesuffix("()"),
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=out,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, "uvicorn exited"
                assert time.monotonic() < deadline, "uvicorn did not start in 30 s"
                time.sleep(0.2)
        assert response.status_code < 500
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_example_own_tests_pass_after_conversion(converted: tuple[Path, Path]) -> None:
    """The example's own suite, migrated to TestClient, passes on the FastAPI app."""
    source, out = converted
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=out,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "failed" not in proc.stdout and " passed" in proc.stdout


def test_example_own_tests_pass_on_the_flask_app() -> None:
    for project in PROJECTS:
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
            cwd=project,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
            timeout=300,
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr
