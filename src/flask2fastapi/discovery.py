"""Which files to look at, and which of them mention Flask at all.

Walks the given paths, honours ``.gitignore`` files (at any depth) and ``--exclude``
globs, skips virtualenvs, caches, build folders and ``@generated`` files, and refuses
symlinks that lead out of the project. Reading is cheap; parsing is not: the text test
:func:`mentions_flask` decides which files are parsed at all.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

from flask2fastapi.report import FileFailure

SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "__pycache__",
        "node_modules",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        "build",
        "dist",
        "site-packages",
        ".eggs",
        ".idea",
        ".vscode",
    }
)
# Byte strings whose presence makes a file worth parsing.
FLASK_MARKERS = (b"flask", b"Flask", b"FLASK", b".route(", b".add_url_rule(")
GENERATED_MARKER = b"@generated"
# how many lines of the file's head (and of its docstring) may hold the marker
GENERATED_LINES = 5
# the marker as a word of its own (not ``@generated`` quoted in a sentence about it)
_GENERATED = re.compile(rb"(?:^|[\s#*])@generated\b")
_DOCSTRING_START = re.compile(rb"^(?:[rRuU]|[bB][rR]?|[rR][bB])?(\"\"\"|'''|\"|')")


def is_generated(data: bytes) -> bool:
    """Whether a file is marked as generated, as tools such as Phabricator's and
    Facebook's do: a comment that says ``@generated`` among the comment lines that open
    the file (within its first lines), or the module docstring's first lines saying it.
    A mention anywhere else (a string, a later comment, the word in quotes) does not
    count."""
    head = data[:4096]
    if GENERATED_MARKER not in head:
        return False
    lines = head.removeprefix(b"\xef\xbb\xbf").splitlines()
    for number, line in enumerate(lines[:GENERATED_LINES]):
        stripped = line.strip()
        if not stripped or stripped.startswith(b"#"):
            if _GENERATED.search(stripped):
                return True
            continue
        start = _DOCSTRING_START.match(stripped)  # the first code: a docstring, or not
        if start is None:
            return False
        quote = start.group(1)
        docstring = [stripped[start.end() :]]
        for following in lines[number + 1 : number + GENERATED_LINES]:
            if quote in docstring[-1]:
                break
            docstring.append(following)
        return _GENERATED.search(b"\n".join(docstring).split(quote)[0]) is not None
    return False


@dataclass
class SourceFile:
    path: Path
    rel: str  # posix path relative to the project root
    data: bytes = b""


@dataclass
class Discovery:
    root: Path
    files: list[SourceFile] = field(default_factory=list)
    failures: list[FileFailure] = field(default_factory=list)
    static_dirs: set[str] = field(default_factory=set)  # rel dirs that hold a static/ folder
    # files left alone without being read as Python: (path, why)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def project_root(paths: list[Path]) -> Path:
    """The folder that report paths are relative to."""
    resolved = [p.resolve() for p in paths]
    if len(resolved) == 1:
        only = resolved[0]
        return only if only.is_dir() else only.parent
    common = Path(os.path.commonpath([str(p) for p in resolved]))
    return common if common.is_dir() else common.parent


def mentions_flask(data: bytes) -> bool:
    return any(marker in data for marker in FLASK_MARKERS)


def _is_venv(directory: Path) -> bool:
    return (directory / "pyvenv.cfg").is_file()


def _link_loop(path: Path) -> bool:
    """Whether following the link ``path`` goes round in a loop (a missing target is not
    a loop: such a link is left alone, as every link inside the project)."""
    try:
        os.stat(path)
    except OSError as error:
        return error.errno == errno.ELOOP
    return False


def _excluded(rel: str, name: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) for p in patterns)


def _folder_excluded(rel: str, name: str, patterns: Iterable[str]) -> bool:
    """A folder the patterns exclude, or whose every path they exclude (``legacy/*``: a
    pattern ending in ``*`` that matches ``legacy/`` matches all below it)."""
    return _excluded(rel, name, patterns) or any(
        p.endswith("*") and fnmatch.fnmatch(rel + "/", p) for p in patterns
    )


class _IgnoreRules:
    """.gitignore files met on the way down, each applying below its own folder."""

    def __init__(self) -> None:
        self._specs: list[tuple[str, pathspec.PathSpec]] = []

    def load(self, directory: Path, rel_dir: str) -> None:
        """Read the folder's ``.gitignore``; an OSError when it cannot be read (the
        caller leaves the folder alone: what it ignores is unknown)."""
        ignore = directory / ".gitignore"
        if ignore.is_file():
            lines = ignore.read_text(encoding="utf-8", errors="replace").splitlines()
            self._specs.append((rel_dir, pathspec.GitIgnoreSpec.from_lines(lines)))

    def ignored(self, rel: str, is_dir: bool) -> bool:
        for base, spec in self._specs:
            if base and not rel.startswith(base + "/"):
                continue
            local = rel[len(base) + 1 :] if base else rel
            if spec.match_file(local + "/" if is_dir else local):
                return True
        return False


def discover(paths: list[Path], exclude: Iterable[str] = ()) -> Discovery:
    """The Python files under ``paths``, read, with the failures met on the way."""
    patterns = list(exclude)
    root = project_root(paths)
    found = Discovery(root=root)
    seen: set[Path] = set()

    def add_file(path: Path) -> None:
        rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
        if path.is_symlink():
            if _link_loop(path):
                reason = f"cannot read: {os.strerror(errno.ELOOP)}"
                found.failures.append(FileFailure(file=rel, reason=reason))
                return
            target = path.resolve()
            if not target.is_relative_to(root):
                found.failures.append(
                    FileFailure(
                        file=rel,
                        reason=f"symlink to {os.path.relpath(target, root)}, outside the "
                        "project; not followed",
                    )
                )
            return  # a link inside the project: its target is converted where it lives
        if path in seen:
            return
        seen.add(path)
        try:
            data = path.read_bytes()
        except OSError as error:
            found.failures.append(
                FileFailure(file=rel, reason=f"cannot read: {error.strerror or error}")
            )
            return
        if is_generated(data):
            found.skipped.append((rel, "marked @generated"))
            return
        found.files.append(SourceFile(path=path, rel=rel, data=data))

    for given in paths:
        given = Path(os.path.abspath(given))
        if given.is_file() or (given.is_symlink() and given.suffix == ".py"):
            add_file(given)
            continue
        if not given.is_dir():
            found.failures.append(FileFailure(file=str(given), reason="no such file or folder"))
            continue
        ignore = _IgnoreRules()

        def unreadable(error: OSError, given: Path = given) -> None:
            folder = Path(error.filename or given)
            shown = folder.relative_to(root).as_posix() if folder.is_relative_to(root) else ""
            found.failures.append(
                FileFailure(
                    file=shown if shown not in ("", ".") else str(given),
                    reason=f"cannot read folder: {error.strerror or error}",
                )
            )

        for dirpath, dirnames, filenames in os.walk(given, onerror=unreadable):
            directory = Path(dirpath)
            rel_dir = directory.relative_to(root).as_posix()
            rel_dir = "" if rel_dir == "." else rel_dir
            try:
                ignore.load(directory, rel_dir)
            except OSError as error:
                found.failures.append(
                    FileFailure(
                        file=f"{rel_dir}/.gitignore" if rel_dir else ".gitignore",
                        reason=f"cannot read: {error.strerror or error}; folder left alone",
                    )
                )
                dirnames[:] = []
                continue
            kept = []
            for name in sorted(dirnames):
                rel = f"{rel_dir}/{name}" if rel_dir else name
                # names first: an excluded or ignored folder is never looked into
                if name in SKIPPED_DIRS or name.endswith(".egg-info"):
                    continue
                if ignore.ignored(rel, True) or _folder_excluded(rel, name, patterns):
                    continue
                if _is_venv(directory / name):
                    continue
                if name == "static":
                    found.static_dirs.add(rel_dir)
                kept.append(name)
            dirnames[:] = kept
            for name in sorted(filenames):
                if not name.endswith(".py"):
                    continue
                rel = f"{rel_dir}/{name}" if rel_dir else name
                if ignore.ignored(rel, False) or _excluded(rel, name, patterns):
                    continue
                add_file(directory / name)
    return found


_TEST_FILE = re.compile(r"(^|/)(tests?/|tests\.py$|test_[^/]*\.py$|[^/]*_test\.py$|conftest\.py$)")


def is_test_module(rel_path: str) -> bool:
    """Whether a project file is part of its tests (test modules, conftest, tests/, and
    the single ``tests.py`` module of small projects)."""
    return _TEST_FILE.search(rel_path) is not None
