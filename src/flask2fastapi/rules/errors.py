"""Error handlers: ``@app.errorhandler(...)`` -> ``@app.exception_handler(...)``.

Follows FastAPI's "Handling Errors - Install custom exception handlers" docs. A handler
for a status code (``404``) or for ``werkzeug.exceptions.HTTPException`` handles
Starlette's ``HTTPException``, which FastAPI raises for unknown URLs (404), wrong methods
(405) and ``raise HTTPException`` (what ``abort()`` became), so the same errors reach it
as in Flask. Werkzeug's named exceptions (``NotFound``, ``BadRequest``, ...) become their
status codes. The handler takes ``(request, exc)``; its returns become Response objects
(the responses rule). Where the error now arrives as Starlette's ``HTTPException`` (a
status code, Werkzeug's HTTP errors), the Werkzeug attributes it reads are mapped:
``e.code`` -> ``e.status_code``, ``e.description`` -> ``e.detail``, ``e.name`` ->
``HTTPStatus(e.status_code).phrase``. A handler for 500 now gets the exception that
escaped the view, not Flask's ``InternalServerError``: ``e.original_exception`` is ``e``
and ``code``, ``name`` and ``description`` become Werkzeug's values. Any other class
(a project's exception, Flask-WTF's ``CSRFError``, raised by code still running on Flask)
arrives as it was raised, and keeps its attributes.

Reads of Flask's ``request`` and ``g`` inside the handler use its ``request`` argument
(the request_data rule). Refuses, and reports: error handlers on blueprints (Flask scoped
them to the blueprint's routes).
"""

from __future__ import annotations

import libcst as cst

from flask2fastapi.hotspots import Sees
from flask2fastapi.report import Severity
from flask2fastapi.rules.base import FileContext, FindingSpec, Rule
from flask2fastapi.rules.nodes import dotted_name, replace

BLUEPRINT_ERROR_HANDLER = FindingSpec(
    "F2F601",
    "blueprint-error-handler",
    Severity.MANUAL,
    "`@{owner}.errorhandler` only handled errors of the blueprint's routes; left as it was.",
    "Register it on the app with @app.exception_handler(...) and check request.url.path, or "
    "raise a dedicated exception class from the blueprint's routes.",
)
WRAPPED_HANDLER = FindingSpec(
    "F2F605",
    "wrapped-error-handler",
    Severity.WARNING,
    "`{handler}`, registered by a call, is now added with add_exception_handler() through "
    "web_compat.error_handler: it is still called with the error alone (a Werkzeug exception "
    "for an HTTP error, as Flask gave it) and its return value becomes a response by Flask's "
    "rules.",
    "Give `{handler}` the (request, exc) signature and return a Response, then register it "
    "with @app.exception_handler(...).",
)
REGISTERED_HANDLER = FindingSpec(
    "F2F603",
    "registered-error-handler",
    Severity.WARNING,
    "register_error_handler() became add_exception_handler(): `{handler}` must now take "
    "(request, exc) and return a Response.",
    "Check `{handler}`: return JSONResponse/HTMLResponse objects, not dicts or tuples.",
)

# werkzeug.exceptions class -> status code
_WERKZEUG_CODES = {
    "BadRequest": 400,
    "Unauthorized": 401,
    "Forbidden": 403,
    "NotFound": 404,
    "MethodNotAllowed": 405,
    "NotAcceptable": 406,
    "RequestTimeout": 408,
    "Conflict": 409,
    "Gone": 410,
    "LengthRequired": 411,
    "PreconditionFailed": 412,
    "RequestEntityTooLarge": 413,
    "UnsupportedMediaType": 415,
    "UnprocessableEntity": 422,
    "TooManyRequests": 429,
    "InternalServerError": 500,
    "NotImplemented": 501,
    "BadGateway": 502,
    "ServiceUnavailable": 503,
}
_ATTRIBUTES = {"code": "status_code", "description": "detail"}
# What a handler for 500 / InternalServerError read of Flask's InternalServerError; FastAPI
# hands it the exception that escaped the handler instead
_SERVER_ERROR_ATTRIBUTES = {
    "code": "500",
    "name": '"Internal Server Error"',
    "description": '"The server encountered an internal error and was unable to complete your '
    'request. Either the server is overloaded or there is an error in the application."',
}
# how the handled error reaches the converted handler
_AS_HTTP_EXCEPTION, _AS_RAISED, _AS_SERVER_ERROR = "http", "raised", "server"


APP_ERROR_HANDLER = FindingSpec(
    "F2F604",
    "app-error-handler",
    Severity.INFO,
    "`@{owner}.app_errorhandler(...)` is registered on the app by web_compat (this module "
    "has no app object): the handler answers for the whole app, as in Flask.",
    "Move the handler to the module that creates the app and register it with "
    "@app.exception_handler(...).",
)


_COMMA = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


class ErrorsRule(Rule):
    name = "errors"
    SEES = Sees.FLASK_NAMES | Sees.ROUTERS | Sees.HANDLERS | Sees.EXCEPTIONS
    summary = (
        "@app.errorhandler / register_error_handler -> exception handlers returning Responses."
    )
    FINDINGS = (BLUEPRINT_ERROR_HANDLER, REGISTERED_HANDLER, APP_ERROR_HANDLER, WRAPPED_HANDLER)

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        # the handler's exception parameter, and how the error reaches it
        self._exception_names: list[str | None] = []
        self._arrivals: list[str] = []

    # -- decorators ------------------------------------------------------------------------------

    def _errorhandler(self, decorator: cst.Decorator) -> tuple[str, cst.Call] | None:
        node = decorator.decorator
        if (
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
            and node.func.attr.value in ("errorhandler", "app_errorhandler")
            and len(node.args) == 1
        ):
            owner = dotted_name(node.func.value)
            if owner is not None:
                return owner, node
        return None

    def _arrival(self, node: cst.BaseExpression) -> str:
        """How an error ``@errorhandler(node)`` handled reaches the converted handler:
        Starlette's HTTPException for a status code and for Werkzeug's HTTP errors (abort()
        became HTTPException, and FastAPI raises it for unknown URLs and wrong methods),
        the exception itself for 500 (FastAPI's server error handler), and as it was raised
        for any other class (a project's exception, Flask-WTF's CSRFError raised by code
        still running on Flask)."""
        if isinstance(node, cst.Integer):
            return _AS_SERVER_ERROR if node.value == "500" else _AS_HTTP_EXCEPTION
        qualified = self.ctx.qualname(node) or ""
        if qualified in ("werkzeug.exceptions.HTTPException", "werkzeug.HTTPException"):
            return _AS_HTTP_EXCEPTION
        short = qualified.rpartition(".")[2]
        if qualified.startswith("werkzeug.exceptions.") and short in _WERKZEUG_CODES:
            return _AS_SERVER_ERROR if short == "InternalServerError" else _AS_HTTP_EXCEPTION
        return _AS_RAISED

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        name = None
        arrivals = set()
        for decorator in node.decorators:
            found = self._errorhandler(decorator)
            if found is None:
                continue
            owner, call = found
            on_app = owner in self.ctx.app_names or (
                owner in self.ctx.blueprints and call.func.attr.value == "app_errorhandler"  # type: ignore[union-attr]
            )
            if on_app and node.params.params:
                self.ctx.error_handlers.add(node.name.value)
                name = node.params.params[0].name.value
                arrivals.add(self._arrival(call.args[0].value))
        self._exception_names.append(name)
        # one handler for several kinds of errors: its attribute reads stay as they are
        self._arrivals.append(arrivals.pop() if len(arrivals) == 1 else _AS_RAISED)

    def leave_FunctionDef(
        self, original: cst.FunctionDef, updated: cst.FunctionDef
    ) -> cst.FunctionDef:
        exception = self._exception_names.pop()
        self._arrivals.pop()
        decorators = []
        for decorator in updated.decorators:
            found = self._errorhandler(decorator)
            if found is None:
                decorators.append(decorator)
                continue
            owner, call = found
            method = call.func.attr.value  # type: ignore[union-attr]
            if owner in self.ctx.blueprints and method == "errorhandler":
                self.ctx.report(BLUEPRINT_ERROR_HANDLER, owner=owner)
                decorators.append(decorator)
                continue
            if exception is None:
                decorators.append(decorator)
                continue
            handled = self._handled(call.args[0].value)
            if owner in self.ctx.app_names:
                func: cst.BaseExpression = cst.Attribute(
                    cst.Name(owner), cst.Name("exception_handler")
                )
            elif self.ctx.app_names or not self.ctx.index.bridge:
                app = sorted(self.ctx.app_names)[0] if self.ctx.app_names else "app"
                func = cst.Attribute(cst.Name(app), cst.Name("exception_handler"))
            else:  # a blueprint module has no app: web_compat registers it on the app
                self.ctx.uses_host = True
                self.ctx.report(APP_ERROR_HANDLER, owner=owner)
                func = cst.parse_expression(self.ctx.support_reference("exception_handler"))
            new_call = cst.Call(func=func, args=[cst.Arg(handled)])
            decorators.append(replace(decorator, decorator=new_call))
        if exception is None:
            return replace(updated, decorators=decorators)
        request = cst.parse_statement("def f(request: Request, x): pass")
        assert isinstance(request, cst.FunctionDef)
        first = request.params.params[0]
        self.ctx.need("fastapi", "Request")
        params = replace(updated.params, params=[first, *updated.params.params])
        return replace(updated, decorators=decorators, params=params)

    def _handled(self, node: cst.BaseExpression) -> cst.BaseExpression:
        qualified = self.ctx.qualname(node) or ""
        if qualified in ("werkzeug.exceptions.HTTPException", "werkzeug.HTTPException"):
            self.ctx.dropped(node)
            self.ctx.need("starlette.exceptions", "HTTPException as StarletteHTTPException")
            return cst.Name("StarletteHTTPException")
        short = qualified.rpartition(".")[2]
        if qualified.startswith("werkzeug.exceptions.") and short in _WERKZEUG_CODES:
            self.ctx.dropped(node)
            return cst.Integer(str(_WERKZEUG_CODES[short]))
        return node

    # -- inside a handler: the exception's attributes ------------------------------------------

    def leave_Attribute(
        self, original: cst.Attribute, updated: cst.Attribute
    ) -> cst.BaseExpression:
        exception = self._exception_names[-1] if self._exception_names else None
        value = updated.value
        if exception is None or not (isinstance(value, cst.Name) and value.value == exception):
            return updated
        attribute = updated.attr.value
        arrival = self._arrivals[-1]
        if arrival == _AS_SERVER_ERROR:
            if attribute == "original_exception":
                return value
            if attribute in _SERVER_ERROR_ATTRIBUTES:
                return cst.parse_expression(_SERVER_ERROR_ATTRIBUTES[attribute])
            return updated
        if arrival != _AS_HTTP_EXCEPTION:
            return updated  # the exception as it was raised: its own attributes
        if attribute in _ATTRIBUTES:
            return replace(updated, attr=cst.Name(_ATTRIBUTES[attribute]))
        if attribute == "name":
            self.ctx.need("http", "HTTPStatus")
            return cst.parse_expression(f"HTTPStatus({exception}.status_code).phrase")
        return updated

    # -- register_error_handler ----------------------------------------------------------------

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        func = updated.func
        if (  # ``app.errorhandler(404)(handler)``: the same as register_error_handler
            isinstance(func, cst.Call)
            and isinstance(func.func, cst.Attribute)
            and func.func.attr.value == "errorhandler"
            and dotted_name(func.func.value) in self.ctx.app_names
            and len(func.args) == 1
            and len(updated.args) == 1
        ):
            func, updated = (
                func.func.with_changes(attr=cst.Name("register_error_handler")),
                updated.with_changes(
                    func=func.func.with_changes(attr=cst.Name("register_error_handler")),
                    args=[func.args[0].with_changes(comma=_COMMA), updated.args[0]],
                ),
            )
        if not (
            isinstance(func, cst.Attribute)
            and func.attr.value == "register_error_handler"
            and dotted_name(func.value) in self.ctx.app_names
            and len(updated.args) == 2
        ):
            return updated
        handler = dotted_name(updated.args[1].value) or "the handler"
        if self.ctx.index.bridge:
            self.ctx.report(WRAPPED_HANDLER, handler=handler)
            wrapped = cst.Call(
                func=cst.parse_expression(self.ctx.support_reference("error_handler")),
                args=[cst.Arg(updated.args[1].value)],
            )
            first = replace(updated.args[0], value=self._handled(updated.args[0].value))
            return replace(
                updated,
                func=replace(func, attr=cst.Name("add_exception_handler")),
                args=[first, cst.Arg(wrapped)],
            )
        self.ctx.report(REGISTERED_HANDLER, handler=handler)
        first = replace(updated.args[0], value=self._handled(updated.args[0].value))
        return replace(
            updated,
            func=replace(func, attr=cst.Name("add_exception_handler")),
            args=[first, updated.args[1]],
        )
