"""What every subcommand shares: options, reading policies, exit codes, today's date."""

from __future__ import annotations

import sys
from datetime import date, datetime
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


def parse_date_option(value: str, option: str) -> date:
    """A ``YYYY-MM-DD`` option value (``policy.model.values.parse_iso_date``), or exit 2."""
    from pydantic_core import PydanticCustomError

    from policy.model.values import parse_iso_date, shown

    try:
        return parse_iso_date(value)
    except PydanticCustomError:
        fail(f"{option} {shown(value)} is not a date; write YYYY-MM-DD, e.g. 2026-01-15")


def parse_datetime_option(value: str, option: str) -> date | datetime:
    """A date or ISO date-time option value (``--after``, ``--as-of``), or exit 2."""
    from pydantic_core import PydanticCustomError

    from policy.model.values import parse_iso_datetime, shown

    try:
        return parse_iso_datetime(value)
    except PydanticCustomError:
        fail(f"{option} {shown(value)} is not a date-time; write YYYY-MM-DD or "
             "YYYY-MM-DDTHH:MM, e.g. 2026-03-28T12:00 (local; add Z or +01:00 for an offset)")


class DateOption(click.ParamType[date]):
    """A click option type for local dates: every date option parses the same way."""

    name = "date"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "DATE"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        option = param.opts[0] if param is not None and param.opts else "date"
        return parse_date_option(str(value), option)


DATE = DateOption()

#: The help of the horizon options, worded once: every command means them the same way.
FROM_HELP = "First local date (YYYY-MM-DD) of the horizon [default: today]."
TO_HELP = ("Local date after the horizon's last day (the end is excluded) "
           "[default: --from + 1 year].")
YEARS_HELP = "Horizon length in years (instead of --to)."


class WholeOption(click.IntRange):
    """``click.IntRange`` with ASCII digits only (``values.parse_whole``): click's own
    ``int()`` takes ``"٢٠٢٦"`` or ``"1_000"``; every whole-number option refuses them."""

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        from pydantic_core import PydanticCustomError

        from policy.model.values import parse_whole, shown

        if isinstance(value, str):
            try:
                value = parse_whole(value)
            except PydanticCustomError:
                self.fail(f"{shown(value)} is not a whole number; write digits 0–9", param,
                          ctx)
        return super().convert(value, param, ctx)


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


#: Problem lines printed per file; the rest are counted ("… and 40 more problems").
MAX_SHOWN = 20


def capped(lines: list[str], limit: int = MAX_SHOWN) -> list[str]:
    """At most ``limit`` lines, then one line counting those left out."""
    if len(lines) <= limit:
        return lines
    rest = len(lines) - limit
    return [*lines[:limit], f"… and {rest} more problem{'s' if rest != 1 else ''}"]


def load_or_exit(path: str, fmt: Any = None) -> Any:
    """Load a policy file (``-``: stdin) or print its problems (path:line:col) and exit 2."""
    from policy.files.document import load_source
    from policy.model.errors import PolicyFileError, PolicyInvalid

    try:
        return load_source(path, fmt)
    except PolicyFileError as exc:
        click.echo(position_line(path, exc.line, exc.column, "error", "(file)", exc.message),
                   err=True)
    except PolicyInvalid as exc:
        lines = [position_line(path, p.line, p.column, p.severity, p.loc, p.message)
                 for p in exc.problems]
        for line in capped(lines):
            click.echo(line, err=True)
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
