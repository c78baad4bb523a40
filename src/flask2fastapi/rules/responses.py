"""Responses: return values, ``jsonify``, tuple returns, ``make_response`` and ``abort``.

Follows FastAPI's "Custom Response - HTML, Stream, File, others", "Response Status Code"
and "Handling Errors" docs. What a Flask view returns decides the answer's status, media
type and headers; the converted handler must answer the same:

* dicts, lists and ``jsonify(...)`` are JSON: the handler returns the data and FastAPI
  serialises it (``jsonify(a=1)`` -> ``{"a": 1}``, ``jsonify(x, y)`` -> ``[x, y]``);
* a ``str`` is ``text/html`` in Flask: a handler that only returns text gets
  ``response_class=HTMLResponse`` on its route; where text and JSON are mixed, each text
  return becomes ``HTMLResponse(...)``;
* ``(body, status)``, ``(body, status, headers)`` and ``(body, headers)`` become
  ``JSONResponse``/``HTMLResponse(..., status_code=..., headers=...)``; where every return
  is JSON with the same status and no headers, the status moves to the route decorator
  (``status_code=201``), as the FastAPI docs recommend; ``"", 204`` becomes
  ``Response(status_code=204)``;
* ``make_response(...)`` becomes the matching response object, so later
  ``resp.headers[...] = ...`` keeps working;
* ``abort(code[, description])`` becomes ``raise HTTPException(status_code=..., detail=...)``.

Refuses, and reports: a tuple whose body it cannot classify (it could be text or
JSON), ``abort()`` used inside an expression, ``abort(response)``, and ``make_response``
of a value it cannot classify.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

import libcst as cst

from flask2fastapi.hotspots import Sees
from flask2fastapi.report import Severity
from flask2fastapi.rules.base import FindingSpec, Rule
from flask2fastapi.rules.hooks import hook_kind
from flask2fastapi.rules.nodes import (
    call,
    dotted,
    dotted_name,
    find_arg,
    keyword,
    replace,
    string_value,
    with_commas,
)
from flask2fastapi.rules.routes import FASTAPI_ROUTE_METHODS, ROUTE_METHODS
from flask2fastapi.tuple_helpers import tuple_helper, tuple_returning_functions

UNKNOWN_TUPLE_BODY = FindingSpec(
    "F2F301",
    "unknown-tuple-body",
    Severity.MANUAL,
    "This tuple return was left as it was: its body could be text or JSON; FastAPI would "
    "send the whole tuple as a JSON list.",
    "Return JSONResponse(body, status_code=...) for data or HTMLResponse(body, status_code=...) "
    "for text.",
)
UNKNOWN_RETURN = FindingSpec(
    "F2F302",
    "unknown-return",
    Severity.WARNING,
    "This handler also returns text, but the type of this return value is unknown: Flask sent "
    "a str as text/html, FastAPI sends it as JSON.",
    "Wrap text in HTMLResponse(...) and leave data as it is.",
)
MAKE_RESPONSE_RUNTIME = FindingSpec(
    "F2F316",
    "make-response-runtime",
    Severity.WARNING,
    "make_response() of a value whose type is only known when it runs now builds the "
    "response then, with Flask's rules (web_compat.make_response: a response as it is, "
    "text as HTML, a dict or list as JSON, a tuple's status and headers).",
    "Build the response where the type is known: JSONResponse(...), HTMLResponse(...), or "
    "the response object itself.",
)
MUTATED_RESPONSE = FindingSpec(
    "F2F317",
    "mutated-response",
    Severity.WARNING,
    "`{name}` is changed after it is made (data, mimetype, status or headers set), which "
    "Starlette's Response ignores: it is a web_compat.MutableResponse, which applies them.",
    "Pass the body, media_type, status_code and headers to the Response constructor.",
)
MAKE_RESPONSE = FindingSpec(
    "F2F303",
    "make-response",
    Severity.MANUAL,
    "make_response() was left as it was: {reason}.",
    "Build the response yourself: JSONResponse(data, status_code=...), HTMLResponse(text, ...) "
    "or Response(content, media_type=...).",
)
ABORT_EXPRESSION = FindingSpec(
    "F2F304",
    "abort-in-expression",
    Severity.MANUAL,
    "abort() inside an expression was left as it was: `raise` is a statement.",
    "Split it: `if not value: raise HTTPException(status_code=...)`.",
)
ABORT_RESPONSE = FindingSpec(
    "F2F305",
    "abort-response",
    Severity.MANUAL,
    "abort(response) was left as it was: FastAPI cannot raise a response.",
    "Return the response from the handler, or raise HTTPException(status_code, detail, headers).",
)
ERROR_BODY = FindingSpec(
    "F2F306",
    "error-body",
    Severity.INFO,
    "abort() became HTTPException: the status is the same, the error body is now JSON "
    '({{"detail": ...}}) instead of an HTML page.',
    "Add an exception handler for HTTPException if clients parse the HTML error page.",
)
FLASK_RESPONSE_LEFT = FindingSpec(
    "F2F313",
    "flask-response",
    Severity.MANUAL,
    "Flask's Response(...) was left as it was: the argument `{argument}` has no FastAPI "
    "Response equivalent.",
    "Build fastapi.Response(content, status_code=..., headers=..., media_type=...) (or "
    "StreamingResponse for a generator).",
)
STREAMING = FindingSpec(
    "F2F314",
    "streaming-response",
    Severity.INFO,
    "A generator body is now a StreamingResponse: FastAPI iterates it in a worker thread "
    "after the handler returned, so it cannot read the request (stream_with_context is gone).",
    "Read what the generator needs from the request in the handler and pass it in.",
)
RESTFUL_ABORT = FindingSpec(
    "F2F310",
    "restful-abort",
    Severity.INFO,
    "Flask-RESTful's abort() became HTTPException: the status is the same, the error body "
    'is now {{"detail": ...}} where it was {{"message": ...}}.',
    "Add an exception handler for HTTPException returning "
    '{{"message": exc.detail}} if clients read the message.',
)
ABORT_ARGUMENTS = FindingSpec(
    "F2F308",
    "abort-arguments",
    Severity.MANUAL,
    "abort() was left as it was: HTTPException takes a status code, a detail and headers, "
    "not these arguments.",
    "raise HTTPException(status_code=..., detail=..., headers=...) with the values you need.",
)
ERROR_HANDLER_RETURN = FindingSpec(
    "F2F309",
    "error-handler-return",
    Severity.MANUAL,
    "An exception handler must return a Response; the type of this return value is unknown.",
    "Return JSONResponse(...) for data or HTMLResponse(...) for text.",
)
HELPER_TUPLE = FindingSpec(
    "F2F318",
    "helper-response-tuple",
    Severity.WARNING,
    "`{helper}()` returns values Flask made a response of (text, (body, status) tuples, "
    "or a view's return value), which FastAPI would send as JSON (a string, or a list with "
    "status 200): its value now becomes a response when it runs, by Flask's rules "
    "(web_compat.make_response).",
    "Make `{helper}` return a response (HTMLResponse(text), JSONResponse(body, "
    "status_code=...)) or raise HTTPException, and return its value as it is.",
)
RESPONSE_TUPLE = FindingSpec(
    "F2F307",
    "response-in-tuple",
    Severity.WARNING,
    "A response object returned with a status or headers in a tuple now gets them when it "
    "runs (web_compat.make_response): Starlette would send the tuple as a JSON list.",
    "Set response.status_code / response.headers on the object and return it.",
)

_COMMA = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
# Flask types in annotations -> what the converted code has instead
_ANNOTATION_TYPES = {
    "Response": ("fastapi", "Response"),
    "Flask": ("fastapi", "FastAPI"),
    "Blueprint": ("fastapi", "APIRouter"),
}
# str methods that return text
_STR_METHODS = frozenset(
    {
        "join",
        "format",
        "upper",
        "lower",
        "strip",
        "lstrip",
        "rstrip",
        "replace",
        "title",
        "capitalize",
        "casefold",
        "swapcase",
        "center",
        "ljust",
        "rjust",
        "zfill",
        "removeprefix",
        "removesuffix",
        "expandtabs",
    }
)
JSON, TEXT, RESPONSE, NONE, UNKNOWN = "json", "text", "response", "none", "unknown"
_RESPONSE_FACTORIES = frozenset(
    {
        "make_response",
        "redirect",
        "Response",
        "send_file",
        "send_from_directory",
        "stream_with_context",
    }
)
_FASTAPI_RESPONSES = frozenset(
    {
        "Response",
        "JSONResponse",
        "HTMLResponse",
        "PlainTextResponse",
        "RedirectResponse",
        "StreamingResponse",
        "FileResponse",
        "ORJSONResponse",
        "UJSONResponse",
        "TemplateResponse",
    }
)
_NO_BODY_STATUSES = frozenset({"204", "304"})


@dataclass
class Shape:
    """A return value split the way Flask reads it."""

    body: cst.BaseExpression | None
    status: cst.BaseExpression | None = None
    headers: cst.BaseExpression | None = None
    is_tuple: bool = False


def split_return(value: cst.BaseExpression | None) -> Shape:
    if isinstance(value, cst.Tuple) and len(value.elements) in (2, 3):
        elements = [e.value for e in value.elements]
        if any(isinstance(e, cst.StarredElement) for e in value.elements):
            return Shape(value)
        if len(elements) == 3:
            return Shape(elements[0], elements[1], elements[2], True)
        second = elements[1]
        if isinstance(second, cst.Dict | cst.List | cst.DictComp):
            return Shape(elements[0], headers=second, is_tuple=True)
        return Shape(elements[0], status=second, is_tuple=True)
    return Shape(value)


@dataclass
class HandlerPlan:
    strategy: str  # plain | html | status | explicit | response (an exception handler)
    status: cst.BaseExpression | None = None
    has_text: bool = False
    assignments: dict[str, list[cst.BaseExpression]] = field(default_factory=dict)
    text_params: frozenset[str] = frozenset()  # path parameters Flask passed as str
    json_only: bool = False  # a Flask-RESTful resource: every return value is JSON


class _BodyScan:
    """Returns and simple assignments of one function, not of functions nested in it.

    Returns and assignments are small statements, so only statement lists are walked.
    """

    def __init__(self, root: cst.FunctionDef) -> None:
        self.returns: list[cst.Return] = []
        self.assignments: dict[str, list[cst.BaseExpression]] = {}
        self._suite(root.body)

    def _suite(self, suite: cst.BaseSuite) -> None:
        for statement in suite.body:
            if isinstance(statement, cst.SimpleStatementLine | cst.BaseSmallStatement):
                smalls = (
                    statement.body
                    if isinstance(statement, cst.SimpleStatementLine)
                    else [statement]
                )
                for small in smalls:
                    self._small(small)
            elif not isinstance(statement, cst.FunctionDef | cst.ClassDef):
                self._compound(statement)

    def _small(self, small: cst.BaseSmallStatement) -> None:
        if isinstance(small, cst.Return):
            self.returns.append(small)
        elif isinstance(small, cst.Assign):
            for target in small.targets:
                if isinstance(target.target, cst.Name):
                    self.assignments.setdefault(target.target.value, []).append(small.value)

    def _compound(self, node: cst.CSTNode) -> None:
        for name in ("body", "orelse", "finalbody"):
            part = getattr(node, name, None)
            if isinstance(part, cst.BaseSuite):
                self._suite(part)
            elif isinstance(part, cst.If | cst.Else | cst.Finally):
                self._compound(part) if isinstance(part, cst.If) else self._suite(part.body)
        for handler in getattr(node, "handlers", ()):
            self._suite(handler.body)
        for case in getattr(node, "cases", ()):
            self._suite(case.body)


class ResponsesRule(Rule):
    name = "responses"
    SEES = Sees.FLASK_NAMES | Sees.ROUTERS | Sees.HANDLERS | Sees.HANDLER_RETURNS
    SEES_ATTRIBUTES = frozenset({"set_cookie", "delete_cookie"})
    summary = "Return values, jsonify, tuple returns, make_response and abort."
    FINDINGS = (
        UNKNOWN_TUPLE_BODY,
        UNKNOWN_RETURN,
        MAKE_RESPONSE,
        MAKE_RESPONSE_RUNTIME,
        MUTATED_RESPONSE,
        ABORT_EXPRESSION,
        ABORT_RESPONSE,
        ERROR_BODY,
        RESPONSE_TUPLE,
        HELPER_TUPLE,
        ABORT_ARGUMENTS,
        ERROR_HANDLER_RETURN,
        RESTFUL_ABORT,
        FLASK_RESPONSE_LEFT,
        STREAMING,
    )

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self._module: cst.Module | None = None
        self._plans: list[HandlerPlan | None] = []
        self._mutated: list[set[str]] = []  # per function: responses changed after creation
        self._statement_aborts: set[int] = set()
        self._returned_jsonify: set[int] = set()
        # NAME = <literal> at module level: what a handler returning NAME or NAME[key] sends
        self._module_values: dict[str, cst.BaseExpression] = {}
        self._reported_error_body = False

    # -- classification ----------------------------------------------------------------------

    def kind(
        self, node: cst.BaseExpression | None, plan: HandlerPlan | None = None, depth: int = 0
    ) -> str:
        if node is None or (isinstance(node, cst.Name) and node.value == "None"):
            return NONE
        if isinstance(node, cst.Dict | cst.List | cst.DictComp | cst.ListComp):
            return JSON
        if plan is not None and plan.json_only and depth == 0:
            kind = self.kind(node, None, depth + 1)
            # a Resource's return value is JSON, strings included (an empty body stays empty)
            return JSON if kind in (TEXT, UNKNOWN) and string_value(node) != "" else kind
        if isinstance(node, cst.SimpleString | cst.ConcatenatedString):
            return TEXT if string_value(node) is not None else UNKNOWN
        if isinstance(node, cst.FormattedString):
            return TEXT
        if isinstance(node, cst.BinaryOperation) and isinstance(
            node.operator, cst.Add | cst.Modulo
        ):
            left = self.kind(node.left, plan, depth + 1)
            if left == TEXT:
                return TEXT
            if isinstance(node.operator, cst.Add):
                return TEXT if self.kind(node.right, plan, depth + 1) == TEXT else UNKNOWN
            return UNKNOWN
        if isinstance(node, cst.Call):
            func = node.func
            if self.ctx.is_flask(func, "jsonify"):
                return JSON if _jsonify_convertible(node) else UNKNOWN
            if self.ctx.is_flask(func, "render_template") and depth == 0 and plan is not None:
                return RESPONSE  # returned from a handler: the templates rule makes it one
            if self.ctx.is_flask(func, "render_template", "render_template_string"):
                return TEXT
            if self.ctx.is_flask(func, *_RESPONSE_FACTORIES):
                return RESPONSE
            if isinstance(func, cst.Name) and func.value in _FASTAPI_RESPONSES:
                return RESPONSE
            if isinstance(func, cst.Name) and func.value == "str":
                return TEXT
            if self.ctx.qualname(func) == "json.dumps":
                return TEXT
            if self._request_text(node):
                return TEXT  # ``request.args.get("q", "")``: a str (None is refused)
            if isinstance(func, cst.Attribute) and func.attr.value == "decode":
                return TEXT  # bytes.decode() is text
            if (
                isinstance(func, cst.Attribute)
                and func.attr.value == "get_data"
                and self.ctx.is_flask(func.value, "request")
            ):
                as_text = find_arg(node, "as_text", 1)
                return (
                    TEXT
                    if as_text is not None and dotted_name(as_text.value) == "True"
                    else UNKNOWN
                )
            if (
                isinstance(func, cst.Attribute)
                and func.attr.value in _STR_METHODS
                and self.kind(func.value, plan, depth + 1) == TEXT
            ):
                return TEXT
            if isinstance(func, cst.Attribute) and func.attr.value == "TemplateResponse":
                return RESPONSE
            return UNKNOWN
        if isinstance(node, cst.Name) and depth < 3:
            local = plan.assignments.get(node.value) if plan is not None else None
            if plan is not None and local is None and node.value in plan.text_params:
                return TEXT
            if local is None and node.value in self._module_values:
                local = [self._module_values[node.value]]
            # ``response = jsonify(...)`` names a response object (a JSONResponse once
            # converted), not data to wrap again
            kinds = {
                RESPONSE
                if isinstance(v, cst.Call) and self.ctx.is_flask(v.func, "jsonify")
                else self.kind(v, plan, depth + 1)
                for v in local or ()
            }
            if len(kinds) == 1:
                return kinds.pop()
        if isinstance(node, cst.Subscript) and self._request_container(node.value):
            return TEXT  # ``request.form["name"]``
        if isinstance(node, cst.Subscript) and isinstance(node.value, cst.Name) and depth < 3:
            # ``PAGES[name]`` where PAGES is a module-level literal of one kind of value
            container = self._module_values.get(node.value.value)
            items: list[cst.BaseExpression] = []
            if isinstance(container, cst.Dict):
                items = [e.value for e in container.elements if isinstance(e, cst.DictElement)]
            elif isinstance(container, cst.List | cst.Tuple):
                items = [e.value for e in container.elements if isinstance(e, cst.Element)]
            kinds = {self.kind(v, plan, depth + 1) for v in items}
            if len(kinds) == 1 and kinds <= {JSON, TEXT}:
                return kinds.pop()
        return UNKNOWN

    def _request_container(self, node: cst.BaseExpression) -> bool:
        """``request.args`` (``form``, ``headers``, ``cookies``, ``values``): text values."""
        return (
            isinstance(node, cst.Attribute)
            and node.attr.value in ("args", "form", "headers", "cookies", "values")
            and self.ctx.is_flask(node.value, "request")
        )

    def _request_text(self, node: cst.Call) -> bool:
        """``request.args.get(key[, default])`` with a text (or no) default and no type."""
        func = node.func
        if not (
            isinstance(func, cst.Attribute)
            and func.attr.value == "get"
            and self._request_container(func.value)
        ):
            return False
        if find_arg(node, "type") is not None or len(node.args) > 2:
            return False
        default = find_arg(node, "default", 1)
        return default is None or self.kind(default.value) == TEXT

    def content(self, body: cst.BaseExpression) -> cst.BaseExpression:
        """The data a ``jsonify(...)`` call (or a plain value) sends as JSON.

        Flask's ``jsonify``: no arguments is ``null``, one positional argument is that
        value, several are a list, keyword arguments (``**mapping`` included) are an
        object; positional and keyword together raise, so that call is left as it is.
        """
        if not (isinstance(body, cst.Call) and self.ctx.is_flask(body.func, "jsonify")):
            return body
        if not _jsonify_convertible(body):
            return body
        args = body.args
        keywords = [a for a in args if a.keyword is not None or a.star == "**"]
        self.ctx.dropped(body.func)
        if not args:
            return cst.Name("None")
        if keywords:
            last = len(args) - 1
            comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
            return cst.Dict(
                [
                    cst.StarredDictElement(
                        a.value, comma=comma if i < last else cst.MaybeSentinel.DEFAULT
                    )
                    if a.keyword is None
                    else cst.DictElement(
                        cst.SimpleString(f'"{a.keyword.value}"'),
                        a.value,
                        comma=comma if i < last else cst.MaybeSentinel.DEFAULT,
                    )
                    for i, a in enumerate(args)
                ]
            )
        if len(args) == 1 and not args[0].star:
            return args[0].value
        return cst.List(
            [cst.StarredElement(a.value) if a.star == "*" else cst.Element(a.value) for a in args]
        )

    # -- handlers ----------------------------------------------------------------------------

    def visit_Module(self, node: cst.Module) -> None:
        self._module = node
        for statement in node.body:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    if (
                        isinstance(small, cst.Assign)
                        and len(small.targets) == 1
                        and isinstance(small.targets[0].target, cst.Name)
                    ):
                        self._module_values[small.targets[0].target.value] = small.value

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._mutated.append(self.ctx.mutated_responses.get(node.name.value, set()))
        before_hook = any(
            hook_kind(d, self.ctx.app_names, set(self.ctx.blueprints)) == "before"
            for d in node.decorators
        )
        if node.name.value in self.ctx.error_handlers or before_hook:
            scan = _BodyScan(node)
            self._plans.append(HandlerPlan(strategy="response", assignments=scan.assignments))
            return
        key = self.ctx.handler_key(node)
        if key not in self.ctx.handlers:
            self._plans.append(None)
            return
        scan = _BodyScan(node)
        plan = HandlerPlan(
            strategy="plain",
            assignments=scan.assignments,
            text_params=frozenset(
                name for name, kind in self.ctx.handlers[key].items() if kind == "str"
            ),
        )
        plan.json_only = key in self.ctx.json_handlers
        shapes = [split_return(r.value) for r in scan.returns]
        kinds = [self.kind(s.body, plan) for s in shapes]
        plan.has_text = TEXT in kinds
        decorated = any(
            self._route_decorator(d, ROUTE_METHODS | {"api_route"}) is not None
            for d in node.decorators
        )
        if not any(s.is_tuple for s in shapes):
            if set(kinds) <= {JSON, RESPONSE, NONE, UNKNOWN}:
                plan.strategy = "plain"
            elif set(kinds) <= {TEXT, RESPONSE, NONE} and decorated:
                plan.strategy = "html"
            else:
                plan.strategy = "explicit"
        else:
            statuses = {
                cst.Module([]).code_for_node(s.status) if s.status is not None else None
                for s in shapes
            }
            if (
                decorated
                and all(s.is_tuple and s.headers is None for s in shapes)
                and set(kinds) == {JSON}
                and len(statuses) == 1
                and None not in statuses
                and _is_constant_status(shapes[0].status)
            ):
                plan.strategy = "status"
                plan.status = shapes[0].status
            else:
                plan.strategy = "explicit"
        self._plans.append(plan)

    def _route_decorator(
        self, decorator: cst.Decorator, methods: frozenset[str] = FASTAPI_ROUTE_METHODS
    ) -> cst.Call | None:
        """The decorator's call if it routes on a known app (Flask names or FastAPI names)."""
        node = decorator.decorator
        if (
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
            and isinstance(node.func.value, cst.Name)
            and node.func.value.value in self.ctx.router_names
            and node.func.attr.value in methods
        ):
            return node
        return None

    def _leave_handler(
        self, original: cst.FunctionDef, updated: cst.FunctionDef
    ) -> cst.FunctionDef:
        plan = self._plans.pop()
        if plan is None or plan.strategy not in ("html", "status"):
            return updated
        if plan.strategy == "html":
            name, value = "response_class", cst.Name("HTMLResponse")
            self.ctx.need("fastapi.responses", "HTMLResponse")
        else:
            assert plan.status is not None
            name, value = "status_code", plan.status
        decorators = []
        for decorator in updated.decorators:
            route = self._route_decorator(decorator)
            if route is not None and find_arg(route, name) is None:
                args = [*route.args]
                if args and args[-1].comma is cst.MaybeSentinel.DEFAULT:
                    args[-1] = args[-1].with_changes(
                        comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
                    )
                args.append(keyword(name, value))
                decorator = replace(decorator, decorator=replace(route, args=args))
            decorators.append(decorator)
        return replace(updated, decorators=decorators)

    def visit_Return(self, node: cst.Return) -> None:
        body = split_return(node.value).body
        if isinstance(body, cst.Call) and self.ctx.is_flask(body.func, "jsonify"):
            self._returned_jsonify.add(id(body))

    def leave_Return(self, original: cst.Return, updated: cst.Return) -> cst.Return:
        plan = self._plans[-1] if self._plans else None
        value = updated.value
        if value is None:
            return updated
        shape = split_return(value)
        if plan is None:
            # A helper, not a handler: only Flask response values are converted, into
            # response objects, so whatever handler returns them answers the same.
            body_is_jsonify = isinstance(shape.body, cst.Call) and self.ctx.is_flask(
                shape.body.func, "jsonify"
            )
            if body_is_jsonify and self.kind(shape.body) == JSON:
                return replace(updated, value=self._response(shape, JSON))
            return updated
        helper = self._tuple_helper(original.value, plan)
        if helper is not None:
            self.ctx.report(HELPER_TUPLE, helper=helper)
            return replace(
                updated,
                value=cst.Call(
                    func=dotted(self.ctx.support_reference("make_response")),
                    args=[cst.Arg(value)],
                ),
            )
        kind = self.kind(shape.body, plan)
        if plan.strategy == "response":
            # an exception handler or a before_request hook answers with a Response
            if kind in (JSON, TEXT):
                return updated.with_changes(value=self._response(shape, kind))
            if kind == NONE or (kind == RESPONSE and not shape.is_tuple):
                return updated
            merged = self._merge(shape) if kind == RESPONSE else None
            if merged is not None:
                return updated.with_changes(value=merged)
            if kind == RESPONSE:
                return self._status_at_run_time(updated, value)
            self.ctx.report(ERROR_HANDLER_RETURN)
            return updated
        if plan.strategy in ("plain", "html", "status"):
            if kind == JSON and shape.body is not None:
                return replace(updated, value=self.content(shape.body))
            return updated
        # explicit
        if not shape.is_tuple:
            if kind == JSON and shape.body is not None:
                return replace(updated, value=self.content(shape.body))
            if kind == TEXT:
                self.ctx.need("fastapi.responses", "HTMLResponse")
                return replace(updated, value=call("HTMLResponse", cst.Arg(value)))
            if kind == UNKNOWN and plan.has_text:
                self.ctx.report(UNKNOWN_RETURN)
            return updated
        if kind in (JSON, TEXT):
            return replace(updated, value=self._response(shape, kind))
        if kind == RESPONSE:
            merged = self._merge(shape)
            if merged is not None:
                return replace(updated, value=merged)
            return self._status_at_run_time(updated, value)
        else:
            self.ctx.report(UNKNOWN_TUPLE_BODY)
        return updated

    def _status_at_run_time(self, node: cst.Return, value: cst.BaseExpression) -> cst.Return:
        """``return response, 201`` where ``response`` is a response object already (a
        variable, ``send_file(...)``): it gets the status and headers when it runs."""
        assert isinstance(value, cst.Tuple)
        self.ctx.report(RESPONSE_TUPLE)
        args = [cst.Arg(e.value) for e in value.elements if isinstance(e, cst.Element)]
        return replace(
            node,
            value=cst.Call(
                func=dotted(self.ctx.support_reference("make_response")), args=with_commas(args)
            ),
        )

    def _tuple_helper(self, value: cst.BaseExpression | None, plan: HandlerPlan) -> str | None:
        """The name of the function called by ``return helper(...)`` (or ``result =
        helper(...)`` then ``return result``) when it returns ``(body, status)`` tuples:
        this module's, or one it imports (the index knows)."""
        if isinstance(value, cst.Name):
            found = [self._tuple_helper(v, plan) for v in plan.assignments.get(value.value, ())]
            return next((name for name in found if name is not None), None)
        if not isinstance(value, cst.Call):
            return None
        callee = dotted_name(value.func)
        if callee is None:
            return None
        if callee in self.ctx.handlers or callee in self.ctx.index.handler_names(self.ctx.module):
            return callee  # another view: whatever it returns, Flask made a response of it
        if "." not in callee and self._nested_tuple_helper(callee):
            return callee
        scopes = self.ctx.scopes
        klass = scopes[-2] if len(scopes) >= 2 else None  # a method's class
        if not tuple_helper(self.ctx.index, self.ctx.module, callee, klass):
            return None
        return callee

    def _nested_tuple_helper(self, name: str) -> bool:
        """Whether ``name`` is a function nested in the handler that returns text or a
        response tuple (see tuple_helpers)."""
        stack = self.ctx.function_stack
        body = stack[-1].body if stack else None
        if not isinstance(body, cst.IndentedBlock):
            return False
        for statement in body.body:
            if isinstance(statement, cst.FunctionDef) and statement.name.value == name:
                code = cst.Module([]).code_for_node(statement.with_changes(decorators=()))
                return name in tuple_returning_functions(ast.parse(code))
        return False

    def _response(self, shape: Shape, kind: str) -> cst.Call:
        """``JSONResponse``/``HTMLResponse``/``Response`` for a body, status and headers."""
        extra = _status_and_headers(shape)
        body = shape.body
        if (
            kind == TEXT
            and string_value(body) == ""
            and isinstance(shape.status, cst.Integer)
            and shape.status.value in _NO_BODY_STATUSES
        ):
            self.ctx.need("fastapi", "Response")
            return call("Response", *extra)
        assert body is not None
        if kind == JSON:
            self.ctx.need("fastapi.responses", "JSONResponse")
            return call("JSONResponse", cst.Arg(self.content(body)), *extra)
        self.ctx.need("fastapi.responses", "HTMLResponse")
        return call("HTMLResponse", cst.Arg(body), *extra)

    # -- jsonify / make_response / abort anywhere ----------------------------------------------

    def _is_abort(self, func: cst.BaseExpression) -> bool:
        return self.ctx.is_flask(func, "abort") or self._is_restful_abort(func)

    def _is_restful_abort(self, func: cst.BaseExpression) -> bool:
        return self.ctx.qualname(func) in ("flask_restful.abort", "flask_restx.abort")

    def visit_Expr(self, node: cst.Expr) -> None:
        if isinstance(node.value, cst.Call) and self._is_abort(node.value.func):
            self._statement_aborts.add(id(node.value))

    def visit_Call(self, node: cst.Call) -> None:
        if self._is_abort(node.func) and id(node) not in self._statement_aborts:
            self.ctx.report(ABORT_EXPRESSION)

    def leave_Expr(self, original: cst.Expr, updated: cst.Expr) -> cst.BaseSmallStatement:
        value = updated.value
        if not (isinstance(value, cst.Call) and self._is_abort(value.func)):
            return updated
        if self._is_restful_abort(value.func):
            return self._restful_abort(value)
        status = find_arg(value, "status", 0)
        if status is None or self.kind(status.value) in (JSON, RESPONSE, TEXT):
            self.ctx.report(ABORT_RESPONSE)
            return updated
        positional = [a for a in value.args if a.keyword is None]
        if (
            any(a.star for a in value.args)
            or len(positional) > 2
            or any(a.keyword is not None and a.keyword.value != "description" for a in value.args)
        ):
            self.ctx.report(ABORT_ARGUMENTS)
            return updated
        args = [keyword("status_code", status.value)]
        description = find_arg(value, "description", 1)
        if description is not None:
            args.append(keyword("detail", description.value))
        self.ctx.need("fastapi", "HTTPException")
        self.ctx.dropped(value.func)
        if not self._reported_error_body:
            self._reported_error_body = True
            self.ctx.report(ERROR_BODY)
        return cst.Raise(exc=call("HTTPException", *args))

    def _restful_abort(self, value: cst.Call) -> cst.BaseSmallStatement:
        """Flask-RESTful's ``abort(404, message="...")`` answered ``{"message": "..."}``:
        the keywords become the HTTPException's detail (``{"detail": ...}``)."""
        positional = [a for a in value.args if a.keyword is None]
        if len(positional) != 1 or any(a.star for a in value.args):
            self.ctx.report(ABORT_ARGUMENTS)
            return cst.Expr(value)
        args = [keyword("status_code", positional[0].value)]
        keywords = [a for a in value.args if a.keyword is not None]
        if len(keywords) == 1 and keywords[0].keyword.value == "message":  # type: ignore[union-attr]
            args.append(keyword("detail", keywords[0].value))
        elif keywords:
            detail = cst.Dict(
                [
                    cst.DictElement(
                        cst.SimpleString(f'"{a.keyword.value}"'),  # type: ignore[union-attr]
                        a.value,
                        comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")),
                    )
                    for a in keywords
                ]
            )
            args.append(keyword("detail", detail))
        self.ctx.need("fastapi", "HTTPException")
        self.ctx.dropped(value.func)
        self.ctx.report(RESTFUL_ABORT)
        return cst.Raise(exc=call("HTTPException", *args))

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        func = updated.func
        if self.ctx.is_flask(func, "make_response"):
            return self._make_response(updated)
        if self.ctx.is_flask(func, "Response"):
            return self._flask_response(updated)
        if (
            isinstance(func, cst.Attribute)
            and func.attr.value in ("set_cookie", "delete_cookie")
            and find_arg(updated, "samesite") is None
            and not any(a.star for a in updated.args)
            and self._response_code()
        ):
            # Flask sent no SameSite attribute unless asked; Starlette defaults to "lax"
            args = [*updated.args]
            if args and args[-1].comma is cst.MaybeSentinel.DEFAULT:
                args[-1] = replace(args[-1], comma=_COMMA)
            return replace(updated, args=[*args, keyword("samesite", cst.Name("None"))])
        if self.ctx.is_flask(func, "stream_with_context") and len(updated.args) == 1:
            self.ctx.dropped(func)  # StreamingResponse needs no request context
            return updated.args[0].value
        if self.ctx.is_flask(func, "jsonify") and id(original) not in self._returned_jsonify:
            content = self.content(updated)
            if content is not updated:
                self.ctx.need("fastapi.responses", "JSONResponse")
                return call("JSONResponse", cst.Arg(content))
        return updated

    def leave_Annotation(self, original: cst.Annotation, updated: cst.Annotation) -> cst.Annotation:
        """Flask types in annotations -> FastAPI's: ``Response`` -> ``Response``, ``Flask`` ->
        ``FastAPI``, ``Blueprint`` -> ``APIRouter``, ``flask.typing`` aliases -> ``Any``."""
        return replace(updated, annotation=self._typed(updated.annotation))

    def _typed(self, node: cst.BaseExpression) -> cst.BaseExpression:
        qualified = self.ctx.qualname(node) or ""
        for flask_name, (module, name) in _ANNOTATION_TYPES.items():
            if self.ctx.is_flask(node, flask_name):
                self.ctx.dropped(node)
                self.ctx.need(module, name)
                return cst.Name(name)
        if (
            qualified.startswith("werkzeug.exceptions.")
            and qualified.rpartition(".")[2][0].isupper()
        ):
            # ``error: NotFound`` in an error handler: Starlette's HTTPException now
            self.ctx.dropped(node)
            self.ctx.need("starlette.exceptions", "HTTPException as StarletteHTTPException")
            return cst.Name("StarletteHTTPException")
        if qualified.startswith("flask.typing."):
            self.ctx.dropped(node)
            self.ctx.need("typing", "Any")
            return cst.Name("Any")
        if isinstance(node, cst.Subscript):  # Callable[..., ResponseReturnValue], list[...]
            elements = [
                replace(e, slice=replace(e.slice, value=self._typed(e.slice.value)))
                if isinstance(e.slice, cst.Index)
                else e
                for e in node.slice
            ]
            return replace(node, slice=elements)
        if isinstance(node, cst.List):  # the parameter list of Callable[[...], ...]
            return replace(
                node, elements=[replace(e, value=self._typed(e.value)) for e in node.elements]
            )
        return node

    def leave_Assign(self, original: cst.Assign, updated: cst.Assign) -> cst.Assign:
        """``r = Response()`` followed by ``r.data = ...`` (or ``mimetype``, ``status``,
        ``headers``, ``set_data()``): a response Flask let the code change after it was
        made; web_compat.MutableResponse keeps those changes (Starlette ignores them)."""
        value = updated.value
        if not (
            self._mutated
            and len(updated.targets) == 1
            and isinstance(updated.targets[0].target, cst.Name)
            and updated.targets[0].target.value in self._mutated[-1]
            and isinstance(value, cst.Call)
            and isinstance(value.func, cst.Name)
            and value.func.value in ("Response", "HTMLResponse")
            and isinstance(original.value, cst.Call)
            and self.ctx.is_flask(original.value.func, "Response", "make_response")
        ):
            return updated
        self.ctx.report(MUTATED_RESPONSE, name=updated.targets[0].target.value)
        reference = dotted(self.ctx.support_reference("MutableResponse"))
        return replace(updated, value=replace(value, func=reference))

    def leave_FunctionDef(
        self, original: cst.FunctionDef, updated: cst.FunctionDef
    ) -> cst.FunctionDef:
        self._mutated.pop()
        updated = self._leave_handler(original, updated)
        # a handler's return annotation would become its response model in FastAPI: an
        # annotation of Flask's return union (now ``Any``) says nothing, and goes
        key = self.ctx.handler_key(original)
        returns = original.returns
        if (
            key in self.ctx.handlers
            and returns is not None
            and (self.ctx.qualname(returns.annotation) or "").startswith("flask.typing.")
        ):
            return replace(updated, returns=None)
        return updated

    def _flask_response(self, node: cst.Call) -> cst.BaseExpression:
        """``Response(body, status, headers, mimetype, content_type)`` -> FastAPI's
        ``Response`` (``StreamingResponse`` for a generator), Flask's text/html default
        made explicit."""
        names = ("response", "status", "headers", "mimetype", "content_type")
        values: dict[str, cst.BaseExpression] = {}
        for index, arg in enumerate(node.args):
            name = arg.keyword.value if arg.keyword is not None else None
            if arg.star or (name is None and index >= len(names)) or (name and name not in names):
                self.ctx.report(FLASK_RESPONSE_LEFT, argument=name or arg.star or f"#{index + 1}")
                return node
            values[name or names[index]] = arg.value
        body = values.get("response")
        streaming = isinstance(body, cst.Call) and (
            self.ctx.is_flask(body.func, "stream_with_context") or self._is_generator_call(body)
        )
        media_type = values.get("mimetype") or values.get("content_type")
        args: list[cst.Arg] = []
        if body is not None:
            args.append(cst.Arg(body))
        if "status" in values:
            args.append(keyword("status_code", values["status"]))
        if "headers" in values:
            args.append(keyword("headers", values["headers"]))
        args.append(keyword("media_type", media_type or cst.SimpleString('"text/html"')))
        self.ctx.dropped(node.func)
        if streaming:
            self.ctx.need("fastapi.responses", "StreamingResponse")
            self.ctx.report(STREAMING)
            return call("StreamingResponse", *args)
        self.ctx.need("fastapi", "Response")
        return call("Response", *args)

    def _response_code(self) -> bool:
        """Whether the code being visited handles responses: a handler (or a function the
        request reaches) or an after_request hook."""
        if self.ctx.in_request_scope():
            return True
        stack = self.ctx.function_stack
        return bool(stack) and any(
            hook_kind(d, self.ctx.app_names, set(self.ctx.blueprints)) == "after"
            for d in stack[0].decorators
        )

    def _is_generator_call(self, body: cst.Call) -> bool:
        """``gen()`` where ``gen`` is a generator function of this module or function."""
        if not isinstance(body.func, cst.Name):
            return False
        name = body.func.value
        scopes: list[cst.CSTNode] = [*self.ctx.function_stack]
        if self._module is not None:
            scopes.append(self._module)
        for scope in scopes:
            suite = scope.body if isinstance(scope, cst.FunctionDef) else scope
            statements = suite.body if isinstance(suite, cst.IndentedBlock | cst.Module) else []
            for statement in statements:
                if isinstance(statement, cst.FunctionDef) and statement.name.value == name:
                    return _yields(statement)
        return False

    def _merge(self, shape: Shape) -> cst.Call | None:
        """Status and headers of a tuple folded into the response object it carries."""
        body = shape.body
        if not (
            isinstance(body, cst.Call)
            and (
                (
                    isinstance(body.func, cst.Name)
                    and body.func.value
                    in ("JSONResponse", "HTMLResponse", "Response", "RedirectResponse")
                )
                or (
                    isinstance(body.func, cst.Attribute)
                    and body.func.attr.value == "TemplateResponse"
                )
            )
            and find_arg(body, "status_code") is None
            and find_arg(body, "headers") is None
        ):
            return None
        extra = _status_and_headers(shape)
        args = [*body.args]
        if args and args[-1].comma is cst.MaybeSentinel.DEFAULT:
            args[-1] = replace(
                args[-1], comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
            )
        return replace(body, args=[*args, *extra])

    def _make_response(self, node: cst.Call) -> cst.BaseExpression:
        converted = self._convert_make_response(node)
        if converted is not node:
            self.ctx.dropped(node.func)
        return converted

    def _convert_make_response(self, node: cst.Call) -> cst.BaseExpression:
        args = node.args
        if any(a.keyword is not None or a.star for a in args):
            self.ctx.report(MAKE_RESPONSE, reason="it takes keyword or unpacked arguments")
            return node
        if not args:
            self.ctx.need("fastapi", "Response")
            return call("Response")
        if len(args) == 1 and isinstance(args[0].value, cst.Tuple):
            shape = split_return(args[0].value)
        else:
            values = [a.value for a in args]
            shape = split_return(
                cst.Tuple([cst.Element(v) for v in values]) if len(values) > 1 else values[0]
            )
        plan = self._plans[-1] if self._plans else None
        kind = self.kind(shape.body, plan)
        if kind == RESPONSE and not shape.is_tuple and shape.body is not None:
            return shape.body
        if kind == RESPONSE:
            merged = self._merge(shape)
            if merged is not None:
                return merged
        if kind in (JSON, TEXT):
            return self._response(shape, kind)
        if self.ctx.index.bridge and kind in (UNKNOWN, RESPONSE):
            self.ctx.report(MAKE_RESPONSE_RUNTIME)
            return cst.Call(
                func=dotted(self.ctx.support_reference("make_response")), args=node.args
            )
        self.ctx.report(
            MAKE_RESPONSE,
            reason="its body could be text or JSON"
            if kind == UNKNOWN
            else "it wraps a response with a status or headers",
        )
        return node


def _yields(function: cst.FunctionDef) -> bool:
    """Whether the function's own body (not a nested function's) yields."""
    found = False

    class Finder(cst.CSTVisitor):
        def visit_Yield(self, node: cst.Yield) -> None:
            nonlocal found
            found = True

        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return node is function

        def visit_Lambda(self, node: cst.Lambda) -> bool:
            return False

    function.visit(Finder())
    return found


def _jsonify_convertible(node: cst.Call) -> bool:
    """Flask refuses positional and keyword arguments together; such a call is left."""
    keywords = [a for a in node.args if a.keyword is not None or a.star == "**"]
    return not keywords or len(keywords) == len(node.args)


def _is_constant_status(node: cst.BaseExpression | None) -> bool:
    if isinstance(node, cst.Integer):
        return True
    return (
        isinstance(node, cst.Attribute)
        and isinstance(node.value, cst.Name)
        and node.value.value in ("HTTPStatus", "status")
    )


def _status_and_headers(shape: Shape) -> list[cst.Arg]:
    extra: list[cst.Arg] = []
    if shape.status is not None:
        extra.append(keyword("status_code", shape.status))
    if shape.headers is not None:
        headers = shape.headers
        if isinstance(headers, cst.List):
            headers = call("dict", cst.Arg(headers))
        extra.append(keyword("headers", headers))
    return extra
