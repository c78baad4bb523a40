"""Generated Flask projects convert without crashes, broken outputs or drift.

A bounded, derandomized run of the fuzzer of ``tests/fuzz`` (the long run is
``python tests/fuzz/run.py --count 2000``).
"""

from __future__ import annotations

import pytest

from tests.fuzz.checks import CATEGORIES, Failure
from tests.fuzz.run import fuzz

FUZZ_EXAMPLES = 40


def _shown(failures: list[Failure]) -> str:
    parts = []
    for category in CATEGORIES:
        found = [f for f in failures if f.category == category]
        if found:
            smallest = min(found, key=lambda f: len(f.source))
            parts.append(f"{len(found)} {category}; smallest:\n{smallest.describe()}")
    return "\n\n".join(parts)


def test_fuzzed_projects_convert_cleanly() -> None:
    checked, failures = fuzz(FUZZ_EXAMPLES, seed=20240611)
    assert checked > FUZZ_EXAMPLES // 2
    if failures:
        pytest.fail(_shown(failures), pytrace=False)
