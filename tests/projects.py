"""Converting a small project in a temporary folder and importing what it became."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

from flask2fastapi.runner import run, write_results


def convert_tree(source: Path, out: Path) -> None:
    """Convert the project at ``source`` into ``out`` (nothing may fail)."""
    result = run([source], jobs=1)
    assert not result.report.failures, result.report.failures
    write_results(result, out)


@contextmanager
def imported(root: Path, module: str) -> Iterator[ModuleType]:
    """``module`` imported from ``root``; the project's modules are forgotten afterwards,
    so the next project can use the same names (``app``, ``web_compat``)."""
    before = set(sys.modules)
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module(module)
    finally:
        sys.path.remove(str(root))
        for name in set(sys.modules) - before:
            if getattr(sys.modules[name], "__file__", None) and str(root) in str(
                sys.modules[name].__file__
            ):
                del sys.modules[name]
