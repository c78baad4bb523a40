"""Convert one file: decode, parse once, run the rule chain, place findings, check, encode."""

from __future__ import annotations

import ast
import io
import re
import tokenize

import libcst as cst

from flask2fastapi.discovery import is_test_module
from flask2fastapi.hotspots import HotSpots, Sees
from flask2fastapi.index import ProjectIndex, collect, module_name
from flask2fastapi.nesting import deep_call, nesting_depth, too_deep_reason
from flask2fastapi.report import FileFailure, FileResult, Finding
from flask2fastapi.request_helpers import threadable_helpers
from flask2fastapi.rules import RULES, all_findings
from flask2fastapi.rules.base import (
    FileContext,
    FindingSpec,
    RuleChain,
    is_framework,
    local_frameworks,
    place_findings,
)
from flask2fastapi.rules.pipeline import INTERNAL_ERROR, OUTPUT_DOES_NOT_COMPILE, OUTPUT_REJECTED
from flask2fastapi.rules.routes import plan_handlers
from flask2fastapi.selfcheck import new_problems

SPECS = {spec.code: spec for _, spec in all_findings()}
# attribute names some rule needs to see statements for (Rule.SEES_ATTRIBUTES)
SEEN_ATTRIBUTES = frozenset(a for rule in RULES for a in rule.SEES_ATTRIBUTES)


class InputError(Exception):
    """A file that cannot be converted as it is; the message is one line for the user."""


def decode(data: bytes) -> tuple[str, str]:
    """The text of a Python source file and its encoding (PEP 263), or InputError."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        raise InputError(f"unknown source encoding: {error}") from None
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as error:
        raise InputError(
            f"not valid {encoding} (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "declare its encoding with a '# -*- coding: ... -*-' line"
        ) from None


def _plan_traversal(ctx: FileContext, text: str, tree: ast.Module | None) -> HotSpots | None:
    """What each statement holds, for the rule chain to skip those no rule needs (None:
    skip nothing); fills ``ctx.uses`` with Flask name references."""
    flask_names = {local for local, qualified in ctx.aliases.items() if is_framework(qualified)}
    if tree is None:  # ``ast`` could not read it (convert_file tried): keep every import
        ctx.uses.update({name: 1 for name in flask_names | ctx.router_names})
        return None
    request_names = {
        local
        for local, qualified in ctx.aliases.items()
        if qualified in ("flask.request", "flask.current_app")
    }
    g_names = {local for local, qualified in ctx.aliases.items() if qualified == "flask.g"}
    if (request_names or g_names) and any(name in text for name in request_names | g_names):
        ctx.threaded_helpers, ctx.request_helper_notes = threadable_helpers(
            tree,
            request_names,
            set(ctx.handlers),
            ctx.index.imported_from(ctx.module),
            text.splitlines(),
            g_names,
            ctx.index.shared_helpers.get(ctx.module, set()),
        )
    # helpers of other modules that take the request from this module's handlers
    ctx.threaded_helpers |= ctx.index.shared_helper_calls.get(ctx.module, set())
    ctx.reads_method = ".method" in text
    if _MUTATION.search(text):
        facts = _FunctionFacts()
        facts.visit(tree)
        ctx.mutated_responses = facts.mutated
    # route handlers that read the request (or g, the session, a request decorator): they
    # get keyword-only parameters, so a handler calling one is rewritten too
    called = set(_CALLED.findall(text)) & set(ctx.handlers)
    # any Flask name but those that never need the request once converted (current_app,
    # templates, url_for, flash... make the handler take ``request: Request``)
    readers = {
        local
        for local, qualified in ctx.aliases.items()
        if is_framework(qualified) and qualified not in _REQUEST_FREE
    } | set(ctx.request_decorators)
    # only where a handler calls a handler: most modules pay no walk of their handlers
    names_in = {
        node.name: {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
        for node in (tree.body if called else ())
        if isinstance(node, ast.FunctionDef) and node.name in ctx.handlers
    }
    ctx.handlers_reading_request = {name for name, used in names_in.items() if used & readers}
    grown = True
    while grown:  # a handler calling such a handler takes the request for the call too
        found = {
            name
            for name, used in names_in.items()
            if used & ctx.handlers_reading_request and name not in ctx.handlers_reading_request
        }
        grown = bool(found)
        ctx.handlers_reading_request |= found
    ctx.handlers_reading_request &= called
    # route handlers of other modules, imported and called here (any of them may have
    # parameters for its reads now)
    for local in set(_CALLED.findall(text)) & set(ctx.aliases):
        target = ctx.index._resolve_attr(ctx.aliases[local])
        if target is not None and target[1] in ctx.index.handler_names(target[0]):
            ctx.handlers_reading_request.add(local)
    # what makes a statement relevant to the rules that declare it (see Rule.SEES)
    names: dict[str, Sees] = {}
    groups = (
        (flask_names, Sees.FLASK_NAMES),
        # ``auth.bp``: any use of ``auth``
        ({router.partition(".")[0] for router in ctx.router_names}, Sees.ROUTERS),
        (ctx.index.factory_names(ctx.module), Sees.FACTORIES),
        (
            ctx.threaded_helpers | ctx.handlers_reading_request | set(ctx.request_decorators),
            Sees.REQUEST_CALLS,
        ),
    )
    for group, kind in groups:
        for name in group:
            names[name] = names.get(name, Sees.NOTHING) | kind
    spots = HotSpots(tree, names, SEEN_ATTRIBUTES, set(ctx.handlers), text)
    ctx.uses = spots.uses
    return spots


# Flask names a converted handler uses without the request
_REQUEST_FREE = frozenset(
    {
        "flask.Flask",
        "flask.Blueprint",
        "flask.jsonify",
        "flask.abort",
        "flask.redirect",
        "flask.Response",
        "flask.make_response",
        "flask.escape",
        "flask.Markup",
    }
)

_RESPONSE_ATTRIBUTES = frozenset({"data", "mimetype", "content_type", "status", "headers"})


# names called in a text (not the ones defined: ``def name(``)
_CALLED = re.compile(r"(?<!def )(?<![\w.])(\w+)\(")
# text that may set a Flask response's attributes after it was made
_MUTATION = re.compile(r"\.(?:data|mimetype|content_type|status|headers)\s*=[^=]|\.set_data\(")


class _FunctionFacts(ast.NodeVisitor):
    """One walk of the ``ast``: per function name, the local responses whose Flask
    attributes it sets (``r.data = ...``, ``r.set_data(...)``)."""

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.mutated: dict[str, set[str]] = {}

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.stack.append(node.name)
        self.generic_visit(node)
        self.stack.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            if (
                self.stack
                and isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and target.attr in _RESPONSE_ATTRIBUTES
            ):
                self.mutated.setdefault(self.stack[-1], set()).add(target.value.id)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if (
            self.stack
            and isinstance(func, ast.Attribute)
            and func.attr == "set_data"
            and isinstance(func.value, ast.Name)
        ):
            self.mutated.setdefault(self.stack[-1], set()).add(func.value.id)
        self.generic_visit(node)


_APP_VARIABLE = re.compile(r"((?<![\w.])(?:self\.|cls\.)?\w+)\s*=\s*(?:\w+\.)*(\w+)\(")
_APP_ATTRIBUTE = re.compile(r"(?<![\w.])((?:self|cls)\.\w+)\s*=\s*((?:\w+\.)*\w+)\s*$", re.M)
_CLIENT_OWNER = re.compile(r"(?<![\w.])((?:self\.|cls\.)?\w+)\.test_client\(")


def test_app_names(
    text: str, aliases: dict[str, str], index: ProjectIndex, apps: frozenset[str] = frozenset()
) -> set[str]:
    """In a test module, the names that hold the app: ``app`` (a fixture or variable, unless
    it is an imported module), variables assigned from an app factory of the project, and
    attributes of the test class assigned one of ``apps`` (``self.app = app``), and what
    ``test_client()`` is called on; ``cls.app`` set in ``setUpClass`` is ``self.app`` in
    the tests."""
    if not any(m.apps or m.factories for m in index.modules.values()):
        return set()  # no Flask app left in the project: nothing in the tests is one
    factories = {f for m in index.modules.values() for f in m.factories}
    names = {variable for variable, callee in _APP_VARIABLE.findall(text) if callee in factories}
    names |= {
        attribute
        for attribute, value in _APP_ATTRIBUTE.findall(text)
        if value in apps or _is_module_app(value, aliases, index)
    }
    # what a test calls test_client() on is an app, however the test got it
    names |= {owner for owner in _CLIENT_OWNER.findall(text) if owner not in aliases}
    names |= {"self." + n.removeprefix("cls.") for n in names if n.startswith("cls.")}
    names |= {a for a in index.test_app_attributes if a in text}  # set by a base class
    # ``import app`` (a project module or package of that name); otherwise ``app`` is a
    # fixture or a variable even when the project has an ``app`` module
    is_module = _is_module_alias(aliases.get("app"), index)
    if re.search(r"\bapp\b", text) and not is_module:
        names.add("app")
    return names


def _is_module_app(value: str, aliases: dict[str, str], index: ProjectIndex) -> bool:
    """``shop.app`` after ``import shop``: an app the project's module creates."""
    owner, _, attribute = value.rpartition(".")
    module = index.resolve_module(aliases.get(owner, owner)) if owner else None
    facts = index.modules.get(module) if module else None
    return facts is not None and attribute in facts.apps


def _is_module_alias(qualified: str | None, index: ProjectIndex) -> bool:
    return qualified is not None and index.resolve_module(qualified) is not None


def _convert(
    rel_path: str, text: str, module: cst.Module, index: ProjectIndex, tree: ast.Module | None
) -> tuple[FileContext, str, list[Finding]]:
    """Run the rule chain over one parsed file: its context, new code and findings."""
    name = module_name(rel_path)
    ctx = FileContext(rel_path=rel_path, module=name, index=index)
    facts = index.modules.get(name)
    if facts is not None:
        ctx.aliases = dict(facts.imports)
    elif tree is not None:
        # not indexed (a test module whose app is no Flask app any more): its imports
        # still say which names are Werkzeug's, which the imports rule must keep
        shadowed = index.shadowed_frameworks(rel_path)
        ctx.aliases = dict(collect(rel_path, text.encode(), tree=tree, shadowed=shadowed).imports)
    ctx.app_names = index.app_names(name) | index.app_parameters(name)
    testing = is_test_module(rel_path)
    if testing:
        ctx.app_names |= test_app_names(text, ctx.aliases, index, frozenset(ctx.app_names))
    ctx.blueprints = index.blueprints_in(name)
    ctx.request_decorators = index.request_decorators(name)
    plan_handlers(ctx)
    spots = _plan_traversal(ctx, text, tree)
    new_module = RuleChain(ctx, [rule(ctx) for rule in RULES], spots).transform(module)
    code, findings = place_findings(new_module.code, ctx, SPECS)
    return ctx, code, findings


def _rejected(
    result: FileResult, spec: FindingSpec, detail: str, line: int | None = None
) -> FileResult:
    """The file is left as it was: one finding for the report, one failure for ``error:``."""
    message, suggestion = spec.format(error=detail)
    result.findings = [
        Finding(
            code=spec.code,
            file=result.file,
            line=1,
            column=1,
            message=message,
            suggestion=suggestion,
            severity=spec.severity,
        )
    ]
    where = f" (line {line} of the output)" if line else ""
    result.failure = FileFailure(
        file=result.file, reason=f"{_REASONS[spec.code]}{where}: {detail}; left as it was"
    )
    return result


_REASONS = {
    OUTPUT_DOES_NOT_COMPILE.code: "converted output would not compile",
    OUTPUT_REJECTED.code: "converted output failed its self-check",
    INTERNAL_ERROR.code: "internal error while converting",
}


class _ExplicitNewlines(cst.CSTTransformer):
    """Every line ending written out, so that the module's default can change."""

    def __init__(self, newline: str) -> None:
        super().__init__()
        self.newline = newline

    def leave_Newline(self, original: cst.Newline, updated: cst.Newline) -> cst.Newline:
        return updated if updated.value is not None else cst.Newline(self.newline)


def _dominant_newline(module: cst.Module, text: str) -> cst.Module:
    """libcst writes new lines with the first line's ending; where the file's other lines
    mostly end otherwise (a stray CR on line 1), new lines take the usual ending instead,
    and every existing line keeps its own."""
    first = module.default_newline
    if text.count(first) * 2 > len(text.splitlines()):
        return module  # the first line's ending is the file's own (the common case)
    counts = {n: text.count(n) for n in ("\r\n", "\n", "\r")}
    counts["\n"] -= counts["\r\n"]
    counts["\r"] -= counts["\r\n"]
    dominant = max(counts, key=lambda n: counts[n])
    if dominant == first:
        return module
    fixed = module.visit(_ExplicitNewlines(first))
    assert isinstance(fixed, cst.Module)
    return fixed.with_changes(default_newline=dominant)


def convert_file(
    rel_path: str, data: bytes, index: ProjectIndex, tree: ast.Module | None = None
) -> FileResult:
    """The converted source of one file, with its findings; never raises for bad input.

    ``tree`` is the file's ``ast`` from the index pass, when this process has it. A file
    nested deeper than libcst handles safely is refused; the others convert on a deep
    stack (see :mod:`flask2fastapi.nesting`).
    """
    return deep_call(_convert_file, rel_path, data, index, tree)


# A file the standard library's parser rejects is not checked for depth: libcst reads
# it (for its message, or syntax newer than this Python) only when it is small enough
# that no nesting in it can overflow the deep stack
_UNCHECKED_PARSE_LIMIT = 100_000


def parse_tree(text: str | bytes, rel_path: str) -> ast.Module | None:
    """The file's ``ast``; None for a syntax error; InputError when Python's own parser
    gives up on its nesting (see :func:`nesting_depth` for the depth libcst can take)."""
    try:
        tree = ast.parse(text, filename=rel_path)
    except (SyntaxError, ValueError):
        return None
    except (RecursionError, MemoryError):
        raise InputError(too_deep_reason(None)) from None
    return tree


def _convert_file(
    rel_path: str, data: bytes, index: ProjectIndex, tree: ast.Module | None
) -> FileResult:
    result = FileResult(file=rel_path)
    try:
        text, encoding = decode(data)
        if tree is None:
            tree = parse_tree(text, rel_path)
        depth = nesting_depth(tree, data) if tree is not None else None
        if depth is not None:
            raise InputError(too_deep_reason(depth))
        if tree is None and len(data) > _UNCHECKED_PARSE_LIMIT:
            _ast_syntax_error(text, rel_path)
        try:
            module = cst.parse_module(data)
        except cst.ParserSyntaxError as error:
            raise InputError(
                f"syntax error at line {error.raw_line}, column {error.raw_column + 1}: "
                f"{error.message}"
            ) from None
    except InputError as error:
        result.failure = FileFailure(file=rel_path, reason=str(error))
        return result
    result.parsed = True
    try:
        with local_frameworks(index.shadowed_frameworks(rel_path)):
            return _converted(result, text, encoding, module, index, tree)
    except (RecursionError, MemoryError) as error:  # a backstop: the depth check passed
        if isinstance(error, MemoryError):
            reason = "out of memory while converting"
        else:
            reason = too_deep_reason(None, "Python's recursion limit reached")
        return FileResult(
            file=rel_path, parsed=True, failure=FileFailure(file=rel_path, reason=reason)
        )


def _ast_syntax_error(text: str, rel_path: str) -> None:
    """InputError with the standard library parser's message for ``text``."""
    try:
        ast.parse(text, filename=rel_path)
    except SyntaxError as error:
        raise InputError(
            f"syntax error at line {error.lineno}, column {error.offset}: {error.msg}"
        ) from None
    except (ValueError, RecursionError, MemoryError) as error:
        raise InputError(str(error) or too_deep_reason(None)) from None
    raise InputError("cannot be parsed")


def _converted(
    result: FileResult,
    text: str,
    encoding: str,
    module: cst.Module,
    index: ProjectIndex,
    tree: ast.Module | None,
) -> FileResult:
    rel_path = result.file
    module = _dominant_newline(module, text)
    try:
        ctx, code, findings = _convert(rel_path, text, module, index, tree)
    except (RecursionError, MemoryError):
        raise
    except Exception as error:  # a rule's bug fails this file, never the run
        return _rejected(result, INTERNAL_ERROR, f"{type(error).__name__}: {error}")
    result.routes_converted = ctx.routes_converted
    if code == text:
        result.findings = findings
        return result
    try:
        new_tree = ast.parse(code, filename=rel_path)
        compile(new_tree, rel_path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as error:
        line = getattr(error, "lineno", None) or 1
        return _rejected(result, OUTPUT_DOES_NOT_COMPILE, str(error), line)
    if tree is not None:
        problems = new_problems(tree, new_tree, rel_path)
        if problems:
            shown = "; ".join(f"line {p.line}: {p.text}" for p in problems[:3])
            more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
            return _rejected(result, OUTPUT_REJECTED, shown + more, problems[0].line)
    result.findings = findings
    result.uses_host = ctx.uses_host
    result.changed = True
    result.new_source = code.encode(encoding)
    result.needs = sorted(f"{m}.{n}" for m, names in ctx.needed_imports.items() for n in names)
    return result
