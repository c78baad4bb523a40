"""Writing never loses data: where --out may go, files changed during the run, filesystem
faults (one `error:` line each, the rest written), signals while writing, --report checks."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from flask2fastapi import cli
from tests.test_cli import APP, CONVERTED, MANUAL, invoke, make_project

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def errors(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("error:")]


def temp_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.f2f-tmp"))


def other_app(name: str) -> str:
    """APP with its own route and function name (files told apart by their content)."""
    return APP.replace("/items/", f"/{name}/").replace("def item(", f"def {name}(")


def fail_under(
    monkeypatch: pytest.MonkeyPatch,
    module: Any,
    attribute: str,
    folder: Path,
    code: int = errno.EACCES,
) -> None:
    """``module.attribute(path, ...)`` raises OSError(code) for paths in ``folder``."""
    real: Callable[..., Any] = getattr(module, attribute)

    def failing(path: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(path, str | os.PathLike) and Path(os.fsdecode(path)).is_relative_to(folder):
            raise OSError(code, os.strerror(code), os.fsdecode(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(module, attribute, failing)


# -- 6. --out: never into the project or a folder that contains it, never over files ------


def test_out_that_is_not_empty_is_refused_unless_forced(tmp_path: Path) -> None:
    project = make_project(tmp_path / "proj", {"app.py": APP})
    out = make_project(tmp_path / "out", {"app.py": "mine\n", "notes.txt": "keep\n"})
    code, _, err = invoke("convert", project, "--out", out)
    assert code == 2
    assert errors(err) == [
        f"error: --out {out} is not empty; --force writes into it, replacing files of the same name"
    ]
    assert (out / "app.py").read_text() == "mine\n"

    code, _, err = invoke("convert", project, "--out", out, "--force")
    assert code == 0, err
    assert (out / "app.py").read_text() == CONVERTED
    assert (out / "notes.txt").read_text() == "keep\n"
    assert (project / "app.py").read_text() == APP


def test_out_that_is_a_file_or_force_without_out_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path / "proj", {"app.py": APP})
    (tmp_path / "file").write_text("x")
    code, _, err = invoke("convert", project, "--out", tmp_path / "file", "--force")
    assert code == 2 and errors(err) == [f"error: --out {tmp_path / 'file'} is not a folder"]
    code, _, err = invoke("convert", project, "--force")
    assert code == 2 and errors(err) == ["error: --force goes with --out"]
    assert (project / "app.py").read_text() == APP


@pytest.mark.parametrize("where", ["parent", "itself", "grandparent"])
def test_out_that_contains_the_source_is_refused_even_forced(tmp_path: Path, where: str) -> None:
    parent = make_project(tmp_path / "parent", {"a.py": APP, "proj/app.py": APP})
    project = parent / "proj"
    out = {"parent": parent, "itself": project, "grandparent": tmp_path}[where]
    for extra in ([], ["--force"]):
        code, _, err = invoke("convert", project, "--out", out, *extra)
        assert code == 2
        assert len(errors(err)) == 1 and "contains the project" in err
    assert (parent / "a.py").read_text() == APP
    assert (project / "app.py").read_text() == APP


def test_out_for_one_file_copies_the_file_and_what_the_run_writes(tmp_path: Path) -> None:
    """The project of a single FILE: the file itself, and the files the conversion writes
    for it (requirements, web_compat.py); not the rest of its folder."""
    folder = make_project(
        tmp_path / "folder",
        {
            "app.py": MANUAL,
            "other.py": APP,
            "notes.txt": "private\n",
            "requirements.txt": "Flask==3.0.0\n",
            "data/big.csv": "1,2\n",
        },
    )
    out = tmp_path / "out"
    code, _, err = invoke("convert", folder / "app.py", "--out", out)
    assert code == 0, err
    copied = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    assert copied == ["app.py", "requirements.txt", "web_compat.py"]
    assert "FastAPI" in (out / "app.py").read_text()
    assert "fastapi" in (out / "requirements.txt").read_text()
    assert (folder / "app.py").read_text() == MANUAL
    assert not (folder / "web_compat.py").exists()


def test_out_for_a_folder_copies_all_its_files_and_keeps_modes(tmp_path: Path) -> None:
    project = make_project(
        tmp_path / "proj", {"app.py": APP, "bin/run.sh": "#!/bin/sh\n", ".git/HEAD": "x"}
    )
    (project / "bin" / "run.sh").chmod(0o755)
    (project / "app.py").chmod(0o640)
    out = tmp_path / "out"
    code, _, err = invoke("convert", project, "--out", out)
    assert code == 0, err
    assert stat.S_IMODE((out / "bin" / "run.sh").stat().st_mode) == 0o755
    assert stat.S_IMODE((out / "app.py").stat().st_mode) == 0o640
    assert (out / "app.py").read_text() == CONVERTED
    assert not (out / ".git").exists()


# -- 7. in place: a file changed during the run is not written --------------------------


def _during_the_run(monkeypatch: pytest.MonkeyPatch, action: Callable[[], None]) -> None:
    """Run ``action`` after the conversion, before the write phase."""
    real = cli.write_results

    def write_results(*args: Any, **kwargs: Any) -> Any:
        action()
        return real(*args, **kwargs)

    monkeypatch.setattr(cli, "write_results", write_results)


def test_files_edited_or_deleted_during_the_run_are_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(
        tmp_path, {"a.py": other_app("a"), "b.py": other_app("b"), "c.py": other_app("c")}
    )

    def meanwhile() -> None:
        (project / "a.py").write_text(other_app("a") + "# edited meanwhile\n")
        (project / "b.py").unlink()

    _during_the_run(monkeypatch, meanwhile)
    code, _, err = invoke("convert", project, "-q")
    assert code == 1
    assert errors(err) == [
        "error: a.py: changed on disk during the run; not written",
        "error: b.py: changed on disk during the run; not written",
    ]
    assert (project / "a.py").read_text().endswith("# edited meanwhile\n")
    assert not (project / "b.py").exists(), "a file deleted meanwhile is not recreated"
    assert "FastAPI" in (project / "c.py").read_text()
    assert "1 file written: c.py; not written: a.py, b.py." in err


def test_project_files_that_appear_or_change_during_the_run_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path, {"app.py": MANUAL, "requirements.txt": "Flask==3.0.0\n"})

    def meanwhile() -> None:
        (project / "web_compat.py").write_text("# ours\n")
        (project / "requirements.txt").write_text("Flask==3.0.1\n")

    _during_the_run(monkeypatch, meanwhile)
    code, _, err = invoke("convert", project, "-q")
    assert code == 1
    assert errors(err) == [
        "error: requirements.txt: changed on disk during the run; not written",
        "error: web_compat.py: changed on disk during the run; not written",
    ]
    assert (project / "web_compat.py").read_text() == "# ours\n"
    assert (project / "requirements.txt").read_text() == "Flask==3.0.1\n"
    assert "FastAPI" in (project / "app.py").read_text()


# -- 8. filesystem faults: one line naming the path, the other files written, exit 1 ----


def test_read_only_subfolder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path, {"app.py": APP, "sub/app.py": APP})
    sub = project / "sub"
    sub.chmod(0o555)
    if IS_ROOT:  # root writes anyway: make creating a file there fail the same way
        fail_under(monkeypatch, os, "open", sub)
    try:
        code, _, err = invoke("convert", project, "-q")
    finally:
        sub.chmod(0o755)
    assert code == 1
    assert errors(err) == ["error: sub/app.py: not written: Permission denied"]
    assert "1 file written: app.py; not written: sub/app.py." in err
    assert (project / "app.py").read_text() == CONVERTED
    assert (sub / "app.py").read_text() == APP
    assert temp_files(project) == []


def test_unreadable_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path, {"app.py": APP, "secret/app.py": APP})
    secret = project / "secret"
    secret.chmod(0)
    if IS_ROOT:
        fail_under(monkeypatch, os, "scandir", secret)
    try:
        code, _, err = invoke("convert", project)
    finally:
        secret.chmod(0o755)
    assert code == 1
    assert errors(err) == ["error: secret: cannot read folder: Permission denied"]
    assert (project / "app.py").read_text() == CONVERTED
    assert (secret / "app.py").read_text() == APP


@pytest.mark.parametrize("pattern", ["legacy", "legacy/*"])
def test_excluded_folder_is_never_looked_into(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pattern: str
) -> None:
    project = make_project(tmp_path, {"app.py": APP, "legacy/old.py": APP})
    legacy = project / "legacy"
    touched: list[str] = []
    for attribute in ("scandir", "stat", "lstat", "open"):
        real = getattr(os, attribute)

        def spy(path: Any, *args: Any, _real: Any = real, _name: str = attribute, **kw: Any) -> Any:
            """Listing the folder, or anything in it, fails (as without the x permission);
            the folder's own entry in its parent can be looked at."""
            given = Path(os.fsdecode(path)) if isinstance(path, str | os.PathLike) else None
            inside = given is not None and given.is_relative_to(legacy)
            if inside and (given != legacy or _name == "scandir"):
                touched.append(f"{_name} {given}")
                raise PermissionError(errno.EACCES, "Permission denied", str(given))
            return _real(path, *args, **kw)

        monkeypatch.setattr(os, attribute, spy)
    code, _, err = invoke("convert", project, "--exclude", pattern)
    monkeypatch.undo()
    assert code == 0, err
    assert touched == []
    assert (project / "app.py").read_text() == CONVERTED
    assert (legacy / "old.py").read_text() == APP


def test_unreadable_files_with_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(
        tmp_path / "proj", {"app.py": APP, "secret.py": APP, "keys/key.pem": "k"}
    )
    unreadable = [project / "secret.py", project / "keys" / "key.pem"]
    for path in unreadable:
        path.chmod(0)
    if IS_ROOT:
        for path in unreadable:
            fail_under(monkeypatch, shutil, "copyfile", path)
        real = Path.read_bytes

        def read_bytes(self: Path) -> bytes:
            if self in unreadable:
                raise PermissionError(errno.EACCES, "Permission denied", str(self))
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", read_bytes)
    out = tmp_path / "out"
    try:
        code, _, err = invoke("convert", project, "--out", out, "-q")
    finally:
        for path in unreadable:
            path.chmod(0o644)
    assert code == 1
    assert errors(err) == [
        "error: keys/key.pem: not copied: Permission denied",
        "error: secret.py: cannot read: Permission denied; not copied: Permission denied",
    ]
    assert (out / "app.py").read_text() == CONVERTED
    assert not (out / "secret.py").exists() and (out / "keys").is_dir()


def test_symlink_loop(tmp_path: Path) -> None:
    project = make_project(tmp_path / "proj", {"app.py": APP})
    (project / "a.py").symlink_to("b.py")
    (project / "b.py").symlink_to("a.py")
    code, _, err = invoke("convert", project)
    assert code == 1
    assert errors(err) == [
        "error: a.py: cannot read: Too many levels of symbolic links",
        "error: b.py: cannot read: Too many levels of symbolic links",
    ]
    assert (project / "app.py").read_text() == CONVERTED
    out = tmp_path / "out"
    assert invoke("convert", project, "--out", out)[0] == 1
    assert os.readlink(out / "a.py") == "b.py" and (out / "app.py").read_text() == CONVERTED


def test_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path, {"a.py": other_app("a"), "b.py": other_app("b")})
    real = os.write

    def write(fd: int, data: Any) -> int:
        if b"def b(" in bytes(data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(fd, data)

    monkeypatch.setattr(os, "write", write)
    code, _, err = invoke("convert", project, "-q")
    assert code == 1
    assert errors(err) == ["error: b.py: not written: No space left on device"]
    assert "1 file written: a.py; not written: b.py." in err
    assert "FastAPI" in (project / "a.py").read_text()
    assert (project / "b.py").read_text() == other_app("b")
    assert temp_files(project) == []


@pytest.mark.skipif(not IS_ROOT, reason="only root can give a file to another user")
def test_root_keeps_owner_and_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path, {"app.py": APP, "b.py": other_app("b")})
    for name in ("app.py", "b.py"):
        os.chown(project / name, 4321, 4322)
        (project / name).chmod(0o640)
    assert invoke("convert", project / "app.py")[0] == 0
    status = (project / "app.py").stat()
    assert (status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)) == (4321, 4322, 0o640)

    def chown(*args: Any) -> None:  # as a user who may not give files away
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "chown", chown)
    assert invoke("convert", project / "b.py")[0] == 0
    assert "FastAPI" in (project / "b.py").read_text()
    assert stat.S_IMODE((project / "b.py").stat().st_mode) == 0o640


# -- 9. signals while writing ------------------------------------------------------------

DRIVER = """\
import os
import sys

from flask2fastapi import cli

project = sys.argv[1]
real_replace = os.replace
calls = []


def replace(source, destination):
    if os.fspath(destination).startswith(project):
        calls.append(destination)
        if len(calls) == 1:
            print("writing", flush=True)
            sys.stdin.readline()  # the test sends its signals, then this line
            for _ in range(3):
                pass  # signal handlers run here at the latest
    real_replace(source, destination)


os.replace = replace
sys.argv = ["flask2fastapi", "convert", "-j", "1", "-q", project]
cli.main()
"""


def _convert_with_signals(project: Path, signals: list[signal.Signals]) -> tuple[int, str]:
    process = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(project)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line == b"writing\n", process.communicate()[1].decode()
    for number in signals:
        process.send_signal(number)
    _, err = process.communicate(b"go\n", timeout=120)
    return process.returncode, err.decode()


@pytest.mark.parametrize(("number", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_signal_stops_writing_between_files(
    tmp_path: Path, number: signal.Signals, code: int
) -> None:
    project = make_project(
        tmp_path, {"a.py": other_app("a"), "b.py": other_app("b"), "c.py": other_app("c")}
    )
    returncode, err = _convert_with_signals(project, [number])
    assert returncode == code, err
    assert f"interrupted by {number.name}: 1 file written: a.py; not written: b.py, c.py." in err
    assert "internal error" not in err and "Traceback" not in err
    assert "FastAPI" in (project / "a.py").read_text()
    assert (project / "b.py").read_text() == other_app("b")
    assert temp_files(project) == []


def test_second_signal_stops_at_once_and_removes_the_temporary_file(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"a.py": other_app("a"), "b.py": other_app("b")})
    returncode, err = _convert_with_signals(project, [signal.SIGTERM, signal.SIGINT])
    assert returncode in (130, 143), err
    assert "0 files written: none; not written: a.py, b.py." in err
    assert (project / "a.py").read_text() == other_app("a")
    assert temp_files(project) == []


def test_handlers_are_restored_after_writing(tmp_path: Path) -> None:
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    project = make_project(tmp_path, {"app.py": APP})
    assert invoke("convert", project)[0] == 0
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == before


# -- 10. --report that cannot be written: refused before converting ---------------------


def _refused(project: Path, report: Path, reason: str, command: str = "convert") -> None:
    code, _, err = invoke(command, project, "--report", report)
    assert code == 2, err
    assert len(errors(err)) == 1 and reason in errors(err)[0], err
    assert "files scanned" not in err, "nothing is converted"
    assert (project / "app.py").read_text() == APP


def test_report_in_a_missing_folder_or_a_folder(tmp_path: Path) -> None:
    project = make_project(tmp_path / "proj", {"app.py": APP})
    _refused(project, tmp_path / "missing" / "r.json", "folder")
    _refused(project, tmp_path / "missing" / "r.json", "does not exist", command="check")
    _refused(project, tmp_path, "is a folder")
    (tmp_path / "file").write_text("x")
    _refused(project, tmp_path / "file" / "r.md", "is not a folder")


def test_report_in_a_read_only_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path / "proj", {"app.py": APP})
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    if IS_ROOT:
        fail_under(monkeypatch, os, "open", locked)
    try:
        _refused(project, locked / "r.json", "cannot be written: Permission denied")
    finally:
        locked.chmod(0o755)
    assert list(locked.iterdir()) == []


def test_report_name_the_filesystem_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name that is not valid UTF-8, on a filesystem that only takes UTF-8 names."""
    project = make_project(tmp_path / "proj", {"app.py": APP})
    report = tmp_path / os.fsdecode(b"r\xff.json")
    fail_under(monkeypatch, os, "open", report, errno.EILSEQ)
    _refused(project, report, "r\\xff.json: cannot be written: Invalid or incomplete multibyte")
    assert not os.path.lexists(report)


def test_report_inside_a_new_out_folder(tmp_path: Path) -> None:
    """The quick start: the report goes into the --out folder, which does not exist yet."""
    project = make_project(tmp_path / "proj", {"app.py": MANUAL})
    out = tmp_path / "proj-fastapi"
    code, _, err = invoke("convert", project, "--out", out, "--report", out / "MIGRATION.md")
    assert code == 0, err
    assert (out / "MIGRATION.md").read_text().startswith("# flask2fastapi migration report")
    assert "FastAPI" in (out / "app.py").read_text()


def test_report_that_fails_after_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path / "proj", {"app.py": APP})
    report = tmp_path / "r.json"
    real = Path.write_text

    def write_text(self: Path, *args: Any, **kwargs: Any) -> int:
        if self == report:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", write_text)
    code, _, err = invoke("convert", project, "--report", report, "-q")
    assert code == 1
    assert errors(err) == [f"error: {report}: report not written: No space left on device"]
    assert "1 file written: app.py." in err
    assert (project / "app.py").read_text() == CONVERTED


def test_ctrl_c_before_writing_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"a.py": other_app("a")})
    driver = (
        "import sys\nfrom flask2fastapi import cli\n"
        "def run(*args, **kwargs):\n    raise KeyboardInterrupt\n"
        "cli.run = run\n"
        "sys.argv = ['flask2fastapi', 'convert', '-q', sys.argv[1]]\ncli.main()\n"
    )
    process = subprocess.run(
        [sys.executable, "-c", driver, str(project)], capture_output=True, text=True, timeout=120
    )
    assert process.returncode == 130, process.stderr
    assert process.stderr.strip() == "interrupted; nothing was written"
    assert (project / "a.py").read_text() == other_app("a")
