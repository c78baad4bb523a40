"""Replay HTTP requests against a Flask or a FastAPI app and compare the answers.

Each app is imported in its own interpreter: :func:`replay` runs this file as a script
(``python -I -B replay.py --kind flask --app mod:app --root DIR --job JOB --out OUT``)
and reads the answers from ``OUT``, a file of its own, so nothing the app prints (at
import, in a view, at exit) reaches them. The interpreter is isolated (``-I``: no user
site, no ``PYTHON*`` variables, no script folder on ``sys.path``): this script imports
what it needs first, then puts the project's root on ``sys.path`` and imports the app,
so a ``json.py`` or ``sitecustomize.py`` of the project never runs inside it. The whole
process group is killed after ``timeout`` seconds, and when the script ends.
:func:`compare` says how two answers differ.

A request file is JSON::

    {"app": "app:app",
     "requests": [{"method": "GET", "path": "/items/1", "query": {"q": "x"},
                   "headers": {}, "cookies": {}, "json": null, "form": null,
                   "files": {"field": ["name.txt", "content", "text/plain"]},
                   "status": 200}]}

``app`` is ``module:attribute`` or ``module:factory()``. ``status``, when
given, is the status both apps must answer, so two equal failures never pass.
``"cookie_jar": true`` sends all requests from one client, so cookies (a session, a
login) carry over from one request to the next; otherwise each request starts fresh.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import json
import os
import signal
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

# Headers a server or framework adds on its own; everything else was set by the app.
AUTOMATIC_HEADERS = frozenset(
    {"content-length", "content-type", "date", "server", "connection", "transfer-encoding"}
)
_HOSTS = ("http://testserver", "http://localhost")
DEFAULT_TIMEOUT = 60.0
_LABELS = {"flask": "Flask", "routes": "Flask", "fastapi": "FastAPI"}


class ReplayError(RuntimeError):
    """An app that cannot be imported, exits, or does not answer in time. The first line
    of the message says so; the app's own error output, if any, follows."""


def load_app(spec: str) -> Any:
    """Import ``module:attr`` or ``module:factory()`` and return the app."""
    module_name, _, attr = spec.partition(":")
    module = importlib.import_module(module_name)
    attr = attr or "app"
    if attr.endswith("()"):
        return getattr(module, attr[:-2])()
    return getattr(module, attr)


def _normalise_location(value: str | None) -> str | None:
    if value is None:
        return None
    for host in _HOSTS:
        if value.startswith(host):
            return value[len(host) :] or "/"
    return value


def _record(status: int, headers: list[tuple[str, str]], body: bytes) -> dict[str, Any]:
    lowered = [(k.lower(), v) for k, v in headers]
    content_type = next((v for k, v in lowered if k == "content-type"), "")
    media_type = content_type.split(";")[0].strip()
    parsed: Any
    if media_type == "application/json" and body:
        try:
            parsed = json.loads(body)
        except ValueError:
            parsed = body.decode("utf-8", "replace")
    else:
        parsed = body.decode("utf-8", "replace")
    app_headers: dict[str, str] = {}
    for key, value in lowered:
        if key in AUTOMATIC_HEADERS:
            continue
        if key == "location":
            value = _normalise_location(value) or ""
        separator = "\n" if key == "set-cookie" else ", "  # cookie dates hold commas
        app_headers[key] = f"{app_headers[key]}{separator}{value}" if key in app_headers else value
    return {
        "status": status,
        "media_type": media_type,
        "body": parsed,
        "headers": app_headers,
    }


def _session_cookie_name(app: Any) -> str:
    """The name of the Flask app's session cookie (``SESSION_COOKIE_NAME``)."""
    try:
        return str(app.session_interface.get_cookie_name(app))
    except Exception:  # a session interface of its own that cannot say
        return str(app.config.get("SESSION_COOKIE_NAME") or SESSION_COOKIE)


def _has_cookie(client: Any, name: str) -> bool | None:
    """Whether Flask's test client sends cookie ``name`` with its next request (None: this
    Werkzeug cannot say)."""
    get_cookie = getattr(client, "get_cookie", None)  # Werkzeug 2.3 and later
    return None if get_cookie is None else get_cookie(name) is not None


def _run_flask(
    app: Any, requests: list[dict[str, Any]], cookie_jar: bool = False
) -> list[dict[str, Any]]:
    # An exception in a view is a 500 answer, as in production (and as FastAPI's
    # TestClient(raise_server_exceptions=False) reports it), not an error of the replay.
    app.testing = False
    app.config["PROPAGATE_EXCEPTIONS"] = False
    session_cookie = _session_cookie_name(app)
    out = []
    shared = app.test_client()
    for req in requests:
        client = shared if cookie_jar else app.test_client()
        for key, value in (req.get("cookies") or {}).items():
            client.set_cookie(key, value)
        kwargs: dict[str, Any] = {
            "method": req.get("method", "GET").upper(),
            "query_string": req.get("query") or None,
            "headers": req.get("headers") or {},
        }
        if req.get("json") is not None:
            kwargs["json"] = req["json"]
        elif req.get("form") is not None or req.get("files") is not None:
            data: dict[str, Any] = dict(req.get("form") or {})
            for field, (filename, content, mimetype) in (req.get("files") or {}).items():
                data[field] = (io.BytesIO(content.encode()), filename, mimetype)
            kwargs["data"] = data
        elif req.get("content") is not None:
            kwargs["data"] = req["content"]
        had_session = _has_cookie(client, session_cookie)
        resp = client.open(req["path"], **kwargs)
        record = _record(resp.status_code, list(resp.headers.items()), resp.get_data())
        record["session_cookie"] = session_cookie
        record["session_cookie_sent"] = had_session
        out.append(record)
    return out


def _run_fastapi(
    app: Any, requests: list[dict[str, Any]], cookie_jar: bool = False
) -> list[dict[str, Any]]:
    from fastapi.testclient import TestClient

    out = []
    shared = TestClient(app, follow_redirects=False, raise_server_exceptions=False)
    if cookie_jar:
        shared.__enter__()
    for req in requests:
        fresh = TestClient(app, follow_redirects=False, raise_server_exceptions=False)
        with contextlib.nullcontext(shared) if cookie_jar else fresh as client:
            for key, value in (req.get("cookies") or {}).items():
                client.cookies.set(key, value)
            kwargs: dict[str, Any] = {
                "params": req.get("query") or None,
                "headers": req.get("headers") or {},
            }
            if req.get("json") is not None:
                kwargs["json"] = req["json"]
            elif req.get("form") is not None or req.get("files") is not None:
                kwargs["data"] = req.get("form") or {}
                if req.get("files"):
                    kwargs["files"] = {
                        field: (filename, content.encode(), mimetype)
                        for field, (filename, content, mimetype) in req["files"].items()
                    }
            elif req.get("content") is not None:
                kwargs["content"] = req["content"]
            resp = client.request(req.get("method", "GET").upper(), req["path"], **kwargs)
            out.append(_record(resp.status_code, list(resp.headers.multi_items()), resp.content))
    if cookie_jar:
        shared.__exit__(None, None, None)
    return out


def replay(
    kind: str,
    root: Path,
    app_spec: str,
    requests: list[dict[str, Any]],
    cookie_jar: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
) -> list[dict[str, Any]]:
    """Replay ``requests`` against the app in a fresh interpreter rooted at ``root``; with
    ``cookie_jar``, one client sends them all, carrying cookies (a login) along. Raises
    :class:`ReplayError` when the app cannot be imported, exits, or takes longer than
    ``timeout`` seconds (import and requests together)."""
    label = f"the {_LABELS[kind]} app"
    # PYTHONPATH still reaches the app (after the project), not the harness (-I)
    user_path = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    job = {"requests": requests, "cookie_jar": cookie_jar, "path": user_path}
    with tempfile.TemporaryDirectory(prefix="flask2fastapi-replay-") as tmp:
        folder = Path(tmp)
        (folder / "job.json").write_text(json.dumps(job), encoding="utf-8")
        answers = folder / "answers.json"
        command = [
            sys.executable,
            "-I",  # no user site, no PYTHON* variables, no script folder on sys.path
            "-B",
            str(Path(__file__).resolve()),
            *("--kind", kind, "--app", app_spec, "--root", str(Path(root).resolve())),
            *("--job", str(folder / "job.json"), "--out", str(answers)),
        ]
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        with (folder / "stdout").open("wb") as stdout, (folder / "stderr").open("wb") as stderr:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=stdout,
                stderr=stderr,
                cwd=root,
                env=env,
                start_new_session=os.name == "posix",  # its own group: killed as a whole
            )
            try:
                code: int | None = process.wait(timeout)
            except subprocess.TimeoutExpired:
                code = None
            finally:
                _end(process)
        result = _answers(answers)
        log = (folder / "stderr").read_text(encoding="utf-8", errors="replace").strip()
    if "records" in result:  # even if an atexit handler or a leftover thread failed later
        records: list[dict[str, Any]] = result["records"]
        return records
    if "error" in result:
        raise ReplayError(f"{label} {app_spec} in {root} {result['error']}\n{log}")
    if code is None:
        raise ReplayError(f"{label} did not answer within {timeout:g} s (import or requests)")
    last = (log.splitlines() or ["no error output"])[-1]
    raise ReplayError(
        f"{label} {app_spec} in {root} ended without answering (exit code {code}): {last}\n{log}"
    )


def _end(process: subprocess.Popen[bytes]) -> None:
    """Kill the replay and whatever the app started (its process group), then reap it."""
    if os.name == "posix":
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    elif process.poll() is None:
        process.kill()
    process.wait()


def _answers(path: Path) -> dict[str, Any]:
    try:
        result = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return result if isinstance(result, dict) else {}


def routes(root: Path, app_spec: str, timeout: float = DEFAULT_TIMEOUT) -> list[dict[str, Any]]:
    """The Flask app's URL rules (rule, endpoint, methods, whether Flask answers OPTIONS
    by itself), read in a fresh interpreter."""
    return replay("routes", root, app_spec, [], timeout=timeout)


SESSION_COOKIE = "session"  # Flask's and Starlette's default session cookie name


def _without_cookie_vary(headers: dict[str, str]) -> str | None:
    """The Vary header without the ``Cookie`` Flask adds whenever the session is read."""
    value = headers.get("vary")
    if value is None:
        return None
    kept = [v.strip() for v in value.split(",") if v.strip().lower() != "cookie"]
    return ", ".join(kept) or None


def _lifetime(attributes: dict[str, str | None], exact: bool) -> str:
    """How long the browser keeps a cookie: deleted, for the browser session, or longer
    (``Max-Age`` itself when ``exact``; an ``Expires`` date only by whether it is past)."""
    max_age = attributes.get("max-age")
    if max_age is not None:
        with contextlib.suppress(ValueError):
            if int(max_age) <= 0:
                return "deleted"
        return f"max-age={max_age}" if exact else "persistent"
    expires = attributes.get("expires")
    if expires is not None:
        try:
            when = parsedate_to_datetime(expires)
        except (TypeError, ValueError):
            return "persistent"
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return "deleted" if when <= datetime.now(UTC) else "persistent"
    return "browser session"


def _cookies(header: str | None, session_cookie: str) -> dict[str, str]:
    """Each cookie a Set-Cookie header sets -> its value and attributes, normalised: the
    attributes as a set (names in lower case, SameSite and Domain case-insensitive), the
    lifetime instead of Expires/Max-Age; the session cookie without its value (signed
    in another format, by design) and with its lifetime only as browser session or not,
    a deleted cookie without its value."""
    found: dict[str, list[str]] = {}
    for line in (header or "").split("\n"):
        if not line.strip():
            continue
        first, *rest = line.split(";")
        name, _, value = first.partition("=")
        name = name.strip()
        attributes: dict[str, str | None] = {}
        for attribute in rest:
            key, equals, attribute_value = attribute.strip().partition("=")
            if key.strip():
                attributes[key.strip().lower()] = attribute_value.strip() if equals else None
        parts = set()
        for key, attribute_value in attributes.items():
            if key in ("expires", "max-age"):
                continue
            if attribute_value is None:
                parts.add(key)
            elif key == "samesite":
                parts.add(f"{key}={attribute_value.lower()}")
            elif key == "domain":
                parts.add(f"{key}={attribute_value.lower().removeprefix('.')}")
            else:
                parts.add(f"{key}={attribute_value}")
        is_session = name == session_cookie
        lifetime = _lifetime(attributes, exact=not is_session)
        if is_session or lifetime == "deleted":  # a deleted cookie's value is never read
            shown = f"{name}=(value not compared)"
        else:
            shown = f"{name}={value.strip()}"
        found.setdefault(name, []).append("; ".join([shown, *sorted(parts), lifetime]))
    return {name: " | ".join(sorted(cookies)) for name, cookies in found.items()}


def _same_session(flask: str | None, fastapi: str | None, sent: bool | None) -> bool:
    """Only one app sets the session cookie, and the client cannot tell: Flask deletes an
    emptied session's cookie that the client does not have, or Starlette sends back the
    session the client sent (it does on every answer while the session holds data)."""
    if (flask is None) == (fastapi is None):
        return False
    present = flask or fastapi or ""
    deleted = present.endswith("; deleted")
    if deleted:
        return sent is False
    return fastapi is not None and sent is True


def compare(request: dict[str, Any], flask: dict[str, Any], fastapi: dict[str, Any]) -> list[str]:
    """The differences a client would notice between two answers to ``request``."""
    problems: list[str] = []
    ignored = request.get("ignore_headers", ())
    expected = request.get("status")
    if expected is not None and flask["status"] != expected:
        problems.append(f"Flask answered {flask['status']}, the case expects {expected}")
    if flask["status"] != fastapi["status"]:
        problems.append(f"status: Flask {flask['status']} != FastAPI {fastapi['status']}")
        return problems
    if flask["status"] < 400 and not (
        300 <= flask["status"] < 400 and "location" in flask["headers"]
    ):
        # a redirect's body is only for clients that do not follow it: Location matters
        if flask["body"] and flask["media_type"] != fastapi["media_type"]:
            problems.append(
                f"media type: Flask {flask['media_type']!r} != FastAPI {fastapi['media_type']!r}"
            )
        if flask["body"] != fastapi["body"]:
            problems.append(f"body: Flask {flask['body']!r} != FastAPI {fastapi['body']!r}")
    if "set-cookie" not in ignored:
        session_cookie = flask.get("session_cookie", SESSION_COOKIE)
        old = _cookies(flask["headers"].get("set-cookie"), session_cookie)
        new = _cookies(fastapi["headers"].get("set-cookie"), session_cookie)
        sent = flask.get("session_cookie_sent")
        for name in sorted(old.keys() | new.keys()):
            before, after = old.get(name), new.get(name)
            if before == after:
                continue
            if name == session_cookie and _same_session(before, after, sent):
                continue
            problems.append(f"cookie {name}: Flask {before!r} != FastAPI {after!r}")
    if "vary" not in ignored:
        old_vary, new_vary = (
            _without_cookie_vary(flask["headers"]),
            _without_cookie_vary(fastapi["headers"]),
        )
        if old_vary != new_vary:
            problems.append(f"header vary: Flask {old_vary!r} != FastAPI {new_vary!r}")
    for key, value in flask["headers"].items():
        if key in ignored or key in ("set-cookie", "vary"):
            continue
        if key == "allow" and flask["status"] == 405:
            continue  # Flask lists the OPTIONS it answers by itself; FastAPI does not answer it
        if fastapi["headers"].get(key) != value:
            problems.append(
                f"header {key}: Flask {value!r} != FastAPI {fastapi['headers'].get(key)!r}"
            )
    return problems


def differences(
    spec: dict[str, Any], before_root: Path, after_root: Path, before_kind: str = "flask"
) -> list[str]:
    """Replay a request file against the app before and after conversion; what differs."""
    requests = spec["requests"]
    jar = bool(spec.get("cookie_jar", False))
    before = replay(before_kind, before_root, spec["app"], requests, jar)
    after = replay("fastapi", after_root, spec["app"], requests, jar)
    return [
        f"{req['method']} {req['path']}: {problem}"
        for req, old, new in zip(requests, before, after, strict=True)
        for problem in compare(req, old, new)
    ]


def _write(out: Path, **answer: Any) -> int:
    """The answer for the parent, in a file of its own (replaced whole, never half)."""
    part = out.with_name(out.name + ".part")
    part.write_text(json.dumps(answer), encoding="utf-8")
    os.replace(part, out)
    return 0


def _exit_code(stop: SystemExit) -> str:
    if stop.code is None or isinstance(stop.code, int):
        return f"exit code {stop.code or 0}"
    return f"exit code 1: {stop.code}"


def _reason(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="replay.py")
    parser.add_argument("--kind", choices=("flask", "fastapi", "routes"), required=True)
    parser.add_argument("--app", required=True, help="module:attr or module:factory()")
    parser.add_argument("--root", required=True, help="the project: first on sys.path")
    parser.add_argument("--job", required=True, help="JSON: requests, cookie_jar, path")
    parser.add_argument("--out", required=True, help="where the answers go (JSON)")
    args = parser.parse_args(argv)
    job = json.loads(Path(args.job).read_text(encoding="utf-8"))
    out = Path(args.out)
    runner = _run_fastapi if args.kind == "fastapi" else _run_flask
    if args.kind == "fastapi":
        try:  # while only the standard library and site-packages are on sys.path
            import fastapi.testclient  # noqa: F401
        except ImportError as error:
            return _write(out, error=f"cannot be replayed: {_reason(error)}")
    # only now the project (and the user's PYTHONPATH), as when the app runs on its own
    sys.path[:0] = [args.root, *job.get("path", [])]
    try:
        app = load_app(args.app)
    except SystemExit as stop:
        return _write(out, error=f"exited while being imported ({_exit_code(stop)})")
    except BaseException as error:  # the app's own failure, reported
        return _write(out, error=f"could not be imported: {_reason(error)}")
    try:
        if args.kind == "routes":
            records = [
                {
                    "rule": rule.rule,
                    "endpoint": rule.endpoint,
                    "methods": sorted(rule.methods or ()),
                    "automatic_options": bool(getattr(rule, "provide_automatic_options", True)),
                }
                for rule in app.url_map.iter_rules()
            ]
        else:
            records = runner(app, job["requests"], job.get("cookie_jar", False))
    except SystemExit as stop:
        return _write(out, error=f"exited while answering requests ({_exit_code(stop)})")
    except BaseException as error:  # the app's own failure, reported
        return _write(out, error=f"failed while answering requests: {_reason(error)}")
    return _write(out, records=records)


if __name__ == "__main__":
    raise SystemExit(main())
