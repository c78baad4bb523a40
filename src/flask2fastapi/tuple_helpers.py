"""Helpers that return Flask response tuples, found before the transform.

Flask reads ``return {"error": "bad"}, 400`` as a body and a status wherever the tuple was
built: a view that returns ``helper()`` answers 400. FastAPI serialises the tuple as a
JSON list with status 200, so the responses rule needs to know, at a handler's
``return helper()``, whether ``helper`` (of the same module or imported from another
one, which may never mention Flask) returns such tuples. This module finds those
functions with the standard library's :mod:`ast`, in the indexed modules and in the
project modules they import names from, and answers that question for a call.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from flask2fastapi.support import SUPPORT_MARKER

if TYPE_CHECKING:
    from flask2fastapi.index import ProjectIndex


def tuple_returning_functions(tree: ast.Module) -> set[str]:
    """Module-level functions, and methods (``Class.method``, inherited ones from classes
    of the module included), that return a ``(body, status)`` or ``(body, status,
    headers)`` tuple, or the value of another such function (``self.method()`` for a
    method)."""
    functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
    bases: dict[str, list[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            functions[node.name] = node
        elif isinstance(node, ast.ClassDef):
            bases[node.name] = [b.id for b in node.bases if isinstance(b, ast.Name)]
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    functions[f"{node.name}.{item.name}"] = item
    returns = {name: _own_returns(node) for name, node in functions.items()}
    found = {
        name
        for name, (values, tuples) in returns.items()
        if any(
            _is_response_tuple(value) or (isinstance(value, ast.Name) and value.id in tuples)
            for value in values
        )
    }
    changed = True
    while changed:  # ``return other_helper()`` where other_helper returns tuples
        changed = False
        for name, (values, _) in returns.items():
            owner = name.rpartition(".")[0]
            if name not in found and any(
                _called(value, owner) in found for value in values if _called(value, owner)
            ):
                found.add(name)
                changed = True
        for klass in bases:  # methods a class inherits from a class of the module
            for ancestor in _ancestors(klass, bases):
                for name in [n for n in found if n.startswith(f"{ancestor}.")]:
                    inherited = f"{klass}.{name.partition('.')[2]}"
                    if inherited not in functions and inherited not in found:
                        found.add(inherited)
                        changed = True
    return found


def _called(value: ast.expr | None, owner: str) -> str | None:
    """``helper`` for ``helper(...)``, ``Class.method`` for ``self.method(...)``."""
    if not isinstance(value, ast.Call):
        return None
    func = value.func
    if isinstance(func, ast.Name):
        return func.id
    if (
        owner
        and isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id in ("self", "cls")
    ):
        return f"{owner}.{func.attr}"
    return None


def _ancestors(klass: str, bases: dict[str, list[str]]) -> list[str]:
    out: list[str] = []
    pending = list(bases.get(klass, ()))
    while pending:
        base = pending.pop(0)
        if base in bases and base not in out and base != klass:
            out.append(base)
            pending.extend(bases[base])
    return out


def _is_response_tuple(value: ast.expr | None) -> bool:
    """A value Flask reads as a response where FastAPI would send it as JSON: a
    ``(body, status)`` tuple, or text (Flask's text/html; FastAPI's a JSON string)."""
    if isinstance(value, ast.IfExp):  # ``(body, 400) if bad else body``
        return _is_response_tuple(value.body) or _is_response_tuple(value.orelse)
    if _is_text(value):
        return True
    return (
        isinstance(value, ast.Tuple)
        and len(value.elts) in (2, 3)
        and not any(isinstance(e, ast.Starred) for e in value.elts)
        and not _converted_jsonify(value.elts[0])
    )


_TEXT_METHODS = frozenset({"join", "format", "strip", "upper", "lower", "replace", "decode"})


def _is_text(value: ast.expr | None) -> bool:
    """A ``str`` by its shape: a literal, an f-string, ``str(...)``, ``json.dumps(...)``,
    a string method's result, text joined with ``+`` or ``%``."""
    if isinstance(value, ast.Constant):
        return isinstance(value.value, str)
    if isinstance(value, ast.JoinedStr):
        return True
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add | ast.Mod):
        return _is_text(value.left)
    if isinstance(value, ast.Subscript):
        return _request_container(value.value)  # ``request.form["name"]``
    if isinstance(value, ast.Call):
        func = value.func
        if isinstance(func, ast.Name):
            return func.id == "str"
        if (  # ``request.args.get("q", "")``
            isinstance(func, ast.Attribute)
            and func.attr == "get"
            and _request_container(func.value)
            and not value.keywords
            and len(value.args) <= 2
            and (len(value.args) < 2 or _is_text(value.args[1]))
        ):
            return True
        if isinstance(func, ast.Attribute):
            if func.attr == "dumps" and isinstance(func.value, ast.Name):
                return func.value.id == "json"
            return func.attr in _TEXT_METHODS and _is_text(func.value)
    return False


def _request_container(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr in ("args", "form", "headers", "cookies", "values")
        and isinstance(node.value, ast.Name)
        and node.value.id == "request"
    )


def _converted_jsonify(body: ast.expr) -> bool:
    """``jsonify(...)``, which the responses rule turns into a response with the tuple's
    status where it stands (Flask refuses positional and keyword arguments together)."""
    if not isinstance(body, ast.Call):
        return False
    func = body.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    return name == "jsonify" and not (body.args and body.keywords)


def _own_returns(
    function: ast.FunctionDef | ast.AsyncFunctionDef,
) -> tuple[list[ast.expr | None], set[str]]:
    """The values the function's own ``return`` statements give (not nested functions'),
    and its variables assigned a response tuple (``result = body, 400``)."""
    values: list[ast.expr | None] = []
    tuples: set[str] = set()
    stack: list[ast.AST] = list(function.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            continue
        if isinstance(node, ast.Return):
            values.append(node.value)
        elif (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and _is_response_tuple(node.value)
        ):
            tuples.add(node.targets[0].id)
        stack.extend(ast.iter_child_nodes(node))
    return values, tuples


def plan_tuple_helpers(
    index: ProjectIndex, trees: dict[str, ast.Module], sources: dict[str, bytes]
) -> None:
    """Fill ``index.tuple_helpers`` for the indexed modules and the project modules they
    import from, following names a package re-exports (``from .responses import error``
    in ``utils/__init__.py``). ``trees`` are the indexed modules' ``ast`` (by path),
    ``sources`` the text of every project file (by path)."""
    from flask2fastapi.index import module_name

    paths = {module_name(rel): rel for rel in sources if rel.endswith(".py")}
    modules: dict[str, _Module | None] = {}

    def read(module: str) -> _Module | None:
        if module not in modules:
            modules[module] = _read(index, module, paths, trees, sources)
        return modules[module]

    wanted: list[tuple[str, str | None]] = [(module, None) for module in index.modules]
    for facts in index.modules.values():
        for qualified in facts.imports.values():
            module = index.resolve_module(qualified)  # ``import helpers``
            if module is not None:
                wanted.append((module, None))
                continue
            target = index._resolve_attr(qualified)  # ``from helpers import conflict``
            if target is not None:
                wanted.append(target)
    aliases: dict[tuple[str, str], tuple[str, str]] = {}  # re-exported name -> its origin
    seen: set[tuple[str, str | None]] = set()
    while wanted:
        module, name = wanted.pop()
        if (module, name) in seen or len(seen) > _MAX_LOOKUPS:
            continue
        seen.add((module, name))
        found = read(module)
        if found is None or name is None or name in found.functions:
            continue
        qualified = found.imports.get(name)
        origin = index._resolve_attr(qualified) if qualified else None
        if origin is not None:
            aliases[(module, name)] = origin
            wanted.append(origin)
    for module, found in modules.items():
        if found is not None and found.tuple_helpers:
            facts = index.modules.get(module)
            views = {
                f"{name}.{method}"
                for name, view in (facts.view_classes.items() if facts is not None else ())
                for method in view.methods
            }
            index.tuple_helpers[module] = found.tuple_helpers - index.handler_names(module) - views
    changed = True
    while changed:
        changed = False
        for (module, name), (origin, original) in aliases.items():
            helpers = index.tuple_helpers.get(module, set())
            if original in index.tuple_helpers.get(origin, ()) and name not in helpers:
                index.tuple_helpers[module] = helpers | {name}
                changed = True


_MAX_LOOKUPS = 5000  # (module, name) pairs followed through imports


class _Module:
    """What a module defines: its functions, those returning tuples, its imported names."""

    def __init__(self, tree: ast.Module, module: str, is_package: bool) -> None:
        self.functions = {
            node.name
            for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        self.tuple_helpers = tuple_returning_functions(tree)
        package = module if is_package else module.rpartition(".")[0]
        self.imports: dict[str, str] = {}
        for node in tree.body:
            if not isinstance(node, ast.ImportFrom):
                continue
            base = node.module or ""
            if node.level:
                parts = package.split(".") if package else []
                parts = parts[: len(parts) - (node.level - 1)] if node.level > 1 else parts
                base = ".".join([*parts, *([base] if base else [])])
            for alias in node.names:
                if alias.name != "*":
                    self.imports[alias.asname or alias.name] = f"{base}.{alias.name}"


def _read(
    index: ProjectIndex,
    module: str,
    paths: dict[str, str],
    trees: dict[str, ast.Module],
    sources: dict[str, bytes],
) -> _Module | None:
    facts = index.modules.get(module)
    path = facts.path if facts is not None else paths.get(module)
    if path is None:
        return None
    tree = trees.get(path)
    if tree is None:
        data = sources.get(path)
        if data is None or SUPPORT_MARKER in data[:2048]:
            return None
        try:
            tree = ast.parse(data, filename=path)
        except (SyntaxError, ValueError):
            return None
    return _Module(tree, module, path.endswith("__init__.py"))


def tuple_helper(index: ProjectIndex, module: str, callee: str, klass: str | None = None) -> bool:
    """Whether ``callee`` (a dotted local name in ``module``) is a function that returns
    response tuples: one of the module's own, one it imports, or ``self.method`` of
    ``klass``, the class whose method calls it."""
    facts = index.modules.get(module)
    imports = facts.imports if facts is not None else {}
    head, _, rest = callee.partition(".")
    if head in ("self", "cls") and klass is not None:
        return f"{klass}.{rest}" in index.tuple_helpers.get(module, ())
    if not rest:
        if head not in imports:
            return head in index.tuple_helpers.get(module, ())
        target = index._resolve_attr(imports[head])
        return target is not None and target[1] in index.tuple_helpers.get(target[0], ())
    if head not in imports or "." in rest:
        return False
    imported = index.resolve_module(imports[head])
    return imported is not None and rest in index.tuple_helpers.get(imported, ())
