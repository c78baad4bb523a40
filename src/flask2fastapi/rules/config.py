"""Application configuration: ``app.config`` -> ``app.state.config``, a plain dict.

Flask's ``app.config`` is a dict that the code fills at start-up (``from_object``,
``from_mapping``, ``config[...] = ...``), that tests change after the app was built
(``app.config["TESTING"] = True``) and that handlers read at request time through
``current_app.config``. The converted app keeps exactly that: a dict created beside the
app (``app.state.config = {}``, FastAPI's documented place for app-wide state), filled by
the same statements, read by handlers as ``request.app.state.config`` (the request_data
rule converts ``current_app``). Every key, every override and every read keeps its
meaning, which a typed settings class would not give for free: a pydantic-settings
``BaseSettings`` fixes its fields when it is created, reads the environment, and turns
``config["X"] = ...`` in tests into attribute writes. That is the idiomatic end state,
and the report suggests it (F2F111) once the keys are known to the team.

* ``app.config[...]``, ``.get``, ``.update``, ``.setdefault``, ``in``: unchanged dict API.
* ``from_mapping(mapping, **kw)`` -> ``update(mapping, **kw)``.
* ``from_object(obj)`` (a class, module, or an expression giving one) -> ``update`` with
  the object's upper-case attributes, as Flask copies them.
* ``config["SECRET_KEY"] = ...`` (or ``SECRET_KEY=`` passed to ``from_mapping``/``update``)
  also configures web_compat's ``SessionMiddleware`` with that key, as ``session`` needs
  (Flask's session: none without a key, Flask's cookie). When the module sets the
  session cookie's settings (``SESSION_COOKIE_SECURE``...) or loads the config, the
  middleware is made from the config when the app starts (``web_compat.sessions(app)``),
  so it has every setting the config ends up with.

Refuses, and reports (F2F112): ``from_object("dotted.path")`` and ``from_object`` of an
environment variable (an import string), ``from_pyfile``, ``from_envvar``, ``from_file``,
``from_prefixed_env`` and ``get_namespace``: they read files or the environment in
ways a dict cannot; the statement is left as it was.
"""

from __future__ import annotations

import libcst as cst

from flask2fastapi.hotspots import Sees
from flask2fastapi.report import Severity
from flask2fastapi.rules.app_object import (
    CONFIG_COOKIE,
    DEFAULT_COOKIE,
    FLASK_HOST,
    HOST_COOKIE,
    SESSION_MIDDLEWARE,
    session_settings,
)
from flask2fastapi.rules.base import FileContext, FindingSpec, Rule
from flask2fastapi.rules.hooks import hook_kind
from flask2fastapi.rules.nodes import call as make_call
from flask2fastapi.rules.nodes import dotted, dotted_name, keyword, replace, string_value

CONFIG_DICT = FindingSpec(
    "F2F111",
    "config-dict",
    Severity.INFO,
    "`{app}.config` is now `{app}.state.config`, a plain dict (handlers read "
    "`request.app.state.config`). Keys Flask set by default (DEBUG, TESTING, ...) are only "
    "there if the code sets them.",
    "Once the keys are settled, a pydantic-settings BaseSettings class gives them types and "
    "reads them from the environment.",
)
CONFIG_LOADER = FindingSpec(
    "F2F112",
    "config-loader",
    Severity.MANUAL,
    "`{app}.config.{method}(...)` was left as it was: {reason}; a FastAPI app has no config "
    "object.",
    "Load the values yourself and put them in `{app}.state.config` (a dict), or define a "
    "pydantic-settings BaseSettings class that reads them.",
)
CONFIG_LOADER_HOST = FindingSpec(
    "F2F114",
    "config-loader-host",
    Severity.MANUAL,
    "`{app}.config.{method}(...)` now runs on `{app}.state.config`, the Config of the Flask "
    "app kept as a host: {reason}.",
    "Define a pydantic-settings BaseSettings class that reads these values, then drop the "
    "Flask host.",
)

STATIC_MOUNT = FindingSpec(
    "F2F113",
    "static-mount",
    Severity.INFO,
    "The `static/` folder Flask served at {url_path} is mounted with StaticFiles: same URLs, "
    "and `url_for('static', filename=...)` still builds them; the caching headers differ "
    "(ETag and Last-Modified values; no Cache-Control: no-cache or inline "
    "Content-Disposition).",
    "Serve static files from a web server or CDN in production, as with Flask.",
)

SESSIONS_AT_START = FindingSpec(
    "F2F115",
    "sessions-at-start",
    Severity.INFO,
    "`web_compat.sessions({app})` adds web_compat.SessionMiddleware when the app starts, "
    "with the SECRET_KEY and session cookie settings (SESSION_COOKIE_*, "
    "PERMANENT_SESSION_LIFETIME) the config has then ({why}), and runs it before the "
    "middlewares made of request hooks, which read the session.",
    "Once the key's source is settled, add web_compat.SessionMiddleware(secret_key=..., "
    "**web_compat.session_options(config)) yourself, after every other add_middleware() "
    "and @app.middleware.",
)
# what needs Flask's session, and so a SessionMiddleware
_SESSION_NAMES = frozenset({"flask.session", "flask.flash", "flask.get_flashed_messages"})

_LOADERS = {
    "from_pyfile": "it executes a Python file",
    "from_envvar": "it reads the file an environment variable names",
    "from_file": "it parses a file with a loader function",
    "from_prefixed_env": "it reads prefixed environment variables",
    "get_namespace": "it is a Flask Config method",
    "from_object": "the object is an import string, not an object",
}


def _config_owner(node: cst.BaseExpression, apps: set[str]) -> str | None:
    """``app`` for ``app.config`` when ``app`` is a Flask app of this module."""
    if type(node) is cst.Attribute and node.attr.value == "config":
        owner = dotted_name(node.value)  # ``self.app`` in a test class too
        if owner is not None and owner in apps:
            return owner
    return None


def _import_string(ctx: FileContext, node: cst.BaseExpression) -> bool:
    """Whether ``from_object``'s argument is (or may well be) an import string."""
    if string_value(node) is not None or isinstance(
        node, cst.SimpleString | cst.ConcatenatedString | cst.FormattedString
    ):
        return True
    target = node
    if isinstance(target, cst.Call) and isinstance(target.func, cst.Attribute):
        target = target.func.value  # os.environ.get(...), os.getenv(...)
    elif isinstance(target, cst.Subscript):
        target = target.value  # os.environ[...]
    elif isinstance(target, cst.Call):
        target = target.func
    qualified = ctx.qualname(target) or ""
    return qualified in ("os.environ", "os", "os.getenv") or isinstance(node, cst.Call)


def _session_middleware(app: str, middleware: str) -> cst.SimpleStatementLine:
    return cst.SimpleStatementLine(
        [
            cst.Expr(
                make_call(
                    f"{app}.add_middleware",
                    cst.Arg(dotted(middleware)),
                    keyword(
                        "secret_key", cst.parse_expression(f'{app}.state.config["SECRET_KEY"]')
                    ),
                )
            )
        ]
    )


class ConfigRule(Rule):
    name = "config"
    SEES = Sees.FLASK_NAMES | Sees.ROUTERS
    summary = "app.config -> app.state.config (a dict); from_object/from_mapping -> update()."
    FINDINGS = (CONFIG_DICT, CONFIG_LOADER, CONFIG_LOADER_HOST, STATIC_MOUNT, SESSIONS_AT_START)

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self._left: set[int] = set()  # ``app.config`` nodes of refused loader calls
        # per statement: the app whose secret key it sets, in the config (or not)
        self._secret: list[tuple[str, bool]] = []
        self._hooks_read_session = False  # a request hook of this module reads the session
        self._module: cst.Module | None = None
        self._settings: list[str | None] = []  # see _cookie_config, found once
        self._sessions: set[str] = set()  # apps given web_compat.sessions() in this module
        facts = ctx.index.modules.get(ctx.module)
        self.active = bool(
            ctx.app_names
            and (facts is None or facts.apps or facts.uses_config or facts.sets_secret_key)
        )

    def visit_Module(self, node: cst.Module) -> None:
        self._module = node
        local = {name for name, q in self.ctx.aliases.items() if q in _SESSION_NAMES}
        if local:
            finder = _SessionHooks(local, self.ctx.app_names, set(self.ctx.blueprints))
            node.visit(finder)
            self._hooks_read_session = finder.found

    @property
    def _cookie_config(self) -> str | None:
        """Why the session middleware is made from the config (see session_settings)."""
        if not self._settings:
            module = self._module
            self._settings.append(None if module is None else session_settings(self.ctx, module))
        return self._settings[0]

    def _sessions_at_start(self) -> str | None:
        """Why the app needs ``web_compat.sessions(app)`` (None when it does not): the
        project uses the session, and its key comes from the config or a hook reads it."""
        index = self.ctx.index
        if index.host or not any(
            q in _SESSION_NAMES for m in index.modules.values() for q in m.imports.values()
        ):
            return None  # the Flask host does the same when it starts
        if self._hooks_read_session:
            return "a request hook reads the session"
        if not index.has_secret_key and index.uses_config:
            return "the key is loaded into the config"
        if not index.has_secret_key:  # Flask's null session: empty, and refuses changes
            return (
                "no module sets the key: until one does, the session stays empty and "
                "refuses changes, as Flask's did"
            )
        return self._cookie_config

    # -- app.config ------------------------------------------------------------------------

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if _config_owner(node, self.ctx.app_names) is not None:
            self.ctx.converted_attributes.add(id(node))

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if type(func) is not cst.Attribute:
            return
        app = _config_owner(func.value, self.ctx.app_names)
        if app is None:
            return
        method = func.attr.value
        refused = method in _LOADERS and method != "from_object"
        if method == "from_object":
            refused = len(node.args) != 1 or _import_string(self.ctx, node.args[0].value)
        if refused and self.ctx.index.bridge:  # Flask's Config does it, on the host
            self.ctx.uses_host = True
            self.ctx.report(CONFIG_LOADER_HOST, app=app, method=method, reason=_LOADERS[method])
        elif refused:
            self._left.add(id(func.value))
            self.ctx.report(CONFIG_LOADER, app=app, method=method, reason=_LOADERS[method])
        elif method in ("from_mapping", "update") and any(
            a.keyword is not None and a.keyword.value == "SECRET_KEY" for a in node.args
        ):
            self._secret.append((app, True))

    def leave_Attribute(
        self, original: cst.Attribute, updated: cst.Attribute
    ) -> cst.BaseExpression:
        app = _config_owner(original, self.ctx.app_names)
        if app is None or id(original) in self._left:
            return updated
        return cst.Attribute(cst.Attribute(updated.value, cst.Name("state")), cst.Name("config"))

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        func = original.func
        if type(func) is not cst.Attribute or id(func.value) in self._left:
            return updated
        if _config_owner(func.value, self.ctx.app_names) is None:
            return updated
        new_func = updated.func
        assert isinstance(new_func, cst.Attribute)
        method = func.attr.value
        if method == "from_mapping":
            return replace(updated, func=replace(new_func, attr=cst.Name("update")))
        if method != "from_object" or len(original.args) != 1:
            return updated
        if _import_string(self.ctx, original.args[0].value):
            return updated  # Flask's Config imports it (on the host)
        source = updated.args[0].value
        if isinstance(source, cst.Name | cst.Attribute):
            code = "{key: getattr(SOURCE, key) for key in dir(SOURCE) if key.isupper()}"
            mapping = cst.parse_expression(code)
            mapping = _substitute(mapping, source)
        else:
            code = (
                "{key: getattr(source, key) for source in [SOURCE] "
                "for key in dir(source) if key.isupper()}"
            )
            mapping = _substitute(cst.parse_expression(code), source)
        return cst.Call(func=replace(new_func, attr=cst.Name("update")), args=[cst.Arg(mapping)])

    # -- statements: the dict where the app is created, the session middleware ------------

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self._secret = []
        if len(node.body) != 1 or type(node.body[0]) is not cst.Assign:
            return
        assign = node.body[0]
        target = assign.targets[0].target if len(assign.targets) == 1 else None
        if (
            type(target) is cst.Subscript
            and _config_owner(target.value, self.ctx.app_names) is not None
            and len(target.slice) == 1
            and isinstance(target.slice[0].slice, cst.Index)
            and string_value(target.slice[0].slice.value) == "SECRET_KEY"
        ):
            self._secret.append((_config_owner(target.value, self.ctx.app_names) or "app", True))
        elif (  # ``app.secret_key = X``: the app_object rule converts it
            type(target) is cst.Attribute
            and target.attr.value == "secret_key"
            and type(target.value) is cst.Name
            and target.value.value in self.ctx.app_names
        ):
            self._secret.append((target.value.value, False))

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement]:
        extra: list[cst.BaseStatement] = []
        app = self._created_app(original)
        if app is not None and self.ctx.index.host:
            extra.append(self._host(app, original))
        elif app is not None and self.ctx.index.uses_config:
            extra.append(cst.parse_statement(f"{app}.state.config = {{}}"))
            self.ctx.report(CONFIG_DICT, app=app)
        if app is not None and self._serves_static():
            extra.append(self._static_mount(app))
        why = self._sessions_at_start() if app is not None else None
        if app is not None and why is not None:
            self.ctx.report(SESSIONS_AT_START, app=app, why=why)
            extra.append(self._sessions_call(app))
        host = self.ctx.index.bridge and self.ctx.index.host
        for owner, in_config in dict.fromkeys(self._secret):
            if host:  # the host adds it when the app starts, with the final config
                if in_config:
                    self.ctx.report(SESSION_MIDDLEWARE, settings=HOST_COOKIE)
            elif self._cookie_config is not None:  # made from the final config
                if in_config:
                    settings = CONFIG_COOKIE.format(why=self._cookie_config)
                    self.ctx.report(SESSION_MIDDLEWARE, settings=settings)
                if owner not in self._sessions:
                    extra.append(self._sessions_call(owner))
            elif in_config:
                self.ctx.report(SESSION_MIDDLEWARE, settings=DEFAULT_COOKIE)
                middleware = self.ctx.support_reference("SessionMiddleware")
                extra.append(_session_middleware(owner, middleware))
        self._secret = []
        if not extra:
            return updated
        return cst.FlattenSentinel([updated, *extra])

    def _sessions_call(self, app: str) -> cst.BaseStatement:
        """``web_compat.sessions(app)``: the session middleware made from the config."""
        self._sessions.add(app)
        call = make_call(self.ctx.support_reference("sessions"), cst.Arg(cst.Name(app)))
        return cst.SimpleStatementLine([cst.Expr(call)])

    def _host(self, app: str, original: cst.SimpleStatementLine) -> cst.BaseStatement:
        """``web_compat.host_flask(app, Flask(...))``: the Flask app kept as a host, made
        with the arguments Flask() had (its config becomes ``app.state.config``)."""
        assign = original.body[0]
        assert isinstance(assign, cst.Assign) and isinstance(assign.value, cst.Call)
        flask = cst.Call(func=cst.Name("Flask"), args=assign.value.args)
        self.ctx.need("flask", "Flask")
        self.ctx.uses_host = True
        self.ctx.report(FLASK_HOST, app=app)
        host = make_call(
            self.ctx.support_reference("host_flask"), cst.Arg(cst.Name(app)), cst.Arg(flask)
        )
        return cst.SimpleStatementLine([cst.Expr(host)])

    def _serves_static(self) -> bool:
        """Whether Flask served a ``static/`` folder beside this module (its default)."""
        facts = self.ctx.index.modules.get(self.ctx.module)
        return facts is not None and facts.has_static_dir and facts.static_folder == "static"

    def _static_mount(self, app: str) -> cst.BaseStatement:
        facts = self.ctx.index.modules[self.ctx.module]
        url_path = (facts.static_url_path or "/static").rstrip("/") or "/static"
        self.ctx.need("fastapi.staticfiles", "StaticFiles")
        self.ctx.need("pathlib", "Path")
        self.ctx.report(STATIC_MOUNT, url_path=url_path)
        return cst.parse_statement(
            f'{app}.mount("{url_path}", StaticFiles(directory=Path(__file__).resolve().parent '
            f'/ "static"), name="static")'
        )

    def _created_app(self, statement: cst.SimpleStatementLine) -> str | None:
        """``app`` for ``app = Flask(...)``."""
        if len(statement.body) != 1 or type(statement.body[0]) is not cst.Assign:
            return None
        assign = statement.body[0]
        if len(assign.targets) != 1 or type(assign.targets[0].target) is not cst.Name:
            return None
        value = assign.value
        if type(value) is not cst.Call or not self.ctx.is_flask(value.func, "Flask"):
            return None
        name = assign.targets[0].target.value  # type: ignore[attr-defined]
        return name if name in self.ctx.app_names else None


class _SessionHooks(cst.CSTVisitor):
    """Whether a request hook (``@app.before_request``...) reads the session."""

    def __init__(self, names: set[str], apps: set[str], blueprints: set[str]) -> None:
        self.names, self.apps, self.blueprints = names, apps, blueprints
        self.found = False
        self._hooks = 0

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._hooks += any(hook_kind(d, self.apps, self.blueprints) for d in node.decorators)

    def leave_FunctionDef(self, original: cst.FunctionDef) -> None:
        self._hooks -= any(hook_kind(d, self.apps, self.blueprints) for d in original.decorators)

    def visit_Name(self, node: cst.Name) -> None:
        if self._hooks and node.value in self.names:
            self.found = True


class _Substitute(cst.CSTTransformer):
    def __init__(self, value: cst.BaseExpression) -> None:
        self.value = value

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.BaseExpression:
        return self.value if updated.value == "SOURCE" else updated


def _substitute(template: cst.BaseExpression, value: cst.BaseExpression) -> cst.BaseExpression:
    result = template.visit(_Substitute(value))
    assert isinstance(result, cst.BaseExpression)
    return result
