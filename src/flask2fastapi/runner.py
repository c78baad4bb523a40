"""The pipeline: discover -> index -> transform (in parallel) -> check -> write | diff -> report.

Writing is :mod:`flask2fastapi.writer`'s (``write_results`` is re-exported here).
"""

from __future__ import annotations

import ast
import gc
import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from flask2fastapi.discovery import (
    Discovery,
    SourceFile,
    discover,
    is_test_module,
    mentions_flask,
)
from flask2fastapi.index import (
    ModuleFacts,
    ProjectIndex,
    collect,
    module_name,
    response_helpers,
)
from flask2fastapi.nesting import deep_call, nesting_depth
from flask2fastapi.report import FileFailure, FileResult, Finding, MigrationReport
from flask2fastapi.requirements import requirement_results
from flask2fastapi.rules.pipeline import TEMPLATE_API
from flask2fastapi.support import (
    SUPPORT_MARKER,
    SUPPORT_MODULE,
    TEMPLATE_CHECKS,
    TEMPLATE_SUFFIXES,
    support_source,
)
from flask2fastapi.target import project_target
from flask2fastapi.transform import InputError, convert_file, parse_tree
from flask2fastapi.tuple_helpers import plan_tuple_helpers
from flask2fastapi.writer import write_atomic, write_results

# Flask app API a test module may use on a fixture without naming Flask or a client
_FLASK_TEST_API = re.compile(
    rb"\.(?:app_context|test_request_context|test_cli_runner)\(|\.config\[|\.testing\b"
)
# Below this many files a process pool costs more than it saves.
POOL_THRESHOLD = 8


@dataclass
class RunResult:
    root: Path
    report: MigrationReport
    results: list[FileResult] = field(default_factory=list)
    originals: dict[str, bytes] = field(default_factory=dict)
    # files left alone without being read as Python: (path, why), e.g. marked @generated
    skipped: list[tuple[str, str]] = field(default_factory=list)


def build_index(found: Discovery) -> tuple[ProjectIndex, dict[str, ast.Module]]:
    """Index every file that mentions Flask, then the files that use what those define;
    files that do not parse are reported later.

    Returns the ``ast`` trees too: a transform in this process reuses them.
    """
    index = ProjectIndex(known={module_name(source.rel) for source in found.files})
    trees: dict[str, ast.Module] = {}
    flask_files = [source for source in found.files if mentions_flask(source.data)]
    token = _indexing.set(index)
    try:
        _collect_into(index, trees, flask_files, found)
        _collect_users(index, trees, found)
    finally:
        _indexing.reset(token)
    return index, trees


# the index being built (its modules tell which framework names the project's own take)
_indexing: ContextVar[ProjectIndex | None] = ContextVar("indexing", default=None)


def _collect_users(index: ProjectIndex, trees: dict[str, ast.Module], found: Discovery) -> None:
    """Files that never say "flask" but import what the index knows as Flask objects: the
    project's apps, app factories and blueprints (``from tracker import create_app``,
    ``from .views import bp``), or a module that holds some (``from . import auth``).
    A file that re-exports one makes its importers users too, so this repeats until no
    file is added. A text test on each file's import lines picks the files to parse."""
    parsed: dict[str, tuple[ast.Module, ModuleFacts]] = {}
    searched: set[str] = set()
    while True:
        objects = {module: index.flask_objects(module) for module in index.modules}
        objects = {module: names for module, names in objects.items() if names}
        words = {n for names in objects.values() for n in names}
        words |= {module.rpartition(".")[2] for module in objects}
        if words - searched:
            pattern = _import_pattern(words - searched)
            searched |= words
            for source in found.files:
                if source.rel in trees or source.rel in parsed:
                    continue
                if pattern.search(source.data):
                    collected = _collect_one(source, found)
                    if collected is not None:
                        parsed[source.rel] = collected
        users = [
            (rel, tree, facts)
            for rel, (tree, facts) in parsed.items()
            if index.uses_flask_objects(facts, objects)
        ]
        if not users:
            return
        for rel, tree, facts in users:
            del parsed[rel]
            index.modules[facts.module] = facts
            trees[rel] = tree
        index.clear_caches()


def _import_pattern(words: set[str]) -> re.Pattern[bytes]:
    """An import statement (one line, or a parenthesised list) that names one of ``words``."""
    names = b"|".join(re.escape(word.encode()) for word in sorted(words))
    return re.compile(
        rb"\bimport\b(?:[ \t]*\([^)]*?\b(?:" + names + rb")\b|[^\n]*?\b(?:" + names + rb")\b)"
    )


def _collect_into(
    index: ProjectIndex, trees: dict[str, ast.Module], sources: list[SourceFile], found: Discovery
) -> None:
    for source in sources:
        collected = _collect_one(source, found)
        if collected is not None:
            trees[source.rel], facts = collected
            index.modules[facts.module] = facts


def _collect_one(source: SourceFile, found: Discovery) -> tuple[ast.Module, ModuleFacts] | None:
    """The ``ast`` and facts of one file; None when it does not parse or nests too deeply
    (the transform pass reports it, with a better message)."""
    directory = str(PurePosixPath(source.rel).parent)
    has_static = (directory if directory != "." else "") in found.static_dirs
    try:
        tree = parse_tree(source.data, source.rel)
        if tree is None or nesting_depth(tree, source.data) is not None:
            return None
        index = _indexing.get()
        shadowed = index.shadowed_frameworks(source.rel) if index else frozenset()
        facts = collect(
            source.rel, source.data, has_static_dir=has_static, tree=tree, shadowed=shadowed
        )
    except (InputError, SyntaxError, ValueError, UnicodeDecodeError, RecursionError, MemoryError):
        return None
    return tree, facts


_worker_index: ProjectIndex | None = None


def _init_worker(index: ProjectIndex) -> None:
    global _worker_index
    _worker_index = index
    gc.disable()  # see run(): a short-lived worker converting files creates no cycles


def _convert_in_worker(item: tuple[str, bytes]) -> FileResult:
    assert _worker_index is not None
    return convert_file(item[0], item[1], _worker_index)


def available_cpus() -> int:
    """The CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _transform(
    items: list[tuple[str, bytes]],
    index: ProjectIndex,
    trees: dict[str, ast.Module],
    jobs: int,
    on_done: Callable[[], None] | None,
) -> Iterator[FileResult]:
    if jobs <= 1 or len(items) < POOL_THRESHOLD:
        for rel, data in items:
            yield convert_file(rel, data, index, trees.get(rel))
            if on_done:
                on_done()
        return
    chunksize = max(1, min(16, len(items) // (jobs * 4)))
    done = 0
    try:
        with ProcessPoolExecutor(
            max_workers=jobs, initializer=_init_worker, initargs=(index,)
        ) as pool:
            for result in pool.map(_convert_in_worker, items, chunksize=chunksize):
                done += 1
                yield result
                if on_done:
                    on_done()
        return
    except BrokenProcessPool:
        pass  # a worker died (a crash in native code): the files not done go again
    yield from _transform_alone(items[done:], index, on_done)


def _transform_alone(
    items: list[tuple[str, bytes]], index: ProjectIndex, on_done: Callable[[], None] | None
) -> Iterator[FileResult]:
    """Each file in turn in one worker process, so that a file that kills its worker is
    known: it fails, and a new worker takes the next file."""
    pending = list(reversed(items))
    while pending:
        with ProcessPoolExecutor(
            max_workers=1, initializer=_init_worker, initargs=(index,)
        ) as pool:
            while pending:
                rel, data = pending[-1]
                try:
                    result = pool.submit(_convert_in_worker, (rel, data)).result()
                except BrokenProcessPool:
                    result = FileResult(file=rel, failure=FileFailure(file=rel, reason=CRASHED))
                    pending.pop()
                    yield result
                    if on_done:
                        on_done()
                    break  # this pool is broken: a new one for the rest
                pending.pop()
                yield result
                if on_done:
                    on_done()


CRASHED = "the process converting it crashed; left as it was"


def run(
    paths: list[Path],
    *,
    jobs: int | None = None,
    exclude: tuple[str, ...] | list[str] = (),
    on_start: Callable[[int], None] | None = None,
    on_done: Callable[[], None] | None = None,
    tests: bool = True,
    bridge: bool = True,
) -> RunResult:
    """Convert in memory; nothing is written here (see :func:`write_results`).

    The cyclic garbage collector is paused meanwhile: libcst builds large acyclic trees
    that reference counting frees, and the collector's passes over them cost about a
    tenth of the run (measured with benchmarks/bench_convert.py).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:  # on a deep stack: see nesting.py
        return deep_call(_run, paths, jobs, exclude, on_start, on_done, tests, bridge)
    finally:
        if enabled:
            gc.enable()


def _run(
    paths: list[Path],
    jobs: int | None,
    exclude: tuple[str, ...] | list[str],
    on_start: Callable[[int], None] | None,
    on_done: Callable[[], None] | None,
    tests: bool = True,
    bridge: bool = True,
) -> RunResult:
    found = discover(paths, exclude)
    index, trees = build_index(found)
    index.bridge = bridge
    if tests:
        index.test_response_helpers = _test_response_helpers(found)
        index.test_app_attributes = _test_app_attributes(found, index)
    index.target = project_target(found.root)
    indexed = {m.path for m in index.modules.values()}
    outside_index = {
        s.rel: s.data for s in found.files if s.rel not in indexed and s.rel.endswith(".py")
    }
    index.plan_shared_helpers(trees, outside_index)
    _plan_tuple_helpers(index, trees, {s.rel: s.data for s in found.files})
    wanted = {m.path for m in index.modules.values()}
    view_modules = index.view_modules()
    items = [
        (source.rel, source.data)
        for source in found.files
        if (tests or not is_test_module(source.rel))
        and SUPPORT_MARKER not in source.data[:2048]
        and (
            source.rel in wanted
            or mentions_flask(source.data)
            or module_name(source.rel) in view_modules
            or (tests and is_test_module(source.rel) and b"test_client" in source.data)
            or (tests and is_test_module(source.rel) and b"client." in source.data)
            or (tests and is_test_module(source.rel) and _FLASK_TEST_API.search(source.data))
        )
    ]
    if on_start:
        on_start(len(items))
    workers = min(jobs, available_cpus()) if jobs else available_cpus()
    results = list(_transform(items, index, trees, workers, on_done))
    results = _agree_on_shared_helpers(index, trees, outside_index, items, results)
    if index.bridge and any(result.uses_host for result in results):
        results = _host_apps(index, trees, items, results)
    results += [FileResult(file=f.file, failure=f) for f in found.failures]
    originals = {source.rel: source.data for source in found.files}
    for requirements in requirement_results(found.root, results):
        results.append(requirements)
        originals[requirements.file] = (found.root / requirements.file).read_bytes()
    for support in support_results(found.root, index, results):
        results.append(support)
        originals[support.file] = b""
    supports = {
        source.rel: source.data for source in found.files if source.rel.endswith(_SUPPORT_FILE)
    }
    supports.update(
        {r.file: r.new_source for r in results if r.file.endswith(_SUPPORT_FILE) and r.new_source}
    )
    login_stub = any(b"def current_user_or_anonymous(" in s.data for s in found.files) or any(
        r.new_source is not None and b"def current_user_or_anonymous(" in r.new_source
        for r in results
    )
    results += template_results(found.root, supports, login_stub)
    report = MigrationReport.build(len(found.files) + len(found.failures), results)
    return RunResult(
        root=found.root,
        report=report,
        results=results,
        originals=originals,
        skipped=list(found.skipped),
    )


def _plan_tuple_helpers(
    index: ProjectIndex, trees: dict[str, ast.Module], sources: dict[str, bytes]
) -> None:
    """:func:`plan_tuple_helpers`; when a module it reads (one the Flask modules import)
    nests too deeply to be read, again without the modules that do."""
    try:
        plan_tuple_helpers(index, trees, sources)
    except (RecursionError, MemoryError):
        plan_tuple_helpers(index, trees, _Readable(sources))


class _Readable(dict[str, bytes]):
    """Project files by path, where ``get`` leaves out those that nest too deeply."""

    def get(self, path: str, default: bytes | None = None) -> bytes | None:  # type: ignore[override]
        data = super().get(path)
        if data is None:
            return default
        try:
            tree = parse_tree(data, path)
        except InputError:
            return default
        return data if tree is None or nesting_depth(tree, data) is None else default


def _test_app_attributes(found: Discovery, index: ProjectIndex) -> set[str]:
    """``self.app`` where a test module sets it to the app a factory builds: test classes
    that inherit it (in other modules) use it as the app too."""
    factories = {f for m in index.modules.values() for f in m.factories}
    if not factories:
        return set()
    pattern = re.compile(rb"\b(?:self|cls)\.(\w+)\s*=\s*(?:\w+\.)*(\w+)\(")
    return {
        "self." + attribute.decode()
        for source in found.files
        if is_test_module(source.rel)
        for attribute, callee in pattern.findall(source.data)
        if callee.decode() in factories
    }


def _test_response_helpers(found: Discovery) -> set[str]:
    helpers: set[str] = set()
    for source in found.files:
        if is_test_module(source.rel) and b"client." in source.data:
            try:
                tree = parse_tree(source.data, source.rel)
                if tree is not None and nesting_depth(tree, source.data) is None:
                    helpers |= response_helpers(tree)
            except (InputError, RecursionError, MemoryError):
                continue  # reported by the transform pass
    return helpers


def _agree_on_shared_helpers(
    index: ProjectIndex,
    trees: dict[str, ast.Module],
    outside_index: dict[str, bytes],
    items: list[tuple[str, bytes]],
    results: list[FileResult],
) -> list[FileResult]:
    """Calls and definitions agree: a module left as it was (its output failed a check)
    neither gives its helpers a ``request`` parameter nor passes one to another module's
    helpers, so the modules on the other side of those calls convert again without it."""
    failed = {r.file for r in results if r.failure is not None}
    involved = set(index.shared_helpers) | set(index.shared_helper_calls)
    paths = {m: index.modules[m].path for m in involved if m in index.modules}
    if not failed & set(paths.values()):
        return results
    before = (dict(index.shared_helpers), dict(index.shared_helper_calls))
    index.shared_helpers, index.shared_helper_calls = {}, {}
    for facts in index.modules.values():
        if facts.path in failed:
            facts.request_readers = []  # its helpers keep reading Flask's request
    index.plan_shared_helpers({p: t for p, t in trees.items() if p not in failed}, outside_index)
    after = (index.shared_helpers, index.shared_helper_calls)
    changed = {
        paths[m]
        for m in paths
        if any(old.get(m) != new.get(m) for old, new in zip(before, after, strict=True))
    } - failed
    return _convert_again(changed, index, trees, items, results)


def _host_apps(
    index: ProjectIndex,
    trees: dict[str, ast.Module],
    items: list[tuple[str, bytes]],
    results: list[FileResult],
) -> list[FileResult]:
    """Converted code still needs Flask: the modules that create the app convert again,
    keeping a Flask app as a host beside it (the other modules' output is the same)."""
    index.host = True
    creators = {facts.path for facts in index.modules.values() if facts.apps}
    return _convert_again(creators, index, trees, items, results)


def _convert_again(
    files: set[str],
    index: ProjectIndex,
    trees: dict[str, ast.Module],
    items: list[tuple[str, bytes]],
    results: list[FileResult],
) -> list[FileResult]:
    """``results`` with those of ``files`` replaced by a new conversion (the index changed)."""
    data = dict(items)
    return [
        convert_file(result.file, data[result.file], index, trees.get(result.file))
        if result.file in files and result.file in data
        else result
        for result in results
    ]


def support_results(root: Path, index: ProjectIndex, results: list[FileResult]) -> list[FileResult]:
    """The web_compat module of each app whose converted code imports it, where it does
    not exist yet (an existing file is the team's: it is never overwritten)."""
    wanted = sorted(
        {
            index.support_module(module_name(result.file))
            for result in results
            if any(need.rpartition(".")[2] == SUPPORT_MODULE for need in result.needs)
        }
    )
    out = []
    for module in wanted:
        rel = module.replace(".", "/") + ".py"
        if (root / rel).exists():
            continue
        source = support_source(index.template_folders(module)).encode("utf-8")
        out.append(FileResult(file=rel, changed=True, new_source=source))
    return out


_SUPPORT_FILE = SUPPORT_MODULE + ".py"
_TEMPLATE_FOLDER = re.compile(rb'ROOT / "([^"]+)"')


def template_results(
    root: Path, supports: dict[str, bytes], login_stub: bool = False
) -> list[FileResult]:
    """Findings on template lines that use Flask API the converted app does not give
    templates (the templates themselves are not rewritten). The folders are those of each
    web_compat module, written now or by an earlier run, so the findings stay open until
    the templates are fixed."""
    checks = [
        (re.compile(p), why, advice)
        for p, why, advice in TEMPLATE_CHECKS
        if not (login_stub and "current_user" in p)  # the login dependency provides it
    ]
    out: list[FileResult] = []
    seen: set[Path] = set()
    for rel, text in sorted(supports.items()):
        if b"Jinja2Templates(" not in text:
            continue  # not the module this tool writes
        base = (root / rel).parent
        for folder in _TEMPLATE_FOLDER.findall(text):
            directory = (base / folder.decode()).resolve()
            if not directory.is_dir() or directory in seen:
                continue
            seen.add(directory)
            for path in sorted(directory.rglob("*")):
                if path.suffix not in TEMPLATE_SUFFIXES or not path.is_file():
                    continue
                result = _template_findings(root, path, checks)
                if result is not None:
                    out.append(result)
    return out


def _template_findings(
    root: Path, path: Path, checks: list[tuple[re.Pattern[str], str, str]]
) -> FileResult | None:
    try:
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(root.resolve()).as_posix()
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    result = FileResult(file=rel)
    for number, line in enumerate(text.splitlines(), start=1):
        for pattern, why, advice in checks:
            match = pattern.search(line)
            if match is None:
                continue
            message, suggestion = TEMPLATE_API.format(use=match.group(0), why=why, advice=advice)
            result.findings.append(
                Finding(
                    code=TEMPLATE_API.code,
                    file=rel,
                    line=number,
                    column=match.start() + 1,
                    message=message,
                    suggestion=suggestion,
                    severity=TEMPLATE_API.severity,
                )
            )
    return result if result.findings else None


__all__ = ["RunResult", "run", "write_atomic", "write_results"]
