"""The shape every rule shares, and the engine that runs them in one traversal.

A rule is a class with libcst-style ``visit_<Node>`` / ``leave_<Node>`` methods and
its findings declared as data (:class:`FindingSpec`). The engine (:class:`RuleChain`)
walks a module once and, at every node, calls the rules in their declared order: a
``leave_`` method receives the node as the rules before it left it. A rule that
changes a node's type (an ``Expr`` into a ``Raise``, say) ends the chain for that node.

Findings are attached to the statement that holds the node. The engine marks that
statement with a comment; :func:`place_findings` turns the marks into
``# TODO(flask2fastapi): ...`` comments (manual and warning findings) and into line
and column numbers of the output file, so a finding always points at the code as
the user will read it.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import libcst as cst

from flask2fastapi.hotspots import HotSpots, Sees
from flask2fastapi.index import import_path, is_framework_name
from flask2fastapi.report import Finding, Severity
from flask2fastapi.rules.nodes import replace

if TYPE_CHECKING:
    from flask2fastapi.index import BlueprintFact, ProjectIndex


# framework names the project's own modules take in the file being converted (its own
# ``flask.py``): set by :func:`local_frameworks` around a file's conversion
_LOCAL_FRAMEWORKS: ContextVar[frozenset[str]] = ContextVar("local_frameworks", default=frozenset())


def is_framework(qualified: str) -> bool:
    """Whether a module path belongs to Flask, Werkzeug or a Flask extension (and not
    to the project's module of that name, see :func:`local_frameworks`)."""
    head = qualified.split(".")[0]
    return is_framework_name(head) and head not in _LOCAL_FRAMEWORKS.get()


@contextmanager
def local_frameworks(names: frozenset[str]) -> Iterator[None]:
    """While converting a file whose ``import flask`` is the project's own module
    (``names``: see :meth:`ProjectIndex.shadowed_frameworks`)."""
    token = _LOCAL_FRAMEWORKS.set(names)
    try:
        yield
    finally:
        _LOCAL_FRAMEWORKS.reset(token)


@dataclass(frozen=True)
class FindingSpec:
    """One kind of finding: its code, a short name, and templated texts."""

    code: str
    name: str
    severity: Severity
    message: str
    suggestion: str

    def format(self, **values: Any) -> tuple[str, str]:
        return self.message.format(**values), self.suggestion.format(**values)


STATEMENT_TYPES: tuple[type[cst.CSTNode], ...] = (
    cst.SimpleStatementLine,
    cst.FunctionDef,
    cst.ClassDef,
    cst.If,
    cst.For,
    cst.While,
    cst.With,
    cst.Try,
    cst.TryStar,
    cst.Match,
)

_MARK = "# F2F-MARK:"
_MARK_RE = re.compile(r"^([ \t]*)# F2F-MARK:(\d+)[ \t]*$")
TODO_PREFIX = "# TODO(flask2fastapi): "


_HOST_NOTES = {
    "g": " Until then it runs on Flask's `g`, which the Flask app kept as a host shares with "
    "`request.state`.",
    "session": " Until then it runs on Flask's `session`, which the Flask app kept as a host "
    "shares with `request.session`.",
    "current_app": " Until then `current_app` is the Flask app kept as a host (its config is "
    "`app.state.config`).",
    "request": " Until then it reads Flask's `request`, which the Flask app kept as a host "
    "builds from the same request.",
    "url_for": " Until then Flask's `url_for` finds the FastAPI routes through the Flask app "
    "kept as a host.",
}


@dataclass
class PendingFinding:
    spec: FindingSpec
    message: str
    suggestion: str


@dataclass
class FileContext:
    """Everything the rules know about the file being converted."""

    rel_path: str
    module: str
    index: ProjectIndex
    # local name -> qualified name of what it refers to ("flask.jsonify", "flask")
    aliases: dict[str, str] = field(default_factory=dict)
    app_names: set[str] = field(default_factory=set)
    blueprints: dict[str, BlueprintFact] = field(default_factory=dict)  # local name -> facts
    error_handlers: set[str] = field(default_factory=set)  # functions turned exception handlers
    # ids of attribute nodes (``app.after_request``) a later rule converts: not reported
    converted_attributes: set[int] = field(default_factory=set)
    pending: list[PendingFinding] = field(default_factory=list)
    # module -> names to import from it; "" holds plain ``import x`` modules
    needed_imports: dict[str, set[str]] = field(default_factory=dict)
    routes_converted: int = 0
    # module-level helpers that take ``request: Request`` from their calling handlers
    threaded_helpers: set[str] = field(default_factory=set)
    # route handlers of this module that read the request (they get parameters for it)
    handlers_reading_request: set[str] = field(default_factory=set)
    # the module's text mentions ``.method`` (an ``if request.method == ...`` is possible)
    reads_method: bool = True
    # per function name: local responses whose Flask attributes it sets (``r.data = ...``)
    mutated_responses: dict[str, set[str]] = field(default_factory=dict)
    request_helper_notes: dict[str, str] = field(default_factory=dict)  # helper -> why not
    # decorators (local names) whose wrapper reads the request -> the wrapper's **kwargs name
    request_decorators: dict[str, str] = field(default_factory=dict)
    # Starlette convertors to register in this module: key -> instance code
    convertors: dict[str, str] = field(default_factory=dict)
    # function name -> path parameter annotations the routes rule decided
    handlers: dict[str, dict[str, str]] = field(default_factory=dict)
    # handlers whose every return value is JSON (Flask-RESTful resources): keys of handlers
    json_handlers: set[str] = field(default_factory=set)
    # per enclosing function: can it be given ``request: Request`` (the request_data rule
    # keeps this: handlers, hooks, exception handlers, helpers called by handlers)
    request_scopes: list[bool] = field(default_factory=list)
    # ids of FunctionDef nodes another rule wants to take ``request: Request``
    wants_request: set[int] = field(default_factory=set)
    function_stack: list[cst.FunctionDef] = field(default_factory=list)
    # enclosing scopes of the node being visited: a class name, or None for a function
    scopes: list[str | None] = field(default_factory=list)
    # references to each Flask-related local name still in the tree (see hotspots)
    uses: Counter[str] = field(default_factory=Counter)
    # the converted code needs the Flask app kept as a host (see the app_object rule)
    uses_host: bool = False
    # local names whose remaining use makes the Flask host (``Flask`` in host_flask(...)):
    # that line carries its own finding
    hosted: set[str] = field(default_factory=set)
    # ids of the Name nodes ``dropped()`` was told of: references that no longer mean Flask's
    dropped_names: set[int] = field(default_factory=set)
    _open: list[list[int]] = field(default_factory=list)

    def dropped(self, node: cst.BaseExpression) -> None:
        """A rule replaced ``node`` (a Name or dotted Attribute): one reference fewer."""
        while isinstance(node, cst.Attribute):
            node = node.value
        if isinstance(node, cst.Name) and self.uses[node.value] > 0:
            self.uses[node.value] -= 1
            self.dropped_names.add(id(node))

    def handler_key(self, function: cst.FunctionDef) -> str:
        """``function``'s key in ``handlers``: ``Class.method`` for a method of a class
        (a class-based view), else its name. Valid while the function is being visited."""
        scopes = self.scopes
        if len(scopes) >= 2 and scopes[-2] is not None:
            return f"{scopes[-2]}.{function.name.value}"
        return function.name.value

    def host_note(self, concept: str) -> str:
        """What keeps Flask code left in place running (with the bridge), to end a finding's
        message with; nothing with ``--no-bridge``."""
        if not self.index.bridge:
            return ""
        return _HOST_NOTES[concept]

    def support_reference(self, name: str) -> str:
        """``web_compat.<name>`` from the app's support module, importing the module
        (qualified, so a Flask name left in place elsewhere never clashes with it)."""
        path = import_path(
            self.module,
            self.rel_path.endswith("__init__.py"),
            self.index.support_module(self.module),
        )
        body = path.lstrip(".")
        dots = path[: len(path) - len(body)]
        parent, _, leaf = body.rpartition(".")
        if dots or parent:
            self.need(dots + parent, leaf)
        else:
            self.need(leaf)
        return f"{leaf}.{name}"

    def in_request_scope(self) -> bool:
        """Whether the code being visited can read the request (see ``request_scopes``)."""
        return bool(self.request_scopes) and self.request_scopes[-1]

    def use_request(self) -> None:
        """The enclosing function must take ``request: Request`` (in a request scope)."""
        self.wants_request.add(id(self.function_stack[-1]))

    @property
    def router_names(self) -> set[str]:
        """Names routes are declared on: Flask apps and blueprints."""
        return self.app_names | set(self.blueprints)

    def qualname(self, node: cst.BaseExpression) -> str | None:
        """The qualified name an expression refers to, from this module's imports."""
        if isinstance(node, cst.Name):
            return self.aliases.get(node.value)
        if isinstance(node, cst.Attribute):
            base = self.qualname(node.value)
            if base is not None:
                return f"{base}.{node.attr.value}"
        return None

    def is_flask(self, node: cst.BaseExpression, *names: str) -> bool:
        """Whether ``node`` names one of ``flask.<name>`` (or a re-export of it)."""
        qual = self.qualname(node)
        if qual is None:
            return False
        return any(qual in (f"flask.{n}", f"werkzeug.exceptions.{n}") for n in names)

    def is_cors(self, node: cst.BaseExpression) -> bool:
        return self.qualname(node) == "flask_cors.CORS"

    def need(self, module: str, name: str | None = None) -> None:
        """Ask for ``from module import name`` (or ``import module`` when name is None)."""
        if name is None:
            self.needed_imports.setdefault("", set()).add(module)
        else:
            self.needed_imports.setdefault(module, set()).add(name)

    def report(self, spec: FindingSpec, **values: Any) -> None:
        """Record a finding on the statement being visited."""
        message, suggestion = spec.format(**values)
        self.pending.append(PendingFinding(spec, message, suggestion))
        if self._open:
            self._open[-1].append(len(self.pending) - 1)

    @property
    def current_function(self) -> cst.FunctionDef | None:
        return self.function_stack[-1] if self.function_stack else None


class Rule:
    """Base class of a rule: subclasses define visit_/leave_ methods and FINDINGS.

    ``SEES`` declares which statements the rule must be shown (its visit_/leave_ methods
    run on the nodes inside them); ``SEES_ATTRIBUTES`` adds those that mention one of
    these attribute names, on any object (``.set_cookie``). The chain skips a statement
    only when no active rule declared it needs it. The default shows a rule everything.
    A statement node itself is always visited and left, skipped or not: what is skipped
    is what it holds."""

    name: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    FINDINGS: ClassVar[tuple[FindingSpec, ...]] = ()
    SEES: ClassVar[Sees] = Sees.EVERYTHING
    SEES_ATTRIBUTES: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self.active = True  # a rule with nothing to do in this file leaves the walk


_STATEMENT_SET = frozenset(STATEMENT_TYPES)


def _method_table(rules: Iterable[Rule], prefix: str) -> dict[type, list[Callable[..., Any]]]:
    """Node class -> the rules' methods for it, in rule order."""
    table: dict[type, list[Callable[..., Any]]] = {}
    for rule in rules:
        for attr in dir(type(rule)):
            if attr.startswith(prefix):
                node_type = getattr(cst, attr[len(prefix) :])
                table.setdefault(node_type, []).append(getattr(rule, attr))
    return table


# Fields that only hold whitespace, brackets or punctuation: no rule looks there.
_PUNCTUATION_FIELDS = frozenset(
    {
        "lpar",
        "rpar",
        "lbrace",
        "rbrace",
        "lbracket",
        "rbracket",
        "comma",
        "equal",
        "semicolon",
        "colon",
        "dot",
        "leading_lines",
        "lines_after_decorators",
        "header",
        "footer",
        "newline",
        "trailing_whitespace",
        "operator",
        "asynchronous",
        "indent",
        "posonly_ind",
        "star",
        "type_parameters",
    }
)
# Where a class's field order is not the source order, visit in source order.
_FIELD_ORDER = {
    cst.FunctionDef: ("decorators", "params", "returns", "body"),
    cst.ClassDef: ("decorators", "bases", "keywords", "body"),
    cst.Parameters: ("posonly_params", "params", "star_arg", "kwonly_params", "star_kwarg"),
}
# Leaves: visiting them does nothing unless a rule has a method for their type.
_LEAVES = frozenset(
    {cst.Name, cst.SimpleString, cst.Integer, cst.Float, cst.Imaginary, cst.Ellipsis}
)
_FIELDS: dict[type, tuple[str, ...]] = {}


def _child_fields(node_type: type) -> tuple[str, ...]:
    fields = _FIELDS.get(node_type)
    if fields is None:
        fields = _FIELD_ORDER.get(node_type) or tuple(
            f.name
            for f in dataclasses.fields(node_type)
            if f.name not in _PUNCTUATION_FIELDS and "whitespace" not in f.name
        )
        _FIELDS[node_type] = fields
    return fields


class RuleChain:
    """Runs rules over one module in a single traversal, in the given order.

    The walk visits only the fields that can hold code (not whitespace or punctuation),
    skips the statements that hold nothing an active rule declared it needs (see
    :class:`Rule` and :mod:`flask2fastapi.hotspots`), and rebuilds a node only when a
    child changed: a fraction of what a libcst ``CSTTransformer`` pass costs. libcst
    node classes are exact (never subclassed), so ``type()`` lookups replace
    ``isinstance()`` checks against their abstract bases on this hot path.
    """

    # Skip statements no active rule needs (a test switches it off, and checks that the
    # output and the findings stay the same).
    skipping: ClassVar[bool] = True

    def __init__(
        self,
        ctx: FileContext,
        rules: list[Rule],
        spots: HotSpots | None = None,
    ) -> None:
        self.ctx = ctx
        rules = [rule for rule in rules if rule.active]
        self._visits = _method_table(rules, "visit_")
        self._leaves = _method_table(rules, "leave_")
        self._spots = spots if self.skipping else None
        self.sees = Sees.NOTHING
        self.attributes: set[str] = set()
        for rule in rules:
            self.sees |= rule.SEES
            self.attributes |= rule.SEES_ATTRIBUTES
        self._skip: set[int] = set()
        self._removed_marks: list[int] = []  # findings of the statement just removed
        self._inert = frozenset(
            t for t in _LEAVES if t not in self._visits and t not in self._leaves
        )

    def transform(self, module: cst.Module) -> cst.Module:
        if self._spots is not None and Sees.EVERYTHING not in self.sees:
            wanted = self._spots.mask(self.sees, self.attributes)
            self._skip = self._spots.cold_statements(module, wanted)
        result = self._walk(module)
        assert isinstance(result, cst.Module)
        return result

    def _walk(self, node: cst.CSTNode) -> Any:
        changes: dict[str, Any] = {}
        inert = self._inert
        if self.on_visit(node):
            for name in _child_fields(type(node)):
                value = getattr(node, name)
                if type(value) in inert:
                    continue
                if isinstance(value, cst.CSTNode):
                    new = self._walk(value)
                    if new is not value:
                        changes[name] = new
                elif type(value) in (tuple, list) and value:
                    items: list[Any] = []
                    changed = False
                    carried: list[cst.EmptyLine] = []  # comments of removed statements
                    for item in value:
                        if type(item) in inert or not isinstance(item, cst.CSTNode):
                            items.append(item)
                            continue
                        new = self._walk(item)
                        if carried and _kept(new):
                            new, carried = _carry_comments(carried, new), []
                        if new is item:
                            items.append(item)
                            continue
                        changed = True
                        if isinstance(new, cst.FlattenSentinel) and new.nodes:
                            items.extend(new.nodes)
                        elif _kept(new):
                            items.append(new)
                        else:
                            carried += _comments_of(item, self._removed_marks)
                            self._removed_marks = []
                    if carried:
                        if items and type(node) in (cst.IndentedBlock, cst.Module):
                            changes["footer"] = [*carried, *node.footer]  # type: ignore[attr-defined]
                        elif items and hasattr(items[-1], "leading_lines"):
                            # nothing after it: keep them above the statement before it
                            items[-1] = _carry_comments(carried, items[-1])
                    if changed:
                        changes[name] = items
        updated = replace(node, **changes) if changes else node
        return self.on_leave(node, updated)

    def on_visit(self, node: cst.CSTNode) -> bool:
        node_type = type(node)
        if node_type in _STATEMENT_SET:
            self.ctx._open.append([])
            if node_type is cst.FunctionDef:
                self.ctx.function_stack.append(node)  # type: ignore[arg-type]
                self.ctx.scopes.append(None)
            elif node_type is cst.ClassDef:
                self.ctx.scopes.append(node.name.value)  # type: ignore[attr-defined]
        methods = self._visits.get(node_type)
        if methods:
            for method in methods:
                method(node)
        return id(node) not in self._skip

    def on_leave(
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNode]:
        result: Any = updated_node
        node_type = type(original_node)
        methods = self._leaves.get(node_type)
        if methods:
            for method in methods:
                result = method(original_node, result)
                if type(result) is not node_type:
                    break
        if node_type in _STATEMENT_SET:
            if node_type is cst.FunctionDef:
                self.ctx.function_stack.pop()
                self.ctx.scopes.pop()
            elif node_type is cst.ClassDef:
                self.ctx.scopes.pop()
            if result is not updated_node or updated_node is not original_node:
                result = _keep_inner_comments(original_node, result)
            marks = self.ctx._open.pop()
            if marks:
                if _kept(result):
                    result = _attach_marks(result, marks)
                else:  # the statement is gone: its findings go with its comments
                    self._removed_marks = marks
        return result


def _keep_inner_comments(original: cst.CSTNode, result: Any) -> Any:
    """A rewritten one-line statement or decorator keeps the comments inside it: those the
    rewrite dropped (``methods=["GET"],  # only reads``) go above the statement."""
    if type(original) is cst.SimpleStatementLine:
        before, after = original.body, getattr(result, "body", ())
    elif type(original) in (cst.FunctionDef, cst.ClassDef):
        before, after = original.decorators, getattr(result, "decorators", ())  # type: ignore[attr-defined]
    else:
        return result
    if not _kept(result):
        return result  # a removed statement's comments are carried by the walk
    lost = _comments(before)
    if not lost:
        return result
    for text in _comments(after):
        if text in lost:
            lost.remove(text)
    if not lost:
        return result
    lines = [cst.EmptyLine(comment=cst.Comment(text)) for text in lost]
    return _carry_comments(lines, result)


def _comments(nodes: Iterable[cst.CSTNode]) -> list[str]:
    """The comments inside nodes, in source order."""
    found: list[str] = []
    stack = list(reversed(list(nodes)))
    while stack:
        node = stack.pop()
        if type(node) is cst.Comment:
            found.append(node.value)  # type: ignore[attr-defined]
        else:
            stack += reversed(node.children)
    return found


def _kept(node: Any) -> bool:
    """Whether a rule's answer for a node leaves something in its place."""
    if isinstance(node, cst.RemovalSentinel):
        return False
    return not (isinstance(node, cst.FlattenSentinel) and not node.nodes)


# a type comment moved off its assignment would annotate something else (or not parse)
_TYPE_COMMENT = re.compile(r"^#\s*type:\s*(.*)$")


def _comments_of(statement: cst.CSTNode, marks: list[int]) -> list[cst.EmptyLine]:
    """The comments a removed statement carried (above it and at its end), and the marks
    of its findings, as lines to keep above the next statement."""
    lines = [line for line in getattr(statement, "leading_lines", ()) if line.comment is not None]
    trailing = getattr(statement, "trailing_whitespace", None)
    comment = trailing.comment if trailing is not None else None
    if comment is not None:
        text = comment.value
        match = _TYPE_COMMENT.match(text)
        if match:
            text = f"# (type comment of a line the conversion removed: {match.group(1)})"
        lines.append(cst.EmptyLine(comment=cst.Comment(text)))
    lines += _mark_lines(marks)
    return lines


def _carry_comments(lines: list[cst.EmptyLine], node: Any) -> Any:
    """``node`` (a statement, or statements replacing one) with ``lines`` above it."""
    if isinstance(node, cst.FlattenSentinel):
        nodes = list(node.nodes)
        nodes[0] = _carry_comments(lines, nodes[0])
        return cst.FlattenSentinel(nodes)
    if not hasattr(node, "leading_lines"):
        return node
    leading = list(node.leading_lines)
    blank = 0
    while blank < len(leading) and leading[blank].comment is None:
        blank += 1
    return replace(node, leading_lines=[*leading[:blank], *lines, *leading[blank:]])


def _mark_lines(marks: list[int]) -> list[cst.EmptyLine]:
    """The comment lines that carry findings to place_findings."""
    return [cst.EmptyLine(comment=cst.Comment(f"{_MARK}{i}")) for i in marks]


def _attach_marks(result: Any, marks: list[int]) -> Any:
    lines = _mark_lines(marks)
    if isinstance(result, cst.FlattenSentinel):
        nodes = list(result.nodes)
        if nodes and hasattr(nodes[0], "leading_lines"):
            nodes[0] = replace(nodes[0], leading_lines=[*nodes[0].leading_lines, *lines])
            return cst.FlattenSentinel(nodes)
        return result
    if hasattr(result, "leading_lines"):
        return replace(result, leading_lines=[*result.leading_lines, *lines])
    return result


def attach_finding(ctx: FileContext, node: Any, spec: FindingSpec, **values: Any) -> Any:
    """Record a finding on ``node`` (a statement) directly, outside the engine's traversal."""
    message, suggestion = spec.format(**values)
    ctx.pending.append(PendingFinding(spec, message, suggestion))
    return _attach_marks(node, [len(ctx.pending) - 1])


def todo_comment(spec: FindingSpec, message: str) -> str:
    return f"{TODO_PREFIX}{spec.code} {message}"


def place_findings(
    code: str, ctx: FileContext, specs: dict[str, FindingSpec] | None = None
) -> tuple[str, list[Finding]]:
    """Turn the engine's marks into TODO comments and positioned findings.

    TODO comments left by an earlier run that no rule raised again this time (the code
    around them is FastAPI now) are findings too: they stay open until a person deletes
    them, which is what keeps ``check`` failing while work is left.
    """
    if _MARK not in code:
        if TODO_PREFIX not in code:
            return code, []
        return code, _open_todos(code.splitlines(keepends=True), ctx, specs or {}, [])
    lines = code.splitlines(keepends=True)
    out: list[str] = []
    waiting: list[tuple[int, str]] = []  # (pending index, indent) for the next code line
    placed: list[Finding] = []
    added: set[int] = set()  # indexes in ``out`` of the TODO comments this run wrote
    for line in lines:
        match = _MARK_RE.match(line.rstrip("\r\n"))
        if match:
            indent, index = match.group(1), int(match.group(2))
            pending = ctx.pending[index]
            if pending.spec.severity is not Severity.INFO:
                comment = todo_comment(pending.spec, pending.message)
                if not _comment_block_has(out, comment, pending.spec.code, added):
                    newline = line[len(line.rstrip("\r\n")) :]
                    added.add(len(out))
                    out.append(f"{indent}{comment}{newline}")
            waiting.append((index, indent))
            continue
        if waiting:
            lineno = len(out) + 1
            for index, indent in waiting:
                pending = ctx.pending[index]
                placed.append(
                    Finding(
                        code=pending.spec.code,
                        file=ctx.rel_path,
                        line=lineno,
                        column=len(indent) + 1,
                        message=pending.message,
                        suggestion=pending.suggestion,
                        severity=pending.spec.severity,
                    )
                )
            waiting = []
        out.append(line)
    return "".join(out), _open_todos(out, ctx, specs or {}, placed)


_TODO_RE = re.compile(r"^([ \t]*)# TODO\(flask2fastapi\): (F2F\d{3}) (.*?)\s*$")


def _open_todos(
    lines: list[str], ctx: FileContext, specs: dict[str, FindingSpec], placed: list[Finding]
) -> list[Finding]:
    """``placed`` plus a finding for every TODO comment no new finding stands for."""
    # one finding per TODO: two of the same code on one statement are two (their messages
    # differ), and a TODO this run wrote is the finding it placed
    covered = {(f.code, f.line, f.message) for f in placed}
    found = list(placed)
    for number, line in enumerate(lines):
        match = _TODO_RE.match(line)
        if match is None:
            continue
        target = number + 1
        while target < len(lines) and lines[target].lstrip().startswith("#"):
            target += 1
        indent, code, message = match.groups()
        if (code, target + 1, message) in covered:
            continue
        covered.add((code, target + 1, message))
        spec = specs.get(code)
        found.append(
            Finding(
                code=code,
                file=ctx.rel_path,
                line=target + 1,
                column=len(indent) + 1,
                message=message,
                suggestion=f"See `flask2fastapi explain {code}`; delete this TODO when done.",
                severity=spec.severity if spec else Severity.MANUAL,
            )
        )
    return found


def _comment_block_has(out: list[str], comment: str, code: str, added: set[int]) -> bool:
    """Whether the comment lines just above the insertion point already say ``comment``,
    or hold a TODO of the same code from an earlier run (the statement is marked already;
    its wording may have changed as the code around it was converted)."""
    earlier = f"{TODO_PREFIX}{code} "
    for index in range(len(out) - 1, -1, -1):
        stripped = out[index].strip()
        if not stripped.startswith("#"):
            return False
        if stripped == comment or (index not in added and stripped.startswith(earlier)):
            return True
    return False
