"""Blueprints: `Blueprint(...)` -> `APIRouter(...)`, `register_blueprint` -> `include_router`.

Follows FastAPI's "Bigger Applications - Multiple Files" docs: a module declares an
``APIRouter`` and the app includes it. Flask and FastAPI combine URL prefixes
differently: Flask uses the prefix given to ``register_blueprint`` *instead of* the
blueprint's own ``url_prefix``; FastAPI *concatenates* ``include_router(prefix=...)`` and
``APIRouter(prefix=...)``. So the prefix moves to each ``include_router`` call, where the
index (which knows every blueprint, wherever it is registered) supplies the effective
one, and every URL stays what Flask made it. Routes on a blueprint are converted by the
routes rule and keep Flask's endpoint names (``"<blueprint>.<view>"``) as route names.

A blueprint registered on another blueprint is included in its router the same way
(reported: FastAPI copies routes when a router is included, so the parent must include
the child before the app includes the parent); its endpoints keep Flask's dotted names.

Refuses, and reports: prefixes that are not literals, blueprint options with no APIRouter
equivalent (static and template folders, subdomains, ``url_defaults``), and blueprint
attributes an APIRouter lacks (``errorhandler``, ``before_request``, ...).
"""

from __future__ import annotations

import libcst as cst

from flask2fastapi.hotspots import Sees
from flask2fastapi.report import Severity
from flask2fastapi.rules.base import FileContext, FindingSpec, Rule
from flask2fastapi.rules.nodes import call, dotted_name, find_arg, keyword, string_value

BLUEPRINT_OPTION = FindingSpec(
    "F2F501",
    "blueprint-option",
    Severity.MANUAL,
    "Blueprint({option}=...) has no APIRouter equivalent and was dropped.",
    "{advice}",
)
NESTED_BLUEPRINT = FindingSpec(
    "F2F502",
    "nested-blueprint",
    Severity.INFO,
    "A blueprint registered on another blueprint is now included in its router: its URLs "
    "get both prefixes and its endpoints keep Flask's dotted names (parent.child.view).",
    "FastAPI copies a router's routes when it is included: the parent must include the "
    "child before the app includes the parent (Flask did not mind the order).",
)
UNKNOWN_PREFIX = FindingSpec(
    "F2F503",
    "unknown-prefix",
    Severity.MANUAL,
    "register_blueprint() was left as it was: {reason}.",
    "Write app.include_router(router, prefix=...) with the URL prefix Flask used.",
)
ROUTER_ATTRIBUTE = FindingSpec(
    "F2F504",
    "router-attribute",
    Severity.MANUAL,
    "`{name}.{attribute}` is blueprint API an APIRouter lacks (first use in this file).",
    "{advice}",
)
BLUEPRINT_HOOK = FindingSpec(
    "F2F505",
    "blueprint-hook",
    Severity.MANUAL,
    "`{name}.{attribute}` now registers the hook with web_compat, which runs it with Flask's "
    "scope ({scope}) around each request, on the Flask app kept as a host.",
    "{advice}",
)
BLUEPRINT_CLI = FindingSpec(
    "F2F506",
    "blueprint-cli",
    Severity.MANUAL,
    "`{name}.cli` commands are now the `{group}` group of the Flask app kept as a host "
    "(`flask --app ... {group} <command>` still runs them).",
    "Write the commands with typer or click, outside the app.",
)
# Blueprint hooks web_compat runs: app-wide ones, and ones scoped to the router's routes.
_APP_HOOKS = frozenset({"before_app_request", "after_app_request", "teardown_app_request"})
_ROUTER_HOOKS = frozenset({"before_request", "after_request", "teardown_request"})

_OPTION_ADVICE = {
    "static_folder": "Mount it on the app: app.mount(path, StaticFiles(directory=...)).",
    "static_url_path": "Use it as the StaticFiles mount point.",
    "subdomain": "Mount a sub-application per host, or inspect request.url.hostname.",
    "url_defaults": "Give the handlers' parameters these defaults.",
    "root_path": "Resolve files relative to the module (Path(__file__).parent).",
    "cli_group": "Write the commands with typer or click.",
}
# What an APIRouter has, or what another rule converts on a blueprint.
_ROUTER_ATTRIBUTES = frozenset(
    {
        "get",
        "post",
        "put",
        "patch",
        "delete",
        "options",
        "head",
        "api_route",
        "add_api_route",
        "include_router",
        "routes",
        "prefix",
        "tags",
        "dependencies",
        "websocket",
        "route",
        "add_url_rule",
        "register_blueprint",
        "name",
        "url_prefix",
        # converted or reported by the errors rule
        "errorhandler",
        "app_errorhandler",
    }
)
_ATTRIBUTE_ADVICE = {
    "errorhandler": "Blueprint error handlers only saw the blueprint's errors; register an "
    "app-wide handler with app.exception_handler(...) and check request.url.path if needed.",
    "app_errorhandler": "Use app.exception_handler(...) on the app.",
    "before_request": "Use APIRouter(dependencies=[Depends(...)]).",
    "before_app_request": "Use FastAPI(dependencies=[Depends(...)]) on the app.",
    "after_request": "Use an HTTP middleware on the app (@app.middleware('http')).",
    "after_app_request": "Use an HTTP middleware on the app (@app.middleware('http')).",
    "teardown_request": "Use a dependency with yield.",
    "teardown_app_request": "Use a dependency with yield on the app, or a middleware's "
    "finally block.",
    "context_processor": "Pass the values to TemplateResponse, or set Jinja2Templates env globals.",
    "app_context_processor": "Set Jinja2Templates(...).env.globals.",
    "record": "Run the code where the router is included.",
    "record_once": "Run the code where the router is included.",
}


class BlueprintsRule(Rule):
    name = "blueprints"
    SEES = Sees.FLASK_NAMES | Sees.ROUTERS
    summary = (
        "Blueprint(...) -> APIRouter(); register_blueprint -> include_router with Flask's prefix."
    )
    FINDINGS = (
        BLUEPRINT_OPTION,
        NESTED_BLUEPRINT,
        UNKNOWN_PREFIX,
        ROUTER_ATTRIBUTE,
        BLUEPRINT_HOOK,
        BLUEPRINT_CLI,
    )

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self._reported: set[tuple[str, str]] = set()

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        ctx = self.ctx
        if ctx.is_flask(updated.func, "Blueprint"):
            return self._router(updated)
        func = updated.func
        if isinstance(func, cst.Attribute) and func.attr.value == "register_blueprint":
            owner = dotted_name(func.value)
            if owner in ctx.blueprints:
                included = self._include(updated)
                if included is not updated:
                    ctx.report(NESTED_BLUEPRINT)
                return included
            if owner in ctx.app_names:
                return self._include(updated)
        return updated

    def _router(self, node: cst.Call) -> cst.Call:
        name_arg = find_arg(node, "name", 0)
        name = string_value(name_arg.value) if name_arg else None
        for index, arg in enumerate(node.args):
            option = arg.keyword.value if arg.keyword else None
            if (
                arg is name_arg
                or option in ("import_name", "url_prefix", "template_folder")
                or (option is None and index == 1)
            ):
                continue
            self.ctx.report(
                BLUEPRINT_OPTION,
                option=option or f"argument {index + 1}",
                advice=_OPTION_ADVICE.get(option or "", "Configure it on the FastAPI side."),
            )
        self.ctx.need("fastapi", "APIRouter")
        self.ctx.dropped(node.func)
        if name is None:
            return call("APIRouter")
        tags = cst.List([cst.Element(cst.SimpleString(f'"{name}"'))])
        return call("APIRouter", keyword("tags", tags))

    def _include(self, node: cst.Call) -> cst.BaseExpression:
        target = node.args[0].value if node.args else None
        blueprint = dotted_name(target) if target is not None else None
        facts = self.ctx.blueprints.get(blueprint or "")
        if facts is None or target is None:
            module = self.ctx.index.modules.get(self.ctx.module)
            if module is not None and blueprint in module.fastapi_apps:
                return node  # an APIRouter already: an earlier run reported this call
            self.ctx.report(UNKNOWN_PREFIX, reason="the blueprint is not one this project defines")
            return node
        prefix_arg = find_arg(node, "url_prefix")
        others = [a for a in node.args[1:] if a is not prefix_arg]
        if others:
            self.ctx.report(UNKNOWN_PREFIX, reason="it passes options other than url_prefix")
            return node
        if prefix_arg is not None:
            prefix = string_value(prefix_arg.value)
            if prefix is None:
                self.ctx.report(UNKNOWN_PREFIX, reason="its url_prefix is not a string literal")
                return node
        else:
            prefix = facts.url_prefix  # Flask falls back to the blueprint's own prefix
        args = [cst.Arg(target)]
        prefix = (prefix or "").rstrip("/")
        if prefix:
            args.append(keyword("prefix", cst.SimpleString(f'"{prefix}"')))
        assert isinstance(node.func, cst.Attribute)
        return node.with_changes(
            func=node.func.with_changes(attr=cst.Name("include_router")),
            args=call("f", *args).args,
        )

    def _bridge_hook(self, name: str, attribute: str) -> cst.BaseExpression:
        """``bp.before_app_request`` -> ``web_compat.before_app_request(bp)`` (every request
        of an app that includes ``bp``); ``bp.before_request`` ->
        ``web_compat.before_request(bp)`` (its routes only)."""
        ctx = self.ctx
        ctx.uses_host = True
        scoped = attribute in _ROUTER_HOOKS
        ctx.report(
            BLUEPRINT_HOOK,
            name=name,
            attribute=attribute,
            scope=f"the routes of `{name}` only" if scoped else "every request of the app",
            advice=_ATTRIBUTE_ADVICE[attribute],
        )
        # the router is given for app-wide hooks too: Flask registered them when the app
        # registered the blueprint (and never, if it did not)
        return call(ctx.support_reference(attribute), cst.Arg(cst.Name(name)))

    def leave_Attribute(
        self, original: cst.Attribute, updated: cst.Attribute
    ) -> cst.BaseExpression:
        value = updated.value
        if not (isinstance(value, cst.Name) and value.value in self.ctx.blueprints):
            return updated
        attribute = updated.attr.value
        if attribute in _ROUTER_ATTRIBUTES or (value.value, attribute) in self._reported:
            return updated
        if id(original) in self.ctx.converted_attributes:
            return updated
        if self.ctx.index.bridge and attribute in _APP_HOOKS | _ROUTER_HOOKS:
            return self._bridge_hook(value.value, attribute)
        facts = self.ctx.blueprints[value.value]
        if self.ctx.index.bridge and attribute == "cli" and facts.name is not None:
            self.ctx.uses_host = True
            self.ctx.report(BLUEPRINT_CLI, name=value.value, group=facts.name)
            return call(
                self.ctx.support_reference("blueprint_cli"),
                cst.Arg(cst.Name(value.value)),
                cst.Arg(cst.SimpleString(f'"{facts.name}"')),
            )
        self._reported.add((value.value, attribute))
        self.ctx.report(
            ROUTER_ATTRIBUTE,
            name=value.value,
            attribute=attribute,
            advice=_ATTRIBUTE_ADVICE.get(attribute, "Find the FastAPI equivalent."),
        )
        return updated
