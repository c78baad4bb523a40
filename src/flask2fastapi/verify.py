"""``flask2fastapi verify``: the same requests against the Flask app and its conversion.

Each app is imported in its own interpreter (:mod:`flask2fastapi.replay`), never both in
one: the tool's own, or the project's (``--python``, or one for each side), checked
first (it runs, is Python 3.8 or later, has Flask or FastAPI). The requests come from a
file (JSON, or YAML when PyYAML is installed), sent as given, or are derived from the
Flask app's route table: every rule with sample path values that its converters accept
(a rule with a converter of the app's own is left out, with a note), each URL once, with
each method the rule declares that is safe (GET, HEAD, OPTIONS; the others only when
asked, since they run against whatever the apps are configured with: with an empty form
when the view reads ``form``, else an empty JSON object), plus one request to a URL no
rule matches.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask2fastapi.replay import (
    DEFAULT_TIMEOUT,
    AppSpecError,
    ReplayError,
    compare,
    parse_app_spec,
    replay,
    routes,
)

UNKNOWN_URL = "/flask2fastapi-verify/no-such-page"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # what HTTP allows in a method name
# <converter(arguments):name> in a Werkzeug rule
_VARIABLE = re.compile(
    r"<(?:(?P<converter>[a-zA-Z_]\w*)(?:\((?P<args>.*?)\))?:)?(?P<name>[a-zA-Z_]\w*)>"
)
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
MIN_PYTHON = (3, 8)


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
    # rules derived requests left out, each with why (a converter of the app's own)
    skipped: list[str] = field(default_factory=list)

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
            "skipped": self.skipped,
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


def _converter_args(text: str) -> tuple[list[Any], dict[str, Any]]:
    """A converter's arguments as Werkzeug reads them: comma-separated Python literals or
    bare words (strings), each maybe ``name=``."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for item in re.findall(r"""(?:[^,'"]|'[^']*'|"[^"]*")+""", text):
        name, value = None, item.strip()
        named = re.match(r"([a-zA-Z_]\w*)\s*=\s*(.*)$", value, re.DOTALL)
        if named:
            name, value = named.group(1), named.group(2).strip()
        try:
            literal: Any = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            literal = value
        if name:
            kwargs[name] = literal
        else:
            args.append(literal)
    return args, kwargs


def _letters(length: int) -> str:
    return (_LETTERS * (length // len(_LETTERS) + 1))[:length]


def _number(kwargs: dict[str, Any], start: float) -> float:
    """``start``, moved into the converter's ``min``/``max`` when they exclude it."""
    value = start
    low, high = kwargs.get("min"), kwargs.get("max")
    if isinstance(low, int | float) and value < low:
        value = low
    if isinstance(high, int | float) and value > high:
        value = high
    return value


def sample_value(converter: str, arguments: str = "") -> str | None:
    """A value Werkzeug's converter ``converter(arguments)`` accepts; None for a converter
    that is not Werkzeug's."""
    args, kwargs = _converter_args(arguments)
    if converter in ("default", "string"):
        length = kwargs.get("length", args[0] if args else None)
        if isinstance(length, int) and length > 0:
            return _letters(length)
        low, high = kwargs.get("minlength", 1), kwargs.get("maxlength")
        size = len("sample")
        if isinstance(low, int) and low > size:
            size = low
        if isinstance(high, int) and 0 < high < size:
            size = high
        return "sample" if size == len("sample") else _letters(size)
    if converter == "any":
        return str(args[0]) if args else None
    if converter == "int":
        number = int(_number(kwargs, 1))
        digits = kwargs.get("fixed_digits", args[0] if args else 0)
        text = str(abs(number)).zfill(digits if isinstance(digits, int) else 0)
        return f"-{text}" if number < 0 else text
    if converter == "float":
        return repr(float(_number(kwargs, 1.0)))
    if converter == "path":
        return "a/b"
    if converter == "uuid":
        return str(uuid.UUID(int=1))
    return None


def sample_path(rule: str, custom: tuple[str, ...] | list[str] = ()) -> str | None:
    """A URL that the Flask rule matches: each ``<converter:name>`` gets a sample value
    its converter accepts; None when a converter is the app's own (see :func:`_sample_rule`)."""
    path, own = _sample_rule(rule, custom)
    return None if own else path


def _sample_rule(rule: str, custom: tuple[str, ...] | list[str]) -> tuple[str, list[str]]:
    """The rule with sample values, and the converters it uses that have none: the app's
    own (a name Werkzeug does not have, or one of the variables in ``custom``, whose
    converter the app registered under a name Werkzeug has)."""
    own: list[str] = []

    def value(match: re.Match[str]) -> str:
        converter = match.group("converter") or "default"
        sample = None
        if match.group("name") not in custom:
            sample = sample_value(converter, match.group("args") or "")
        if sample is None and converter not in own:
            own.append(converter)
        return sample or ""

    return _VARIABLE.sub(value, rule), own


@dataclass
class Derived:
    """Requests derived from a Flask app's routes, the unsafe methods left out and the
    rules left out (with why)."""

    requests: list[dict[str, Any]]
    not_sent: list[str]
    skipped: list[str]


def derive_requests(
    root: Path,
    app_spec: str,
    unsafe_methods: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    python: str | None = None,
) -> Derived:
    """Requests for every route of the Flask app at ``root``, and one unknown URL; the
    methods left out and the rules left out. Each rule gets the methods it declares (not
    the HEAD and OPTIONS Flask adds to every rule): only GET, HEAD and OPTIONS unless
    ``unsafe_methods``; those others carry an empty form when the view reads ``form``
    (``request.form``, a ``form = LoginForm()``), else an empty JSON object. A URL two
    rules (two endpoints of one view) give is requested once per method."""
    requests: list[dict[str, Any]] = []
    not_sent: set[str] = set()
    skipped: list[str] = []
    seen: set[tuple[str, str]] = set()
    for rule in routes(root, app_spec, timeout, python):
        if rule["endpoint"] == "static":
            continue
        methods = set(rule["methods"])
        if "GET" in methods:
            methods.discard("HEAD")  # Werkzeug adds HEAD to every rule with GET
        if rule.get("automatic_options", True):
            methods.discard("OPTIONS")
        path, own = _sample_rule(rule["rule"], rule.get("custom", ()))
        if own:
            skipped.append(
                f"{rule['rule']}: no sample value for the app's own converter "
                f"{', '.join(own)} (send it with --requests)"
            )
            continue
        for method in method_order(methods):
            if method not in SAFE_METHODS and not unsafe_methods:
                not_sent.add(method)
                continue
            if (method, path) in seen:
                continue
            seen.add((method, path))
            request: dict[str, Any] = {"method": method, "path": path}
            if method not in SAFE_METHODS:
                request["form" if rule.get("reads_form") else "json"] = {}
            requests.append(request)
    if not requests:
        if not_sent:
            raise VerifyError(
                "no requests to send: no route of the Flask app answers GET, HEAD or OPTIONS "
                f"(add --unsafe-methods for {', '.join(method_order(not_sent))})"
            )
        if skipped:
            raise VerifyError(f"no requests to send: {'; '.join(skipped)}")
        raise VerifyError("no requests to send: the Flask app has no routes")
    requests.append({"method": "GET", "path": UNKNOWN_URL})
    return Derived(requests, method_order(not_sent), skipped)


# --- the interpreters ---------------------------------------------------------------------

# Run with -E -s (not -I, which Python 2 refuses): the version first, then the packages
_PROBE = (
    "import sys\n"
    "print('flask2fastapi-probe %d.%d.%d' % tuple(sys.version_info[:3]))\n"
    "sys.stdout.flush()\n"
    "sys.path[1:1] = sys.argv[2:]\n"
    "import importlib.util\n"
    "found = importlib.util.find_spec(sys.argv[1]) is not None\n"
    "print('flask2fastapi-probe %s' % ('found' if found else 'missing'))\n"
)


def interpreter_path(given: str | Path) -> Path:
    """The Python executable that ``--python`` names, as an absolute path (symlinks kept:
    a virtual environment's python is one): the file itself, a virtual environment's
    (``bin/python``, ``Scripts/python.exe`` on Windows), or a command on ``PATH``
    (``python3.8``)."""
    path = Path(given).expanduser()
    if not path.exists() and os.sep not in str(given):
        found = shutil.which(str(given))
        path = Path(found) if found else path
    if path.is_dir():
        for candidate in ("bin/python", "bin/python3", "Scripts/python.exe"):
            if (path / candidate).is_file():
                return Path(os.path.abspath(path / candidate))
        raise VerifyError(
            f"{path}: a folder without bin/python (give a virtual environment or a Python "
            "executable)"
        )
    if not path.exists():
        raise VerifyError(f"{path}: no such file or folder")
    return Path(os.path.abspath(path))


def check_interpreter(
    python: Path,
    label: str,
    package: str,
    root: Path,
    timeout: float = DEFAULT_TIMEOUT,
) -> str:
    """Check that ``python`` runs, is Python 3.8 or later and finds ``package`` (the
    project ``root`` and ``PYTHONPATH`` on its path, as when the app is replayed); its
    version, or a :class:`VerifyError` in one line saying what is wrong (``label`` says
    which interpreter: ``--python PATH``...)."""
    user_path = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    command = [str(python), "-E", "-s", "-c", _PROBE, package, str(root), *user_path]
    try:
        done = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            cwd=root,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise VerifyError(f"{label}: did not start within {timeout:g} s") from None
    except OSError as error:
        raise VerifyError(f"{label}: cannot run it ({error.strerror})") from None
    answers = [
        line.split()[1]
        for line in done.stdout.decode("utf-8", "replace").splitlines()
        if line.startswith("flask2fastapi-probe ") and len(line.split()) == 2
    ]
    if not answers:
        last = done.stderr.decode("utf-8", "replace").strip().splitlines()
        why = f": {last[-1]}" if last else ""
        raise VerifyError(
            f"{label}: not a Python interpreter that runs (exit code {done.returncode}{why})"
        )
    version = answers[0]
    parts = tuple(int(part) for part in version.split(".")[:2])
    if parts < MIN_PYTHON:
        raise VerifyError(f"{label} is Python {version}; verify needs Python 3.8 or later")
    if answers[1:2] != ["found"]:
        raise VerifyError(
            f"{label} (Python {version}) has no {package} module: install the "
            f"{'Flask' if package == 'flask' else 'converted'} project's requirements there"
        )
    return version


def _interpreter(option: str, given: str | Path | None) -> tuple[str, str]:
    """The executable for one side and how to name it in an error line."""
    if given is None:
        return sys.executable, f"the tool's interpreter {sys.executable}"
    try:
        path = interpreter_path(given)
    except VerifyError as error:
        raise VerifyError(f"{option} {error}") from None
    return str(path), f"{option} {path}"


def verify(
    original: Path,
    converted: Path,
    app_spec: str,
    requests: list[dict[str, Any]] | None = None,
    cookie_jar: bool = False,
    unsafe_methods: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    python: str | Path | None = None,
    flask_python: str | Path | None = None,
    fastapi_python: str | Path | None = None,
) -> Verification:
    """Replay the requests against both apps and compare every answer. Without
    ``requests`` they are derived from the Flask app's routes (see :func:`derive_requests`);
    ``timeout`` bounds each app's import and replay, in seconds. The Flask app runs in
    ``flask_python``, the converted one in ``fastapi_python`` (each an executable or a
    virtual environment; default: ``python``, else the tool's own interpreter)."""
    try:
        parse_app_spec(app_spec)
    except AppSpecError as error:
        raise VerifyError(f"--app {error}") from None
    old_python, old_label = _interpreter(
        "--flask-python" if flask_python else "--python", flask_python or python
    )
    new_python, new_label = _interpreter(
        "--fastapi-python" if fastapi_python else "--python", fastapi_python or python
    )
    check_interpreter(Path(old_python), old_label, "flask", original, timeout)
    check_interpreter(Path(new_python), new_label, "fastapi", converted, timeout)
    derived = Derived(requests or [], [], [])
    try:
        if requests is None:
            derived = derive_requests(original, app_spec, unsafe_methods, timeout, old_python)
        if not derived.requests:
            raise VerifyError("no requests to send")
        requests = derived.requests
        before = replay("flask", original, app_spec, requests, cookie_jar, timeout, old_python)
        after = replay("fastapi", converted, app_spec, requests, cookie_jar, timeout, new_python)
    except ReplayError as error:
        raise VerifyError(str(error).splitlines()[0]) from error
    result = Verification(methods_not_sent=derived.not_sent, skipped=derived.skipped)
    for request, old, new in zip(requests, before, after, strict=True):
        # a derived request expects nothing in particular: only the two answers compare
        result.outcomes.append(Outcome(request, compare(request, old, new), old, new))
    return result
