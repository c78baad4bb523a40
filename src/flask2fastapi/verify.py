"""``flask2fastapi verify``: the same requests against the Flask app and its conversion.

Each app is imported in its own interpreter (:mod:`flask2fastapi.replay`), never both in
one. The requests come from a file (JSON, or YAML when PyYAML is installed), sent as
given, or are derived from the Flask app's route table: every rule with sample path
values that its converters accept, with each method the rule declares that is safe
(GET, HEAD, OPTIONS; the others, with an empty JSON body, only when asked: they run
against whatever the apps are configured with), plus one request to a URL no rule
matches.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask2fastapi.replay import DEFAULT_TIMEOUT, ReplayError, compare, replay, routes

UNKNOWN_URL = "/flask2fastapi-verify/no-such-page"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # what HTTP allows in a method name
_SAMPLES = {
    "int": "1",
    "float": "1.5",
    "path": "sample/path",
    "uuid": str(uuid.UUID(int=1)),
}


class VerifyError(Exception):
    """A request file that cannot be read, or an app that cannot be loaded."""


@dataclass
class Outcome:
    request: dict[str, Any]
    problems: list[str]
    flask: dict[str, Any]
    fastapi: dict[str, Any]


@dataclass
class Verification:
    outcomes: list[Outcome] = field(default_factory=list)
    # methods the Flask app's routes declare that derived requests left out (unsafe ones)
    methods_not_sent: list[str] = field(default_factory=list)

    @property
    def equivalent(self) -> int:
        return sum(not o.problems for o in self.outcomes)

    @property
    def methods_sent(self) -> list[str]:
        return method_order({o.request.get("method", "GET").upper() for o in self.outcomes})

    def to_json(self) -> dict[str, Any]:
        return {
            "equivalent": self.equivalent,
            "total": len(self.outcomes),
            "methods_sent": self.methods_sent,
            "methods_not_sent": self.methods_not_sent,
            "requests": [
                {
                    "method": o.request.get("method", "GET"),
                    "path": o.request["path"],
                    "flask_status": o.flask["status"],
                    "fastapi_status": o.fastapi["status"],
                    "differences": o.problems,
                }
                for o in self.outcomes
            ],
        }


def method_order(methods: set[str]) -> list[str]:
    """Safe methods first, then POST, PUT, PATCH, DELETE, then any other."""
    known = SAFE_METHODS + UNSAFE_METHODS
    return [m for m in known if m in methods] + sorted(methods - set(known))


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def _texts(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    )


def _values(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str)
        and (_scalar(v) or (isinstance(v, list) and all(_scalar(item) for item in v)))
        for k, v in value.items()
    )


def _files(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str)
        and isinstance(v, list)
        and len(v) == 3
        and all(isinstance(part, str) for part in v)
        for k, v in value.items()
    )


# each key a request may have: what its value must be, and how to say so
_REQUEST_KEYS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "method": (
        lambda v: isinstance(v, str) and bool(_TOKEN.fullmatch(v)),
        'a method name such as "GET"',
    ),
    "path": (lambda v: isinstance(v, str) and v.startswith("/"), 'a string starting with "/"'),
    "query": (_values, "an object of strings, numbers or lists of them"),
    "headers": (_texts, "an object of strings"),
    "cookies": (_texts, "an object of strings"),
    "json": (lambda v: True, "any JSON value"),
    "form": (_values, "an object of strings, numbers or lists of them"),
    "files": (_files, 'an object of ["file name", "content", "media type"] lists'),
    "content": (lambda v: isinstance(v, str), "a string"),
    "status": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 100 <= v <= 599,
        "an HTTP status (100 to 599)",
    ),
    "ignore_headers": (
        lambda v: isinstance(v, list) and all(isinstance(h, str) for h in v),
        "a list of header names",
    ),
}


def _check_request(request: Any, where: str) -> None:
    if not isinstance(request, dict):
        raise VerifyError(f"{where}: expected an object with a 'path', not {_kind(request)}")
    if "path" not in request:
        raise VerifyError(f"{where}: no 'path'")
    for key, value in request.items():
        if key not in _REQUEST_KEYS:
            known = ", ".join(_REQUEST_KEYS)
            raise VerifyError(f"{where}: unknown key {key!r} (known: {known})")
        valid, expected = _REQUEST_KEYS[key]
        if not valid(value):
            raise VerifyError(f"{where}: {key!r} must be {expected}, not {value!r}")


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    return names.get(type(value), "a number" if _scalar(value) else "null")


def load_requests(path: Path) -> tuple[list[dict[str, Any]], bool]:
    """The requests of a file (``{"requests": [...]}`` or a bare list) and its cookie_jar;
    a :class:`VerifyError` naming the file and what is wrong with it otherwise."""
    try:
        data_bytes = path.read_bytes()
    except OSError as error:
        raise VerifyError(f"{path}: cannot read it ({error.strerror})") from error
    try:
        text = data_bytes.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = data_bytes[error.start]
        raise VerifyError(
            f"{path}: not UTF-8 text (byte 0x{bad:02x} at offset {error.start})"
        ) from error
    if path.suffix in (".yaml", ".yml"):
        try:
            import yaml  # type: ignore[import-untyped]
        except ImportError as error:
            raise VerifyError(f"{path}: reading YAML needs PyYAML (pip install pyyaml)") from error
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            reason = " ".join(str(error).split())
            raise VerifyError(f"{path}: not valid YAML ({reason})") from error
    else:
        try:
            data = json.loads(text)
        except ValueError as error:
            raise VerifyError(f"{path}: not valid JSON ({error})") from error
    jar = False
    if isinstance(data, dict):
        unknown = sorted(set(data) - {"app", "requests", "cookie_jar"})
        if unknown:
            raise VerifyError(
                f"{path}: unknown key {unknown[0]!r} (known: app, requests, cookie_jar)"
            )
        jar = data.get("cookie_jar", False)
        if not isinstance(jar, bool):
            raise VerifyError(f"{path}: 'cookie_jar' must be true or false, not {jar!r}")
        if "requests" not in data:
            raise VerifyError(f"{path}: no 'requests' list")
        data = data["requests"]
    if not isinstance(data, list):
        raise VerifyError(f"{path}: expected a list of requests, each with a 'path'")
    if not data:
        raise VerifyError(f"{path}: no requests to send")
    for number, request in enumerate(data, 1):
        _check_request(request, f"{path}: request {number}")
    return data, jar


def sample_path(rule: str) -> str:
    """A URL that the Flask rule matches: each ``<converter:name>`` gets a sample value."""
    out = []
    position = 0
    while True:
        start = rule.find("<", position)
        if start < 0:
            out.append(rule[position:])
            break
        end = rule.find(">", start)
        out.append(rule[position:start])
        converter = rule[start + 1 : end].rpartition(":")[0].partition("(")[0] or "default"
        out.append(_SAMPLES.get(converter, "sample"))
        position = end + 1
    return "".join(out)


def derive_requests(
    root: Path,
    app_spec: str,
    unsafe_methods: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
) -> tuple[list[dict[str, Any]], list[str]]:
    """Requests for every route of the Flask app at ``root``, and one unknown URL; and the
    methods left out. Each rule gets the methods it declares (not the HEAD and OPTIONS
    Flask adds to every rule): only GET, HEAD and OPTIONS unless ``unsafe_methods``."""
    requests: list[dict[str, Any]] = []
    not_sent: set[str] = set()
    for rule in routes(root, app_spec, timeout):
        if rule["endpoint"] == "static":
            continue
        methods = set(rule["methods"])
        if "GET" in methods:
            methods.discard("HEAD")  # Werkzeug adds HEAD to every rule with GET
        if rule.get("automatic_options", True):
            methods.discard("OPTIONS")
        path = sample_path(rule["rule"])
        for method in method_order(methods):
            if method not in SAFE_METHODS and not unsafe_methods:
                not_sent.add(method)
                continue
            request: dict[str, Any] = {"method": method, "path": path}
            if method not in SAFE_METHODS:
                request["json"] = {}
            requests.append(request)
    if not requests:
        if not_sent:
            raise VerifyError(
                "no requests to send: no route of the Flask app answers GET, HEAD or OPTIONS "
                f"(add --unsafe-methods for {', '.join(method_order(not_sent))})"
            )
        raise VerifyError("no requests to send: the Flask app has no routes")
    requests.append({"method": "GET", "path": UNKNOWN_URL})
    return requests, method_order(not_sent)


def verify(
    original: Path,
    converted: Path,
    app_spec: str,
    requests: list[dict[str, Any]] | None = None,
    cookie_jar: bool = False,
    unsafe_methods: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
) -> Verification:
    """Replay the requests against both apps and compare every answer. Without
    ``requests`` they are derived from the Flask app's routes (see :func:`derive_requests`);
    ``timeout`` bounds each app's import and replay, in seconds."""
    not_sent: list[str] = []
    try:
        if requests is None:
            requests, not_sent = derive_requests(original, app_spec, unsafe_methods, timeout)
        if not requests:
            raise VerifyError("no requests to send")
        before = replay("flask", original, app_spec, requests, cookie_jar, timeout)
        after = replay("fastapi", converted, app_spec, requests, cookie_jar, timeout)
    except ReplayError as error:
        raise VerifyError(str(error).splitlines()[0]) from error
    result = Verification(methods_not_sent=not_sent)
    for request, old, new in zip(requests, before, after, strict=True):
        # a derived request expects nothing in particular: only the two answers compare
        result.outcomes.append(Outcome(request, compare(request, old, new), old, new))
    return result
