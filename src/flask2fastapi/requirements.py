"""The converted project's dependencies: ``requirements*.txt`` and ``pyproject.toml``.

``flask`` becomes ``fastapi`` and ``uvicorn`` (the server ``app.run()`` became), and the
packages the converted code imports are added: ``python-multipart`` for ``Form``/``File``
parameters, ``itsdangerous`` for sessions, ``jinja2`` for templates. A ``Flask`` pin is
not carried over (FastAPI versions are unrelated).
Werkzeug and the Flask extensions stay: the code that still uses them is reported. While
the converted code keeps a Flask app as a host for what is not converted yet, ``flask``
stays too (pin and all), with ``fastapi`` and its companions after it.
Comments, other lines and the file's newline style are kept; a file that already lists
``fastapi`` is left alone, so a second run changes nothing.

In ``pyproject.toml`` the same happens to the ``flask`` entry of ``[project]
dependencies``, of each ``[project.optional-dependencies]`` group and of
``[tool.poetry.dependencies]``: the entry is replaced where it stands, in the file's own
quoting and layout (one item per line, or inline). The edit is textual, then checked by
parsing the result: if the file would not parse, or the lists would not say what they
should, the file is left as it was.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from flask2fastapi.report import FileResult, Finding
from flask2fastapi.rules.pipeline import DEPENDENCIES_UPDATED

REQUIREMENT_FILES = re.compile(r"^requirements[\w.-]*\.(txt|in)$")
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _package(line: str) -> str | None:
    if line.lstrip().startswith(("#", "-")):
        return None
    match = _NAME.match(line)
    return match.group(1).lower().replace("_", "-") if match else None


# Versions the converted code needs at least, for pins that are older: web_compat uses
# jinja2.pass_context (Jinja2 3.0, which needs MarkupSafe 2.0) and Starlette's sessions
# import itsdangerous.exc (itsdangerous 1.1). The 3.0 and 2.0 series still serve Flask 1.
_MINIMUM_PINS = {
    "jinja2": ((3, 0), "3.0.3"),
    "markupsafe": ((2, 0), "2.0.1"),
    "itsdangerous": ((1, 1), "1.1.0"),
}
_EXACT_PIN = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)\s*==\s*(?P<version>\d+(?:\.\d+)*)\s*$")


def _raised_pin(line: str) -> str | None:
    """``jinja2==2.11.3`` -> ``jinja2==3.0.3``: an exact pin older than the converted code
    needs, raised to a version that also serves Flask 1; None for any other line."""
    match = _EXACT_PIN.match(line.split("#")[0].strip())
    if match is None:
        return None
    name = match.group("name").lower()
    if name not in _MINIMUM_PINS:
        return None
    minimum, replacement = _MINIMUM_PINS[name]
    version = tuple(int(part) for part in match.group("version").split(".")[:2])
    if version >= minimum:
        return None
    return f"{match.group('name')}=={replacement}"


# What FastAPI's TestClient needs: Starlette asks for httpx2 (Python 3.11 and later; it
# warns about httpx, which projects that turn warnings into errors cannot take)
TEST_CLIENT_REQUIREMENTS = ('httpx2; python_version >= "3.11"', 'httpx; python_version < "3.11"')


def add_test_client(text: str) -> tuple[str, list[str]]:
    """The file with the TestClient's HTTP client after its ``pytest`` line, and what was
    added (nothing when it lists no pytest, or an HTTP client already)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines()
    names = [_package(line) for line in lines]
    if "pytest" not in names or {"httpx", "httpx2"} & set(names):
        return text, []
    at = names.index("pytest") + 1
    lines[at:at] = list(TEST_CLIENT_REQUIREMENTS)
    ending = newline if text.endswith(("\n", "\r")) else ""
    return newline.join(lines) + ending, list(TEST_CLIENT_REQUIREMENTS)


# pip's inline comment: ``#`` at the start of a line or after whitespace
_COMMENT = re.compile(r"(?:^|\s+)#.*$")


def _parts(line: str) -> tuple[str, str, str]:
    """A requirement line as (requirement, environment marker, inline comment with the
    space before it): ``flask>=2; python_version > "3.8"  # web``."""
    match = _COMMENT.search(line)
    comment = match.group(0) if match else ""
    requirement = line[: match.start()] if match else line
    # after a URL (``flask @ https://...``) the marker needs a space before its ``;``
    split = re.search(r"\s;" if "@" in requirement else ";", requirement)
    if split is None:
        return requirement.rstrip(), "", comment
    marker = requirement[split.end() :].strip()
    return requirement[: split.start()].rstrip(), marker, comment


def update(text: str, extra: set[str], keep_flask: bool = False) -> tuple[str, list[str]]:
    """The file with Flask replaced by FastAPI and its companions (or followed by them,
    ``keep_flask``), and what was added. The flask line's environment marker applies to
    each package that replaces it, and its comment stays on the first of them; options
    continued from it (``\\`` then ``--hash=...``) go with it."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines()
    names = [_package(line) for line in lines]
    if "flask" not in names or "fastapi" in names:
        return text, []
    wanted = ["fastapi", "uvicorn", *sorted(extra)]
    added = [w for w in wanted if w not in names]
    packages = list(added)  # what replaces flask (``added`` gets raised pins too)
    out: list[str] = []
    after: list[str] = []  # lines that go after the flask line's continuation lines
    dropping = continued = False  # a continued flask line's options go (or stay) with it
    for line, name in zip(lines, names, strict=True):
        follows, continued = continued, line.rstrip().endswith("\\")
        if follows:
            if not dropping:
                out.append(line)
            if not continued:
                out.extend(after)
                after = []
            continue
        dropping = False
        raised = _raised_pin(line) if name in extra or name == "markupsafe" else None
        if name == "markupsafe" and "jinja2" not in extra:
            raised = None
        if name == "flask":
            _, marker, comment = _parts(line.rstrip().removesuffix("\\"))
            replacing = [f"{w}; {marker}" if marker else w for w in packages]
            if keep_flask:
                out.append(line)
                after = replacing
            else:
                after = [replacing[0] + comment, *replacing[1:]]
                dropping = True
            if not continued:
                out.extend(after)
                after = []
        elif raised is not None:
            out.append(raised + _parts(line)[2])
            added.append(raised)
        else:
            out.append(line)
    out.extend(after)  # the file ended on a continued line
    ending = newline if text.endswith(("\n", "\r")) else ""
    return newline.join(out) + ending, added


# a PEP 508 string naming the package ``flask`` (any case, extras, pins, markers)
_FLASK_ITEM = re.compile(
    r"""(?P<indent>[ \t]*)(?P<quote>["'])\s*flask\s*(\[[^\]]*\])?\s*"""
    r"""(?P<spec>[<>=!~;@](?:(?!(?P=quote)).)*)?(?P=quote)(?P<comma>\s*,)?""",
    re.IGNORECASE,
)
_TABLE = re.compile(r"^[ \t]*\[+([^\]]+)\]+[ \t]*(#[^\r\n]*)?\r?$", re.MULTILINE)
_POETRY_FLASK = re.compile(r"^(?P<indent>[ \t]*)flask\s*=.*$", re.IGNORECASE | re.MULTILINE)


def _names(items: list[str]) -> list[str]:
    names = []
    for item in items:
        match = _NAME.match(item)
        if match:
            names.append(match.group(1).lower().replace("_", "-"))
    return names


def _dependency_lists(data: dict[str, Any]) -> list[list[str]]:
    project = data.get("project", {})
    lists = [project.get("dependencies", [])]
    lists += list(project.get("optional-dependencies", {}).values())
    return [items for items in lists if isinstance(items, list)]


def update_pyproject(text: str, extra: set[str], keep_flask: bool = False) -> tuple[str, list[str]]:
    """``pyproject.toml`` with its flask dependency replaced, and what was added."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return text, []
    wanted = ["fastapi", "uvicorn", *sorted(extra)]
    new_text, added = text, []
    lists = [_names(items) for items in _dependency_lists(data)]
    if any("flask" in names and "fastapi" in names for names in lists):
        return text, []  # converted already (or by hand): leave it
    cursor = 0
    for names in lists:
        if "flask" in names:
            added = [w for w in wanted if w not in names]
            new_text, cursor = _replace_item(new_text, cursor, added, keep_flask)
    poetry = data.get("tool", {}).get("poetry", {}).get("dependencies", {})
    poetry_names = {k.lower() for k in poetry}
    if "flask" in poetry_names and "fastapi" not in poetry_names:
        poetry_added = [w for w in wanted if w not in poetry_names]
        new_text = _POETRY_FLASK.sub(
            lambda m: "\n".join(
                ([m.group(0)] if keep_flask else [])
                + [f'{m.group("indent")}{name} = "*"' for name in poetry_added]
            ),
            new_text,
            count=1,
        )
        added = added or poetry_added
    if new_text == text or not _checked(new_text, keep_flask):
        return text, []
    return new_text, added


def _project_regions(text: str) -> list[tuple[int, int]]:
    """Spans of the ``[project]`` and ``[project.optional-dependencies]`` tables."""
    tables = list(_TABLE.finditer(text))
    spans = []
    for index, table in enumerate(tables):
        if table.group(1).strip() in ("project", "project.optional-dependencies"):
            end = tables[index + 1].start() if index + 1 < len(tables) else len(text)
            spans.append((table.end(), end))
    return spans


def _replace_item(
    text: str, cursor: int, added: list[str], keep_flask: bool = False
) -> tuple[str, int]:
    """The next flask item of the project's dependency arrays (after ``cursor``) replaced
    by ``added`` (or followed by them, ``keep_flask``), in the array's layout; and where
    the search goes on."""
    match = None
    for start, end in _project_regions(text):
        match = _FLASK_ITEM.search(text, max(start, cursor), end)
        if match is not None:
            break
    if match is None:
        return text, len(text)
    quote = match.group("quote")
    marker = (match.group("spec") or "").partition(";")[2].strip()
    if marker:  # the environment marker applies to what replaces flask
        added = [f"{name}; {marker}" for name in added]
    if keep_flask:
        item = match.group(0).strip().rstrip(",").strip()
        added = [item[1:-1], *added]
    start_of_line = text.rfind("\n", 0, match.start()) + 1
    own_line = text[start_of_line : match.start()].strip() == ""
    if own_line:  # one item per line: one new line per package
        indent = match.group("indent")
        comma = "," if match.group("comma") else ""
        lines = [f"{indent}{quote}{name}{quote}," for name in added]
        lines[-1] = lines[-1][:-1] + comma
        replacement = ("\n".join(lines)).replace("\n", _newline(text))
    else:
        comma = match.group("comma") or ""
        replacement = match.group("indent") + ", ".join(f"{quote}{n}{quote}" for n in added)
        replacement += comma
    new_text = text[: match.start()] + replacement + text[match.end() :]
    return new_text, match.start() + len(replacement)


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _checked(text: str, keep_flask: bool = False) -> bool:
    """Whether the edited file parses and every dependency list that named flask now
    names fastapi instead (or beside it, ``keep_flask``)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return False
    poetry = data.get("tool", {}).get("poetry", {}).get("dependencies", {})
    lists = [{k.lower() for k in poetry}] + [set(_names(i)) for i in _dependency_lists(data)]
    if keep_flask:
        return all("fastapi" in names for names in lists if "flask" in names)
    return all("flask" not in names for names in lists)


def requirement_results(root: Path, results: list[FileResult]) -> list[FileResult]:
    """FileResults for the requirement files of the project root that need an update."""
    needed_modules = {need for result in results for need in result.needs}
    extra = set()
    reads_forms = any(b"web_compat.form_data" in (r.new_source or b"") for r in results)
    if reads_forms or needed_modules & {"fastapi.Form", "fastapi.File", "fastapi.UploadFile"}:
        extra.add("python-multipart")
    sources = [r.new_source or b"" for r in results]
    if "starlette.middleware.sessions.SessionMiddleware" in needed_modules or any(
        marker in source
        for source in sources
        for marker in (b"web_compat.sessions(", b"web_compat.SessionMiddleware")
    ):
        extra.add("itsdangerous")
    if any(need.rpartition(".")[2] == "web_compat" for need in needed_modules):
        extra.add("jinja2")  # the support module's Jinja2Templates
    keep_flask = any(result.uses_host for result in results)
    if not keep_flask and any(b"web_compat.werkzeug_request(" in source for source in sources):
        extra.add("werkzeug")  # Werkzeug's request attributes (without Flask, which had it)
    tests = "fastapi.testclient.TestClient" in needed_modules
    out = []
    for path in sorted(root.iterdir()) if root.is_dir() else []:
        is_pyproject = path.name == "pyproject.toml"
        if not (path.is_file() and (REQUIREMENT_FILES.match(path.name) or is_pyproject)):
            continue
        try:
            data = path.read_bytes()
            text = data.decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        new_text, added = (update_pyproject if is_pyproject else update)(text, extra, keep_flask)
        if tests and not is_pyproject:
            new_text, client = add_test_client(new_text)
            added += client
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
