"""The write phase: converted files written in place, or into a converted copy of the tree."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from flask2fastapi.discovery import SKIPPED_DIRS

if TYPE_CHECKING:
    from flask2fastapi.runner import RunResult


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step, keeping its permission bits."""
    mode = path.stat().st_mode & 0o7777 if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".f2f-tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _not_copied(directory: str, names: list[str]) -> set[str]:
    """What a converted copy of the tree leaves out: VCS data, caches and virtualenvs."""
    skipped = SKIPPED_DIRS - {"build", "dist"}
    return {
        name for name in names if name in skipped or (Path(directory, name, "pyvenv.cfg").is_file())
    }


def write_results(result: RunResult, out_dir: Path | None = None) -> list[Path]:
    """Write converted files in place, or into a converted copy of the tree at ``out_dir``."""
    target_root = result.root
    if out_dir is not None:
        target_root = out_dir.resolve()
        shutil.copytree(
            result.root, target_root, symlinks=True, dirs_exist_ok=True, ignore=_not_copied
        )
    written = []
    for file_result in result.results:
        if file_result.changed and file_result.new_source is not None:
            destination = target_root / file_result.file
            write_atomic(destination, file_result.new_source)
            written.append(destination)
    return written
