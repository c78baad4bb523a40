"""Settings from ``[tool.flask2fastapi]`` in the project's pyproject.toml.

Supported keys: ``exclude`` (a list of globs, added to ``--exclude``) and ``jobs`` (an
integer of at least 1). The nearest pyproject.toml at or above the first given path is
used. A table that says anything else is a :class:`ConfigError` naming the key and what
it expects; so is a pyproject.toml that cannot be read or is not valid TOML while it
mentions ``flask2fastapi`` (settings such as ``exclude`` must not be dropped silently).
One that does not mention it is only warned about.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

TABLE = "[tool.flask2fastapi]"


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    exclude: list[str] = []
    jobs: int | None = None


# what each key holds, in the words of the error message
_EXPECTED = {"exclude": "a list of strings (globs)", "jobs": "an integer of at least 1"}


class ConfigError(Exception):
    """A pyproject.toml whose settings cannot be used; ``str()`` is one line for the user."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{_shown(path)}: {message}")


def _shown(path: Path) -> str:
    """The path as the user would type it: relative to the working folder when under it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive
        return str(path)


def find_pyproject(start: Path) -> Path | None:
    current = start.resolve()
    if current.is_file():
        current = current.parent
    for folder in (current, *current.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(paths: list[Path], warn: Callable[[str], None] | None = None) -> Config:
    """The settings for a run over ``paths``; ConfigError when they cannot be used.
    ``warn`` receives a line about a pyproject.toml that is skipped."""
    if not paths:
        return Config()
    pyproject = find_pyproject(paths[0])
    if pyproject is None:
        return Config()
    try:
        data = pyproject.read_bytes()
    except OSError as error:
        raise ConfigError(pyproject, f"cannot read: {error.strerror or error}") from None
    try:
        document = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        problem = (
            "not valid UTF-8"
            if isinstance(error, UnicodeDecodeError)
            else f"not valid TOML ({error})"
        )
        if b"flask2fastapi" in data:
            raise ConfigError(pyproject, f"{problem}; fix it to use its {TABLE} settings") from None
        if warn is not None:
            warn(f"{_shown(pyproject)}: {problem}; no {TABLE} settings read from it")
        return Config()
    tool = document.get("tool", {})
    section = tool.get("flask2fastapi", {}) if isinstance(tool, dict) else {}
    if not isinstance(section, dict):
        raise ConfigError(pyproject, f"{TABLE} must be a table, got {_value(section)}")
    return _validated(pyproject, section)


def _validated(pyproject: Path, section: dict[str, Any]) -> Config:
    try:
        config = Config.model_validate(section)
    except ValidationError as error:
        first = error.errors()[0]
        key = str(first["loc"][0]) if first["loc"] else ""
        if first["type"] == "extra_forbidden":
            known = ", ".join(Config.model_fields)
            message = f"{TABLE} unknown key {key!r} (known keys: {known})"
        else:
            expected = _EXPECTED.get(key, "another value")
            message = f"{TABLE} {key}: expected {expected}, got {_value(section[key])}"
        raise ConfigError(pyproject, message) from None
    if config.jobs is not None and config.jobs < 1:
        raise ConfigError(
            pyproject, f"{TABLE} jobs: expected {_EXPECTED['jobs']}, got {config.jobs}"
        )
    return config


def _value(value: object) -> str:
    """A TOML value as the message shows it (strings quoted, long values cut)."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
