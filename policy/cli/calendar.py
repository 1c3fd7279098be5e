"""``retention calendar``: twelve months of recovery points in the terminal."""

from __future__ import annotations

import sys
from datetime import date

import click

from policy.cli.common import EXIT_OK, WholeOption, tzdata_option
from policy.cli.output import output_option
from policy.host import today


@click.command()
@click.argument("file", type=click.Path(allow_dash=True))
@click.option("--year", type=WholeOption(1900, 2200), metavar="YYYY",
              help="Calendar year (default: this year).")
@output_option
@tzdata_option
def calendar(file: str, year: int | None, output: str | None, tzdata_source: str) -> None:
    """Show a year of recovery points of policy FILE: each day marked with the highest tier
    taken that day (d w m y), drifting days with ~, skipped runs with !."""
    from policy.cli.output import stdout_console, text_console, write_result
    from policy.cli.project import compute
    from policy.reports.calendar import calendar_markup

    year = year or today().year
    proj = compute(file, date(year, 1, 1), date(year + 1, 1, 1), tzdata_source)
    to_file = output is not None and output != "-"
    console = text_console() if to_file else stdout_console(highlight=False)
    for line in calendar_markup(proj, year):
        console.print(line, overflow="crop", no_wrap=True)
    if to_file:
        write_result([console.file.getvalue()], output, [file])
    sys.exit(EXIT_OK)
