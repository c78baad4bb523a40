"""Flask-Login's ``current_user._get_current_object()`` in converted handlers."""

from __future__ import annotations

import textwrap
from pathlib import Path

from fastapi.testclient import TestClient

from flask2fastapi.runner import run, write_results
from tests.projects import imported

APP = """\
from flask import Flask, jsonify
from flask_login import LoginManager, current_user

app = Flask(__name__)
login_manager = LoginManager(app)
SEEN = []


@login_manager.user_loader
def load_user(user_id):
    return None


@app.route("/who")
def who():
    user = current_user._get_current_object()
    SEEN.append(user)
    return jsonify(authenticated=user.is_authenticated, same=(current_user._get_current_object()) is user)
"""


def test_the_user_dependency_is_the_object_itself(tmp_path: Path) -> None:
    """Without the bridge current_user is a dependency's value, the user itself: the
    proxy's ``_get_current_object()`` is that value (it had no such method: a 500)."""
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text(textwrap.dedent(APP))
    result = run([tmp_path / "src"], jobs=1, bridge=False)
    assert not result.report.failures
    write_results(result, tmp_path / "out")
    text = (tmp_path / "out" / "app.py").read_text()
    assert "    user = current_user\n" in text
    assert '"same": (current_user) is user' in text
    assert "_get_current_object" not in text
    with imported(tmp_path / "out", "app") as module:
        answer = TestClient(module.app).get("/who")
        assert answer.status_code == 200
        assert answer.json() == {"authenticated": False, "same": True}
        assert module.SEEN[0].__class__.__name__ == "AnonymousUser"


def test_with_the_bridge_flask_login_s_proxy_still_answers(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text(textwrap.dedent(APP))
    result = run([tmp_path / "src"], jobs=1)
    assert not result.report.failures
    write_results(result, tmp_path / "out")
    with imported(tmp_path / "out", "app") as module:
        answer = TestClient(module.app).get("/who")
        assert answer.status_code == 200
        assert answer.json() == {"authenticated": False, "same": True}
