"""Flask-Login: ``@login_required`` and ``current_user`` in handlers -> a dependency.

Follows FastAPI's "Security" docs: the logged-in user is a dependency of the handlers
that need it. Flask-Login finds the user through its session cookie and the project's
``@login_manager.user_loader``; neither works without Flask, and how a FastAPI app
should identify users (the session, a token) is the team's decision. So the converter
writes the dependency's skeleton once, beside the ``LoginManager``, with the one function
to fill in (F2F804, manual):

    class AnonymousUser:  # what Flask-Login's current_user was for a visitor
        is_authenticated = False
        ...

    def current_user_or_anonymous(request: Request):
        return AnonymousUser()  # TODO: load the logged-in user here

    def get_current_user(request: Request):
        user = current_user_or_anonymous(request)
        if not user.is_authenticated:
            raise HTTPException(status_code=401)
        return user

A handler with ``@login_required`` loses the decorator and gets
``current_user=Depends(get_current_user)``; a handler that only reads ``current_user``
gets ``current_user=Depends(current_user_or_anonymous)``. Until the function is written,
every request is a visitor's: pages for visitors answer as before, protected ones 401
(Flask-Login answered 401 too, or redirected to ``login_view``).
``LoginManager(app)`` becomes ``LoginManager()`` and ``login_manager.init_app(app)`` is
removed (both would fail on a FastAPI app); the ``user_loader`` stays for the team to call.

Left and reported by the imports rule (F2F803): ``login_user``, ``logout_user``,
``current_user`` outside handlers, ``fresh_login_required`` and the other Flask-Login API.
"""

from __future__ import annotations

import libcst as cst

from flask2fastapi.hotspots import Sees
from flask2fastapi.index import import_path
from flask2fastapi.report import Severity
from flask2fastapi.rules.base import FileContext, FindingSpec, Rule, _attach_marks
from flask2fastapi.rules.nodes import dotted_name, replace

LOGIN_STUB = FindingSpec(
    "F2F804",
    "login-dependency",
    Severity.MANUAL,
    "Flask-Login's current_user is now the dependency below: every request is a visitor's "
    "(not authenticated) until current_user_or_anonymous() loads the logged-in user.",
    "Load the user there, e.g. from request.session (set it where login_user() was called) "
    "with your user_loader, or from a token (fastapi.security); keep returning "
    "AnonymousUser() for visitors.",
)
LOGIN_REQUIRED = FindingSpec(
    "F2F805",
    "login-required",
    Severity.INFO,
    "@login_required on `{handler}` is now the dependency `current_user=Depends("
    "get_current_user)`: visitors get a 401{redirect}.",
    "Raise HTTPException(303, headers={{'Location': ...}}) in get_current_user() to send "
    "visitors to the login page instead.",
)

STUB = '''class AnonymousUser:
    """What Flask-Login's current_user was for a visitor."""

    is_authenticated = False
    is_active = False
    is_anonymous = True

    def get_id(self):
        return None


def current_user_or_anonymous(request: Request):
    """The logged-in user, or AnonymousUser() for a visitor (was Flask-Login's current_user)."""
    return AnonymousUser()


def get_current_user(request: Request):
    """The logged-in user of a handler that was @login_required; visitors get a 401."""
    user = current_user_or_anonymous(request)
    if not user.is_authenticated:
        raise HTTPException(status_code=401)
    return user
'''
STUB_NAMES = ("current_user_or_anonymous", "get_current_user")


class LoginRule(Rule):
    name = "login"
    SEES = Sees.FLASK_NAMES | Sees.ROUTERS | Sees.HANDLERS
    summary = "flask_login @login_required / current_user in handlers -> Depends(...) stubs."
    FINDINGS = (LOGIN_STUB, LOGIN_REQUIRED)

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        facts = ctx.index.modules.get(ctx.module)
        self._managers = set(facts.login_managers) if facts is not None else set()
        home = ctx.index.login_module
        self._home = home if home is not None else ctx.module
        # ``current_user`` imported from flask_login under its own name
        self._current_user = ctx.aliases.get("current_user") == "flask_login.current_user"
        self._uses_stub = False
        # with the bridge, Flask-Login keeps running on the Flask app kept as a host (its
        # session is the app's session), so nothing has to be filled in by hand to log in
        self.active = not ctx.index.bridge and (
            bool(self._managers)
            or any(q == "flask_login" or q.startswith("flask_login.") for q in ctx.aliases.values())
        )

    def _is(self, node: cst.BaseExpression, name: str) -> bool:
        return self.ctx.qualname(node) == f"flask_login.{name}"

    # -- handlers -------------------------------------------------------------------------

    def leave_FunctionDef(
        self, original: cst.FunctionDef, updated: cst.FunctionDef
    ) -> cst.FunctionDef:
        key = self.ctx.handler_key(original)
        if key not in self.ctx.handlers:
            return updated
        required = [d for d in updated.decorators if self._is(d.decorator, "login_required")]
        reads = self._current_user and _count(original, "current_user")
        if not required and not reads:
            return updated
        if any(p.name.value == "current_user" for p in _all_params(updated)):
            return updated
        dependency = "get_current_user" if required else "current_user_or_anonymous"
        for decorator in required:
            self.ctx.dropped(decorator.decorator)
        if required:
            manager = self.ctx.index.login_view
            redirect = f" (Flask-Login redirected them to `{manager}`)" if manager else ""
            self.ctx.report(LOGIN_REQUIRED, handler=updated.name.value, redirect=redirect)
        if reads:  # the parameter shadows the import in this function now
            self.ctx.uses["current_user"] = max(0, self.ctx.uses["current_user"] - reads)
        self._uses_stub = True
        self.ctx.need("fastapi", "Depends")
        if self._home != self.ctx.module:
            module = import_path(
                self.ctx.module, self.ctx.rel_path.endswith("__init__.py"), self._home
            )
            self.ctx.need(module, dependency)
        param = cst.Param(
            cst.Name("current_user"),
            default=cst.parse_expression(f"Depends({dependency})"),
            equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")),
        )
        params = updated.params
        if params.star_arg is cst.MaybeSentinel.DEFAULT or params.star_arg is None:
            params = replace(params, star_arg=cst.ParamStar())
        params = replace(params, kwonly_params=[*params.kwonly_params, param])
        kept = [d for d in updated.decorators if d not in required]
        # the parameter is the user itself, not a proxy: ``current_user._get_current_object()``
        body = updated.body.visit(_ProxyTarget())
        assert isinstance(body, cst.BaseSuite)
        return replace(updated, decorators=kept, params=params, body=body)

    # -- the login manager --------------------------------------------------------------------

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        """``LoginManager(app)`` -> ``LoginManager()``: the app is a FastAPI app now."""
        if self._is(updated.func, "LoginManager") and updated.args:
            names = {dotted_name(a.value) for a in updated.args}
            if names & self.ctx.app_names:
                return replace(updated, args=[])
        return updated

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement] | cst.RemovalSentinel:
        if len(original.body) != 1:
            return updated
        small = original.body[0]
        if (
            type(small) is cst.Expr
            and type(small.value) is cst.Call
            and type(small.value.func) is cst.Attribute
            and small.value.func.attr.value == "init_app"
            and dotted_name(small.value.func.value) in self._managers
        ):
            return cst.RemovalSentinel.REMOVE  # login_manager.init_app(app)
        return updated

    def _stub(self) -> list[cst.BaseStatement]:
        self.ctx.need("fastapi", "Request")
        self.ctx.need("fastapi", "HTTPException")
        statements = list(cst.parse_module(STUB).body)
        blank = [cst.EmptyLine(), cst.EmptyLine()]
        statements = [replace(s, leading_lines=blank) for s in statements]  # type: ignore[type-var]
        # the finding sits on the function to write
        index = next(
            i
            for i, s in enumerate(statements)
            if isinstance(s, cst.FunctionDef) and s.name.value == "current_user_or_anonymous"
        )
        self.ctx.report(LOGIN_STUB)
        marks = self.ctx._open[-1][-1:]
        self.ctx._open[-1][-1:] = []
        statements[index] = _marked(statements[index], marks)
        if self.ctx.index.renders_templates:  # templates read current_user, as with Flask-Login
            templates = self.ctx.support_reference("templates")
            registration = cst.parse_statement(
                f"{templates}.context_processors.append(\n"
                '    lambda request: {"current_user": current_user_or_anonymous(request)}\n)\n'
            )
            statements.append(replace(registration, leading_lines=[cst.EmptyLine()] * 2))  # type: ignore[type-var]
        return statements

    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        """The stub goes after the imports of the module with the LoginManager (or of
        this module, when the project has none)."""
        if self._home != self.ctx.module:
            return updated
        if not (self._uses_stub or (self._managers and self.ctx.index.uses_login_stub)):
            return updated
        if any(isinstance(s, cst.FunctionDef) and s.name.value in STUB_NAMES for s in updated.body):
            return updated  # written by an earlier run
        self.ctx._open.append([])
        stub = self._stub()
        self.ctx._open.pop()
        body = list(updated.body)
        position = 0
        for i, statement in enumerate(body):
            if isinstance(statement, cst.SimpleStatementLine) and all(
                isinstance(s, cst.Import | cst.ImportFrom) for s in statement.body
            ):
                position = i + 1
        if position < len(body):
            following = body[position]
            blank = [cst.EmptyLine(), cst.EmptyLine()]
            lines = list(getattr(following, "leading_lines", []))
            if len(lines) < 2:
                body[position] = replace(following, leading_lines=[*blank[len(lines) :], *lines])  # type: ignore[type-var]
        body[position:position] = stub
        return replace(updated, body=body)


class _ProxyTarget(cst.CSTTransformer):
    """``current_user._get_current_object()`` -> ``current_user`` (a nested function that
    binds its own ``current_user`` is left alone)."""

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        func = updated.func
        if (
            not updated.args
            and isinstance(func, cst.Attribute)
            and func.attr.value == "_get_current_object"
            and isinstance(func.value, cst.Name)
            and func.value.value == "current_user"
        ):
            return replace(func.value, lpar=updated.lpar, rpar=updated.rpar)
        return updated


def _marked(statement: cst.BaseStatement, marks: list[int]) -> cst.BaseStatement:
    return _attach_marks(statement, marks)  # type: ignore[no-any-return]


def _all_params(function: cst.FunctionDef) -> list[cst.Param]:
    params = function.params
    return [*params.posonly_params, *params.params, *params.kwonly_params]


def _count(function: cst.FunctionDef, name: str) -> int:
    """References to ``name`` in the function's body."""
    found = 0

    class Finder(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            nonlocal found
            found += node.value == name

    function.body.visit(Finder())
    return found
