"""Flask extensions: ``flask_cors.CORS(app, ...)`` -> ``CORSMiddleware``.

Follows FastAPI's "CORS (Cross-Origin Resource Sharing)" docs: the app gets
``app.add_middleware(CORSMiddleware, ...)`` with flask-cors's options translated
(``origins`` -> ``allow_origins``, ``methods`` -> ``allow_methods``, ``allow_headers``,
``expose_headers``, ``supports_credentials`` -> ``allow_credentials``, ``max_age``) and
flask-cors's defaults made explicit (every origin, method and header). Preflight and
simple requests are answered as before; with the default ``"*"`` origins, Starlette
answers ``Access-Control-Allow-Origin: *`` where flask-cors echoed the request's origin
(both allow the request; reported as info).

``origins`` keeps flask-cors's meaning, never Starlette's reading of it (a str is a
collection of characters to Starlette, and ``in`` a substring test): a str is one entry;
"*" allows every origin; an entry holding a regular expression character (or a compiled
pattern) was matched by flask-cors from the origin's start, without case, so literal
entries become one ``allow_origin_regex`` that matches those origins whole; plain origins
stay ``allow_origins``. Origins that are not literals (a variable, the config) go through
``**web_compat.cors_origins(value)``, the same translation when the app starts.

Refuses, and reports: per-path ``resources=`` configurations, options with no middleware
equivalent, ``CORS()`` bound to a variable (``cors.init_app(app)`` later), and
``@cross_origin`` on single views.
"""

from __future__ import annotations

import ast

import libcst as cst

from flask2fastapi.hotspots import Sees
from flask2fastapi.report import Severity
from flask2fastapi.rules.base import FileContext, FindingSpec, Rule
from flask2fastapi.rules.nodes import call, dotted_name, keyword, string_value
from flask2fastapi.support import cors_origins

CORS_CONVERTED = FindingSpec(
    "F2F801",
    "cors-middleware",
    Severity.INFO,
    "CORS(app) became CORSMiddleware; {origins}.",
    "With every origin allowed, list the origins in allow_origins if clients need their "
    "origin echoed back; otherwise check that allow_origins (exact origins) and "
    "allow_origin_regex (matched whole) say what you mean.",
)
_EVERY_ORIGIN = (
    "with every origin allowed, it answers `Access-Control-Allow-Origin: *` where flask-cors "
    "echoed the request's origin"
)
_PLAIN_ORIGINS = (
    "the origins listed are allowed, each compared whole, in lower case as browsers send "
    "them (flask-cors ignored case)"
)
_REGEX_ORIGINS = (
    "flask-cors matched {shown} as regular expressions, from the start of the origin and "
    "without case: they are translated into allow_origin_regex, which matches exactly the "
    "same origins whole"
)
_RUNTIME_ORIGINS = (
    "the origins come from `{code}`: web_compat.cors_origins() translates them when the app "
    "starts as flask-cors read them (a str is one origin; regular expressions, matched from "
    "the origin's start without case, become allow_origin_regex)"
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


def _literal_origins(node: cst.BaseExpression) -> str | list[str] | None:
    """flask-cors's ``origins`` written as a str, or as a list, tuple or set of them."""
    if not isinstance(
        node, cst.SimpleString | cst.ConcatenatedString | cst.List | cst.Tuple | cst.Set
    ):
        return None
    try:
        value = ast.literal_eval(cst.Module([]).code_for_node(node).strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple | set | frozenset) and all(isinstance(o, str) for o in value):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    return None


def _string(text: str) -> cst.SimpleString:
    """``text`` as a string literal, raw when that keeps it as it is."""
    if '"' in text or not text.isprintable() or text.endswith("\\"):
        return cst.SimpleString(repr(text))
    return cst.SimpleString(f'r"{text}"' if "\\" in text else f'"{text}"')


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
        origins = options.pop("origins", None)
        translated = self._origins(origins)
        if translated is None:
            return updated
        origins_arg, said = translated
        args: list[cst.Arg] = [cst.Arg(cst.Name("CORSMiddleware")), origins_arg]
        for option in ("methods", "allow_headers"):
            given = options.pop(option, None)
            args.append(keyword(_OPTIONS[option], self._as_list(given) if given else _star()))
        for option, given in options.items():
            args.append(
                keyword(_OPTIONS[option], self._as_list(given) if option in _LISTS else given)
            )
        self.ctx.need("fastapi.middleware.cors", "CORSMiddleware")
        self.ctx.dropped(value.func)
        self.ctx.report(CORS_CONVERTED, origins=said)
        method = cst.Attribute(cst.Name(app.value), cst.Name("add_middleware"))
        return updated.with_changes(value=call("x", *args).with_changes(func=method))

    def _origins(self, node: cst.BaseExpression | None) -> tuple[cst.Arg, str] | None:
        """The CORSMiddleware argument for flask-cors's ``origins`` and what the report
        says of it (None: reported and left, a regular expression that does not compile)."""
        if node is None:
            return keyword("allow_origins", _star()), _EVERY_ORIGIN
        value = _literal_origins(node)
        if value is None:  # known when the app starts
            helper = call(self.ctx.support_reference("cors_origins"), cst.Arg(node))
            code = cst.Module([]).code_for_node(node)
            return cst.Arg(helper, star="**"), _RUNTIME_ORIGINS.format(code=code)
        try:
            translated = cors_origins(value)
        except ValueError:
            self.ctx.report(CORS_LEFT, reason="an origin is not a valid regular expression")
            return None
        if "allow_origin_regex" in translated:
            regex = translated["allow_origin_regex"]
            shown = ", ".join(
                repr(o) for o in ([value] if isinstance(value, str) else value) if o != "*"
            )
            return (
                keyword("allow_origin_regex", _string(regex)),
                _REGEX_ORIGINS.format(shown=shown),
            )
        allowed = translated["allow_origins"]
        if allowed == ["*"]:
            return keyword("allow_origins", self._as_list(node)), _EVERY_ORIGIN
        if allowed != ([value] if isinstance(value, str) else value):  # lower case
            node = cst.List([cst.Element(_string(origin)) for origin in allowed])
        return keyword("allow_origins", self._as_list(node)), _PLAIN_ORIGINS

    def _as_list(self, node: cst.BaseExpression) -> cst.BaseExpression:
        if isinstance(node, cst.SimpleString | cst.ConcatenatedString):
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
