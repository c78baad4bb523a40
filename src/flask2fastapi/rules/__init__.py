"""The rules, in the order they run at every node. The order is explicit and matters:

1. ``app_object`` turns ``Flask()`` into ``FastAPI()`` and reports Flask-only app API;
2. ``config`` turns ``app.config`` into a dict on ``app.state`` (after ``app_object``, which
   reports the app attributes no rule converts);
3. ``blueprints`` turns blueprints into routers and registrations into ``include_router``;
4. ``errors`` turns error handlers into exception handlers (before ``responses``, which
   makes their returns Response objects);
5. ``routes`` converts route decorators and ``add_url_rule`` and annotates path parameters;
6. ``views`` registers each method of a class-based view (``MethodView``) as a route;
7. ``request_data`` turns what handlers read from ``request`` into typed parameters, and
   ``g``/``session``/``current_app`` into the request's state, session and app;
8. ``templates`` renders templates with ``Jinja2Templates`` and gives ``url_for``,
   ``redirect``, ``flash`` and ``send_file`` their FastAPI forms (before ``responses``, which
   sees the responses it makes);
9. ``responses`` rewrites what handlers return (it reads the decorators ``routes`` wrote);
10. ``login`` gives handlers Flask-Login's user as a dependency (after ``request_data``,
   whose parameters come first);
11. ``extensions`` replaces Flask extensions that have a FastAPI equivalent (CORS);
12. ``hooks`` hands responses to ``after_request`` hooks from an HTTP middleware (it may turn
   one function into two, so it leaves functions after every other rule);
13. ``testclient`` turns the project's tests to FastAPI's TestClient (test modules only);
14. ``imports`` runs last: it fixes imports once for everything the rules above asked for.
"""

from __future__ import annotations

from flask2fastapi.rules.app_object import AppObjectRule
from flask2fastapi.rules.base import FindingSpec, Rule
from flask2fastapi.rules.blueprints import BlueprintsRule
from flask2fastapi.rules.config import ConfigRule
from flask2fastapi.rules.errors import ErrorsRule
from flask2fastapi.rules.extensions import ExtensionsRule
from flask2fastapi.rules.hooks import HooksRule
from flask2fastapi.rules.imports import ImportsRule
from flask2fastapi.rules.login import LoginRule
from flask2fastapi.rules.pipeline import PIPELINE_FINDINGS
from flask2fastapi.rules.request_data import RequestDataRule
from flask2fastapi.rules.responses import ResponsesRule
from flask2fastapi.rules.routes import RoutesRule
from flask2fastapi.rules.templates import TemplatesRule
from flask2fastapi.rules.testclient import TestClientRule
from flask2fastapi.rules.views import ViewsRule

RULES: tuple[type[Rule], ...] = (
    AppObjectRule,
    ConfigRule,
    BlueprintsRule,
    ErrorsRule,
    RoutesRule,
    ViewsRule,
    RequestDataRule,
    TemplatesRule,
    ResponsesRule,
    LoginRule,
    ExtensionsRule,
    HooksRule,
    TestClientRule,
    ImportsRule,
)


def all_findings() -> list[tuple[str, FindingSpec]]:
    """Every finding code, with the rule that raises it, sorted by code."""
    pairs = [("pipeline", spec) for spec in PIPELINE_FINDINGS]
    pairs += [(rule.name, spec) for rule in RULES for spec in rule.FINDINGS]
    return sorted(pairs, key=lambda pair: pair[1].code)


__all__ = ["RULES", "all_findings"]
