"""``retention project``: every run of a horizon, its tiers and expiry, what is restorable.

``--from``/``--to`` are local dates in the policy's zone (default: today and one year later);
``--as-of`` is when the inventory is taken (default: the end of the horizon).
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from typing import TYPE_CHECKING

import click

from policy.cli.common import (
    DATE,
    EXIT_OK,
    FROM_HELP,
    TO_HELP,
    YEARS_HELP,
    WholeOption,
    fail,
    in_range,
    load_or_exit,
    parse_datetime_option,
    tzdata_option,
)
from policy.cli.common import horizon as common_horizon
from policy.cli.output import output_option

if TYPE_CHECKING:
    from rich.console import Console

    from policy.engine.projection import Projection
    from policy.model.models import Pricing

#: Horizons longer than this many years show a progress indicator on stderr.
SLOW_YEARS = 20


def horizon(start: date | None, end: date | None, years: int | None) -> tuple[date, date]:
    """The local dates ``[from, to)`` from the options (SPEC §8 defaults)."""
    return common_horizon(start, end, years)


def parse_as_of(value: str | None, proj: Projection) -> datetime:
    """An instant: aware ISO datetime as given, naive as local time, a date as its start."""
    if value is None:
        return proj.end
    from policy.engine.projection import local_midnight

    parsed = parse_datetime_option(value, "--as-of")
    if not isinstance(parsed, datetime):
        return local_midnight(proj.zone, in_range(parsed, "--as-of"))
    in_range(parsed.date(), "--as-of")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=proj.zone)
    from datetime import UTC

    return parsed.astimezone(UTC)


def warn_outside(at: datetime, proj: Projection) -> None:
    """Say on stderr when --as-of lies outside the horizon: the count is then misleading."""
    def local(x: datetime) -> str:
        return f"{x.astimezone(proj.zone):%Y-%m-%d %H:%M %Z}"

    if at < proj.start:
        click.echo(f"note: --as-of {local(at)} is before the horizon starts\n"
                   f"  ({local(proj.start)}): the vault is still empty then", err=True)
    elif at > proj.end:
        click.echo(f"note: --as-of {local(at)} is after the horizon ends\n"
                   f"  ({local(proj.end)}): later runs are not counted; extend --to or --years",
                   err=True)


def compute(path: str, first: date, last: date, tz_source: str) -> Projection:
    """Load the policy and project it, with a status line on stderr for long horizons."""
    from policy.engine.projection import project
    from policy.model.errors import PolicyError
    from policy.model.zones import tzdata_for

    loaded = load_or_exit(path)
    tz = tzdata_for(tz_source)  # type: ignore[arg-type]
    try:
        if (last - first).days > 366 * SLOW_YEARS and sys.stderr.isatty():
            from rich.console import Console

            with Console(stderr=True).status(f"projecting {(last - first).days // 365} years…"):
                proj = project(loaded.policy, first, last, tz)
                _ = proj.peak_alive
                return proj
        return project(loaded.policy, first, last, tz)
    except (PolicyError, KeyError) as exc:
        fail(f"{path}: cannot project: {exc}")


@click.command()
@click.argument("file", type=click.Path(allow_dash=True))
@click.option("--from", "start", type=DATE, help=FROM_HELP)
@click.option("--to", "end", type=DATE, help=TO_HELP)
@click.option("--years", type=WholeOption(1, 200), help=YEARS_HELP)
@click.option("--as-of", "as_of", metavar="DATETIME",
              help="When to take the inventory: ISO date-time (local unless it has an "
                   "offset or Z) or a date [default: the end of the horizon].")
@click.option("--format", "out_format", type=click.Choice(["table", "json", "csv", "ics"]),
              default="table", show_default=True,
              help="Output format (json keys: docs/commands.md).")
@click.option("--list", "listing", is_flag=True,
              help="Instead of the table of runs, list every point restorable at --as-of: "
                   "the tier that keeps it, planned and actual local time, drift, expiry.")
@click.option("--chart", is_flag=True,
              help="Instead of the table of runs, chart points per tier and the storage "
                   "estimate month by month (then the summary).")
@click.option("--price-instance", type=click.FloatRange(min=0), metavar="PRICE",
              help="Monthly price of one protected instance (overrides pricing: in the file).")
@click.option("--price-gb-month", type=click.FloatRange(min=0), metavar="PRICE",
              help="Price of one GB of vault storage per month (overrides pricing:).")
@output_option
@tzdata_option
def project(file: str, start: date | None, end: date | None, years: int | None,
            as_of: str | None, out_format: str, listing: bool, chart: bool,
            price_instance: float | None, price_gb_month: float | None, output: str | None,
            tzdata_source: str) -> None:
    """Project the recovery points of policy FILE: every run in the horizon, its tiers,
    its expiry, what is restorable at --as-of and the peak number of points held.

    With data: in the file, also the storage estimate (docs/commands.md): GB held at --as-of, the
    steady-state peak, protected-instance units, GB-months and, given prices, a monthly
    cost. No prices are built in: they differ by region and change."""
    if chart and out_format != "table":
        fail(f"--chart draws in the terminal; it cannot be combined with --format {out_format}")
    if listing and (chart or out_format != "table"):
        other = "--chart" if chart else f"--format {out_format}"
        why = " (whose points carry \"alive\" at --as-of)" if out_format == "json" else ""
        fail(f"--list prints the restorable points as text; it cannot be combined with "
             f"{other}{why}")
    first, last = horizon(start, end, years)
    proj = compute(file, first, last, tzdata_source)
    at = parse_as_of(as_of, proj)
    warn_outside(at, proj)
    pricing = prices(proj, price_instance, price_gb_month)
    from policy.cli.output import write_result
    from policy.reports import exports

    if out_format == "json":
        write_result(exports.json_chunks(proj, at, pricing), output, [file])
    elif out_format == "csv":
        write_result(exports.csv_chunks(proj), output, [file])
    elif out_format == "ics":
        write_result(exports.ics_chunks(proj), output, [file])
    else:
        print_report(proj, at, pricing, output, file, listing=listing, chart=chart)
    sys.exit(EXIT_OK)


def print_report(proj: Projection, at: datetime, pricing: Pricing | None, output: str | None,
                 source: str, *, listing: bool, chart: bool) -> None:
    """The text report on the terminal (in colour when it is one), or as plain text in
    ``output``: the table of runs, the restorable points or the chart, then the summary."""
    from policy.cli.output import stdout_console, text_console, write_result
    from policy.reports.project_text import alive_lines, print_text

    to_file = output is not None and output != "-"
    console = text_console() if to_file else stdout_console()
    if chart:
        print_chart(proj, at, console)
    elif listing:
        console.file.write("\n".join(alive_lines(proj, at)) + "\n\n")
    print_text(proj, at, console, pricing, table=not (chart or listing))
    if to_file:
        write_result([console.file.getvalue()], output, [source])


def prices(proj: Projection, instance: float | None, gb_month: float | None
           ) -> Pricing | None:
    """The file's ``pricing:`` with the command-line prices put over it."""
    base = proj.policy.pricing
    if instance is None and gb_month is None:
        return base
    if proj.policy.data is None:
        click.echo("note: prices are ignored without a data: section (size_gb, "
                   "daily_change_percent) to estimate storage from", err=True)
        return base
    from policy.model.models import Pricing

    update = {k: v for k, v in (("instance", instance), ("gb_month", gb_month)) if v is not None}
    return (base or Pricing()).model_copy(update=update)


def print_chart(proj: Projection, at: datetime, console: Console) -> None:
    """Points per tier and storage month by month, drawn for the console's width."""
    from policy.engine.storage_report import monthly_points, storage_report
    from policy.reports.charts import chart_text

    report = storage_report(proj, at)
    samples = report.series if report is not None else monthly_points(proj)
    tiers = tuple(proj.policy.retention.tiers())
    colour = not console.no_color and console.color_system is not None
    height = 36 if report is not None else 18
    console.file.write(chart_text(samples, tiers, min(console.width, 120), height, colour)
                       + "\n\n")
