"""``retention next``: the next backups of a policy, where they really land, and why."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

import click

from policy.cli.common import (
    WholeOption,
    fail,
    in_range,
    load_or_exit,
    parse_datetime_option,
    tzdata_option,
)
from policy.cli.output import output_option, write_result
from policy.model.enhanced import run_window

if TYPE_CHECKING:
    from policy.dst.flags import FlaggedRun
    from policy.engine.projection import Run
    from policy.model.models import Policy
    from policy.model.zones import TzData

#: How far ``next`` looks ahead before giving up (a weekly schedule every 4 weeks needs
#: four weeks per run).
MAX_SPAN = timedelta(days=366 * 20)


def now() -> datetime:
    """The current instant: only the CLI decides what "now" is."""
    return datetime.now(UTC)


def parse_after(text: str | None, zone: tzinfo) -> datetime:
    """``--after``: ISO date or date-time; without an offset it is local time in ``zone``."""
    if text is None:
        return now().replace(microsecond=0)
    parsed = parse_datetime_option(text, "--after")
    value = parsed if isinstance(parsed, datetime) else datetime.combine(parsed, time())
    in_range(value.date(), "--after")
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    try:
        return value.astimezone(UTC)
    except (OverflowError, ValueError):
        fail(f"--after {text!r} is too close to the year 1 or 9999")


@click.command("next")
@click.argument("file", type=click.Path(allow_dash=True))
@click.option("-n", "count", type=WholeOption(1, 1000), default=10, show_default=True,
              help="How many runs to list.")
@click.option("--after", default=None, metavar="DATETIME",
              help="List runs after this date-time: ISO date-time (local to the policy's "
                   "zone unless it has an offset or Z) or a date [default: now].")
@click.option("--format", "out_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text for people, json for scripts.")
@output_option
@tzdata_option
def next_runs(file: str, count: int, after: str | None, out_format: str, output: str | None,
              tzdata_source: str) -> None:
    """List the next backups of policy FILE: planned and actual local time, drift, flags.

    "planned" is the schedule's time on its day; "actual" is the local time the backup
    really runs at (Azure Backup keeps the offset of the day the policy was saved). Without
    clock.anchor the policy is taken as saved on the day of --after.
    """
    from policy.dst.flags import FlaggedRun, run_flags
    from policy.engine.frame import frozen_offset
    from policy.model.models import ClockMode
    from policy.model.zones import tzdata_for
    from policy.reports.drift import clock_sentence, header_json, run_json
    from policy.reports.project import iso_local

    policy = load_or_exit(file).policy
    tz = tzdata_for(tzdata_source)  # type: ignore[arg-type]
    zone = tz.zone(policy.timezone)
    after_at = parse_after(after, zone)
    anchor = policy.clock.anchor or after_at.astimezone(zone).date()
    fixed = policy.clock.mode is ClockMode.FIXED_OFFSET
    frozen = frozen_offset(zone, anchor) if fixed else None
    runs = [FlaggedRun(r, run_flags(r, run_window(policy)))
            for r in _collect(policy, after_at, anchor, count, tz)]
    if out_format == "json":
        doc = header_json(policy, tz.label, frozen) | {
            "after": iso_local(after_at.astimezone(zone)),
            "runs": [run_json(r) for r in runs]}
        write_result([json.dumps(doc, indent=2), "\n"], output, [file])
        return
    write_result([f"Next {len(runs)} backups of {policy.name} ({policy.timezone}) after "
                  f"{after_at.astimezone(zone):%Y-%m-%d %H:%M %Z}, tzdata {tz.label}\n",
                  clock_sentence(policy, frozen, anchor), "\n", _table(runs), "\n"],
                 output, [file])


def _collect(policy: Policy, after: datetime, anchor: date, count: int,
             tz: TzData) -> list[Run]:
    """The first ``count`` runs strictly after ``after`` (fewer if none come for 20 years)."""
    from policy.engine.projection import runs_between

    start, span = after + timedelta(seconds=1), timedelta(days=8)
    while True:
        try:
            runs = list(runs_between(policy, start, start + span, tz, anchor))
        except (OverflowError, ValueError):
            fail("the runs would fall outside the years 1 to 9999")
        if len(runs) >= count or span > MAX_SPAN:
            return runs[:count]
        span *= 4


def _table(runs: list[FlaggedRun]) -> str:
    from policy.reports.drift import run_table

    return "\n".join(run_table([(r.run, r.flags) for r in runs]))
