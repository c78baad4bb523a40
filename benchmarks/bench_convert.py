"""How close is ``flask2fastapi convert --diff`` to the cost of parsing and printing with libcst?

Generates a project (default: about 60k lines, a third of them in Flask modules), then
times, on one core and in one process:

* ``baseline``: ``libcst.parse_module`` + ``module.code`` of every file that mentions Flask;
* ``convert``: the whole pipeline as ``convert --diff`` runs it (discovery, index,
  transform, check, diff text) over the whole project, non-Flask files included.

and prints the ratio. A second project with no Flask at all shows what files that never
mention Flask cost (no parse). Run: ``python benchmarks/bench_convert.py [--lines N]``.
"""

from __future__ import annotations

import argparse
import difflib
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import libcst as cst

from flask2fastapi.discovery import mentions_flask
from flask2fastapi.runner import run

FLASK_MODULE = '''\
"""Service {n}: orders, customers and reports."""
from http import HTTPStatus

from flask import abort, jsonify, make_response, request

from shop import app

ORDERS_{n} = {{i: {{"id": i, "total": i * 3, "state": "open"}} for i in range(50)}}


def _find_{n}(order_id):
    order = ORDERS_{n}.get(order_id)
    if order is None:
        abort(404, description="no such order")
    return order
'''

FLASK_ROUTES = '''

@app.route("/s{n}/orders/<int:order_id>{k}", methods=["GET"])
def get_order_{n}_{k}(order_id):
    """Return one order."""
    order = _find_{n}(order_id)
    return jsonify(order)


@app.route("/s{n}/orders{k}", methods=["POST", "PUT"])
def create_order_{n}_{k}():
    order = {{"id": len(ORDERS_{n}) + 1, "total": 0, "state": "new"}}
    ORDERS_{n}[order["id"]] = order
    return jsonify(order), HTTPStatus.CREATED


@app.get("/s{n}/orders/<int:order_id>/summary{k}")
def order_summary_{n}_{k}(order_id):
    order = _find_{n}(order_id)
    lines = [f"<li>{{key}}: {{value}}</li>" for key, value in order.items()]
    return "<ul>" + "".join(lines) + "</ul>"


@app.route("/s{n}/orders/<int:order_id>/state/<state>{k}", methods=["PATCH"])
def set_state_{n}_{k}(order_id, state):
    order = _find_{n}(order_id)
    if state not in ("open", "paid", "shipped"):
        return {{"error": "bad state"}}, 400
    order["state"] = state
    response = make_response(jsonify(order), 200)
    response.headers["X-State"] = state
    return response


@app.route("/s{n}/search{k}")
def search_{n}_{k}():
    q = request.args.get("q", "")
    limit = request.args.get("limit", 10, type=int)
    found = [o for o in ORDERS_{n}.values() if q in o["state"]]
    return jsonify(query=q, results=found[:limit])


@app.route("/s{n}/report/<path:name>{k}")
def report_{n}_{k}(name):
    totals = [o["total"] for o in ORDERS_{n}.values()]
    return {{"name": name, "count": len(totals), "sum": sum(totals)}}, 200, {{"X-Report": name}}
'''

PLAIN_MODULE = '''\
"""Helpers {n}: pure Python, no web framework."""
from __future__ import annotations

import dataclasses
import math


@dataclasses.dataclass
class Point{n}:
    x: float
    y: float

    def distance(self, other: "Point{n}") -> float:
        return math.hypot(self.x - other.x, self.y - other.y)
'''

PLAIN_FUNCTION = '''

def helper_{n}_{k}(values: list[int]) -> dict[str, float]:
    """Summarise values."""
    if not values:
        return {{"count": 0, "mean": 0.0}}
    total = 0
    for value in values:
        if value % 2:
            total += value * 3
        else:
            total -= value // 2
    mean = total / len(values)
    return {{"count": len(values), "mean": round(mean, 3), "max": max(values)}}
'''


def generate(root: Path, lines: int, flask_share: float, seed: int = 7) -> int:
    """Write a project of about ``lines`` lines; returns the number of files."""
    rng = random.Random(seed)
    (root / "shop").mkdir(parents=True)
    (root / "shop" / "__init__.py").write_text("from flask import Flask\n\napp = Flask(__name__)\n")
    written, files, n = 3, 1, 0
    while written < lines:
        n += 1
        is_flask = rng.random() < flask_share
        head, body = (FLASK_MODULE, FLASK_ROUTES) if is_flask else (PLAIN_MODULE, PLAIN_FUNCTION)
        parts = [head.format(n=n)]
        parts += [body.format(n=n, k=k) for k in range(rng.randint(3, 8))]
        text = "".join(parts)
        folder = root / "shop" / ("views" if is_flask else "lib")
        folder.mkdir(exist_ok=True)
        (folder / f"m{n}.py").write_text(text)
        written += text.count("\n")
        files += 1
    return files


def baseline(root: Path) -> float:
    """libcst parse + print of the files that mention Flask."""
    sources = [p.read_bytes() for p in sorted(root.rglob("*.py"))]
    sources = [s for s in sources if mentions_flask(s)]
    start = time.perf_counter()
    for source in sources:
        cst.parse_module(source).code  # noqa: B018
    return time.perf_counter() - start


def convert_diff(root: Path, jobs: int) -> float:
    start = time.perf_counter()
    result = run([root], jobs=jobs)
    for file_result in result.results:
        if file_result.changed and file_result.new_source is not None:
            before = result.originals[file_result.file].decode().splitlines(keepends=True)
            after = file_result.new_source.decode().splitlines(keepends=True)
            "".join(difflib.unified_diff(before, after))
    return time.perf_counter() - start


def best_of(repeat: int, fn, *args) -> float:  # type: ignore[no-untyped-def]
    return min(fn(*args) for _ in range(repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=60_000)
    parser.add_argument("--flask-share", type=float, default=0.35)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2, help="workers for the parallel run")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="f2f-bench-"))
    try:
        mixed, flask_only, plain = workdir / "mixed", workdir / "flask", workdir / "plain"
        files = generate(mixed, args.lines, args.flask_share)
        generate(flask_only, args.lines // 3, 1.0)
        generate(plain, args.lines, 0.0)
        total = sum(p.read_text().count("\n") for p in mixed.rglob("*.py"))
        flask_lines = sum(
            p.read_text().count("\n") for p in mixed.rglob("*.py") if mentions_flask(p.read_bytes())
        )
        print(f"project: {files} files, {total} lines, {flask_lines} in files that mention Flask")

        rows = []
        for name, root in (("flask-only", flask_only), ("mixed", mixed)):
            base = best_of(args.repeat, baseline, root)
            conv = best_of(args.repeat, convert_diff, root, 1)
            rows.append((name, base, conv))
        plain_time = best_of(args.repeat, convert_diff, plain, 1)
        parallel = best_of(args.repeat, convert_diff, mixed, args.jobs)

        header = ("corpus", "libcst parse+print", "convert --diff (1 core)", "ratio")
        print(f"{header[0]:<12}{header[1]:>20}{header[2]:>26}{header[3]:>8}")
        for name, base, conv in rows:
            print(f"{name:<12}{base:>19.2f}s{conv:>25.2f}s{conv / base:>8.2f}")
        print(f"no-Flask project ({args.lines} lines): convert --diff {plain_time:.3f}s (no parse)")
        print(f"mixed project with {args.jobs} workers: {parallel:.2f}s")
        spread = statistics.mean(r[2] / r[1] for r in rows)
        print(f"mean ratio: {spread:.2f} (target: at most 1.5)")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
