"""The project's own tests: Flask's test client -> FastAPI's ``TestClient``.

Follows FastAPI's "Testing" docs. Runs in test modules only (``test_*.py``,
``*_test.py``, ``conftest.py``, files under ``tests/``). Flask's client and FastAPI's
(httpx's) differ in names, not in what they do:

* ``app.test_client()`` -> ``TestClient(app, follow_redirects=False)`` (Flask's client does
  not follow redirects unless asked; httpx's would);
* ``client.get(path, query_string=..., data=..., json=..., headers=..., content_type=...,
  follow_redirects=...)`` -> ``params=``; a literal ``data`` holding file tuples
  ``(stream, filename[, type])`` -> ``files={"f": (filename, stream[, type])}``, literal text
  or bytes -> ``content=``; ``content_type`` -> a ``Content-Type`` header;
  ``client.open(path, method=M)`` -> ``client.request(M, path)``;
* on responses: ``.data`` / ``.get_data()`` -> ``.content``, ``.get_data(as_text=True)`` ->
  ``.text``, ``.get_json()`` / ``.json`` -> ``.json()``, ``.location`` ->
  ``.headers["location"]``, ``.mimetype``, ``.content_type``, ``.status``,
  ``.headers.getlist`` -> ``.headers.get_list``;
* cookies: ``client.set_cookie(k, v)`` / ``get_cookie(k)`` / ``delete_cookie(k)`` ->
  ``client.cookies.set/get/delete``;
* ``app.config[...]`` / ``app.testing = True`` -> ``app.state.config`` (the config rule);
  ``app`` fixtures and variables built by the app factory count as the app.

Clients are the names assigned from ``test_client()`` or ``TestClient(...)`` (``self.client``
included), ``with ... as c`` targets, and parameters named ``client``; responses are the
names assigned from their requests. Refuses, and reports (F2F951):
``client.session_transaction()``, ``app.test_request_context()``, ``app.app_context()``,
``app.test_cli_runner()``, and request options httpx has no equivalent for.
"""

from __future__ import annotations

from typing import Any

import libcst as cst

from flask2fastapi.discovery import is_test_module
from flask2fastapi.hotspots import Sees
from flask2fastapi.report import Severity
from flask2fastapi.rules.base import FileContext, FindingSpec, Rule
from flask2fastapi.rules.nodes import call, dotted_name, find_arg, keyword, replace, string_value

TEST_LEFT = FindingSpec(
    "F2F951",
    "test-helper-left",
    Severity.MANUAL,
    "`{name}` is Flask test API with no TestClient equivalent; left as it was.",
    "{advice}",
)
WEBTEST = FindingSpec(
    "F2F953",
    "webtest",
    Severity.MANUAL,
    "WebTest's TestApp drives a WSGI app; the converted app is an ASGI app, which it cannot call.",
    "Use fastapi.testclient.TestClient(app): `res.status_int` -> `res.status_code`, "
    "`res.json` -> `res.json()`, `app.get(url, status=404)` -> assert on the status code.",
)
PRESERVED_CONTEXT = FindingSpec(
    "F2F954",
    "preserved-context",
    Severity.MANUAL,
    "`with client:` kept the last request's context for the reads of Flask's session, g or "
    "request below: web_compat.preserve_context(client) does the same on the Flask app kept "
    "as a host.",
    "Assert on what the responses say instead (a page, a cookie), or read "
    "client.cookies and decode the session.",
)
TEST_CLIENT = FindingSpec(
    "F2F952",
    "test-client",
    Severity.INFO,
    "Flask's test client became FastAPI's TestClient (follow_redirects=False, as Flask's "
    "client did); requests and responses use httpx's names.",
    "Run the suite: a difference it finds is a difference your users would see.",
)

_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "open"})
_ADVICE = {
    "session_transaction": "Log in through the app (a request that sets the session), or "
    "build a signed session cookie with itsdangerous and set it on client.cookies.",
    "test_request_context": "Call the endpoint through TestClient, or build a "
    "starlette.requests.Request from a scope for unit tests of helpers.",
    "app_context": "Code that needed an app context takes the app (or its settings) as an "
    "argument now; drop the context push.",
    "test_cli_runner": "Test the command with typer.testing.CliRunner or "
    "click.testing.CliRunner directly.",
}
# Flask app API the tests keep, on the Flask app kept as a host (with the bridge)
_HOSTED = frozenset({"app_context", "test_request_context", "test_cli_runner", "testing"})
_NO_BODY = frozenset({"get", "delete", "head", "options"})
# Werkzeug response API an httpx response does not have (read its headers instead)
_FLASK_RESPONSE_ONLY = frozenset(
    {
        "accept_ranges",
        "access_control_allow_credentials",
        "access_control_allow_headers",
        "access_control_allow_methods",
        "access_control_allow_origin",
        "access_control_expose_headers",
        "access_control_max_age",
        "age",
        "allow",
        "cache_control",
        "content_encoding",
        "content_language",
        "content_location",
        "content_md5",
        "content_range",
        "content_security_policy",
        "date",
        "direct_passthrough",
        "expires",
        "get_etag",
        "is_json",
        "is_sequence",
        "is_streamed",
        "iter_encoded",
        "last_modified",
        "mimetype_params",
        "response",
        "retry_after",
        "vary",
        "www_authenticate",
    }
)
_RESPONSE_ATTRIBUTES = {
    "content_length": '(int({r}.headers["content-length"]) if "content-length" in {r}.headers '
    "else None)",
    "data": "{r}.content",
    "json": "{r}.json()",
    "location": '{r}.headers["location"]',
    "mimetype": '{r}.headers.get("content-type", "").partition(";")[0]',
    "content_type": '{r}.headers.get("content-type")',
    "status": 'f"{{{r}.status_code}} {{{r}.reason_phrase.upper()}}"',
}


class TestClientRule(Rule):
    name = "testclient"
    SEES = Sees.EVERYTHING  # test modules only: client calls name nothing of Flask
    summary = "app.test_client() -> TestClient(app); Flask client calls and responses -> httpx."
    FINDINGS = (TEST_LEFT, TEST_CLIENT, WEBTEST, PRESERVED_CONTEXT)

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.active = is_test_module(ctx.rel_path)
        self._clients: set[str] = {"client"}
        self._responses: set[str] = set()
        self._reported = False
        self._called: set[int] = set()  # attributes that are the function of a call
        # functions and methods that return a client call (``def login(self): return
        # self.client.post(...)``): what they return is a response
        self._response_helpers = {f"self.{name}" for name in ctx.index.test_response_helpers}
        # the module used TestClient before: its calls may be httpx's already
        self._httpx_before = any(
            qualified in ("fastapi.testclient.TestClient", "starlette.testclient.TestClient")
            for qualified in ctx.aliases.values()
        )

    def visit_Module(self, node: cst.Module) -> None:
        if not self.active:
            return
        rule = self

        class Returns(cst.CSTVisitor):
            def __init__(self) -> None:
                self.classes = 0
                # per enclosing function: [name, returns a call, returns something else]
                self.functions: list[list[Any]] = []

            def visit_ClassDef(self, node: cst.ClassDef) -> None:
                self.classes += 1

            def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
                self.classes -= 1

            def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
                self.functions.append([node.name.value, False, False])

            def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
                name, calls, others = self.functions.pop()
                if calls and not others:
                    method = self.classes and not self.functions
                    rule._response_helpers.add(("self." if method else "") + name)

            def visit_Return(self, node: cst.Return) -> None:
                if self.functions:
                    is_call = node.value is not None and rule._is_request_call(node.value)
                    self.functions[-1][1 if is_call else 2] = True

        node.visit(Returns())

    # -- who is a client, who is a response -------------------------------------------------

    def _is_client(self, node: cst.BaseExpression) -> bool:
        name = dotted_name(node)
        return name is not None and (name in self._clients or name == "self.client")

    def _is_request_call(self, node: cst.BaseExpression) -> bool:
        return (
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
            and node.func.attr.value in _METHODS | {"request"}
            and self._is_client(node.func.value)
        )

    def _makes_client(self, node: cst.BaseExpression) -> bool:
        return isinstance(node, cst.Call) and (
            (isinstance(node.func, cst.Attribute) and node.func.attr.value == "test_client")
            or (isinstance(node.func, cst.Name) and node.func.value == "TestClient")
        )

    def visit_Assign(self, node: cst.Assign) -> None:
        if not self.active:
            return
        for target in node.targets:
            name = dotted_name(target.target)
            if name is None:
                continue
            if self._makes_client(node.value):
                self._clients |= _instance_names(name)
            elif self._is_request_call(node.value) or self._helper_call(node.value):
                self._responses.add(name)

    def _helper_call(self, node: cst.BaseExpression) -> bool:
        return isinstance(node, cst.Call) and dotted_name(node.func) in self._response_helpers

    def leave_With(self, original: cst.With, updated: cst.With) -> cst.With:
        """``with client:`` around reads of Flask's ``session``/``g``/``request``: Flask's
        client kept the last request's context for the test; web_compat.preserve_context
        does the same for TestClient (on the Flask app kept as a host)."""
        if not (self.active and self.ctx.index.bridge and len(updated.items) == 1):
            return updated
        item = updated.items[0]
        if not self._is_client(item.item) or not self._reads_flask_context(original.body):
            return updated
        self.ctx.uses_host = True
        self.ctx.report(PRESERVED_CONTEXT)
        preserve = cst.Call(
            func=cst.parse_expression(self.ctx.support_reference("preserve_context")),
            args=[cst.Arg(item.item)],
        )
        return replace(updated, items=[replace(item, item=preserve)])

    def _reads_flask_context(self, body: cst.BaseSuite) -> bool:
        names = {
            local
            for local, qualified in self.ctx.aliases.items()
            if qualified in ("flask.session", "flask.g", "flask.request")
        }
        if not names:
            return False
        found = False

        class Reads(cst.CSTVisitor):
            def visit_Name(self, node: cst.Name) -> None:
                nonlocal found
                found = found or node.value in names

        body.visit(Reads())
        return found

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if not self.active or node.asname is None:
            return
        name = dotted_name(node.asname.name)  # type: ignore[arg-type]
        if name is None:
            return
        if self._makes_client(node.item) or self._is_client(node.item):
            self._clients.add(name)
        elif self._is_request_call(node.item):
            self._responses.add(name)

    def _is_response(self, node: cst.BaseExpression) -> bool:
        name = dotted_name(node)
        return (
            (name is not None and name in self._responses)
            or self._is_request_call(node)
            or self._helper_call(node)
        )

    # -- conversions ------------------------------------------------------------------------

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        if self.active and self.ctx.qualname(updated.func) == "webtest.TestApp":
            self.ctx.report(WEBTEST)
            return updated
        if not self.active or not isinstance(updated.func, cst.Attribute):
            return updated
        func = updated.func
        method = func.attr.value
        if method == "test_client":
            return self._test_client(updated, func)
        if method in _ADVICE and not self._hosted(func):
            self.ctx.report(TEST_LEFT, name=method + "()", advice=_ADVICE[method])
            return updated
        if self._is_client(func.value):
            if method in _METHODS:
                return self._request(updated, func)
            if method in ("set_cookie", "get_cookie", "delete_cookie"):
                cookies = cst.Attribute(func.value, cst.Name("cookies"))
                verb = method.partition("_")[0]
                args = [a for a in updated.args if a.keyword is None][:2]
                if verb != "set":
                    args = args[:1]
                args = [replace(a, comma=cst.MaybeSentinel.DEFAULT) for a in args]
                return call_on(cookies, verb, args)
        if self._is_response(func.value):
            if method == "get_json":
                return cst.Call(func=replace(func, attr=cst.Name("json")))
            if method == "get_data":
                as_text = find_arg(updated, "as_text", 0)
                text = as_text is not None and dotted_name(as_text.value) == "True"
                return cst.Attribute(func.value, cst.Name("text" if text else "content"))
        if (
            method in ("getlist", "get_all")
            and isinstance(func.value, cst.Attribute)
            and func.value.attr.value == "headers"
            and self._is_response(func.value.value)
        ):
            return replace(updated, func=replace(func, attr=cst.Name("get_list")))
        return updated

    def leave_Attribute(
        self, original: cst.Attribute, updated: cst.Attribute
    ) -> cst.BaseExpression:
        if (
            self.active
            and updated.attr.value == "value"
            and isinstance(updated.value, cst.Call)
            and isinstance(updated.value.func, cst.Attribute)
            and updated.value.func.attr.value == "get"
            and isinstance(updated.value.func.value, cst.Attribute)
            and updated.value.func.value.attr.value == "cookies"
            and self._is_client(updated.value.func.value.value)
        ):
            return updated.value  # Flask's get_cookie() gave a Cookie; httpx gives its value
        if (
            self.active
            and updated.attr.value == "path"
            and isinstance(updated.value, cst.Attribute)
            and updated.value.attr.value == "request"
            and self._is_response(updated.value.value)
        ):  # the request a response answered: httpx keeps its path in its URL
            return replace(updated, value=cst.Attribute(updated.value, cst.Name("url")))
        if (
            self.active
            and updated.attr.value in _FLASK_RESPONSE_ONLY
            and self._is_response(updated.value)
        ):
            self.ctx.report(
                TEST_LEFT,
                name=f".{updated.attr.value}",
                advice="An httpx response has no such attribute: read the header it parsed "
                '(`response.headers.get("cache-control")`, `response.headers["content-type"]`).',
            )
            return updated
        if not self.active or updated.attr.value not in _RESPONSE_ATTRIBUTES:
            return updated
        if not self._is_response(updated.value) or id(original) in self._called:
            return updated
        code = cst.Module([]).code_for_node(updated.value)
        return cst.parse_expression(_RESPONSE_ATTRIBUTES[updated.attr.value].format(r=code))

    def visit_Call(self, node: cst.Call) -> None:
        # ``response.json()`` (already httpx) is a call: its attribute is left alone
        if self.active and isinstance(node.func, cst.Attribute):
            self._called.add(id(node.func))

    def leave_Assign(self, original: cst.Assign, updated: cst.Assign) -> cst.Assign:
        """``app.testing = X`` -> ``app.state.config["TESTING"] = X``."""
        if not self.active or len(updated.targets) != 1:
            return updated
        target = updated.targets[0].target
        if (
            isinstance(target, cst.Attribute)
            and target.attr.value == "testing"
            and dotted_name(target.value) in self.ctx.app_names
        ):
            new = cst.parse_expression(f'{dotted_name(target.value)}.state.config["TESTING"]')
            return replace(updated, targets=[replace(updated.targets[0], target=new)])
        return updated

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        target = node.target
        if self.active and isinstance(target, cst.Attribute) and target.attr.value == "testing":
            self.ctx.converted_attributes.add(id(target))  # leave_Assign: the config key

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if not self.active or self._hosted(node):
            return  # the Flask app kept as a host serves it (the app_object rule)
        if node.attr.value in {"test_client", "testing", *_ADVICE}:
            self.ctx.converted_attributes.add(id(node))  # reported here, not as app API

    def _hosted(self, node: cst.Attribute) -> bool:
        """``app.app_context`` and the like, and reads of ``app.testing``: with the bridge
        they run on the Flask app kept as a host."""
        return self.ctx.index.bridge and node.attr.value in _HOSTED

    # -- builders ---------------------------------------------------------------------------

    def _test_client(self, node: cst.Call, func: cst.Attribute) -> cst.BaseExpression:
        use_cookies = find_arg(node, "use_cookies", 0)
        if (
            use_cookies is not None
            and len(node.args) == 1
            and dotted_name(use_cookies.value) == "True"
        ):
            node = replace(node, args=[])  # TestClient keeps cookies, as Flask's did
        if node.args:
            self.ctx.report(
                TEST_LEFT,
                name="test_client(...)",
                advice="Pass TestClient the options you need (cookies=..., base_url=...).",
            )
            return node
        self.ctx.need("fastapi.testclient", "TestClient")
        if not self._reported:
            self._reported = True
            self.ctx.report(TEST_CLIENT)
        return call(
            "TestClient",
            cst.Arg(func.value),
            keyword("base_url", cst.SimpleString('"http://localhost"')),
            keyword("follow_redirects", cst.Name("False")),
        )

    def _request(self, node: cst.Call, func: cst.Attribute) -> cst.BaseExpression:
        method = func.attr.value
        args: list[cst.Arg] = []
        headers: cst.BaseExpression | None = None
        content_type: cst.BaseExpression | None = None
        verb: cst.BaseExpression | None = None
        base_url = find_arg(node, "base_url")
        origin = _origin(base_url.value) if base_url is not None else None
        positional = [a for a in node.args if a.keyword is None and not a.star]
        if (base_url is not None and origin is None) or len(positional) > 1:
            # a base with a path (Flask's script root), or Flask's positional options
            # (base_url, query_string, method, ...) that httpx's keyword-only calls refuse
            name = "base_url=..." if base_url is not None else "..., ..."
            self.ctx.report(
                TEST_LEFT,
                name=f"{method}({name})",
                advice="Pass the options by keyword; for a base URL with a path, "
                "give TestClient root_path= instead.",
            )
            return node
        # each argument keeps its comma (and the comments and line breaks after it)
        headers_at: int | None = None
        for arg in node.args:
            name = arg.keyword.value if arg.keyword is not None else None
            if name in ("environ_base", "environ_overrides", "buffered"):
                self.ctx.report(
                    TEST_LEFT,
                    name=f"{method}({name}=...)",
                    advice="Set headers instead, or build the request with client.build_request().",
                )
                return node
            if name == "base_url":
                continue  # joined to the path below
            if name == "query_string":
                args.append(_renamed(arg, "params", _form_values(arg.value)))
            elif name == "data":
                made = _data(arg.value, werkzeug=not self._httpx_before)
                made[0] = replace(arg, value=made[0].value, keyword=made[0].keyword)
                made[-1] = replace(made[-1], comma=arg.comma)
                args.extend(made)
            elif name in ("headers", "content_type"):
                if name == "headers":
                    headers = arg.value
                else:
                    content_type = arg.value
                if headers_at is None:
                    headers_at = len(args)
                    args.append(replace(arg, keyword=cst.Name("headers")))  # filled below
            elif name == "method" and method == "open":
                verb = arg.value
            elif name == "path":  # httpx calls it url
                args.append(_renamed(arg, "url", _text_path(arg.value)))
            elif name is None and positional and arg is positional[0]:
                args.append(replace(arg, value=_text_path(arg.value)))
            else:
                args.append(arg)
        if headers is not None:
            headers = _header_values(headers)
        if content_type is not None:
            headers = _with_header(headers, "Content-Type", content_type)
        if headers is not None and headers_at is not None:
            args[headers_at] = replace(args[headers_at], value=headers)
        if origin is not None:
            args = _on_origin(args, origin)
        bodies = {"data", "content", "json", "files"}
        if method in _NO_BODY and any(a.keyword and a.keyword.value in bodies for a in args):
            verb = cst.SimpleString(f'"{method.upper()}"')  # httpx's get() takes no body
            method = "open"
        if method == "open":
            args.insert(0, cst.Arg(verb or cst.SimpleString('"GET"')))
            method = "request"
        return replace(
            node,
            func=replace(func, attr=cst.Name(method)),
            args=_laid_out(args, node.args[-1] if node.args else None),
        )


def _renamed(arg: cst.Arg, name: str, value: cst.BaseExpression) -> cst.Arg:
    return replace(arg, keyword=cst.Name(name), value=value)


def _laid_out(args: list[cst.Arg], last: cst.Arg | None) -> list[cst.Arg]:
    """Commas between the arguments: their own where they had one (a line break, a
    comment), ", " for new ones; the last argument ends as the call's last one did (its
    comma, the line break before the closing parenthesis)."""
    closing = last.whitespace_after_arg if last is not None else None
    out = []
    for index, arg in enumerate(args):
        if index == len(args) - 1:
            arg = replace(
                arg,
                comma=last.comma if last is not None else cst.MaybeSentinel.DEFAULT,
                whitespace_after_arg=closing or cst.SimpleWhitespace(""),
            )
        else:
            if arg.whitespace_after_arg is closing:
                arg = replace(arg, whitespace_after_arg=cst.SimpleWhitespace(""))
            if not isinstance(arg.comma, cst.Comma):
                arg = replace(arg, comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        out.append(arg)
    return out


def _instance_names(name: str) -> set[str]:
    """``cls.client`` set in ``setUpClass`` is ``self.client`` in the tests."""
    owner, _, attribute = name.partition(".")
    return {name, f"self.{attribute}"} if owner == "cls" and attribute else {name}


def _data(value: cst.BaseExpression, werkzeug: bool = True) -> list[cst.Arg]:
    """``data=`` as httpx wants it: a form, files (and form fields), or raw content;
    ``werkzeug``: a form's values as Werkzeug encoded them (not in tests that already
    used httpx, where ``True`` meant ``true``)."""
    if isinstance(value, cst.SimpleString | cst.ConcatenatedString) or (
        isinstance(value, cst.Call) and dotted_name(value.func) == "json.dumps"
    ):
        return [keyword("content", value)]
    if not isinstance(value, cst.Dict):
        return [keyword("data", value)]
    if werkzeug:
        value = _form_values(value)
    assert isinstance(value, cst.Dict)
    files = [
        e for e in value.elements if isinstance(e, cst.DictElement) and _is_file_tuple(e.value)
    ]
    if not files:
        return [keyword("data", value)]
    comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    fields = [replace(e, comma=comma) for e in value.elements if e not in files]
    out = []
    if fields:
        fields[-1] = replace(fields[-1], comma=cst.MaybeSentinel.DEFAULT)
        out.append(keyword("data", cst.Dict(fields)))
    converted = [replace(e, value=_httpx_file(e.value), comma=comma) for e in files]
    converted[-1] = replace(converted[-1], comma=cst.MaybeSentinel.DEFAULT)
    out.append(keyword("files", cst.Dict(converted)))
    return out


def call_on(owner: cst.BaseExpression, method: str, args: list[cst.Arg]) -> cst.Call:
    comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    args = [replace(a, comma=comma) for a in args[:-1]] + args[-1:]
    return cst.Call(func=cst.Attribute(owner, cst.Name(method)), args=args)


def _is_file_tuple(node: cst.BaseExpression) -> bool:
    """``(io.BytesIO(...), "name.txt")`` or ``(stream, "name", "type")``."""
    if not isinstance(node, cst.Tuple) or len(node.elements) not in (2, 3):
        return False
    return string_value(node.elements[1].value) is not None or isinstance(
        node.elements[1].value, cst.FormattedString
    )


def _httpx_file(node: cst.BaseExpression) -> cst.BaseExpression:
    """Werkzeug's ``(stream, filename[, type])`` -> httpx's ``(filename, stream[, type])``."""
    assert isinstance(node, cst.Tuple)
    values = [e.value for e in node.elements]
    ordered = [values[1], values[0], *values[2:]]
    comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    return cst.Tuple(
        [
            cst.Element(v, comma=comma if i < len(ordered) - 1 else cst.MaybeSentinel.DEFAULT)
            for i, v in enumerate(ordered)
        ]
    )


def _with_header(
    headers: cst.BaseExpression | None, name: str, value: cst.BaseExpression
) -> cst.BaseExpression:
    """``headers`` with ``name: value`` replacing any header of that name (Werkzeug's
    ``content_type=`` wins over a ``Content-Type`` in ``headers``, whatever its case)."""
    key = cst.SimpleString(f'"{name}"')
    if headers is None:
        return cst.Dict([cst.DictElement(key, value)])
    if isinstance(headers, cst.Dict):
        elements = [
            e
            for e in headers.elements
            if not (
                isinstance(e, cst.DictElement)
                and (string_value(e.key) or "").lower() == name.lower()
            )
        ]
        if elements:
            elements[-1] = replace(
                elements[-1], comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
            )
        return replace(headers, elements=[*elements, cst.DictElement(key, value)])
    if isinstance(headers, cst.List | cst.Tuple):  # [(name, value), ...]: one pair more
        pair = cst.Element(cst.Tuple([cst.Element(key), cst.Element(value)]))
        elements = [e for e in headers.elements if (_pair_name(e.value) or "") != name.lower()]
        if elements:
            elements[-1] = replace(
                elements[-1], comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
            )
        return cst.List([*elements, pair])
    if not (isinstance(headers, cst.Call) and dotted_name(headers.func) == "dict"):
        headers = cst.Call(cst.Name("dict"), [cst.Arg(headers)])  # pairs, Headers or a dict
    comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    return cst.Dict([cst.StarredDictElement(headers, comma=comma), cst.DictElement(key, value)])


def _text_path(node: cst.BaseExpression) -> cst.BaseExpression:
    """A path given as bytes (Werkzeug took them, httpx takes text): ``b"/a"`` -> ``"/a"``,
    ``b"/a/" + data`` -> ``(b"/a/" + data).decode()``."""
    if isinstance(node, cst.SimpleString) and "b" in node.prefix.lower():
        value = node.evaluated_value
        if isinstance(value, bytes) and value.isascii():
            prefix = node.prefix.replace("b", "").replace("B", "")
            return replace(node, value=prefix + node.value[len(node.prefix) :])
        return node
    left: cst.BaseExpression = node
    while isinstance(left, cst.BinaryOperation) and isinstance(left.operator, cst.Add):
        left = left.left
    if left is node or not (isinstance(left, cst.SimpleString) and "b" in left.prefix.lower()):
        return node
    inner = replace(node, lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    return cst.Call(cst.Attribute(inner, cst.Name("decode")))


def _pair_name(node: cst.BaseExpression) -> str | None:
    """The lower-cased name of a literal ``(name, value)`` header pair."""
    if isinstance(node, cst.Tuple) and len(node.elements) == 2:
        name = string_value(node.elements[0].value)
        return name.lower() if name is not None else None
    return None


def _as_text(node: cst.BaseExpression) -> cst.BaseExpression:
    """A value as Werkzeug wrote it into a form, a query or a header (``str(value)``) where
    httpx would write another text (``true``) or refuse it (a number in a header)."""
    if isinstance(node, cst.Integer | cst.Float):
        return cst.SimpleString(f'"{node.value}"')
    if isinstance(node, cst.UnaryOperation) and isinstance(
        node.expression, cst.Integer | cst.Float
    ):
        return cst.SimpleString(f'"{cst.Module([]).code_for_node(node)}"')
    if isinstance(node, cst.Name) and node.value in ("True", "False", "None"):
        return cst.SimpleString(f'"{node.value}"')
    if isinstance(node, cst.Call) and dotted_name(node.func) == "len":
        return cst.Call(cst.Name("str"), [cst.Arg(node)])
    return node


def _header_values(headers: cst.BaseExpression) -> cst.BaseExpression:
    """Literal header values Werkzeug turned into text (``{"Content-Length": 3}``): httpx
    only takes text."""
    if isinstance(headers, cst.Dict):
        return replace(
            headers,
            elements=[
                replace(e, value=_as_text(e.value)) if isinstance(e, cst.DictElement) else e
                for e in headers.elements
            ],
        )
    if isinstance(headers, cst.List | cst.Tuple):
        elements = []
        for element in headers.elements:
            pair = element.value
            if _pair_name(pair) is not None:
                assert isinstance(pair, cst.Tuple)
                value = replace(pair.elements[1], value=_as_text(pair.elements[1].value))
                element = replace(element, value=replace(pair, elements=[pair.elements[0], value]))
            elements.append(element)
        return replace(headers, elements=elements)
    return headers


def _form_values(value: cst.BaseExpression) -> cst.BaseExpression:
    """A literal form or query dict as Werkzeug encoded it: ``None`` values are left out,
    ``True`` is ``True`` (httpx writes ``true``) and ``None`` would be an empty value."""
    if not isinstance(value, cst.Dict):
        return value
    kept = [
        e
        for e in value.elements
        if not (isinstance(e, cst.DictElement) and dotted_name(e.value) == "None")
    ]
    elements = [
        replace(e, value=_as_text(e.value))
        if isinstance(e, cst.DictElement) and dotted_name(e.value) in ("True", "False")
        else e
        for e in kept
    ]
    if elements and len(elements) < len(value.elements):
        elements[-1] = replace(elements[-1], comma=cst.MaybeSentinel.DEFAULT)
    return replace(value, elements=elements)


def _origin(node: cst.BaseExpression) -> str | None:
    """``scheme://host[:port]`` of a literal base URL without a path (Flask's script root
    has no TestClient counterpart per request)."""
    text = string_value(node)
    if text is None:
        return None
    scheme, sep, rest = text.partition("://")
    if not sep or not scheme or "/" in rest.rstrip("/") or "?" in rest or "#" in rest:
        return None
    return f"{scheme}://{rest.rstrip('/')}"


def _on_origin(args: list[cst.Arg], origin: str) -> list[cst.Arg]:
    """The path argument (first positional, or ``url=``) made absolute on ``origin``: httpx
    takes the scheme and host of the request from its URL."""
    out = []
    done = False
    for index, arg in enumerate(args):
        first = arg.keyword is None and index == 0 and not arg.star
        if not done and (first or (arg.keyword is not None and arg.keyword.value == "url")):
            path = string_value(arg.value)
            if path is not None and path.startswith("/") and not {'"', "\\"} & set(path):
                arg = replace(arg, value=cst.SimpleString(f'"{origin}{path}"'))
            else:
                origin_text = cst.SimpleString(f'"{origin}"')
                arg = replace(arg, value=cst.BinaryOperation(origin_text, cst.Add(), arg.value))
            done = True
        out.append(arg)
    if not done:  # no path: Flask asked for "/"
        out.insert(0, cst.Arg(cst.SimpleString(f'"{origin}/"')))
    return out
