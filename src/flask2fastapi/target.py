"""The oldest Python the converted project must run on, from what the project declares.

FastAPI evaluates the annotations of handlers and dependencies when the app starts, so a
parameter written ``str | None`` fails on Python 3.9 and ``list[str]`` on 3.8. The
converter writes annotations that run on the oldest Python the project declares, read
from (the lowest 3.x version wins):

* ``pyproject.toml``: ``[project] requires-python``, Poetry's ``python`` dependency;
* ``setup.py`` / ``setup.cfg``: ``python_requires`` and ``Programming Language :: Python
  :: 3.X`` classifiers;
* ``runtime.txt`` (``python-3.8.10``), ``.python-version``, ``Pipfile``'s
  ``python_version``, ``tox.ini``'s ``envlist`` (``py38``).

A project that declares nothing gets annotations that run on Python 3.8, the oldest
Python FastAPI supported when these rules were written.
"""

from __future__ import annotations

import re
from pathlib import Path

DEFAULT_TARGET = (3, 8)

_VERSION = re.compile(r"(?<![\d.])3\.(\d{1,2})(?!\d)")
_FILES: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...] = (
    (
        "pyproject.toml",
        (
            re.compile(r"""requires-python\s*=\s*["']([^"']*)["']"""),
            re.compile(r"""^\s*python\s*=\s*["']([^"']*)["']""", re.MULTILINE),
        ),
    ),
    (
        "setup.py",
        (
            re.compile(r"""python_requires\s*=\s*["']([^"']*)["']"""),
            re.compile(r"Programming Language :: Python :: (3\.\d+)"),
        ),
    ),
    (
        "setup.cfg",
        (
            re.compile(r"python_requires\s*=\s*(\S+)"),
            re.compile(r"Programming Language :: Python :: (3\.\d+)"),
        ),
    ),
    ("runtime.txt", (re.compile(r"python-(3\.\d+)"),)),
    (".python-version", (re.compile(r"^\s*(3\.\d+)", re.MULTILINE),)),
    ("Pipfile", (re.compile(r"""python_version\s*=\s*["'](3\.\d+)["']"""),)),
)
_TOX_ENV = re.compile(r"\bpy3(\d{1,2})\b")


def _lowest_in_specifier(text: str) -> int | None:
    """The lowest 3.x minor a version specifier allows (``>=3.8,<4`` -> 8)."""
    minors = []
    for part in re.split(r"[,|]", text):
        part = part.strip()
        if part.startswith(("<", "!=")):
            continue  # an upper bound or an exclusion says nothing about the lowest
        match = _VERSION.search(part)
        if match:
            minor = int(match.group(1))
            minors.append(
                minor + 1 if part.startswith(">") and not part.startswith(">=") else minor
            )
    return min(minors) if minors else None


def project_target(root: Path) -> tuple[int, int]:
    """The oldest Python 3 version the project at ``root`` declares, or 3.8."""
    minors: list[int] = []
    for name, patterns in _FILES:
        try:
            text = (root / name).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for pattern in patterns:
            for found in pattern.findall(text):
                minor = _lowest_in_specifier(found)
                if minor is not None:
                    minors.append(minor)
    try:
        tox = (root / "tox.ini").read_text(encoding="utf-8", errors="replace")
    except OSError:
        tox = ""
    envlist = re.search(r"^envlist\s*=\s*(.*)$", tox, re.MULTILINE)
    if envlist:
        minors += [int(m) for m in _TOX_ENV.findall(envlist.group(1))]
    return (3, min(minors)) if minors else DEFAULT_TARGET


def annotation_for(annotation: str, target: tuple[int, int]) -> tuple[str, set[str]]:
    """``annotation`` (``X | None``, ``A | B``, ``list[X]``) written so that it evaluates on
    ``target``, and the names it needs from ``typing``."""
    needs: set[str] = set()
    if target < (3, 9) and annotation.startswith("list["):
        annotation = "List[" + annotation[len("list[") :]
        needs.add("List")
    if target < (3, 10) and " | " in annotation:
        parts = annotation.split(" | ")
        if len(parts) == 2 and parts[1] == "None":
            annotation = f"Optional[{parts[0]}]"
            needs.add("Optional")
        else:
            annotation = f"Union[{', '.join(parts)}]"
            needs.add("Union")
    return annotation, needs
