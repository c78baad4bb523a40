"""Hypothesis strategies that build whole Flask projects from common idioms.

A project is an app module (``app.py``), sometimes a blueprint module (``views.py``) the
app registers and sometimes a tests module (``test_app.py``) using the app's test client.
Handlers combine request reads (whose keys often have the name of something the handler,
its module or the conversion's own imports use), body reads, helpers and nested functions
reading the request, decorator factories, hooks, error handlers and the many ways Flask
views build their answers. Every generated file compiles and leaves no name undefined
(:func:`undefined_names` is empty): what the conversion breaks is then the converter's.
"""

from __future__ import annotations

import ast
import keyword
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from hypothesis import strategies as st
from pyflakes import checker, messages

Draw = Callable[[st.SearchStrategy[Any]], Any]
T = TypeVar("T")

SOURCES = ("args", "form", "cookies", "headers")
MULTIDICTS = ("args", "form", "cookies")
# names the conversion imports into the modules it writes
CONVERTER_NAMES = (
    "HTTPException",
    "Request",
    "Response",
    "JSONResponse",
    "Query",
    "Body",
    "Form",
    "Cookie",
    "Header",
    "Depends",
)
MODULES = ("json", "os", "re")
# names handlers bind as locals; some are also module names, builtins or route names
LOCAL_NAMES = (
    "app",
    "page",
    "user",
    "name",
    "data",
    "status",
    "body",
    "result",
    "value",
    "token",
    "limit",
    "q",
    "per_page",
    "show_followed",
    "next",
    "id",
    "type",
    "kind",
    "sort",
    "callback",
    "key",
    "items",
    "index",
    "post",
    "js",
)
KEYS = LOCAL_NAMES + CONVERTER_NAMES + MODULES + ("X-Token", "user-agent", "q[]", "Accept")
VIEW_NAMES = (
    "index",
    "show",
    "listing",
    "search",
    "profile",
    "api_items",
    "page",
    "user",
    "status",
    "data",
    "login",
    "upload",
    "digest_auth",
    "stream",
    "download",
)
LITERALS = ('"local"', "0", "1", "None", "False", '""', '"x y"', "[]", '{"a": 1}')
SECRET_FORMS = (
    'app.secret_key = "dev"',
    'app.config["SECRET_KEY"] = "dev"',
    "app.config.from_object(Config)",
    'app.config.update(SECRET_KEY="dev")',
)
COMMENTS = (
    "# SECURITY: never trust this value",
    "# type: ignore",
    "# read the request",
    "# TODO: validate",
    "# noqa: E501",
)


def undefined_names(source: str, filename: str = "<fuzz>") -> list[str]:
    """The names pyflakes reports undefined (or read before assignment) in ``source``."""
    tree = ast.parse(source, filename=filename)
    found = checker.Checker(tree, filename=filename, withDoctest=False)
    return sorted(
        str(m.message_args[0])
        for m in found.messages
        if isinstance(m, messages.UndefinedName | messages.UndefinedLocal)
    )


def _identifier(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name)


@dataclass
class Module:
    """One generated file: its imports, top-level blocks and what it holds."""

    path: str
    app_name: str  # ``app`` or ``bp``: what routes and hooks hang on
    flask: set[str] = field(default_factory=set)
    imports: set[str] = field(default_factory=set)
    head: list[str] = field(default_factory=list)  # after the imports, before everything
    blocks: list[str] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)
    views: list[View] = field(default_factory=list)
    globals: set[str] = field(default_factory=set)
    first_line_cr: bool = False
    counter: int = 0

    def fresh(self, stem: str) -> str:
        self.counter += 1
        return f"{stem}{self.counter}"

    def source(self) -> str:
        lines = []
        if self.first_line_cr:
            lines.append("# -*- coding: utf-8 -*-\r")
        lines += sorted(i for i in self.imports if i.startswith("import "))
        lines += sorted(i for i in self.imports if i.startswith("from "))
        if self.flask:
            lines.append(f"from flask import {', '.join(sorted(self.flask))}")
        text = "\n".join(lines).replace("\r\n", "\r") + "\n\n"
        for chunk in [self.head, self.blocks, self.tail]:
            for block in chunk:
                text += "\n" + block.rstrip("\n") + "\n\n"
        return text.rstrip("\n") + "\n"


@dataclass
class View:
    name: str
    endpoint: str
    path: str
    params: list[tuple[str, str]]  # (name, converter)
    methods: list[str]


@dataclass
class Body:
    """A function body being built: its lines and the values it answers with."""

    lines: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    bound: set[str] = field(default_factory=set)
    counter: int = 0

    def var(self, stem: str = "v") -> str:
        self.counter += 1
        name = f"{stem}{self.counter}"
        self.bound.add(name)
        return name

    def payload(self) -> str:
        if not self.values:
            return '{"ok": True}'
        return "{" + ", ".join(f'"{v}": str({v})' for v in self.values) + "}"

    def text(self) -> str:
        if not self.values:
            return '"ok"'
        return "str([" + ", ".join(self.values) + "])"


def indent(lines: list[str], depth: int = 1) -> list[str]:
    pad = "    " * depth
    return [pad + line if line else line for line in lines]


class Builder:
    """Draws idioms into modules; one per generated project."""

    def __init__(self, draw: Draw) -> None:
        self.draw = draw
        self.secret = False
        # how the app module imports the blueprint, and the expression naming it
        self.bp_import, self.bp_ref = "from views import bp", "bp"

    def pick(self, options: Sequence[T]) -> T:
        return self.draw(st.sampled_from(options))  # type: ignore[return-value]

    def chance(self, p: float = 0.5) -> bool:
        return bool(self.draw(st.integers(0, 99)) < int(p * 100))

    # -- request reads ---------------------------------------------------------------

    def read(self, mod: Module, key: str, source: str | None = None) -> str:
        """An expression reading ``key`` from the request's query, form, cookies or headers."""
        mod.flask.add("request")
        source = source or self.pick(SOURCES)
        form = self.pick(("get", "get_default", "get_type", "index", "get_kw"))
        if form == "get_default":
            return f'request.{source}.get("{key}", {self.pick(LITERALS[:7])})'
        if form == "get_type" and source != "cookies":
            return f'request.{source}.get("{key}", 1, type=int)'
        if form == "index":
            return f'request.{source}["{key}"]'
        if form == "get_kw":
            return f'request.{source}.get("{key}", default="")'
        return f'request.{source}.get("{key}")'

    def local_name(self, body: Body, mod: Module) -> str:
        name = self.pick(LOCAL_NAMES)
        if name in mod.globals or name in mod.flask:
            return body.var("local")
        return name

    def idiom_read(self, mod: Module, body: Body) -> None:
        """A query/form/cookie/header read whose key often has a name in use."""
        kind = self.pick(("plain", "local", "module", "converter", "loop", "before", "other"))
        if kind == "plain":
            key = self.pick(KEYS)
            taken = mod.globals | mod.flask | set(MODULES)
            var = key if _identifier(key) and key not in taken else body.var()
            if self.chance(0.3):
                body.lines.append(self.pick(COMMENTS))
            trailing = self.pick(("", "", "  # type: str", "  # type: ignore", "  # user input"))
            body.lines.append(f"{var} = {self.read(mod, key)}{trailing}")
            body.bound.add(var)
            body.values.append(var)
        elif kind == "local":
            name = self.local_name(body, mod)
            var = body.var()
            body.lines.append(f"{name} = {self.pick(LITERALS)}")
            body.lines.append(f"{var} = {self.read(mod, name)}")
            body.bound.add(name)
            body.values += [name, var]
        elif kind == "module":
            module = self.pick(MODULES)
            mod.imports.add(f"import {module}")
            mod.globals.add(module)
            var, out = body.var(), body.var()
            body.lines.append(f"{var} = {self.read(mod, module)}")
            use = {
                "json": f"json.dumps({var})",
                "os": f'os.environ.get("HOME", "") + str({var})',
                "re": rf're.sub(r"\s+", " ", str({var}))',
            }[module]
            body.lines.append(f"{out} = {use}")
            body.values.append(out)
        elif kind == "converter":
            key = self.pick(CONVERTER_NAMES)
            var = body.var()
            body.lines.append(f"{var} = {self.read(mod, key)}")
            if self.chance():
                mod.flask.add("abort")
                body.lines += [f"if {var} is None:", "    abort(400)"]
            body.values.append(var)
        elif kind == "loop":
            name = self.local_name(body, mod)
            acc, var = body.var("acc"), body.var()
            body.lines += [f"{acc} = []", f"for {name} in range(3):", f"    {acc}.append({name})"]
            body.lines.append(f"{var} = {self.read(mod, name)}")
            body.bound.add(name)
            body.values += [acc, var]
        elif kind == "before":
            name = self.local_name(body, mod)
            source = self.pick(SOURCES)
            mod.flask.add("request")
            body.lines += [
                f"{name} = False",
                f'if request.method == "{self.pick(("GET", "POST"))}":',
                f'    {name} = bool(request.{source}.get("{name}", ""))',
            ]
            body.bound.add(name)
            body.values.append(name)
        else:
            kind = self.pick(("getlist", "values", "method", "misc"))
            var = body.var()
            mod.flask.add("request")
            if kind == "getlist":
                body.lines.append(
                    f'{var} = request.{self.pick(MULTIDICTS)}.getlist("{self.pick(KEYS)}")'
                )
            elif kind == "values":
                body.lines.append(f'{var} = request.values.get("{self.pick(KEYS)}")')
            elif kind == "method":
                body.lines += [
                    f"{var} = None",
                    'if request.method == "POST":',
                    f'    {var} = request.form.get("{self.pick(KEYS)}")',
                    "else:",
                    f'    {var} = request.args.get("{self.pick(KEYS)}")',
                ]
            else:
                attr = self.pick(("path", "url", "remote_addr", "host", "scheme", "endpoint"))
                body.lines.append(f"{var} = request.{attr}")
            body.values.append(var)

    def idiom_mapping(self, mod: Module, body: Body) -> None:
        """Whole-mapping reads: items(), keys(), to_dict(flat=False), dict(...), environ..."""
        mod.flask.add("request")
        var = body.var()
        source = self.pick(SOURCES)
        multi = self.pick(MULTIDICTS)
        mappings = (
            f"list(request.{source}.items())",
            f"list(request.{source}.keys())",
            f"list(request.{source}.values())",
            f"list(request.{multi}.lists())",
            f"request.{multi}.to_dict(flat=False)",
            f"request.{multi}.to_dict()",
            f"dict(request.{source})",
            f"sorted(request.{source})",
            f"len(request.{source})",
        )
        attributes = (
            "request.headers.environ",
            "request.is_json",
            "request.full_path",
            "request.values",
            "request.values.to_dict()",
            "request.method",
            'request.environ.get("REMOTE_ADDR")',
        )
        expr = self.pick(mappings if self.chance() else attributes)
        if self.chance(0.2):
            body.lines.append(self.pick(COMMENTS))
        if self.chance(0.3):
            loop = body.var("pair")
            body.lines += [f"{var} = []", f"for {loop} in request.{source}.items():"]
            body.lines.append(f"    {var}.append({loop})")
        else:
            body.lines.append(f"{var} = {expr}")
        body.values.append(var)

    def idiom_json(self, mod: Module, body: Body) -> None:
        """Body reads: request.json / get_json() and .get("k", default)."""
        mod.flask.add("request")
        payload = self.pick(("payload", "data", "body", "json_data", body.var("p")))
        if payload in mod.globals:
            payload = body.var("p")
        source = self.pick(
            (
                "request.get_json()",
                "request.json",
                "request.get_json(silent=True) or {}",
                "request.get_json(force=True)",
                "request.json or {}",
            )
        )
        body.lines.append(f"{payload} = {source}")
        body.bound.add(payload)
        for _ in range(self.draw(st.integers(1, 3))):
            key = self.pick(KEYS)
            var = body.var()
            default_kind = self.pick(("none", "literal", "local", "attribute"))
            if default_kind == "none":
                default = ""
            elif default_kind == "literal":
                default = ", " + self.pick(LITERALS)
            elif default_kind == "local":
                name = self.local_name(body, mod)
                body.lines.append(f"{name} = {self.pick(LITERALS)}")
                body.bound.add(name)
                default = f", {name}"
            else:
                self.ensure_post_class(mod)
                obj = body.var("post")
                body.lines.append(f"{obj} = Post()")
                default = f", {obj}.body"
            target = payload if self.chance(0.7) else "request.json"
            if self.chance(0.2):
                body.lines.append(f'{var} = {target}["{key}"]')
            else:
                body.lines.append(f'{var} = {target}.get("{key}"{default})')
            body.values.append(var)

    def ensure_post_class(self, mod: Module) -> None:
        if "Post" not in mod.globals:
            mod.globals.add("Post")
            mod.head.append('class Post:\n    body = "text"\n    title = "title"')

    def idiom_nested(self, mod: Module, body: Body) -> None:
        """A nested function reading the request."""
        mod.flask.add("request")
        inner, var = body.var("inner"), body.var()
        key = self.pick(KEYS)
        body.lines += [
            f"def {inner}():",
            f"    return {self.read(mod, key)}",
            f"{var} = {inner}()",
        ]
        body.values.append(var)

    def idiom_helper(self, mod: Module, body: Body) -> None:
        """A module helper reading the request, called by the handler."""
        mod.flask.add("request")
        helper = mod.fresh(self.pick(("get_", "current_", "read_")))
        mod.globals.add(helper)
        key = self.pick(KEYS)
        if self.chance():
            mod.head.append(f"def {helper}():\n    return {self.read(mod, key)}")
            call = f"{helper}()"
        else:
            mod.head.append(
                f"def {helper}(default=None):\n"
                f'    value = request.{self.pick(SOURCES)}.get("{key}")\n'
                "    return value if value is not None else default"
            )
            call = f"{helper}({self.pick(LITERALS[:4])})"
        var = body.var()
        body.lines.append(f"{var} = {call}")
        body.values.append(var)

    def idiom_state(self, mod: Module, body: Body) -> None:
        """session, g and flash."""
        kind = self.pick(("session", "g", "flash", "session_read"))
        if kind in ("session", "flash", "session_read"):
            self.secret = True
        if kind == "session":
            mod.flask.add("session")
            key = self.pick(("visits", "user_id", "cart"))
            body.lines.append(f'session["{key}"] = session.get("{key}", 0) + 1')
        elif kind == "session_read":
            mod.flask.add("session")
            var = body.var()
            body.lines.append(f'{var} = session.get("{self.pick(("user_id", "lang"))}")')
            body.values.append(var)
        elif kind == "g":
            mod.flask.add("g")
            var = body.var()
            body.lines.append(f'{var} = getattr(g, "user", None)')
            body.values.append(var)
        else:
            mod.flask.add("flash")
            body.lines.append(f'flash("{self.pick(("saved", "bad input", "welcome"))}")')

    def idiom_context(self, mod: Module, body: Body) -> None:
        """current_app, request.files and Flask-Login's current_user."""
        kind = self.pick(("config", "files", "user", "user_object"))
        var = body.var()
        if kind == "config":
            mod.flask.add("current_app")
            body.lines.append(
                f'{var} = current_app.config.get("{self.pick(("DEBUG", "PER_PAGE"))}")'
            )
        elif kind == "files":
            mod.flask.add("request")
            upload = body.var("upload")
            body.lines += [
                f'{upload} = request.files.get("{self.pick(("file", "avatar"))}")',
                f"{var} = {upload}.filename if {upload} else None",
            ]
        else:
            self.ensure_login(mod)
            if kind == "user":
                body.lines.append(f"{var} = current_user.is_authenticated")
            else:
                body.lines.append(f"{var} = current_user._get_current_object()")
        body.values.append(var)

    def ensure_login(self, mod: Module) -> None:
        if "current_user" in mod.globals:
            return
        mod.globals |= {"current_user", "LoginManager", "login_manager"}
        mod.imports.add("from flask_login import LoginManager, current_user")
        on = "app" if mod.app_name == "app" else ""
        mod.head.append(
            f"login_manager = LoginManager({on})\n\n\n"
            "@login_manager.user_loader\ndef load_user(user_id):\n    return None"
        )
        mod.globals.add("load_user")

    def idiom_abort(self, mod: Module, body: Body) -> None:
        mod.flask.add("abort")
        if body.values and self.chance(0.7):
            body.lines += [f"if not {body.values[-1]}:", f"    abort({self.pick((400, 403, 404))})"]
        else:
            mod.flask.add("request")
            body.lines += [
                f'if request.args.get("{self.pick(KEYS)}") == "fail":',
                f"    abort({self.pick((400, 401, 404, 409))})",
            ]

    def body_idiom(self, mod: Module, body: Body) -> None:
        idiom = self.pick(
            (
                self.idiom_read,
                self.idiom_read,
                self.idiom_read,
                self.idiom_mapping,
                self.idiom_mapping,
                self.idiom_json,
                self.idiom_nested,
                self.idiom_helper,
                self.idiom_state,
                self.idiom_abort,
                self.idiom_context,
            )
        )
        idiom(mod, body)

    # -- answers ---------------------------------------------------------------------

    def answer(self, mod: Module, body: Body, view: View) -> None:
        kind = self.pick(
            (
                "jsonify",
                "jsonify_status",
                "dict",
                "text",
                "make_response_empty",
                "make_response_args",
                "jsonify_mutated",
                "tuple_helper",
                "redirect",
                "render",
                "send_file",
                "stream",
                "call_view",
                "response",
            )
        )
        lines = body.lines
        if kind == "jsonify":
            mod.flask.add("jsonify")
            lines.append(f"return jsonify({body.payload()})")
        elif kind == "jsonify_status":
            mod.flask.add("jsonify")
            headers = self.pick(("", ', {"X-Fuzz": "1"}'))
            lines.append(f"return jsonify({body.payload()}), {self.pick((200, 201, 202))}{headers}")
        elif kind == "dict":
            lines.append(f"return {body.payload()}")
        elif kind == "text":
            lines.append(f"return {body.text()}")
        elif kind == "make_response_empty":
            mod.flask.add("make_response")
            resp = self.pick(("resp", "response", "r"))
            lines.append(f"{resp} = make_response()")
            lines += self.response_mutations(resp, body, data=True)
            lines.append(f"return {resp}")
        elif kind == "make_response_args":
            mod.flask.add("make_response")
            resp = self.pick(("resp", "response"))
            args = self.pick(
                (
                    f"{body.text()}, {self.pick((200, 201, 404))}",
                    body.text(),
                    f"{body.text()}, 200, {{'X-A': 'a'}}",
                )
            )
            lines.append(f"{resp} = make_response({args})")
            lines += self.response_mutations(resp, body, data=self.chance(0.3))
            lines.append(f"return {resp}")
        elif kind == "jsonify_mutated":
            mod.flask.add("jsonify")
            resp = self.pick(("response", "resp"))
            lines.append(f"{resp} = jsonify({body.payload()})")
            lines += self.response_mutations(resp, body, data=False)
            lines.append(f"return {resp}")
        elif kind == "tuple_helper":
            helper = self.tuple_helper(mod)
            lines.append(f"return {helper}({body.text()}, {self.pick((400, 403, 422, 200))})")
        elif kind == "redirect":
            mod.flask |= {"redirect", "url_for"}
            target = self.url_target(mod)
            lines.append(f"return redirect({target})")
        elif kind == "render":
            mod.flask.add("render_template_string")
            lines.append(f'return render_template_string("<p>{{{{ v }}}}</p>", v={body.text()})')
        elif kind == "send_file":
            mod.flask.add("send_file")
            mod.imports.add("import io")
            lines.append(
                f"return send_file(io.BytesIO({body.text()}.encode()), "
                f'mimetype="text/plain", download_name="out.txt")'
            )
        elif kind == "stream":
            mod.flask |= {"Response", "stream_with_context", "request"}
            gen = body.var("generate")
            key = self.pick(KEYS)
            lines += [
                f"def {gen}():",
                '    yield "start\\n"',
                f'    yield str(request.args.get("{key}", ""))',
                f"    yield {body.text()}",
            ]
            lines.append(
                f"return Response(stream_with_context({gen}())"
                + self.pick(("", ', mimetype="text/plain"', ", status=200"))
                + ")"
            )
        elif kind == "call_view":
            others = [v for v in mod.views if v.name != view.name]
            if not others:
                lines.append(f"return {body.payload()}")
                return
            other = self.pick(others)
            values = ['"1"' if conv != "int" else "1" for _, conv in other.params]
            if self.chance():
                values = [f"{name}={v}" for (name, _), v in zip(other.params, values, strict=True)]
            lines.append(f"return {other.name}({', '.join(values)})")
        else:
            mod.flask.add("Response")
            lines.append(
                f"return Response({body.text()}, status={self.pick((200, 201, 400))}, "
                f'mimetype="{self.pick(("text/plain", "text/html", "application/json"))}")'
            )

    def response_mutations(self, resp: str, body: Body, data: bool) -> list[str]:
        out = []
        if data:
            out.append(f"{resp}.{self.pick(('data', 'data', 'response'))} = {body.text()}")
        options = [
            f'{resp}.mimetype = "{self.pick(("text/plain", "application/json"))}"',
            f'{resp}.content_type = "text/plain; charset=utf-8"',
            f"{resp}.status_code = {self.pick((201, 202, 404, 418))}",
            f'{resp}.status = "{self.pick(("201 CREATED", "202 ACCEPTED"))}"',
            f'{resp}.headers["X-Fuzz"] = "{self.pick(("1", "yes"))}"',
            f'{resp}.headers["Access-Control-Allow-Origin"] = "*"',
            f'{resp}.set_cookie("seen", "1")',
        ]
        for _ in range(self.draw(st.integers(0, 3))):
            out.append(self.pick(options))
        return out

    def tuple_helper(self, mod: Module) -> str:
        if "error_response" not in mod.globals:
            mod.globals.add("error_response")
            style = self.pick(("dict", "jsonify", "var"))
            if style == "jsonify":
                mod.flask.add("jsonify")
                text = "def error_response(message, status):\n    return jsonify(error=message), status"
            elif style == "var":
                text = (
                    "def error_response(message, status):\n"
                    '    answer = {"error": message}, status\n'
                    "    return answer"
                )
            else:
                text = 'def error_response(message, status):\n    return {"error": message}, status'
            mod.head.append(text)
        return "error_response"

    def url_target(self, mod: Module) -> str:
        if mod.views and self.chance(0.7):
            other = self.pick(mod.views)
            args = "".join(
                f", {name}={'1' if conv == 'int' else repr('x')}" for name, conv in other.params
            )
            return f'url_for("{other.endpoint}"{args})'
        return '"/"'

    # -- views -----------------------------------------------------------------------

    def decorator_factory(self, mod: Module) -> str:
        if "permission_required" not in mod.globals:
            mod.globals |= {"permission_required", "Permission"}
            mod.imports.add("from functools import wraps")
            mod.flask |= {"request", "abort"}
            mod.head.append("class Permission:\n    WRITE = 2\n    ADMIN = 16")
            mod.head.append(
                "def permission_required(permission):\n"
                "    def decorator(f):\n"
                "        @wraps(f)\n"
                "        def decorated_function(*args, **kwargs):\n"
                '            if request.headers.get("X-Permission", "0") != str(permission):\n'
                "                abort(403)\n"
                "            return f(*args, **kwargs)\n"
                "        return decorated_function\n"
                "    return decorator"
            )
        return f"@permission_required(Permission.{self.pick(('WRITE', 'ADMIN'))})"

    def plain_decorator(self, mod: Module) -> str:
        if "login_required" not in mod.globals:
            mod.globals.add("login_required")
            mod.imports.add("from functools import wraps")
            mod.flask |= {"request", "redirect"}
            mod.head.append(
                "def login_required(view):\n"
                "    @wraps(view)\n"
                "    def wrapped(*args, **kwargs):\n"
                '        if not request.cookies.get("user"):\n'
                '            return redirect("/login")\n'
                "        return view(*args, **kwargs)\n"
                "    return wrapped"
            )
        return "@login_required"

    def view(self, mod: Module) -> None:
        base = self.pick(VIEW_NAMES)
        name = base if base not in mod.globals else mod.fresh(base + "_")
        mod.globals.add(name)
        params: list[tuple[str, str]] = []
        path = f"/{name.replace('_', '-')}"
        if self.chance(0.3):
            pname = self.pick(("item_id", "username", "page", "slug", "id"))
            conv = self.pick(("int", "string", "path"))
            params.append((pname, conv))
            path += f"/<{conv}:{pname}>" if conv != "string" else f"/<{pname}>"
        methods = self.pick((["GET"], ["GET", "POST"], ["POST"], ["PUT", "DELETE"]))
        body = Body()
        body.bound |= {p for p, _ in params}
        body.values += [p for p, _ in params]
        if self.chance(0.15):
            body.lines.append(self.pick(COMMENTS))
        for _ in range(self.draw(st.integers(0, 4))):
            self.body_idiom(mod, body)
        view = View(name, self.endpoint(mod, name), path, params, list(methods))
        self.answer(mod, body, view)
        decorators = []
        style = self.pick(("route", "route", "verb", "commented"))
        if self.chance(0.1):
            decorators.append(self.pick(COMMENTS))
        if style == "verb" and len(methods) == 1:
            decorators.append(f'@{mod.app_name}.{methods[0].lower()}("{path}")')
        elif style == "commented":
            shown = ", ".join(f'"{m}"' for m in methods)
            decorators.append(
                f"@{mod.app_name}.route(\n"
                f'    "{path}",  # where it answers\n'
                f"    # {self.pick(('the verbs it takes', 'SECURITY: no CSRF check'))}\n"
                f"    methods=[{shown}],\n"
                ")"
            )
        else:
            shown = ", ".join(f'"{m}"' for m in methods)
            comment = self.pick(("", "", "  # the main page"))
            decorators.append(f'@{mod.app_name}.route("{path}", methods=[{shown}]){comment}')
        if self.chance(0.15):
            decorators.append(self.decorator_factory(mod))
        elif self.chance(0.1):
            decorators.append(self.plain_decorator(mod))
        args = ", ".join(p for p, _ in params)
        text = "\n".join(decorators + [f"def {name}({args}):"] + indent(body.lines))
        mod.blocks.append(text)
        mod.views.append(view)

    def endpoint(self, mod: Module, name: str) -> str:
        return name if mod.app_name == "app" else f"views.{name}"

    def index_with_defaults(self, mod: Module) -> None:
        """A view declared twice, once with ``defaults=``; others link to it with url_for."""
        if "show_page" in mod.globals:
            return
        mod.globals.add("show_page")
        mod.flask.add("render_template_string")
        mod.blocks.append(
            f'@{mod.app_name}.route("/home", defaults={{"js": "fetch"}})\n'
            f'@{mod.app_name}.route("/home/<js>")\n'
            "def show_page(js):\n"
            '    return render_template_string("{{ js }}", js=js)'
        )
        mod.views.append(
            View("show_page", self.endpoint(mod, "show_page"), "/home", [("js", "string")], ["GET"])
        )
        mod.flask |= {"url_for"}
        other = mod.fresh("links_")
        mod.globals.add(other)
        value = self.pick(('"fetch"', '"xhr"'))
        mod.blocks.append(
            f'@{mod.app_name}.route("/{other}")\n'
            f"def {other}():\n"
            f'    return {{"link": url_for("{self.endpoint(mod, "show_page")}", js={value})}}'
        )

    # -- hooks and error handlers -------------------------------------------------------

    def hook(self, mod: Module) -> None:
        kind = self.pick(("before", "before_session", "after", "after_cors", "teardown"))
        on = mod.app_name
        name = mod.fresh(kind + "_")
        mod.globals.add(name)
        if kind == "before":
            mod.flask |= {"g", "request"}
            text = (
                f"@{on}.before_request\ndef {name}():\n"
                f'    g.user = request.headers.get("X-User")  # who is asking'
            )
        elif kind == "before_session":
            self.secret = True
            mod.flask |= {"g", "session", "request"}
            text = (
                f"@{on}.before_request\ndef {name}():\n"
                '    g.user = session.get("user_id")\n'
                '    if request.path.startswith("/admin") and g.user is None:\n'
                '        return "login first", 401'
            )
        elif kind == "after":
            text = (
                f"@{on}.after_request\ndef {name}(response):\n"
                '    response.headers["X-Frame-Options"] = "DENY"\n'
                "    return response"
            )
        elif kind == "after_cors":
            mod.flask.add("request")
            text = (
                f"@{on}.after_request\ndef {name}(response):\n"
                '    origin = request.headers.get("Origin", "*")\n'
                '    response.headers["Access-Control-Allow-Origin"] = origin\n'
                "    return response"
            )
        else:
            mod.flask.add("g")
            text = f"@{on}.teardown_request\ndef {name}(exc):\n    g.pop('db', None)"
        mod.blocks.append(text)

    def error_handler(self, mod: Module) -> None:
        on = mod.app_name
        register = "errorhandler" if on == "app" or self.chance() else "app_errorhandler"
        kind = self.pick(("code", "http", "custom", "mutated", "generic"))
        name = mod.fresh("handle_")
        mod.globals.add(name)
        arg = self.pick(("e", "error", "exc"))
        if kind == "code":
            mod.flask.add("jsonify")
            text = (
                f"@{on}.{register}({self.pick((404, 405, 400))})\ndef {name}({arg}):\n"
                f"    return jsonify(error={arg}.description), {arg}.code"
            )
        elif kind == "http":
            mod.imports.add("from werkzeug.exceptions import HTTPException")
            mod.globals.add("HTTPException")
            mod.flask.add("jsonify")
            text = (
                f"@{on}.{register}(HTTPException)\ndef {name}({arg}):\n"
                f"    return jsonify(code={arg}.code, name={arg}.name, text={arg}.description), {arg}.code"
            )
        elif kind == "custom":
            mod.imports.add("from werkzeug.exceptions import BadRequest")
            if "CSRFError" not in mod.globals:
                mod.globals.add("CSRFError")
                mod.head.append(
                    'class CSRFError(BadRequest):\n    description = "CSRF token missing."'
                )
            mod.flask.add("render_template_string")
            text = (
                f"@{on}.{register}(CSRFError)\ndef {name}({arg}):\n"
                f'    return render_template_string("{{{{ reason }}}}", reason={arg}.description), 400'
            )
        elif kind == "mutated":
            mod.flask.add("jsonify")
            text = (
                f"@{on}.{register}({self.pick((404, 500, 403))})\ndef {name}({arg}):\n"
                f'    response = jsonify({{"error": str({arg})}})\n'
                f"    response.status_code = {self.pick((404, 500, 403))}\n"
                "    return response"
            )
        else:
            text = (
                f"@{on}.{register}(Exception)\ndef {name}({arg}):\n"
                f'    return {{"error": type({arg}).__name__}}, 500'
            )
        mod.blocks.append(text)

    # -- modules -----------------------------------------------------------------------

    def app_module(self, blueprint: bool) -> Module:
        mod = Module("app.py", "app", first_line_cr=self.chance(0.1))
        mod.flask.add("Flask")
        mod.globals |= {"app", "Flask"}
        app_line = "app = Flask(__name__)"
        if self.chance(0.2):
            app_line = "# the application\n" + app_line
        mod.head.append(app_line)
        self.fill(mod)
        if self.secret or self.chance(0.3):
            form = self.pick(SECRET_FORMS)
            if "Config" in form:
                mod.head.insert(0, 'class Config:\n    SECRET_KEY = "dev"\n    TESTING = False')
                mod.globals.add("Config")
            mod.head.insert(mod.head.index(app_line) + 1, form)
        if blueprint:
            mod.imports.add(self.bp_import)
            mod.tail.append(
                self.pick(
                    (
                        f"app.register_blueprint({self.bp_ref})",
                        f'app.register_blueprint({self.bp_ref}, url_prefix="/v")',
                    )
                )
            )
        if self.chance(0.3):
            mod.tail.append('if __name__ == "__main__":\n    app.run(debug=True)')
        return mod

    def factory_module(self) -> Module:
        """An app factory registering the blueprint, with hooks and handlers inside."""
        mod = Module("app.py", "app", first_line_cr=self.chance(0.1))
        mod.flask.add("Flask")
        mod.imports.add(self.bp_import)
        mod.globals |= {"create_app", "Flask", self.bp_ref.split(".")[0]}
        lines = ["app = Flask(__name__)"]
        if self.secret or self.chance(0.3):
            mod.head.append('class Config:\n    SECRET_KEY = "dev"')
            mod.globals.add("Config")
            lines.append(self.pick(("app.config.from_object(Config)", 'app.secret_key = "dev"')))
        lines.append("if test_config is not None:")
        lines.append("    app.config.update(test_config)")
        lines.append(
            self.pick(
                (
                    f"app.register_blueprint({self.bp_ref})",
                    f"app.register_blueprint({self.bp_ref})  # views",
                )
            )
        )
        if self.chance():
            lines += [
                "",
                "@app.after_request",
                "def add_header(response):",
                '    response.headers["X-Factory"] = "1"',
                "    return response",
            ]
        if self.chance():
            mod.flask.add("jsonify")
            lines += [
                "",
                "@app.errorhandler(404)",
                "def not_found(e):",
                "    return jsonify(error=e.description), 404",
            ]
        lines.append("return app")
        mod.blocks.append("def create_app(test_config=None):\n" + "\n".join(indent(lines)))
        return mod

    def cli_module(self, factory: bool) -> Module:
        """A module that never names Flask but adds commands to the project's app."""
        mod = Module("manage.py", "app")
        if factory:
            mod.imports.add("from app import create_app")
            mod.head.append("app = create_app()")
        else:
            mod.imports.add("from app import app")
        command = self.pick(("init-db", "seed"))
        mod.blocks.append(
            f'@app.cli.command("{command}")\ndef {command.replace("-", "_")}():\n'
            f'    print("{command} done")'
        )
        return mod

    def blueprint_errors_module(self, path: str, import_line: str) -> Module:
        """Error handlers on a blueprint imported from another module; never names Flask."""
        mod = Module(path, "bp")
        mod.imports.add(import_line)
        mod.globals.add("bp")
        for _ in range(self.draw(st.integers(1, 2))):
            name = mod.fresh("handle_")
            register = self.pick(("errorhandler", "app_errorhandler"))
            code = self.pick((404, 418, 409))
            mod.blocks.append(
                f"@bp.{register}({code})\ndef {name}(e):\n"
                f'    return {{"error": e.description, "code": e.code}}, {code}'
            )
        return mod

    def blueprint_module(self) -> Module:
        mod = Module("views.py", "bp", first_line_cr=self.chance(0.1))
        mod.flask.add("Blueprint")
        mod.globals |= {"bp", "Blueprint"}
        mod.head.append('bp = Blueprint("views", __name__)')
        self.fill(mod)
        return mod

    def fill(self, mod: Module) -> None:
        for _ in range(self.draw(st.integers(1, 5))):
            self.view(mod)
        if self.chance(0.2):
            self.index_with_defaults(mod)
        for _ in range(self.draw(st.integers(0, 2))):
            self.hook(mod)
        for _ in range(self.draw(st.integers(0, 2))):
            self.error_handler(mod)

    def tests_module(self, app: Module, blueprint: Module | None) -> Module:
        mod = Module("test_app.py", "app")
        if "create_app" in app.globals:
            mod.imports.add("from app import create_app")
            mod.head.append(
                self.pick(("app = create_app()", 'app = create_app({"TESTING": True})'))
            )
        else:
            mod.imports.add("from app import app")
        views = app.views + (blueprint.views if blueprint else [])
        style = self.pick(("function", "fixture", "unittest"))
        calls = [
            self.client_call(mod, self.pick(views)) for _ in range(self.draw(st.integers(1, 4)))
        ]
        if style == "function":
            for n, call in enumerate(calls):
                mod.blocks.append(
                    f"def test_view_{n}():\n    client = app.test_client()\n"
                    + "\n".join(indent(call(client="client")))
                )
        elif style == "fixture":
            mod.imports.add("import pytest")
            mod.head.append(
                "@pytest.fixture\ndef client():\n"
                '    app.config["TESTING"] = True\n'
                "    with app.test_client() as c:\n        yield c"
            )
            for n, call in enumerate(calls):
                mod.blocks.append(
                    f"def test_view_{n}(client):\n" + "\n".join(indent(call(client="client")))
                )
        else:
            mod.imports.add("import unittest")
            methods = [
                "def setUp(self):\n"
                "    self.app = app\n"
                '    self.app.config["TESTING"] = True\n'
                "    self.client = self.app.test_client()"
            ]
            for n, call in enumerate(calls):
                methods.append(
                    f"def test_view_{n}(self):\n" + "\n".join(indent(call(client="self.client")))
                )
            mod.blocks.append(
                "class AppTest(unittest.TestCase):\n"
                + "\n\n".join("\n".join(indent(m.splitlines())) for m in methods)
            )
        return mod

    def client_call(self, mod: Module, view: View) -> Callable[..., list[str]]:
        path = view.path.split("/<")[0] + "".join(
            "/1" if conv == "int" else "/x" for _, conv in view.params
        )
        if self.chance(0.3):
            path += f"?{self.pick(('page=2', 'q=a', 'json=1', 'app=x'))}"
        method = self.pick(view.methods).lower()
        headers = self.pick(
            (
                "",
                ', headers={"X-Token": "t"}',
                ', headers=[("X-Token", "t"), ("Accept", "application/json")]',
                ', headers=dict([("X-Token", "t")])',
                ', headers={**dict([("Transfer-Encoding", "chunked")]), "X-A": "1"}',
                ", headers=HEADERS",
                ', headers={**HEADERS, "X-B": "2"}',
            )
        )
        if "HEADERS" in headers and "HEADERS" not in mod.globals:
            mod.globals.add("HEADERS")
            mod.head.insert(0, 'HEADERS = {"X-Permission": "2", "Origin": "http://example.com"}')
        data = self.pick(("", ', data={"k": "v"}', ', json={"k": "v"}', ', data="raw"'))
        how = self.pick(("verb", "open_path", "open"))
        if how == "open_path":
            call = f'.open(path="{path}", method="{method.upper()}"{data}{headers})'
        elif how == "open":
            call = f'.open("{path}", method="{method.upper()}"{data}{headers})'
        else:
            call = f'.{method}("{path}"{data}{headers})'
        check = self.pick(
            (
                "assert response.status_code < 600",
                "assert response.data is not None",
                'assert response.headers.get("Content-Type") is not None',
                "assert response.get_data(as_text=True) is not None",
                'assert "http://localhost" in response.request.url or True',
            )
        )

        def lines(client: str) -> list[str]:
            return [f"response = {client}{call}", check]

        return lines


@st.composite
def flask_projects(draw: Draw) -> dict[str, str]:
    """A Flask project: ``{relative path: source}``."""
    builder = Builder(draw)
    blueprint = builder.blueprint_module() if builder.chance(0.3) else None
    extra: dict[str, str] = {}
    if blueprint is not None and builder.chance(0.4):
        # the blueprint in a package that re-exports it, imported in one of three ways
        blueprint.path = "auth/views.py"
        builder.bp_import, builder.bp_ref = builder.pick(
            (("from auth import bp", "bp"), ("import auth", "auth.bp"), ("import auth", "auth.bp"))
        )
        init = "from .views import bp\n"
        if builder.chance():
            init += "from . import errors  # noqa: F401\n"
            extra["auth/errors.py"] = builder.blueprint_errors_module(
                "auth/errors.py", "from .views import bp"
            ).source()
        extra["auth/__init__.py"] = init
    elif blueprint is not None and builder.chance(0.3):
        extra["errors.py"] = builder.blueprint_errors_module(
            "errors.py", "from views import bp"
        ).source()
        builder.bp_import = "from views import bp\nimport errors  # noqa: F401"
    factory = blueprint is not None and builder.chance(0.4)
    app = builder.factory_module() if factory else builder.app_module(blueprint is not None)
    files = {app.path: app.source()}
    files.update(extra)
    if builder.chance(0.15):
        cli = builder.cli_module(factory)
        files[cli.path] = cli.source()
    if blueprint is not None:
        files[blueprint.path] = blueprint.source()
    if builder.chance(0.4):
        tests = builder.tests_module(app, blueprint)
        files[tests.path] = tests.source()
    return files
