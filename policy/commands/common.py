"""What every subcommand shares: options, reading policies, exit codes, today's date."""

from __future__ import annotations

import sys
from datetime import date
from typing import Any, NoReturn

import click

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INVALID = 2

tzdata_option = click.option(
    "--tzdata", "tzdata_source", type=click.Choice(["bundled", "system"]), default="bundled",
    show_default=True, help="Time zone data: the bundled tzdata package or the OS copy.",
)


def today() -> date:
    """Today's date on this machine: only the CLI and TUI decide what today is."""
    return date.today()


def fail(message: str) -> NoReturn:
    """Print an error on stderr and exit with the invalid-input code."""
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_INVALID)


def load_or_exit(path: str, fmt: Any = None) -> Any:
    """Load a policy file or print its problems (path:line:col) and exit 2."""
    from policy.errors import PolicyFileError, PolicyInvalid
    from policy.files import load, loads, read_text

    try:
        if path == "-":
            from policy.files import format_of

            text = read_text("<stdin>", sys.stdin.buffer.read())
            return loads(text, "<stdin>", fmt or format_of("<stdin>", text))
        return load(path, fmt)
    except PolicyFileError as exc:
        click.echo(position_line(path, exc.line, exc.column, "error", "(file)", exc.message),
                   err=True)
    except PolicyInvalid as exc:
        for p in exc.problems:
            click.echo(position_line(path, p.line, p.column, p.severity, p.loc, p.message),
                       err=True)
    sys.exit(EXIT_INVALID)


def position_line(path: str, line: int | None, column: int | None, severity: str, loc: str,
                  message: str) -> str:
    """``path:line:col: error: loc: message`` (the position parts only when known)."""
    where = path
    if line is not None:
        where += f":{line}"
        if column is not None:
            where += f":{column}"
    return f"{where}: {severity}: {loc}: {message}"
