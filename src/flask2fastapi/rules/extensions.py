"""Flask extensions: ``flask_cors.CORS(app, ...)`` -> ``CORSMiddleware``.

Follows FastAPI's "CORS (Cross-Origin Resource Sharing)" docs: the app gets
``app.add_middleware(CORSMiddleware, ...)`` with flask-cors's options translated
(``origins`` -> ``allow_origins``, ``methods`` -> ``allow_methods``, ``allow_headers``,
``expose_headers``, ``supports_credentials`` -> ``allow_credentials``, ``max_age``) and
flask-cors's defaults made explicit (every origin, method and header). Preflight and
simple requests are answered as before; with the default ``"*"`` origins, Starlette
answers ``Access-Control-Allow-Origin: *`` where flask-cors echoed the request's origin
(both allow the request; reported as info).

Refuses, and reports: per-path ``resources=`` configurations, options with no middleware
equivalent, ``CORS()`` bound to a variable (``cors.init_app(app)`` later), and
``@cross_origin`` on single views.
"""

from __future__ import annotations

import libcst as cst

from flask2fastapi.hotspots import Sees
from flask2fastapi.report import Severity
from flask2fastapi.rules.base import FileContext, FindingSpec, Rule
from flask2fastapi.rules.nodes import call, dotted_name, keyword, string_value

CORS_CONVERTED = FindingSpec(
    "F2F801",
    "cors-middleware",
    Severity.INFO,
    "CORS(app) became CORSMiddleware; with every origin allowed, it answers "
    "`Access-Control-Allow-Origin: *` where flask-cors echoed the request's origin.",
    "List the origins in allow_origins if clients need their origin echoed back.",
)
CORS_LEFT = FindingSpec(
    "F2F802",
    "cors-left",
    Severity.MANUAL,
    "flask-cors was left as it was: {reason}.",
    "Add app.add_middleware(CORSMiddleware, allow_origins=[...], allow_methods=[...], "
    "allow_headers=[...]) (from fastapi.middleware.cors import CORSMiddleware).",
)

_OPTIONS = {
    "origins": "allow_origins",
    "methods": "allow_methods",
    "allow_headers": "allow_headers",
    "expose_headers": "expose_headers",
    "supports_credentials": "allow_credentials",
    "max_age": "max_age",
}
_LISTS = ("origins", "methods", "allow_headers", "expose_headers")


def _star() -> cst.List:
    return cst.List([cst.Element(cst.SimpleString('"*"'))])


REQPARSE = FindingSpec(
    "F2F806",
    "reqparse",
    Severity.MANUAL,
    "`{parser}.parse_args()` reads Flask's request through Flask-RESTful's reqparse; it "
    "fails in FastAPI. Its arguments: {arguments}.",
    "Declare each argument as a parameter of the handler (Query(...), Body(...) or "
    "Form(...) with the type and default add_argument gave it), or one Pydantic model.",
)


class ExtensionsRule(Rule):
    name = "extensions"
    SEES = Sees.FLASK_NAMES | Sees.ROUTERS
    SEES_ATTRIBUTES = frozenset({"add_argument", "parse_args"})
    summary = "flask_cors.CORS(app) -> app.add_middleware(CORSMiddleware, ...)."
    FINDINGS = (CORS_CONVERTED, CORS_LEFT, REQPARSE)

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self._parsers: dict[str, list[str]] = {}  # RequestParser variables -> argument names

    def visit_Assign(self, node: cst.Assign) -> None:
        value = node.value
        if (
            isinstance(value, cst.Call)
            and (self.ctx.qualname(value.func) or "").endswith("reqparse.RequestParser")
            and len(node.targets) == 1
        ):
            name = dotted_name(node.targets[0].target)
            if name:
                self._parsers[name] = []

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not isinstance(func, cst.Attribute):
            return
        owner = dotted_name(func.value)
        if owner not in self._parsers:
            return
        if func.attr.value == "add_argument" and node.args:
            name = string_value(node.args[0].value)
            self._parsers[owner].append(name or "?")
        elif func.attr.value == "parse_args":
            arguments = ", ".join(self._parsers[owner]) or "none declared in this module"
            self.ctx.report(REQPARSE, parser=owner, arguments=arguments)

    def leave_Expr(self, original: cst.Expr, updated: cst.Expr) -> cst.BaseSmallStatement:
        value = updated.value
        if not (isinstance(value, cst.Call) and self.ctx.is_cors(value.func)):
            return updated
        app = value.args[0].value if value.args and not value.args[0].keyword else None
        if not (isinstance(app, cst.Name) and app.value in self.ctx.app_names):
            self.ctx.report(CORS_LEFT, reason="it is not applied to a Flask app of this project")
            return updated
        options: dict[str, cst.BaseExpression] = {}
        for arg in value.args[1:]:
            name = arg.keyword.value if arg.keyword else None
            if name not in _OPTIONS:
                self.ctx.report(
                    CORS_LEFT,
                    reason=f"the option {name or arg.star + '...'} has no "
                    "CORSMiddleware equivalent",
                )
                return updated
            options[name] = arg.value
        args: list[cst.Arg] = [cst.Arg(cst.Name("CORSMiddleware"))]
        for option in ("origins", "methods", "allow_headers"):
            given = options.pop(option, None)
            args.append(keyword(_OPTIONS[option], self._as_list(given) if given else _star()))
        for option, given in options.items():
            args.append(
                keyword(_OPTIONS[option], self._as_list(given) if option in _LISTS else given)
            )
        self.ctx.need("fastapi.middleware.cors", "CORSMiddleware")
        self.ctx.dropped(value.func)
        self.ctx.report(CORS_CONVERTED)
        method = cst.Attribute(cst.Name(app.value), cst.Name("add_middleware"))
        return updated.with_changes(value=call("x", *args).with_changes(func=method))

    def _as_list(self, node: cst.BaseExpression) -> cst.BaseExpression:
        if isinstance(node, cst.SimpleString):
            return cst.List([cst.Element(node)])
        return node

    def leave_Assign(self, original: cst.Assign, updated: cst.Assign) -> cst.Assign:
        value = updated.value
        if isinstance(value, cst.Call) and self.ctx.is_cors(value.func):
            self.ctx.report(CORS_LEFT, reason="the CORS object is kept in a variable")
        return updated

    def leave_Decorator(self, original: cst.Decorator, updated: cst.Decorator) -> cst.Decorator:
        node = updated.decorator
        target = node.func if isinstance(node, cst.Call) else node
        if (self.ctx.qualname(target) or "") == "flask_cors.cross_origin":
            self.ctx.report(CORS_LEFT, reason="@cross_origin configures a single view")
        return updated
