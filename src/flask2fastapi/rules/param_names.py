"""Names for the parameters a handler gets in place of its request reads.

A parameter is a local of the handler: named like a local, a loop variable, a module the
handler calls, a module-level name, a builtin the body uses or a name the converter itself
imports, it would shadow that name and change what the handler does (``for page in ...``
then ``request.args.get("page")``; ``json.dumps`` after ``request.args.get("json")``). Such
a parameter gets a fresh name and ``alias="key"``.

One exception keeps the code natural: ``q = request.args.get("q")`` as a statement of the
function's own body, before any other mention of ``q``, and the only binding of ``q`` in the
function. The parameter then takes the variable's name and the assignment goes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import libcst as cst

# names the conversion may import into a module or write into a handler's body: a parameter
# with one of these names would shadow them (tests/test_request_data.py checks this list
# against the rules' imports)
CONVERTER_NAMES = frozenset(
    {
        "APIRouter",
        "Any",
        "BaseModel",
        "Body",
        "CORSMiddleware",
        "ConfigDict",
        "Cookie",
        "Depends",
        "Dict",
        "FastAPI",
        "Field",
        "File",
        "FileResponse",
        "Flask",
        "Form",
        "HTMLResponse",
        "HTTPException",
        "HTTPStatus",
        "Header",
        "JSONResponse",
        "List",
        "Optional",
        "Path",
        "PlainTextResponse",
        "Query",
        "RedirectResponse",
        "Request",
        "Response",
        "SessionMiddleware",
        "StarletteHTTPException",
        "StaticFiles",
        "StreamingResponse",
        "TestClient",
        "Union",
        "UploadFile",
        "current_user",
        "current_user_or_anonymous",
        "fastapi",
        "get_current_user",
        "io",
        "logging",
        "pathlib",
        "read_body",
        "register_url_convertor",
        "request",
        "run_in_threadpool",
        "starlette",
        "templates",
        "typing",
        "uuid",
        "uvicorn",
        "web_compat",
    }
)


class NameFacts(cst.CSTVisitor):
    """The names some code mentions (a variable, not an attribute or a keyword argument),
    how many times each, and how many times each is bound."""

    def __init__(self) -> None:
        super().__init__()
        self.mentions: Counter[str] = Counter()
        self.bindings: Counter[str] = Counter()

    def _bind(self, target: cst.BaseExpression | cst.BaseAssignTargetExpression) -> None:
        if isinstance(target, cst.Name):
            self.bindings[target.value] += 1
        elif isinstance(target, cst.Tuple | cst.List):
            for element in target.elements:
                self._bind(element.value)
        elif isinstance(target, cst.StarredElement):
            self._bind(target.value)

    def visit_Name(self, node: cst.Name) -> None:
        self.mentions[node.value] += 1

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)  # ``x.attr``: ``x`` is a name, ``attr`` is not
        return False

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)  # ``f(key=value)``: ``key`` is not a name
        return False

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self._bind(node.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._bind(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._bind(node.target)

    def visit_For(self, node: cst.For) -> None:
        self._bind(node.target)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._bind(node.target)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._bind(node.target)

    def visit_Del(self, node: cst.Del) -> None:
        self._bind(node.target)

    def visit_AsName(self, node: cst.AsName) -> None:
        self._bind(node.name)  # with ... as x, except ... as x, import ... as x

    def visit_ImportAlias(self, node: cst.ImportAlias) -> None:
        if node.asname is None:
            name: cst.BaseExpression = node.name
            while isinstance(name, cst.Attribute):
                name = name.value
            self._bind(name)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._bind(node.name)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._bind(node.name)

    def visit_Param(self, node: cst.Param) -> None:
        self._bind(node.name)

    def visit_Global(self, node: cst.Global) -> None:
        for item in node.names:  # assigned elsewhere: never a name a parameter may keep
            self.bindings[item.name.value] += 2

    def visit_Nonlocal(self, node: cst.Nonlocal) -> None:
        for item in node.names:
            self.bindings[item.name.value] += 2

    def visit_MatchAs(self, node: cst.MatchAs) -> None:
        if node.name is not None:
            self._bind(node.name)

    def visit_MatchStar(self, node: cst.MatchStar) -> None:
        if node.name is not None:
            self._bind(node.name)

    def visit_MatchMapping(self, node: cst.MatchMapping) -> None:
        if node.rest is not None:
            self._bind(node.rest)


def module_names(module: cst.Module) -> set[str]:
    """Every name the module's own scope mentions (imports, definitions, assignments,
    the names its statements use), and the names its functions declare ``global``."""
    facts = _ModuleFacts()
    module.visit(facts)
    return set(facts.mentions) | set(facts.bindings)


class _ModuleFacts(NameFacts):
    """NameFacts of a module's own scope: a function or class body is another scope (only
    its ``global`` declarations count), its decorators and defaults are this one."""

    def _definition(self, node: cst.FunctionDef | cst.ClassDef) -> bool:
        self.mentions[node.name.value] += 1
        self.bindings[node.name.value] += 1
        for decorator in node.decorators:
            decorator.visit(self)
        if isinstance(node, cst.FunctionDef):
            for param in (*node.params.params, *node.params.kwonly_params):
                if param.default is not None:
                    param.default.visit(self)
        else:
            for base in (*node.bases, *node.keywords):
                base.value.visit(self)
        globals_ = _Globals()
        node.body.visit(globals_)
        self.bindings.update(globals_.names)
        return False

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:  # type: ignore[override]
        return self._definition(node)

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:  # type: ignore[override]
        return self._definition(node)


class _Globals(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: Counter[str] = Counter()

    def visit_Global(self, node: cst.Global) -> None:
        for item in node.names:
            self.names[item.name.value] += 1


@dataclass
class FunctionNames:
    """What a function's parameters must not be named, and the assignments whose
    variable a parameter may take the name of (``id`` of the Assign node -> name)."""

    used: set[str] = field(default_factory=set)
    keepable: dict[int, str] = field(default_factory=dict)


def function_names(function: cst.FunctionDef) -> FunctionNames:
    facts = NameFacts()
    first: dict[str, int] = {}
    head = NameFacts()  # decorators, parameters, annotations: before the body
    for decorator in function.decorators:
        decorator.visit(head)
    function.params.visit(head)
    if function.returns is not None:
        function.returns.visit(head)
    for name in head.mentions:
        first.setdefault(name, -1)
    facts.mentions.update(head.mentions)
    facts.bindings.update(head.bindings)
    body = function.body
    statements = body.body if isinstance(body, cst.IndentedBlock) else [body]
    per_statement: list[NameFacts] = []
    for position, statement in enumerate(statements):
        local = NameFacts()
        statement.visit(local)
        per_statement.append(local)
        for name in local.mentions:
            first.setdefault(name, position)
        facts.mentions.update(local.mentions)
        facts.bindings.update(local.bindings)
    result = FunctionNames(used=set(facts.mentions) | set(facts.bindings))
    for position, statement in enumerate(statements):
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if not (
                isinstance(small, cst.Assign)
                and len(small.targets) == 1
                and isinstance(small.targets[0].target, cst.Name)
            ):
                continue
            name = small.targets[0].target.value
            if (
                first.get(name) == position
                and per_statement[position].mentions[name] == 1
                and facts.bindings[name] == 1
                and name not in CONVERTER_NAMES
            ):
                result.keepable[id(small)] = name
    return result
