"""Routes: ``@app.route``, ``@app.get``/``post``/..., ``app.add_url_rule`` and path converters.

Follows FastAPI's "Path Parameters" and "Path Operation Configuration" docs: one
decorator per HTTP method (``@app.get``), ``@app.api_route(..., methods=[...])`` for
several, ``app.add_api_route()`` for imperative registration, and the endpoint name
kept as the route ``name`` so ``url_path_for``/``url_for`` resolve it.

Flask's converters become Starlette path convertors (``<int:id>`` -> ``{id:int}``) and
the handler's parameter gets the matching annotation, so a URL Flask did not match is
still a 404 (not a 422) and the handler receives the same Python type.

Refuses, and reports: custom converters and converter arguments (no Starlette
equivalent), ``defaults=``, ``subdomain=``/``host=``/``redirect_to=``, rules that are
not string literals, class-based views, and ``.route`` on objects that are not a
Flask app of this project. Warns where an answer changes: ``strict_slashes=False``
(FastAPI redirects instead of answering both forms), ``<float:x>`` (Starlette's float
also matches ``3``), ``<any(...):x>`` (matches any segment).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import libcst as cst

from flask2fastapi.discovery import is_test_module
from flask2fastapi.hotspots import Sees
from flask2fastapi.index import ViewClassFact
from flask2fastapi.report import Severity
from flask2fastapi.rules.base import FileContext, FindingSpec, Rule
from flask2fastapi.rules.nodes import (
    dotted,
    dotted_name,
    find_arg,
    keyword,
    replace,
    string_literal,
    string_value,
    with_commas,
)

CUSTOM_CONVERTER = FindingSpec(
    "F2F201",
    "custom-converter",
    Severity.MANUAL,
    "`<{converter}:{name}>` uses a converter FastAPI does not know; it now matches any segment.",
    "Register a Starlette convertor (starlette.convertors.register_url_convertor) and use "
    "`{{{name}:<convertor>}}`, or validate `{name}` in the handler.",
)
CONVERTER_ARGUMENTS = FindingSpec(
    "F2F202",
    "converter-arguments",
    Severity.WARNING,
    "The arguments of `<{converter}({arguments}):{name}>` are not enforced by `{{{name}}}`.",
    "Check them in the handler (raise HTTPException(404)) or register a convertor.",
)
FLASK_CONVERTOR = FindingSpec(
    "F2F203",
    "flask-convertor",
    Severity.INFO,
    "Added the Starlette convertor `{key}`: it matches exactly what Flask's `<{converter}>` "
    "matched (Starlette's own would not).",
    "Keep it, or use a plain Starlette convertor if the difference does not matter to clients.",
)
STRICT_SLASHES = FindingSpec(
    "F2F205",
    "strict-slashes",
    Severity.WARNING,
    "strict_slashes=False was dropped: FastAPI redirects the other form (307) instead of "
    "answering it.",
    "Register both paths if clients call both, or rely on the redirect.",
)
ROUTE_DEFAULTS = FindingSpec(
    "F2F206",
    "route-defaults",
    Severity.MANUAL,
    "defaults={defaults} was dropped: FastAPI reads missing parameters from the query string.",
    "Give the handler's parameters these defaults and make sure no query parameter overrides "
    "them (e.g. a separate handler per path).",
)
DEFAULTS_APPLIED = FindingSpec(
    "F2F212",
    "route-defaults-applied",
    Severity.WARNING,
    "defaults={defaults} became parameter defaults: on the path without them, FastAPI also "
    "accepts them from the query string.",
    "Fine for most clients; use a separate handler per path if the query must not override them.",
)
ROUTE_OPTION = FindingSpec(
    "F2F207",
    "route-option",
    Severity.MANUAL,
    "The route option `{option}` has no FastAPI equivalent; the route was left as it was.",
    "Rewrite this route by hand ({advice}).",
)
DYNAMIC_RULE = FindingSpec(
    "F2F208",
    "dynamic-rule",
    Severity.MANUAL,
    "The URL rule is not a string literal, so its converters could not be translated.",
    "Use a literal path with FastAPI syntax (`/items/{{id:int}}`).",
)
VIEW_NOT_CONVERTED = FindingSpec(
    "F2F209",
    "view-not-converted",
    Severity.MANUAL,
    "add_url_rule() was left as it was: {reason}.",
    "{advice}",
)
ENDPOINT_ALIAS = FindingSpec(
    "F2F216",
    "endpoint-alias",
    Severity.INFO,
    "add_url_rule() without a view only named the URL for url_for('{endpoint}'): a route of "
    "that name keeps the name; the route registered first for the URL still answers it.",
    "Use the name of the route that answers the URL in url_for() calls, then remove this.",
)
SHADOWING_ROUTE = FindingSpec(
    "F2F217",
    "shadowing-route",
    Severity.MANUAL,
    "`{rule}` is declared before `{later}`, which it also matches: FastAPI tries routes in "
    "the order they are declared, so this route answers `{later}` too; Flask tried the rule "
    "with fewer variable parts first.",
    "Declare the route for `{later}` before this one.",
)
UNKNOWN_ROUTER = FindingSpec(
    "F2F210",
    "unknown-router",
    Severity.MANUAL,
    "`@{owner}.{method}(...)` was not converted: `{owner}` is not a Flask app this project "
    "creates.",
    "{advice}",
)
AUTOMATIC_OPTIONS = FindingSpec(
    "F2F211",
    "automatic-options",
    Severity.INFO,
    "provide_automatic_options was dropped: FastAPI answers OPTIONS only where declared.",
    "Add OPTIONS to the methods if clients rely on it (CORSMiddleware answers preflights).",
)

ROUTE_METHODS = frozenset({"route", "get", "post", "put", "patch", "delete"})
FASTAPI_ROUTE_METHODS = frozenset({"get", "post", "put", "patch", "delete", "api_route"})
_UNSUPPORTED_OPTIONS = {
    "subdomain": "mount a sub-application per host or inspect request.url.hostname",
    "host": "mount a sub-application per host or inspect request.url.hostname",
    "redirect_to": "return RedirectResponse(...) from a handler",
    "websocket": "use @app.websocket",
    "merge_slashes": "normalise the path in a middleware",
    "build_only": "drop the route, or keep a name for url_path_for with a plain handler",
    "alias": "register the path twice",
}
_CONVERTER_RE = re.compile(
    r"<(?:(?P<conv>[a-zA-Z_][a-zA-Z0-9_]*)(?:\((?P<args>[^)]*)\))?:)?(?P<var>[a-zA-Z_]\w*)>"
)
_ANNOTATIONS = {
    "string": "str",
    "default": "str",
    "path": "str",
    "any": "str",
    "int": "int",
    "float": "float",
    "uuid": "uuid.UUID",
}
_CONVERTORS = {"int": "int", "float": "float", "path": "path", "uuid": "uuid"}


@dataclass
class PathPlan:
    """A Flask rule translated to a FastAPI path."""

    path: str
    params: dict[str, str] = field(default_factory=dict)
    # Starlette convertors the path needs beyond the built-in ones: key -> instance code
    convertors: dict[str, str] = field(default_factory=dict)
    problems: list[tuple[FindingSpec, dict[str, Any]]] = field(default_factory=list)


def convert_rule(rule: str) -> PathPlan:
    plan = PathPlan(path="")
    parts: list[str] = []
    last = 0
    for match in _CONVERTER_RE.finditer(rule):
        parts.append(rule[last : match.start()])
        last = match.end()
        converter = match.group("conv") or "default"
        arguments = match.group("args")
        name = match.group("var")
        convertor = _CONVERTORS.get(converter)
        parts.append(f"{{{name}:{convertor}}}" if convertor else f"{{{name}}}")
        plan.params.setdefault(name, _ANNOTATIONS.get(converter, "str"))
        values = {"converter": converter, "name": name, "arguments": arguments or ""}
        if converter not in _ANNOTATIONS:
            plan.problems.append((CUSTOM_CONVERTER, values))
        elif converter == "any":
            choices = [c.strip().strip("'\"") for c in (arguments or "").split(",") if c.strip()]
            key = "flask_any_" + "_".join(re.sub(r"\W", "_", c) for c in choices)
            pattern = "|".join(map(re.escape, choices))
            literal = f'r"{pattern}"' if "\\" in pattern else f'"{pattern}"'
            plan.convertors[key] = f"FlaskAnyConvertor({literal})"
            parts[-1] = f"{{{name}:{key}}}"
        elif arguments:
            plan.problems.append((CONVERTER_ARGUMENTS, values))
        elif converter == "float":
            plan.convertors["flask_float"] = "FlaskFloatConvertor()"
            parts[-1] = f"{{{name}:flask_float}}"
    parts.append(rule[last:])
    plan.path = "".join(parts)
    return plan


def plan_handlers(ctx: FileContext) -> None:
    """Fill ``ctx.handlers`` with the functions of this module that serve routes."""
    facts = ctx.index.modules.get(ctx.module)
    rules: dict[str, list[str]] = {}
    if facts is not None:
        for route in facts.routes:
            if (
                route.owner in ctx.router_names
                and route.view
                and "." not in route.view
                and route.rule is not None
                and not route.class_view
            ):
                rules.setdefault(route.view, []).append(route.rule)
    for view in ctx.index.external_views(ctx.module).values():
        rules.setdefault(view.function, []).extend(view.rules)
    # class-based views: each view function is a handler, keyed ``Class.method``
    view_classes = facts.view_classes if facts is not None else {}
    for name, class_rules in ctx.index.class_view_rules(ctx.module).items():
        for method, owner in view_classes[name].methods.items():
            rules.setdefault(f"{owner}.{method}", []).extend(class_rules)
            if view_classes[name].resource:
                ctx.json_handlers.add(f"{owner}.{method}")
    for function, function_rules in rules.items():
        params: dict[str, str] = {}
        for rule in function_rules:
            for name, annotation in convert_rule(rule).params.items():
                params.setdefault(name, annotation)
        ctx.handlers[function] = params


def class_view_target(
    ctx: FileContext, call: cst.Call
) -> tuple[ViewClassFact, cst.Call | None, str | None] | None:
    """For ``owner.add_url_rule(..., view_func=Cls.as_view(...))`` or ``view_func=v`` (``v``
    a module-level ``Cls.as_view(...)``) on a Flask app or blueprint, with ``Cls`` a view
    class of the project: (its facts, the ``as_view`` call or None, the variable or None)."""
    func = call.func
    if not (isinstance(func, cst.Attribute) and func.attr.value == "add_url_rule"):
        return None
    owner = dotted_name(func.value)
    if owner is None or owner not in ctx.router_names:
        return None
    view_arg = find_arg(call, "view_func", 2)
    if view_arg is None:
        return None
    view = view_arg.value
    if (
        isinstance(view, cst.Call)
        and isinstance(view.func, cst.Attribute)
        and view.func.attr.value == "as_view"
    ):
        name = dotted_name(view.func.value)
        fact = ctx.index.view_class(ctx.module, name) if name else None
        return (fact, view, None) if fact is not None else None
    if isinstance(view, cst.Name):
        facts = ctx.index.modules.get(ctx.module)
        as_view = facts.as_views.get(view.value) if facts is not None else None
        fact = ctx.index.view_class(ctx.module, as_view.view_class) if as_view else None
        return (fact, None, view.value) if fact is not None else None
    return None


def _as_view_registration(ctx: FileContext, call: cst.Call) -> bool:
    """Whether add_url_rule's view is ``X.as_view(...)`` or a variable holding one."""
    view_arg = find_arg(call, "view_func", 2)
    view = view_arg.value if view_arg is not None else None
    if isinstance(view, cst.Call):
        return isinstance(view.func, cst.Attribute) and view.func.attr.value == "as_view"
    facts = ctx.index.modules.get(ctx.module)
    return isinstance(view, cst.Name) and facts is not None and view.value in facts.as_views


def _methods(node: cst.BaseExpression) -> list[str] | None:
    if isinstance(node, cst.List | cst.Tuple | cst.Set):
        values = [string_value(e.value) for e in node.elements]
        if all(v is not None for v in values):
            out: list[str] = []
            for value in values:
                if value and value.upper() not in out:
                    out.append(value.upper())
            return out
    return None


def _methods_list(methods: list[str]) -> cst.List:
    return cst.List(
        [
            cst.Element(
                cst.SimpleString(f'"{m}"'),
                comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
                if i < len(methods) - 1
                else cst.MaybeSentinel.DEFAULT,
            )
            for i, m in enumerate(methods)
        ]
    )


_NARROW_CONVERTERS = {"int": str.isdigit, "float": lambda text: text.replace(".", "", 1).isdigit()}


def _segment_matches(variable: str, text: str) -> bool:
    """Whether the rule segment ``<converter:name>`` can match the static segment ``text``."""
    converter = variable.strip("<>").partition(":")[0] if ":" in variable else "string"
    check = _NARROW_CONVERTERS.get(converter.partition("(")[0])
    if converter.startswith("uuid"):
        return False
    return check(text) if check else True


def shadowed_routes(routes: list[Any]) -> dict[tuple[str, str], str]:
    """``(owner, rule)`` of each route declared before a more static one of the same owner
    it also matches (``/items/<name>`` before ``/items/latest``), with that later rule."""
    found: dict[tuple[str, str], str] = {}
    for index, first in enumerate(routes):
        if not first.rule or "<" not in first.rule or "<path:" in first.rule:
            continue
        head = first.rule.strip("/").split("/")
        for later in routes[index + 1 :]:
            if later.owner != first.owner or not later.rule or later.rule == first.rule:
                continue
            if set(first.methods or ["GET"]).isdisjoint(later.methods or ["GET"]):
                continue
            tail = later.rule.strip("/").split("/")
            if len(tail) != len(head):
                continue
            pairs = list(zip(head, tail, strict=True))
            if all(
                a == b
                or ("<" in a and "<" not in b and _segment_matches(a, b))
                or ("<" in a and "<" in b)
                for a, b in pairs
            ) and any("<" in a and "<" not in b for a, b in pairs):
                found.setdefault((first.owner, first.rule), later.rule)
    return found


def route_call_form(call: cst.Call, routers: set[str]) -> cst.Call | None:
    """``owner.route(rule, **options)(view)`` as the ``owner.add_url_rule(rule,
    view_func=view, **options)`` call it means, when ``owner`` is an app or blueprint."""
    inner = call.func
    if not (
        isinstance(inner, cst.Call)
        and isinstance(inner.func, cst.Attribute)
        and inner.func.attr.value == "route"
        and dotted_name(inner.func.value) in routers
        and len(call.args) == 1
        and call.args[0].keyword is None
        and not call.args[0].star
    ):
        return None
    rule = find_arg(inner, "rule", 0)
    if rule is None:
        return None
    options = [a for a in inner.args if a is not rule]
    arguments = [
        cst.Arg(rule.value),
        keyword("view_func", call.args[0].value),
        *[replace(a, comma=cst.MaybeSentinel.DEFAULT) for a in options],
    ]
    return cst.Call(
        func=inner.func.with_changes(attr=cst.Name("add_url_rule")),
        args=with_commas(arguments),
    )


class RoutesRule(Rule):
    name = "routes"
    SEES = Sees.FLASK_NAMES | Sees.ROUTERS | Sees.HANDLERS
    SEES_ATTRIBUTES = frozenset({"route", "add_url_rule"})
    summary = "@app.route / add_url_rule -> @app.get/post/... / add_api_route; path converters."
    FINDINGS = (
        CUSTOM_CONVERTER,
        CONVERTER_ARGUMENTS,
        FLASK_CONVERTOR,
        STRICT_SLASHES,
        ROUTE_DEFAULTS,
        ROUTE_OPTION,
        DYNAMIC_RULE,
        VIEW_NOT_CONVERTED,
        UNKNOWN_ROUTER,
        AUTOMATIC_OPTIONS,
        DEFAULTS_APPLIED,
        ENDPOINT_ALIAS,
        SHADOWING_ROUTE,
    )

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self._pending_defaults: list[cst.Dict] = []  # defaults= of the function being left
        facts = ctx.index.modules.get(ctx.module)
        self._shadowed = shadowed_routes(facts.routes) if facts is not None else {}
        self._route_aliases = dict(facts.route_aliases) if facts is not None else {}

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> cst.BaseStatement | cst.RemovalSentinel:
        """``route = app.route`` goes: its decorators are the app's routes now."""
        if len(updated.body) != 1 or not isinstance(updated.body[0], cst.Assign):
            return updated
        assign = updated.body[0]
        target = assign.targets[0].target if len(assign.targets) == 1 else None
        if (
            isinstance(target, cst.Name)
            and target.value in self._route_aliases
            and isinstance(assign.value, cst.Attribute)
            and assign.value.attr.value == "route"
            and self._route_aliases[target.value] in self.ctx.router_names
        ):
            return cst.RemovalSentinel.REMOVE
        return updated

    # -- decorators -------------------------------------------------------------------------

    def leave_FunctionDef(
        self, original: cst.FunctionDef, updated: cst.FunctionDef
    ) -> cst.FunctionDef:
        decorators = [self._decorator(d, updated.name.value) for d in updated.decorators]
        if any(new is not old for new, old in zip(decorators, updated.decorators, strict=True)):
            updated = replace(updated, decorators=decorators)
        if self._pending_defaults:
            updated = self._apply_defaults(updated, self._pending_defaults)
            self._pending_defaults = []
        params = self.ctx.handlers.get(self.ctx.handler_key(original))
        if params:
            updated = self._annotate(updated, params)
        return updated

    def _apply_defaults(self, function: cst.FunctionDef, dicts: list[cst.Dict]) -> cst.FunctionDef:
        """Flask's ``defaults={...}`` as parameter defaults, where the signature allows it."""
        values: dict[str, cst.BaseExpression] = {}
        for mapping in dicts:
            for element in mapping.elements:
                assert isinstance(element, cst.DictElement)
                values.setdefault(string_value(element.key) or "", element.value)
        text = ", ".join(cst.Module([]).code_for_node(d) for d in dicts)
        params = [
            replace(p, default=values[p.name.value])
            if p.name.value in values and p.default is None
            else p
            for p in function.params.params
        ]
        seen_default = False
        valid = True
        for param in params:
            seen_default = seen_default or param.default is not None
            valid = valid and (param.default is not None or not seen_default)
        names = {p.name.value for p in params}
        if not valid or not set(values) <= names:
            self.ctx.report(ROUTE_DEFAULTS, defaults=text)
            return function
        self.ctx.report(DEFAULTS_APPLIED, defaults=text)
        function = replace(function, params=replace(function.params, params=params))
        return self._mark_defaults(function, values)

    def _mark_defaults(
        self, function: cst.FunctionDef, values: dict[str, cst.BaseExpression]
    ) -> cst.FunctionDef:
        """``@web_compat.rule_defaults(page=1)`` under the route decorators when another
        route of the handler has ``{page}`` in its path: url_for() then picks the path
        Flask built (``url_for("pages", page=1)`` is ``/pages/``, not ``/pages/1``)."""
        last, in_paths = -1, set()
        for position, decorator in enumerate(function.decorators):
            route = decorator.decorator
            if not (
                isinstance(route, cst.Call)
                and isinstance(route.func, cst.Attribute)
                and route.func.attr.value in FASTAPI_ROUTE_METHODS
                and route.args
                and route.args[0].keyword is None
            ):
                continue
            last = position
            path = string_value(route.args[0].value) or ""
            in_paths.update(re.findall(r"\{(\w+)(?::[^}]*)?\}", path))
        marked = [name for name in values if name in in_paths]
        if last < 0 or not marked:
            return function
        mark = cst.Call(
            func=dotted(self.ctx.support_reference("rule_defaults")),
            args=with_commas([keyword(name, values[name]) for name in marked]),
        )
        decorators = [*function.decorators]
        decorators.insert(last + 1, cst.Decorator(mark))
        return replace(function, decorators=decorators)

    def _decorator(self, decorator: cst.Decorator, function: str) -> cst.Decorator:
        call = decorator.decorator
        if (  # ``@route("/x")`` after ``route = app.route``
            isinstance(call, cst.Call)
            and isinstance(call.func, cst.Name)
            and call.func.value in self._route_aliases
        ):
            owner_node = dotted(self._route_aliases[call.func.value])
            call = call.with_changes(func=cst.Attribute(owner_node, cst.Name("route")))
        if not (
            isinstance(call, cst.Call)
            and isinstance(call.func, cst.Attribute)
            and call.func.attr.value in ROUTE_METHODS
        ):
            return decorator
        owner = dotted_name(call.func.value)
        method = call.func.attr.value
        if owner is None or owner not in self.ctx.router_names:
            facts = self.ctx.index.modules.get(self.ctx.module)
            converted = facts is not None and owner in facts.fastapi_apps
            # a test may declare routes on an ``app`` fixture: reported when it is converted
            testing = is_test_module(self.ctx.rel_path)
            if owner is not None and method == "route" and not converted and not testing:
                self._report_unknown(owner, method)
            return decorator
        new_call = self._convert_route_call(call, method, function, decorator_form=True)
        return decorator if new_call is None else replace(decorator, decorator=new_call)

    def _report_unknown(self, owner: str, method: str) -> None:
        facts = self.ctx.index.modules.get(self.ctx.module)
        blueprints = {b.var for b in facts.blueprints} if facts else set()
        advice = (
            "Convert the blueprint to an APIRouter (APIRouter(prefix=...)) and include it with "
            "app.include_router()."
            if owner in blueprints
            else "If it is a Flask app passed in as a parameter, convert this route by hand: "
            "@app.get(path) with {param:int} style paths."
        )
        self.ctx.report(UNKNOWN_ROUTER, owner=owner, method=method, advice=advice)

    # -- the shared conversion --------------------------------------------------------------

    def _endpoint_alias(self, call: cst.Call, rule: str, endpoint: cst.Arg) -> cst.Call | None:
        """``app.add_url_rule("/", endpoint="index")`` (no view): Flask only named the URL,
        for url_for(). A route of that name that answers 404 keeps the name; the route
        registered first for the same URL still answers it, as in Flask."""
        plan = convert_rule(rule)
        if plan.problems or plan.convertors or string_value(endpoint.value) is None:
            return None
        methods = find_arg(call, "methods")
        assert isinstance(call.func, cst.Attribute)
        self.ctx.report(ENDPOINT_ALIAS, endpoint=string_value(endpoint.value))
        arguments = [
            cst.Arg(string_literal(plan.path, endpoint.value)),
            cst.Arg(dotted(self.ctx.support_reference("endpoint_alias"))),
            keyword("name", endpoint.value),
            keyword(
                "methods",
                methods.value if methods is not None else cst.parse_expression('["GET"]'),
            ),
            keyword("include_in_schema", cst.Name("False")),
        ]
        return cst.Call(
            func=cst.Attribute(call.func.value, cst.Name("add_api_route")),
            args=with_commas(arguments),
        )

    def _convert_route_call(
        self,
        call: cst.Call,
        method: str,
        function: str | None,
        decorator_form: bool,
        view_label: str | None = None,
    ) -> cst.Call | None:
        """The FastAPI form of a route decorator or add_url_rule call, or None to leave it."""
        ctx = self.ctx
        rule_arg = find_arg(call, "rule", 0)
        rule = string_value(rule_arg.value) if rule_arg else None
        if rule_arg is None or rule is None:
            ctx.report(DYNAMIC_RULE)
            return None
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value in _UNSUPPORTED_OPTIONS:
                option = arg.keyword.value
                ctx.report(ROUTE_OPTION, option=option, advice=_UNSUPPORTED_OPTIONS[option])
                return None
            if arg.star:
                ctx.report(ROUTE_OPTION, option=arg.star, advice="pass the options explicitly")
                return None
        view_arg = None if decorator_form else find_arg(call, "view_func", 2)
        view_name = None
        if not decorator_form:
            endpoint_only = find_arg(call, "endpoint", 1)
            if (
                view_arg is None
                and endpoint_only is not None
                and isinstance(call.func, cst.Attribute)
            ):
                return self._endpoint_alias(call, rule, endpoint_only)
            if view_arg is None:
                ctx.report(
                    VIEW_NOT_CONVERTED,
                    reason="it has no view_func",
                    advice="Register the function with app.add_api_route(path, function).",
                )
                return None
            view_name = view_label or dotted_name(view_arg.value)
            if view_name is None:
                ctx.report(
                    VIEW_NOT_CONVERTED,
                    reason="its view is not a plain function (a class-based view?)",
                    advice="Register one route per HTTP method with app.add_api_route().",
                )
                return None
        plan = convert_rule(rule)
        for spec, values in plan.problems:
            ctx.report(spec, **values)
        for key, instance in plan.convertors.items():
            if key not in ctx.convertors:
                ctx.convertors[key] = instance
                converter = "float" if key == "flask_float" else "any(...)"
                ctx.report(FLASK_CONVERTOR, key=key, converter=converter)

        endpoint_arg = find_arg(call, "endpoint", None if decorator_form else 1)
        owner_name = dotted_name(call.func.value) if isinstance(call.func, cst.Attribute) else None
        later = self._shadowed.get((owner_name or "", rule))
        if later is not None:
            ctx.report(SHADOWING_ROUTE, rule=plan.path, later=convert_rule(later).path)
        facts = ctx.blueprints.get(owner_name or "")
        # Flask names a blueprint's endpoints "<blueprint>.<view>": keep that for url_for
        blueprint = facts.name if facts is not None else None
        methods_arg = find_arg(call, "methods")
        kept: list[cst.Arg] = []
        for _index, arg in enumerate(call.args):
            if arg is rule_arg:
                kept.append(replace(arg, value=string_literal(plan.path, arg.value)))
                continue
            if arg is view_arg or arg is methods_arg:
                continue
            if arg is endpoint_arg:
                endpoint = string_value(arg.value)
                target = function or (view_name.rpartition(".")[2] if view_name else None)
                if blueprint is not None and endpoint is not None:
                    kept.append(
                        keyword("name", string_literal(f"{blueprint}.{endpoint}", arg.value))
                    )
                elif endpoint is None or endpoint != target:
                    kept.append(keyword("name", arg.value).with_changes(comma=arg.comma))
                continue
            key = arg.keyword.value if arg.keyword else None
            if key == "strict_slashes":
                if not (isinstance(arg.value, cst.Name) and arg.value.value == "True"):
                    ctx.report(STRICT_SLASHES)
                continue
            if key == "defaults":
                if decorator_form and _literal_keys(arg.value):
                    self._pending_defaults.append(arg.value)  # type: ignore[arg-type]
                else:
                    ctx.report(ROUTE_DEFAULTS, defaults=cst.Module([]).code_for_node(arg.value))
                continue
            if key == "provide_automatic_options":
                ctx.report(AUTOMATIC_OPTIONS)
                continue
            kept.append(arg)

        new_method = method if method != "route" and decorator_form else "get"
        extra: list[cst.Arg] = []
        if methods_arg is not None:
            literal = _methods(methods_arg.value)
            if literal is None:
                new_method = "api_route"
                extra.append(keyword("methods", methods_arg.value))
            elif len(literal) == 1 and literal[0] in ("GET", "POST", "PUT", "PATCH", "DELETE"):
                new_method = literal[0].lower()
            else:
                new_method = "api_route"
                extra.append(keyword("methods", _methods_list(literal)))
        target = function or (view_name.rpartition(".")[2] if view_name else None)
        if blueprint is not None and endpoint_arg is None and target is not None:
            kept.append(keyword("name", string_literal(f"{blueprint}.{target}", kept[0].value)))
        args = [kept[0]]
        if not decorator_form and view_arg is not None:
            args.append(cst.Arg(view_arg.value))
        args.extend(extra)
        args.extend(kept[1:])
        if not decorator_form:
            if new_method != "get" and not extra:
                extra_methods = _methods_list([new_method.upper()])
                args.insert(2, keyword("methods", extra_methods))
            new_method = "add_api_route"
        ctx.routes_converted += 1
        assert isinstance(call.func, cst.Attribute)
        return replace(
            call,
            func=replace(call.func, attr=cst.Name(new_method)),
            args=with_commas(args),
        )

    def _annotate(self, function: cst.FunctionDef, params: dict[str, str]) -> cst.FunctionDef:
        def annotate(param: cst.Param) -> cst.Param:
            annotation = params.get(param.name.value)
            if annotation is None or param.annotation is not None:
                return param
            if annotation.startswith("uuid."):
                self.ctx.need("uuid")
            return replace(param, annotation=cst.Annotation(dotted(annotation)))

        new_params = replace(
            function.params,
            params=[annotate(p) for p in function.params.params],
            kwonly_params=[annotate(p) for p in function.params.kwonly_params],
        )
        return replace(function, params=new_params)

    # -- add_url_rule -----------------------------------------------------------------------

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        func = updated.func
        call_form = route_call_form(updated, self.ctx.router_names)
        if call_form is not None:  # ``app.route("/x")(view)``: add_url_rule("/x", view_func=view)
            new_call = self._convert_route_call(call_form, "route", None, decorator_form=False)
            return updated if new_call is None else new_call
        if not (isinstance(func, cst.Attribute) and func.attr.value == "add_url_rule"):
            return updated
        owner = dotted_name(func.value)
        if owner is None or owner not in self.ctx.router_names:
            return updated
        if class_view_target(self.ctx, original) is not None:
            return updated  # the views rule registers each method of the class
        if _as_view_registration(self.ctx, original):
            self.ctx.report(
                VIEW_NOT_CONVERTED,
                reason="its view is a class-based view that cannot be converted (decorators "
                "that are not a literal list, methods it does not serve, a computed "
                "methods=, or a class defined outside the project)",
                advice="Instantiate the class and register each view method with "
                "app.add_api_route(path, view.get, methods=[...], name=...).",
            )
            return updated
        new_call = self._convert_route_call(updated, "route", None, decorator_form=False)
        return updated if new_call is None else new_call

    # -- convertors Flask had and Starlette lacks -------------------------------------------

    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        if not self.ctx.convertors:
            return updated
        prelude = convertor_prelude(self.ctx)
        body = list(updated.body)
        position = 0
        for index, statement in enumerate(body):
            if isinstance(statement, cst.SimpleStatementLine) and all(
                isinstance(s, cst.Import | cst.ImportFrom) or _is_docstring_expr(s)
                for s in statement.body
            ):
                position = index + 1
            elif index > position:
                break
        body[position:position] = prelude
        return replace(updated, body=body)


_CONVERTOR_CLASSES = {
    "FlaskFloatConvertor": (
        "FloatConvertor",
        '''class FlaskFloatConvertor(FloatConvertor):
    """Flask's float converter: digits, a dot, digits (``3`` does not match)."""

    regex = r"[0-9]+\\.[0-9]+"
''',
    ),
    "FlaskAnyConvertor": (
        "StringConvertor",
        '''class FlaskAnyConvertor(StringConvertor):
    """Flask's any(...) converter: one of a fixed set of path segments."""

    def __init__(self, regex: str) -> None:
        self.regex = regex
''',
    ),
}


def convertor_prelude(ctx: FileContext) -> list[cst.BaseStatement]:
    """Class definitions and registrations for the convertors this module's routes use."""
    classes = [
        name
        for name in _CONVERTOR_CLASSES
        if any(instance.startswith(name + "(") for instance in ctx.convertors.values())
    ]
    ctx.need("starlette.convertors", "register_url_convertor")
    lines = []
    for name in classes:
        base, source = _CONVERTOR_CLASSES[name]
        ctx.need("starlette.convertors", base)
        lines.append(source)
    registrations = "".join(
        f'register_url_convertor("{key}", {instance})\n'
        for key, instance in sorted(ctx.convertors.items())
    )
    statements = list(cst.parse_module("\n\n".join(lines) + "\n\n" + registrations).body)
    blank = [cst.EmptyLine(), cst.EmptyLine()]
    statements[0] = replace(statements[0], leading_lines=blank)
    return statements


def _literal_keys(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Dict) and all(
        isinstance(e, cst.DictElement) and string_value(e.key) is not None for e in node.elements
    )


def _is_docstring_expr(small: cst.BaseSmallStatement) -> bool:
    return isinstance(small, cst.Expr) and isinstance(small.value, cst.SimpleString)
