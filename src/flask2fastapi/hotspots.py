"""Which statements the rules need to see at all.

libcst parses natively but walks its tree in Python: one full traversal costs more
than the parse. Most statements of a Flask module (a loop, an assignment, a helper's
body) hold nothing any rule converts. Each rule declares what makes a statement relevant
to it (:class:`Sees`, and attribute names such as ``set_cookie``); this module finds,
with the standard library's :mod:`ast` (cheap), what each statement holds, and maps that
onto the libcst tree by walking both statement lists side by side, so the rule chain
skips the subtree of every statement that no active rule declared it needs. It also
counts the references to each Flask-related name, so the imports rule knows which names
are still used without another traversal.

When the two trees do not line up (they always should), the statement is simply treated
as relevant: skipping is only an optimisation, never a change of result (the golden cases
convert identically with skipping switched off: tests/test_traversal.py).
"""

from __future__ import annotations

import ast
import enum
import re
from collections import Counter
from collections.abc import Iterable, Sequence

import libcst as cst

_NEWLINE = re.compile(r"\r\n|\r|\n")


class Sees(enum.Flag):
    """What makes a statement relevant to a rule: a rule's ``SEES`` declaration."""

    NOTHING = 0
    # a name imported from Flask, Werkzeug or a Flask extension (``request``, ``jsonify``)
    FLASK_NAMES = enum.auto()
    # the module's Flask app and blueprint objects (``app``, ``bp``, ``auth.bp``)
    ROUTERS = enum.auto()
    # the project's app factories (``create_app``)
    FACTORIES = enum.auto()
    # helpers, route handlers and decorators that take the request from their callers
    REQUEST_CALLS = enum.auto()
    # the definitions of route handlers and error handlers (decorators, parameters)
    HANDLERS = enum.auto()
    # return statements of route handlers, error handlers and before-request hooks
    HANDLER_RETURNS = enum.auto()
    # an error handler's exception parameter, inside its body (``e.description``)
    EXCEPTIONS = enum.auto()
    # every statement: with such a rule active, nothing is skipped
    EVERYTHING = enum.auto()


_HANDLERS = Sees.HANDLERS.value
_RETURNS = Sees.HANDLER_RETURNS.value
_EXCEPTIONS = Sees.EXCEPTIONS.value
_FIRST_ATTRIBUTE_BIT = 16  # attribute names get the bits from here on


class HotSpots:
    """What each ``ast`` statement of a module holds (a bit mask of :class:`Sees` kinds
    and attribute names), and the references to the names it was given.

    A text search first finds the lines that mention any of the names or attributes;
    expressions on other lines are not walked at all (a name on them would have been found).
    """

    def __init__(
        self,
        tree: ast.Module,
        names: dict[str, Sees],
        attributes: Iterable[str],
        handlers: set[str],
        text: str,
    ) -> None:
        self.names = {name: kinds.value for name, kinds in names.items() if kinds}
        self.attributes = {
            name: 1 << (_FIRST_ATTRIBUTE_BIT + i) for i, name in enumerate(sorted(set(attributes)))
        }
        self.tree = tree
        self.handlers = handlers
        self.hot: dict[int, int] = {}  # statement id -> what it and its children hold
        self.named: dict[int, int] = {}  # statement id -> what its expressions hold
        self.uses: Counter[str] = Counter()
        self._named_lines = [0]
        # inside an error handler: its exception parameter matters too, on any line
        self._extra: set[str] = set()
        self._class: str | None = None  # the class whose body is being walked
        words = sorted(set(self.names) | set(self.attributes))
        if words:
            pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b")
            count = 0
            for line in _NEWLINE.split(text):
                count += pattern.search(line) is not None
                self._named_lines.append(count)
        for statement in tree.body:
            self._statement(statement, in_handler=False)

    def mask(self, sees: Sees, attributes: Iterable[str] = ()) -> int:
        """The bits of a statement that make it relevant to rules declaring this."""
        bits = sees.value
        for attribute in attributes:
            bits |= self.attributes.get(attribute, 0)
        return bits

    def _may_name(self, node: ast.AST) -> bool:
        """Whether the lines of ``node`` mention a name (True when it has no position)."""
        if self._extra:
            return True
        start = getattr(node, "lineno", None)
        end = getattr(node, "end_lineno", None)
        if start is None or end is None:
            return True
        lines = self._named_lines
        if end >= len(lines):
            return True
        return lines[end] > lines[start - 1]

    def _expression(self, node: ast.AST) -> int:
        """What ``node`` mentions; counts the references to the names."""
        kind = type(node)
        if kind is ast.Name:
            found = self.names.get(node.id, 0)  # type: ignore[attr-defined]
            if found:
                self.uses[node.id] += 1  # type: ignore[attr-defined]
            if node.id in self._extra:  # type: ignore[attr-defined]
                found |= _EXCEPTIONS
            return found
        if kind is ast.Attribute:
            found = self.attributes.get(node.attr, 0)  # type: ignore[attr-defined]
            if found:  # ``response.set_cookie(...)``: whatever object it is called on
                return found | self._expression(node.value)  # type: ignore[attr-defined]
        if not self._may_name(node):
            return 0
        found = 0
        for child in ast.iter_child_nodes(node):
            found |= self._expression(child)
        return found

    def _statement(self, node: ast.AST, in_handler: bool) -> tuple[int, int]:
        """(what it and its children hold, what its expressions mention) for a statement
        (or a handler/case holding statements)."""
        named = 0
        owner = self._class
        saved = self._extra
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            key = f"{owner}.{node.name}" if owner else node.name
            self._class = None
            hot = _HANDLERS if key in self.handlers else 0
            for decorator in node.decorator_list:
                named |= self._expression(decorator)
            named |= self._expression(node.args)  # defaults and annotations
            if node.returns is not None:
                named |= self._expression(node.returns)
            error_handler = any(
                isinstance(d, ast.Call)
                and isinstance(d.func, ast.Attribute)
                and d.func.attr in ("errorhandler", "app_errorhandler")
                for d in node.decorator_list
            )
            before_hook = any(
                isinstance(d, ast.Attribute) and d.attr in ("before_request", "before_app_request")
                for d in node.decorator_list
            )
            in_handler = bool(hot) or error_handler or before_hook
            if error_handler:
                hot |= _HANDLERS
                if node.args.args:
                    self._extra = {node.args.args[0].arg}
            children: list[ast.AST] = list(node.body)
        else:
            hot = _RETURNS if type(node) is ast.Return and in_handler else 0
            children = list(ast.iter_child_nodes(node))
            self._class = node.name if type(node) is ast.ClassDef else None
        for child in children:
            if isinstance(child, ast.stmt | ast.excepthandler | ast.match_case):
                child_hot, child_named = self._statement(child, in_handler)
                hot |= child_hot
                named |= child_named
            else:
                named |= self._expression(child)
        self._class = owner
        self._extra = saved
        hot |= named
        if isinstance(node, ast.stmt):
            if hot:
                self.hot[id(node)] = hot
            if named:
                self.named[id(node)] = named
        return hot, named

    def cold_statements(self, module: cst.Module, wanted: int) -> set[int]:
        """ids of the statements of ``module`` (the libcst tree of ``self.tree``) whose
        subtrees hold nothing ``wanted`` (a :meth:`mask`): no rule that declared it needs
        to visit them."""
        cold: set[int] = set()
        self._align(module.body, self.tree.body, cold, wanted)
        return cold

    def _align(
        self,
        nodes: Sequence[cst.BaseStatement],
        statements: list[ast.stmt],
        cold: set[int],
        wanted: int,
    ) -> None:
        position = 0
        hot, named = self.hot, self.named
        for node in nodes:
            if isinstance(node, cst.SimpleStatementLine):
                group = statements[position : position + len(node.body)]
                position += len(node.body)
                if not any(hot.get(id(s), 0) & wanted for s in group):
                    cold.add(id(node))
                elif len(group) == len(node.body):
                    # A return in a handler is seen by the rules itself, but its value
                    # needs no visit unless it mentions something wanted.
                    for small, statement in zip(node.body, group, strict=True):
                        if not named.get(id(statement), 0) & wanted:
                            cold.add(id(small))
                continue
            if position >= len(statements):
                return
            statement = statements[position]
            position += 1
            if not hot.get(id(statement), 0) & wanted:
                cold.add(id(node))
                continue
            for cst_body, ast_body in _sub_bodies(node, statement):
                self._align(cst_body, ast_body, cold, wanted)


def _block(suite: cst.BaseSuite) -> Sequence[cst.BaseStatement] | None:
    return suite.body if isinstance(suite, cst.IndentedBlock) else None


def _sub_bodies(
    node: cst.BaseStatement, statement: ast.stmt
) -> list[tuple[Sequence[cst.BaseStatement], list[ast.stmt]]]:
    """Pairs of statement lists that line up, below one compound statement."""
    pairs: list[tuple[cst.BaseSuite | Sequence[cst.BaseStatement], list[ast.stmt]]] = []
    if isinstance(node, cst.FunctionDef | cst.ClassDef | cst.With) and hasattr(statement, "body"):
        pairs.append((node.body, statement.body))  # type: ignore[attr-defined]
    elif isinstance(node, cst.If) and isinstance(statement, ast.If):
        pairs.append((node.body, statement.body))
        if isinstance(node.orelse, cst.Else):
            pairs.append((node.orelse.body, statement.orelse))
        elif isinstance(node.orelse, cst.If):
            pairs.append(([node.orelse], statement.orelse))
    elif isinstance(node, cst.For | cst.While) and hasattr(statement, "orelse"):
        pairs.append((node.body, statement.body))  # type: ignore[attr-defined]
        if isinstance(node.orelse, cst.Else):
            pairs.append((node.orelse.body, statement.orelse))  # type: ignore[attr-defined]
    elif isinstance(node, cst.Try) and isinstance(statement, ast.Try):
        pairs.append((node.body, statement.body))
        if len(node.handlers) == len(statement.handlers):
            handlers = zip(node.handlers, statement.handlers, strict=True)
            pairs += [(h.body, a.body) for h, a in handlers]
        if isinstance(node.orelse, cst.Else):
            pairs.append((node.orelse.body, statement.orelse))
        if isinstance(node.finalbody, cst.Finally):
            pairs.append((node.finalbody.body, statement.finalbody))
    out = []
    for suite, body in pairs:
        nodes = suite if isinstance(suite, list) else _block(suite)  # type: ignore[arg-type]
        if nodes is not None:
            out.append((nodes, body))
    return out
