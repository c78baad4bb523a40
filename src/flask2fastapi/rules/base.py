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

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import libcst as cst

from flask2fastapi.report import Finding, Severity

if TYPE_CHECKING:
    from flask2fastapi.index import ProjectIndex


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
    pending: list[PendingFinding] = field(default_factory=list)
    # module -> names to import from it; "" holds plain ``import x`` modules
    needed_imports: dict[str, set[str]] = field(default_factory=dict)
    routes_converted: int = 0
    # function name -> path parameter annotations the routes rule decided
    handlers: dict[str, dict[str, str]] = field(default_factory=dict)
    function_stack: list[cst.FunctionDef] = field(default_factory=list)
    _open: list[list[int]] = field(default_factory=list)

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
    """Base class of a rule: subclasses define visit_/leave_ methods and FINDINGS."""

    name: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    FINDINGS: ClassVar[tuple[FindingSpec, ...]] = ()

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx


def _method_table(rules: Iterable[Rule], prefix: str) -> dict[str, list[Callable[..., Any]]]:
    table: dict[str, list[Callable[..., Any]]] = {}
    for rule in rules:
        for attr in dir(type(rule)):
            if attr.startswith(prefix):
                table.setdefault(attr[len(prefix) :], []).append(getattr(rule, attr))
    return table


class RuleChain(cst.CSTTransformer):
    """Runs rules over one module in a single traversal, in the given order."""

    def __init__(self, ctx: FileContext, rules: list[Rule]) -> None:
        super().__init__()
        self.ctx = ctx
        self._visits = _method_table(rules, "visit_")
        self._leaves = _method_table(rules, "leave_")

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, STATEMENT_TYPES):
            self.ctx._open.append([])
        if isinstance(node, cst.FunctionDef):
            self.ctx.function_stack.append(node)
        for method in self._visits.get(type(node).__name__, ()):
            method(node)
        return True

    def on_leave(
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNode]:
        result: Any = updated_node
        node_type = type(original_node)
        for method in self._leaves.get(node_type.__name__, ()):
            result = method(original_node, result)
            if type(result) is not node_type:
                break
        if isinstance(original_node, cst.FunctionDef):
            self.ctx.function_stack.pop()
        if isinstance(original_node, STATEMENT_TYPES):
            marks = self.ctx._open.pop()
            if marks:
                result = _attach_marks(result, marks)
        return result


def _attach_marks(result: Any, marks: list[int]) -> Any:
    lines = [cst.EmptyLine(comment=cst.Comment(f"{_MARK}{i}")) for i in marks]
    if isinstance(result, cst.FlattenSentinel):
        nodes = list(result.nodes)
        if nodes and hasattr(nodes[0], "leading_lines"):
            nodes[0] = nodes[0].with_changes(leading_lines=[*nodes[0].leading_lines, *lines])
            return cst.FlattenSentinel(nodes)
        return result
    if hasattr(result, "leading_lines"):
        return result.with_changes(leading_lines=[*result.leading_lines, *lines])
    return result


def attach_finding(ctx: FileContext, node: Any, spec: FindingSpec, **values: Any) -> Any:
    """Record a finding on ``node`` (a statement) directly, outside the engine's traversal."""
    message, suggestion = spec.format(**values)
    ctx.pending.append(PendingFinding(spec, message, suggestion))
    return _attach_marks(node, [len(ctx.pending) - 1])


def todo_comment(spec: FindingSpec, message: str) -> str:
    return f"{TODO_PREFIX}{spec.code} {message}"


def place_findings(code: str, ctx: FileContext) -> tuple[str, list[Finding]]:
    """Turn the engine's marks into TODO comments and positioned findings."""
    if _MARK not in code:
        return code, []
    lines = code.splitlines(keepends=True)
    out: list[str] = []
    waiting: list[tuple[int, str]] = []  # (pending index, indent) for the next code line
    placed: list[Finding] = []
    for line in lines:
        match = _MARK_RE.match(line.rstrip("\r\n"))
        if match:
            indent, index = match.group(1), int(match.group(2))
            pending = ctx.pending[index]
            if pending.spec.severity is not Severity.INFO:
                comment = todo_comment(pending.spec, pending.message)
                if not _comment_block_has(out, comment):
                    newline = line[len(line.rstrip("\r\n")) :]
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
    return "".join(out), placed


def _comment_block_has(out: list[str], comment: str) -> bool:
    """Whether the comment lines just above the insertion point already say ``comment``."""
    for previous in reversed(out):
        stripped = previous.strip()
        if not stripped.startswith("#"):
            return False
        if stripped == comment:
            return True
    return False
