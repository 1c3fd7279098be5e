"""``retention drift``: the DST drift of a policy over a horizon, and how to fix it."""

from __future__ import annotations

import sys
from datetime import date

import click

from policy.cli.common import (
    DATE,
    EXIT_FINDINGS,
    EXIT_OK,
    FROM_HELP,
    TO_HELP,
    YEARS_HELP,
    WholeOption,
    fail,
    load_or_exit,
    tzdata_option,
)
from policy.cli.common import horizon as common_horizon
from policy.cli.output import output_option, write_result
from policy.dst.names import FLAGS, GATE_FLAGS


def horizon(start: date | None, end: date | None, years: int | None) -> tuple[date, date]:
    """``--from``/``--to``/``--years`` as local dates (default: today and one year on)."""
    return common_horizon(start, end, years)


date_type = DATE


@click.command()
@click.argument("file", type=click.Path(allow_dash=True))
@click.option("--from", "start", type=date_type, default=None, help=FROM_HELP)
@click.option("--to", "end", type=date_type, default=None, help=TO_HELP)
@click.option("--years", type=WholeOption(1, 200), default=None, help=YEARS_HELP)
@click.option("--format", "out_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text for people, json for scripts (keys: docs/commands.md).")
@click.option("--fail-on-drift", is_flag=True,
              help="Exit 1 when a backup changes what is kept or when: it lands on another "
                   "date, weekday, month or year, leaves the window, is skipped, or falls in "
                   "a gap or fold. A run that is only shifted within its day does not count.")
@click.option("--fail-on", "fail_on", metavar="FLAG,...", default=None,
              help="Exit 1 when a run carries any of these flags (comma-separated, from: "
                   + ", ".join(FLAGS) + "). Implies --fail-on-drift with this set.")
@output_option
@tzdata_option
def drift(file: str, start: date | None, end: date | None, years: int | None,
          out_format: str, fail_on_drift: bool, fail_on: str | None, output: str | None,
          tzdata_source: str) -> None:
    """Show how daylight saving time moves the backups of policy FILE, and how to fix it.

    Azure Backup keeps the UTC offset of the day a policy was saved and never moves the
    backup hour for DST. This lists the zone's clock changes, every backup that runs at
    another local time, date or outside the window, what that does to the weekly, monthly
    and yearly points, and the fixes: robust backup times and a re-save plan.
    """
    from policy.dst.drift import analyse
    from policy.dst.flags import flag_sets
    from policy.model.errors import PolicyError
    from policy.model.zones import tzdata_for
    from policy.reports.drift import drift_text

    gate = _gate(fail_on) if fail_on is not None else (GATE_FLAGS if fail_on_drift else None)
    loaded = load_or_exit(file)
    first, last = horizon(start, end, years)
    try:
        report = analyse(loaded.policy, first, last, tzdata_for(tzdata_source))  # type: ignore[arg-type]
    except (PolicyError, KeyError) as exc:
        fail(str(exc))
    except (OverflowError, ValueError):
        fail(f"cannot analyse {first} to {last}: too close to the year 1 or 9999")
    if out_format == "json":
        from policy.reports.exports import drift_json_chunks

        write_result(drift_json_chunks(report), output, [file])
    else:
        write_result([drift_text(report)], output, [file])
    failing = gate is not None and any(gate.intersection(f) for f in flag_sets(report.runs))
    sys.exit(EXIT_FINDINGS if failing else EXIT_OK)


def _gate(text: str) -> frozenset[str]:
    """The flags of ``--fail-on``, or exit 2 naming the unknown one."""
    chosen = [f.strip() for f in text.split(",") if f.strip()]
    if not chosen:
        fail(f"--fail-on needs at least one flag, from: {', '.join(FLAGS)}")
    for flag in chosen:
        if flag not in FLAGS:
            fail(f"--fail-on: unknown flag {flag!r}; allowed: {', '.join(FLAGS)}")
    return frozenset(chosen)
