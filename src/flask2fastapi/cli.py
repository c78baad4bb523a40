"""The command line: ``convert``, ``check``, ``verify``, ``rules`` and ``explain``.

Exit codes: 0 success; 1 ``convert``: a file could not be converted, ``check``: the
tree is not fully migrated (a file would change, a manual finding remains, or a file
could not be converted), ``verify``: an answer differs; 2 usage or internal error.
"""

from __future__ import annotations

import difflib
import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from flask2fastapi import __version__
from flask2fastapi.config import load_config
from flask2fastapi.discovery import project_root
from flask2fastapi.rules import all_findings
from flask2fastapi.runner import RunResult, run, write_results

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
) -> RunResult:
    err = _err_console()
    config = load_config(paths)
    patterns = [*config.exclude, *(exclude or [])]
    jobs = jobs or config.jobs
    show_progress = not quiet and err.is_terminal
    if not show_progress:
        return run(paths, jobs=jobs, exclude=patterns, tests=tests, bridge=bridge)
    progress = Progress(
        TextColumn("converting"), BarColumn(), MofNCompleteColumn(), console=err, transient=True
    )
    task = progress.add_task("convert", total=None)
    with progress:
        return run(
            paths,
            jobs=jobs,
            exclude=patterns,
            on_start=lambda total: progress.update(task, total=total),
            on_done=lambda: progress.advance(task),
            tests=tests,
            bridge=bridge,
        )


def _finish(result: RunResult, report_path: Path | None, quiet: bool) -> None:
    err = _err_console()
    for failure in result.report.failures:
        err.print(Text(f"error: {failure.file}: {failure.reason}", style="red"))
    if report_path is not None:
        text = (
            result.report.to_markdown()
            if report_path.suffix.lower() == ".md"
            else result.report.to_json()
        )
        report_path.write_text(text, encoding="utf-8")
    if quiet:
        s = result.report.summary
        err.print(
            f"{s.files_scanned} files scanned, {s.files_parsed} parsed, {s.files_changed} "
            f"changed, {s.files_failed} failed; {len(result.report.findings)} findings."
        )
    else:
        result.report.render(err)


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


def _check_paths(paths: list[Path]) -> None:
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        _err_console().print(f"error: {missing[0]}: no such file or folder")
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
) -> None:
    """Convert a Flask project to FastAPI, in place or into --out DIR."""
    _check_paths(paths)
    if out is not None and diff:
        _err_console().print("error: --out and --diff exclude each other")
        raise typer.Exit(2)
    if out is not None:
        root = project_root(paths)
        if out.resolve().is_relative_to(root):
            _err_console().print(f"error: --out {out} is inside the project {root}")
            raise typer.Exit(2)
    result = _execute(paths, jobs, exclude, quiet, tests=not no_tests, bridge=not no_bridge)
    if diff:
        _print_diff(result)
    else:
        write_results(result, out)
    _finish(result, report, quiet)
    raise typer.Exit(1 if result.report.failures else 0)


@app.command()
def check(
    paths: PathsArg,
    report: ReportOpt = None,
    jobs: JobsOpt = None,
    exclude: ExcludeOpt = None,
    quiet: QuietOpt = False,
    no_bridge: NoBridgeOpt = False,
) -> None:
    """Exit 1 while anything is left to migrate; writes nothing (a CI gate)."""
    _check_paths(paths)
    result = _execute(paths, jobs, exclude, quiet, bridge=not no_bridge)
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
            "--app", help="The app: MODULE:ATTR or MODULE:FACTORY() (same in both projects)."
        ),
    ],
    requests_file: Annotated[
        Path | None,
        typer.Option(
            "--requests",
            help="Requests to replay (JSON, or YAML with PyYAML); default: every route of "
            "the Flask app and an unknown URL.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Send the same requests to the Flask app and to the converted app; compare answers.

    Exit 1 when any answer differs (status, body, content type, redirect location, or a
    header the app sets).
    """
    from flask2fastapi.verify import VerifyError, load_requests
    from flask2fastapi.verify import verify as run_verify

    console = Console(highlight=False, soft_wrap=True)
    err = _err_console()
    for path in (original, converted):
        if not path.is_dir():
            err.print(f"error: {path}: not a directory")
            raise typer.Exit(2)
    try:
        requests, jar = load_requests(requests_file) if requests_file else (None, False)
        result = run_verify(original.resolve(), converted.resolve(), app_spec, requests, jar)
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
