"""Request hooks: ``before_request`` / ``after_request`` -> HTTP middlewares calling the hooks.

Follows FastAPI's "Middleware" docs. Flask calls an ``after_request`` function with every
response it sends (error responses included) and sends what it returns; an HTTP
middleware sees the same responses (exception handlers run inside it). The hook keeps
its body (Starlette responses have the same ``headers`` and ``set_cookie``); it loses its
decorator, and a small middleware right after it hands it each response:

    @app.middleware("http")
    async def add_headers_middleware(request: Request, call_next):
        try:
            response = await call_next(request)
        except Exception as exc:  # Flask ran the hook on its 500 answer too
            response = await web_compat.server_error(request, exc)
        return await run_in_threadpool(add_headers, response)

An exception no handler took reaches the middleware, not a response: Flask answered it
with its 500 handler (or the Internal Server Error page) and ran the hooks on that answer,
unless it let the exception propagate (testing, debug), which ``web_compat.server_error``
does then too.

``@bp.after_app_request`` is app-wide too and is converted the same way.

A ``before_request`` hook runs before every request in Flask (unknown URLs included), and
a value it returns answers the request instead of the view. The middleware does the same:
it calls the hook in a worker thread (it is sync code) and returns its response if it
gave one. The request_data rule hands the hook ``request: Request`` when it reads the
request or ``g`` (``g.user = ...`` becomes ``request.state.user = ...``, which the
handlers then read), and the responses rule turns what it returns into Responses.

The same hooks registered by a call (``app.after_request(add_headers)``, common in
factories and ``init_app(app)`` functions) become the same middleware, in place of the
call. A ``teardown_request`` / ``teardown_appcontext`` function runs after every request in
Flask, with the exception that escaped the view (or None), whatever happened. Its
middleware calls it in a worker thread from a ``try``: with the exception and re-raising
it, or after the response was made with None, or with the exception an after_request
hook's middleware answered with a 500 (Flask gave the hook that one too).

Refuses, and reports: ``before_first_request`` (removed in Flask 2.3: move it to a
lifespan handler), hooks scoped to a blueprint, and ``before_app_request`` /
``after_app_request`` in a module that does not have the app (the app and blueprint
attribute rules report them).
"""

from __future__ import annotations

import libcst as cst

from flask2fastapi.hotspots import Sees
from flask2fastapi.report import Severity
from flask2fastapi.rules.base import FindingSpec, Rule
from flask2fastapi.rules.nodes import dotted_name, find_arg, replace, string_value

AFTER_REQUEST = FindingSpec(
    "F2F901",
    "after-request-middleware",
    Severity.INFO,
    "after_request hook `{name}` now runs from an HTTP middleware (`{middleware}`); several "
    "such hooks run in registration order, where Flask ran them in reverse.",
    "Fold related hooks into one middleware if their order matters.",
)
BEFORE_REQUEST = FindingSpec(
    "F2F902",
    "before-request-middleware",
    Severity.INFO,
    "before_request hook `{name}` now runs from an HTTP middleware (`{middleware}`), in a "
    "worker thread; a Response it returns still answers the request, and an HTTPException "
    "it raises is answered by the app's handler for it. Several such hooks run in reverse "
    "registration order, where Flask ran them in order.",
    "Fold related hooks into one middleware if their order matters, or make it a dependency "
    "(FastAPI(dependencies=[Depends(...)])).",
)

TEARDOWN = FindingSpec(
    "F2F903",
    "teardown-middleware",
    Severity.INFO,
    "teardown hook `{name}` now runs from an HTTP middleware (`{middleware}`), in a worker "
    "thread, after every request: with the exception a handler raised, else with None. "
    "Several teardown middlewares run in registration order (Flask: teardown_request hooks "
    "in reverse order, then teardown_appcontext hooks).",
    "A dependency with `yield` is the idiomatic place for per-request clean-up (a database "
    "session, say) once the resource it closes is a dependency too.",
)

TEMPLATE_HOOK = FindingSpec(
    "F2F904",
    "template-hook",
    Severity.INFO,
    "`{name}` is registered on the app's Jinja2Templates now: `{code}`.",
    "Templates rendered with other Jinja environments do not see it.",
)
# decorator attribute -> (registry on the Jinja environment, on a blueprint?)
_TEMPLATE_HOOKS = {
    "context_processor": ("context_processor", False),
    "app_context_processor": ("context_processor", True),
    "template_filter": ("filters", False),
    "app_template_filter": ("filters", True),
    "template_global": ("globals", False),
    "app_template_global": ("globals", True),
    "template_test": ("tests", False),
    "app_template_test": ("tests", True),
}


def _template_hook(
    decorator: cst.Decorator, apps: set[str], blueprints: set[str]
) -> tuple[str, str | None] | None:
    """(registry, name given to the decorator) for an app-wide template hook."""
    node = decorator.decorator
    call = node if isinstance(node, cst.Call) else None
    target = call.func if call is not None else node
    if not isinstance(target, cst.Attribute) or target.attr.value not in _TEMPLATE_HOOKS:
        return None
    kind, on_blueprint = _TEMPLATE_HOOKS[target.attr.value]
    owner = dotted_name(target.value)
    if not ((owner in blueprints) if on_blueprint else (owner in apps)):
        return None
    if kind == "context_processor" and call is not None:
        return None
    name = None
    if call is not None:
        arg = find_arg(call, "name", 0)
        if arg is not None:
            name = string_value(arg.value)
            if name is None:
                return None
    return kind, name


# decorator attribute -> (hook kind, on a blueprint?)
_HOOKS = {
    "teardown_request": ("teardown", False),
    "teardown_appcontext": ("teardown", False),
    "teardown_app_request": ("teardown", True),
    "after_request": ("after", False),
    "after_app_request": ("after", True),
    "before_request": ("before", False),
    "before_app_request": ("before", True),
}


def hook_kind(decorator: cst.Decorator, apps: set[str], blueprints: set[str]) -> str | None:
    """``"before"``/``"after"`` when the decorator registers an app-wide request hook that
    this module can turn into a middleware. That needs the app object: a blueprint's hook
    in a module without the app is left, and reported as blueprint API."""
    node = decorator.decorator
    if not apps or not isinstance(node, cst.Attribute) or node.attr.value not in _HOOKS:
        return None
    kind, on_blueprint = _HOOKS[node.attr.value]
    owner = dotted_name(node.value)
    if (owner in blueprints) if on_blueprint else (owner in apps):
        return kind
    return None


class HooksRule(Rule):
    name = "hooks"
    SEES = Sees.FLASK_NAMES | Sees.ROUTERS
    summary = (
        "@app.before_request / after_request / teardown_request -> HTTP middlewares that call "
        "the hooks."
    )
    FINDINGS = (AFTER_REQUEST, BEFORE_REQUEST, TEARDOWN, TEMPLATE_HOOK)

    def _kind(self, decorator: cst.Decorator) -> str | None:
        return hook_kind(decorator, self.ctx.app_names, set(self.ctx.blueprints))

    def _on_host(self, attribute: str) -> bool:
        """``app.teardown_appcontext(f)`` stays on the Flask app kept as a host (with the
        bridge): ``f`` lives elsewhere and keeps Flask's ``g``, and Flask runs it whenever
        an app context ends (requests, CLI commands, tests' app contexts), which a
        middleware would not. A decorated hook is converted (its body reads the request)."""
        return self.ctx.index.bridge and attribute == "teardown_appcontext"

    def visit_Decorator(self, node: cst.Decorator) -> None:
        if self._kind(node) is not None:
            self.ctx.converted_attributes.add(id(node.decorator))
        elif _template_hook(node, self.ctx.app_names, set(self.ctx.blueprints)) is not None:
            target = node.decorator
            self.ctx.converted_attributes.add(
                id(target.func if isinstance(target, cst.Call) else target)
            )

    def _template_registration(
        self, function: cst.FunctionDef
    ) -> cst.FlattenSentinel[cst.BaseStatement] | None:
        """``@app.context_processor`` / ``template_filter`` / ``template_global`` /
        ``template_test`` -> the function, registered on the app's Jinja2Templates."""
        apps, blueprints = self.ctx.app_names, set(self.ctx.blueprints)
        found = [(d, _template_hook(d, apps, blueprints)) for d in function.decorators]
        hooks = [(d, h) for d, h in found if h is not None]
        if len(hooks) != 1:
            return None
        decorator, (kind, name) = hooks[0]
        function_name = function.name.value
        templates = self.ctx.support_reference("templates")
        if kind == "context_processor":
            code = f"{templates}.context_processors.append(lambda request: {function_name}())"
        else:
            code = f'{templates}.env.{kind}["{name or function_name}"] = {function_name}'
        self.ctx.report(TEMPLATE_HOOK, name=function_name, code=code)
        kept = [d for d in function.decorators if d is not decorator]
        statement = cst.parse_statement(code)
        blank = [cst.EmptyLine(indent=False)] * (2 if len(self.ctx.function_stack) == 1 else 1)
        statement = replace(statement, leading_lines=blank)  # type: ignore[type-var]
        return cst.FlattenSentinel([replace(function, decorators=kept), statement])

    def leave_FunctionDef(
        self, original: cst.FunctionDef, updated: cst.FunctionDef
    ) -> cst.FunctionDef | cst.FlattenSentinel[cst.BaseStatement]:
        registration = self._template_registration(updated)
        if registration is not None:
            return registration
        kinds = [self._kind(d) for d in updated.decorators]
        kind = next((k for k in kinds if k), None)
        if kind is None or updated.asynchronous or not self.ctx.app_names:
            return updated
        positional = updated.params.params
        if (kind in ("after", "teardown") and len(positional) != 1) or (
            kind == "before" and positional
        ):
            return updated
        app = sorted(self.ctx.app_names)[0]
        takes_request = any(p.name.value == "request" for p in updated.params.kwonly_params)
        wrapper = self._middleware(app, updated.name.value, kind, takes_request)
        wrapper = replace(wrapper, leading_lines=[cst.EmptyLine(), cst.EmptyLine()])  # type: ignore[type-var]
        kept = [d for d, k in zip(updated.decorators, kinds, strict=True) if not k]
        return cst.FlattenSentinel([replace(updated, decorators=kept), wrapper])

    def _middleware(self, app: str, name: str, kind: str, takes_request: bool) -> cst.BaseStatement:
        """The HTTP middleware that runs hook ``name`` (a dotted name) of ``kind``."""
        middleware = f"{name.rpartition('.')[2]}_middleware"
        arguments = ", request=request" if takes_request else ""
        if kind == "after":
            server_error = self.ctx.support_reference("server_error")
            body = (
                "    try:\n"
                "        response = await call_next(request)\n"
                "    except Exception as exc:  # Flask ran the hook on its 500 answer too\n"
                f"        response = await {server_error}(request, exc)\n"
                f"    return await run_in_threadpool({name}, response{arguments})\n"
            )
            self.ctx.need("starlette.concurrency", "run_in_threadpool")
            spec = AFTER_REQUEST
        elif kind == "teardown":
            body = (
                "    try:\n"
                "        response = await call_next(request)\n"
                "    except Exception as exc:\n"
                f"        await run_in_threadpool({name}, exc{arguments})\n"
                "        raise\n"
                "    # None, or the exception a 500 answer was made for (web_compat.server_error)\n"
                '    error = request.scope.get("web_compat.server_error")\n'
                f"    await run_in_threadpool({name}, error{arguments})\n"
                "    return response\n"
            )
            self.ctx.need("starlette.concurrency", "run_in_threadpool")
            spec = TEARDOWN
        else:
            handle = self.ctx.support_reference("handle_exception")
            body = (
                "    try:\n"
                f"        response = await run_in_threadpool({name}{arguments})\n"
                "    except StarletteHTTPException as exc:  # abort() in the hook\n"
                f"        return await {handle}(request, exc)\n"
                "    if response is not None:\n"
                "        return response\n"
                "    return await call_next(request)\n"
            )
            self.ctx.need("starlette.concurrency", "run_in_threadpool")
            self.ctx.need("starlette.exceptions", "HTTPException as StarletteHTTPException")
            spec = BEFORE_REQUEST
        source = (
            f'@{app}.middleware("http")\n'
            f"async def {middleware}(request: Request, call_next):\n" + body
        )
        self.ctx.need("fastapi", "Request")
        self.ctx.report(spec, name=name, middleware=middleware)
        return cst.parse_statement(source)

    # -- app.after_request(function): the same hooks registered by a call ---------------------

    def _call_hook(self, node: cst.BaseSmallStatement) -> tuple[str, str, str] | None:
        """(app, hook kind, function) for ``app.after_request(function)`` and friends."""
        if type(node) is not cst.Expr or type(node.value) is not cst.Call:
            return None
        func, args = node.value.func, node.value.args
        if type(func) is not cst.Attribute or func.attr.value not in _HOOKS:
            return None
        if self._on_host(func.attr.value):
            return None
        kind, on_blueprint = _HOOKS[func.attr.value]
        app = dotted_name(func.value)
        if on_blueprint or app not in self.ctx.app_names or len(args) != 1 or args[0].keyword:
            return None
        function = dotted_name(args[0].value)
        return (app, kind, function) if function else None

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        if len(node.body) == 1 and self._call_hook(node.body[0]) is not None:
            call = node.body[0].value  # type: ignore[attr-defined]
            self.ctx.converted_attributes.add(id(call.func))

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> cst.BaseStatement:
        if len(original.body) != 1:
            return updated
        hook = self._call_hook(original.body[0])
        if hook is None:
            return updated
        app, kind, function = hook
        middleware = self._middleware(app, function, kind, takes_request=False)
        return replace(middleware, leading_lines=original.leading_lines)  # type: ignore[type-var]
