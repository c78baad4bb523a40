"""Findings, per-file results and the migration report, with its renderers.

A finding is data: what was left for a person to do (or what changed behaviour),
where it is in the *output* file, and what to do about it. The JSON report holds
no timings and no absolute paths, so it can be kept in a repository and diffed.
"""

from __future__ import annotations

from collections import Counter
from enum import StrEnum
from io import StringIO

from pydantic import BaseModel, Field
from rich.console import Console
from rich.table import Table


class Severity(StrEnum):
    """How much a finding asks of the user."""

    MANUAL = "manual"  # the code still needs a hand edit to run on FastAPI
    WARNING = "warning"  # converted, but an answer may differ from Flask's
    INFO = "info"  # converted faithfully; worth knowing


class Finding(BaseModel):
    code: str
    file: str
    line: int
    column: int
    message: str
    suggestion: str
    severity: Severity

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)


class FileFailure(BaseModel):
    """A file that could not be converted at all; it was left as it was."""

    file: str
    reason: str


class FileResult(BaseModel):
    """What the transform pass produced for one file."""

    file: str
    changed: bool = False
    new_source: bytes | None = None
    findings: list[Finding] = Field(default_factory=list)
    failure: FileFailure | None = None
    routes_converted: int = 0
    parsed: bool = False
    needs: list[str] = Field(default_factory=list)  # "module.Name" the output imports
    uses_host: bool = False  # the output needs the Flask app kept as a host


# Finding codes of code that runs on the Flask app kept as a host
STILL_ON_FLASK = frozenset(
    {
        "F2F001",
        "F2F114",
        "F2F120",
        "F2F121",
        "F2F122",
        "F2F311",
        "F2F403",
        "F2F411",
        "F2F412",
        "F2F414",
        "F2F415",
        "F2F505",
        "F2F506",
        "F2F803",
    }
)


class Summary(BaseModel):
    files_scanned: int = 0
    files_parsed: int = 0
    files_changed: int = 0
    files_failed: int = 0
    routes_converted: int = 0
    findings_by_code: dict[str, int] = Field(default_factory=dict)
    findings_by_severity: dict[str, int] = Field(default_factory=dict)


class MigrationReport(BaseModel):
    summary: Summary = Field(default_factory=Summary)
    changed_files: list[str] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    failures: list[FileFailure] = Field(default_factory=list)

    @classmethod
    def build(cls, files_scanned: int, results: list[FileResult]) -> MigrationReport:
        findings = sorted((f for r in results for f in r.findings), key=Finding.sort_key)
        failures = sorted((r.failure for r in results if r.failure), key=lambda f: f.file)
        changed = sorted(r.file for r in results if r.changed)
        summary = Summary(
            files_scanned=files_scanned,
            files_parsed=sum(r.parsed for r in results),
            files_changed=len(changed),
            files_failed=len(failures),
            routes_converted=sum(r.routes_converted for r in results),
            findings_by_code=dict(sorted(Counter(f.code for f in findings).items())),
            findings_by_severity=dict(sorted(Counter(str(f.severity) for f in findings).items())),
        )
        return cls(summary=summary, changed_files=changed, findings=findings, failures=failures)

    def add_failures(self, failures: list[FileFailure]) -> None:
        """Files the write phase could not write (or copy): one failure per file, the
        reasons of a file already listed joined to its line."""
        by_file = {failure.file: failure for failure in self.failures}
        for failure in failures:
            if failure.file in by_file:
                by_file[failure.file].reason += f"; {failure.reason}"
            else:
                by_file[failure.file] = failure
                self.failures.append(failure)
        self.failures.sort(key=lambda f: f.file)
        self.summary.files_failed = len(self.failures)

    @property
    def manual_count(self) -> int:
        return sum(f.severity is Severity.MANUAL for f in self.findings)

    def to_json(self) -> str:
        return self.model_dump_json(indent=2) + "\n"

    def still_on_flask(self) -> list[Finding]:
        """The findings of code that runs on the Flask app kept as a host (when there is
        one: a report with a F2F120 finding)."""
        if not any(f.code == "F2F120" for f in self.findings):
            return []
        return [f for f in self.findings if f.code in STILL_ON_FLASK]

    def to_markdown(self) -> str:
        out = StringIO()
        s = self.summary
        out.write("# flask2fastapi migration report\n\n")
        out.write(
            f"{s.files_scanned} files scanned, {s.files_parsed} parsed, {s.files_changed} changed, "
            f"{s.files_failed} failed; {s.routes_converted} routes converted.\n\n"
        )
        if self.failures:
            out.write("## Files left as they were\n\n")
            for failure in self.failures:
                out.write(f"- [ ] `{failure.file}`: {failure.reason}\n")
            out.write("\n")
        on_flask = self.still_on_flask()
        if on_flask:
            out.write("## Still running on Flask\n\n")
            out.write(
                "The converted app keeps a Flask app as a host (`web_compat.host_flask`) for "
                "these; each says the FastAPI way to finish it. When none is left, remove the "
                "host and Flask.\n\n"
            )
            for f in on_flask:
                out.write(
                    f"- [ ] `{f.file}:{f.line}:{f.column}` **{f.code}** {f.message} "
                    f"_Fix:_ {f.suggestion}\n"
                )
            out.write("\n")
        for severity, title in (
            (Severity.MANUAL, "To do by hand"),
            (Severity.WARNING, "Behaviour to review"),
            (Severity.INFO, "For information"),
        ):
            items = [f for f in self.findings if f.severity is severity and f not in on_flask]
            if not items:
                continue
            out.write(f"## {title}\n\n")
            for f in items:
                out.write(
                    f"- [ ] `{f.file}:{f.line}:{f.column}` **{f.code}** {f.message} "
                    f"_Fix:_ {f.suggestion}\n"
                )
            out.write("\n")
        return out.getvalue()

    def render(self, console: Console) -> None:
        """Print the findings table and the summary."""
        if self.failures:
            table = Table(title="Files left as they were", title_justify="left")
            table.add_column("file")
            table.add_column("reason")
            for failure in self.failures:
                table.add_row(failure.file, failure.reason)
            console.print(table)
        if self.findings:
            table = Table(title="Findings", title_justify="left", show_lines=False)
            table.add_column("location", no_wrap=True)
            table.add_column("code", no_wrap=True)
            table.add_column("severity")
            table.add_column("message")
            table.add_column("suggestion")
            colours = {Severity.MANUAL: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}
            for f in self.findings:
                table.add_row(
                    f"{f.file}:{f.line}:{f.column}",
                    f.code,
                    f"[{colours[f.severity]}]{f.severity}[/]",
                    f.message,
                    f.suggestion,
                )
            console.print(table)
        s = self.summary
        console.print(
            f"[bold]{s.files_scanned}[/] files scanned, [bold]{s.files_parsed}[/] parsed, "
            f"[bold]{s.files_changed}[/] changed, [bold]{s.files_failed}[/] failed; "
            f"[bold]{s.routes_converted}[/] routes converted."
        )
        if s.findings_by_code:
            by_code = ", ".join(f"{code} ×{n}" for code, n in s.findings_by_code.items())
            console.print(f"Findings: {by_code}")


def _listed(files: list[str]) -> str:
    return ", ".join(files) if files else "none"


def written_summary(written: list[str], not_written: list[str], *, listed: bool = False) -> str:
    """The line about what the write phase wrote: a count, and the files by name when
    something went wrong (``listed``) or some were not written."""
    count = f"{len(written)} file{'' if len(written) == 1 else 's'} written"
    if not (listed or not_written):
        return count + "."
    line = f"{count}: {_listed(written)}" if listed else count
    return f"{line}; not written: {_listed(not_written)}." if not_written else line + "."
