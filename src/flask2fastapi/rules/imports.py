"""Imports, fixed once at the end: Flask names no longer used go, FastAPI names come in.

The earlier rules only *ask* for imports (``ctx.need``). This rule, the last in the
chain, counts the names the converted module still uses, drops Flask and Werkzeug
imports that became unused, merges the requested names into existing
``from fastapi... import`` statements or adds new ones where the Flask import stood,
and reports every Flask or Werkzeug name the output still uses, so nothing Flask is
left without a finding.
"""

from __future__ import annotations

import libcst as cst

from flask2fastapi.discovery import is_test_module
from flask2fastapi.hotspots import Sees
from flask2fastapi.report import Severity
from flask2fastapi.rules.base import FindingSpec, Rule, attach_finding, is_framework
from flask2fastapi.rules.nodes import dotted, replace

FLASK_RESIDUE = FindingSpec(
    "F2F001",
    "flask-residue",
    Severity.MANUAL,
    "Flask API still used here: {names}.",
    "{advice}Convert these by hand (see the other findings in this file), then remove the import.",
)
# what to write instead of the Flask names no rule converts everywhere
FLASK_NAME_ADVICE = {
    "has_request_context": "code that runs with and without a request should take the "
    "request as an optional parameter",
    "copy_current_request_context": "pass the values a background function needs as "
    "arguments (or use FastAPI's BackgroundTasks)",
    "after_this_request": "declare `response: Response` in the handler and set headers or "
    "cookies on it",
    "stream_with_context": "return StreamingResponse(generator) and pass the request data "
    "the generator needs as arguments",
    "url_for": "request.url_for(name, **path_params) (absolute) or "
    "app.url_path_for(name, **path_params) (path only)",
    "redirect": "RedirectResponse(url, status_code=302)",
    "render_template": "Jinja2Templates(directory=...).TemplateResponse(request, name, context)",
    "flash": "keep messages in request.session",
    "get_flashed_messages": "read (and clear) the messages kept in request.session",
    "send_file": "FileResponse(path, media_type=..., filename=...)",
    "send_from_directory": "FileResponse after checking the path stays inside the directory",
    "Response": "fastapi.Response(content, status_code=..., media_type=..., headers=...)",
    "make_response": "build a fastapi Response and set headers and cookies on it",
    "current_app": "request.app in handlers; pass it to other code",
    "g": "request.state in handlers; pass the request to other code",
    "session": "request.session in handlers (SessionMiddleware)",
    "request": "a `request: Request` parameter of the handler, passed to other code",
    "abort": "raise HTTPException(status_code=...)",
    "jsonify": "return the data (FastAPI serialises it) or JSONResponse(data)",
    "Blueprint": "fastapi.APIRouter",
    "Flask": "fastapi.FastAPI",
}
EXTENSION_RESIDUE = FindingSpec(
    "F2F803",
    "flask-extension",
    Severity.MANUAL,
    "The Flask extension `{extension}` is still used here: {names}.",
    "{advice}",
)
_GENERIC_EXTENSION_ADVICE = (
    "Flask extensions hook into Flask's app and request context; replace it with a plain "
    "library or a FastAPI dependency."
)
EXTENSION_ADVICE = {
    "flask_sqlalchemy": "Use SQLAlchemy directly: an engine and sessionmaker in a module, a "
    "`get_db()` dependency that yields a session, `Depends(get_db)` in handlers; models "
    "become DeclarativeBase subclasses (db.Model -> Base).",
    "flask_migrate": "Use Alembic directly (`alembic init`, point env.py at your metadata); "
    "existing migrations keep working.",
    "flask_login": "Handlers already take the user from the `get_current_user` / "
    "`current_user_or_anonymous` dependencies written beside the LoginManager: load the user "
    "there (e.g. `request.session['user_id']` set where login_user() was called, and cleared "
    "where logout_user() was), then remove Flask-Login.",
    "flask_wtf": "Declare Form(...) parameters or a Pydantic model; add CSRF protection "
    "yourself (e.g. a double-submit cookie) since validate_on_submit() has no equivalent.",
    "flask_wtf.csrf": "Add CSRF protection as a middleware or dependency.",
    "flask_mail": "Use a mail library without Flask (fastapi-mail, or smtplib/aiosmtplib) "
    "configured from settings.",
    "flask_httpauth": "Use fastapi.security: HTTPBasic/HTTPBearer as dependencies that "
    "return the user.",
    "flask_jwt_extended": "Issue and verify tokens with PyJWT in an OAuth2PasswordBearer "
    "dependency (FastAPI's security tutorial).",
    "flask_cors": "Use fastapi.middleware.cors.CORSMiddleware.",
    "flask_caching": "Cache in a dependency or with a library such as cachetools/redis; "
    "Starlette has no view cache.",
    "flask_limiter": "Use slowapi (the same rate-limit syntax for Starlette/FastAPI).",
    "flask_restful": "Declare one FastAPI route per Resource method; reqparse arguments "
    "become typed parameters.",
    "flask_restx": "Declare one FastAPI route per Resource method; FastAPI generates the "
    "OpenAPI docs that RESTX's namespaces produced.",
    "flask_apispec": "Remove it: FastAPI builds the OpenAPI schema from the type hints.",
    "apifairy": "Remove it: FastAPI builds the OpenAPI schema from the type hints.",
    "flask_marshmallow": "Use Pydantic models (response_model=...) instead of schemas.",
    "flask_babel": "Use Babel directly with a locale dependency (Accept-Language).",
    "flask_moment": "Render dates in the template with a Jinja2 filter of your own.",
    "flask_socketio": "Use FastAPI WebSockets or python-socketio's ASGI app.",
    "flask_session": "Use Starlette's SessionMiddleware, or a server-side session dependency.",
}
NAME_CLASH = FindingSpec(
    "F2F005",
    "name-clash",
    Severity.MANUAL,
    "{names}: imported from Flask (still used here) and from FastAPI (used by the converted "
    "code); the later import wins.",
    "Convert the remaining Flask uses, or import one of them under another name.",
)
WERKZEUG_HELPERS = FindingSpec(
    "F2F004",
    "werkzeug-helpers",
    Severity.INFO,
    "Werkzeug helpers still used here ({names}) work without Flask.",
    "Keep `werkzeug` in your dependencies (it was installed with Flask).",
)
WERKZEUG_RESIDUE = FindingSpec(
    "F2F002",
    "werkzeug-residue",
    Severity.MANUAL,
    "Werkzeug API still used here: {names}.",
    "Use the Starlette/FastAPI equivalent (HTTPException, Request, Response, UploadFile).",
)


# Werkzeug helpers that do not depend on Flask's request cycle: they keep working.
_WERKZEUG_HELPER_MODULES = frozenset(
    {"werkzeug.security", "werkzeug.http", "werkzeug.datastructures", "werkzeug.urls"}
)
_WERKZEUG_HELPER_NAMES = frozenset({"secure_filename", "cached_property", "import_string"})


def _residue_kind(framework: str, module: str, name: str) -> str:
    if framework != "werkzeug":
        return framework
    if module in _WERKZEUG_HELPER_MODULES or name in _WERKZEUG_HELPER_NAMES:
        return "werkzeug-helpers"
    return framework


def _framework(module: str) -> str | None:
    return module.split(".")[0] if is_framework(module) else None


def _module_name(node: cst.BaseExpression | None) -> str:
    if node is None:
        return ""
    return cst.Module([]).code_for_node(node)


def _alias_name(alias: cst.ImportAlias) -> str:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return _module_name(alias.name).split(".")[0]


class ImportsRule(Rule):
    name = "imports"
    SEES = Sees.NOTHING  # works at the module's end, from ctx.uses
    summary = "Drops Flask imports that became unused, adds FastAPI imports, reports residue."
    FINDINGS = (FLASK_RESIDUE, WERKZEUG_RESIDUE, WERKZEUG_HELPERS, EXTENSION_RESIDUE, NAME_CLASH)

    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        ctx = self.ctx
        used = {name for name, count in ctx.uses.items() if count > 0}
        needed = {k: set(v) for k, v in ctx.needed_imports.items()}
        wanted = {  # local names the converted code imports from FastAPI, Starlette, ...
            name.rpartition(" as ")[2]
            for module, names in needed.items()
            if module and not is_framework(module)
            for name in names
        }
        plain_needed = needed.pop("", set())

        body: list[cst.BaseStatement] = []
        insert_at: int | None = None  # where the first Flask import stood
        last_import: int | None = None
        carry: list[cst.EmptyLine] = []  # comments of a dropped import line
        carried_to: int | None = None
        carried = 0
        for statement in updated.body:
            if isinstance(statement, cst.SimpleStatementLine) and all(
                isinstance(s, cst.Import | cst.ImportFrom) for s in statement.body
            ):
                framework = self._framework_of(statement)
                fixed = self._fix_import_line(statement, used, needed, plain_needed)
                if framework and insert_at is None:
                    insert_at = len(body) + (fixed is not None)
                if fixed is None:
                    carry.extend(statement.leading_lines)
                    continue
                statement = fixed
                last_import = len(body) + 1
            if carry:
                statement = replace(statement, leading_lines=[*carry, *statement.leading_lines])
                carried, carry, carried_to = len(carry), [], len(body)
            body.append(statement)

        new_imports = _import_lines(plain_needed, needed)
        kept = {
            local
            for local, qualified in ctx.aliases.items()
            if local in used and is_framework(qualified)
        }
        clashes = sorted(kept & wanted)
        renames = _renames(original, clashes, ctx.aliases) if clashes else {}
        clashes = [name for name in clashes if name not in renames]
        if new_imports and clashes:
            new_imports[0] = attach_finding(
                ctx, new_imports[0], NAME_CLASH, names=", ".join(clashes)
            )
        if new_imports:
            if insert_at is None:
                insert_at = last_import if last_import is not None else _after_docstring(body)
            if carried_to == insert_at and insert_at < len(body):
                moved = body[insert_at]
                lines = list(moved.leading_lines)
                body[insert_at] = replace(moved, leading_lines=lines[carried:])
                new_imports[0] = replace(new_imports[0], leading_lines=lines[:carried])
            body[insert_at:insert_at] = new_imports
        result = replace(updated, body=body)
        if renames:  # the Flask name's remaining uses take another name
            result = result.visit(_RenameFlaskUses(renames, original, ctx.dropped_names))
        return result

    def _framework_of(self, statement: cst.SimpleStatementLine) -> str | None:
        for small in statement.body:
            if isinstance(small, cst.ImportFrom) and not small.relative:
                framework = _framework(_module_name(small.module))
                if framework:
                    return framework
            if isinstance(small, cst.Import):
                for alias in small.names:
                    framework = _framework(_module_name(alias.name))
                    if framework:
                        return framework
        return None

    def _fix_import_line(
        self,
        statement: cst.SimpleStatementLine,
        used: set[str],
        needed: dict[str, set[str]],
        plain_needed: set[str],
    ) -> cst.SimpleStatementLine | None:
        """The import line with unused Flask names dropped and requested names merged."""
        smalls: list[cst.BaseSmallStatement] = []
        residue: dict[str, list[str]] = {}
        changed = False
        for small in statement.body:
            if isinstance(small, cst.ImportFrom) and not small.relative:
                module = _module_name(small.module)
                framework = _framework(module)
                if isinstance(small.names, cst.ImportStar):
                    if framework:
                        residue.setdefault(framework, []).append(f"{module}.*")
                    smalls.append(small)
                    continue
                names = list(small.names)
                if framework:
                    kept = [a for a in names if _alias_name(a) in used]
                    for alias in kept:
                        if _alias_name(alias) in self.ctx.hosted:
                            continue  # the Flask host: reported where it is made
                        kind = _residue_kind(framework, module, _module_name(alias.name))
                        residue.setdefault(kind, []).append(_alias_name(alias))
                    if len(kept) != len(names):
                        changed = True
                        if not kept:
                            continue
                        small = replace(
                            small,
                            names=_fix_commas(kept),
                            lpar=small.lpar,
                            rpar=small.rpar if len(kept) > 1 else None,
                        )
                        if small.rpar is None:
                            small = replace(small, lpar=None)
                elif module in needed:
                    present = {_alias_name(a) for a in names}
                    missing = sorted(
                        n for n in needed.pop(module) if n.rpartition(" as ")[2] not in present
                    )
                    if missing:
                        changed = True
                        extra = [_alias(n) for n in missing]
                        small = replace(small, names=_fix_commas([*names, *extra]))
                smalls.append(small)
            elif isinstance(small, cst.Import):
                aliases = []
                for alias in small.names:
                    module = _module_name(alias.name)
                    plain_needed.discard(module)
                    framework = _framework(module)
                    if framework and _alias_name(alias) not in used:
                        changed = True
                        continue
                    if framework:
                        kind = _residue_kind(framework, module, "")
                        residue.setdefault(kind, []).append(_alias_name(alias))
                    aliases.append(alias)
                if aliases:
                    smalls.append(replace(small, names=_fix_commas(aliases)))
            else:
                smalls.append(small)
        if not smalls:
            return None
        new_statement = replace(statement, body=smalls) if changed else statement
        specs = {"werkzeug": WERKZEUG_RESIDUE, "werkzeug-helpers": WERKZEUG_HELPERS}
        if any(kind.startswith("flask") for kind in residue) and not is_test_module(
            self.ctx.rel_path
        ):
            self.ctx.uses_host = True  # Flask code left in place runs on the kept host
        for kind, names in residue.items():
            listed = ", ".join(sorted(set(names)))
            if kind.startswith("flask_"):
                new_statement = attach_finding(
                    self.ctx,
                    new_statement,
                    EXTENSION_RESIDUE,
                    extension=kind,
                    names=listed,
                    advice=EXTENSION_ADVICE.get(kind, _GENERIC_EXTENSION_ADVICE),
                )
                continue
            spec = specs.get(kind, FLASK_RESIDUE)
            hints = [
                f"{name}: {FLASK_NAME_ADVICE[name]}. "
                for name in sorted(set(names))
                if spec is FLASK_RESIDUE and name in FLASK_NAME_ADVICE
            ]
            new_statement = attach_finding(
                self.ctx, new_statement, spec, names=listed, advice="".join(hints)
            )
        return new_statement


# Where a name is bound rather than read: a clashing name bound there is not renamed.
_BINDING_FIELDS = (
    (cst.Param, "name"),
    (cst.FunctionDef, "name"),
    (cst.ClassDef, "name"),
    (cst.AsName, "name"),
    (cst.AssignTarget, "target"),
    (cst.AnnAssign, "target"),
    (cst.AugAssign, "target"),
    (cst.For, "target"),
    (cst.CompFor, "target"),
    (cst.NamedExpr, "target"),
    (cst.Global, "names"),
    (cst.Nonlocal, "names"),
)
# Names that are not references at all (``x.HTTPException``, ``f(Response=...)``).
_NOT_REFERENCES = ((cst.Attribute, "attr"), (cst.Arg, "keyword"), (cst.ImportAlias, "name"))


class _NameReferences(cst.CSTVisitor):
    """The Name nodes reading one of ``names``, and whether any of them is bound."""

    def __init__(self, names: set[str]) -> None:
        self.names = names
        self.reads: set[int] = set()
        self.bound: set[str] = set()
        self._skip: set[int] = set()

    def on_visit(self, node: cst.CSTNode) -> bool:
        for node_type, field_name in _NOT_REFERENCES:
            if type(node) is node_type:
                self._skip.add(id(getattr(node, field_name)))
        for node_type, field_name in _BINDING_FIELDS:
            if type(node) is node_type:
                target = getattr(node, field_name)
                for name in target if isinstance(target, list | tuple) else [target]:
                    for found in _names_in(name):
                        if found in self.names:
                            self.bound.add(found)
        if type(node) is cst.Name and node.value in self.names and id(node) not in self._skip:
            self.reads.add(id(node))
        return type(node) not in (cst.Import, cst.ImportFrom)


def _names_in(node: object) -> list[str]:
    if isinstance(node, cst.NameItem):
        node = node.name
    if isinstance(node, cst.Name):
        return [node.value]
    if isinstance(node, cst.Tuple | cst.List):
        return [n for element in node.elements for n in _names_in(element.value)]
    if isinstance(node, cst.StarredElement):
        return _names_in(node.value)
    return []


def _renames(original: cst.Module, clashes: list[str], aliases: dict[str, str]) -> dict[str, str]:
    """For each Flask or Werkzeug name the output still uses that the converted code also
    imports from FastAPI (``HTTPException``, ``Response``): a new local name for the Flask
    one (``WerkzeugHTTPException``), unless the module binds the name elsewhere."""
    finder = _NameReferences(set(clashes))
    original.visit(finder)
    text = original.code
    renames = {}
    for name in clashes:
        if name in finder.bound:
            continue
        prefix = "Werkzeug" if aliases.get(name, "").startswith("werkzeug") else "Flask"
        new = f"{prefix}{name[:1].upper()}{name[1:]}"
        while new in text:
            new += "_"
        renames[name] = new
    return renames


class _RenameFlaskUses(cst.CSTTransformer):
    """Gives the Flask or Werkzeug import of each clashing name its new local name, and
    the references the conversion left as they were (the same nodes as in the input, and
    not dropped by a rule) that name too: the converted code's new references keep the
    FastAPI name."""

    def __init__(self, renames: dict[str, str], original: cst.Module, dropped: set[int]) -> None:
        finder = _NameReferences(set(renames))
        original.visit(finder)
        self.renames = renames
        self.reads = finder.reads - dropped

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.Name:
        if id(original) in self.reads:
            return updated.with_changes(value=self.renames[original.value])
        return updated

    def leave_ImportFrom(self, original: cst.ImportFrom, updated: cst.ImportFrom) -> cst.ImportFrom:
        if updated.relative or isinstance(updated.names, cst.ImportStar):
            return updated
        if not is_framework(_module_name(updated.module)):
            return updated
        names = []
        for alias in updated.names:
            local = _alias_name(alias)
            if local in self.renames:
                alias = alias.with_changes(asname=cst.AsName(cst.Name(self.renames[local])))
            names.append(alias)
        return updated.with_changes(names=names)


def _alias(name: str) -> cst.ImportAlias:
    """``X`` or ``X as Y`` as an import alias."""
    original, _, local = name.partition(" as ")
    if local:
        return cst.ImportAlias(cst.Name(original), asname=cst.AsName(cst.Name(local)))
    return cst.ImportAlias(cst.Name(original))


def _fix_commas(aliases: list[cst.ImportAlias]) -> list[cst.ImportAlias]:
    out = []
    for index, alias in enumerate(aliases):
        if index < len(aliases) - 1:
            if not isinstance(alias.comma, cst.Comma):
                alias = replace(alias, comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        elif isinstance(alias.comma, cst.Comma):
            alias = replace(alias, comma=cst.MaybeSentinel.DEFAULT)
        out.append(alias)
    return out


def _import_lines(plain: set[str], needed: dict[str, set[str]]) -> list[cst.SimpleStatementLine]:
    lines: list[cst.SimpleStatementLine] = []
    for module in sorted(plain):
        lines.append(cst.SimpleStatementLine([cst.Import([cst.ImportAlias(dotted(module))])]))  # type: ignore[arg-type]
    for module in sorted(needed):
        names = [_alias(n) for n in sorted(needed[module])]
        rest = module.lstrip(".")  # a relative import: ``from ..app import x``
        lines.append(
            cst.SimpleStatementLine(
                [
                    cst.ImportFrom(
                        module=dotted(rest) if rest else None,  # type: ignore[arg-type]
                        names=_fix_commas(names),  # type: ignore[arg-type]
                        relative=[cst.Dot()] * (len(module) - len(rest)),
                    )
                ]
            )
        )
    return lines


def _is_docstring(statement: cst.BaseStatement) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, cst.SimpleString | cst.ConcatenatedString)
    )


def _is_future_import(statement: cst.SimpleStatementLine) -> bool:
    return any(
        isinstance(s, cst.ImportFrom) and _module_name(s.module) == "__future__"
        for s in statement.body
    )


def _after_docstring(body: list[cst.BaseStatement]) -> int:
    index = 0
    if body and _is_docstring(body[0]):
        index = 1
    while (
        index < len(body)
        and isinstance(body[index], cst.SimpleStatementLine)
        and (
            _is_future_import(body[index])  # type: ignore[arg-type]
        )
    ):
        index += 1
    return index
