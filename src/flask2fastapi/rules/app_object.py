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

from flask2fastapi.hotspots import Sees
from flask2fastapi.report import Severity
from flask2fastapi.rules.base import FileContext, FindingSpec, Rule
from flask2fastapi.rules.nodes import call as make_call
from flask2fastapi.rules.nodes import (
    dotted,
    dotted_name,
    find_arg,
    keyword,
    replace,
    string_value,
)

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
    "The secret key now configures web_compat.SessionMiddleware (request.session), with "
    "{settings}: session cookies Flask signed are not valid any more, so users are logged "
    "out once.",
    "Plan the switch for a quiet hour; keep the same secret in settings. As in Flask, a key "
    "that is unset or empty leaves the session unusable (no cookie is read or set, and a "
    "change to the session fails). Needs itsdangerous.",
)
# what F2F106 says of the cookie's settings
DEFAULT_COOKIE = (
    "Flask's default cookie settings (HttpOnly, Path=/, no SameSite; a browser-session "
    "cookie unless the session is permanent, then 31 days)"
)
CONFIG_COOKIE = (
    "the session cookie settings the config has when the app starts (SESSION_COOKIE_*, "
    "PERMANENT_SESSION_LIFETIME: {why})"
)
HOST_COOKIE = (
    "the session cookie settings the config has when the app starts (SESSION_COOKIE_*, "
    "PERMANENT_SESSION_LIFETIME), added by the Flask host"
)
LOGGER = FindingSpec(
    "F2F107",
    "app-logger",
    Severity.INFO,
    "`{app}.logger` is now `logging.getLogger(__name__)`: Flask's logger was named after the "
    "app and had its own stderr handler (DEBUG level in debug mode).",
    "Configure logging once at start-up (logging.basicConfig or uvicorn's log config).",
)
FLASK_HOST = FindingSpec(
    "F2F120",
    "flask-host",
    Severity.MANUAL,
    "The Flask app is kept as a host (`{app}.state.flask_app`) for the code that still needs "
    "Flask: every such use is listed in this report at its line; web_compat pushes its "
    "contexts around each request.",
    "Convert the listed uses, then remove this line, the Flask import and Flask from the "
    "dependencies (or run `flask2fastapi convert --no-bridge` to see the pure-FastAPI TODOs).",
)
HOST_ATTRIBUTE = FindingSpec(
    "F2F121",
    "flask-host-attribute",
    Severity.MANUAL,
    "`{app}.{attribute}` is Flask API: it now runs on the Flask app kept as a host "
    "(`{app}.state.flask_app.{attribute}`).",
    "{advice}",
)
APP_MAKE_RESPONSE = FindingSpec(
    "F2F123",
    "app-make-response",
    Severity.WARNING,
    "`{app}.make_response(...)` is now web_compat.make_response(...): Flask's rules, applied "
    "when it runs (a response as it is, text as HTML, a dict or list as JSON).",
    "Build the response where its type is known: JSONResponse(...), HTMLResponse(...).",
)
URL_MAP = FindingSpec(
    "F2F124",
    "url-map",
    Severity.WARNING,
    "`{app}.url_map` is now web_compat.url_map({app}), a view of the FastAPI app's routes: "
    "iter_rules() lists them with Flask's endpoint names; strict_slashes and converters set "
    "on it change nothing (FastAPI redirects between `/x` and `/x/` itself).",
    "Read app.routes directly; register path convertors with "
    "starlette.convertors.register_url_convertor.",
)
HOST_EXTENSION = FindingSpec(
    "F2F122",
    "flask-host-extension",
    Severity.MANUAL,
    "`{extension}` is initialised on the Flask app kept as a host: its API keeps working "
    "inside requests (web_compat pushes Flask's contexts).",
    "{advice}",
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
    "secret_key": "Keep the secret in settings; web_compat.SessionMiddleware takes it as "
    "secret_key.",
    "register_blueprint": "Convert the blueprint to an APIRouter and call app.include_router().",
    "errorhandler": "Use @app.exception_handler(...) returning a Response.",
    "register_error_handler": "Use app.add_exception_handler(...) returning a Response.",
    "before_request": "Use a dependency on the app (FastAPI(dependencies=[Depends(...)])).",
    "after_request": "Use an HTTP middleware (@app.middleware('http')).",
    "teardown_request": "Use a dependency with yield, or a middleware's finally block.",
    "test_client": "Use fastapi.testclient.TestClient(app).",
    "jinja_env": "Configure Jinja2Templates(...).env.",
    "url_map": "Flask's URL map does not route the FastAPI app's requests, so this changes "
    "nothing for them: FastAPI redirects between `/x` and `/x/` itself "
    "(app.router.redirect_slashes), and path convertors are registered with "
    "starlette.convertors.register_url_convertor.",
    "app_context": "Code that needs an app context must take the app (or settings) explicitly.",
    "test_request_context": "Build a starlette Request or call the endpoint with TestClient.",
    "cli": "Write the command with typer or click, outside the app object.",
    "json": "Return data; FastAPI serialises it with jsonable_encoder.",
    "extensions": "Keep shared objects in app.state (or module globals) and reach them "
    "through request.app.state or a dependency.",
    "shell_context_processor": "Keep the shell helpers in a script of your own.",
    "test_cli_runner": "Test the commands with click.testing.CliRunner (or typer's).",
    "make_response": "Build a fastapi Response.",
}
# Constructor arguments that configure Flask itself: the kept host takes them.
_HOST_ARGUMENTS = frozenset(
    {"import_name", "instance_path", "instance_relative_config", "root_path"}
)
# Extensions another rule converts when they are given the app.
_CONVERTED_EXTENSIONS = frozenset(
    {
        "flask_cors.CORS",
        "flask_restful.Api",
        "flask_restx.Api",
    }
)
_EXTENSION_ADVICE = {
    "flask_sqlalchemy": "Give handlers a SQLAlchemy Session dependency (a sessionmaker and "
    "`def get_session(): with Session() as s: yield s`, then `Depends(get_session)`).",
    "alchemical": "Give handlers a SQLAlchemy Session dependency (`Depends(get_session)`).",
    "flask_migrate": "Use Alembic directly; the migrations keep working.",
    "flask_mail": "Send mail with fastapi-mail or smtplib, configured from settings.",
    "flask_login": "Load the user in a dependency (fastapi.security) and declare it in handlers.",
    "flask_wtf": "Declare Form(...) parameters or a Pydantic model, with CSRF protection.",
    "flask_httpauth": "Use fastapi.security (HTTPBasic, HTTPBearer) dependencies.",
    "flask_marshmallow": "Use Pydantic models (response_model=...).",
    "apifairy": "Declare body and response models with Pydantic; FastAPI writes the docs.",
    "flasgger": "Remove it: FastAPI serves OpenAPI docs at /docs.",
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
    SEES = Sees.FLASK_NAMES | Sees.ROUTERS | Sees.FACTORIES
    summary = "Flask(...) -> FastAPI(); app.run() -> uvicorn.run(); Flask-only app attributes."
    FINDINGS = (
        FLASK_ARGUMENT,
        RUN_DEBUG,
        RUN_OPTION,
        APP_ATTRIBUTE,
        SESSION_MIDDLEWARE,
        LOGGER,
        FLASK_HOST,
        HOST_ATTRIBUTE,
        HOST_EXTENSION,
        APP_MAKE_RESPONSE,
        URL_MAP,
    )

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self._reported: set[str] = set()  # app attributes reported in this file
        self._hosts: set[int] = set()  # ``Flask(...)`` calls that make a converted app's host
        self._module: cst.Module | None = None
        self._settings: list[str | None] = []  # see _cookie_config, found once

    def visit_Module(self, node: cst.Module) -> None:
        self._module = node

    @property
    def _cookie_config(self) -> str | None:
        """Why the session middleware is made from the config (see session_settings)."""
        if not self._settings:
            module = self._module
            self._settings.append(None if module is None else session_settings(self.ctx, module))
        return self._settings[0]

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "host_flask":
            self._hosts.update(id(arg.value) for arg in node.args)  # a converted app's host
            for arg in node.args:
                if isinstance(arg.value, cst.Call) and isinstance(arg.value.func, cst.Name):
                    self.ctx.hosted.add(arg.value.func.value)
                    self.ctx.uses_host = True

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        ctx = self.ctx
        if ctx.is_flask(updated.func, "Flask") and id(original) not in self._hosts:
            return self._convert_constructor(updated)
        func = updated.func
        if (
            isinstance(func, cst.Attribute)
            and isinstance(func.value, cst.Name)
            and func.value.value in ctx.app_names
            and func.attr.value == "run"
        ):
            return self._convert_run(updated, func.value.value)
        if ctx.index.bridge:
            return self._bridge_extension(original, updated)
        return updated

    def _bridge_extension(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        """``ext.init_app(app)`` and ``Ext(app)`` of a Flask extension get the Flask app
        kept as a host; project functions handed the app keep the FastAPI app."""
        ctx = self.ctx
        if not updated.args or updated.args[0].keyword is not None or updated.args[0].star:
            return updated
        first = updated.args[0].value
        if not (isinstance(first, cst.Name) and first.value in ctx.app_names):
            return updated
        func = original.func
        if isinstance(func, cst.Attribute) and func.attr.value == "init_app":
            owner = ctx.qualname(func.value)
            if owner is not None and (owner in ctx.index.known or owner.split(".")[0] == ""):
                return updated  # a project module's function: it takes the FastAPI app
            extension = dotted_name(func.value) or "init_app"
            package = (owner or "").split(".")[0]
        else:
            qualified = ctx.qualname(func)
            if qualified is None or qualified in _CONVERTED_EXTENSIONS:
                return updated
            package = qualified.split(".")[0]
            if not (package.startswith("flask_") or package in _EXTENSION_ADVICE):
                return updated
            extension = qualified
        ctx.report(
            HOST_EXTENSION,
            extension=extension,
            advice=_EXTENSION_ADVICE.get(
                package,
                "Replace the extension with a plain library or a FastAPI dependency.",
            ),
        )
        ctx.uses_host = True
        host = host_reference(first.value)
        return replace(updated, args=[replace(updated.args[0], value=host), *updated.args[1:]])

    def _convert_constructor(self, call: cst.Call) -> cst.Call:
        ctx = self.ctx
        for index, arg in enumerate(call.args):
            name = arg.keyword.value if arg.keyword else ("import_name" if index == 0 else "")
            if name == "import_name" or (ctx.index.bridge and name in _HOST_ARGUMENTS):
                continue  # the Flask app kept as a host takes it
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
        """``app.secret_key = X`` -> ``app.add_middleware(web_compat.SessionMiddleware,
        secret_key=X)``: Flask's session (no session without a key) and Flask's default
        cookie. When the module sets the cookie's settings in the config, or loads the
        config, ``app.state.config["SECRET_KEY"] = X`` instead, and the middleware is made
        from the config when the app starts (web_compat.sessions, or the Flask host)."""
        if len(updated.targets) != 1:
            return updated
        app = _secret_key_app(updated.targets[0].target)
        if not (isinstance(app, cst.Name) and app.value in self.ctx.app_names):
            return updated
        host = self.ctx.index.bridge and self.ctx.index.host  # the host reads it at start-up
        if host or self._cookie_config is not None:
            settings = HOST_COOKIE if host else CONFIG_COOKIE.format(why=self._cookie_config)
            self.ctx.report(SESSION_MIDDLEWARE, settings=settings)
            target = cst.parse_expression(f'{app.value}.state.config["SECRET_KEY"]')
            return replace(updated, targets=[replace(updated.targets[0], target=target)])
        self.ctx.report(SESSION_MIDDLEWARE, settings=DEFAULT_COOKIE)
        return cst.Expr(
            make_call(
                f"{app.value}.add_middleware",
                cst.Arg(dotted(self.ctx.support_reference("SessionMiddleware"))),
                keyword("secret_key", updated.value),
            )
        )

    def _factory_call(self, node: cst.Call) -> bool:
        """Whether ``node`` calls an app factory of the project (``create_app()``)."""
        ctx = self.ctx
        if isinstance(node.func, cst.Name):
            here = ctx.index.modules.get(ctx.module)
            if here is not None and node.func.value in here.factories:
                return True
        qualified = ctx.qualname(node.func)
        if qualified is None:
            return False
        module, _, name = qualified.rpartition(".")
        facts = ctx.index.modules.get(module)
        return facts is not None and name in facts.factories

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
            self.ctx.index.bridge
            and isinstance(value, cst.Call)
            and updated.attr.value not in FASTAPI_ATTRIBUTES
            and updated.attr.value not in _CONVERTED_BY_RULES
            and id(original) not in self.ctx.converted_attributes
            and self._factory_call(value)
        ):  # ``create_app().testing``
            self.ctx.uses_host = True
            self.ctx.report(
                HOST_ATTRIBUTE,
                app="create_app()",
                attribute=updated.attr.value,
                advice=_advice(updated.attr.value),
            )
            host = cst.Attribute(cst.Attribute(value, cst.Name("state")), cst.Name("flask_app"))
            return cst.Attribute(host, updated.attr)
        app = dotted_name(value) if isinstance(value, cst.Name | cst.Attribute) else None
        if (
            app is not None
            and app in self.ctx.app_names
            and updated.attr.value not in FASTAPI_ATTRIBUTES
            and id(original) not in self.ctx.converted_attributes
        ):
            attribute = updated.attr.value
            if attribute == "jinja_env":  # the app's Jinja2Templates environment now
                return dotted(self.ctx.support_reference("templates") + ".env")
            if attribute == "url_map" and self.ctx.index.bridge:
                self.ctx.report(URL_MAP, app=app)
                return make_call(self.ctx.support_reference("url_map"), cst.Arg(dotted(app)))
            if attribute == "make_response" and self.ctx.index.bridge:
                self.ctx.report(APP_MAKE_RESPONSE, app=app)
                return dotted(self.ctx.support_reference("make_response"))
            if attribute == "logger":
                self.ctx.need("logging")
                if attribute not in self._reported:
                    self._reported.add(attribute)
                    self.ctx.report(LOGGER, app=app)
                return cst.parse_expression("logging.getLogger(__name__)")
            if self.ctx.index.bridge and attribute not in _CONVERTED_BY_RULES:
                self.ctx.uses_host = True
                self.ctx.report(
                    HOST_ATTRIBUTE,
                    app=app,
                    attribute=attribute,
                    advice=_advice(attribute),
                )
                return cst.Attribute(host_reference(app), updated.attr)
            if attribute in self._reported:
                return updated
            self._reported.add(attribute)
            self.ctx.report(
                APP_ATTRIBUTE,
                app=app,
                attribute=attribute,
                advice=_advice(attribute),
            )
        return updated


# Attributes a later rule converts where it can (hooks, tests): never bridged here.
_CONVERTED_BY_RULES = frozenset({"test_client"})


def _advice(attribute: str) -> str:
    return _ATTRIBUTE_ADVICE.get(
        attribute, "Find the FastAPI equivalent, or keep this state elsewhere."
    )


def host_reference(app: str) -> cst.Attribute:
    """``app.state.flask_app``: the Flask app kept as a host (``app`` may be dotted)."""
    return cst.Attribute(cst.Attribute(dotted(app), cst.Name("state")), cst.Name("flask_app"))


# Flask's settings of the session cookie (APPLICATION_ROOT is its path by default)
SESSION_SETTINGS = frozenset(
    {
        "SESSION_COOKIE_NAME",
        "SESSION_COOKIE_DOMAIN",
        "SESSION_COOKIE_PATH",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "SESSION_COOKIE_PARTITIONED",
        "PERMANENT_SESSION_LIFETIME",
        "SESSION_REFRESH_EACH_REQUEST",
        "APPLICATION_ROOT",
    }
)
_CONFIG_LOADERS = ("from_object", "from_pyfile", "from_envvar", "from_file", "from_prefixed_env")


class _SessionSettings(cst.CSTVisitor):
    """The session cookie settings a module names (config keys, class attributes,
    keywords) and the config loaders it calls."""

    def __init__(self) -> None:
        self.keys: set[str] = set()
        self.loaders: set[str] = set()

    def visit_Name(self, node: cst.Name) -> None:
        if node.value in SESSION_SETTINGS:
            self.keys.add(node.value)

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        value = string_value(node)
        if value in SESSION_SETTINGS:
            self.keys.add(value)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        owner = node.value
        if (
            node.attr.value in _CONFIG_LOADERS
            and isinstance(owner, cst.Attribute)
            and owner.attr.value == "config"
        ):
            self.loaders.add(node.attr.value)


def session_settings(ctx: FileContext, module: cst.Module) -> str | None:
    """Why the session middleware a secret key of this module makes must read the cookie's
    settings from the config when the app starts (None: Flask's defaults are right): the
    module sets some of them, or loads the config (which may)."""
    if not ctx.index.uses_config or (ctx.index.bridge and ctx.index.host):
        return None
    finder = _SessionSettings()
    module.visit(finder)
    if finder.keys:
        return "this module sets " + ", ".join(sorted(finder.keys))
    if finder.loaders:
        return f"the config is loaded with {min(finder.loaders)}(), which may set them"
    return None


def _secret_key_app(target: cst.BaseExpression) -> cst.BaseExpression | None:
    """``X`` in ``X.secret_key`` (an assignment target); ``config["SECRET_KEY"]`` is the
    config rule's."""
    if isinstance(target, cst.Attribute) and target.attr.value == "secret_key":
        return target.value
    return None
