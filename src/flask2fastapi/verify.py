"""``flask2fastapi verify``: the same requests against the Flask app and its conversion.

Each app is imported in its own interpreter (:mod:`flask2fastapi.replay`), never both in
one. The requests come from a file (JSON, or YAML when PyYAML is installed), or are
derived from the Flask app's route table: every rule with sample path values that its
converters accept, GET for rules that serve it and the other methods with an empty JSON
body, plus one request to a URL no rule matches.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask2fastapi.replay import compare, replay, routes

UNKNOWN_URL = "/flask2fastapi-verify/no-such-page"
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

    @property
    def equivalent(self) -> int:
        return sum(not o.problems for o in self.outcomes)

    def to_json(self) -> dict[str, Any]:
        return {
            "equivalent": self.equivalent,
            "total": len(self.outcomes),
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


def load_requests(path: Path) -> tuple[list[dict[str, Any]], bool]:
    """The requests of a file (``{"requests": [...]}`` or a bare list) and its cookie_jar."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise VerifyError(f"{path}: cannot read it ({error.strerror})") from error
    if path.suffix in (".yaml", ".yml"):
        try:
            import yaml  # type: ignore[import-untyped]
        except ImportError as error:
            raise VerifyError(f"{path}: reading YAML needs PyYAML (pip install pyyaml)") from error
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise VerifyError(f"{path}: not valid YAML ({error})") from error
    else:
        try:
            data = json.loads(text)
        except ValueError as error:
            raise VerifyError(f"{path}: not valid JSON ({error})") from error
    jar = False
    if isinstance(data, dict):
        jar = bool(data.get("cookie_jar", False))
        data = data.get("requests")
    if not isinstance(data, list) or not all(
        isinstance(r, dict) and isinstance(r.get("path"), str) for r in data
    ):
        raise VerifyError(f"{path}: expected a list of requests, each with a 'path'")
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


def derive_requests(root: Path, app_spec: str) -> list[dict[str, Any]]:
    """Requests for every route of the Flask app at ``root``, and one unknown URL."""
    requests: list[dict[str, Any]] = []
    for rule in routes(root, app_spec):
        if rule["endpoint"] == "static":
            continue
        path = sample_path(rule["rule"])
        for method in sorted(set(rule["methods"]) - {"HEAD", "OPTIONS"}):
            request: dict[str, Any] = {"method": method, "path": path}
            if method != "GET":
                request["json"] = {}
            requests.append(request)
    requests.append({"method": "GET", "path": UNKNOWN_URL})
    return requests


def verify(
    original: Path,
    converted: Path,
    app_spec: str,
    requests: list[dict[str, Any]] | None = None,
    cookie_jar: bool = False,
) -> Verification:
    """Replay the requests against both apps and compare every answer."""
    try:
        if requests is None:
            requests = derive_requests(original, app_spec)
        before = replay("flask", original, app_spec, requests, cookie_jar)
        after = replay("fastapi", converted, app_spec, requests, cookie_jar)
    except RuntimeError as error:
        raise VerifyError(str(error).splitlines()[0].replace("replay of the", "the", 1)) from error
    result = Verification()
    for request, old, new in zip(requests, before, after, strict=True):
        # a derived request expects nothing in particular: only the two answers compare
        result.outcomes.append(Outcome(request, compare(request, old, new), old, new))
    return result
