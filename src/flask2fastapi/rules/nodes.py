"""Small helpers for reading and building libcst nodes, shared by the rules."""

from __future__ import annotations

import libcst as cst

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
            arg = arg.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        elif (
            index == len(args) - 1
            and isinstance(arg.comma, cst.Comma)
            and "\n" not in cst.Module([]).code_for_node(arg.comma)
        ):
            arg = arg.with_changes(comma=cst.MaybeSentinel.DEFAULT)
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
    if isinstance(node, cst.SimpleString) and "b" not in node.prefix.lower():
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
