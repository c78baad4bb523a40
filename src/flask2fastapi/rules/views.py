"""Class-based views: ``MethodView`` / ``View`` subclasses -> a class whose methods are routes.

Flask turns a view class into one view function with ``Cls.as_view("name", *args)``; a
``MethodView`` answers each HTTP method with the method of that name (``get``, ``post``,
...), a ``View`` with ``dispatch_request``. FastAPI routes call functions, and a bound
method is one: the class stays (without its Flask base class), one instance is made
where Flask made the view function, and each of its view methods is registered with
``add_api_route`` under the endpoint name Flask used (``url_for`` keeps resolving):

    item_view = ItemAPI.as_view("item")              item_view = ItemAPI()
    app.add_url_rule("/items/<int:id>",        ->    app.add_api_route("/items/{id:int}",
                     view_func=item_view)                item_view.get, name="item")
                                                     app.add_api_route("/items/{id:int}",
                                                         item_view.delete, methods=["DELETE"],
                                                         name="item")

The methods are route handlers for the other rules (keyed ``Class.method``): their path
parameters get annotations, what they read from ``request`` becomes parameters and what
they return becomes FastAPI return values. The methods registered are those Flask
served: ``methods=`` of the registration, else the class's ``methods``, else the view
functions the class (or its view base classes in the module) defines. A literal
``decorators = [a, b]`` list wraps each endpoint as Flask wrapped the view (``b(a(...))``).

Differs from Flask, and reported (F2F213, info): one instance serves every request,
where Flask made one per request (state kept on ``self`` between requests would now be
shared); applied ``decorators`` must keep the signature (F2F214). Refuses, and the routes
rule reports (F2F209): a class whose ``decorators`` are not a literal list of names, or
with a registration asking for methods it does not serve (or computed ``methods=``), and
classes the project does not define. Such a class stays a Flask view everywhere.
"""

from __future__ import annotations

import keyword as python_keyword
import re

import libcst as cst

from flask2fastapi.hotspots import Sees
from flask2fastapi.index import HTTP_METHODS, ViewClassFact
from flask2fastapi.report import Severity
from flask2fastapi.rules.base import FileContext, FindingSpec, Rule
from flask2fastapi.rules.nodes import call as make_call
from flask2fastapi.rules.nodes import dotted, dotted_name, find_arg, keyword, replace, string_value
from flask2fastapi.rules.routes import VIEW_NOT_CONVERTED, RoutesRule, class_view_target

CLASS_VIEW = FindingSpec(
    "F2F213",
    "class-view",
    Severity.INFO,
    "`{cls}` is a plain class now: each of its view methods ({methods}) is a route of one "
    "shared instance, where Flask made an instance per request.",
    "Keep per-request state in local variables, not on `self`, or build it in a dependency.",
)
DECORATORS_APPLIED = FindingSpec(
    "F2F214",
    "class-view-decorators-applied",
    Severity.WARNING,
    "`{cls}.decorators` ({names}) now wrap each method's endpoint, as Flask wrapped the view.",
    "FastAPI reads the parameters from the wrapper's signature: each decorator must keep it "
    "(functools.wraps), and must not read Flask's request.",
)


_RESOURCES = frozenset({"flask_restful.Resource", "flask_restx.Resource"})


def _identifier(endpoint: str) -> str:
    name = re.sub(r"\W", "_", endpoint).strip("_") or "class"
    if name[0].isdigit() or python_keyword.iskeyword(name):
        name = "_" + name
    return f"{name}_view"


def _statement(node: cst.BaseSmallStatement) -> cst.SimpleStatementLine:
    return cst.SimpleStatementLine([node])


API_REMOVED = FindingSpec(
    "F2F215",
    "restful-api-removed",
    Severity.INFO,
    "`{api}` (a Flask-RESTful Api) was removed: its resources are routes of the app or "
    "blueprint now, and their return values are JSON as before.",
    'Error bodies follow FastAPI ({{"detail": ...}}); Flask-RESTful answered {{"message": ...}}.',
)


class ViewsRule(Rule):
    name = "views"
    SEES = Sees.FLASK_NAMES | Sees.ROUTERS | Sees.HANDLERS
    SEES_ATTRIBUTES = frozenset({"add_url_rule", "add_resource", "as_view"})
    summary = "MethodView/View classes + add_url_rule(view_func=X.as_view(...)) -> add_api_route."
    FINDINGS = (CLASS_VIEW, DECORATORS_APPLIED, API_REMOVED)

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self._routes = RoutesRule(ctx)  # the shared route conversion
        self._removed_api = False  # ``api = Api(app)`` was removed ...
        self._api_reported = False  # ... and reported at its first add_resource()
        facts = ctx.index.modules.get(ctx.module)
        self._classes = facts.view_classes if facts is not None else {}
        registered = ctx.index.class_view_rules(ctx.module)
        # classes that lose their Flask base: registered ones and the view classes they extend
        self.active = bool(
            facts is not None
            and (
                facts.view_classes
                or facts.as_views
                or facts.apis
                or any(route.class_view for route in facts.routes)
            )
        )
        self._converted: set[str] = set(registered)
        for name in registered:
            self._converted.update(self._classes[name].ancestors)

    # -- the class ------------------------------------------------------------------------

    def leave_ClassDef(self, original: cst.ClassDef, updated: cst.ClassDef) -> cst.ClassDef:
        name = updated.name.value
        if name not in self._converted or self.ctx.function_stack:
            return updated
        bases = [
            b
            for b in updated.bases
            if not self.ctx.is_flask(b.value, "views.MethodView", "views.View")
            and self.ctx.qualname(b.value) not in _RESOURCES
        ]
        if len(bases) == len(updated.bases):
            return updated
        for base in updated.bases:
            if base not in bases:
                self.ctx.dropped(base.value)
        fact = self._classes[name]
        if name in self.ctx.index.class_view_rules(self.ctx.module):
            methods = ", ".join(sorted(fact.methods)) or "none"
            self.ctx.report(CLASS_VIEW, cls=name, methods=methods)
        if bases:
            last = bases[-1]
            bases[-1] = replace(last, comma=cst.MaybeSentinel.DEFAULT)
            return replace(updated, bases=bases)
        return replace(
            updated, bases=[], lpar=cst.MaybeSentinel.DEFAULT, rpar=cst.MaybeSentinel.DEFAULT
        )

    # -- registrations ----------------------------------------------------------------------

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement]:
        if len(original.body) != 1:
            return updated
        small = original.body[0]
        if type(small) is cst.Assign and type(small.value) is cst.Call:
            if self._removable_api(small):
                self.ctx.dropped(small.value.func)  # type: ignore[attr-defined]
                self._removed_api = True
                return cst.RemovalSentinel.REMOVE  # type: ignore[return-value]
            return self._as_view_assignment(small, updated)
        if type(small) is cst.Expr and type(small.value) is cst.Call:
            resource = self._resource_target(small.value)
            if resource is not None:
                return self._register_resource(small.value, resource, updated)
            return self._registration(small.value, updated)
        return updated

    # -- Flask-RESTful / Flask-RESTX -------------------------------------------------------

    def _removable_api(self, assign: cst.Assign) -> bool:
        """``api = Api(app)`` whose every use is an add_resource() this rule converts."""
        facts = self.ctx.index.modules.get(self.ctx.module)
        target = assign.targets[0].target if len(assign.targets) == 1 else None
        if facts is None or not isinstance(target, cst.Name) or target.value not in facts.apis:
            return False
        if facts.api_other_uses or self.ctx.function_stack:
            return False
        return all(
            self.ctx.index.view_class(self.ctx.module, route.view or "") is not None
            for route in facts.routes
            if route.via == "add_resource"
        )

    def _resource_target(self, call: cst.Call) -> tuple[ViewClassFact, str] | None:
        """(the resource class, the app or blueprint) for ``api.add_resource(Cls, ...)``."""
        func = call.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == "add_resource"):
            return None
        facts = self.ctx.index.modules.get(self.ctx.module)
        api = dotted_name(func.value)
        if facts is None or api not in facts.apis or not call.args:
            return None
        name = dotted_name(call.args[0].value)
        fact = self.ctx.index.view_class(self.ctx.module, name) if name else None
        owner = facts.apis[api]
        if fact is None or owner not in self.ctx.router_names:
            return None
        return fact, owner

    def _register_resource(
        self,
        call: cst.Call,
        target: tuple[ViewClassFact, str],
        updated: cst.SimpleStatementLine,
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement]:
        """``api.add_resource(Todo, "/a", "/b", endpoint="todo")`` -> ``todo_view = Todo()`` and
        a route per URL and method on the app or blueprint the Api served."""
        fact, owner = target
        if self._removed_api and not self._api_reported:
            self._api_reported = True
            self.ctx.report(API_REMOVED, api=dotted_name(call.func.value))  # type: ignore[attr-defined]
        endpoint_arg = find_arg(call, "endpoint")
        endpoint = endpoint_arg.value if endpoint_arg is not None else None
        label = string_value(endpoint) if endpoint is not None else None
        label = label or fact.name.lower()
        if endpoint is None:
            endpoint = cst.SimpleString(f'"{label}"')
        variable = _identifier(label)
        statements: list[cst.BaseStatement] = [
            _statement(
                cst.Assign(
                    [cst.AssignTarget(cst.Name(variable))], cst.Call(func=cst.Name(fact.name))
                )
            )
        ]
        add_url_rule = cst.Attribute(dotted(owner), cst.Name("add_url_rule"))
        for url in [a for a in call.args[1:] if a.keyword is None]:
            registration = cst.Call(
                func=add_url_rule, args=[replace(url, comma=cst.MaybeSentinel.DEFAULT)]
            )
            converted = self._routes_for(fact, registration, variable, endpoint, url, [])
            if converted is None:
                return updated
            statements.extend(converted)
        self.ctx.dropped(call.func)
        statements[0] = replace(statements[0], leading_lines=updated.leading_lines)  # type: ignore[type-var]
        return cst.FlattenSentinel(statements)

    def _as_view_assignment(
        self, assign: cst.Assign, updated: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine:
        """``v = Cls.as_view("name", *args)`` -> ``v = Cls(*args)`` for a converted class."""
        call = assign.value
        assert isinstance(call, cst.Call)
        func = call.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == "as_view"):
            return updated
        fact = self._view_class(func.value)
        if fact is None or self.ctx.function_stack:
            return updated
        return replace(updated, body=[replace(assign, value=self._instance(call))])

    def _registration(
        self, call: cst.Call, updated: cst.SimpleStatementLine
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement]:
        target = class_view_target(self.ctx, call)
        if target is None:
            return updated
        fact, as_view, variable = target
        statements: list[cst.BaseStatement] = []
        endpoint_arg = find_arg(call, "endpoint", 1)
        endpoint = None
        if as_view is not None:
            name_arg = find_arg(as_view, "name", 0)
            endpoint = name_arg.value if name_arg is not None else None
            variable = _identifier(_literal(name_arg.value) if name_arg else fact.name)
            assign = cst.Assign([cst.AssignTarget(cst.Name(variable))], self._instance(as_view))
            statements.append(_statement(assign))
        else:
            facts = self.ctx.index.modules.get(self.ctx.module)
            known = facts.as_views.get(variable or "") if facts is not None else None
            if known is not None and known.endpoint is not None:
                endpoint = cst.SimpleString(f'"{known.endpoint}"')
        if endpoint_arg is not None:
            endpoint = endpoint_arg.value
        assert variable is not None
        rule = find_arg(call, "rule", 0)
        options = [
            a
            for a in call.args
            if a.keyword is not None
            and a.keyword.value not in ("rule", "endpoint", "view_func", "methods")
        ]
        routes = self._routes_of(fact, call)
        if rule is None or not routes:
            self.ctx.report(
                VIEW_NOT_CONVERTED,
                reason=f"the view class `{fact.name}` serves none of the methods asked for",
                advice="Register each method with app.add_api_route(path, view.method).",
            )
            return updated
        converted = self._routes_for(fact, call, variable, endpoint, rule, options)
        if converted is None:
            return updated
        statements.extend(converted)
        first = statements[0]
        statements[0] = replace(first, leading_lines=updated.leading_lines)  # type: ignore[type-var]
        return cst.FlattenSentinel(statements)

    def _routes_for(
        self,
        fact: ViewClassFact,
        call: cst.Call,
        variable: str,
        endpoint: cst.BaseExpression | None,
        rule: cst.Arg,
        options: list[cst.Arg],
    ) -> list[cst.BaseStatement] | None:
        """One ``add_api_route`` statement per view method the registration serves."""
        if fact.decorators:
            self.ctx.report(DECORATORS_APPLIED, cls=fact.name, names=", ".join(fact.decorators))
        out: list[cst.BaseStatement] = []
        for method, allowed in self._routes_of(fact, call):
            view: cst.BaseExpression = dotted(f"{variable}.{method}")
            for decorator in fact.decorators or []:
                view = make_call(decorator, cst.Arg(view))
            args = [replace(rule, keyword=None, equal=cst.MaybeSentinel.DEFAULT)]
            if endpoint is not None:
                args.append(keyword("endpoint", endpoint))
            args.append(keyword("view_func", view))
            args.append(keyword("methods", _string_list(allowed)))
            args.extend(options)
            converted = self._routes._convert_route_call(
                replace(call, args=args), "route", None, False, view_label=method
            )
            if converted is None:
                return None
            out.append(_statement(cst.Expr(converted)))
        return out

    # -- helpers ----------------------------------------------------------------------------

    def _view_class(self, node: cst.BaseExpression) -> ViewClassFact | None:
        name = dotted_name(node)
        return self.ctx.index.view_class(self.ctx.module, name) if name else None

    @staticmethod
    def _instance(as_view: cst.Call) -> cst.Call:
        """``Cls.as_view("name", *args, **kwargs)`` -> ``Cls(*args, **kwargs)``."""
        assert isinstance(as_view.func, cst.Attribute)
        name_arg = find_arg(as_view, "name", 0)
        args = [a for a in as_view.args if a is not name_arg]
        if args:
            args[-1] = replace(args[-1], comma=cst.MaybeSentinel.DEFAULT)
        return cst.Call(func=as_view.func.value, args=args)

    @staticmethod
    def _routes_of(fact: ViewClassFact, call: cst.Call) -> list[tuple[str, list[str]]]:
        """(view method, HTTP methods) for each route the registration makes."""
        methods_arg = find_arg(call, "methods")
        allowed: list[str] | None = None
        if methods_arg is not None:
            allowed = _literal_methods(methods_arg.value)
            if allowed is None:
                return []
        allowed = allowed or fact.allowed
        if fact.kind == "view":
            if "dispatch_request" not in fact.methods:
                return []
            return [("dispatch_request", allowed or ["GET"])]
        defined = [m for m in HTTP_METHODS if m in fact.methods]
        if allowed is not None:
            defined = [m for m in defined if m.upper() in allowed]
        return [(m, [m.upper()]) for m in defined]


def _literal(node: cst.BaseExpression) -> str:
    return string_value(node) or "class"


def _literal_methods(node: cst.BaseExpression) -> list[str] | None:
    if not isinstance(node, cst.List | cst.Tuple | cst.Set):
        return None
    values = [string_value(e.value) for e in node.elements]
    if not all(values):
        return None
    return [v.upper() for v in values if v]


def _string_list(values: list[str]) -> cst.List:
    return cst.parse_expression("[" + ", ".join(f'"{v}"' for v in values) + "]")  # type: ignore[return-value]
