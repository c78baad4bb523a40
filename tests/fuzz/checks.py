"""The checks a generated project must pass, shared by the test and ``run.py``.

A project is converted in a temporary folder with the runner's in-process API, then:

- ``crash``: the run raises, or a file fails with an internal error of the converter;
- ``non_compiling``: an output does not compile, or the converter's own check refused one
  that would not have compiled;
- ``new_undefined``: pyflakes reports a name undefined in an output more often than in
  its input (compared by name and count);
- ``rejected``: the converter's self-check refused its output (the file was left as it
  was): a conversion it knew to be wrong;
- ``non_idempotent``: converting the converted project again changes a file, fails a
  file, or reports a finding the first run did not;
- ``behaviour`` (only when asked): the Flask app and its conversion answer the requests
  ``flask2fastapi verify`` derives from the route table differently, or one cannot load.

A second run legitimately reports fewer findings (notes about what the first run
converted are gone with the Flask code), never more; findings are compared in the files
the second run leaves alone (a changed file is reported once, its findings moved).
"""

from __future__ import annotations

import ast
import difflib
import re
import tempfile
import traceback
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from flask2fastapi.report import FileFailure
from flask2fastapi.runner import RunResult, run, write_results
from flask2fastapi.verify import VerifyError, verify

from .idioms import undefined_names

CATEGORIES = ("crash", "non_compiling", "new_undefined", "rejected", "non_idempotent")


@dataclass
class Failure:
    """One check a generated project failed."""

    category: str
    file: str
    detail: str
    source: str  # the generated source of ``file`` (the whole project for ``*``)
    project: dict[str, str]

    def describe(self) -> str:
        return (
            f"[{self.category}] {self.file}: {self.detail}\n"
            f"--- generated {self.file} ---\n{self.source}"
        )


def project_text(files: dict[str, str]) -> str:
    return "\n".join(f"# ===== {path} =====\n{text}" for path, text in sorted(files.items()))


def _failure_category(failure: FileFailure) -> str:
    reason = failure.reason
    if reason.startswith("internal error"):
        return "crash"  # a rule raised: the file was left as it was too
    if reason.startswith("converted output would not compile"):
        return "non_compiling"
    if reason.startswith("converted output failed its self-check") or "left as it was" in reason:
        return "rejected"
    return "crash"  # an internal error, or a failure a generated (valid) file never deserves


def _run(root: Path) -> RunResult:
    return run([root], jobs=1)


def _findings(result: RunResult) -> Counter[tuple[str, str, int]]:
    return Counter((f.file, f.code, f.line) for r in result.results for f in r.findings)


def check_project(files: dict[str, str], behaviour: bool = False) -> list[Failure]:
    """Convert ``files`` (``{relative path: source}``) and list every check it fails.

    With ``behaviour``, the apps also answer the requests ``flask2fastapi verify`` derives
    from the route table, each in its own interpreter (slow: for ``run.py --verify``).
    """
    with tempfile.TemporaryDirectory(prefix="f2f-fuzz-") as tmp:
        failures = _check_in(Path(tmp), files)
        broken = {"crash", "non_compiling", "new_undefined", "rejected"}
        if behaviour and not any(f.category in broken for f in failures):
            failures += _behaviour(Path(tmp), files)
        return failures


def _behaviour(tmp: Path, files: dict[str, str]) -> list[Failure]:
    """Different answers of the Flask app and its conversion (category ``behaviour``)."""
    spec = "app:create_app()" if "def create_app(" in files["app.py"] else "app:app"
    try:
        found = verify(tmp / "project", tmp / "converted", spec, unsafe_methods=True)
    except VerifyError as error:
        return [Failure("behaviour", "app.py", f"verify failed: {error}", files["app.py"], files)]
    failures = []
    for outcome in found.outcomes:
        problems = [p for p in outcome.problems if not _DOCUMENTED.fullmatch(p)]
        if problems:
            request = f"{outcome.request['method']} {outcome.request['path']}"
            detail = f"{request}: " + "; ".join(problems)
            failures.append(Failure("behaviour", "*", detail, project_text(files), files))
    return failures


# differences the README documents (with a finding): FastAPI validates a missing or
# unparsable value before the handler and its decorators run, with a 422 (where Flask
# answered 400, 415, a decorator's 403 or a KeyError's 500)
_DOCUMENTED = re.compile(r"status: Flask (400|403|415|500) != FastAPI 422")


def _check_in(tmp: Path, files: dict[str, str]) -> list[Failure]:
    source_root, out_root = tmp / "project", tmp / "converted"
    for rel, text in files.items():
        path = source_root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    failures: list[Failure] = []

    def fail(category: str, rel: str, detail: str) -> None:
        source = files.get(rel, project_text(files))
        failures.append(Failure(category, rel, detail, source, files))

    try:
        first = _run(source_root)
    except Exception:
        fail("crash", "*", traceback.format_exc())
        return failures
    for result in first.results:
        if result.failure is not None:
            fail(_failure_category(result.failure), result.file, result.failure.reason)
    write_results(first, out_root)

    outputs = sorted(p.relative_to(out_root).as_posix() for p in out_root.rglob("*.py"))
    for rel in outputs:
        text = (out_root / rel).read_bytes().decode("utf-8")
        try:
            compile(text, rel, "exec", dont_inherit=True)
        except (SyntaxError, ValueError) as error:
            fail("non_compiling", rel, f"{error}\n--- output ---\n{text}")
            continue
        before = Counter(undefined_names(files[rel], rel)) if rel in files else Counter()
        new = Counter(undefined_names(text, rel)) - before
        if new:
            names = ", ".join(f"{name} (x{n})" if n > 1 else name for name, n in new.items())
            fail("new_undefined", rel, f"{names}\n--- output ---\n{text}")

    try:
        second = _run(out_root)
    except Exception:
        fail("non_idempotent", "*", "the second run raised:\n" + traceback.format_exc())
        return failures
    refused = {r.file: r.failure.reason for r in first.results if r.failure is not None}
    for result in second.results:
        rel = result.file
        if result.failure is not None and refused.get(rel) == result.failure.reason:
            continue  # left as it was by the first run, refused again: counted already
        if result.failure is not None:
            fail("non_idempotent", rel, f"the second run failed the file: {result.failure.reason}")
        elif result.changed and result.new_source is not None:
            old = (out_root / rel).read_bytes().decode("utf-8", "replace")
            new_text = result.new_source.decode("utf-8", "replace")
            if new_text != old:
                diff = "".join(
                    difflib.unified_diff(
                        old.splitlines(keepends=True),
                        new_text.splitlines(keepends=True),
                        "first run",
                        "second run",
                        n=1,
                    )
                )
                fail("non_idempotent", rel, f"the second run changes it:\n{diff}")
    # where the second run changed a file its findings moved with the lines: reported above
    changed = {r.file for r in second.results if r.changed or r.failure is not None}
    extra = _findings(second) - _findings(first)
    for (rel, code, line), _count in sorted(extra.items()):
        if rel not in changed:
            fail("non_idempotent", rel, f"the second run reports a new {code} at line {line}")
    return failures


def _statement_spans(source: str) -> list[tuple[int, int, int]]:
    """(first line, last line, indent) of every statement, biggest first."""
    spans = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.stmt):
            first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
            spans.append((first, node.end_lineno or node.lineno, node.col_offset))
    return sorted(spans, key=lambda span: span[0] - span[1])


def _without(source: str, first: int, last: int, column: int) -> str | None:
    lines = source.splitlines(keepends=True)
    kept = lines[: first - 1] + [" " * column + "pass\n"] + lines[last:]
    candidate = "".join(kept)
    try:
        if undefined_names(candidate):
            return None
    except SyntaxError:
        return None
    return candidate


def reason(failure: Failure) -> str:
    """What a failure is about, without its line numbers, names or request: failures with
    the same reason are most likely one bug."""
    first = failure.detail.splitlines()[0] if failure.detail else ""
    if failure.category == "behaviour":
        first = first.partition(": ")[2] or first
    first = re.sub(r"/tmp/\S+", "<tmp>", first)
    first = re.sub(r"`\w+\(\)`", "`f()`", first)
    return re.sub(r"(?<![A-Z])\d+", "N", first) if failure.category != "behaviour" else first


def minimize(
    files: dict[str, str],
    category: str,
    rel: str,
    budget: int = 150,
    behaviour: bool = False,
    same_as: Failure | None = None,
) -> dict[str, str]:
    """A smaller project that still fails ``category`` in ``rel`` (for the same reason as
    ``same_as``, when given): statements are taken out (replaced by ``pass``) while the
    failure stays and the input stays valid."""

    def fails(candidate: dict[str, str]) -> bool:
        found = check_project(candidate, behaviour)
        return any(
            f.category == category
            and f.file in (rel, "*")
            and (same_as is None or reason(f) == reason(same_as))
            for f in found
        )

    current = dict(files)
    for name in sorted(current):  # whole other files first
        if name != rel and budget > 0:
            budget -= 1
            smaller = {k: v for k, v in current.items() if k != name}
            if fails(smaller):
                current = smaller
    for name in sorted(current, key=lambda n: n != rel):
        position = 0
        while budget > 0:
            spans = _statement_spans(current[name])
            if position >= len(spans):
                break
            first, last, column = spans[position]
            candidate = _without(current[name], first, last, column)
            if candidate is None or candidate == current[name]:
                position += 1
                continue
            budget -= 1
            trial = {**current, name: candidate}
            if fails(trial):
                current = trial  # the same position now holds the next statement
            else:
                position += 1
    return {name: _tidy(text) for name, text in current.items()}


def _tidy(source: str) -> str:
    """Drops ``pass`` lines the minimizer left where other statements remain."""
    lines = source.splitlines(keepends=True)
    for number in range(len(lines) - 1, -1, -1):
        if lines[number].strip() == "pass":
            trial = "".join(lines[:number] + lines[number + 1 :])
            try:
                compile(trial, "<tidy>", "exec")
            except SyntaxError:
                continue
            lines = trial.splitlines(keepends=True)
    return re.sub(r"\n{4,}", "\n\n\n", "".join(lines)).rstrip("\n") + "\n"
