"""Server-rendered pages: templates, ``url_for``, ``redirect``, flashed messages, files.

Follows FastAPI's "Templates" and "Custom Response" docs. The app's template folders get
one ``Jinja2Templates`` object in the project's ``web_compat`` module (see
:mod:`flask2fastapi.support`), with Flask's autoescaping and template globals, so the
template files stay as they are:

* ``return render_template("x.html", a=1, **ctx)`` (also with a status or headers) ->
  ``return templates.TemplateResponse(request, "x.html", {"a": 1, **ctx})``; elsewhere in a
  handler (``html = render_template(...)``) -> ``render_template(request, "x.html", ...)``,
  the same text; ``render_template_string(source, ...)`` likewise;
* ``url_for(endpoint, **values)`` -> ``url_for(request, endpoint, **values)``: Flask's
  paths, query strings, ``_external``, ``_anchor``, ``".view"`` and ``"static"``;
* ``redirect(location, code)`` -> ``RedirectResponse(location, status_code=code)`` (302 by
  default, as in Flask);
* ``flash(message, category)`` / ``get_flashed_messages(...)`` -> the same functions taking
  the request, backed by the session;
* ``send_file(...)`` / ``send_from_directory(directory, path)`` -> the same functions,
  answering with Flask's headers and refusing paths that leave the directory.

The function doing it gets ``request: Request`` (the request_data rule adds it). Refuses,
and reports: ``url_for``, ``render_template``, ``flash`` and ``get_flashed_messages``
outside the functions that can take the request (F2F311), and ``redirect(...,
Response=...)``.
"""

from __future__ import annotations

import libcst as cst

from flask2fastapi.hotspots import Sees
from flask2fastapi.report import Severity
from flask2fastapi.rules.base import FileContext, FindingSpec, Rule
from flask2fastapi.rules.nodes import call, dotted, find_arg, keyword, replace
from flask2fastapi.rules.responses import split_return

NEEDS_REQUEST = FindingSpec(
    "F2F311",
    "needs-request",
    Severity.MANUAL,
    "`{name}()` is used in `{function}`, which cannot be given the request; it was left as it "
    "was.{host}",
    "Pass the request to this code and call {name}(request, ...) from web_compat, or move "
    "the call into the handler.",
)
SUPPORT_MODULE = FindingSpec(
    "F2F312",
    "web-compat",
    Severity.INFO,
    "Templates, url_for, flash and send_file now come from `{module}`, the module with the "
    "app's Jinja2Templates and Flask-compatible helpers (written once, yours to edit).",
    "Templates keep working unchanged; move to request.url_for and FileResponse where you "
    "do not need the old behaviour.",
)

# Flask functions that need the request in FastAPI
_REQUEST_FUNCTIONS = ("url_for", "flash", "get_flashed_messages")
_FILE_FUNCTIONS = ("send_file", "send_from_directory")
_COMMA = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
_TEMPLATE_NAMES = frozenset(
    {
        "render_template",
        "render_template_string",
        "redirect",
        "make_response",
        *_REQUEST_FUNCTIONS,
        *_FILE_FUNCTIONS,
    }
)


class TemplatesRule(Rule):
    name = "templates"
    SEES = Sees.FLASK_NAMES
    summary = "render_template, url_for, redirect, flash, send_file -> FastAPI / web_compat."
    FINDINGS = (NEEDS_REQUEST, SUPPORT_MODULE)

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self._returned: set[int] = set()  # render_template calls that are a response
        self._reported: set[tuple[str, str]] = set()
        self._imported: list[str] = []
        self._support_module = ctx.index.support_module(ctx.module)
        self.active = any(
            qualified == "flask"
            or (qualified.startswith("flask.") and qualified[6:] in _TEMPLATE_NAMES)
            for qualified in ctx.aliases.values()
        )

    # -- where render_template is the response -------------------------------------------

    def visit_Return(self, node: cst.Return) -> None:
        if node.value is not None:
            self._mark_response(split_return(node.value).body)

    def visit_Call(self, node: cst.Call) -> None:
        if self.ctx.is_flask(node.func, "make_response") and node.args:
            first = node.args[0].value
            self._mark_response(split_return(first).body if isinstance(first, cst.Tuple) else first)

    def _mark_response(self, body: cst.BaseExpression | None) -> None:
        if isinstance(body, cst.Call) and self.ctx.is_flask(body.func, "render_template"):
            self._returned.add(id(body))

    # -- conversions ---------------------------------------------------------------------

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        func = updated.func
        ctx = self.ctx
        if ctx.is_flask(func, "redirect"):
            return self._redirect(updated)
        if ctx.is_flask(func, *_FILE_FUNCTIONS):
            name = ctx.qualname(func).rpartition(".")[2]  # type: ignore[union-attr]
            ctx.dropped(func)
            return replace(updated, func=dotted(self._from_support(name)))
        if ctx.is_flask(func, "render_template", "render_template_string", *_REQUEST_FUNCTIONS):
            name = ctx.qualname(func).rpartition(".")[2]  # type: ignore[union-attr]
            if not ctx.in_request_scope():
                self._needs_request(name)
                return updated
            ctx.use_request()
            ctx.need("fastapi", "Request")
            ctx.dropped(func)
            if name == "render_template" and id(original) in self._returned:
                return self._template_response(updated)
            request = cst.Arg(cst.Name("request"), comma=_COMMA)
            args = [request, *updated.args]
            return replace(updated, func=dotted(self._from_support(name)), args=args)
        return updated

    def _template_response(self, node: cst.Call) -> cst.Call:
        """``render_template(name, **ctx)`` -> ``TemplateResponse(request, name, {...})``."""
        name_arg = find_arg(node, "template_name_or_list", 0)
        assert name_arg is not None
        elements: list[cst.BaseDictElement] = []
        for arg in node.args:
            if arg is name_arg:
                continue
            if arg.star == "**":
                elements.append(cst.StarredDictElement(arg.value))
            elif arg.keyword is not None:
                key = cst.SimpleString(f'"{arg.keyword.value}"')
                elements.append(cst.DictElement(key, arg.value))
        elements = [replace(e, comma=_COMMA) for e in elements[:-1]] + elements[-1:]
        templates = self._from_support("templates")
        return call(
            f"{templates}.TemplateResponse",
            cst.Arg(cst.Name("request")),
            cst.Arg(name_arg.value),
            cst.Arg(cst.Dict(elements)),
        )

    def _redirect(self, node: cst.Call) -> cst.BaseExpression:
        location = find_arg(node, "location", 0)
        code = find_arg(node, "code", 1)
        if location is None or find_arg(node, "Response", 2) is not None:
            return node
        self.ctx.dropped(node.func)
        self.ctx.need("fastapi.responses", "RedirectResponse")
        status = code.value if code is not None else cst.Integer("302")
        return call("RedirectResponse", cst.Arg(location.value), keyword("status_code", status))

    # -- helpers ---------------------------------------------------------------------------

    def _from_support(self, name: str) -> str:
        if not self._imported:
            self.ctx.report(SUPPORT_MODULE, module=self._support_module)
        self._imported.append(name)
        return self.ctx.support_reference(name)

    def _needs_request(self, name: str) -> None:
        stack = self.ctx.function_stack
        function = f"{stack[0].name.value}()" if stack else "module-level code"
        if (name, function) in self._reported:
            return
        self._reported.add((name, function))
        host = self.ctx.host_note("url_for") if name == "url_for" else ""
        self.ctx.report(NEEDS_REQUEST, name=name, function=function, host=host)
