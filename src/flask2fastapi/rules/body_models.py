"""Pydantic models for JSON bodies, inferred from the keys a handler reads.

A Flask handler that does ``data = request.get_json()`` and then reads ``data["name"]``,
``data.get("price", 0)`` or checks ``"tags" in data`` tells us the shape of its body.
FastAPI's "Request Body" docs model it with Pydantic, which validates it and documents it
in OpenAPI. The model keeps the handler working: ``data["name"]`` becomes ``data.name``,
``data.get("price", 0)`` becomes ``data.price`` with the default on the field, and
``"tags" in data`` becomes ``"tags" in data.model_fields_set``. Fields are ``Any`` (JSON
gives no certainty about a value's type), required when read with ``[...]`` and not
guarded, optional otherwise; other keys are kept (``extra="allow"``).

A default that is not a constant (``data.get("body", post.body)``, where ``post`` is a
local of the handler, or a call evaluated on each request) stays in the handler: the field
defaults to None and the read becomes ``(data.body if "body" in data.model_fields_set else
post.body)``, which answers as ``dict.get`` did for a missing key and for a null one.

Any other use of the body (iteration, ``dict(data)``, a computed key, passing it on,
assigning to it) makes the shape unknown: the body then stays ``Any``.
"""

from __future__ import annotations

import ast
import keyword
from dataclasses import dataclass, field

import libcst as cst
from pydantic import BaseModel

from flask2fastapi.rules.nodes import string_value

_RESERVED = frozenset(dir(BaseModel))


@dataclass
class _Field:
    key: str
    required: bool = False
    default: str | None = None  # code of the default read with .get()
    conflict: bool = False


@dataclass
class _Shape(cst.CSTVisitor):
    """How a function uses the variable ``name``."""

    name: str
    fields: dict[str, _Field] = field(default_factory=dict)
    guarded: set[str] = field(default_factory=set)
    explained: set[int] = field(default_factory=set)
    dynamic: bool = False

    def __post_init__(self) -> None:
        super().__init__()

    def _is_body(self, node: cst.BaseExpression) -> bool:
        return isinstance(node, cst.Name) and node.value == self.name

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        target = node.target
        if isinstance(target, cst.Subscript) and self._is_body(target.value):
            self.dynamic = True

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if isinstance(node.target, cst.Subscript) and self._is_body(node.target.value):
            self.dynamic = True

    def visit_Del(self, node: cst.Del) -> None:
        self.dynamic = True

    def visit_Subscript(self, node: cst.Subscript) -> None:
        if not self._is_body(node.value) or len(node.slice) != 1:
            return
        index = node.slice[0].slice
        key = string_value(index.value) if isinstance(index, cst.Index) else None
        if key is None:
            return
        self.explained.add(id(node.value))
        self.fields.setdefault(key, _Field(key)).required = True

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not (
            isinstance(func, cst.Attribute)
            and self._is_body(func.value)
            and func.attr.value == "get"
            and 1 <= len(node.args) <= 2
            and all(a.keyword is None and not a.star for a in node.args)
        ):
            return
        key = string_value(node.args[0].value)
        if key is None:
            return
        default = (
            cst.Module([]).code_for_node(node.args[1].value) if len(node.args) == 2 else "None"
        )
        entry = self.fields.setdefault(key, _Field(key))
        if entry.default is not None and entry.default != default:
            entry.conflict = True
        entry.default = default
        self.explained.add(id(func.value))

    def visit_ComparisonTarget(self, node: cst.ComparisonTarget) -> None:
        if isinstance(node.operator, cst.In | cst.NotIn) and self._is_body(node.comparator):
            self.explained.add(id(node.comparator))

    def visit_Comparison(self, node: cst.Comparison) -> None:
        if len(node.comparisons) != 1:
            return
        target = node.comparisons[0]
        key = string_value(node.left)
        if (
            key is not None
            and isinstance(target.operator, cst.In | cst.NotIn)
            and self._is_body(target.comparator)
        ):
            self.guarded.add(key)
            self.fields.setdefault(key, _Field(key))

    def visit_Name(self, node: cst.Name) -> None:
        if node.value == self.name and id(node) not in self.explained:
            self.dynamic = True

    def visit_Param(self, node: cst.Param) -> bool:
        return False  # the parameter itself is not a use


def _field_name(key: str) -> str:
    if (
        key.isidentifier()
        and not keyword.iskeyword(key)
        and key not in _RESERVED
        and not key.startswith("model_")
    ):
        return key
    name = "".join(c if c.isalnum() else "_" for c in key).strip("_") or "field"
    if name[0].isdigit() or keyword.iskeyword(name) or name in _RESERVED:
        name = f"f_{name}"
    return name


def _constant(code: str) -> bool:
    """Whether a default's code is a literal constant, safe to evaluate once, in the class."""
    try:
        ast.literal_eval(code)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return False
    return True


class _Rewrite(cst.CSTTransformer):
    def __init__(self, name: str, names: dict[str, str], computed: set[str]) -> None:
        super().__init__()
        self.name = name
        self.names = names
        self.computed = computed  # keys whose ``.get`` default stays in the handler

    def _attribute(self, key: str) -> cst.Attribute:
        return cst.Attribute(cst.Name(self.name), cst.Name(self.names[key]))

    def leave_Subscript(
        self, original: cst.Subscript, updated: cst.Subscript
    ) -> cst.BaseExpression:
        if isinstance(updated.value, cst.Name) and updated.value.value == self.name:
            index = updated.slice[0].slice
            key = string_value(index.value) if isinstance(index, cst.Index) else None
            if key in self.names:
                return self._attribute(key)
        return updated

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        func = updated.func
        if (
            isinstance(func, cst.Attribute)
            and isinstance(func.value, cst.Name)
            and func.value.value == self.name
            and func.attr.value == "get"
            and updated.args
        ):
            key = string_value(updated.args[0].value)
            if key in self.computed and len(updated.args) == 2:
                test = cst.Comparison(
                    cst.SimpleString(f'"{self.names[key]}"'),
                    [
                        cst.ComparisonTarget(
                            cst.In(),
                            cst.Attribute(cst.Name(self.name), cst.Name("model_fields_set")),
                        )
                    ],
                )
                return cst.IfExp(
                    test=test,
                    body=self._attribute(key),
                    orelse=updated.args[1].value,
                    lpar=[cst.LeftParen()],
                    rpar=[cst.RightParen()],
                )
            if key in self.names:
                return self._attribute(key)
        return updated

    def leave_ComparisonTarget(
        self, original: cst.ComparisonTarget, updated: cst.ComparisonTarget
    ) -> cst.ComparisonTarget:
        comparator = updated.comparator
        if isinstance(comparator, cst.Name) and comparator.value == self.name:
            return updated.with_changes(
                comparator=cst.Attribute(cst.Name(self.name), cst.Name("model_fields_set"))
            )
        return updated


@dataclass
class BodyModel:
    class_name: str
    source: str
    keys: list[str]
    uses_field: bool


def infer_body_model(
    function: cst.FunctionDef, name: str, class_name: str
) -> tuple[cst.FunctionDef, BodyModel] | None:
    """The function rewritten to read a model, and the model, or None if the use is dynamic."""
    shape = _Shape(name)
    function.body.visit(shape)
    if shape.dynamic or not shape.fields or any(f.conflict for f in shape.fields.values()):
        return None
    names = {key: _field_name(key) for key in shape.fields}
    if len(set(names.values())) != len(names):
        return None
    lines = [
        f"class {class_name}(BaseModel):",
        f'    """The JSON body {function.name.value}() reads."""',
        "",
        '    model_config = ConfigDict(extra="allow")',
        "",
    ]
    uses_field = False
    computed: set[str] = set()
    for key, entry in shape.fields.items():
        optional = entry.default is not None or key in shape.guarded or not entry.required
        default = entry.default if entry.default is not None else "None"
        if not _constant(default):
            computed.add(key)
            default = "None"
        field_name = names[key]
        if field_name != key:
            uses_field = True
            value = f'Field({default}, alias="{key}")' if optional else f'Field(alias="{key}")'
            lines.append(f"    {field_name}: Any = {value}")
        elif optional:
            lines.append(f"    {field_name}: Any = {default}")
        else:
            lines.append(f"    {field_name}: Any")
    body = function.body.visit(_Rewrite(name, names, computed))
    assert isinstance(body, cst.BaseSuite)
    model = BodyModel(class_name, "\n".join(lines) + "\n", list(shape.fields), uses_field)
    return function.with_changes(body=body), model


def model_class_name(function: str) -> str:
    return "".join(part.capitalize() for part in function.split("_") if part) + "Body"
