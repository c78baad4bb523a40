"""The command line: ``convert``, ``check``, ``verify``, ``rules`` and ``explain``.

Exit codes: 0 success; 1 ``convert``: a file could not be converted or written,
``check``: the tree is not fully migrated (a file would change, a manual finding remains,
or a file could not be converted), ``verify``: an answer differs; 2 usage, bad settings,
an app ``verify`` cannot load, or an internal error; 130/143 ``convert`` stopped by
SIGINT/SIGTERM while writing (the files written are listed), 130 interrupted before.
"""

from __future__ import annotations

import difflib
import json
import os
import signal
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from flask2fastapi import __version__
from flask2fastapi.config import ConfigError, load_config
from flask2fastapi.discovery import project_root
from flask2fastapi.report import written_summary
from flask2fastapi.rules import all_findings
from flask2fastapi.runner import RunResult, run, write_results
from flask2fastapi.writer import WriteOutcome

app = typer.Typer(
    name="flask2fastapi",
    help="Migrate Flask applications to FastAPI, and report what is left to do by hand.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

PathsArg = Annotated[
    list[Path], typer.Argument(help="Files or folders of the Flask project.", show_default=False)
]
JobsOpt = Annotated[
    int | None, typer.Option("-j", "--jobs", help="Worker processes (default: CPU count).")
]
ExcludeOpt = Annotated[
    list[str] | None,
    typer.Option("--exclude", help="Glob of paths to skip (repeatable).", show_default=False),
]
NoTestsOpt = Annotated[
    bool,
    typer.Option("--no-tests", help="Leave the project's tests as they are (no TestClient)."),
]
NoBridgeOpt = Annotated[
    bool,
    typer.Option(
        "--no-bridge",
        help="Pure FastAPI output: no Flask app kept as a host for what is not converted "
        "(that code is left with TODOs and may not run).",
    ),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Only errors and the summary.")]
VerboseOpt = Annotated[
    bool, typer.Option("--verbose", "-v", help="Also list the files skipped (e.g. @generated).")
]
ReportOpt = Annotated[
    Path | None,
    typer.Option("--report", help="Write the report as JSON, or Markdown if FILE ends in .md."),
]


def _err_console() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def _execute(
    paths: list[Path],
    jobs: int | None,
    exclude: list[str] | None,
    quiet: bool,
    tests: bool = True,
    bridge: bool = True,
    verbose: bool = False,
) -> RunResult:
    """The run, with the project's settings (a bad setting: one error line, exit 2);
    ``jobs`` above the number of CPUs is capped by the runner."""
    err = _err_console()
    if jobs is not None and jobs < 1:
        err.print(f"error: -j/--jobs: expected an integer of at least 1, got {jobs}")
        raise typer.Exit(2)
    try:
        config = load_config(paths, warn=lambda line: err.print(Text(f"warning: {line}")))
    except ConfigError as error:
        err.print(Text(f"error: {error}", style="red"))
        raise typer.Exit(2) from None
    patterns = [*config.exclude, *(exclude or [])]
    jobs = jobs or config.jobs
    show_progress = not quiet and err.is_terminal
    try:
        if not show_progress:
            result = run(paths, jobs=jobs, exclude=patterns, tests=tests, bridge=bridge)
        else:
            progress = Progress(
                TextColumn("converting"),
                BarColumn(),
                MofNCompleteColumn(),
                console=err,
                transient=True,
            )
            task = progress.add_task("convert", total=None)
            with progress:
                result = run(
                    paths,
                    jobs=jobs,
                    exclude=patterns,
                    on_start=lambda total: progress.update(task, total=total),
                    on_done=lambda: progress.advance(task),
                    tests=tests,
                    bridge=bridge,
                )
    except KeyboardInterrupt:  # before the write phase, which handles its own signals
        err.print("interrupted; nothing was written")
        raise typer.Exit(130) from None
    if verbose:
        for rel, why in result.skipped:
            err.print(Text(f"skipped {_shown(rel)}: {why}"))
    return result


def _shown(path: Path | str) -> str:
    """A path as it can be printed: bytes that are not UTF-8 are shown escaped."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _finish(
    result: RunResult,
    report_path: Path | None,
    quiet: bool,
    writes: WriteOutcome | None = None,
    out: Path | None = None,
) -> bool:
    """Print the errors, write the report, print the summary (and, after a write phase,
    what was written). False when the report could not be written."""
    err = _err_console()
    if writes is not None:
        result.report.add_failures(writes.failures)
    for failure in result.report.failures:
        err.print(Text(f"error: {_shown(failure.file)}: {failure.reason}", style="red"))
    report_written = True
    if report_path is not None:
        text = (
            result.report.to_markdown()
            if report_path.suffix.lower() == ".md"
            else result.report.to_json()
        )
        try:
            if out is not None and report_path.resolve().is_relative_to(out.resolve()):
                report_path.parent.mkdir(parents=True, exist_ok=True)
            report_path.write_text(text, encoding="utf-8")
        except OSError as error:
            report_written = False
            err.print(
                Text(
                    f"error: {_shown(report_path)}: report not written: {error.strerror or error}",
                    style="red",
                )
            )
    if quiet:
        s = result.report.summary
        err.print(
            f"{s.files_scanned} files scanned, {s.files_parsed} parsed, {s.files_changed} "
            f"changed, {s.files_failed} failed; {len(result.report.findings)} findings."
        )
    else:
        result.report.render(err)
    if writes is not None:
        listed = bool(writes.failures) or not report_written
        err.print(written_summary(writes.written, writes.not_written, listed=listed))
    return report_written


def _print_diff(result: RunResult) -> None:
    out = Console(highlight=False, soft_wrap=True)
    for file_result in result.results:
        if not (file_result.changed and file_result.new_source is not None):
            continue
        before = result.originals[file_result.file].decode("utf-8", "replace")
        after = file_result.new_source.decode("utf-8", "replace")
        lines = difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"a/{file_result.file}",
            tofile=f"b/{file_result.file}",
        )
        for line in lines:
            text = line.rstrip("\r\n")
            style = ""
            if line.startswith(("+++", "---")):
                style = "bold"
            elif line.startswith("+"):
                style = "green"
            elif line.startswith("-"):
                style = "red"
            elif line.startswith("@@"):
                style = "cyan"
            out.print(Text(text, style=style))


def _check_paths(paths: list[Path], report: Path | None = None, out: Path | None = None) -> None:
    """Usage errors found before converting (exit 2, nothing written): a missing path, a
    report that cannot be written."""
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        _err_console().print(f"error: {_shown(missing[0])}: no such file or folder")
        raise typer.Exit(2)
    problem = _report_problem(report, out) if report is not None else None
    if problem:
        _err_console().print(f"error: --report {_shown(report or '')}: {problem}")
        raise typer.Exit(2)


def _report_problem(report: Path, out: Path | None) -> str | None:
    """Why the report could not be written, tried now (a file that does not exist yet is
    created and removed); None when it can. A folder inside ``--out`` that does not
    exist yet is created after the copy."""
    if report.is_dir():
        return "is a folder"
    parent = report.absolute().parent
    if not parent.is_dir():
        if parent.exists():
            return f"{_shown(parent)} is not a folder"
        if out is not None and report.resolve().is_relative_to(out.resolve()):
            return None
        return f"folder {_shown(parent)} does not exist"
    try:
        if report.exists():
            os.close(os.open(report, os.O_WRONLY | os.O_APPEND))
        else:
            os.close(os.open(report, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
            os.unlink(report)
    except OSError as error:
        return f"cannot be written: {error.strerror or error}"
    return None


def _check_out(paths: list[Path], out: Path, force: bool) -> None:
    """Where ``--out`` may not go (exit 2): the project itself, a folder that contains
    it or is inside it, a file, a folder that is not empty (unless ``--force``)."""
    root = project_root(paths)
    target = out.resolve()
    problem = None
    if root.is_relative_to(target):
        problem = f"contains the project {_shown(root)}; choose a folder outside it"
    elif target.is_relative_to(root):
        problem = f"is inside the project {_shown(root)}"
    elif target.exists() and not target.is_dir():
        problem = "is not a folder"
    elif target.is_dir() and not force:
        try:
            non_empty = any(target.iterdir())
        except OSError as error:
            problem = f"cannot be read: {error.strerror or error}"
        else:
            if non_empty:
                problem = "is not empty; --force writes into it, replacing files of the same name"
    if problem:
        _err_console().print(f"error: --out {_shown(out)} {problem}")
        raise typer.Exit(2)


@app.command()
def convert(
    paths: PathsArg,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Write a converted copy of the tree here; PATH is untouched."),
    ] = None,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print a unified diff and write nothing.")
    ] = False,
    report: ReportOpt = None,
    jobs: JobsOpt = None,
    exclude: ExcludeOpt = None,
    quiet: QuietOpt = False,
    no_tests: NoTestsOpt = False,
    no_bridge: NoBridgeOpt = False,
    verbose: VerboseOpt = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Write into an --out folder that is not empty (same names replaced)."
        ),
    ] = False,
) -> None:
    """Convert a Flask project to FastAPI, in place or into --out DIR."""
    _check_paths(paths, report, out)
    if out is not None and diff:
        _err_console().print("error: --out and --diff exclude each other")
        raise typer.Exit(2)
    if force and out is None:
        _err_console().print("error: --force goes with --out")
        raise typer.Exit(2)
    if out is not None:
        _check_out(paths, out, force)
    result = _execute(
        paths, jobs, exclude, quiet, tests=not no_tests, bridge=not no_bridge, verbose=verbose
    )
    if diff:
        _print_diff(result)
        report_written = _finish(result, report, quiet)
        raise typer.Exit(1 if result.report.failures or not report_written else 0)
    writes = write_results(result, out, sources=paths)
    if writes.interrupted is not None:
        err = _err_console()
        for failure in writes.failures:
            err.print(Text(f"error: {_shown(failure.file)}: {failure.reason}", style="red"))
        where = f" (into {_shown(out)}, an incomplete copy)" if out is not None else ""
        summary = written_summary(writes.written, writes.not_written, listed=True)
        err.print(f"interrupted by {signal.Signals(writes.interrupted).name}{where}: {summary}")
        raise typer.Exit(128 + writes.interrupted)
    report_written = _finish(result, report, quiet, writes, out)
    raise typer.Exit(1 if result.report.failures or not report_written else 0)


@app.command()
def check(
    paths: PathsArg,
    report: ReportOpt = None,
    jobs: JobsOpt = None,
    exclude: ExcludeOpt = None,
    quiet: QuietOpt = False,
    no_bridge: NoBridgeOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Exit 1 while anything is left to migrate; writes nothing (a CI gate)."""
    _check_paths(paths, report)
    result = _execute(paths, jobs, exclude, quiet, bridge=not no_bridge, verbose=verbose)
    _finish(result, report, quiet)
    r = result.report
    pending = r.summary.files_changed or r.manual_count or r.failures
    if pending:
        _err_console().print(
            f"not migrated: {r.summary.files_changed} files would change, "
            f"{r.manual_count} manual findings, {len(r.failures)} files failed"
        )
    raise typer.Exit(1 if pending else 0)


@app.command()
def verify(
    original: Annotated[Path, typer.Argument(help="The Flask project.", show_default=False)],
    converted: Annotated[Path, typer.Argument(help="Its FastAPI conversion.", show_default=False)],
    app_spec: Annotated[
        str,
        typer.Option(
            "--app",
            help="The app: MODULE:ATTR or MODULE:FACTORY(...), the factory's arguments Python "
            "literals: 'pkg:create_app(\"testing\")' (same in both projects).",
        ),
    ],
    requests_file: Annotated[
        Path | None,
        typer.Option(
            "--requests",
            help="Requests to replay, sent as given (JSON, or YAML with PyYAML); default: "
            "every route of the Flask app and an unknown URL.",
        ),
    ] = None,
    unsafe_methods: Annotated[
        bool,
        typer.Option(
            "--unsafe-methods",
            help="Also send POST, PUT, PATCH and DELETE; they run against whatever database "
            "and services the apps are configured with (requests derived from the routes; "
            "default: GET, HEAD and OPTIONS only).",
        ),
    ] = False,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout",
            metavar="SECONDS",
            help="How long each app may take to load and answer every request.",
        ),
    ] = 60.0,
    python: Annotated[
        Path | None,
        typer.Option(
            "--python",
            metavar="PATH",
            help="Run both apps in this Python (3.8 or later: an executable or a virtual "
            "environment's folder), e.g. the project's own; default: the tool's.",
        ),
    ] = None,
    flask_python: Annotated[
        Path | None,
        typer.Option(
            "--flask-python",
            metavar="PATH",
            help="Run the Flask app in this Python (default: --python).",
        ),
    ] = None,
    fastapi_python: Annotated[
        Path | None,
        typer.Option(
            "--fastapi-python",
            metavar="PATH",
            help="Run the converted app in this Python (default: --python).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Send the same requests to the Flask app and to the converted app; compare answers.

    Exit 1 when any answer differs (status, body, content type, redirect location, a
    header the app sets, or a cookie's value and attributes).
    """
    from flask2fastapi.verify import VerifyError, load_requests
    from flask2fastapi.verify import verify as run_verify

    console = Console(highlight=False, soft_wrap=True)
    err = _err_console()
    for path in (original, converted):
        if not path.is_dir():
            err.print(f"error: {path}: not a directory")
            raise typer.Exit(2)
    if not timeout > 0:
        err.print(f"error: --timeout must be more than 0 seconds, not {timeout:g}")
        raise typer.Exit(2)
    try:
        requests, jar = load_requests(requests_file) if requests_file else (None, False)
        result = run_verify(
            original.resolve(),
            converted.resolve(),
            app_spec,
            requests,
            jar,
            unsafe_methods=unsafe_methods,
            timeout=timeout,
            python=python,
            flask_python=flask_python,
            fastapi_python=fastapi_python,
        )
    except VerifyError as error:
        err.print(f"error: {error}")
        raise typer.Exit(2) from error
    if as_json:
        sys.stdout.write(json.dumps(result.to_json(), indent=2) + "\n")
    else:
        different = [o for o in result.outcomes if o.problems]
        if different:
            table = Table(title="Answers that differ", show_lines=True)
            table.add_column("request", no_wrap=True)
            table.add_column("Flask", justify="right")
            table.add_column("FastAPI", justify="right")
            table.add_column("difference")
            for outcome in different:
                request = outcome.request
                table.add_row(
                    f"{request.get('method', 'GET')} {request['path']}",
                    str(outcome.flask["status"]),
                    str(outcome.fastapi["status"]),
                    "\n".join(outcome.problems),
                )
            console.print(table)
        for note in result.skipped:
            console.print(Text(f"skipped {note}"))
        sent = f"sent: {', '.join(result.methods_sent)}"
        if result.methods_not_sent:
            sent += f" (add --unsafe-methods for {', '.join(result.methods_not_sent)})"
        console.print(sent)
        console.print(f"{result.equivalent}/{len(result.outcomes)} equivalent")
    if result.equivalent != len(result.outcomes):
        raise typer.Exit(1)


@app.command()
def rules() -> None:
    """List every rule and finding code."""
    table = Table(show_lines=False)
    table.add_column("code", no_wrap=True)
    table.add_column("rule")
    table.add_column("name")
    table.add_column("severity")
    table.add_column("what it reports")
    for rule_name, spec in all_findings():
        table.add_row(
            spec.code,
            rule_name,
            spec.name,
            str(spec.severity),
            spec.message.replace("{", "").replace("}", ""),
        )
    Console(highlight=False).print(table)


@app.command()
def explain(code: Annotated[str, typer.Argument(help="A finding code, e.g. F2F201.")]) -> None:
    """Explain one finding code."""
    for rule_name, spec in all_findings():
        if spec.code == code.upper():
            console = Console(highlight=False)
            console.print(f"[bold]{spec.code}[/] {spec.name} ({spec.severity}, rule {rule_name})")
            console.print(f"What: {spec.message.replace('{host}', '')}")
            console.print(f"Fix: {spec.suggestion}")
            return
    _err_console().print(f"error: unknown finding code {code!r}; see `flask2fastapi rules`")
    raise typer.Exit(2)


def _version(value: bool) -> None:
    if value:
        print(f"flask2fastapi {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """flask2fastapi: migrate Flask applications to FastAPI."""


def main() -> None:
    try:
        app()
    except SystemExit:
        raise
    except Exception as error:  # an internal error: one line, exit 2
        print(f"flask2fastapi: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        if os.environ.get("FLASK2FASTAPI_DEBUG"):
            raise
        sys.exit(2)
