"""Which helper functions can be handed a ``Request`` instead of reading Flask's global.

A helper such as ``def current_page(): return request.args.get("page", "1")`` works in
FastAPI once it takes ``request: Request`` and every caller passes its own. That is safe
to do automatically when all of these hold (checked on the module's ``ast``):

* the helper is a module-level function, not a route handler;
* it reads ``request`` (or ``current_app.config``, or ``g``) only in ways the Starlette
  request answers synchronously (``request.args.get``/``[...]``, ``request.headers``,
  ``request.cookies``, and the attributes the request_data rule maps, such as
  ``request.method`` or ``request.path``);
* every reference to it is a direct call inside a route handler of the same module, and
  no other module of the project imports it.

Anything else (a form or JSON body, which needs ``await``; a helper called from another
helper or module) is left and reported with its call chain.
"""

from __future__ import annotations

import ast

# request.<container>.<method>() / [...] readable from a Starlette Request without await
SYNC_CONTAINERS = frozenset({"args", "headers", "cookies"})
SYNC_ATTRIBUTES = frozenset(
    {
        "method",
        "path",
        "url",
        "base_url",
        "url_root",
        "host_url",
        "host",
        "scheme",
        "remote_addr",
        "content_type",
        "mimetype",
        "headers",
        "cookies",
        "args",
        "config",  # current_app.config -> request.app.state.config
    }
)


def _parents(tree: ast.AST) -> dict[int, ast.AST]:
    parents: dict[int, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
    return parents


def _sync_use(name: ast.Name, parents: dict[int, ast.AST], g_names: set[str]) -> bool:
    if name.id in g_names:
        return True  # g.x, g.get(...), g.pop(...), "x" in g: request.state, synchronously
    attribute = parents.get(id(name))
    if not isinstance(attribute, ast.Attribute):
        return False
    if attribute.attr in SYNC_CONTAINERS:
        parent = parents.get(id(attribute))
        if isinstance(parent, ast.Attribute) and parent.attr == "get":
            call = parents.get(id(parent))
            return isinstance(call, ast.Call) and not call.keywords
        if isinstance(parent, ast.Subscript):
            return True
    return attribute.attr in SYNC_ATTRIBUTES


def _nested_uses(function: ast.FunctionDef, uses: list[ast.Name]) -> bool:
    """Whether one of ``uses`` is inside a function or class nested in ``function``: the
    request_data rule gives only the function's own statements the request it takes (a
    decorator factory's wrapper reads the request when a later call runs it)."""
    ids = {id(use) for use in uses}
    for statement in function.body:
        for node in ast.walk(statement):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and any(
                id(inner) in ids for inner in ast.walk(node)
            ):
                return True
    return False


def request_readers(tree: ast.Module, imports: dict[str, str], source: bytes) -> list[str]:
    """Module-level functions that read the request (``request``, ``g``,
    ``current_app.config``) only in ways a ``request: Request`` argument can answer."""
    request_names = {n for n, q in imports.items() if q in ("flask.request", "flask.current_app")}
    g_names = {n for n, q in imports.items() if q == "flask.g"}
    names = request_names | g_names
    if not names:
        return []
    lines = source.decode("utf-8", "replace").splitlines()
    out = []
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        text = "\n".join(lines[node.lineno - 1 : node.end_lineno])
        if not any(name in text for name in names):
            continue  # the text never mentions them: no need to walk it
        uses = [n for n in ast.walk(node) if isinstance(n, ast.Name) and n.id in names]
        if not uses:
            continue
        parents = _parents(node)
        if all(_sync_use(use, parents, g_names) for use in uses) and not _nested_uses(node, uses):
            out.append(node.name)
    return out


def name_references(tree: ast.Module, names: set[str]) -> dict[str, list[str]]:
    """For each of ``names``: the top-level function around each reference when it is a
    direct call, ``""`` for any other use (module level, passed around, nested)."""
    found: dict[str, list[str]] = {}
    if not names:
        return found
    for statement in tree.body:
        owner = statement.name if isinstance(statement, ast.FunctionDef) else None
        parents = _parents(statement)
        # a decorator of a function is not a call made in it
        outside = (
            {id(n) for d in statement.decorator_list for n in ast.walk(d)}
            if isinstance(statement, ast.FunctionDef)
            else set()
        )
        for node in ast.walk(statement):
            if isinstance(node, ast.Name) and node.id in names:
                call = parents.get(id(node))
                direct = isinstance(call, ast.Call) and call.func is node
                inside = owner if owner and direct and id(node) not in outside else ""
                found.setdefault(node.id, []).append(inside)
    return found


def threadable_helpers(
    tree: ast.Module,
    request_names: set[str],
    handlers: set[str],
    imported_elsewhere: set[str],
    lines: list[str] | None = None,
    g_names: set[str] | None = None,
    shared: set[str] | None = None,
) -> tuple[set[str], dict[str, str]]:
    """Module-level helpers that can take ``request: Request`` from their callers, and for
    the other helpers that read the request, why not (with their callers)."""
    why: dict[str, str] = {}
    g_names = g_names or set()
    request_names = request_names | g_names
    if not request_names:
        return set(), why
    functions = {
        node.name: node
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name not in handlers
    }
    readers: set[str] = set()
    for name, function in functions.items():
        if lines is not None and not any(
            r in line
            for line in lines[function.lineno - 1 : function.end_lineno]
            for r in request_names
        ):
            continue  # the text never mentions the request: no need to walk it
        parents = _parents(function)
        uses = [
            node
            for node in ast.walk(function)
            if isinstance(node, ast.Name) and node.id in request_names
        ]
        if uses and _nested_uses(function, uses):
            why[name] = "it reads the request in a nested function"
        elif uses and all(_sync_use(use, parents, g_names) for use in uses):
            readers.add(name)
        elif uses:
            why[name] = (
                "it reads a part of the request that needs `await` (a form, a body) or has no "
                "direct Starlette equivalent"
            )
    if not readers:
        return set(), why
    # every reference must be a direct call from a route handler
    parents = _parents(tree)
    shared = shared or set()  # imported elsewhere, but only called from handlers there
    allowed = set(readers) - (imported_elsewhere - shared)
    enclosing: dict[int, str | None] = {}

    def mark(node: ast.AST, function: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            inner = function
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                inner = child.name
                # decorators, defaults and annotations run where the function is defined
                for outer in (*child.decorator_list, child.args, *filter(None, [child.returns])):
                    enclosing[id(outer)] = function
                    for part in ast.walk(outer):
                        enclosing[id(part)] = function
            if id(child) not in enclosing:
                enclosing[id(child)] = inner
                mark(child, inner)

    mark(tree, None)
    called: set[str] = set()
    callers: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Name) and node.id in readers):
            continue
        call = parents.get(id(node))
        direct = isinstance(call, ast.Call) and call.func is node
        caller = enclosing.get(id(node))
        callers.setdefault(node.id, set()).add(caller or "module level")
        if not direct or caller not in handlers:
            allowed.discard(node.id)
        else:
            called.add(node.id)
    for name in readers - (allowed & (called | shared)):
        if name in imported_elsewhere:
            why[name] = "other modules import it"
        elif name not in callers:
            why[name] = "no route handler of this module calls it"
        else:
            chain = ", ".join(sorted(callers[name]))
            why[name] = f"it is used outside route handlers (by {chain})"
    return allowed & (called | shared), why
