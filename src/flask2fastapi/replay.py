"""Replay HTTP requests against a Flask or a FastAPI app and compare the answers.

Each app is imported in its own interpreter: run this module as a script
(``python -m flask2fastapi.replay --kind flask --root DIR --app mod:app FILE``)
and it prints one JSON record per request. :func:`replay` does that in a
subprocess and :func:`compare` says how two answers differ.

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
import subprocess
import sys
from pathlib import Path
from typing import Any

# Headers a server or framework adds on its own; everything else was set by the app.
AUTOMATIC_HEADERS = frozenset(
    {"content-length", "content-type", "date", "server", "connection", "transfer-encoding"}
)
_HOSTS = ("http://testserver", "http://localhost")


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


def _run_flask(
    app: Any, requests: list[dict[str, Any]], cookie_jar: bool = False
) -> list[dict[str, Any]]:
    # An exception in a view is a 500 answer, as in production (and as FastAPI's
    # TestClient(raise_server_exceptions=False) reports it), not an error of the replay.
    app.testing = False
    app.config["PROPAGATE_EXCEPTIONS"] = False
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
        resp = client.open(req["path"], **kwargs)
        out.append(_record(resp.status_code, list(resp.headers.items()), resp.get_data()))
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
) -> list[dict]:
    """Replay ``requests`` against the app in a fresh interpreter rooted at ``root``; with
    ``cookie_jar``, one client sends them all, carrying cookies (a login) along."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(root), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    proc = subprocess.run(
        [sys.executable, "-m", "flask2fastapi.replay", "--kind", kind, "--app", app_spec],
        input=json.dumps({"requests": requests, "cookie_jar": cookie_jar}),
        capture_output=True,
        text=True,
        cwd=root,
        env=env,
        timeout=300,
    )
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no error output"])[-1]
        raise RuntimeError(
            f"replay of the {kind} app {app_spec} in {root} failed: {last}\n{proc.stderr}"
        )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def routes(root: Path, app_spec: str) -> list[dict[str, Any]]:
    """The Flask app's URL rules (rule, endpoint, methods), read in a fresh interpreter."""
    return replay("routes", root, app_spec, [])


SESSION_COOKIE = "session"  # Flask's and Starlette's default session cookie name


def _session_free(key: str, headers: dict[str, str]) -> str | None:
    """A header without what session handling adds: the session cookie (signed in another
    format, by design) and Flask's ``Vary: Cookie``."""
    value = headers.get(key)
    if value is None:
        return None
    if key == "set-cookie":
        kept = sorted(
            cookie
            for cookie in value.split("\n")
            if cookie.partition("=")[0].strip() != SESSION_COOKIE
        )
        return "\n".join(kept) or None
    kept = [v.strip() for v in value.split(",") if v.strip().lower() != "cookie"]
    return ", ".join(kept) or None


def compare(request: dict[str, Any], flask: dict[str, Any], fastapi: dict[str, Any]) -> list[str]:
    """The differences a client would notice between two answers to ``request``."""
    problems: list[str] = []
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
    for key in ("set-cookie", "vary"):
        old, new = _session_free(key, flask["headers"]), _session_free(key, fastapi["headers"])
        if old != new and key not in request.get("ignore_headers", ()):
            problems.append(f"header {key}: Flask {old!r} != FastAPI {new!r}")
    for key, value in flask["headers"].items():
        if key in request.get("ignore_headers", ()) or key in ("set-cookie", "vary"):
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flask2fastapi.replay")
    parser.add_argument("--kind", choices=("flask", "fastapi", "routes"), required=True)
    parser.add_argument("--app", required=True, help="module:attr or module:factory()")
    args = parser.parse_args(argv)
    job = json.loads(sys.stdin.read())
    sys.path.insert(0, os.getcwd())
    app = load_app(args.app)
    if args.kind == "routes":
        records = [
            {"rule": rule.rule, "endpoint": rule.endpoint, "methods": sorted(rule.methods or ())}
            for rule in app.url_map.iter_rules()
        ]
    else:
        runner = _run_flask if args.kind == "flask" else _run_fastapi
        records = runner(app, job["requests"], job.get("cookie_jar", False))
    sys.stdout.write("\n" + json.dumps(records) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
