"""Request hooks: ``@app.after_request`` -> an HTTP middleware that calls the hook.

Follows FastAPI's "Middleware" docs. Flask calls an ``after_request`` function with every
response it sends (error responses included) and sends what it returns; an HTTP
middleware sees the same responses (exception handlers run inside it). The hook keeps
its body (Starlette responses have the same ``headers`` and ``set_cookie``); it loses its
decorator, and a small middleware right after it hands it each response:

    @app.middleware("http")
    async def add_headers_middleware(request: Request, call_next):
        return add_headers(await call_next(request))

``@bp.after_app_request`` is app-wide too and is converted the same way. Refuses, and
reports: ``before_request`` / ``teardown_request`` / ``before_first_request`` hooks and
hooks scoped to a blueprint (the app attribute rules report them).
"""

from __future__ import annotations

import libcst as cst

from flask2fastapi.report import Severity
from flask2fastapi.rules.base import FindingSpec, Rule
from flask2fastapi.rules.nodes import dotted_name, replace

AFTER_REQUEST = FindingSpec(
    "F2F901",
    "after-request-middleware",
    Severity.INFO,
    "after_request hook `{name}` now runs from an HTTP middleware (`{middleware}`); several "
    "such hooks run in registration order, where Flask ran them in reverse.",
    "Fold related hooks into one middleware if their order matters.",
)


class HooksRule(Rule):
    name = "hooks"
    summary = "@app.after_request -> an HTTP middleware that calls the hook."
    FINDINGS = (AFTER_REQUEST,)

    def visit_Decorator(self, node: cst.Decorator) -> None:
        if self._owner(node) is not None:
            self.ctx.converted_attributes.add(id(node.decorator))

    def _owner(self, decorator: cst.Decorator) -> str | None:
        node = decorator.decorator
        if not isinstance(node, cst.Attribute):
            return None
        owner = dotted_name(node.value)
        if node.attr.value == "after_request" and owner in self.ctx.app_names:
            return owner
        if node.attr.value == "after_app_request" and owner in self.ctx.blueprints:
            return "app" if "app" in self.ctx.app_names else None
        return None

    def leave_FunctionDef(
        self, original: cst.FunctionDef, updated: cst.FunctionDef
    ) -> cst.FunctionDef | cst.FlattenSentinel[cst.BaseStatement]:
        owners = [self._owner(d) for d in updated.decorators]
        if not any(owners) or len(updated.params.params) != 1 or updated.asynchronous:
            return updated
        app = next(o for o in owners if o)
        name = updated.name.value
        middleware = f"{name}_middleware"
        kept = [d for d, owner in zip(updated.decorators, owners, strict=True) if not owner]
        source = (
            f'@{app}.middleware("http")\n'
            f"async def {middleware}(request: Request, call_next):\n"
            f"    return {name}(await call_next(request))\n"
        )
        wrapper = cst.parse_statement(source)
        blank = [cst.EmptyLine(), cst.EmptyLine()]
        wrapper = replace(wrapper, leading_lines=blank)  # type: ignore[type-var]
        self.ctx.need("fastapi", "Request")
        self.ctx.report(AFTER_REQUEST, name=name, middleware=middleware)
        return cst.FlattenSentinel([replace(updated, decorators=kept), wrapper])
