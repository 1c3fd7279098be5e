"""What every subcommand shares: options, reading policies, exit codes, today's date."""

from __future__ import annotations

import sys
from datetime import date
from typing import Any, NoReturn

import click

from policy.host import today

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INVALID = 2

tzdata_option = click.option(
    "--tzdata", "tzdata_source", type=click.Choice(["bundled", "system"]), default="bundled",
    show_default=True, help="Time zone data: the bundled tzdata package or the OS copy.",
)


#: Dates the tool answers for: wide enough for any retention plan, and safely inside
#: what the date arithmetic (and a 99-year yearly tier past the horizon) can reach.
EARLIEST = date(1900, 1, 1)
LATEST = date(2200, 12, 31)


def in_range(day: date, option: str) -> date:
    """``day``, or exit 2 when it lies outside the years the tool answers for."""
    if not EARLIEST <= day <= LATEST:
        fail(f"{option} {day.isoformat()} is outside the supported dates "
             f"{EARLIEST.isoformat()} to {LATEST.isoformat()}")
    return day


def add_years(day: date, years: int) -> date:
    """``day`` moved ``years`` calendar years (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def horizon(first: date | None, last: date | None, years: int | None) -> tuple[date, date]:
    """The local dates ``[from, to)`` from --from/--to/--years (default: today, one year on)."""
    if last is not None and years is not None:
        fail("use either --to or --years, not both")
    first = in_range(first or today(), "--from")
    label = "--to" if last is not None else "the horizon's end (--from + --years)"
    last = in_range(last or add_years(first, years if years is not None else 1), label)
    if last <= first:
        fail(f"the horizon is empty: --to ({last}) must be after --from ({first})")
    return first, last


def fail(message: str) -> NoReturn:
    """Print an error on stderr and exit with the invalid-input code."""
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_INVALID)


def load_or_exit(path: str, fmt: Any = None) -> Any:
    """Load a policy file or print its problems (path:line:col) and exit 2."""
    from policy.files.document import load, loads, read_text
    from policy.model.errors import PolicyFileError, PolicyInvalid

    try:
        if path == "-":
            from policy.files.document import format_of

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
