"""Small helpers for reading and building libcst nodes, shared by the rules."""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

import libcst as cst

N = TypeVar("N", bound=cst.CSTNode)
_FIELDS: dict[type, tuple[str, ...]] = {}


def replace(node: N, **changes: Any) -> N:
    """``replace(node, **changes)`` without libcst's constructor validation.

    Rules build valid nodes by construction, and every converted file is compiled
    before it is written; skipping the validation makes rebuilding a node several
    times cheaper, which matters on the transform's hot path.
    """
    node_type = type(node)
    names = _FIELDS.get(node_type)
    if names is None:
        names = _FIELDS[node_type] = tuple(f.name for f in dataclasses.fields(node_type))
    unknown = set(changes) - set(names)
    if unknown:
        raise TypeError(f"{node_type.__name__} has no field {sorted(unknown)[0]!r}")
    new = object.__new__(node_type)
    for name in names:
        object.__setattr__(new, name, changes[name] if name in changes else getattr(node, name))
    return new


EQUAL = cst.AssignEqual(
    whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
)


def find_arg(call: cst.Call, name: str, position: int | None = None) -> cst.Arg | None:
    """The argument passed as keyword ``name`` or at ``position``."""
    for index, arg in enumerate(call.args):
        if arg.keyword is not None:
            if arg.keyword.value == name:
                return arg
        elif not arg.star and position is not None and index == position:
            return arg
    return None


def keyword(name: str, value: cst.BaseExpression) -> cst.Arg:
    return cst.Arg(value, keyword=cst.Name(name), equal=EQUAL)


def with_commas(args: list[cst.Arg]) -> list[cst.Arg]:
    """Separate arguments with ", ", keeping the last one's own comma as it is."""
    out = []
    for index, arg in enumerate(args):
        if index < len(args) - 1 and (arg.comma is cst.MaybeSentinel.DEFAULT or arg.comma is None):
            arg = replace(arg, comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        elif (
            index == len(args) - 1
            and isinstance(arg.comma, cst.Comma)
            and "\n" not in cst.Module([]).code_for_node(arg.comma)
        ):
            arg = replace(arg, comma=cst.MaybeSentinel.DEFAULT)
        out.append(arg)
    return out


def dotted(name: str) -> cst.Name | cst.Attribute:
    """``a.b.c`` as a Name or an Attribute chain."""
    head, *rest = name.split(".")
    target: cst.Name | cst.Attribute = cst.Name(head)
    for part in rest:
        target = cst.Attribute(target, cst.Name(part))
    return target


def call(func: str, *args: cst.Arg) -> cst.Call:
    """``func(args...)`` where ``func`` may be dotted."""
    return cst.Call(func=dotted(func), args=with_commas(list(args)))


def string_value(node: cst.BaseExpression | None) -> str | None:
    """The value of a plain (not f-, not byte-) string literal."""
    if isinstance(node, cst.SimpleString):
        prefix = node.prefix.lower()
        if "b" in prefix:
            return None
        quote = node.quote
        body = node.value[len(node.prefix) + len(quote) : -len(quote)]
        if "\\" not in body or "r" in prefix:
            return body  # no escapes: the text is the value (no literal_eval needed)
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    if isinstance(node, cst.ConcatenatedString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def string_literal(value: str, like: cst.BaseExpression | None = None) -> cst.SimpleString:
    """A string literal, quoted like ``like`` when it was a simple string."""
    quote = '"'
    if isinstance(like, cst.SimpleString) and like.quote in ("'", '"'):
        quote = like.quote
    if quote in value or "\\" in value or "\n" in value:
        return cst.SimpleString(repr(value))
    return cst.SimpleString(f"{quote}{value}{quote}")


def dotted_name(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted_name(node.value)
        return f"{base}.{node.attr.value}" if base else None
    return None
