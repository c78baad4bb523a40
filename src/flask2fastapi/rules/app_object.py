"""The application object: ``Flask(__name__)`` -> ``FastAPI()``, ``app.run()`` -> ``uvicorn.run()``.

Follows FastAPI's "First Steps" and "Run a Server Manually" docs: the app is a plain
``FastAPI()`` instance and the development server is uvicorn. ``app.run()`` keeps
Flask's defaults (``127.0.0.1:5000``) so the service answers on the same address.

Refuses, and reports:

* ``Flask()`` arguments that configure static files, templates or instance folders
  (they need a ``StaticFiles`` mount or ``Jinja2Templates``); the default ``static/``
  folder is mounted by the config rule.
* ``app.run()`` options uvicorn has no equivalent for; ``debug=True`` is dropped with a
  warning, because uvicorn's reloader needs an import string (``uvicorn mod:app --reload``).
* attributes of the app object that a FastAPI app does not have (``app.config``,
  ``app.secret_key``, ...): the code would fail at run time.
"""

from __future__ import annotations

import libcst as cst

from flask2fastapi.report import Severity
from flask2fastapi.rules.base import FileContext, FindingSpec, Rule
from flask2fastapi.rules.nodes import call as make_call
from flask2fastapi.rules.nodes import dotted, find_arg, keyword

FLASK_ARGUMENT = FindingSpec(
    "F2F101",
    "flask-constructor-argument",
    Severity.MANUAL,
    "Flask({argument}=...) has no FastAPI() equivalent and was dropped.",
    "{advice}",
)
RUN_DEBUG = FindingSpec(
    "F2F102",
    "run-debug",
    Severity.WARNING,
    "app.run({argument}=...) was dropped: uvicorn.run() only reloads from an import string.",
    "Run `uvicorn {module}:{app} --reload` during development.",
)
RUN_OPTION = FindingSpec(
    "F2F103",
    "run-option",
    Severity.MANUAL,
    "app.run() was left as it was: the option `{argument}` has no uvicorn.run() equivalent here.",
    "Call uvicorn.run({app}, host=..., port=...) and configure `{argument}` with uvicorn's own "
    "options (e.g. ssl_keyfile/ssl_certfile).",
)
APP_ATTRIBUTE = FindingSpec(
    "F2F104",
    "app-attribute",
    Severity.MANUAL,
    "`{app}.{attribute}` is Flask API: a FastAPI app has no `{attribute}` (first use in "
    "this file).",
    "{advice}",
)
SESSION_MIDDLEWARE = FindingSpec(
    "F2F106",
    "session-middleware",
    Severity.WARNING,
    "The secret key now configures Starlette's SessionMiddleware (request.session): session "
    "cookies Flask signed are not valid any more, so users are logged out once.",
    "Plan the switch for a quiet hour; keep the same secret in settings. Needs itsdangerous.",
)
LOGGER = FindingSpec(
    "F2F107",
    "app-logger",
    Severity.INFO,
    "`{app}.logger` is now `logging.getLogger(__name__)`: Flask's logger was named after the "
    "app and had its own stderr handler (DEBUG level in debug mode).",
    "Configure logging once at start-up (logging.basicConfig or uvicorn's log config).",
)

_ARGUMENT_ADVICE = {
    "static_folder": 'Mount it: app.mount("/static", StaticFiles(directory=...), name="static").',
    "static_url_path": "Use this path as the StaticFiles mount point.",
    "template_folder": "Create Jinja2Templates(directory=...) and render with TemplateResponse.",
    "instance_path": "Keep instance files in a settings module.",
    "instance_relative_config": "Load configuration with pydantic-settings.",
    "root_path": "Resolve files relative to the module (Path(__file__).parent).",
}

# Attributes that exist on a FastAPI app and mean the same there.
APP_SHARED_ATTRIBUTES = frozenset(
    {
        "get",
        "post",
        "put",
        "patch",
        "delete",
        "options",
        "head",
        "trace",
        "api_route",
        "add_api_route",
        "include_router",
        "middleware",
        "add_middleware",
        "exception_handler",
        "add_exception_handler",
        "mount",
        "state",
        "router",
        "routes",
        "openapi",
        "openapi_url",
        "title",
        "version",
        "description",
        "debug",
        "url_path_for",
        "dependency_overrides",
        "websocket",
        "add_api_websocket_route",
        "user_middleware",
        "openapi_schema",
        "docs_url",
        "redoc_url",
        "root_path",
        "servers",
        "host",
    }
)
# Attributes that exist on a FastAPI app, or that a later rule converts or reports
# (routes, blueprints, errors).
FASTAPI_ATTRIBUTES = APP_SHARED_ATTRIBUTES | {
    "route",
    "add_url_rule",
    "run",
    "register_blueprint",
    "errorhandler",
    "register_error_handler",
}
_ATTRIBUTE_ADVICE = {
    "config": "Move configuration to a settings object (pydantic-settings) and read it there.",
    "secret_key": "Keep the secret in settings; SessionMiddleware takes it as secret_key.",
    "register_blueprint": "Convert the blueprint to an APIRouter and call app.include_router().",
    "errorhandler": "Use @app.exception_handler(...) returning a Response.",
    "register_error_handler": "Use app.add_exception_handler(...) returning a Response.",
    "before_request": "Use a dependency on the app (FastAPI(dependencies=[Depends(...)])).",
    "after_request": "Use an HTTP middleware (@app.middleware('http')).",
    "teardown_request": "Use a dependency with yield, or a middleware's finally block.",
    "test_client": "Use fastapi.testclient.TestClient(app).",
    "jinja_env": "Configure Jinja2Templates(...).env.",
    "url_map": "Register custom path convertors with starlette.convertors.register_url_convertor.",
    "app_context": "Code that needs an app context must take the app (or settings) explicitly.",
    "test_request_context": "Build a starlette Request or call the endpoint with TestClient.",
    "cli": "Write the command with typer or click, outside the app object.",
    "json": "Return data; FastAPI serialises it with jsonable_encoder.",
}


# Flask's folders of an app created in this module: (in a module, in a package __init__)
_FOLDERS = {
    "root_path": (
        "str(Path(__file__).resolve().parent)",
        "str(Path(__file__).resolve().parent)",
    ),
    "instance_path": (
        'str(Path(__file__).resolve().parent / "instance")',
        'str(Path(__file__).resolve().parent.parent / "instance")',
    ),
}


class AppObjectRule(Rule):
    name = "app_object"
    summary = "Flask(...) -> FastAPI(); app.run() -> uvicorn.run(); Flask-only app attributes."
    FINDINGS = (
        FLASK_ARGUMENT,
        RUN_DEBUG,
        RUN_OPTION,
        APP_ATTRIBUTE,
        SESSION_MIDDLEWARE,
        LOGGER,
    )

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self._reported: set[str] = set()  # app attributes reported in this file

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        ctx = self.ctx
        if ctx.is_flask(updated.func, "Flask"):
            return self._convert_constructor(updated)
        func = updated.func
        if (
            isinstance(func, cst.Attribute)
            and isinstance(func.value, cst.Name)
            and func.value.value in ctx.app_names
            and func.attr.value == "run"
        ):
            return self._convert_run(updated, func.value.value)
        return updated

    def _convert_constructor(self, call: cst.Call) -> cst.Call:
        ctx = self.ctx
        for index, arg in enumerate(call.args):
            name = arg.keyword.value if arg.keyword else ("import_name" if index == 0 else "")
            if name == "import_name":
                continue
            ctx.report(
                FLASK_ARGUMENT,
                argument=name or f"argument {index + 1}",
                advice=_ARGUMENT_ADVICE.get(name, "Configure this on the FastAPI side by hand."),
            )
        ctx.need("fastapi", "FastAPI")
        ctx.dropped(call.func)
        return cst.Call(func=cst.Name("FastAPI"))

    def _convert_run(self, call: cst.Call, app: str) -> cst.BaseExpression:
        ctx = self.ctx
        positions = {"host": 0, "port": 1, "debug": 2, "load_dotenv": 3}
        seen: set[str] = set()
        for index, arg in enumerate(call.args):
            if arg.keyword is not None:
                seen.add(arg.keyword.value)
            elif arg.star:
                ctx.report(RUN_OPTION, argument=arg.star + "...", app=app)
                return call
            else:
                seen.add(next((k for k, v in positions.items() if v == index), f"#{index}"))
        unknown = sorted(
            seen
            - {"host", "port", "debug", "load_dotenv", "use_reloader", "threaded", "use_debugger"}
        )
        if unknown:
            ctx.report(RUN_OPTION, argument=unknown[0], app=app)
            return call
        args = [cst.Arg(cst.Name(app))]
        host = find_arg(call, "host", 0)
        port = find_arg(call, "port", 1)
        if host is not None:
            args.append(keyword("host", host.value))
        args.append(keyword("port", port.value if port is not None else cst.Integer("5000")))
        for option in ("debug", "use_reloader"):
            found = find_arg(call, option, positions.get(option))
            if found is not None and not (
                isinstance(found.value, cst.Name) and found.value.value == "False"
            ):
                ctx.report(RUN_DEBUG, argument=option, module=ctx.module, app=app)
        ctx.need("uvicorn")
        return make_call("uvicorn.run", *args)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        """``from app.models import X``: a module path, not the app's attribute."""
        module = node.module
        while isinstance(module, cst.Attribute):
            self.ctx.converted_attributes.add(id(module))
            module = module.value

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        target = node.target
        if isinstance(target, cst.Attribute) and target.attr.value in _FOLDERS:
            self.ctx.converted_attributes.add(id(target))  # app.root_path = ...: left

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) == 1 and _secret_key_app(node.targets[0].target) is not None:
            self.ctx.converted_attributes.add(id(node.targets[0].target))

    def leave_Assign(self, original: cst.Assign, updated: cst.Assign) -> cst.BaseSmallStatement:
        """``app.secret_key = X`` -> ``app.add_middleware(SessionMiddleware, secret_key=X)``."""
        if len(updated.targets) != 1:
            return updated
        app = _secret_key_app(updated.targets[0].target)
        if not (isinstance(app, cst.Name) and app.value in self.ctx.app_names):
            return updated
        self.ctx.need("starlette.middleware.sessions", "SessionMiddleware")
        self.ctx.report(SESSION_MIDDLEWARE)
        return cst.Expr(
            make_call(
                f"{app.value}.add_middleware",
                cst.Arg(cst.Name("SessionMiddleware")),
                keyword("secret_key", updated.value),
            )
        )

    def leave_Attribute(
        self, original: cst.Attribute, updated: cst.Attribute
    ) -> cst.BaseExpression:
        value = updated.value
        facts = self.ctx.index.modules.get(self.ctx.module)
        if (
            isinstance(value, cst.Name)
            and updated.attr.value in _FOLDERS
            and facts is not None
            and value.value in facts.apps  # the module that created the app: its folder
            and id(original) not in self.ctx.converted_attributes
        ):
            self.ctx.need("pathlib", "Path")
            package = self.ctx.rel_path.endswith("__init__.py")
            return cst.parse_expression(_FOLDERS[updated.attr.value][package])
        if (
            isinstance(value, cst.Name)
            and value.value in self.ctx.app_names
            and updated.attr.value not in FASTAPI_ATTRIBUTES
            and id(original) not in self.ctx.converted_attributes
        ):
            attribute = updated.attr.value
            if attribute == "jinja_env":  # the app's Jinja2Templates environment now
                return dotted(self.ctx.support_reference("templates") + ".env")
            if attribute == "logger":
                self.ctx.need("logging")
                if attribute not in self._reported:
                    self._reported.add(attribute)
                    self.ctx.report(LOGGER, app=value.value)
                return cst.parse_expression("logging.getLogger(__name__)")
            if attribute in self._reported:
                return updated
            self._reported.add(attribute)
            self.ctx.report(
                APP_ATTRIBUTE,
                app=value.value,
                attribute=attribute,
                advice=_ATTRIBUTE_ADVICE.get(
                    attribute, "Find the FastAPI equivalent, or keep this state elsewhere."
                ),
            )
        return updated


def _secret_key_app(target: cst.BaseExpression) -> cst.BaseExpression | None:
    """``X`` in ``X.secret_key`` (an assignment target); ``config["SECRET_KEY"]`` is the
    config rule's."""
    if isinstance(target, cst.Attribute) and target.attr.value == "secret_key":
        return target.value
    return None
