"""Which statements the rules need to see at all.

libcst parses natively but walks its tree in Python: one full traversal costs more
than the parse. Most statements of a Flask module (a loop, an assignment, a helper's
body) hold nothing any rule converts. This module finds the statements that do, with
the standard library's :mod:`ast` (cheap), and maps them onto the libcst tree by
walking both statement lists side by side, so the rule chain skips every other
statement's subtree. It also counts the references to each Flask name, so the imports
rule knows which names are still used without another traversal.

A statement is *hot* when it mentions a name imported from Flask or Werkzeug, an app
object, or is a ``return`` inside a route handler. When the two trees do not line up
(they always should), the statement is simply treated as hot: skipping is only an
optimisation, never a change of result.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Sequence

import libcst as cst


class HotSpots:
    """The hot ``ast`` statements of a module, and the Flask names it references."""

    def __init__(self, tree: ast.Module, names: set[str], handlers: set[str]) -> None:
        self.names = names
        self.handlers = handlers
        self.hot: set[int] = set()
        self.uses: Counter[str] = Counter()
        for statement in tree.body:
            self._mark(statement, in_handler=False)

    def _mark(self, node: ast.AST, in_handler: bool) -> bool:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            hot = node.name in self.handlers
            for decorator in node.decorator_list:
                hot |= self._mark(decorator, in_handler)
            for default in (*node.args.defaults, *node.args.kw_defaults):
                if default is not None:
                    hot |= self._mark(default, in_handler)
            inner = node.name in self.handlers
            for statement in node.body:
                hot |= self._mark(statement, inner)
        elif isinstance(node, ast.Name):
            hot = node.id in self.names
            if hot:
                self.uses[node.id] += 1
        else:
            hot = isinstance(node, ast.Return) and in_handler
            for child in ast.iter_child_nodes(node):
                hot |= self._mark(child, in_handler)
        if hot and isinstance(node, ast.stmt):
            self.hot.add(id(node))
        return hot

    def cold_statements(self, module: cst.Module, tree: ast.Module) -> set[int]:
        """ids of the libcst statements whose subtrees no rule needs to visit."""
        cold: set[int] = set()
        self._align(module.body, tree.body, cold)
        return cold

    def _align(
        self, nodes: Sequence[cst.BaseStatement], statements: list[ast.stmt], cold: set[int]
    ) -> None:
        position = 0
        for node in nodes:
            if isinstance(node, cst.SimpleStatementLine):
                group = statements[position : position + len(node.body)]
                position += len(node.body)
                if not any(id(s) in self.hot for s in group):
                    cold.add(id(node))
                continue
            if position >= len(statements):
                return
            statement = statements[position]
            position += 1
            if id(statement) not in self.hot:
                cold.add(id(node))
                continue
            for cst_body, ast_body in _sub_bodies(node, statement):
                self._align(cst_body, ast_body, cold)


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
