"""Unit conversions (no web framework here)."""

FACTORS = {"km": 1000.0, "m": 1.0, "cm": 0.01}


def convert(value: float, source: str, target: str) -> float:
    """Convert ``value`` from ``source`` to ``target`` units."""
    return value * FACTORS[source] / FACTORS[target]
