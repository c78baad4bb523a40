"""Settings from ``[tool.flask2fastapi]`` in the project's pyproject.toml.

Supported keys: ``exclude`` (a list of globs, added to ``--exclude``) and ``jobs``.
The nearest pyproject.toml at or above the first given path is used.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid")

    exclude: list[str] = []
    jobs: int | None = None


def find_pyproject(start: Path) -> Path | None:
    current = start.resolve()
    if current.is_file():
        current = current.parent
    for folder in (current, *current.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(paths: list[Path]) -> Config:
    if not paths:
        return Config()
    pyproject = find_pyproject(paths[0])
    if pyproject is None:
        return Config()
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return Config()
    section = data.get("tool", {}).get("flask2fastapi", {})
    return Config.model_validate(section)
