"""Deeply nested files: how deep libcst would go, and a stack deep enough to go there.

libcst nests what the standard library's ``ast`` keeps flat: ``a and b and c`` is one
``ast.BoolOp`` but a chain of ``BooleanOperation`` nodes, 500 implicitly concatenated
string lines are one ``ast.Constant`` but 500 nested ``ConcatenatedString`` nodes. Its
native parser overflows the C stack (a segmentation fault, not an exception) at a few
thousand levels on a default 8 MB stack (measured with libcst 1.9: lambdas at about 3,500,
attribute, subscript, ``**`` and ``and`` chains at about 7,000), and the Python passes
(the rules' walk, printing, the self-check, the index) reach Python's default recursion
limit at about 300 levels.

So each file's depth is estimated on its ``ast`` (which the index pass parses anyway)
before libcst sees it; a file deeper than :data:`MAX_NESTING` is refused with one line.
The estimate is cheap: a statement or expression whose source text is too short to hold
that many levels is never walked, so a normal file costs a walk of its top-level
statements. The run, and each conversion in a worker process, goes on a thread with a
large stack and a raised recursion limit (:func:`deep_call`), where every pass handles
the files within the limit.
"""

from __future__ import annotations

import ast
import io
import sys
import threading
import tokenize
from collections.abc import Callable
from itertools import accumulate
from typing import TypeVar

# Deepest nesting converted (libcst levels, as estimated here); far below where libcst's
# parser crashes, and converted in about a second at most (attribute chains are slowest)
MAX_NESTING = 1000
# A thread's stack and recursion limit for that: depth 1000 needed less than 4 MB and
# 12,000 frames in every shape measured (chains of operators, attributes, subscripts,
# calls, lambdas, conditionals, elif, strings); the stack is reserved, used only as needed
DEEP_STACK_SIZE = 256 * 1024 * 1024
DEEP_RECURSION_LIMIT = 50_000
# libcst levels around an expression that the ``ast`` does not have (module, statement
# line, blocks): added to every bound, so the estimate never falls short
_SLACK = 16

T = TypeVar("T")


def too_deep_reason(depth: int | None, why: str = "Python's parser gives up on it") -> str:
    """The failure's reason: the estimated depth, or ``why`` when there is none."""
    if depth is None:
        return f"too deeply nested to convert safely ({why})"
    return f"too deeply nested to convert safely (nesting depth {depth}, at most {MAX_NESTING})"


def nesting_depth(tree: ast.Module, data: bytes, limit: int = MAX_NESTING) -> int | None:
    """The file's nesting depth as libcst builds it, when it is over ``limit``; None when
    it is not. A node whose source spans fewer bytes than the levels left to ``limit``
    cannot hold them (each level takes at least a character) and is not walked."""
    if len(data) + _SLACK <= limit:
        return None
    offsets = list(accumulate(map(len, data.splitlines(keepends=True)), initial=0))
    last = len(offsets) - 1
    deepest = 0
    stack: list[tuple[ast.AST, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        end = getattr(node, "end_lineno", None)
        if end is not None:
            start = node.lineno  # type: ignore[attr-defined]
            span = offsets[min(end, last)] - offsets[min(start, last) - 1]
            if depth + span + _SLACK <= limit:
                continue  # too short to be that deep
        deepest = max(deepest, depth)
        if isinstance(node, ast.BoolOp):  # ``a and b and c``: nested pairs in libcst
            below = depth + len(node.values) - 1
            stack.extend((value, below) for value in node.values)
        elif isinstance(node, ast.JoinedStr) or (
            isinstance(node, ast.Constant) and isinstance(node.value, str | bytes)
        ):  # implicitly concatenated pieces nest in libcst
            below = depth + _string_pieces(node, data, offsets)
            deepest = max(deepest, below)
            for value in getattr(node, "values", ()):
                if isinstance(value, ast.FormattedValue):
                    stack.append((value, below))
        else:
            stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest if deepest > limit else None


def _string_pieces(node: ast.expr, data: bytes, offsets: list[int]) -> int:
    """How many string literals make one string constant (``"a" "b"`` is two), read
    from its source; 1 when that cannot be read."""
    start, end = node.lineno, node.end_lineno or node.lineno
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        lines = data[offsets[start - 1] : offsets[end]].decode(encoding).encode("utf-8")
    except (SyntaxError, UnicodeError, LookupError):
        return 1
    cut = len(lines) - len(lines.splitlines(keepends=True)[-1]) + (node.end_col_offset or 0)
    source = lines[node.col_offset : cut].decode("utf-8", "replace")
    pieces = 0
    kinds = {tokenize.STRING, getattr(tokenize, "FSTRING_START", tokenize.STRING)}
    try:
        for token in tokenize.generate_tokens(io.StringIO(f"({source})").readline):
            pieces += token.type in kinds
    except (tokenize.TokenError, SyntaxError):
        pass  # the pieces read so far
    return max(pieces, 1)


_stack_lock = threading.Lock()
_deep = threading.local()
_deep_calls = 0
_previous_limit = 1000


def deep_call(function: Callable[..., T], *args: object) -> T:
    """``function(*args)`` on a thread with a large stack and a high recursion limit
    (directly when already on one, or when no such thread can be started)."""
    if getattr(_deep, "active", False):
        return function(*args)
    outcome: dict[str, object] = {}
    ready = threading.Event()

    def target() -> None:
        ready.wait()  # until the recursion limit is raised
        _deep.active = True
        try:
            outcome["value"] = function(*args)
        except BaseException as error:  # handed to the caller's thread
            outcome["error"] = error

    global _deep_calls, _previous_limit
    with _stack_lock:
        try:
            previous_size = threading.stack_size(DEEP_STACK_SIZE)
            try:
                thread = threading.Thread(target=target, name="flask2fastapi-deep", daemon=True)
                thread.start()
            finally:
                threading.stack_size(previous_size)
        except (ValueError, RuntimeError, MemoryError):
            return function(*args)  # no stack size to set, or no memory for it
        if _deep_calls == 0:
            _previous_limit = sys.getrecursionlimit()
            sys.setrecursionlimit(max(_previous_limit, DEEP_RECURSION_LIMIT))
        _deep_calls += 1
    ready.set()
    try:
        thread.join()
    finally:
        with _stack_lock:
            _deep_calls -= 1
            if _deep_calls == 0:
                sys.setrecursionlimit(_previous_limit)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
