"""The check every converted file passes before it is kept.

The conversion may only change what it understands. Two kinds of mistake would go
unnoticed by the compiler and still change answers, so they are looked for here:

- a name the output leaves undefined that the input defined (pyflakes' errors: an
  undefined name, a local read before it is assigned, a duplicate argument, ...);
- a parameter the conversion added that shadows a name the function still uses: it is
  rebound before it is read (``for page in ...`` above the read it replaced), or it hides
  a module, a builtin or an import the function reads (``json`` as a query parameter of a
  handler that calls ``json.dumps``).

Either one is a bug of the converter, and the file is left as it was.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from pyflakes import checker, messages

from flask2fastapi.rules.base import is_framework

# pyflakes messages that are errors at run time, never style
_ERRORS: tuple[type[messages.Message], ...] = (
    messages.UndefinedName,
    messages.UndefinedExport,
    messages.UndefinedLocal,
    messages.DuplicateArgument,
    messages.ReturnOutsideFunction,
    messages.YieldOutsideFunction,
    messages.ContinueOutsideLoop,
    messages.BreakOutsideLoop,
    messages.TwoStarredExpressions,
    messages.TooManyExpressionsInStarredAssignment,
)


@dataclass(frozen=True)
class Problem:
    """One thing the conversion broke: where (output line) and what."""

    line: int
    text: str


def static_errors(tree: ast.Module, filename: str) -> list[tuple[str, str, int]]:
    """pyflakes' run-time errors of a module: (kind, name, line)."""
    found = checker.Checker(tree, filename=filename, withDoctest=False)
    return [
        (type(m).__name__, str(m.message_args[0]) if m.message_args else "", m.lineno)
        for m in found.messages
        if isinstance(m, _ERRORS)
    ]


def new_problems(before: ast.Module, after: ast.Module, filename: str) -> list[Problem]:
    """What ``after`` (the output) breaks that ``before`` (the input) did not."""
    errors = static_errors(after, filename)
    # the input's errors are only needed when the output has some (rarely)
    old = {(kind, name) for kind, name, _ in static_errors(before, filename)} if errors else set()
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for kind, name, line in errors:
        if (kind, name) in old or (kind, name) in seen:
            continue
        seen.add((kind, name))
        problems.append(Problem(line, f"{_KIND_TEXT.get(kind, kind)} `{name}`"))
    problems += _shadowing(before, after)
    mismatches = list(_call_mismatches(after))
    if mismatches:
        old_calls = {text for _, text in _call_mismatches(before)}
        problems += [Problem(line, text) for line, text in mismatches if text not in old_calls]
    return sorted(problems, key=lambda p: p.line)


_KIND_TEXT = {
    "UndefinedName": "undefined name",
    "UndefinedExport": "undefined name in __all__",
    "UndefinedLocal": "local variable read before it is assigned:",
    "DuplicateArgument": "duplicate parameter",
}


# -- parameters that shadow ---------------------------------------------------------


_Function = ast.FunctionDef | ast.AsyncFunctionDef


def _functions(tree: ast.AST, prefix: str = "") -> Iterator[tuple[str, _Function]]:
    """Every function defined by a statement, with its dotted path (``Class.method``,
    ``outer.inner``); expressions are not searched (a lambda has no parameters to add)."""
    stack: list[tuple[str, ast.stmt]] = [(prefix, s) for s in reversed(_bodies(tree))]
    while stack:
        path, node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield f"{path}{node.name}", node
            inner = f"{path}{node.name}."
        elif isinstance(node, ast.ClassDef):
            inner = f"{path}{node.name}."
        else:
            inner = path
        stack += [(inner, s) for s in reversed(_bodies(node))]


def _bodies(node: ast.AST) -> list[ast.stmt]:
    """The statements directly inside a statement (or a module)."""
    found: list[ast.stmt] = []
    for name in ("body", "orelse", "finalbody"):
        value = getattr(node, name, None)
        if isinstance(value, list):
            found += value
    for handler in getattr(node, "handlers", ()):
        found += handler.body
    for case in getattr(node, "cases", ()):
        found += case.body
    return found


def _parameters(function: _Function) -> set[str]:
    arguments = function.args
    names = [a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)]
    names += [a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None]
    return set(names)


def _own_nodes(function: _Function) -> Iterator[ast.AST]:
    """The nodes of a function's own scope: not those of nested functions, classes,
    lambdas or comprehensions (their names are theirs), but their decorators, defaults
    and the names they are bound to."""
    stack: list[ast.AST] = list(reversed(function.body))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            stack += reversed(node.decorator_list)
            if not isinstance(node, ast.ClassDef):
                stack += reversed(node.args.defaults)
                stack += [d for d in node.args.kw_defaults if d is not None]
            continue
        if isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp)):
            continue
        if isinstance(node, ast.GeneratorExp):
            continue
        stack += reversed(list(ast.iter_child_nodes(node)))


def _bindings(function: _Function) -> dict[str, tuple[int, int]]:
    """Per name bound in the function's own scope, where it is first bound, as the
    position after which the new value exists (the end of an assignment's statement)."""
    first: dict[str, tuple[int, int]] = {}

    def bind(name: str, node: ast.AST) -> None:
        end = (getattr(node, "end_lineno", 0) or 0, getattr(node, "end_col_offset", 0) or 0)
        if name not in first or end < first[name]:
            first[name] = end

    for node in _own_nodes(function):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if isinstance(node, ast.AnnAssign) and node.value is None:
                continue
            for target in targets:
                for name in _target_names(target):
                    bind(name, node)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            for name in _target_names(node.target):
                bind(name, node.iter)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    for name in _target_names(item.optional_vars):
                        bind(name, item)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bind(node.name, node)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                bind((alias.asname or alias.name).split(".")[0], node)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bind(node.name, node)
        elif isinstance(node, ast.NamedExpr) and isinstance(node.target, ast.Name):
            bind(node.target.id, node)
    return first


def _target_names(target: ast.AST) -> Iterator[str]:
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            yield from _target_names(element)
    elif isinstance(target, ast.Starred):
        yield from _target_names(target.value)


def _first_reads(function: _Function) -> dict[str, tuple[int, int]]:
    """Per name read anywhere in the function (nested scopes too), its first position."""
    first: dict[str, tuple[int, int]] = {}
    for statement in function.body:
        for node in ast.walk(statement):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                position = (node.lineno, node.col_offset)
                if node.id not in first or position < first[node.id]:
                    first[node.id] = position
    return first


def _statement_bindings(node: ast.stmt) -> set[str]:
    """The names a module-level statement binds."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in node.names}
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return {name for target in targets for name in _target_names(target)}
    return set()


def _module_bindings(tree: ast.Module) -> set[str]:
    return {name for node in tree.body for name in _statement_bindings(node)}


def _framework_imports(tree: ast.Module) -> set[str]:
    """Names a module imports from Flask, Werkzeug or an extension: a parameter that
    replaces one of them is the conversion itself."""
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0
        if is_framework(node.module)
        for alias in node.names
    }


def _shadowing(before: ast.Module, after: ast.Module) -> list[Problem]:
    """Parameters the conversion added that shadow a name the function uses."""
    old_functions = dict(_functions(before))
    framework = _framework_imports(before)
    imported_now = _module_bindings(after) - _module_bindings(before)
    problems: list[Problem] = []
    for path, function in _functions(after):
        old = old_functions.get(path)
        if old is None:
            continue
        added = _parameters(function) - _parameters(old)
        if not added:
            continue
        bound = _bindings(function)
        reads = _first_reads(function)
        old_bound = _bindings(old).keys() | _parameters(old)
        old_reads = _first_reads(old)
        for name in sorted(added):
            line = function.lineno
            if name in framework:
                continue  # the Flask global the parameter replaces (``request``)
            if name in bound and name in reads and bound[name] <= reads[name]:
                problems.append(
                    Problem(line, f"parameter `{name}` of `{path}` is rebound before it is read")
                )
            elif name in old_reads and name not in old_bound:
                problems.append(
                    Problem(line, f"parameter `{name}` of `{path}` hides the global it read")
                )
            elif name in imported_now and name in reads:
                problems.append(
                    Problem(line, f"parameter `{name}` of `{path}` hides the `{name}` import")
                )
    return problems


# -- calls that no longer fit the function they call ----------------------------------


def _call_mismatches(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """Calls of the module's own functions that pass a keyword the function does not
    take, or leave out a keyword-only parameter it requires."""
    defined: dict[str, _Function] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            defined[node.name] = node
        elif isinstance(node, (ast.ClassDef, ast.Assign, ast.Import, ast.ImportFrom)):
            for name in _statement_bindings(node):
                defined.pop(name, None)
    if not defined:
        return
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        function = defined.get(node.func.id)
        if function is None or any(k.arg is None for k in node.keywords):
            continue  # ``**kwargs`` at the call: nothing to know
        arguments = function.args
        passed = {k.arg for k in node.keywords if k.arg}
        if arguments.kwarg is None:
            takes = {a.arg for a in (*arguments.args, *arguments.kwonlyargs)}
            for name in sorted(passed - takes):
                yield (
                    node.lineno,
                    f"`{function.name}()` is called with `{name}=`, which it does not take",
                )
        required = {
            a.arg
            for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True)
            if d is None
        }
        for name in sorted(required - passed):
            yield node.lineno, f"`{function.name}()` is called without its `{name}=` parameter"
