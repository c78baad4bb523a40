"""The write phase: converted files written in place, or into a converted copy of the project.

Nothing here loses data: a file is replaced in one step (a temporary file beside it, then
``os.replace``), only while it still holds the bytes that were converted; a file that
cannot be written is one failure naming it, and the other files are still written.
SIGINT and SIGTERM while writing stop the phase between two files (a second signal stops
it at once; the temporary file is removed), and the outcome says which files were written.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from flask2fastapi.discovery import SKIPPED_DIRS
from flask2fastapi.report import FileFailure

if TYPE_CHECKING:
    from flask2fastapi.runner import RunResult

TEMP_SUFFIX = ".f2f-tmp"
CHANGED_ON_DISK = "changed on disk during the run; not written"
# What a converted copy of the project leaves out: VCS data, caches and virtualenvs.
NOT_COPIED = SKIPPED_DIRS - {"build", "dist"}


class WriteInterrupted(BaseException):
    """A second SIGINT/SIGTERM during the write phase: stop at once."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@dataclass
class WriteOutcome:
    """What the write phase did: the files written (paths relative to where they were
    written), those it meant to write and did not, and why."""

    written: list[str] = field(default_factory=list)
    not_written: list[str] = field(default_factory=list)
    failures: list[FileFailure] = field(default_factory=list)
    interrupted: int | None = None  # the signal that stopped the write phase

    def fail(self, file: str, reason: str) -> None:
        self.failures.append(FileFailure(file=file, reason=reason))


class _Signals:
    """SIGINT and SIGTERM handlers for the write phase: the first signal asks the phase to
    stop before the next file; a second one stops it where it is."""

    def __init__(self) -> None:
        self.received: int | None = None
        self._raised = False

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.received is None:
            self.received = signum
        elif not self._raised:
            self._raised = True
            raise WriteInterrupted(signum)

    @contextmanager
    def installed(self) -> Iterator[_Signals]:
        if threading.current_thread() is not threading.main_thread():
            yield self  # signal handlers can only be set in the main thread
            return
        previous = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
        for number in previous:
            signal.signal(number, self._handle)
        try:
            yield self
        finally:
            for number, handler in previous.items():
                signal.signal(number, signal.SIG_DFL if handler is None else handler)


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return f"{type(error).__name__}: {error}"


def write_atomic(path: Path, data: bytes, like: Path | None = None) -> None:
    """Replace ``path`` with ``data`` in one step, keeping its permission bits and (when
    running as root) its owner; ``like``: the file whose permission bits a new copy takes.

    The temporary file beside it is removed whatever stops the write (an error, a signal).
    """
    mode, owner = 0o644, None
    try:
        status = (like or path).stat()
        mode = stat.S_IMODE(status.st_mode)
        if like is None:
            owner = (status.st_uid, status.st_gid)
    except FileNotFoundError:
        pass
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if owner is not None and hasattr(os, "chown") and owner != (os.geteuid(), os.getegid()):
            with suppress(PermissionError):  # not root: the file becomes the user's
                os.chown(tmp, *owner)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise


def _as_read(path: Path, expected: bytes | None) -> bool:
    """Whether ``path`` still holds ``expected``, the bytes read and converted (``b""``
    or None: a file that did not exist, and must not exist now)."""
    if path.is_symlink():
        return False
    try:
        return path.read_bytes() == (expected or b"")
    except FileNotFoundError:
        return not expected
    except IsADirectoryError:
        return False


def _is_venv(directory: str) -> bool:
    return os.path.isfile(os.path.join(directory, "pyvenv.cfg"))


class _Copier:
    """A copy of the project's files, one failure per file or folder that cannot be
    copied; folders get their permission bits once the converted files are written."""

    def __init__(
        self, root: Path, target: Path, skip: set[str], outcome: WriteOutcome, signals: _Signals
    ) -> None:
        self.root, self.target, self.skip = root, target, skip
        self.outcome, self.signals = outcome, signals
        self.folders: list[tuple[str, Path]] = []  # (source, copy): permission bits to copy

    def _rel(self, path: str) -> str:
        return Path(os.path.relpath(path, self.root)).as_posix()

    def _attempt(self, rel: str, action: Callable[[], object]) -> bool:
        try:
            action()
        except Exception as error:
            self.outcome.fail(rel, f"not copied: {_reason(error)}")
            return False
        return True

    def file(self, source: str, is_link: bool) -> None:
        rel = self._rel(source)
        if rel in self.skip:
            return  # written converted
        destination = self.target / rel

        def copy() -> None:
            destination.parent.mkdir(parents=True, exist_ok=True)
            if destination.is_symlink() or destination.is_file():
                destination.unlink()  # --force: a file of the same name is replaced
            if is_link:
                os.symlink(os.readlink(source), destination)
            else:
                shutil.copy2(source, destination)

        self._attempt(rel, copy)

    def tree(self, source: str) -> None:
        rel = self._rel(source)
        try:
            with os.scandir(source) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            self.outcome.fail(rel, f"not copied: {_reason(error)}")
            return
        copy = self.target / rel if rel != "." else self.target
        if not self._attempt(rel, lambda: copy.mkdir(parents=True, exist_ok=True)):
            return
        self.folders.append((source, copy))
        for entry in entries:
            if self.signals.received is not None:
                return
            try:
                is_link = entry.is_symlink()
                is_folder = not is_link and entry.is_dir()
            except OSError as error:
                self.outcome.fail(self._rel(entry.path), f"not copied: {_reason(error)}")
                continue
            if is_folder:
                if entry.name not in NOT_COPIED and not _is_venv(entry.path):
                    self.tree(entry.path)
            else:
                self.file(entry.path, is_link)

    def finish(self) -> None:
        for source, copy in reversed(self.folders):
            with suppress(OSError):
                shutil.copystat(source, copy)


def _sources(root: Path, sources: Iterable[Path] | None) -> list[tuple[str, bool]]:
    """The given paths inside ``root`` as (absolute path, is a folder); the whole root
    when none is given."""
    if sources is None:
        return [(str(root), True)]
    out = []
    for given in sources:
        absolute = Path(os.path.abspath(given))
        if absolute.is_dir():
            location, is_folder = absolute.resolve(), True
        elif absolute.is_file() or absolute.is_symlink():
            location, is_folder = absolute.parent.resolve() / absolute.name, False
        else:
            continue
        if location.is_relative_to(root):
            out.append((str(location), is_folder))
    return out


def write_results(
    result: RunResult, out_dir: Path | None = None, sources: Iterable[Path] | None = None
) -> WriteOutcome:
    """Write converted files in place, or into a converted copy of the project at ``out_dir``.

    The copy holds ``sources`` (the paths given to the run: a folder with all its files, but
    VCS data, caches and virtualenvs; a file alone; default: the whole project root) and
    every file the run writes (converted files, requirements, ``web_compat.py``).
    In place, a file is replaced only while it still holds what was read
    (``result.originals``). Errors do not stop the phase: each is a failure in the outcome.
    """
    outcome = WriteOutcome()
    pending = [r for r in result.results if r.changed and r.new_source is not None]
    signals = _Signals()
    copier: _Copier | None = None
    with signals.installed():
        try:
            try:
                if out_dir is not None:
                    target = out_dir.resolve()
                    skip = {r.file for r in pending}
                    copier = _Copier(result.root, target, skip, outcome, signals)
                    for source, is_folder in _sources(result.root, sources):
                        if signals.received is not None:
                            break
                        if is_folder:
                            copier.tree(source)
                        else:
                            copier.file(source, os.path.islink(source))
                for file_result in pending:
                    if signals.received is not None:
                        break
                    assert file_result.new_source is not None
                    _write_one(result, file_result.file, file_result.new_source, out_dir, outcome)
            finally:
                if copier is not None:
                    copier.finish()
        except WriteInterrupted:
            pass  # the file being written is left as it was (or its copy is incomplete)
    outcome.interrupted = signals.received
    written = set(outcome.written)
    outcome.not_written = [r.file for r in pending if r.file not in written]
    return outcome


def _write_one(
    result: RunResult, rel: str, data: bytes, out_dir: Path | None, outcome: WriteOutcome
) -> None:
    try:
        if out_dir is None:
            path = result.root / rel
            if not _as_read(path, result.originals.get(rel)):
                outcome.fail(rel, CHANGED_ON_DISK)
                return
            write_atomic(path, data)
        else:
            path = out_dir.resolve() / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            source = result.root / rel
            write_atomic(path, data, like=source if source.is_file() else None)
    except Exception as error:
        outcome.fail(rel, f"not written: {_reason(error)}")
        return
    outcome.written.append(rel)
