def pretty(value: float, unit: str) -> str:
    # keep two decimals, strip trailing zeros
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text} {unit}"
