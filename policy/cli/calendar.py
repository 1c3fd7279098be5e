"""``retention calendar``: twelve months of recovery points in the terminal."""

from __future__ import annotations

import sys
from datetime import date

import click

from policy.cli.common import EXIT_OK, WholeOption, tzdata_option
from policy.host import today


@click.command()
@click.argument("file", type=click.Path(allow_dash=True))
@click.option("--year", type=WholeOption(1900, 2200), metavar="YYYY",
              help="Calendar year (default: this year).")
@tzdata_option
def calendar(file: str, year: int | None, tzdata_source: str) -> None:
    """Show a year of recovery points of policy FILE: each day marked with the highest tier
    taken that day (d w m y), drifting days with ~, skipped runs with !."""
    from policy.cli.output import stdout_console
    from policy.cli.project import compute
    from policy.reports.calendar import calendar_markup

    year = year or today().year
    proj = compute(file, date(year, 1, 1), date(year + 1, 1, 1), tzdata_source)
    console = stdout_console(highlight=False)
    for line in calendar_markup(proj, year):
        console.print(line, overflow="crop", no_wrap=True)
    sys.exit(EXIT_OK)
