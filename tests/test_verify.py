"""``flask2fastapi verify``: derived requests, request files, the table, JSON and exit codes."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from flask2fastapi.replay import compare, replay
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
    derived, not_sent = derive_requests(original, "app:app", unsafe_methods=True)
    assert {(r["method"], r["path"]) for r in derived} == {
        ("GET", "/"),
        ("GET", "/items/1"),
        ("DELETE", "/items/1"),
        ("GET", "/files/sample/path"),
        ("GET", "/flask2fastapi-verify/no-such-page"),
    }
    assert next(r for r in derived if r["method"] == "DELETE")["json"] == {}
    assert not_sent == []


def test_derived_requests_use_safe_methods_by_default(tmp_path: Path) -> None:
    """Only GET, HEAD and OPTIONS, and only those a rule declares itself (not the HEAD and
    OPTIONS Flask adds to every rule); the other methods are listed as not sent."""
    app = FLASK_APP + (
        '\n\n@app.route("/probe", methods=["HEAD", "OPTIONS", "PUT"])\n'
        "def probe():\n    return ''\n"
    )
    original = make_project(tmp_path, {"app.py": app})
    derived, not_sent = derive_requests(original, "app:app")
    assert {(r["method"], r["path"]) for r in derived} == {
        ("GET", "/"),
        ("GET", "/items/1"),
        ("GET", "/files/sample/path"),
        ("HEAD", "/probe"),
        ("OPTIONS", "/probe"),
        ("GET", "/flask2fastapi-verify/no-such-page"),
    }
    assert all("json" not in r for r in derived)
    assert not_sent == ["PUT", "DELETE"]


def test_verify_equivalent_apps(tmp_path: Path) -> None:
    original, converted = _projects(tmp_path)
    code, out, err = invoke("verify", original, converted, "--app", "app:app")
    assert code == 0, out + err
    assert "sent: GET (add --unsafe-methods for DELETE)\n4/4 equivalent" in out
    code, out, err = invoke("verify", original, converted, "--app", "app:app", "--unsafe-methods")
    assert code == 0, out + err
    assert "sent: GET, DELETE\n5/5 equivalent" in out


def test_verify_reports_differences(tmp_path: Path) -> None:
    original, converted = _projects(tmp_path, broken=True)
    code, out, _ = invoke("verify", original, converted, "--app", "app:app")
    assert code == 1
    assert "3/4 equivalent" in out and "GET /" in out
    code, out, _ = invoke("verify", original, converted, "--app", "app:app", "--json")
    data = json.loads(out)
    assert (data["equivalent"], data["total"]) == (3, 4)
    assert (data["methods_sent"], data["methods_not_sent"]) == (["GET"], ["DELETE"])
    assert [r["path"] for r in data["requests"] if r["differences"]] == ["/"]


DELETING_APP = """\
from pathlib import Path
from typing import Any

from flask import Flask, request

app = Flask(__name__)
ROWS = Path(__file__).parent / "rows"


@app.route("/rows/<int:row>", methods=["GET", "DELETE"])
def row(row):
    if request.method == "DELETE":
        (ROWS / str(row)).unlink(missing_ok=True)
    return "ok"
"""


def test_verify_sends_no_unsafe_method_unless_asked(tmp_path: Path) -> None:
    """A DELETE route of the real app deletes a row of its database (here a file): only
    with --unsafe-methods, and a request file is sent as given."""
    original = make_project(tmp_path / "flask", {"app.py": DELETING_APP, "rows/1": ""})
    converted = tmp_path / "fastapi"
    assert invoke("convert", original, "--out", converted)[0] == 0
    code, out, err = invoke("verify", original, converted, "--app", "app:app")
    assert code == 0, out + err
    assert "sent: GET (add --unsafe-methods for DELETE)" in out
    assert (original / "rows/1").exists() and (converted / "rows/1").exists()

    requests = tmp_path / "requests.json"
    requests.write_text(json.dumps([{"method": "DELETE", "path": "/rows/1"}]))
    code, out, err = invoke(
        "verify", original, converted, "--app", "app:app", "--requests", requests
    )
    assert code == 0 and "sent: DELETE\n1/1 equivalent" in out, out + err
    assert not (original / "rows/1").exists() and not (converted / "rows/1").exists()

    (original / "rows/1").write_text("")
    (converted / "rows/1").write_text("")
    code, out, err = invoke("verify", original, converted, "--app", "app:app", "--unsafe-methods")
    assert code == 0 and "sent: GET, DELETE\n3/3 equivalent" in out, out + err
    assert not (original / "rows/1").exists() and not (converted / "rows/1").exists()


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


# --- the apps' own processes and output -----------------------------------------------

SPAWNING_APP = """\
import os
import subprocess
import sys
import time

# a helper process of the app's own (first thing): it must not outlive the replay
helper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
with open(os.path.join(os.path.dirname(__file__), "pids"), "a") as pids:
    pids.write(f"{helper.pid}\\n")
if os.environ.get("F2F_TEST_HANG"):
    time.sleep(60)

from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return "home"
"""


def _gone(pid: int) -> bool:
    """The process ended (or is a zombie waiting for whoever adopted it)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rpartition(")")[2].split()[0] == "Z"


def _all_gone(pids_file: Path) -> bool:
    pids = [int(line) for line in pids_file.read_text().split()]
    assert pids
    for _ in range(250):  # SIGKILL lands at once; give the scheduler some slack
        if all(_gone(pid) for pid in pids):
            return True
        time.sleep(0.02)
    return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize("hang", [False, True], ids=["answers", "hangs"])
def test_verify_timeout_kills_the_app_and_what_it_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hang: bool
) -> None:
    original = make_project(tmp_path / "flask", {"app.py": SPAWNING_APP})
    converted = make_project(tmp_path / "fastapi", {"app.py": FASTAPI_HOME})
    if hang:
        monkeypatch.setenv("F2F_TEST_HANG", "1")
    timeout = "1" if hang else "60"
    code, out, err = invoke("verify", original, converted, "--app", "app:app", "--timeout", timeout)
    if hang:
        assert code == 2
        assert err == "error: the Flask app did not answer within 1 s (import or requests)\n"
    else:
        assert code == 0 and "2/2 equivalent" in out, out + err
    assert _all_gone(original / "pids")


FASTAPI_HOME = """\
from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/", response_class=HTMLResponse)
def index():
    return "home"
"""


def test_verify_timeout_must_be_positive(tmp_path: Path) -> None:
    original, converted = _projects(tmp_path)
    code, _, err = invoke("verify", original, converted, "--app", "app:app", "--timeout", "0")
    assert code == 2 and err == "error: --timeout must be more than 0 seconds, not 0\n"


def test_an_app_that_exits_at_import_is_one_error_line(tmp_path: Path) -> None:
    original = make_project(
        tmp_path / "flask", {"app.py": "import sys\n\nprint('bye')\nsys.exit(3)\n"}
    )
    converted = make_project(tmp_path / "fastapi", {"app.py": FASTAPI_HOME})
    code, out, err = invoke("verify", original, converted, "--app", "app:app")
    assert code == 2 and out == ""
    assert (
        err
        == f"error: the Flask app app:app in {original} exited while being imported (exit code 3)\n"
    )


NOISY = """\
import atexit
import sys

print("[]")  # looks like an answer to whoever reads stdout
print('{"records": []}', file=sys.stderr)
atexit.register(lambda: print("[1, 2, 3]"))
"""


def test_what_an_app_prints_cannot_change_the_result(tmp_path: Path) -> None:
    """At import, in a view and at exit: the answers come through a channel of their own."""
    app = NOISY + FLASK_APP.replace('    return "home"', '    print("[]")\n    return "home"')
    original = make_project(tmp_path / "flask", {"app.py": app})
    converted = tmp_path / "fastapi"
    assert invoke("convert", original, "--out", converted)[0] == 0
    code, out, err = invoke("verify", original, converted, "--app", "app:app")
    assert code == 0 and "4/4 equivalent" in out, out + err


SHADOWS = {
    # the project's modules named like the standard library's or the interpreter's own
    name: f"open(__file__ + '.ran', 'w').close()\n{extra}"
    for name, extra in {
        "json.py": "raise ImportError('not the json module')\n",
        "typing.py": "raise ImportError('not the typing module')\n",
        "sitecustomize.py": "",
        "usercustomize.py": "",
    }.items()
}


def test_the_projects_modules_do_not_run_inside_the_harness(tmp_path: Path) -> None:
    """They never run before the app is imported (nor instead of the modules verify needs),
    and the app still imports the project's own modules."""
    app = FLASK_APP.replace("from flask import", "from greeting import HOME\nfrom flask import")
    app = app.replace("jsonify(id=item_id)", "jsonify(id=item_id, greeting=HOME)")
    files = {"app.py": app, "greeting.py": 'HOME = "home"\n', **SHADOWS}
    original = make_project(tmp_path / "flask", files)
    converted = tmp_path / "fastapi"
    assert invoke("convert", original, "--out", converted)[0] == 0
    code, out, err = invoke("verify", original, converted, "--app", "app:app")
    assert code == 0 and "4/4 equivalent" in out, out + err
    assert not list(tmp_path.rglob("*.ran"))


# --- request files ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'\xff{"requests": []}', "not UTF-8 text (byte 0xff at offset 0)"),
        (b"[]", "no requests to send"),
        (b'{"requests": []}', "no requests to send"),
        (b'{"cookie_jar": true}', "no 'requests' list"),
        (b'"/items/1"', "expected a list of requests, each with a 'path'"),
        (
            b'{"requests": [{"path": "/"}], "cookie_jar": "false"}',
            "'cookie_jar' must be true or false, not 'false'",
        ),
        (
            b'{"requests": [{"path": "/"}], "cookie_jar": 0}',
            "'cookie_jar' must be true or false, not 0",
        ),
        (b'{"requests": [{"path": "/"}], "jar": true}', "unknown key 'jar'"),
        (b'{"requests": [{"path": "/"}, "/items"]}', "request 2: expected an object"),
        (b'{"requests": [{"method": "GET"}]}', "request 1: no 'path'"),
        (b'{"requests": [{"path": "items"}]}', "request 1: 'path' must be a string starting"),
        (b'[{"path": "/", "headers": ["x"]}]', "request 1: 'headers' must be an object of"),
        (b'[{"path": "/", "jsn": {}}]', "request 1: unknown key 'jsn'"),
        (b'[{"path": "/", "status": "200"}]', "request 1: 'status' must be an HTTP status"),
        (b'[{"path": "/", "files": {"f": ["a.txt"]}}]', "request 1: 'files' must be an object"),
    ],
)
def test_a_bad_request_file_is_one_error_line(tmp_path: Path, content: bytes, message: str) -> None:
    original, converted = tmp_path / "flask", tmp_path / "fastapi"
    original.mkdir()
    converted.mkdir()
    requests = tmp_path / "requests.json"
    requests.write_bytes(content)
    code, out, err = invoke(
        "verify", original, converted, "--app", "app:app", "--requests", requests
    )
    assert code == 2 and out == ""
    assert err.startswith(f"error: {requests}: {message}") and err.count("\n") == 1, err


def test_a_bad_yaml_request_file_is_one_error_line(tmp_path: Path) -> None:
    pytest.importorskip("yaml")
    requests = tmp_path / "requests.yaml"
    requests.write_text("requests:\n  - path: /\n    cookies: [a\n")
    code, _, err = invoke("verify", tmp_path, tmp_path, "--app", "app:app", "--requests", requests)
    assert code == 2
    assert err.startswith(f"error: {requests}: not valid YAML (") and err.count("\n") == 1, err


@pytest.mark.parametrize(
    ("app", "message"),
    [
        ("from flask import Flask\n\napp = Flask(__name__)\n", "the Flask app has no routes"),
        (
            "from flask import Flask\n\napp = Flask(__name__)\n\n\n"
            '@app.post("/items")\ndef add():\n    return ""\n',
            "no route of the Flask app answers GET, HEAD or OPTIONS "
            "(add --unsafe-methods for POST)",
        ),
    ],
    ids=["no-route", "only-post"],
)
def test_nothing_to_derive_is_an_error(tmp_path: Path, app: str, message: str) -> None:
    original = make_project(tmp_path / "flask", {"app.py": app})
    converted = make_project(tmp_path / "fastapi", {"app.py": FASTAPI_HOME})
    code, out, err = invoke("verify", original, converted, "--app", "app:app")
    assert (code, out) == (2, "")
    assert err == f"error: no requests to send: {message}\n"


# --- cookies ------------------------------------------------------------------------------


def _answer(
    *cookies: str, session_cookie: str | None = None, sent: bool | None = None
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "status": 200,
        "media_type": "text/html",
        "body": "ok",
        "headers": {"set-cookie": "\n".join(cookies)} if cookies else {},
    }
    if session_cookie:
        record["session_cookie"] = session_cookie
    if sent is not None:  # whether the Flask client sent the session cookie
        record["session_cookie_sent"] = sent
    return record


REQUEST = {"method": "GET", "path": "/"}


def test_cookie_attributes_compare_as_a_set() -> None:
    """Order, the case of attribute names and of SameSite's value, and Expires next to an
    equal Max-Age are no difference; a missing attribute or another value is."""
    flask = _answer(
        "theme=dark; Expires=Thu, 01 Jan 2099 00:00:00 GMT; Max-Age=60; Secure; HttpOnly; "
        "Path=/; SameSite=Strict"
    )
    fastapi = _answer("theme=dark; HttpOnly; Max-Age=60; Path=/; SameSite=strict; Secure")
    assert compare(REQUEST, flask, fastapi) == []
    deleted = _answer("theme=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/")
    also_deleted = _answer('theme=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/')
    assert compare(REQUEST, deleted, also_deleted) == []

    weaker = _answer("theme=dark; HttpOnly; Max-Age=60; Path=/; SameSite=lax")
    assert compare(REQUEST, flask, weaker) == [
        "cookie theme: Flask 'theme=dark; httponly; path=/; samesite=strict; secure; max-age=60'"
        " != FastAPI 'theme=dark; httponly; path=/; samesite=lax; max-age=60'"
    ]
    assert compare(REQUEST, _answer("a=1; Path=/"), _answer("a=2; Path=/"))
    assert compare(REQUEST, _answer("a=1; Path=/"), _answer())
    assert compare({**REQUEST, "ignore_headers": ["set-cookie"]}, _answer("a=1"), _answer()) == []


def test_the_session_cookie_compares_its_attributes_not_its_value() -> None:
    flask = _answer("session=eyJmbGFzayI6MX0.abc; HttpOnly; Path=/")
    same = _answer("session=c3RhcmxldHRl; path=/; httponly")
    assert compare(REQUEST, flask, same) == []
    starlette_defaults = _answer(
        "session=c3RhcmxldHRl; path=/; Max-Age=1209600; httponly; samesite=lax"
    )
    assert compare(REQUEST, flask, starlette_defaults) == [
        "cookie session: Flask 'session=(value not compared); httponly; path=/; browser session'"
        " != FastAPI 'session=(value not compared); httponly; path=/; samesite=lax; persistent'"
    ]
    # a permanent session: an Expires date in Flask, Max-Age in Starlette, both persistent
    permanent = _answer(
        "session=x; Expires=Thu, 01 Jan 2099 00:00:00 GMT; Secure; HttpOnly; Path=/"
    )
    assert (
        compare(REQUEST, permanent, _answer("session=y; path=/; Max-Age=2678400; httponly; secure"))
        == []
    )
    # the name is the Flask app's SESSION_COOKIE_NAME
    named = _answer("sid=x; HttpOnly; Path=/", session_cookie="sid")
    assert compare(REQUEST, named, _answer("sid=y; HttpOnly; Path=/")) == []
    assert compare(REQUEST, named, _answer("session=y; HttpOnly; Path=/")) != []


SESSION_APP = """\
from flask import Flask, session

app = Flask(__name__)
app.config.update(SECRET_KEY="k", SESSION_COOKIE_NAME="sid")


@app.route("/")
def index():
    session["seen"] = True
    return "ok"
"""


def test_flask_answers_name_the_session_cookie_and_whether_it_was_sent(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"app.py": SESSION_APP})
    requests = [{"method": "GET", "path": "/"}] * 2
    first, second = replay("flask", root, "app:app", requests, cookie_jar=True)
    assert first["headers"]["set-cookie"].startswith("sid=")
    assert (first["session_cookie"], first["session_cookie_sent"]) == ("sid", False)
    assert (second["session_cookie"], second["session_cookie_sent"]) == ("sid", True)


def test_a_session_cookie_only_one_app_sets() -> None:
    """Flask deletes an emptied session's cookie even when the client has none, Starlette
    sends the session cookie back on every answer: no difference a client could see. A
    session only one app saves, or clears, is one."""
    deletion = "session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/"
    resent = "session=c3RhcmxldHRl; path=/; httponly"
    assert compare(REQUEST, _answer(deletion, sent=False), _answer()) == []
    assert compare(REQUEST, _answer(deletion, sent=True), _answer()) != []
    assert compare(REQUEST, _answer(sent=True), _answer(resent)) == []
    assert compare(REQUEST, _answer(sent=False), _answer(resent)) != []
    assert compare(REQUEST, _answer("session=x; HttpOnly; Path=/", sent=True), _answer()) != []


def test_replay_takes_a_relative_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_project(tmp_path / "project", {"app.py": FLASK_APP})
    monkeypatch.chdir(tmp_path)
    [answer] = replay("flask", Path("project"), "app:app", [{"method": "GET", "path": "/"}])
    assert (answer["status"], answer["body"]) == (200, "home")
