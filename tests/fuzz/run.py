"""Convert many generated Flask projects and report what the converter got wrong.

    python tests/fuzz/run.py --count 2000 --seed 1 [--save DIR] [--examples 3] [--minimize]
        [--verify]

The projects come from :func:`tests.fuzz.idioms.flask_projects`, drawn by a Hypothesis
run with a fixed seed (same seed, same projects). Each one goes through
:func:`tests.fuzz.checks.check_project`; the script prints the count of each failure
category, the smallest failing sources of each, saves every failing project under
``--save`` (one folder per project with its files and ``failures.txt``) and exits 1 when
anything failed. ``--verify`` also replays requests derived from the route table against
both apps (``flask2fastapi verify``; slow) and counts different answers as ``behaviour``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as seed_decorator

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.fuzz.checks import (  # noqa: E402
    CATEGORIES,
    Failure,
    check_project,
    minimize,
    project_text,
    reason,
)
from tests.fuzz.idioms import flask_projects  # noqa: E402


def fuzz(
    count: int,
    seed: int,
    on_project: Callable[[int, dict[str, str], list[Failure]], None] | None = None,
    behaviour: bool = False,
) -> tuple[int, list[Failure]]:
    """Check ``count`` generated projects (fewer if Hypothesis runs out of distinct ones):
    how many were checked, and every failure."""
    failures: list[Failure] = []
    checked = 0

    @seed_decorator(seed)
    @settings(
        max_examples=count,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(flask_projects())
    def one(files: dict[str, str]) -> None:
        nonlocal checked
        found = check_project(files, behaviour)
        checked += 1
        failures.extend(found)
        if on_project is not None:
            on_project(checked, files, found)

    one()
    return checked, failures


def _save(directory: Path, number: int, files: dict[str, str], found: list[Failure]) -> None:
    target = directory / f"project_{number:05d}"
    for rel, text in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    report = "\n\n".join(f"[{f.category}] {f.file}\n{f.detail}" for f in found)
    (target / "failures.txt").write_text(report + "\n", encoding="utf-8")


def _minimized(failure: Failure) -> str:
    behaviour = failure.category == "behaviour"
    files = minimize(
        failure.project, failure.category, failure.file, behaviour=behaviour, same_as=failure
    )
    found = [
        f
        for f in check_project(files, behaviour)
        if f.category == failure.category and f.file in (failure.file, "*")
    ]
    detail = found[0].detail if found else failure.detail
    return f"[{failure.category}] {failure.file}: {detail}\n--- minimized project ---\n" + (
        project_text(files)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--save", type=Path, help="folder for the failing projects")
    parser.add_argument("--examples", type=int, default=2, help="examples shown per category")
    parser.add_argument("--quiet", action="store_true", help="no progress line")
    parser.add_argument(
        "--verify",
        action="store_true",
        help="also compare the answers of both apps to derived requests (category behaviour)",
    )
    parser.add_argument(
        "--minimize",
        action="store_true",
        help="shrink the examples shown (statements taken out while the failure stays)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()

    def progress(number: int, files: dict[str, str], found: list[Failure]) -> None:
        if found and args.save is not None:
            _save(args.save, number, files, found)
        if not args.quiet and number % 50 == 0:
            elapsed = time.perf_counter() - started
            print(f"  {number} projects, {elapsed:.0f}s", file=sys.stderr, flush=True)

    checked, failures = fuzz(args.count, args.seed, progress, args.verify)
    elapsed = time.perf_counter() - started
    categories = CATEGORIES + (("behaviour",) if args.verify else ())
    by_category = {c: [f for f in failures if f.category == c] for c in categories}
    failing_projects = len({id(f.project) for f in failures})
    print(f"{checked} projects checked in {elapsed:.1f}s (seed {args.seed})")
    print(f"{failing_projects} projects with failures")
    for category, found in by_category.items():
        files = len({(id(f.project), f.file) for f in found})
        print(f"  {category:<15} {len(found):>5} failures in {files} files")
        for text, count in Counter(reason(f) for f in found).most_common(8):
            print(f"      {count:>5}  {text[:150]}")
    for category, found in by_category.items():
        # the smallest example of each reason first, then the next smallest
        ordered = sorted(found, key=lambda f: (len(f.source), f.detail))
        firsts = {reason(f): f for f in reversed(ordered)}
        smallest = sorted(firsts.values(), key=lambda f: len(f.source))[: args.examples]
        for failure in smallest:
            print(f"\n==== {category} ====")
            if args.minimize:
                print(_minimized(failure))
            else:
                print(failure.describe())
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
