"""``flask2fastapi verify``: derived requests, request files, the table, JSON and exit codes."""

from __future__ import annotations

import fcntl
import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import flask2fastapi.replay
from flask2fastapi.replay import compare, reads_form, replay
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
    assert sample_path("/f/<path:name>") == "/f/a/b"
    assert sample_path("/u/<uuid:u>/<slug>") == "/u/00000000-0000-0000-0000-000000000001/sample"


def test_requests_are_derived_from_the_route_table(tmp_path: Path) -> None:
    original = make_project(tmp_path, {"app.py": FLASK_APP})
    found = derive_requests(original, "app:app", unsafe_methods=True)
    derived, not_sent = found.requests, found.not_sent
    assert {(r["method"], r["path"]) for r in derived} == {
        ("GET", "/"),
        ("GET", "/items/1"),
        ("DELETE", "/items/1"),
        ("GET", "/files/a/b"),
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
    found = derive_requests(original, "app:app")
    derived, not_sent = found.requests, found.not_sent
    assert {(r["method"], r["path"]) for r in derived} == {
        ("GET", "/"),
        ("GET", "/items/1"),
        ("GET", "/files/a/b"),
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


# --- sample values, form bodies, one request per URL -------------------------------------


@pytest.mark.parametrize(
    ("rule", "path"),
    [
        ("/a/<any(add, remove):action>", "/a/add"),
        ("/a/<any('x y', z):kind>", "/a/x y"),
        ("/n/<int(min=1):n>", "/n/1"),
        ("/n/<int(min=5, max=9):n>", "/n/5"),
        ("/n/<int(fixed_digits=4):n>", "/n/0001"),
        ("/x/<float:x>", "/x/1.0"),
        ("/x/<float(min=2.5):x>", "/x/2.5"),
        ("/u/<uuid:u>", "/u/00000000-0000-0000-0000-000000000001"),
        ("/p/<path:p>", "/p/a/b"),
        ("/s/<string(length=2):s>", "/s/ab"),
        ("/s/<string(minlength=8):s>", "/s/abcdefgh"),
        ("/s/<string(maxlength=3):s>", "/s/abc"),
        ("/s/<s>/<string:t>", "/s/sample/sample"),
        ("/c/<color:c>", None),
    ],
)
def test_sample_values_each_converter_accepts(rule: str, path: str | None) -> None:
    from werkzeug.routing import Map, Rule

    assert sample_path(rule) == path
    if path is not None:
        endpoint, _ = Map([Rule(rule, endpoint="e")]).bind("localhost").match(path)
        assert endpoint == "e"


OWN_CONVERTERS = """\
from flask import Flask
from werkzeug.routing import BaseConverter, IntegerConverter


class ColorConverter(BaseConverter):
    regex = "(?:red|green)"


class EvenConverter(IntegerConverter):
    pass


app = Flask(__name__)
app.url_map.converters["color"] = ColorConverter


@app.route("/paint/<color:c>")
def paint(c):
    return c


@app.route("/")
def index():
    return "home"


app.url_map.converters["int"] = EvenConverter


@app.route("/even/<int:n>")
def even(n):
    return str(n)
"""


def test_a_rule_with_the_apps_own_converter_is_left_out_with_a_note(tmp_path: Path) -> None:
    """Also when the app registers its converter under a name Werkzeug has."""
    original = make_project(tmp_path, {"app.py": OWN_CONVERTERS})
    found = derive_requests(original, "app:app")
    assert [r["path"] for r in found.requests] == ["/", "/flask2fastapi-verify/no-such-page"]
    assert found.skipped == [
        "/paint/<color:c>: no sample value for the app's own converter color "
        "(send it with --requests)",
        "/even/<int:n>: no sample value for the app's own converter int (send it with --requests)",
    ]


def _form_views() -> dict[str, tuple[Callable[..., Any], bool]]:
    request: Any = None
    login_form: Any = None

    def reads_request_form() -> Any:
        return request.form["name"]

    def fills_a_form_class() -> Any:
        form = login_form()
        return form.validate()

    def reads_json() -> Any:
        return request.get_json()

    def nests_its_read() -> Any:
        def inner() -> Any:
            return request.form

        return inner()

    def plain_decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any) -> Any:
            return view(*args)

        return wrapper

    def wrapping_decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapper(*args: Any) -> Any:
            return view(*args)

        return wrapper

    class Items:
        def post(self) -> Any:
            return request.form

    def class_view() -> None:
        pass

    class_view.view_class = Items  # type: ignore[attr-defined]  # as View.as_view sets it
    return {
        "request.form": (reads_request_form, True),
        "form = LoginForm()": (fills_a_form_class, True),
        "request.get_json()": (reads_json, False),
        "nested function": (nests_its_read, True),
        "decorator without wraps": (plain_decorator(reads_request_form), True),
        "functools.wraps": (wrapping_decorator(reads_request_form), True),
        "decorated JSON view": (wrapping_decorator(reads_json), False),
        "class-based view": (class_view, True),
        "no view": (None, False),  # type: ignore[dict-item]
    }


@pytest.mark.parametrize("name", list(_form_views()))
def test_which_views_read_a_form(name: str) -> None:
    view, expected = _form_views()[name]
    assert reads_form(view) is expected


FORM_AND_JSON = """\
from flask import Flask, request

app = Flask(__name__)


@app.route("/login", methods=["GET", "POST"])
def login():
    return "%s %s" % (request.mimetype, sorted(request.form))


@app.route("/api", methods=["POST"])
def api():
    return "%s %s" % (request.mimetype, request.get_json())


def index():
    return "home"


app.add_url_rule("/", "index", index)
app.add_url_rule("/", "home", index)
app.add_url_rule("/start", "start", index)
"""


def test_a_form_view_gets_a_form_body_and_a_url_is_requested_once(tmp_path: Path) -> None:
    original = make_project(tmp_path, {"app.py": FORM_AND_JSON})
    found = derive_requests(original, "app:app", unsafe_methods=True)
    assert found.requests == [
        {"method": "GET", "path": "/login"},
        {"method": "POST", "path": "/login", "form": {}},
        {"method": "POST", "path": "/api", "json": {}},
        {"method": "GET", "path": "/"},
        {"method": "GET", "path": "/start"},
        {"method": "GET", "path": "/flask2fastapi-verify/no-such-page"},
    ]
    answers = replay("flask", original, "app:app", found.requests[1:3])
    assert [a["body"] for a in answers] == [
        "application/x-www-form-urlencoded []",
        "application/json {}",
    ]


# --- --app with a factory's arguments ----------------------------------------------------

FACTORY_FLASK = """\
import sys

from flask import Flask


def create_app(greeting, polite=False, extra=None):
    app = Flask(__name__)

    @app.route("/")
    def index():
        return "%s%s %r" % (greeting, ", please" if polite else "", extra)

    @app.route("/python")
    def python():
        return "%d.%d" % sys.version_info[:2]

    return app
"""

FACTORY_FASTAPI = """\
import sys

from fastapi import FastAPI
from fastapi.responses import HTMLResponse


def create_app(greeting, polite=False, extra=None):
    app = FastAPI()

    @app.get("/", response_class=HTMLResponse)
    def index():
        return "%s%s %r" % (greeting, ", please" if polite else "", extra)

    @app.get("/python", response_class=HTMLResponse)
    def python():
        return "%d.%d" % sys.version_info[:2]

    return app
"""


def _factory_projects(tmp_path: Path) -> tuple[Path, Path]:
    return (
        make_project(tmp_path / "flask", {"app.py": FACTORY_FLASK}),
        make_project(tmp_path / "fastapi", {"app.py": FACTORY_FASTAPI}),
    )


def test_the_app_factory_takes_literal_arguments(tmp_path: Path) -> None:
    original, converted = _factory_projects(tmp_path)
    spec = 'app:create_app("testing", polite=True, extra={"n": [1, 2.5, None]})'
    requests = tmp_path / "requests.json"
    requests.write_text(json.dumps([{"method": "GET", "path": "/", "status": 200}]))
    [answer] = replay("flask", original, spec, [{"method": "GET", "path": "/"}])
    assert answer["body"] == "testing, please {'n': [1, 2.5, None]}"
    code, out, err = invoke("verify", original, converted, "--app", spec, "--requests", requests)
    assert code == 0 and "1/1 equivalent" in out, out + err


@pytest.mark.skipif(sys.prefix == sys.base_prefix, reason="runs in a virtual environment")
def test_python_takes_a_relative_virtual_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Relative to where verify runs, not to the project the apps run in."""
    original, converted = _factory_projects(tmp_path)
    monkeypatch.chdir(tmp_path)
    venv = os.path.relpath(sys.prefix, tmp_path)
    run = ("verify", "flask", "fastapi", "--app", "app:create_app('x')", "--python", venv)
    code, out, err = invoke(*run, "--requests", _write_requests(tmp_path, [{"path": "/"}]))
    assert code == 0 and "1/1 equivalent" in out, out + err


def _write_requests(folder: Path, requests: list[dict[str, Any]]) -> Path:
    path = folder / "requests.json"
    path.write_text(json.dumps(requests))
    return path


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            "app:create_app(config)",
            "the factory's arguments must be Python literals "
            '("testing", 1, True, None, [...], {...}), not config',
        ),
        ("app:create_app(*names)", "the factory's arguments are given one by one"),
        ("app:create_app(", "'create_app(' is not an attribute or a call of a factory"),
    ],
)
def test_an_app_spec_that_is_not_literal_is_one_error_line(
    tmp_path: Path, spec: str, message: str
) -> None:
    original, converted = _factory_projects(tmp_path)
    code, out, err = invoke("verify", original, converted, "--app", spec)
    assert (code, out) == (2, "")
    assert err == f"error: --app {spec!r}: {message}\n"


# --- the interpreters: --python, --flask-python, --fastapi-python ------------------------

PY37 = Path.home() / ".pyenv/versions/3.7.16/bin/python"


def _bare_venv(folder: Path) -> Path:
    """A virtual environment of this Python with nothing installed (no Flask, no FastAPI)."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    return folder


def test_a_python_that_cannot_serve_is_one_error_line(tmp_path: Path) -> None:
    original, converted = _factory_projects(tmp_path)
    spec = ("verify", original, converted, "--app", "app:create_app('x')")
    missing = tmp_path / "missing"
    not_executable = make_project(tmp_path / "files", {"python": "print(1)\n"}) / "python"
    not_python = tmp_path / "files/fake-python"
    not_python.write_text("#!/bin/sh\necho 'fake'; echo 'no such thing' >&2; exit 3\n")
    not_python.chmod(0o755)
    bare = _bare_venv(tmp_path / "bare")
    bare_python = bare / "bin/python"
    version = ".".join(map(str, sys.version_info[:3]))
    cases = [
        (("--python", missing), f"--python {missing}: no such file or folder"),
        (
            ("--python", tmp_path / "files"),
            f"--python {tmp_path / 'files'}: a folder without bin/python "
            "(give a virtual environment or a Python executable)",
        ),
        (
            ("--python", not_executable),
            f"--python {not_executable}: cannot run it (Permission denied)",
        ),
        (
            ("--flask-python", not_python),
            f"--flask-python {not_python}: not a Python interpreter that runs "
            "(exit code 3: no such thing)",
        ),
        (
            ("--python", bare),
            f"--python {bare_python} (Python {version}) has no flask module: "
            "install the Flask project's requirements there",
        ),
        (
            ("--fastapi-python", bare),
            f"--fastapi-python {bare_python} (Python {version}) has no fastapi module: "
            "install the converted project's requirements there",
        ),
    ]
    if PY37.exists():
        cases.append(
            (
                ("--python", PY37),
                f"--python {PY37} is Python 3.7.16; verify needs Python 3.8 or later",
            )
        )
    for options, message in cases:
        code, out, err = invoke(*spec, *options)
        assert (code, out, err) == (2, "", f"error: {message}\n"), options


def test_the_harness_imports_on_python_3_8() -> None:
    """The replay script's module runs as it is on the oldest Python verify supports."""
    python = _interpreter("3.8")
    if python is None:
        pytest.skip("no Python 3.8 on this machine")
    script = Path(flask2fastapi.replay.__file__)
    done = subprocess.run(
        [
            python,
            "-I",
            "-c",
            "import runpy, sys; names = runpy.run_path(sys.argv[1]); "
            "print(names['parse_app_spec'](sys.argv[2]))",
            str(script),
            'app:create_app("testing", n=1)',
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (
        0,
        "('app', ['create_app'], (['testing'], {'n': 1}))\n",
    ), done.stderr


# --- old stacks: Flask 1.1 and 0.12, Starlette's TestClient on httpx and on requests -----

# Each stack is a virtual environment of an older Python, built once and kept in
# FLASK2FASTAPI_TEST_VENVS (default ~/.cache/flask2fastapi-tests); CI can build them
# ahead with `python -m tests.test_verify`. Missing interpreter or no index: skipped.
OLD_STACKS: dict[str, tuple[str, tuple[str, ...]]] = {
    # Flask 1.x on Werkzeug 1.0 (the old cookie API), the httpx-based TestClient (0.27)
    "py38-flask1": (
        "3.8",
        (
            "Flask==1.1.4",
            "Werkzeug==1.0.1",
            "Jinja2==2.11.3",
            "itsdangerous==1.1.0",
            "MarkupSafe==1.1.1",
            "click==7.1.2",
            "fastapi==0.95.2",
            "starlette==0.27.0",
            "httpx==0.24.1",
        ),
    ),
    # Flask 0.12 (no json= in its client, no get_json on responses) on Werkzeug 0.14
    # (Content-Length: 0 on every request), the TestClient on requests (Starlette 0.20:
    # data=, allow_redirects=)
    "py39-flask012": (
        "3.9",
        (
            "Flask==0.12.5",
            "Werkzeug==0.14.1",
            "Jinja2==2.11.3",
            "itsdangerous==1.1.0",
            "MarkupSafe==1.1.1",
            "click==7.1.2",
            "fastapi==0.85.2",
            "starlette==0.20.4",
            "anyio==3.7.1",
            "requests==2.31.0",
        ),
    ),
}


def _interpreter(version: str) -> str | None:
    """A Python ``version`` (pyenv's, else pythonX.Y on PATH)."""
    pyenv = sorted(
        (Path.home() / ".pyenv/versions").glob(f"{version}.*/bin/python"),
        key=lambda p: [int(n) for n in p.parent.parent.name.split(".") if n.isdigit()],
    )
    return str(pyenv[-1]) if pyenv else shutil.which(f"python{version}")


def _venvs() -> Path:
    default = Path.home() / ".cache/flask2fastapi-tests"
    return Path(os.environ.get("FLASK2FASTAPI_TEST_VENVS") or default)


def build_old_stack(name: str) -> tuple[Path | None, str]:
    """The stack's virtual environment, built once (its pins are its marker), and an empty
    reason; or None and why it cannot be had here."""
    version, pins = OLD_STACKS[name]
    python = _interpreter(version)
    if python is None:
        return None, f"no Python {version} on this machine"
    marker_text = "\n".join(pins) + "\n"
    folder = _venvs() / f"{name}-{hashlib.sha256(marker_text.encode()).hexdigest()[:10]}"
    marker = folder / "flask2fastapi-stack.txt"
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / f"{folder.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time, however many runs
        if marker.is_file() and marker.read_text() == marker_text:
            return folder, ""
        shutil.rmtree(folder, ignore_errors=True)
        steps = [
            [python, "-m", "venv", str(folder)],
            [
                str(folder / "bin/python"),
                "-m",
                "pip",
                "install",
                "-q",
                "--disable-pip-version-check",
                *pins,
            ],
        ]
        for step in steps:
            try:
                done = subprocess.run(
                    step, capture_output=True, text=True, timeout=600, check=False
                )
            except (OSError, subprocess.TimeoutExpired) as error:
                return None, f"cannot build {name}: {error}"
            if done.returncode:
                shutil.rmtree(folder, ignore_errors=True)
                lines = [line for line in done.stderr.splitlines() if line.startswith("ERROR")]
                last = (lines or done.stderr.strip().splitlines() or ["no output"])[-1]
                return None, f"cannot build {name} ({' '.join(step[2:4])}): {last}"
        marker.write_text(marker_text)
    return folder, ""


@pytest.fixture(scope="session")
def old_stacks() -> dict[str, tuple[Path | None, str]]:
    return {}


@pytest.fixture(params=sorted(OLD_STACKS))
def old_stack(
    request: pytest.FixtureRequest, old_stacks: dict[str, tuple[Path | None, str]]
) -> Path:
    name = request.param
    if name not in old_stacks:
        old_stacks[name] = build_old_stack(name)
    folder, reason = old_stacks[name]
    if folder is None:
        pytest.skip(reason)
    return folder


OLD_FLASK = """\
import gzip
import sys

from flask import Flask, jsonify, make_response, redirect, request


def create_app(greeting, polite=False):
    app = Flask(__name__)

    @app.route("/")
    def index():
        return greeting + (", please" if polite else "")

    @app.route("/echo", methods=["POST"])
    def echo():
        return jsonify(
            json=request.get_json(silent=True),
            form=request.form.to_dict(),
            q=request.args.get("q"),
            type=request.mimetype,
        )

    @app.route("/cookie")
    def cookie():
        response = make_response("theme: %s" % request.cookies.get("theme"))
        response.set_cookie("a", "1")
        response.set_cookie("b", "2", httponly=True)
        return response

    @app.route("/go")
    def go():
        return redirect("/")

    @app.route("/python")
    def python():
        return "%d.%d" % sys.version_info[:2]

    @app.route("/gzip")
    def gzipped():
        response = make_response(gzip.compress(b"hello"))
        response.headers["Content-Encoding"] = "gzip"
        return response

    @app.route("/client")
    def client():
        return jsonify(
            url=request.url,
            address=request.remote_addr,
            headers=sorted("%s: %s" % (k.lower(), v) for k, v in request.headers.items()),
        )

    return app
"""

OLD_FASTAPI = """\
import gzip
import json
import sys
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response


def create_app(greeting, polite=False):
    app = FastAPI()

    @app.get("/", response_class=HTMLResponse)
    def index():
        return greeting + (", please" if polite else "")

    @app.post("/echo")
    async def echo(request: Request):
        body = await request.body()
        kind = request.headers.get("content-type", "").split(";")[0].strip()
        form = "application/x-www-form-urlencoded"
        return {
            "json": json.loads(body) if kind == "application/json" else None,
            "form": dict(parse_qsl(body.decode())) if kind == form else {},
            "q": request.query_params.get("q"),
            "type": kind,
        }

    @app.get("/cookie")
    def cookie(request: Request):
        response = HTMLResponse("theme: %s" % request.cookies.get("theme"))
        response.set_cookie("a", "1", samesite=None)
        response.set_cookie("b", "2", httponly=True, samesite=None)
        return response

    @app.get("/go")
    def go():
        return RedirectResponse("/", status_code=302)

    @app.get("/python", response_class=HTMLResponse)
    def python():
        return "%d.%d" % sys.version_info[:2]

    @app.get("/gzip")
    def gzipped():
        body = gzip.compress(b"hello")
        return Response(body, media_type="text/html", headers={"Content-Encoding": "gzip"})

    @app.get("/client")
    def client(request: Request):
        return {
            "url": str(request.url),
            "address": request.client.host,
            "headers": sorted("%s: %s" % item for item in request.headers.items()),
        }

    return app
"""

OLD_REQUESTS = [
    {"method": "GET", "path": "/", "status": 200},
    {"method": "POST", "path": "/echo", "json": {"a": [1, 2]}, "query": {"q": "x"}, "status": 200},
    {"method": "POST", "path": "/echo", "form": {"name": "ada"}, "status": 200},
    {"method": "GET", "path": "/cookie", "cookies": {"theme": "dark"}, "status": 200},
    {"method": "GET", "path": "/go", "status": 302},
    {"method": "GET", "path": "/python", "status": 200},
    {"method": "GET", "path": "/client", "headers": {"User-Agent": "me"}, "status": 200},
    {"method": "GET", "path": "/gzip", "status": 200},
    {"method": "GET", "path": "/nowhere", "status": 404},
]
OLD_APP = 'app:create_app("hello", polite=True)'


THIS_PYTHON = f"{sys.version_info[0]}.{sys.version_info[1]}"


def _old_projects(tmp_path: Path) -> tuple[Path, Path, Path]:
    requests = tmp_path / "requests.json"
    requests.write_text(json.dumps({"requests": OLD_REQUESTS}))
    return (
        make_project(tmp_path / "flask", {"app.py": OLD_FLASK}),
        make_project(tmp_path / "fastapi", {"app.py": OLD_FASTAPI}),
        requests,
    )


def test_verify_in_an_old_stack(tmp_path: Path, old_stack: Path) -> None:
    """Both apps in the project's own environment (--python: its folder): JSON and form
    bodies, cookies sent and set, a redirect left unfollowed, a factory's arguments."""
    original, converted, requests = _old_projects(tmp_path)
    run = ("verify", original, converted, "--app", OLD_APP, "--python", old_stack)
    code, out, err = invoke(*run, "--requests", requests)
    assert code == 0 and "sent: GET, POST\n9/9 equivalent" in out, out + err
    answers = replay("flask", original, OLD_APP, OLD_REQUESTS, python=str(old_stack / "bin/python"))
    assert [a["body"] for a in answers[1:4]] == [
        {"json": {"a": [1, 2]}, "form": {}, "q": "x", "type": "application/json"},
        {
            "json": None,
            "form": {"name": "ada"},
            "q": None,
            "type": "application/x-www-form-urlencoded",
        },
        "theme: dark",
    ]
    assert answers[5]["body"] == OLD_STACKS[old_stack.name.rpartition("-")[0]][0]
    # derived from the route table in that Python: every route, the POST with a form
    code, out, err = invoke(*run, "--unsafe-methods")
    assert code == 0 and "sent: GET, POST\n8/8 equivalent" in out, out + err


def test_both_apps_get_the_same_client(tmp_path: Path) -> None:
    """Host, address and headers: what the apps see of the client is the same; and an
    encoded body is compared decoded, as Starlette's TestClient gives it."""
    original, converted, _ = _old_projects(tmp_path)
    requests = [r for r in OLD_REQUESTS if r["path"] in ("/client", "/gzip")]
    flask, fastapi = (
        replay(kind, root, OLD_APP, requests)
        for kind, root in (("flask", original), ("fastapi", converted))
    )
    assert [a["body"] for a in flask] == [a["body"] for a in fastapi]
    assert flask[0]["body"]["url"] == "http://localhost/client"
    assert "user-agent: me" in flask[0]["body"]["headers"]
    assert flask[1]["body"] == "hello"
    assert [compare(r, old, new) for r, old, new in zip(requests, flask, fastapi, strict=True)] == [
        [],
        [],
    ]


def test_each_side_in_its_own_python(tmp_path: Path, old_stack: Path) -> None:
    original, converted, _ = _old_projects(tmp_path)
    requests = tmp_path / "python.json"
    requests.write_text(json.dumps([{"method": "GET", "path": "/python"}]))
    version = OLD_STACKS[old_stack.name.rpartition("-")[0]][0]
    run = ("verify", original, converted, "--app", OLD_APP, "--requests", requests)
    for options, flask, fastapi in [
        (("--flask-python", old_stack / "bin/python"), version, THIS_PYTHON),
        (
            ("--python", old_stack, "--flask-python", sys.executable),
            THIS_PYTHON,
            version,
        ),
    ]:
        code, out, err = invoke(*run, *options, "--json")
        assert code == 1, out + err
        [answer] = json.loads(out)["requests"]
        assert answer["differences"] == [f"body: Flask {flask!r} != FastAPI {fastapi!r}"]


if __name__ == "__main__":  # build the old stacks ahead (CI): python -m tests.test_verify
    for stack in sorted(OLD_STACKS):
        built, why = build_old_stack(stack)
        print(f"{stack}: {built or 'not built: ' + why}")


FAILING_ERROR_PAGE = """\
from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    raise RuntimeError("the view fails")


@app.errorhandler(500)
def error_page(error):
    raise RuntimeError("and so does the error page")
"""

FASTAPI_FAILING = """\
from fastapi import FastAPI

app = FastAPI()


@app.get("/")
def index():
    raise RuntimeError("the view fails")
"""


def test_an_exception_escaping_the_flask_app_is_a_500(tmp_path: Path) -> None:
    """As a WSGI server answers it (its 500 handler failed too), not a failed replay."""
    original = make_project(tmp_path / "flask", {"app.py": FAILING_ERROR_PAGE})
    converted = make_project(tmp_path / "fastapi", {"app.py": FASTAPI_FAILING})
    code, out, err = invoke("verify", original, converted, "--app", "app:app")
    assert code == 0 and "2/2 equivalent" in out, out + err
