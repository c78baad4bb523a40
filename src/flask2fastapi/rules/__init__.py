"""The rules, in the order they run at every node. The order is explicit and matters:

1. ``app_object`` turns ``Flask()`` into ``FastAPI()`` and reports Flask-only app API;
2. ``routes`` converts route decorators and ``add_url_rule`` and annotates path parameters;
3. ``request_data`` turns what handlers read from ``request`` into typed parameters;
4. ``responses`` rewrites what handlers return (it reads the decorators ``routes`` wrote);
5. ``imports`` runs last: it fixes imports once for everything the rules above asked for.
"""

from __future__ import annotations

from flask2fastapi.rules.app_object import AppObjectRule
from flask2fastapi.rules.base import FindingSpec, Rule
from flask2fastapi.rules.imports import ImportsRule
from flask2fastapi.rules.pipeline import PIPELINE_FINDINGS
from flask2fastapi.rules.request_data import RequestDataRule
from flask2fastapi.rules.responses import ResponsesRule
from flask2fastapi.rules.routes import RoutesRule

RULES: tuple[type[Rule], ...] = (
    AppObjectRule,
    RoutesRule,
    RequestDataRule,
    ResponsesRule,
    ImportsRule,
)


def all_findings() -> list[tuple[str, FindingSpec]]:
    """Every finding code, with the rule that raises it, sorted by code."""
    pairs = [("pipeline", spec) for spec in PIPELINE_FINDINGS]
    pairs += [(rule.name, spec) for rule in RULES for spec in rule.FINDINGS]
    return sorted(pairs, key=lambda pair: pair[1].code)


__all__ = ["RULES", "all_findings"]
