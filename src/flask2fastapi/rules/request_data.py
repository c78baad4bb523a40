"""Request data: what a handler reads from Flask's ``request`` becomes a typed parameter.

Follows FastAPI's "Query Parameters", "Header Parameters", "Cookie Parameters", "Form
Data" and "Body - Multiple Parameters" docs: a handler declares what it needs and FastAPI
parses, validates and documents it (OpenAPI). Inside a route handler:

* ``request.args.get("q")`` -> ``q: str | None = None``; ``.get("page", 1, type=int)`` ->
  ``page: int = 1``; ``request.args["q"]`` -> ``q: str`` (required);
  ``request.args.getlist("tag")`` -> ``tag: list[str] = Query([])``;
* ``request.headers.get("X-Token")`` -> ``x_token: str | None = Header(None)`` (FastAPI maps
  underscores to hyphens, and header names are case-insensitive);
  ``request.cookies.get("theme")`` -> ``theme: str | None = Cookie(None)``;
* ``request.form.get("name")`` / ``request.form["name"]`` -> ``Form`` parameters;
* ``request.get_json()`` / ``request.json`` -> ``payload: Any = Body(...)``
  (``get_json(silent=True)`` -> ``Body(None)``);
* ``request.method``, ``.path``, ``.url``, ``.host``, ``.scheme``, ``.remote_addr``,
  ``.content_type``, ``.args`` ... -> a ``request: Request`` parameter and the Starlette
  equivalent; Werkzeug's other attributes (``is_json``, ``accept_mimetypes``,
  ``endpoint``, ``values``, Flask's header names...) -> a web_compat bridge (see
  request_attributes); the body in a ``before_request`` hook -> read from its thread.

Parameters are added keyword-only, so defaults and required parameters can come in any
order. Names that are not identifiers, are keywords, or clash with other parameters get an
``alias=``. Handlers stay ``def``.

Behaviour changes are reported: a value that does not parse (``type=int``) is a 422 where
Flask fell back to the default, and a missing required field is a 422 where Flask answered
400. Refuses, and reports: ``request`` used outside a route handler (a helper function),
``request.files`` used whole or in a hook, and attributes neither Werkzeug nor Flask has.
"""

from __future__ import annotations

import functools
import keyword as python_keyword
from collections.abc import Callable
from dataclasses import dataclass, field

import libcst as cst

from flask2fastapi.hotspots import Sees
from flask2fastapi.report import Severity
from flask2fastapi.rules.app_object import APP_SHARED_ATTRIBUTES, LOGGER
from flask2fastapi.rules.base import FileContext, FindingSpec, Rule
from flask2fastapi.rules.body_models import BodyModel, infer_body_model, model_class_name
from flask2fastapi.rules.hooks import hook_kind
from flask2fastapi.rules.nodes import EQUAL, find_arg, replace, string_value
from flask2fastapi.rules.param_names import CONVERTER_NAMES, function_names, module_names
from flask2fastapi.rules.request_attributes import (
    HEADER_METHODS,
    INLINE,
    REQUEST_BRIDGED,
    ROUTING,
    WERKZEUG,
)
from flask2fastapi.rules.routes import FASTAPI_ROUTE_METHODS
from flask2fastapi.target import annotation_for

TYPED_QUERY = FindingSpec(
    "F2F401",
    "typed-parameter",
    Severity.WARNING,
    "`{name}` is now validated as {annotation}: a value that does not parse gets a 422 where "
    "Flask used the default.",
    "Keep it (clients get a clear error), or declare it `str` and convert it yourself.",
)
REQUIRED_FIELD = FindingSpec(
    "F2F402",
    "required-parameter",
    Severity.WARNING,
    "`{name}` is required: a request without it gets a 422 where Flask answered 400.",
    "Keep it, or add an exception handler for RequestValidationError that answers 400.",
)
REQUEST_OUTSIDE_HANDLER = FindingSpec(
    "F2F403",
    "request-outside-handler",
    Severity.MANUAL,
    "`request` is used in `{function}`, which could not be given the request: {reason}; "
    "FastAPI has no global request.{host}",
    "Pass what this function needs as arguments from the handler (declare them as handler "
    "parameters), or pass `request: Request` down.",
)
REQUEST_ATTRIBUTE = FindingSpec(
    "F2F404",
    "request-attribute",
    Severity.MANUAL,
    "`request.{attribute}` has no direct equivalent in a sync FastAPI handler; left as it was.",
    "{advice}",
)
READ_LEFT = FindingSpec(
    "F2F410",
    "request-read-left",
    Severity.MANUAL,
    "`{code}` was not made a parameter: {reason}; it reads the request as Flask's did.",
    "Declare the parameter yourself (Query/Form/Header/Cookie with alias=...) and convert the "
    "value in the handler.",
)
UPLOAD_SAVE = FindingSpec(
    "F2F407",
    "upload-save",
    Severity.INFO,
    "`{name}.save(path)` became `pathlib.Path(path).write_bytes({name}.file.read())`.",
    "If `save` was given a file object rather than a path, use "
    "shutil.copyfileobj({name}.file, target) instead.",
)
DECORATOR_REQUEST = FindingSpec(
    "F2F409",
    "decorator-request",
    Severity.INFO,
    "`@{decorator}` read Flask's global request: its wrapper now takes the request from the "
    "handler's `request: Request` argument, and the handlers it decorates declare one.",
    "The idiomatic FastAPI form is a dependency (`dependencies=[Depends(...)]`); "
    "the wrapper keeps Flask's early returns working as they are.",
)
G_OUTSIDE_HANDLER = FindingSpec(
    "F2F411",
    "g-outside-handler",
    Severity.MANUAL,
    "`g` is used in `{function}`, outside a route handler: Flask's per-request `g` has no "
    "global FastAPI equivalent.{host}",
    "Store per-request values on `request.state` from a handler or a dependency, and pass "
    "the request (or the value) to the code that reads them.",
)
SESSION_OUTSIDE_HANDLER = FindingSpec(
    "F2F412",
    "session-outside-handler",
    Severity.MANUAL,
    "`session` is used in `{function}`, outside a route handler: FastAPI's session lives on "
    "the request.{host}",
    "Pass `request` (or the values) to this code and use request.session.",
)
NO_SECRET_KEY = FindingSpec(
    "F2F413",
    "no-secret-key",
    Severity.MANUAL,
    "`session` became `request.session`, but no module sets the app's secret key: as in "
    "Flask, the session stays empty and a change to it fails (web_compat.SessionMiddleware "
    "without a key).",
    'Set the secret key from your settings (app.config["SECRET_KEY"] = '
    'os.environ["SECRET_KEY"]); the session middleware signs the session with it.',
)
CURRENT_APP_OUTSIDE_HANDLER = FindingSpec(
    "F2F414",
    "current-app-outside-handler",
    Severity.MANUAL,
    "`current_app` is used in `{function}`, outside a route handler: a FastAPI app is reached "
    "through the request (`request.app`), there is no global one.{host}",
    "Pass `request.app` (or `request.app.state.config`, or the values) from the handler, or "
    "import the app object where there is no request.",
)
CURRENT_APP_ATTRIBUTE = FindingSpec(
    "F2F415",
    "current-app-attribute",
    Severity.MANUAL,
    "`current_app.{attribute}` is Flask API: a FastAPI app has no `{attribute}`.",
    "{advice}",
)
HELPER_THREADED = FindingSpec(
    "F2F408",
    "request-passed-down",
    Severity.INFO,
    "`{function}()` read Flask's global request (or current_app); it now takes "
    "`request: Request` from the handlers that call it.",
    "Consider passing only the values it needs.",
)
BODY_MODEL = FindingSpec(
    "F2F406",
    "body-model",
    Severity.INFO,
    "The JSON body is now `{name}: {model}`, a Pydantic model of the keys the handler reads "
    "({keys}); other keys are kept.",
    "Give the fields precise types (str, int, ...) to get validation and a better schema.",
)
JSON_BODY = FindingSpec(
    "F2F405",
    "json-body",
    Severity.INFO,
    "The JSON body is now the `{name}` parameter (any JSON value).",
    "Declare a Pydantic model for it to get validation and a documented schema.",
)

HANDLER_CALL = FindingSpec(
    "F2F417",
    "handler-call",
    Severity.WARNING,
    "The route handler `{handler}` is called directly: it now takes what it read from the "
    "request as parameters, so the call goes through web_compat.call_handler, which reads "
    "them from this request (a form or a JSON body too, from a sync handler; an async "
    "caller gets their defaults).",
    "Move the shared code into a helper both handlers call with the values it needs.",
)
HANDLER_CALL_OUTSIDE = FindingSpec(
    "F2F419",
    "handler-call-outside-handler",
    Severity.MANUAL,
    "The route handler `{handler}` is called from `{function}`, which has no request to give "
    "it: what the handler read from the request are parameters now, and this call leaves "
    "them at their defaults.",
    "Call it from a route handler (web_compat.call_handler({handler}, request, ...)), or move "
    "the shared code into a helper that takes the values it needs.",
)
FORM_DATA = FindingSpec(
    "F2F416",
    "form-data",
    Severity.INFO,
    "`request.form` is now `{name}`, the whole form read by a dependency: an empty field "
    'stays "" and a missing one is still a 400, as in Flask, and a GET has an empty form. '
    "FastAPI's Form() takes an empty field for a missing one (a 422 for a required field, "
    "the default otherwise), before the handler and its decorators run.",
    "Declare typed Form(...) parameters (or a Pydantic model with Form) where an empty field "
    "may be refused with a 422.",
)

# a hook's body reads -> the web_compat function that reads it from its worker thread
_IN_THREAD = {"json": "request_json", "data": "request_body", "form": "request_form"}
# request.<a>.<b> converted as one read
_WHOLE_READS = {("user_agent", "string"), ("headers", "environ")}
# builtins that iterate over their argument: ``dict(request.headers)``
_ITERATING = frozenset({"dict", "list", "tuple", "set", "sorted", "enumerate", "zip"})
WERKZEUG_HEADERS = (
    "Starlette's request.headers gives lower-case names (and a header sent twice as two "
    "values): use it where that does not matter."
)

# the parameter a handler reads its whole body through, by source
_WHOLE_BODY_NAMES = {"raw": "raw_body", "form_data": "form"}

_CONTAINERS = {
    "args": "query",
    "form": "form",
    "headers": "header",
    "cookies": "cookie",
    "files": "file",
}
_FASTAPI_MARKER = {
    "query": "Query",
    "form": "Form",
    "header": "Header",
    "cookie": "Cookie",
    "file": "File",
}
# Werkzeug FileStorage -> Starlette UploadFile, for a sync handler
_UPLOAD_ATTRIBUTES = {"mimetype": "content_type", "stream": "file", "name": "filename"}
_SIMPLE_TYPES = {"int", "float", "str"}
_CURRENT_APP_ADVICE = {
    "extensions": "Keep extension objects in a module or on request.app.state.",
    "root_path": "Resolve files relative to the module (Path(__file__).parent).",
    "name": "Use a constant for the application's name.",
    "jinja_env": "Configure Jinja2Templates(...).env.",
    "_get_current_object": "Pass request.app from the handler.",
    "app_context": "Code that needs an app context must take the app (or settings) explicitly.",
    "send_static_file": "Mount StaticFiles, or return a FileResponse.",
    "open_resource": "Open the file relative to the module (Path(__file__).parent).",
}
_ADVICE = {
    "get_data": "Read the body with a dependency: `raw_body: bytes = Depends(read_body)`.",
    "stream": "Use `request.stream()` in an async handler.",
    "files": "Declare `file: UploadFile` parameters (python-multipart) and read them by name.",
    "values": "Read request.query_params, or declare Form parameters, depending on the source.",
    "is_json": 'Compare request.headers.get("content-type") with "application/json".',
    "authorization": "Use fastapi.security (HTTPBasic, HTTPBearer) as a dependency.",
}


@dataclass
class NewParam:
    name: str
    annotation: str
    default: str | None  # code; None for a required parameter
    marker: str | None = None  # Query/Header/Cookie/Form/Body, or None for a plain default
    alias: str | None = None
    source: str = "query"
    key: str = ""
    auto_marker: bool = False  # the marker is there only for the alias

    def fix_alias(self) -> None:
        """The alias FastAPI needs to find ``key`` under this parameter's name."""
        if self.source in ("body", "raw"):
            self.alias = None
        elif self.source == "header":
            self.alias = None if self.name.replace("_", "-") == self.key.lower() else self.key
        else:
            self.alias = None if self.name == self.key else self.key
        if self.auto_marker and self.alias is None:
            self.marker, self.auto_marker = None, False
        if self.source in ("query", "file") and self.marker is None and self.alias is not None:
            self.marker, self.auto_marker = _FASTAPI_MARKER[self.source], True

    def code(self) -> str:
        if self.marker is None:
            default = "" if self.default is None else f" = {self.default}"
            return f"{self.name}: {self.annotation}{default}"
        args = [] if self.default is None else [self.default]
        if self.alias:
            args.append(f'alias="{self.alias}"')
        return f"{self.name}: {self.annotation} = {self.marker}({', '.join(args)})"


@dataclass
class _HandlerState:
    taken: set[str]  # names a new parameter must not have (see param_names)
    # ``x = <read>`` assignments whose variable the parameter may be named after (by id)
    keepable: dict[int, str] = field(default_factory=dict)
    assigning: str | None = None  # the variable of the keepable assignment being visited
    helper: bool = False  # a helper that takes ``request: Request`` from its callers
    wrapper_kwargs: str | None = None  # a decorator's wrapper: the request is in **kwargs
    has_request: bool = False  # the function already receives the request (exception handler)
    params: dict[str, NewParam] = field(default_factory=dict)
    by_key: dict[tuple[str, str], str] = field(default_factory=dict)
    references: dict[str, int] = field(default_factory=dict)  # param -> expressions using it
    findings: list[tuple[FindingSpec, dict[str, str]]] = field(default_factory=list)
    needs_request: bool = False
    # a function nested in the one this state is of: it reads that function's request
    enclosing: _HandlerState | None = None
    renamed: set[str] = field(default_factory=set)
    uploads: set[str] = field(default_factory=set)  # parameters holding an UploadFile
    # the route also serves GET/HEAD: its form is read whole (see RequestDataRule._form)
    whole_form: bool = False

    def rename(self, old: str, new: str) -> None:
        param = self.params.pop(old)
        param.name = new
        param.fix_alias()
        self.params[new] = param
        if old in self.uploads:
            self.uploads.discard(old)
            self.uploads.add(new)
        for key, name in self.by_key.items():
            if name == old:
                self.by_key[key] = new
        self.taken.discard(old)
        self.taken.add(new)
        self.renamed.add(new)


def _identifier(key: str) -> str:
    name = "".join(c if c.isalnum() or c == "_" else "_" for c in key.lower()).strip("_")
    if not name or name[0].isdigit():
        name = f"p_{name}"
    return name


class RequestDataRule(Rule):
    name = "request_data"
    SEES = Sees.FLASK_NAMES | Sees.ROUTERS | Sees.REQUEST_CALLS | Sees.HANDLERS
    summary = "request.args/form/headers/cookies/json -> typed handler parameters."
    FINDINGS = (
        TYPED_QUERY,
        REQUIRED_FIELD,
        REQUEST_OUTSIDE_HANDLER,
        REQUEST_ATTRIBUTE,
        JSON_BODY,
        BODY_MODEL,
        UPLOAD_SAVE,
        HELPER_THREADED,
        DECORATOR_REQUEST,
        READ_LEFT,
        G_OUTSIDE_HANDLER,
        SESSION_OUTSIDE_HANDLER,
        NO_SECRET_KEY,
        CURRENT_APP_OUTSIDE_HANDLER,
        CURRENT_APP_ATTRIBUTE,
        FORM_DATA,
        HANDLER_CALL,
        HANDLER_CALL_OUTSIDE,
        REQUEST_BRIDGED,
    )

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self._states: list[_HandlerState | None] = []
        self._consumed: set[int] = set()  # request.<x> nodes a parent call converts
        self._outside_reported: set[str] = set()
        self._shadowed: list[bool] = []  # per function: binds its own ``request``
        self._g_reported: set[tuple[str, str]] = set()
        self._session_warned = False
        self._models: list[tuple[str, BodyModel]] = []  # (top-level function, model)
        self._needs_body_reader = False
        self._method_checks = 0  # enclosing ``if``s that test ``request.method``
        self._if_checks: list[bool] = []  # per enclosing ``if``: does it test it
        # hooks an earlier run turned into middlewares: ``run_in_threadpool(hook, ...)``
        self._middleware_hooks: set[str] = set()
        self._module: cst.Module | None = None
        self._module_names: set[str] | None = None  # see param_names, made on first use
        self._iterated: set[int] = set()  # expressions iterated over (``for``, ``dict(x)``)
        # ``session.permanent`` as a target: True assigned to (converted), False otherwise
        self._permanent_targets: dict[int, bool] = {}

    def visit_Module(self, node: cst.Module) -> None:
        self._module = node
        for statement in node.body:
            if (
                isinstance(statement, cst.FunctionDef)
                and statement.asynchronous
                and any(_middleware_decorator(d) for d in statement.decorators)
            ):
                self._middleware_hooks |= _threadpool_calls(statement)

    # -- scope ---------------------------------------------------------------------------------

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._shadowed.append(bool(self._shadowed and self._shadowed[-1]) or _binds_request(node))
        stack = self.ctx.function_stack
        kinds = {
            hook_kind(d, self.ctx.app_names, set(self.ctx.blueprints)) for d in node.decorators
        }
        # hooks the hooks rule calls from a middleware, which hands them the request
        before_hook = ("before" in kinds and not node.params.params) or (
            bool(kinds & {"teardown", "after"}) and len(node.params.params) == 1
        )
        # an exception handler gets the request as its first argument (the errors rule)
        error_handler = node.name.value in self.ctx.error_handlers
        helper = (
            before_hook
            or error_handler
            or (node.name.value in self._middleware_hooks and len(stack) == 1)
            # a module-level function (a method of the same name is not the helper)
            or (node.name.value in self.ctx.threaded_helpers and len(self.ctx.scopes) == 1)
        )
        kwargs = None
        star_kwarg = node.params.star_kwarg
        if (
            len(stack) == 2
            and stack[0].name.value in self.ctx.request_decorators
            and isinstance(star_kwarg, cst.Param)
            and star_kwarg.name.value == self.ctx.request_decorators[stack[0].name.value]
        ):
            kwargs = star_kwarg.name.value
        decorated = any(
            isinstance(d.decorator, cst.Name) and d.decorator.value in self.ctx.request_decorators
            for d in node.decorators
        )
        key = self.ctx.handler_key(node)
        enclosing = self._state
        if key not in self.ctx.handlers and not helper and kwargs is None:
            if enclosing is not None and enclosing.wrapper_kwargs is None and len(stack) > 1:
                # a function nested in a handler (or a helper) reads the request of the
                # function around it: the same reads on the request it now takes
                closure = _HandlerState(taken=enclosing.taken, helper=True, enclosing=enclosing)
                self._states.append(closure)
                self.ctx.request_scopes.append(True)
                return
            self._states.append(None)
            self.ctx.request_scopes.append(False)
            return
        params = node.params
        taken = {
            p.name.value for p in (*params.posonly_params, *params.params, *params.kwonly_params)
        }
        # a new parameter must not shadow a name of the function, its module or the
        # converter's imports (see param_names)
        if self._module_names is None:
            self._module_names = module_names(self._module) if self._module else set()
        names = function_names(node)
        taken |= names.used | self._module_names | CONVERTER_NAMES
        state = _HandlerState(taken=taken, helper=helper or kwargs is not None)
        state.keepable = names.keepable
        state.whole_form = _serves_without_body(node)
        state.wrapper_kwargs = kwargs
        state.has_request = error_handler
        # the decorator's wrapper finds the request among the handler's arguments
        state.needs_request = decorated and key in self.ctx.handlers
        self._states.append(state)
        self.ctx.request_scopes.append(True)  # a wrapper binds ``request`` from its kwargs

    @property
    def _state(self) -> _HandlerState | None:
        return self._states[-1] if self._states else None

    def _is_request(self, node: cst.BaseExpression) -> bool:
        if self._shadowed and self._shadowed[-1]:
            return False  # a local ``request`` (a Request parameter or variable)
        return self.ctx.is_flask(node, "request")

    # -- matching --------------------------------------------------------------------------------

    def _container(self, node: cst.BaseExpression) -> str | None:
        """``request.args`` -> "query", ``request.headers`` -> "header", ..."""
        if (
            isinstance(node, cst.Attribute)
            and self._is_request(node.value)
            and node.attr.value in _CONTAINERS
        ):
            return _CONTAINERS[node.attr.value]
        return None

    def _is_g(self, node: cst.BaseExpression) -> bool:
        return self.ctx.is_flask(node, "g")

    def _is_session(self, node: cst.BaseExpression) -> bool:
        return self.ctx.is_flask(node, "session")

    def _session(self, node: cst.BaseExpression) -> cst.BaseExpression | None:
        """``request.session`` in place of Flask's ``session`` (None outside a handler)."""
        state = self._state
        function = self.ctx.function_stack[0].name.value if self.ctx.function_stack else ""
        if state is None:
            if ("session", function) not in self._g_reported:
                self._g_reported.add(("session", function))
                self.ctx.report(
                    SESSION_OUTSIDE_HANDLER,
                    function=function or "module-level code",
                    host=self.ctx.host_note("session"),
                )
            return None
        index = self.ctx.index  # a key loaded into the config is used when the app starts
        if not (index.has_secret_key or index.uses_config) and not self._session_warned:
            self._session_warned = True
            self.ctx.report(NO_SECRET_KEY)
        self._takes_request(state, node)
        return cst.Attribute(cst.Name("request"), cst.Name("session"))

    def leave_Comparison(
        self, original: cst.Comparison, updated: cst.Comparison
    ) -> cst.BaseExpression:
        """``"x" in g`` -> ``hasattr(request.state, "x")`` (``not in``: ``not hasattr``)."""
        if len(updated.comparisons) != 1:
            return updated
        target = updated.comparisons[0]
        if not isinstance(target.operator, cst.In | cst.NotIn) or not self._is_g(target.comparator):
            return updated
        state = self._state
        if state is None:
            return self._outside_g(updated)
        self._takes_request(state, target.comparator)
        test: cst.BaseExpression = cst.Call(
            func=cst.Name("hasattr"),
            args=[
                cst.Arg(_expression("request.state"), comma=_COMMA),
                cst.Arg(updated.left),
            ],
        )
        if isinstance(target.operator, cst.NotIn):
            test = cst.UnaryOperation(cst.Not(), test)
        return replace(test, lpar=updated.lpar, rpar=updated.rpar)

    def leave_ComparisonTarget(
        self, original: cst.ComparisonTarget, updated: cst.ComparisonTarget
    ) -> cst.ComparisonTarget:
        if self._is_session(updated.comparator):
            session = self._session(updated.comparator)
            if session is not None:
                return replace(updated, comparator=session)
        return updated

    def _g_attribute(self, node: cst.Attribute) -> cst.BaseExpression:
        """``g.user`` (read or assigned) -> ``request.state.user`` in a handler."""
        state = self._state
        if state is None:
            return self._outside_g(node)
        self._takes_request(state, node.value)
        return replace(node, value=cst.Attribute(cst.Name("request"), cst.Name("state")))

    def _current_app(self, node: cst.Attribute) -> cst.BaseExpression:
        """``current_app.config`` -> ``request.app.state.config`` in a handler, and the
        attributes a FastAPI app shares -> ``request.app.<attribute>``."""
        attribute = node.attr.value
        if attribute == "logger":
            self.ctx.dropped(node.value)
            self.ctx.need("logging")
            if ("logger", "") not in self._g_reported:
                self._g_reported.add(("logger", ""))
                self.ctx.report(LOGGER, app="current_app")
            return cst.parse_expression("logging.getLogger(__name__)")
        state = self._state
        if state is None:
            stack = self.ctx.function_stack
            if stack and _routed(stack[-1]):
                return node  # a handler converted by an earlier run: reported already
            function = stack[0].name.value if stack else ""
            if ("current_app", function) not in self._g_reported:
                self._g_reported.add(("current_app", function))
                self.ctx.report(
                    CURRENT_APP_OUTSIDE_HANDLER,
                    function=function or "module-level code",
                    host=self.ctx.host_note("current_app"),
                )
            return node
        if attribute == "config":
            code = "request.app.state.config"
        elif attribute in APP_SHARED_ATTRIBUTES:
            code = f"request.app.{attribute}"
        else:
            if ("current_app." + attribute, "") not in self._g_reported:
                self._g_reported.add(("current_app." + attribute, ""))
                self.ctx.report(
                    CURRENT_APP_ATTRIBUTE,
                    attribute=attribute,
                    advice=_CURRENT_APP_ADVICE.get(
                        attribute, "Keep this state on request.app.state, or in a module."
                    ),
                )
            return node
        self._takes_request(state, node.value)
        return _expression(code)

    def _outside_g(self, node: cst.BaseExpression) -> cst.BaseExpression:
        function = self.ctx.function_stack[0].name.value if self.ctx.function_stack else ""
        if ("g", function) not in self._g_reported:
            self._g_reported.add(("g", function))
            self.ctx.report(
                G_OUTSIDE_HANDLER,
                function=function or "module-level code",
                host=self.ctx.host_note("g"),
            )
        return node

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Name) and func.value in _ITERATING and node.args:
            self._iterated.add(id(node.args[0].value))  # ``dict(request.headers)``
        if (
            isinstance(func, cst.Attribute)
            and self._is_g(func.value)
            and func.attr.value in ("get", "pop")
        ):
            self._consumed.add(id(func))
        if isinstance(func, cst.Attribute) and self._container(func.value) is not None:
            self._consumed.add(id(func.value))
        elif isinstance(func, cst.Attribute) and self._is_request(func.value):
            self._consumed.add(id(func))

    def visit_Subscript(self, node: cst.Subscript) -> None:
        if self._container(node.value) is not None:
            self._consumed.add(id(node.value))

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        func = updated.func
        state = self._state
        if isinstance(func, cst.Attribute) and self._is_g(func.value) and func.attr.value == "pop":
            if state is None or not 1 <= len(updated.args) <= 2:
                return self._outside_g(updated)
            self._takes_request(state, func.value)
            # Starlette's State keeps its attributes in the ``_state`` dict
            return replace(updated, func=_expression("request.state._state.pop"))
        if isinstance(func, cst.Attribute) and self._is_g(func.value) and func.attr.value == "get":
            if state is None or not 1 <= len(updated.args) <= 2:
                return self._outside_g(updated)
            self._takes_request(state, func.value)
            default = updated.args[1].value if len(updated.args) == 2 else cst.Name("None")
            return cst.Call(
                func=cst.Name("getattr"),
                args=[
                    cst.Arg(cst.parse_expression("request.state"), comma=_COMMA),
                    cst.Arg(updated.args[0].value, comma=_COMMA),
                    cst.Arg(default),
                ],
            )
        if (
            isinstance(func, cst.Name)
            and func.value in self.ctx.threaded_helpers
            and state is not None
            and not state.helper
        ):
            state.needs_request = True
            self.ctx.need("fastapi", "Request")
            args = [*updated.args]
            if args and args[-1].comma is cst.MaybeSentinel.DEFAULT:
                args[-1] = replace(
                    args[-1], comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
                )
            args.append(cst.Arg(cst.Name("request"), keyword=cst.Name("request"), equal=EQUAL))
            return replace(updated, args=args)
        if (
            isinstance(func, cst.Name)
            and state is not None
            and state.wrapper_kwargs is None
            and func.value in self.ctx.handlers_reading_request
            and self.ctx.function_stack
            and func.value != self.ctx.function_stack[-1].name.value
        ):  # a handler calling another one, which now takes its reads as parameters
            self._takes_request(state, func)
            self.ctx.report(HANDLER_CALL, handler=func.value)
            return cst.Call(
                func=cst.parse_expression(self.ctx.support_reference("call_handler")),
                args=[
                    cst.Arg(func, comma=_COMMA),
                    cst.Arg(
                        cst.Name("request"),
                        comma=_COMMA if updated.args else cst.MaybeSentinel.DEFAULT,
                    ),
                    *updated.args,
                ],
            )
        if (
            isinstance(func, cst.Name)
            and func.value in self.ctx.handlers_reading_request
            and (state is None or state.wrapper_kwargs is not None)
            and self.ctx.function_stack
            and func.value != self.ctx.function_stack[-1].name.value
        ):  # no request here to read the handler's parameters from
            self.ctx.report(
                HANDLER_CALL_OUTSIDE,
                handler=func.value,
                function=self.ctx.function_stack[-1].name.value,
            )
            return updated
        if not isinstance(func, cst.Attribute):
            return updated
        source = self._container(func.value)
        method = func.attr.value
        if source is not None:
            if state is None:
                return self._outside(updated)
            if state.helper:
                return self._helper_read(updated, func.value, state)
            if source == "form" and (
                self._reads_whole_form(state) or (method == "get" and not _empty_default(updated))
            ):  # an empty field: Form() would give the default (or None), Flask gave ""
                return replace(updated, func=replace(func, value=self._form(state, func.value)))
            if source == "file" and method in ("get", "getlist"):
                return self._file(updated, state, many=method == "getlist")
            if method == "get":
                return self._get(updated, source, state, original=func.value)
            if method == "getlist" and source in ("query", "form"):
                return self._getlist(updated, source, state)
            return self._whole_container(updated, source, state)
        if self._is_request(func.value) and method == "get_data":
            if state is None:
                return self._outside(updated)
            as_text = find_arg(updated, "as_text")
            # ``cache=`` changes nothing here: the body is read once, before the handler
            others = [
                a
                for a in updated.args
                if a is not as_text and not (a.keyword is not None and a.keyword.value == "cache")
            ]
            if others:
                self.ctx.report(
                    REQUEST_ATTRIBUTE,
                    attribute="get_data(...)",
                    advice=_ADVICE["get_data"],
                )
                return updated
            raw = (
                self._in_thread(state, func.value, "request_body", "get_data()")
                if state.helper
                else self._raw_body(state, func.value)
            )
            text = as_text is not None and not (
                isinstance(as_text.value, cst.Name) and as_text.value.value == "False"
            )
            return cst.Call(cst.Attribute(raw, cst.Name("decode"))) if text else raw
        if self._is_request(func.value) and method == "get_json":
            if state is None:
                return self._outside(updated)
            if state.helper:
                options = [a for a in updated.args if a.keyword is not None]
                if len(options) != len(updated.args):
                    return self._left(updated, "its arguments are positional")
                return self._in_thread(state, func.value, "request_json", "get_json()", options)
            silent = find_arg(updated, "silent")
            optional = silent is not None and not (
                isinstance(silent.value, cst.Name) and silent.value.value == "False"
            )
            return self._body(state, optional, func.value)
        return updated

    def leave_Subscript(
        self, original: cst.Subscript, updated: cst.Subscript
    ) -> cst.BaseExpression:
        if self._is_session(updated.value):
            session = self._session(updated.value)
            return updated if session is None else replace(updated, value=session)
        source = self._container(updated.value)
        if source is None or len(updated.slice) != 1:
            return updated
        state = self._state
        if state is None:
            return self._outside(updated)
        index = updated.slice[0].slice
        key = string_value(index.value) if isinstance(index, cst.Index) else None
        if state.helper:
            return self._helper_read(updated, updated.value, state)
        if source == "form":  # an empty field: Form() would answer 422, Flask gave ""
            return replace(updated, value=self._form(state, updated.value))
        if key is None:
            return self._left(updated, "its key is not a string literal")
        if source == "file":
            name = self._param(state, source, key, "UploadFile", None, updated.value)
            state.uploads.add(name.value)
            self.ctx.need("fastapi", "UploadFile")
            return name
        return self._param(state, source, key, "str", None, updated.value)

    def leave_Attribute(
        self, original: cst.Attribute, updated: cst.Attribute
    ) -> cst.BaseExpression:
        whole = self._whole_read(original, updated)
        if whole is not None:
            return whole
        if id(original) in self._consumed:
            return updated
        if self._is_g(updated.value):
            return self._g_attribute(updated)
        if self.ctx.is_flask(updated.value, "current_app"):
            return self._current_app(updated)
        if self._is_session(updated.value):
            if updated.attr.value == "permanent":
                return self._permanent(original, updated)
            if updated.attr.value in ("modified", "new"):
                self.ctx.report(
                    REQUEST_ATTRIBUTE,
                    attribute=f"session.{updated.attr.value}",
                    advice="Set the changed key again (request.session[key] = value): the "
                    "session is saved when a key is set.",
                )
                return updated
            session = self._session(updated.value)
            return updated if session is None else replace(updated, value=session)
        if not self._is_request(updated.value):
            return updated
        state = self._state
        if state is None:
            return self._outside(updated)
        attribute = updated.attr.value
        if attribute == "headers" and id(original) in self._iterated:
            return self._werkzeug(state, updated, "headers", WERKZEUG_HEADERS, shown="headers")
        if attribute == "form" and not state.helper:
            return self._form(state, updated)
        if attribute == "args" and not state.helper:
            return self._query_args(state, updated)
        if state.helper and attribute in _IN_THREAD:
            return self._in_thread(state, updated.value, _IN_THREAD[attribute], attribute)
        if attribute == "json":
            return self._body(state, False, updated.value)
        if attribute == "data":
            return self._raw_body(state, updated.value)
        return self._attribute(state, updated)

    def _permanent(self, original: cst.Attribute, updated: cst.Attribute) -> cst.BaseExpression:
        """Flask's ``session.permanent`` is the session's "_permanent" key (web_compat's
        SessionMiddleware reads it): ``session.permanent = X`` ->
        ``request.session["_permanent"] = X`` (``bool(X)`` in the assignment), a read ->
        ``request.session.get("_permanent", False)``; ``del`` and ``+=`` are reported."""
        store = self._permanent_targets.get(id(original))
        if store is False:
            self.ctx.report(
                REQUEST_ATTRIBUTE,
                attribute="session.permanent",
                advice='Set request.session["_permanent"] = True or False instead.',
            )
            return updated
        session = self._session(updated.value)
        if session is None:
            return updated
        key = cst.SimpleString('"_permanent"')
        if store:
            return cst.Subscript(session, [cst.SubscriptElement(cst.Index(key))])
        read = cst.Attribute(session, cst.Name("get"))
        return cst.Call(read, [cst.Arg(key, comma=_COMMA), cst.Arg(cst.Name("False"))])

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if self._is_permanent(node.target):
            self._permanent_targets[id(node.target)] = False

    def visit_Del(self, node: cst.Del) -> None:
        if self._is_permanent(node.target):
            self._permanent_targets[id(node.target)] = False

    def _is_permanent(self, node: cst.BaseExpression) -> bool:
        return (
            isinstance(node, cst.Attribute)
            and node.attr.value == "permanent"
            and self._is_session(node.value)
        )

    def _in_thread(
        self,
        state: _HandlerState,
        request_name: cst.BaseExpression,
        function: str,
        shown: str,
        options: list[cst.Arg] | None = None,
    ) -> cst.Call:
        """``web_compat.request_body(request)`` (``request_json``, ``request_form``): the
        body read from the worker thread of a hook, which cannot take it as a parameter."""
        reference = self.ctx.support_reference(function)
        note = " (read on the event loop from the worker thread the hook runs in)"
        advice = "Validate the body in the handlers (parameters), or in a dependency."
        self._bridged(shown, reference, note, advice)
        self._takes_request(state, request_name)
        args = [cst.Arg(cst.Name("request"))]
        for option in options or []:
            args[-1] = replace(args[-1], comma=_COMMA)
            args.append(replace(option, comma=cst.MaybeSentinel.DEFAULT))
        return cst.Call(_expression(reference), args)

    # -- Werkzeug's request attributes (see request_attributes) --------------------------------

    def _attribute(self, state: _HandlerState, node: cst.Attribute) -> cst.BaseExpression:
        """``request.<attribute>``: Starlette's answer, or a web_compat bridge (F2F418)."""
        attribute = node.attr.value
        code = INLINE.get(attribute)
        if attribute == "view_args" and not state.helper:
            code = "request.path_params"
        if code is not None:
            return self._request_expr(code, state, node.value)
        if attribute == "values":
            return self._values(state, node)
        if attribute == "stream" and not state.helper:  # the body, read before the handler
            self.ctx.need("io")
            return cst.Call(_expression("io.BytesIO"), [cst.Arg(self._raw_body(state, node.value))])
        if attribute in WERKZEUG:
            return self._werkzeug(state, node, attribute, WERKZEUG[attribute])
        if attribute in ROUTING:
            function, starlette = ROUTING[attribute]
            reference = self.ctx.support_reference(function)
            self._bridged(attribute, reference, "", f"Use {starlette}.")
            return self._request_expr(f"{reference}(request)", state, node.value)
        self.ctx.report(
            REQUEST_ATTRIBUTE,
            attribute=attribute,
            advice=_ADVICE.get(attribute, "Use the Starlette Request API (request: Request)."),
        )
        return node

    def visit_For(self, node: cst.For) -> None:
        self._iterated.add(id(node.iter))

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._iterated.add(id(node.iter))

    def visit_Attribute(self, node: cst.Attribute) -> None:
        """``request.headers.environ`` and ``request.user_agent.string``: converted whole."""
        inner = node.value
        if (
            isinstance(inner, cst.Attribute)
            and self._is_request(inner.value)
            and (inner.attr.value, node.attr.value) in _WHOLE_READS
        ):
            self._consumed.add(id(inner))

    def _whole_read(
        self, original: cst.Attribute, updated: cst.Attribute
    ) -> cst.BaseExpression | None:
        inner = original.value
        if not (isinstance(inner, cst.Attribute) and id(inner) in self._consumed):
            return None
        pair = (inner.attr.value, original.attr.value)
        if pair not in _WHOLE_READS or not self._is_request(inner.value):
            return None
        state = self._state
        if state is None:
            return self._outside(updated)
        if pair == ("user_agent", "string"):
            return self._request_expr('request.headers.get("user-agent", "")', state, inner.value)
        return self._werkzeug(state, inner, "environ", WERKZEUG["environ"], shown="headers.environ")

    def _bridged(self, attribute: str, bridge: str, note: str, advice: str) -> None:
        """One F2F418 per attribute and statement."""
        message, _ = REQUEST_BRIDGED.format(
            attribute=attribute, bridge=bridge, note=note, advice=advice
        )
        statement = self.ctx._open[-1] if self.ctx._open else []
        if any(self.ctx.pending[i].message == message for i in statement):
            return
        self.ctx.report(
            REQUEST_BRIDGED, attribute=attribute, bridge=bridge, note=note, advice=advice
        )

    def _werkzeug(
        self,
        state: _HandlerState,
        node: cst.Attribute,
        attribute: str,
        advice: str,
        shown: str | None = None,
    ) -> cst.BaseExpression:
        """``web_compat.werkzeug_request(request).<attribute>``"""
        reference = self.ctx.support_reference("werkzeug_request")
        note = " (built from the same method, URL, headers and client)"
        self._bridged(shown or attribute, f"{reference}(request)", note, advice)
        return self._request_expr(f"{reference}(request).{attribute}", state, node.value)

    def _values(self, state: _HandlerState, node: cst.Attribute) -> cst.BaseExpression:
        """``request.values``: the query arguments and the form, as one MultiDict."""
        reference = self.ctx.support_reference("request_values")
        advice = "Read request.query_params, or declare Form parameters, for each source."
        if state.helper:  # the form read from the hook's worker thread
            form = self._in_thread(state, node.value, "request_form", "form")
            self._bridged("values", reference, " (the query, then the form but for a GET)", advice)
            return cst.Call(
                func=_expression(reference),
                args=[cst.Arg(cst.Name("request"), comma=_COMMA), cst.Arg(form)],
            )
        form = self._form(state, node)
        self._bridged("values", reference, " (the query, then the form but for a GET)", advice)
        state.needs_request = True  # the form's reading dropped the reference already
        self.ctx.need("fastapi", "Request")
        return cst.Call(
            func=_expression(reference),
            args=[cst.Arg(cst.Name("request"), comma=_COMMA), cst.Arg(form)],
        )

    # -- the whole form --------------------------------------------------------------------------

    def _whole_container(
        self, node: cst.Call, source: str, state: _HandlerState
    ) -> cst.BaseExpression:
        """``request.args.items()``, ``.to_dict()``, ``.lists()``, ...: the same call on
        the whole container, with Werkzeug's MultiDict API (web_compat.MultiDict)."""
        func = node.func
        assert isinstance(func, cst.Attribute)
        container = func.value
        assert isinstance(container, cst.Attribute)
        if source == "form":
            return replace(node, func=replace(func, value=self._form(state, container)))
        if source == "query":
            return replace(node, func=replace(func, value=self._query_args(state, container)))
        if source in ("header", "cookie"):
            value = self._werkzeug_container(state, container, source, func.attr.value)
            return replace(node, func=replace(func, value=value))
        self.ctx.report(REQUEST_ATTRIBUTE, attribute="files", advice=_ADVICE["files"])
        return node

    def _on_container(
        self,
        state: _HandlerState,
        node: cst.Call | cst.Subscript,
        container: cst.Attribute,
        source: str,
    ) -> cst.BaseExpression:
        """A read kept a read (not a parameter), on a container that answers as Werkzeug's:
        the query and the cookies as a MultiDict, Werkzeug's headers for ``type=``."""
        if isinstance(node, cst.Subscript):
            method = "[]"
        else:
            assert isinstance(node.func, cst.Attribute)
            method = node.func.attr.value
            if find_arg(node, "type", 2) is not None:
                method = "typed"
        if source == "query":
            value = self._query_args(state, container)
        else:
            value = self._werkzeug_container(state, container, source, method)
        if isinstance(node, cst.Subscript):
            return replace(node, value=value)
        return replace(node, func=replace(node.func, value=value))

    def _werkzeug_container(
        self, state: _HandlerState, container: cst.Attribute, source: str, method: str
    ) -> cst.BaseExpression:
        """``request.headers`` / ``request.cookies`` for a call of Werkzeug's API on them:
        Werkzeug's headers where Starlette's answer differently (names in Flask's case, a
        header sent twice as one value), the cookies as a MultiDict (``to_dict()``,
        ``getlist()``, ``get(key, type=...)``)."""
        if source == "header" and (method in HEADER_METHODS or method == "typed"):
            return self._werkzeug(
                state, container, "headers", WERKZEUG_HEADERS, shown=f"headers.{method}()"
            )
        if source == "header":
            return self._request_expr("request.headers", state, container.value)
        multidict = self.ctx.support_reference("MultiDict")
        return self._request_expr(f"{multidict}(request.cookies.items())", state, container.value)

    def _query_args(self, state: _HandlerState, container: cst.Attribute) -> cst.BaseExpression:
        multidict = self.ctx.support_reference("MultiDict")
        return self._request_expr(
            f"{multidict}(request.query_params.multi_items())", state, container.value
        )

    def visit_If(self, node: cst.If) -> None:
        checks = self.ctx.reads_method and _mentions_method(node.test)
        self._if_checks.append(checks)
        self._method_checks += checks

    def leave_If(
        self, original: cst.If, updated: cst.If
    ) -> cst.BaseStatement | cst.RemovalSentinel:
        self._method_checks -= self._if_checks.pop()
        return updated

    def _reads_whole_form(self, state: _HandlerState) -> bool:
        """Form reads of a route that also serves GET, or under ``if request.method ==``:
        typed Form() parameters would answer 422 where the handler answered."""
        return state.whole_form or self._method_checks > 0

    def _form(self, state: _HandlerState, container: cst.Attribute) -> cst.Name:
        """``request.form`` -> the handler's ``form`` parameter, the whole form."""

        def make(name: str) -> NewParam:
            annotation = self.ctx.support_reference("FormData")
            default = f"Depends({self.ctx.support_reference('form_data')})"
            self.ctx.need("fastapi", "Depends")
            state.findings.append((FORM_DATA, {"name": name}))
            return NewParam(name, annotation, default, source="form_data")

        name, _ = self._whole_body(state, container.value, "form_data", make)
        return name

    def _helper_read(
        self, node: cst.Call | cst.Subscript, container: cst.BaseExpression, state: _HandlerState
    ) -> cst.BaseExpression:
        """In a helper given ``request: Request``: the same read on Starlette's request."""
        assert isinstance(container, cst.Attribute)
        source = _CONTAINERS.get(container.attr.value)
        if source in ("query", "header", "cookie"):
            return self._on_container(state, node, container, source)
        if source == "form" and state.wrapper_kwargs is None:
            form = self._in_thread(state, container.value, "request_form", "form")
            if isinstance(node, cst.Call):
                assert isinstance(node.func, cst.Attribute)
                return replace(node, func=replace(node.func, value=form))
            return replace(node, value=form)
        self.ctx.report(
            REQUEST_ATTRIBUTE,
            attribute=container.attr.value,
            advice="Read it in the handler (a Form or File parameter) and pass the value here.",
        )
        attribute = "query_params" if container.attr.value == "args" else container.attr.value
        starlette = cst.Attribute(cst.Name("request"), cst.Name(attribute))
        state.needs_request = True
        self.ctx.dropped(container.value)
        if isinstance(node, cst.Call):
            assert isinstance(node.func, cst.Attribute)
            return replace(node, func=replace(node.func, value=starlette))
        return replace(node, value=starlette)

    # -- building --------------------------------------------------------------------------------

    def _outside(self, node: cst.BaseExpression) -> cst.BaseExpression:
        stack = self.ctx.function_stack
        if stack and _routed(stack[-1]):
            return node  # a handler converted by an earlier run: its reads are reported already
        function = f"{stack[0].name.value}()" if stack else "module-level code"
        if function not in self._outside_reported:
            self._outside_reported.add(function)
            reason = self.ctx.request_helper_notes.get(
                stack[0].name.value if stack else "", "it is not a route handler"
            )
            self.ctx.report(
                REQUEST_OUTSIDE_HANDLER,
                function=function,
                reason=reason,
                host=self.ctx.host_note("request"),
            )
        return node

    def _request_expr(
        self, code: str, state: _HandlerState, request_name: cst.BaseExpression
    ) -> cst.BaseExpression:
        self._takes_request(state, request_name)
        return _expression(code)

    def _takes_request(self, state: _HandlerState, replaced: cst.BaseExpression) -> None:
        """The function reads the request: it gets ``request: Request``, and ``replaced``
        (a Flask name) is one reference fewer."""
        state.needs_request = True
        self.ctx.dropped(replaced)
        if state.wrapper_kwargs is None:  # a wrapper takes it from **kwargs, unannotated
            self.ctx.need("fastapi", "Request")

    def _free_name(self, state: _HandlerState, wanted: str) -> str:
        name = wanted
        while name in state.taken or python_keyword.iskeyword(name) or name == "request":
            name += "_"
        return name

    def _param(
        self,
        state: _HandlerState,
        source: str,
        key: str,
        annotation: str,
        default: str | None,
        request_name: cst.BaseExpression,
    ) -> cst.Name:
        self.ctx.dropped(request_name)
        existing = state.by_key.get((source, key))
        if existing is not None:
            state.references[existing] = state.references.get(existing, 0) + 1
            return cst.Name(existing)
        wanted = _identifier(key) if source != "query" or not key.isidentifier() else key
        if wanted == state.assigning and wanted not in state.params:
            name = wanted  # ``title = request.form.get("title", "").strip()``: read first
        else:
            name = self._free_name(state, wanted)
        state.taken.add(name)
        state.by_key[(source, key)] = name
        # a plain default is a query parameter already; the others need their marker
        marker = None if source in ("query", "file") else _FASTAPI_MARKER[source]
        if default is None:
            state.findings.append((REQUIRED_FIELD, {"name": key}))
        param = NewParam(name, annotation, default, marker, source=source, key=key)
        param.fix_alias()
        state.params[name] = param
        state.references[name] = 1
        return cst.Name(name)

    def _get(
        self, node: cst.Call, source: str, state: _HandlerState, original: cst.BaseExpression
    ) -> cst.BaseExpression:
        key_arg = find_arg(node, "key", 0)
        key = string_value(key_arg.value) if key_arg else None
        if key is None or any(a.star for a in node.args):
            return self._left(node, "its key is not a string literal")
        default_arg = find_arg(node, "default", 1)
        type_arg = find_arg(node, "type", 2)
        default_code = cst.Module([]).code_for_node(default_arg.value) if default_arg else "None"
        if type_arg is not None:
            type_name = type_arg.value.value if isinstance(type_arg.value, cst.Name) else None
            if type_name not in _SIMPLE_TYPES:
                return self._left(node, "its `type=` is a custom conversion")
            annotation = type_name if default_arg else f"{type_name} | None"
            if type_name != "str":
                state.findings.append((TYPED_QUERY, {"name": key, "annotation": type_name}))
        elif default_arg is None or string_value(default_arg.value) is not None:
            annotation = "str" if default_arg else "str | None"
        else:
            literal = default_arg.value
            kind = {cst.Integer: "int", cst.Float: "float"}.get(type(literal))
            annotation = f"str | {kind}" if kind else "str | None"
            if kind is None and not (isinstance(literal, cst.Name) and literal.value == "None"):
                return self._left(node, "its default is computed")
        return self._param(state, source, key, annotation, default_code, original)

    def _left(self, node: cst.BaseExpression, reason: str) -> cst.BaseExpression:
        code = cst.Module([]).code_for_node(node)
        self.ctx.report(
            READ_LEFT, code=code if len(code) <= 60 else code[:57] + "...", reason=reason
        )
        # kept a read, on Starlette's request: the container must answer as Werkzeug's
        state = self._state
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            container = node.func.value
        elif isinstance(node, cst.Subscript):
            container = node.value
        else:
            return node
        source = self._container(container)
        if state is None or source not in ("query", "header", "cookie"):
            return node
        assert isinstance(node, cst.Call | cst.Subscript) and isinstance(container, cst.Attribute)
        return self._on_container(state, node, container, source)

    def _file(self, node: cst.Call, state: _HandlerState, many: bool) -> cst.BaseExpression:
        key_arg = find_arg(node, "key", 0)
        key = string_value(key_arg.value) if key_arg else None
        if key is None or len(node.args) > 1:
            return self._left(node, "its key is not a string literal")
        assert isinstance(node.func, cst.Attribute)
        annotation, default = ("list[UploadFile]", "[]") if many else ("UploadFile | None", "None")
        name = self._param(state, "file", key, annotation, default, node.func.value)
        if many:  # a list of files needs File()
            state.params[name.value].marker, state.params[name.value].auto_marker = "File", False
        else:
            state.uploads.add(name.value)
        self.ctx.need("fastapi", "UploadFile")
        return name

    def _getlist(self, node: cst.Call, source: str, state: _HandlerState) -> cst.BaseExpression:
        key_arg = find_arg(node, "key", 0)
        key = string_value(key_arg.value) if key_arg else None
        type_arg = find_arg(node, "type", 1)
        type_name = "str"
        if type_arg is not None:
            if not (isinstance(type_arg.value, cst.Name) and type_arg.value.value in _SIMPLE_TYPES):
                return self._left(node, "its `type=` is a custom conversion")
            type_name = type_arg.value.value
        if key is None:
            return self._left(node, "its key is not a string literal")
        assert isinstance(node.func, cst.Attribute)
        name = self._param(state, source, key, f"list[{type_name}]", "[]", node.func.value)
        param = state.params.get(name.value)
        if param is not None and param.source == "query":
            # FastAPI reads lists from the query only with Query()
            param.marker, param.auto_marker = "Query", False
        return name

    def _whole_body(
        self,
        state: _HandlerState,
        request_name: cst.BaseExpression,
        source: str,
        make: Callable[[str], NewParam],
    ) -> tuple[cst.Name, bool]:
        """The one parameter a handler reads its body (or its form) through, made on
        first use."""
        self.ctx.dropped(request_name)
        existing = state.by_key.get((source, ""))
        if existing is not None:
            state.references[existing] = state.references.get(existing, 0) + 1
            return cst.Name(existing), False
        name = self._free_name(state, _WHOLE_BODY_NAMES.get(source, "payload"))
        state.taken.add(name)
        state.by_key[(source, "")] = name
        state.params[name] = make(name)
        state.references[name] = 1
        return cst.Name(name), True

    def _raw_body(self, state: _HandlerState, request_name: cst.BaseExpression) -> cst.Name:
        """``request.data`` / ``get_data()``: the bytes, read by an async dependency."""
        name, _ = self._whole_body(
            state,
            request_name,
            "raw",
            lambda n: NewParam(n, "bytes", "read_body", "Depends", source="raw"),
        )
        self._needs_body_reader = True
        return name

    def _body(
        self, state: _HandlerState, optional: bool, request_name: cst.BaseExpression
    ) -> cst.BaseExpression:
        """``request.get_json()`` / ``request.json``: the parsed JSON body."""
        default = "None" if optional else None
        name, new = self._whole_body(
            state,
            request_name,
            "body",
            lambda n: NewParam(n, "Any", default, "Body", source="body"),
        )
        if new:
            state.findings.append((JSON_BODY, {"name": ""}))  # named with the signature
        return name

    # -- the signature -----------------------------------------------------------------------------

    def visit_Assign(self, node: cst.Assign) -> None:
        state = self._state
        if state is not None:
            state.assigning = state.keepable.get(id(node))
        for target in node.targets:  # ``session.permanent = X``
            if self._is_permanent(target.target):
                self._permanent_targets[id(target.target)] = True

    def leave_Assign(
        self, original: cst.Assign, updated: cst.Assign
    ) -> cst.Assign | cst.RemovalSentinel:
        """``q = request.args.get("q")``: the parameter takes the variable's name and the
        assignment goes, instead of leaving ``q = q_`` behind, when nothing else in the
        function binds or mentions ``q`` before (see param_names)."""
        state = self._state
        if state is not None:
            state.assigning = None
        if (  # Flask's setter stored bool(X)
            len(updated.targets) == 1
            and self._permanent_targets.get(id(original.targets[0].target))
            and isinstance(updated.targets[0].target, cst.Subscript)
            and not (isinstance(updated.value, cst.Name) and updated.value.value in _BOOLS)
        ):
            updated = replace(updated, value=cst.Call(cst.Name("bool"), [cst.Arg(updated.value)]))
        if (
            state is None
            or len(updated.targets) != 1
            or not isinstance(updated.targets[0].target, cst.Name)
            or not isinstance(updated.value, cst.Name)
        ):
            return updated
        param, target = updated.value.value, updated.targets[0].target.value
        if (
            param not in state.params
            or state.references.get(param) != 1
            or param in state.renamed
            or (
                target != param
                and (state.keepable.get(id(original)) != target or target in state.params)
            )
        ):
            return updated
        if target != param:
            state.rename(param, target)
        else:
            state.renamed.add(param)
        return cst.RemovalSentinel.REMOVE

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.RemovalSentinel:
        if updated.body or not original.body:
            return updated
        return cst.RemovalSentinel.REMOVE

    def leave_IndentedBlock(
        self, original: cst.IndentedBlock, updated: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        if updated.body or not original.body:
            return updated
        return replace(updated, body=[cst.SimpleStatementLine([cst.Pass()])])

    def leave_FunctionDef(
        self, original: cst.FunctionDef, updated: cst.FunctionDef
    ) -> cst.FunctionDef:
        state = self._states.pop()
        self._shadowed.pop()
        self.ctx.request_scopes.pop()
        if state is not None and id(original) in self.ctx.wants_request:
            state.needs_request = True
        if state is not None and state.enclosing is not None:
            # a nested function: the ``request`` it reads is the enclosing function's
            state.enclosing.needs_request |= state.needs_request
            for spec, values in state.findings:
                self.ctx.report(spec, **values)
            return updated
        if state is None or not (state.params or state.needs_request):
            return updated
        if state.has_request and not state.params:
            return updated
        if state.wrapper_kwargs is not None:
            return self._wrapper(updated, state.wrapper_kwargs)
        if state.helper and updated.name.value in self.ctx.threaded_helpers:
            self.ctx.report(HELPER_THREADED, function=updated.name.value)
        if state.uploads:
            rewrite = _UploadRewrite(state.uploads)
            updated = replace(updated, body=updated.body.visit(rewrite))
            for name in rewrite.saved:
                state.findings.append((UPLOAD_SAVE, {"name": name}))
            if rewrite.saved:
                self.ctx.need("pathlib")
        body_name = state.by_key.get(("body", ""))
        model = None
        if body_name is not None and state.params[body_name].default is None:
            owner = self.ctx.scopes[-2] if len(self.ctx.scopes) >= 2 else None
            model_name = model_class_name(updated.name.value)
            if owner is not None:  # a method of a class-based view: ItemApiPostBody
                model_name = owner[:1].upper() + owner[1:] + model_name
            inferred = infer_body_model(updated, body_name, model_name)
            if inferred is not None:
                updated, model = inferred
                param = state.params[body_name]
                param.annotation, param.marker = model.class_name, None
                # before the top-level statement holding the handler (a function or a class)
                top = self.ctx.scopes[0] or self.ctx.function_stack[0].name.value
                self._models.append((top, model))
                self.ctx.need("pydantic", "BaseModel")
                self.ctx.need("pydantic", "ConfigDict")
                self.ctx.need("typing", "Any")
                if model.uses_field:
                    self.ctx.need("pydantic", "Field")
        for spec, values in state.findings:
            if spec is JSON_BODY and model is not None:
                spec, values = (
                    BODY_MODEL,
                    {
                        "name": body_name or "",
                        "model": model.class_name,
                        "keys": ", ".join(model.keys),
                    },
                )
            elif spec is JSON_BODY:
                values = {"name": body_name or ""}
            self.ctx.report(spec, **values)
        for param in state.params.values():
            param.annotation, typing_names = annotation_for(param.annotation, self.ctx.index.target)
            for typing_name in typing_names:
                self.ctx.need("typing", typing_name)
            if param.marker is not None:
                self.ctx.need("fastapi", param.marker)
            if param.annotation == "Any":
                self.ctx.need("typing", "Any")
        new: list[cst.Param] = []
        if state.needs_request and not state.has_request:
            self.ctx.need("fastapi", "Request")
            new.append(_param_node("request: Request"))
        new += [_param_node(p.code()) for p in state.params.values()]
        params = updated.params
        if params.star_arg is cst.MaybeSentinel.DEFAULT or params.star_arg is None:
            params = replace(params, star_arg=cst.ParamStar())
        params = replace(params, kwonly_params=[*params.kwonly_params, *new])
        return replace(updated, params=params)

    def _wrapper(self, function: cst.FunctionDef, kwargs: str) -> cst.FunctionDef:
        """The wrapper takes the request from the handler's keyword arguments."""
        self.ctx.report(DECORATOR_REQUEST, decorator=self.ctx.function_stack[0].name.value)
        first = cst.parse_statement(f'request = {kwargs}["request"]\n')
        body = function.body
        if not isinstance(body, cst.IndentedBlock):
            return function
        statements = list(body.body)
        index = 1 if statements and _is_docstring(statements[0]) else 0
        statements.insert(index, first)
        return replace(function, body=replace(body, body=statements))

    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        if not self._models and not self._needs_body_reader:
            return updated
        body = list(updated.body)
        if self._needs_body_reader and not any(
            isinstance(s, cst.FunctionDef) and s.name.value == "read_body" for s in body
        ):
            self.ctx.need("fastapi", "Request")
            reader = list(cst.parse_module(_BODY_READER).body)
            reader[0] = replace(reader[0], leading_lines=[cst.EmptyLine(), cst.EmptyLine()])
            position = next(
                (i for i, s in enumerate(body) if isinstance(s, cst.FunctionDef | cst.ClassDef)),
                len(body),
            )
            body[position:position] = reader
        for top, model in self._models:
            statements = list(cst.parse_module(model.source).body)
            statements[0] = replace(statements[0], leading_lines=[cst.EmptyLine(), cst.EmptyLine()])
            index = next(
                (
                    i
                    for i, s in enumerate(body)
                    if isinstance(s, cst.FunctionDef | cst.ClassDef) and s.name.value == top
                ),
                len(body),
            )
            body[index:index] = statements
        return replace(updated, body=body)


_BODY_READER = '''async def read_body(request: Request) -> bytes:
    """The raw request body (Flask's request.get_data()), read before a sync handler runs."""
    return await request.body()
'''


class _UploadRewrite(cst.CSTTransformer):
    """Werkzeug FileStorage API -> Starlette UploadFile API, in a sync handler.

    ``f.read()`` -> ``f.file.read()`` (UploadFile.read is a coroutine), ``f.mimetype`` ->
    ``f.content_type``, ``f.stream`` -> ``f.file``, ``f.save(path)`` ->
    ``pathlib.Path(path).write_bytes(f.file.read())``.
    """

    def __init__(self, uploads: set[str]) -> None:
        super().__init__()
        self.uploads = uploads
        self.saved: list[str] = []

    def _upload(self, node: cst.BaseExpression) -> str | None:
        return node.value if isinstance(node, cst.Name) and node.value in self.uploads else None

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        func = updated.func
        if not isinstance(func, cst.Attribute) or self._upload(func.value) is None:
            return updated
        name = self._upload(func.value)
        if func.attr.value == "read":
            file = cst.Attribute(func.value, cst.Name("file"))
            return replace(updated, func=replace(func, value=file))
        if func.attr.value == "save" and len(updated.args) == 1 and not updated.args[0].keyword:
            target = cst.Module([]).code_for_node(updated.args[0].value)
            self.saved.append(name or "")
            return cst.parse_expression(f"pathlib.Path({target}).write_bytes({name}.file.read())")
        return updated

    def leave_Attribute(
        self, original: cst.Attribute, updated: cst.Attribute
    ) -> cst.BaseExpression:
        if self._upload(updated.value) is not None and updated.attr.value in _UPLOAD_ATTRIBUTES:
            return replace(updated, attr=cst.Name(_UPLOAD_ATTRIBUTES[updated.attr.value]))
        return updated


_COMMA = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
_BOOLS = frozenset({"True", "False"})


@functools.lru_cache(maxsize=256)
def _expression(code: str) -> cst.BaseExpression:
    return cst.parse_expression(code)


def _routed(function: cst.FunctionDef) -> bool:
    """Whether the function carries a FastAPI route decorator (``@app.get(...)``)."""
    return any(
        isinstance(d.decorator, cst.Call)
        and isinstance(d.decorator.func, cst.Attribute)
        and d.decorator.func.attr.value in FASTAPI_ROUTE_METHODS
        for d in function.decorators
    )


def _middleware_decorator(decorator: cst.Decorator) -> bool:
    node = decorator.decorator
    return (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value == "middleware"
    )


def _threadpool_calls(function: cst.FunctionDef) -> set[str]:
    """The before_request and teardown hooks a middleware written by an earlier run calls:
    ``run_in_threadpool(hook)``, ``run_in_threadpool(hook, exc)`` (or ``None``); an
    after_request hook gets the response and is not one of them."""
    found: set[str] = set()

    class Calls(cst.CSTVisitor):
        def visit_Call(self, node: cst.Call) -> None:
            if not (
                isinstance(node.func, cst.Name)
                and node.func.value == "run_in_threadpool"
                and node.args
                and isinstance(node.args[0].value, cst.Name)
            ):
                return
            extra = [a.value for a in node.args[1:] if a.keyword is None]
            if not extra or (
                len(extra) == 1
                and isinstance(extra[0], cst.Name)
                and extra[0].value in ("exc", "None")
            ):
                found.add(node.args[0].value.value)

    function.visit(Calls())
    return found


def _empty_default(node: cst.Call) -> bool:
    """Whether ``form.get(key, "")`` (no ``type=``): a Form("") parameter gives what Flask
    gave, for an empty field too."""
    default = find_arg(node, "default", 1)
    return (
        default is not None
        and string_value(default.value) == ""
        and find_arg(node, "type", 2) is None
        and len(node.args) == 2
    )


_BODYLESS = {"GET", "HEAD"}


def _serves_without_body(function: cst.FunctionDef) -> bool:
    """Whether a Flask route decorator of ``function`` serves GET (or HEAD) and a method
    with a body: ``@bp.route("/login", methods=("GET", "POST"))``."""
    for decorator in function.decorators:
        node = decorator.decorator
        if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)):
            continue
        if node.func.attr.value not in ("route", "api_route"):
            continue
        methods = find_arg(node, "methods")
        if methods is None or not isinstance(methods.value, cst.List | cst.Tuple | cst.Set):
            continue
        names = {string_value(e.value) for e in methods.value.elements}
        names = {n.upper() for n in names if n}
        if names & _BODYLESS and names - _BODYLESS - {"OPTIONS"}:
            return True
    return False


def _mentions_method(node: cst.BaseExpression) -> bool:
    """Whether an ``if`` test reads ``request.method`` (any ``.method`` attribute)."""
    stack: list[cst.CSTNode] = [node]
    while stack:
        current = stack.pop()
        if type(current) is cst.Attribute and current.attr.value == "method":
            return True
        if type(current) in (cst.Name, cst.SimpleString, cst.Integer):
            continue
        stack.extend(current.children)
    return False


def _binds_request(function: cst.FunctionDef) -> bool:
    """Whether ``request`` is a parameter of the function or assigned in its body."""
    params = function.params
    every = (*params.posonly_params, *params.params, *params.kwonly_params)
    if any(p.name.value == "request" for p in every):
        return True
    body = function.body
    if not isinstance(body, cst.IndentedBlock):
        return False
    for statement in body.body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Assign) and any(
                    isinstance(t.target, cst.Name) and t.target.value == "request"
                    for t in small.targets
                ):
                    return True
    return False


def _is_docstring(statement: cst.BaseStatement) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, cst.SimpleString)
    )


@functools.lru_cache(maxsize=1024)
def _param_node(code: str) -> cst.Param:
    """A keyword-only parameter from its code (libcst nodes are immutable: cached safely)."""
    function = cst.parse_statement(f"def f(*, {code}): pass")
    assert isinstance(function, cst.FunctionDef)
    return function.params.kwonly_params[0]
