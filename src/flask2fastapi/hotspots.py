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
import re
from collections import Counter
from collections.abc import Sequence

import libcst as cst

_NEWLINE = re.compile(r"\r\n|\r|\n")
# methods of a response object whose defaults differ between Flask and Starlette
# and reqparse's methods (reported where they are called)
RESPONSE_METHODS = frozenset({"set_cookie", "delete_cookie", "add_argument", "parse_args"})


class HotSpots:
    """The hot ``ast`` statements of a module, and the Flask names it references.

    A text search first finds the lines that mention any of the names; expressions on
    other lines are not walked at all (a name on them would have been found).
    """

    def __init__(self, tree: ast.Module, names: set[str], handlers: set[str], text: str) -> None:
        self.names = names
        self.handlers = handlers
        self.hot: set[int] = set()
        self.named: set[int] = set()  # statements that mention one of ``names``
        self.uses: Counter[str] = Counter()
        self._named_lines = [0]
        # inside an error handler: its exception parameter matters too, on any line
        self._extra: set[str] = set()
        self._class: str | None = None  # the class whose body is being walked
        if names:
            words = sorted(names | RESPONSE_METHODS)
            pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b")
            count = 0
            for line in _NEWLINE.split(text):
                count += pattern.search(line) is not None
                self._named_lines.append(count)
        for statement in tree.body:
            self._statement(statement, in_handler=False)

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

    def _expression(self, node: ast.AST) -> bool:
        """Whether ``node`` mentions a name; counts the references."""
        if type(node) is ast.Attribute and node.attr in RESPONSE_METHODS:  # type: ignore[attr-defined]
            self._expression(node.value)  # type: ignore[attr-defined]
            return True  # response.set_cookie(...): Flask's cookie defaults are kept
        if type(node) is ast.Name:
            if node.id in self.names:  # type: ignore[attr-defined]
                self.uses[node.id] += 1  # type: ignore[attr-defined]
                return True
            return node.id in self._extra  # type: ignore[attr-defined]
        if not self._may_name(node):
            return False
        named = False
        for child in ast.iter_child_nodes(node):
            named |= self._expression(child)
        return named

    def _statement(self, node: ast.AST, in_handler: bool) -> tuple[bool, bool]:
        """(hot, mentions a name) for a statement (or a handler/case holding statements)."""
        named = False
        owner = self._class
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            key = f"{owner}.{node.name}" if owner else node.name
            self._class = None
            hot = key in self.handlers
            for decorator in node.decorator_list:
                named |= self._expression(decorator)
                # ``@x.route(...)`` on an object the index does not know: reported, so seen
                named |= (
                    isinstance(decorator, ast.Call)
                    and isinstance(decorator.func, ast.Attribute)
                    and decorator.func.attr == "route"
                )
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
            in_handler = key in self.handlers or error_handler or before_hook
            if error_handler and node.args.args:
                saved = self._extra
                self._extra = {node.args.args[0].arg}
                for statement in node.body:
                    child_hot, child_named = self._statement(statement, True)
                    hot |= child_hot
                    named |= child_named
                self._extra = saved
                self._class = owner
                self.hot.add(id(node))
                if named:
                    self.named.add(id(node))
                return True, named
            children: list[ast.AST] = list(node.body)
        else:
            hot = type(node) is ast.Return and in_handler
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
        hot |= named
        if isinstance(node, ast.stmt):
            if hot:
                self.hot.add(id(node))
            if named:
                self.named.add(id(node))
        return hot, named

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
                elif len(group) == len(node.body):
                    # A return in a handler is seen by the rules itself, but its value
                    # needs no visit unless it mentions a Flask name.
                    for small, statement in zip(node.body, group, strict=True):
                        if id(statement) not in self.named:
                            cold.add(id(small))
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
