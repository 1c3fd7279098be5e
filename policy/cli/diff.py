"""``retention diff OLD NEW --applied DATETIME``: what saving NEW over OLD does to the
recovery points already in the vault (SPEC §11).

``--applied`` is a local date-time in NEW's zone (the moment NEW is saved), or a date (its
first instant); an explicit offset or ``Z`` is honoured. A local time that does not exist
(DST gap) is read as PEP 495 ``fold=0`` does (02:30 → 03:30), an ambiguous one as its first
instant. ``--from`` is a local date in OLD's zone: OLD filled an empty vault from then.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime, tzinfo
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from policy.audit.diff_requirements import RequirementChange

from policy.cli.common import (
    DATE,
    EXIT_FINDINGS,
    EXIT_OK,
    fail,
    in_range,
    load_or_exit,
    parse_datetime_option,
    tzdata_option,
)
from policy.cli.output import output_option, write_result


def parse_applied(value: str, zone: tzinfo) -> datetime:
    """The aware UTC instant of ``--applied`` (local in ``zone`` unless it has an offset;
    a date is its first instant), parsed as every date-time option is."""
    from policy.engine.offsets import local_midnight

    parsed = parse_datetime_option(value, "--applied")
    if not isinstance(parsed, datetime):
        return local_midnight(zone, in_range(parsed, "--applied"))
    in_range(parsed.date(), "--applied")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone)
    return parsed.astimezone(UTC)


def parse_from(value: date | None) -> date | None:
    """``--from`` within the supported dates, or exit 2 naming the option."""
    return None if value is None else in_range(value, "--from")


@click.command()
@click.argument("old_file", metavar="OLD", type=click.Path(allow_dash=True))
@click.argument("new_file", metavar="NEW", type=click.Path(allow_dash=True))
@click.option("--applied", required=True, metavar="DATETIME",
              help="When NEW is saved: a local date-time in NEW's zone (2026-03-01T09:00), "
                   "or a date (its first instant).")
@click.option("--from", "start", type=DATE,
              help="Local date (YYYY-MM-DD, OLD's zone) from which OLD filled an empty vault "
                   "[default: OLD's longest tier duration before --applied].")
@click.option("--format", "out_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text for people, json (keys: docs/commands.md) for scripts.")
@click.option("--immutable", is_flag=True,
              help="The vault is immutable: exit 1 when any existing point would be pruned "
                   "or shortened (Azure refuses such a change).")
@output_option
@tzdata_option
def diff(old_file: str, new_file: str, applied: str, start: date | None, out_format: str,
         immutable: bool, output: str | None, tzdata_source: str) -> None:
    """Show what saving policy NEW over policy OLD does to the recovery points you have.

    Azure applies a retention change to every existing point: each keeps the tiers it was
    created with and gets NEW's retention for them, so shortening a tier prunes the points
    beyond it at the next clean-up, for good. This lists the existing points that are
    pruned, shortened, extended or unchanged (per tier, oldest first), and the alive and
    peak counts before and after, and with requirements in either file the due periods
    that lose their only covering point. Exit 0; 1 with --immutable when a point would
    lose retention, or when a requirement met before the change is not met after it;
    2 invalid input.
    """
    from policy.audit.diff import diff_policies
    from policy.audit.diff_effects import storage_change, vault_change
    from policy.audit.diff_report import immutable_violations, text_lines, to_json
    from policy.audit.diff_requirements import lost_lines, requirement_change
    from policy.model.errors import PolicyError
    from policy.model.zones import tzdata_for

    if old_file == "-" and new_file == "-":
        fail("OLD and NEW cannot both be read from standard input ('-')")
    old = load_or_exit(old_file).policy
    new = load_or_exit(new_file).policy
    tz = tzdata_for(tzdata_source)  # type: ignore[arg-type]
    try:
        at = parse_applied(applied, tz.zone(new.timezone))
        report = diff_policies(old, new, at, parse_from(start), tz)
    except KeyError as exc:
        fail(f"time zone {exc} is not in tzdata {tz.label}")
    except PolicyError as exc:
        fail(str(exc))
    except (OverflowError, ValueError):
        fail("cannot compute the change: the dates are too close to the year 1 or 9999")
    vault = vault_change(report)
    storage = storage_change(report, vault)
    needs = requirement_change(report)
    if out_format == "json":
        doc = to_json(report, vault, storage, immutable)
        doc["requirements"] = None if needs is None else requirements_json(needs)
        text = json.dumps(doc, indent=2)
    else:
        lines = text_lines(report, vault, storage, immutable)
        if needs is not None:
            applied_day = report.applied.astimezone(report.new_zone).date()
            lines += ["", "Requirements over the combined history:",
                      *lost_lines(needs, applied_day)]
        text = "\n".join(lines)
    write_result([text, "\n"], output, [old_file, new_file])
    bad = immutable and immutable_violations(report) > 0
    broken = needs is not None and bool(needs.broken)
    sys.exit(EXIT_FINDINGS if bad or broken else EXIT_OK)


def requirements_json(needs: RequirementChange) -> dict[str, Any]:
    """SPEC §11 ``requirements``: the §9 verdicts over the combined history, plus the due
    periods the change leaves uncovered and the requirements it breaks."""
    from policy.audit.evidence import report_json

    doc = report_json(needs.after)
    doc["lost"] = [{"index": lost.verdict.index, "label": lost.verdict.label,
                    "period": lost.failure.period, "day": lost.failure.day.isoformat(),
                    "required_until": lost.until.isoformat() if lost.until else None,
                    "cause": lost.failure.cause, "seen": lost.failure.seen.isoformat()}
                   for lost in needs.lost]
    doc["broken"] = [v.index for v in needs.broken]
    return doc
