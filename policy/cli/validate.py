"""``retention validate``: check policy files, for people (text) and CI (json, github)."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field

import click

from policy.cli.common import EXIT_FINDINGS, EXIT_INVALID, EXIT_OK, capped, position_line
from policy.cli.output import output_option, write_result
from policy.host import today
from policy.model.errors import Problem


@dataclass
class FileReport:
    """The outcome of validating one file."""

    path: str
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors


def check_file(path: str, fmt: str | None, tz_source: str) -> FileReport:
    """Load, validate and check one file; never raises for bad input."""
    from policy.audit.findings import findings
    from policy.files.document import load_source
    from policy.model.errors import PolicyFileError, PolicyInvalid
    from policy.model.zones import tzdata_for

    report = FileReport(path)
    try:
        loaded = load_source(path, fmt)  # type: ignore[arg-type]
    except PolicyFileError as exc:
        report.errors.append(exc.problem)
        return report
    except PolicyInvalid as exc:
        report.errors.extend(sorted(exc.problems, key=_position))
        return report
    found = findings(loaded.policy, today(), tzdata_for(tz_source))  # type: ignore[arg-type]
    for problem in found:
        placed = problem.at(*loaded.locate(problem.loc)) if loaded.locate else problem
        (report.errors if placed.severity == "error" else report.warnings).append(placed)
    return report


def _position(problem: Problem) -> tuple[int, int]:
    return (problem.line or 0, problem.column or 0)


def _text(report: FileReport) -> list[str]:
    lines = capped([position_line(report.path, p.line, p.column, p.severity, p.loc, p.message)
                    for p in [*report.errors, *report.warnings]])
    if report.valid and not report.warnings:
        lines.append(f"{report.path}: ok")
    return lines


def _escape(text: str, prop: bool = False) -> str:
    out = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return out.replace(":", "%3A").replace(",", "%2C") if prop else out


def _github(report: FileReport) -> list[str]:
    lines = []
    for p in [*report.errors, *report.warnings]:
        props = [f"file={_escape(report.path, True)}"]
        if p.line is not None:
            props.append(f"line={p.line}")
        if p.column is not None:
            props.append(f"col={p.column}")
        props.append(f"title={_escape(p.loc, True)}")
        lines.append(f"::{p.severity} {','.join(props)}::{_escape(p.loc + ': ' + p.message)}")
    return capped(lines)


def _json(reports: list[FileReport]) -> str:
    def problem(p: Problem) -> dict[str, object]:
        return {"loc": p.loc, "line": p.line, "column": p.column, "message": p.message}

    return json.dumps({"files": [
        {"path": r.path, "valid": r.valid, "errors": [problem(p) for p in r.errors],
         "warnings": [problem(p) for p in r.warnings]} for r in reports]}, indent=2)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--format", "out_format", type=click.Choice(["text", "json", "github"]),
              default="text", show_default=True,
              help="text: path:line:col lines; json: for scripts (docs/commands.md); "
                   "github: CI annotations.")
@click.option("--strict", is_flag=True, help="Treat warnings as failures (exit 1).")
@click.option("--input-format", type=click.Choice(["yaml", "toml", "json"]), default=None,
              help="Format of the files (default: from the extension; guessed for stdin).")
@click.option("--tzdata", "tz_source", type=click.Choice(["bundled", "system"]),
              default="bundled", show_default=True, help="Time zone data to check against.")
@output_option
def validate(files: tuple[str, ...], out_format: str, strict: bool, input_format: str | None,
             tz_source: str, output: str | None) -> None:
    """Check policy FILES (YAML, TOML or JSON; - for stdin) against Azure Backup's rules.

    Every problem of a file is reported at once, with its position, field path, the bad
    value and what is allowed. Exit 0 when all files are valid, 1 when only warnings were
    found under --strict, 2 when a file is invalid or unreadable.
    """
    reports = [check_file(f, input_format, tz_source) for f in files]
    if out_format == "json":
        write_result([_json(reports), "\n"], output, files)
    else:
        render = _text if out_format == "text" else _github
        write_result([line + "\n" for report in reports for line in render(report)], output,
                     files)
    bad = sum(not r.valid for r in reports)
    warned = sum(bool(r.warnings) for r in reports)
    if out_format == "text" and len(reports) > 1:
        sys.stdout.flush()
        click.echo(f"{len(reports)} files checked: {bad} invalid, {warned} with warnings",
                   err=True)
    if bad:
        sys.exit(EXIT_INVALID)
    sys.exit(EXIT_FINDINGS if strict and warned else EXIT_OK)
