"""Which statements the rules are shown.

The rule chain skips statements that hold nothing an active rule declared it needs
(``Rule.SEES``): the golden cases must convert identically with skipping switched off.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path
from typing import Any

import libcst as cst
import pytest

from flask2fastapi.hotspots import HotSpots, Sees
from flask2fastapi.index import ProjectIndex
from flask2fastapi.rules import RULES
from flask2fastapi.rules.base import FileContext, Rule, RuleChain
from flask2fastapi.runner import run

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p for p in GOLDEN.iterdir() if (p / "input").is_dir())


def _outcome(root: Path) -> dict[str, tuple[bytes | None, list[dict[str, Any]], str | None]]:
    result = run([root], jobs=1)
    return {
        r.file: (
            r.new_source,
            [f.model_dump() for f in r.findings],
            r.failure.reason if r.failure else None,
        )
        for r in result.results
    }


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_inputs_convert_the_same_without_skipping(
    case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    skipping = _outcome(case / "input")
    monkeypatch.setattr(RuleChain, "skipping", False)
    assert _outcome(case / "input") == skipping


def test_every_rule_declares_what_it_sees() -> None:
    for rule in RULES:
        assert "SEES" in vars(rule), f"{rule.__name__} does not declare SEES"
        assert isinstance(rule.SEES, Sees)
        assert all(isinstance(a, str) and a.isidentifier() for a in rule.SEES_ATTRIBUTES)


# -- the chain ---------------------------------------------------------------------------


def _recording(sees: Sees, attributes: frozenset[str] = frozenset()) -> type[Rule]:
    class Recording(Rule):
        SEES = sees
        SEES_ATTRIBUTES = attributes

        def __init__(self, ctx: FileContext) -> None:
            super().__init__(ctx)
            self.called: list[str] = []

        def visit_Call(self, node: cst.Call) -> None:
            self.called.append(cst.Module([]).code_for_node(node.func))

    return Recording


SOURCE = """\
from flask import jsonify

def helper(x):
    return x.frobnicate()

def other():
    total = sum([1, 2])
    return jsonify(total)
"""


def _walk(*rules: Rule) -> None:
    tree = ast.parse(SOURCE)
    ctx = rules[0].ctx
    spots = HotSpots(tree, {"jsonify": Sees.FLASK_NAMES}, {"frobnicate"}, set(), SOURCE)
    RuleChain(ctx, list(rules), spots).transform(cst.parse_module(SOURCE))


def _context() -> FileContext:
    return FileContext(rel_path="app.py", module="app", index=ProjectIndex())


def test_the_chain_shows_a_rule_the_statements_it_declared() -> None:
    ctx = _context()
    names = _recording(Sees.FLASK_NAMES)(ctx)
    _walk(names)
    assert names.called == ["jsonify"]  # not x.frobnicate nor sum: they hold no Flask name

    ctx = _context()
    attributes = _recording(Sees.NOTHING, frozenset({"frobnicate"}))(ctx)
    _walk(attributes)
    assert attributes.called == ["x.frobnicate"]


def test_a_statement_one_rule_needs_is_shown_to_every_rule() -> None:
    ctx = _context()
    names, attributes = _recording(Sees.FLASK_NAMES)(ctx), _recording(Sees.NOTHING)(ctx)
    attributes.SEES_ATTRIBUTES = frozenset({"frobnicate"})
    _walk(names, attributes)
    assert names.called == attributes.called == ["x.frobnicate", "jsonify"]


def test_an_inactive_rule_needs_nothing_and_everything_stops_skipping() -> None:
    ctx = _context()
    names, everything = _recording(Sees.FLASK_NAMES)(ctx), _recording(Sees.EVERYTHING)(ctx)
    everything.active = False
    _walk(names, everything)
    assert names.called == ["jsonify"]

    ctx = _context()
    names, everything = _recording(Sees.FLASK_NAMES)(ctx), _recording(Sees.EVERYTHING)(ctx)
    _walk(names, everything)
    assert names.called == ["x.frobnicate", "sum", "jsonify"]


def test_skipping_switched_off_shows_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RuleChain, "skipping", False)
    ctx = _context()
    names = _recording(Sees.FLASK_NAMES)(ctx)
    _walk(names)
    assert names.called == ["x.frobnicate", "sum", "jsonify"]


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


def _converted(root: Path) -> dict[str, str]:
    result = run([root], jobs=1)
    assert not result.report.failures, result.report.failures
    return {r.file: r.new_source.decode() for r in result.results if r.new_source}


FACTORY = """\
from flask import Flask


def create_app():
    app = Flask(__name__)
    return app
"""


def test_a_statement_that_only_calls_the_app_factory_is_converted(tmp_path: Path) -> None:
    wsgi = "from app import create_app\n\nrules = create_app().url_map\n"
    converted = _converted(_write(tmp_path, {"app.py": FACTORY, "wsgi.py": wsgi}))
    assert "rules = create_app().state.flask_app.url_map" in converted["wsgi.py"]
