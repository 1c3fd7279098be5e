"""``retention project`` output: the JSON summary and the texts every report shares (the
long JSON, CSV and iCalendar documents are streamed by ``exports``; text: ``project_text``).

Instants are written in UTC with ``Z``, local times with their offset, frame times without
one. Text output says durations the way people do ("kept 2 years 3 months", via pendulum)
and always names the tz data version (SPEC §7).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from typing import Any

from policy.dst.transitions import format_offset
from policy.engine.projection import Projection, Run
from policy.engine.snapshots import instant_restore
from policy.model.enhanced import clock_assumed
from policy.model.models import Pricing, Target


def iso_utc(instant: datetime | None) -> str | None:
    """``2026-01-04T20:00:00Z``."""
    if instant is None:
        return None
    return instant.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"


def iso_local(local: datetime | None) -> str | None:
    """``2026-01-04T21:00:00+01:00``."""
    return None if local is None else local.isoformat()


def point_json(run: Run) -> dict[str, Any]:
    """One entry of ``points`` (SPEC §8)."""
    return {
        "frame": run.frame.isoformat(), "instant": iso_utc(run.instant),
        "local": iso_local(run.local), "drift_minutes": run.drift_minutes,
        "tiers": list(run.tiers), "governing_tier": run.governing,
        "expires": iso_utc(run.expires),
    }


def summary_json(proj: Projection, as_of: datetime, pricing: Pricing | None = None
                 ) -> dict[str, Any]:
    """The ``retention project --format json`` document (SPEC §8) without its ``points``,
    which ``policy.reports.exports`` streams from the rows; with ``data:``, the ``storage``
    estimate (SPEC §12). ``peak_at`` is where ``peak_alive`` is first reached (it may lie
    after the horizon: the peak window of SPEC §5.4 runs until the vault is full)."""
    by_tier = proj.alive_by_tier(as_of)
    summary: dict[str, Any] = {"runs": proj.taken, "alive": sum(by_tier.values()),
                               "peak_alive": proj.peak_alive,
                               "peak_at": iso_utc(proj.peak_at), "alive_by_tier": by_tier}
    if proj.policy.target is Target.AZURE_VM:
        summary |= azure_vm_summary(proj, as_of)
    doc: dict[str, Any] = {
        "policy": proj.policy.name, "timezone": proj.policy.timezone, "tzdata": proj.tzdata,
        "from": iso_local(proj.start.astimezone(proj.zone)),
        "to": iso_local(proj.end.astimezone(proj.zone)),
        "as_of": iso_utc(as_of),
        "summary": summary,
    }
    from policy.engine.storage_report import storage_report
    from policy.reports.storage import storage_json

    report = storage_report(proj, as_of, pricing)
    if report is not None:
        doc["storage"] = storage_json(report)
    return doc


def azure_vm_summary(proj: Projection, as_of: datetime) -> dict[str, Any]:
    """Summary keys of Azure VM policies only (MARS documents keep SPEC §8's keys exactly).

    ``instant_restore``: the snapshots on the VM's disks at ``as_of`` and their peak, which
    are not vault points (``null`` without ``instant_restore_days``); ``clock``: the clock
    mode and whether it was assumed (Azure does not document it for enhanced policies).
    """
    found = instant_restore(proj, as_of)
    snapshots = None if found is None else {
        "days": found.days, "snapshots": found.snapshots, "peak": found.peak,
        "peak_at": iso_utc(found.peak_at)}
    frozen = proj.frozen_offset
    clock = {"mode": proj.policy.clock.mode.value,
             "frozen_offset": None if frozen is None else format_offset(frozen),
             "assumed": clock_assumed(proj.policy)}
    return {"instant_restore": snapshots, "clock": clock}


def drift_words(minutes: int | None) -> str:
    """``0``, ``+60m``, ``-30m``, ``+1440m``: a drift as every text report writes it (signed
    minutes, like ``drift_minutes`` in JSON); empty for a run that did not happen."""
    if minutes is None:
        return ""
    return f"{minutes:+d}m" if minutes else "0"


def horizon_words(proj: Projection) -> str:
    """The horizon as every report prints it: local first instants, the end excluded.

    ``2026-01-01 00:00 CET to 2027-01-01 00:00 CET (1 year)``: one convention for
    ``project``, ``drift`` and ``check``, as the options mean it (``--to`` is the local date
    after the last day).
    """
    return instants_words(proj.start, proj.end, proj.zone)


def instants_words(start: datetime, end: datetime, zone: tzinfo) -> str:
    """``[start, end)`` in ``zone`` as ``horizon_words`` prints it, for any report."""
    first, last = start.astimezone(zone), end.astimezone(zone)
    return (f"{first:%Y-%m-%d %H:%M %Z} to {last:%Y-%m-%d %H:%M %Z} "
            f"({span_words(first.date(), last.date())})")


def span_words(first: date, end: date) -> str:
    """``1 year``, ``2 years 6 months``, ``3 days``: the length of the local dates
    ``[first, end)`` in whole calendar units (a horizon is whole days; no clock import)."""
    months = (end.year - first.year) * 12 + end.month - first.month - (end.day < first.day)
    years, rest = divmod(max(months, 0), 12)
    words = [f"{n} {unit}{'s' if n != 1 else ''}"
             for n, unit in ((years, "year"), (rest, "month")) if n]
    if not words or _plus_months(first, months) != end:
        whole = max(months, 0)
        days = (end - _plus_months(first, whole)).days
        words = [*words, f"{days} day{'s' if days != 1 else ''}"] if days else words
    return " ".join(words) or "0 days"


def _plus_months(day: date, months: int) -> date:
    """``day`` moved ``months`` calendar months, the day clamped to the month's end."""
    import calendar

    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return day.replace(year=year, month=month + 1,
                       day=min(day.day, calendar.monthrange(year, month + 1)[1]))


def kept_for(start: datetime, end: datetime) -> str:
    """The two largest calendar units between two instants: ``2 years 3 months``."""
    import pendulum

    interval = pendulum.instance(end) - pendulum.instance(start)
    parts = [(interval.years, "year"), (interval.months, "month"),
             (interval.weeks, "week"), (interval.remaining_days, "day"),
             (interval.hours, "hour"), (interval.minutes, "minute")]
    if interval.years or interval.months or interval.weeks:
        parts = parts[:4]  # "6 years", not "6 years 30 minutes" across a DST change
    words = [f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n]
    return " ".join(words[:2]) if words else "0 minutes"


def ago(at: datetime, now: datetime) -> str:
    """``3 months ago`` / ``in 2 days`` relative to ``now``."""
    if at <= now:
        return f"{kept_for(at, now)} ago"
    return f"in {kept_for(now, at)}"
