"""Replay HTTP requests against a Flask or a FastAPI app and compare the answers.

Each app is imported in its own interpreter: :func:`replay` runs this file as a script
(``python -I -B replay.py --kind flask --app mod:app --root DIR --job JOB --out OUT``),
in the tool's interpreter or the project's own (``python``: a Python 3.8 or later with
the app's packages), and reads the answers from ``OUT``, a file of its own, so nothing
the app prints (at import, in a view, at exit) reaches them. The interpreter is isolated
(``-I``: no user site, no ``PYTHON*`` variables, no script folder on ``sys.path``): this
script imports what it needs first, then puts the project's root on ``sys.path`` and
imports the app, so a ``json.py`` or ``sitecustomize.py`` of the project never runs inside
it. The whole process group is killed after ``timeout`` seconds, and when the script ends.
:func:`compare` says how two answers differ.

A request file is JSON::

    {"app": "app:app",
     "requests": [{"method": "GET", "path": "/items/1", "query": {"q": "x"},
                   "headers": {}, "cookies": {}, "json": null, "form": null,
                   "files": {"field": ["name.txt", "content", "text/plain"]},
                   "status": 200}]}

``app`` is ``module:attribute`` or a call of a factory with literal arguments
(``module:create_app()``, ``module:create_app("testing", debug=False)``). ``status``, when
given, is the status both apps must answer, so two equal failures never pass.
``"cookie_jar": true`` sends all requests from one client, so cookies (a session, a
login) carry over from one request to the next; otherwise each request starts fresh.

The script part of this file runs in the project's interpreter, so it keeps to what
Python 3.8 has (no ``X | Y`` evaluated at run time, no ``match``, no 3.9+ methods) and
to the test clients of old stacks too: Flask 0.12 and 1.x (Werkzeug's cookie API before
2.3), Starlette's TestClient before 0.21 (on requests) and after (on httpx). JSON and
form bodies are encoded here, the same bytes for both apps.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import importlib
import inspect
import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import zlib
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

# Headers a server or framework adds on its own; everything else was set by the app.
AUTOMATIC_HEADERS = frozenset(
    {"content-length", "content-type", "date", "server", "connection", "transfer-encoding"}
)
_HOSTS = ("http://testserver", "http://localhost")
# Both apps get the same client: host, address (Starlette's TestClient's) and headers
BASE_URL = "http://localhost"
CLIENT_ADDRESS = "testclient"
CLIENT_HEADERS = {
    "User-Agent": "testclient",
    "Accept": "*/*",
    "Accept-Encoding": "gzip, deflate",
    "Connection": "keep-alive",
}
DEFAULT_TIMEOUT = 60.0
_LABELS = {"flask": "Flask", "routes": "Flask", "fastapi": "FastAPI"}


class ReplayError(RuntimeError):
    """An app that cannot be imported, exits, or does not answer in time. The first line
    of the message says so; the app's own error output, if any, follows."""


class AppSpecError(ValueError):
    """An app spec that is not ``module:attribute`` or ``module:factory(literals)``."""


def parse_app_spec(spec: str) -> tuple[str, list[str], tuple[list[Any], dict[str, Any]] | None]:
    """``module:attr.attr`` or ``module:factory(args)`` -> the module, the attribute path
    and, for a call, its positional and keyword arguments: Python literals only, read
    with :func:`ast.literal_eval` (never evaluated)."""
    module_name, _, target = spec.partition(":")
    module_name, target = module_name.strip(), target.strip() or "app"
    if not module_name or not all(part.isidentifier() for part in module_name.split(".")):
        raise AppSpecError(f"{spec!r}: expected MODULE:ATTRIBUTE or MODULE:FACTORY(...)")
    try:
        node = ast.parse(target, mode="eval").body
    except SyntaxError:
        raise AppSpecError(
            f"{spec!r}: {target!r} is not an attribute or a call of a factory"
        ) from None
    call: tuple[list[Any], dict[str, Any]] | None = None
    if isinstance(node, ast.Call):
        args: list[Any] = []
        kwargs: dict[str, Any] = {}
        for argument in [*node.args, *node.keywords]:
            value = argument.value if isinstance(argument, ast.keyword) else argument
            name = argument.arg if isinstance(argument, ast.keyword) else ""
            if isinstance(argument, ast.Starred) or name is None:
                raise AppSpecError(f"{spec!r}: the factory's arguments are given one by one")
            try:
                literal = ast.literal_eval(value)
            except ValueError:
                shown = ast.get_source_segment(target, value) or "it"
                raise AppSpecError(
                    f"{spec!r}: the factory's arguments must be Python literals "
                    f'("testing", 1, True, None, [...], {{...}}), not {shown}'
                ) from None
            if name:
                kwargs[name] = literal
            else:
                args.append(literal)
        call, node = (args, kwargs), node.func
    path: list[str] = []
    while isinstance(node, ast.Attribute):
        path.insert(0, node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        raise AppSpecError(f"{spec!r}: {target!r} is not an attribute or a call of a factory")
    path.insert(0, node.id)
    return module_name, path, call


def load_app(spec: str) -> Any:
    """Import ``module:attr`` or ``module:factory(literal arguments)``; return the app."""
    module_name, path, call = parse_app_spec(spec)
    found: Any = importlib.import_module(module_name)
    for name in path:
        found = getattr(found, name)
    if call is not None:
        args, kwargs = call
        return found(*args, **kwargs)
    return found


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
    if get_cookie is not None:
        return get_cookie(name) is not None
    jar = getattr(client, "cookie_jar", None)  # before 2.3: an http.cookiejar.CookieJar
    if jar is None:
        return None
    try:
        return any(cookie.name == name for cookie in jar)
    except TypeError:
        return None


def _set_cookie(client: Any, key: str, value: str) -> None:
    """Give Flask's test client a cookie for http://localhost, its host: Werkzeug 2.3
    and later take the key first, older ones the server name."""
    parameters = list(inspect.signature(client.set_cookie).parameters)
    if parameters and parameters[0] == "server_name":
        client.set_cookie("localhost", key, value)
    else:
        client.set_cookie(key, value)


def _body(req: dict[str, Any]) -> tuple[bytes, str | None] | None:
    """The body of a request without files, encoded here so both apps get the same bytes:
    JSON, a form (urlencoded, also when empty), or the content as given; and its
    content type (None: the request's own headers say)."""
    if req.get("json") is not None:
        return json.dumps(req["json"]).encode("utf-8"), "application/json"
    if req.get("form") is not None and not req.get("files"):
        form = urlencode(req["form"], doseq=True).encode("ascii")
        return form, "application/x-www-form-urlencoded"
    if req.get("content") is not None:
        return str(req["content"]).encode("utf-8"), None
    return None


def _headers(req: dict[str, Any], content_type: str | None) -> dict[str, str]:
    """The request's headers, after the ones both clients send (those it does not set),
    and the body's content type unless it sets one."""
    given = dict(req.get("headers") or {})
    if content_type and not any(key.lower() == "content-type" for key in given):
        given["Content-Type"] = content_type
    names = {key.lower() for key in given}
    headers = {key: value for key, value in CLIENT_HEADERS.items() if key.lower() not in names}
    headers.update(given)
    return headers


def _sends_empty_length() -> bool:
    """Whether this Werkzeug's test client sends ``Content-Length: 0`` without a body
    (before 0.15), which Starlette's TestClient does not."""
    import werkzeug

    major, _, rest = str(getattr(werkzeug, "__version__", "")).partition(".")
    minor = rest.split(".")[0]
    return major == "0" and minor.isdigit() and int(minor) < 15


def _decoded(body: bytes, headers: list[tuple[str, str]]) -> bytes:
    """The body as Starlette's TestClient gives it, whose client (httpx, requests) undoes
    the Content-Encoding (gzip, deflate; br with brotli): Werkzeug's does not. The header
    stays, so a body one app encodes and the other does not still differs by it."""
    encodings = [
        part.strip().lower()
        for key, value in headers
        if key.lower() == "content-encoding"
        for part in value.split(",")
    ]
    for encoding in reversed(encodings):
        try:
            if encoding in ("gzip", "x-gzip"):
                body = zlib.decompress(body, 16 + zlib.MAX_WBITS)
            elif encoding == "deflate":
                try:
                    body = zlib.decompress(body)
                except zlib.error:  # raw deflate, as some servers send it
                    body = zlib.decompress(body, -zlib.MAX_WBITS)
            elif encoding == "br":
                import brotli  # type: ignore[import-not-found]

                body = brotli.decompress(body)
            elif encoding != "identity":
                break
        except Exception:  # not what it says, or no brotli here: compared as it is
            break
    return body


def _run_flask(
    app: Any, requests: list[dict[str, Any]], cookie_jar: bool = False
) -> list[dict[str, Any]]:
    # An exception in a view is a 500 answer, as in production (and as FastAPI's
    # TestClient(raise_server_exceptions=False) reports it), not an error of the replay.
    app.testing = False
    app.config["PROPAGATE_EXCEPTIONS"] = False
    session_cookie = _session_cookie_name(app)
    empty_length = _sends_empty_length()
    out = []
    shared = app.test_client()
    for req in requests:
        client = shared if cookie_jar else app.test_client()
        for key, value in (req.get("cookies") or {}).items():
            _set_cookie(client, key, value)
        body = _body(req)
        # no json= (Flask 0.12's client has none): the body as data, with its type
        kwargs: dict[str, Any] = {
            "method": req.get("method", "GET").upper(),
            "query_string": req.get("query") or None,
            "headers": _headers(req, body[1] if body else None),
            "environ_base": {"REMOTE_ADDR": CLIENT_ADDRESS},
        }
        if body is not None:
            kwargs["data"] = body[0]
        elif req.get("files"):
            data: dict[str, Any] = dict(req.get("form") or {})
            for field, (filename, content, mimetype) in req["files"].items():
                data[field] = (io.BytesIO(content.encode()), filename, mimetype)
            kwargs["data"] = data
        elif empty_length:  # no Content-Length header (Werkzeug reads "" as none)
            kwargs["environ_overrides"] = {"CONTENT_LENGTH": ""}
        had_session = _has_cookie(client, session_cookie)
        try:
            resp = client.open(req["path"], **kwargs)
        except Exception:  # escaped the app (its 500 handler failed too): a server's 500
            record = _record(500, [], b"")
        else:
            headers = list(resp.headers.items())
            record = _record(resp.status_code, headers, _decoded(resp.get_data(), headers))
        record["session_cookie"] = session_cookie
        record["session_cookie_sent"] = had_session
        out.append(record)
    return out


def _response_headers(resp: Any) -> list[tuple[str, str]]:
    """Every header of a TestClient response, repeated ones (Set-Cookie) one by one: httpx's
    ``multi_items()``, or the urllib3 headers under the requests-based client."""
    multi_items = getattr(resp.headers, "multi_items", None)
    if multi_items is not None:
        return list(multi_items())
    raw = getattr(getattr(resp, "raw", None), "headers", None)
    return list((raw if raw is not None else resp.headers).items())


def _run_fastapi(
    app: Any, requests: list[dict[str, Any]], cookie_jar: bool = False
) -> list[dict[str, Any]]:
    from fastapi.testclient import TestClient

    # Starlette's TestClient is built on httpx from 0.21 (content=, follow_redirects=),
    # on requests before (data=, allow_redirects=); either way a redirect is not followed
    parameters = inspect.signature(TestClient.request).parameters
    on_httpx = "content" in parameters
    redirects = "follow_redirects" if "follow_redirects" in parameters else "allow_redirects"
    out = []
    shared = TestClient(app, base_url=BASE_URL, raise_server_exceptions=False)
    if cookie_jar:
        shared.__enter__()
    for req in requests:
        fresh = TestClient(app, base_url=BASE_URL, raise_server_exceptions=False)
        with contextlib.nullcontext(shared) if cookie_jar else fresh as client:
            for key, value in (req.get("cookies") or {}).items():
                client.cookies.set(key, value)
            body = _body(req)
            kwargs: dict[str, Any] = {
                "params": req.get("query") or None,
                "headers": _headers(req, body[1] if body else None),
                redirects: False,
            }
            if body is not None:
                kwargs["content" if on_httpx else "data"] = body[0]
            elif req.get("files"):
                kwargs["data"] = req.get("form") or {}
                kwargs["files"] = {
                    field: (filename, content.encode(), mimetype)
                    for field, (filename, content, mimetype) in req["files"].items()
                }
            resp = client.request(req.get("method", "GET").upper(), req["path"], **kwargs)
            out.append(_record(resp.status_code, _response_headers(resp), resp.content))
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
    python: str | None = None,
) -> list[dict[str, Any]]:
    """Replay ``requests`` against the app in a fresh interpreter rooted at ``root``
    (``python``, the path of a Python 3.8 or later executable; default: this one); with
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
            python or sys.executable,
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


def routes(
    root: Path, app_spec: str, timeout: float = DEFAULT_TIMEOUT, python: str | None = None
) -> list[dict[str, Any]]:
    """The Flask app's URL rules, read in a fresh interpreter: rule, endpoint, methods,
    whether Flask answers OPTIONS by itself, the variables whose converter is not one of
    Werkzeug's (``custom``), whether the view reads a form (``reads_form``)."""
    return replay("routes", root, app_spec, [], timeout=timeout, python=python)


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
            when = when.replace(tzinfo=timezone.utc)  # noqa: UP017 (datetime.UTC: 3.11)
        return "deleted" if when <= datetime.now(timezone.utc) else "persistent"  # noqa: UP017
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
                domain = attribute_value.lower()
                parts.add(f"{key}={domain[1:] if domain.startswith('.') else domain}")
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
    spec: dict[str, Any],
    before_root: Path,
    after_root: Path,
    before_kind: str = "flask",
    python: str | None = None,
    flask_python: str | None = None,
    fastapi_python: str | None = None,
) -> list[str]:
    """Replay a request file against the app before and after conversion; what differs.
    Each app runs in ``flask_python`` / ``fastapi_python`` (default: ``python``, else the
    tool's own interpreter)."""
    requests = spec["requests"]
    jar = bool(spec.get("cookie_jar", False))
    before = replay(
        before_kind, before_root, spec["app"], requests, jar, python=flask_python or python
    )
    after = replay(
        "fastapi", after_root, spec["app"], requests, jar, python=fastapi_python or python
    )
    return [
        f"{req['method']} {req['path']}: {problem}"
        for req, old, new in zip(requests, before, after, strict=True)
        for problem in compare(req, old, new)
    ]


def _rule_record(app: Any, rule: Any) -> dict[str, Any]:
    converters = getattr(rule, "_converters", None) or {}  # variable -> converter (Werkzeug)
    return {
        "rule": rule.rule,
        "endpoint": rule.endpoint,
        "methods": sorted(rule.methods or ()),
        "automatic_options": bool(getattr(rule, "provide_automatic_options", True)),
        "custom": sorted(
            name
            for name, converter in converters.items()
            if not type(converter).__module__.startswith("werkzeug.")
        ),
        "reads_form": reads_form(app.view_functions.get(rule.endpoint)),
    }


def reads_form(view: Any) -> bool:
    """Whether the view's code names ``form``: ``request.form``, or a local ``form``
    (``form = LoginForm()``), in the view, a function nested in it, the function its
    decorators wrap (``__wrapped__`` or a closure cell), or a class-based view's methods."""
    seen: set[int] = set()
    pending: list[Any] = [view]
    while pending:
        item = pending.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        if inspect.isclass(item):
            pending.extend(
                value
                for klass in item.__mro__
                if klass.__module__.split(".")[0] not in ("flask", "builtins")
                for value in vars(klass).values()
                if inspect.isfunction(value)
            )
            continue
        code = getattr(item, "__code__", None)
        if code is not None:
            pending.append(code)
        if inspect.iscode(item):
            if "form" in item.co_names or "form" in item.co_varnames:
                return True
            pending.extend(const for const in item.co_consts if inspect.iscode(const))
            continue
        pending.append(getattr(item, "__wrapped__", None))
        pending.append(getattr(item, "view_class", None))
        for cell in getattr(item, "__closure__", None) or ():
            with contextlib.suppress(ValueError):  # an empty cell
                if inspect.isfunction(cell.cell_contents):
                    pending.append(cell.cell_contents)
    return False


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
            records = [_rule_record(app, rule) for rule in app.url_map.iter_rules()]
        else:
            records = runner(app, job["requests"], job.get("cookie_jar", False))
    except SystemExit as stop:
        return _write(out, error=f"exited while answering requests ({_exit_code(stop)})")
    except BaseException as error:  # the app's own failure, reported
        return _write(out, error=f"failed while answering requests: {_reason(error)}")
    return _write(out, records=records)


if __name__ == "__main__":
    raise SystemExit(main())
