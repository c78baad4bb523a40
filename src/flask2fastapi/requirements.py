"""The converted project's dependencies: ``requirements*.txt`` at the project root.

``flask`` becomes ``fastapi`` and ``uvicorn`` (the server ``app.run()`` became), and the
packages the converted code imports are added: ``python-multipart`` for ``Form``/``File``
parameters, ``itsdangerous`` for sessions, ``jinja2`` for templates. A ``Flask`` pin is
not carried over (FastAPI versions are unrelated).
Werkzeug and the Flask extensions stay: the code that still uses them is reported.
Comments, other lines and the file's newline style are kept; a file that already lists
``fastapi`` is left alone, so a second run changes nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

from flask2fastapi.report import FileResult, Finding
from flask2fastapi.rules.pipeline import DEPENDENCIES_UPDATED

REQUIREMENT_FILES = re.compile(r"^requirements[\w.-]*\.(txt|in)$")
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _package(line: str) -> str | None:
    if line.lstrip().startswith(("#", "-")):
        return None
    match = _NAME.match(line)
    return match.group(1).lower().replace("_", "-") if match else None


def update(text: str, extra: set[str]) -> tuple[str, list[str]]:
    """The file with Flask replaced by FastAPI and its companions, and what was added."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines()
    names = [_package(line) for line in lines]
    if "flask" not in names or "fastapi" in names:
        return text, []
    wanted = ["fastapi", "uvicorn", *sorted(extra)]
    added = [w for w in wanted if w not in names]
    out: list[str] = []
    for line, name in zip(lines, names, strict=True):
        if name == "flask":
            out.extend(added)
        else:
            out.append(line)
    ending = newline if text.endswith(("\n", "\r")) else ""
    return newline.join(out) + ending, added


def requirement_results(root: Path, results: list[FileResult]) -> list[FileResult]:
    """FileResults for the requirement files of the project root that need an update."""
    needed_modules = {need for result in results for need in result.needs}
    extra = set()
    if needed_modules & {"fastapi.Form", "fastapi.File", "fastapi.UploadFile"}:
        extra.add("python-multipart")
    if "starlette.middleware.sessions.SessionMiddleware" in needed_modules:
        extra.add("itsdangerous")
    if any(need.rpartition(".")[2] == "web_compat" for need in needed_modules):
        extra.add("jinja2")  # the support module's Jinja2Templates
    out = []
    for path in sorted(root.iterdir()) if root.is_dir() else []:
        if not (path.is_file() and REQUIREMENT_FILES.match(path.name)):
            continue
        try:
            data = path.read_bytes()
            text = data.decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        new_text, added = update(text, extra)
        if not added:
            continue
        message, suggestion = DEPENDENCIES_UPDATED.format(added=", ".join(added), file=path.name)
        result = FileResult(file=path.name, changed=True, new_source=new_text.encode("utf-8"))
        result.findings.append(
            Finding(
                code=DEPENDENCIES_UPDATED.code,
                file=path.name,
                line=1,
                column=1,
                message=message,
                suggestion=suggestion,
                severity=DEPENDENCIES_UPDATED.severity,
            )
        )
        out.append(result)
    return out
