"""Warnings for the traps users fall into with a valid policy (validate, check, designer).

- **Off weeks**: a weekly schedule that runs every 2nd-4th week has no run on the chosen
  monthly or yearly day whenever that day falls in an off week, so the tier silently keeps
  fewer points than its placement names ("last Saturday" of a month is in an off week about
  half the time with ``every_weeks: 2``). Counted over the first two years (monthly) or ten
  years (yearly) from the anchor, on frame dates, exactly as the engine places points.
- **No anchor**: without ``clock.anchor`` the frozen offset (fixed-offset, in a zone whose
  offset changes) and the week count of ``every_weeks`` are taken from the start date of
  each question, so answers change with the day you ask.

Each warning is only raised when the trap is real for this policy: a policy without it
gets none.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta

from policy.dst.transitions import transitions
from policy.engine.retention import Placement, placement
from policy.model.errors import Problem
from policy.model.models import ClockMode, Frequency, MonthlyTier, Policy, YearlyTier
from policy.model.zones import BUNDLED, TzData

_SPAN_YEARS = {"monthly": 2, "yearly": 10}


def trap_warnings(policy: Policy, today: date, tz: TzData = BUNDLED) -> list[Problem]:
    """The trap warnings of a structurally valid policy (``today`` stands in for a missing
    anchor, as the projection does)."""
    found = list(_off_week_warnings(policy, policy.clock.anchor or today))
    anchor = _anchor_warning(policy, today, tz)
    if anchor is not None:
        found.append(anchor)
    return found


def _off_week_warnings(policy: Policy, anchor: date) -> list[Problem]:
    sched = policy.schedule
    if sched.frequency is not Frequency.WEEKLY or sched.weeks_interval == 1:
        return []
    every = sched.weeks_interval
    days = frozenset(d.ordinal for d in sched.days or ())
    anchor_monday = anchor.toordinal() - anchor.weekday()

    def runs_on(day: date) -> bool:
        weeks = (day.toordinal() - day.weekday() - anchor_monday) // 7
        return day.weekday() in days and weeks % every == 0

    found = []
    tiers: list[tuple[str, MonthlyTier | YearlyTier | None]] = [
        ("monthly", policy.retention.monthly), ("yearly", policy.retention.yearly)]
    for name, tier in tiers:
        if tier is None:
            continue
        months = None if isinstance(tier, MonthlyTier) else {m.number for m in tier.months}
        placed = _placed_days(placement(tier), anchor, _SPAN_YEARS[name], months)
        missed = [d for d in placed if not runs_on(d)]
        if missed:
            years = _SPAN_YEARS[name]
            found.append(Problem(
                f"retention.{name}",
                f"keeps {len(placed) - len(missed)} of {len(placed)} {name} points over "
                f"{years} years from {anchor.isoformat()}: {_describe(tier, len(missed))} "
                f"in an off week of every_weeks: {every}, when no backup runs (first: "
                f"{missed[0].isoformat()})",
                severity="warning",
            ))
    return found


def _placed_days(place: Placement, anchor: date, years: int,
                 months: set[int] | None) -> list[date]:
    """The frame dates ``place`` names in ``years`` years of months from the anchor's month."""
    found = []
    year, month = anchor.year, anchor.month
    for _ in range(12 * years):
        if months is None or month in months:
            length = calendar.monthrange(year, month)[1]
            for day in range(1, length + 1):
                d = date(year, month, day)
                if d >= anchor and place.holds(day, d.weekday(), length):
                    found.append(d)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _describe(tier: MonthlyTier | YearlyTier, count: int) -> str:
    """'in 11 months the last Saturday falls' in words, from the tier's placement."""
    weeks = " or ".join(w.value for w in tier.weeks or ())
    weekdays = " or ".join(d.value.capitalize() for d in tier.weekdays or ())
    times = "1 placement" if count == 1 else f"{count} placements"
    return f"{times} of the {weeks} {weekdays} fall"


def _anchor_warning(policy: Policy, today: date, tz: TzData) -> Problem | None:
    if policy.clock.anchor is not None:
        return None
    why = []
    if policy.clock.mode is ClockMode.FIXED_OFFSET and _offset_changes(policy, today, tz):
        why.append("the frozen UTC offset")
    if policy.schedule.frequency is Frequency.WEEKLY and policy.schedule.weeks_interval > 1:
        why.append(f"which weeks run (every_weeks: {policy.schedule.weeks_interval})")
    if not why:
        return None
    verb = "depends" if len(why) == 1 else "depend"
    return Problem(
        "clock.anchor",
        f"no clock.anchor: {' and '.join(why)} {verb} on the date you ask for, so answers "
        f"change from one day to the next; set clock.anchor to the date the policy was (or "
        f"will be) saved in Azure",
        severity="warning",
    )


def _offset_changes(policy: Policy, today: date, tz: TzData) -> bool:
    """Whether the zone's UTC offset changes within a year either side of ``today``."""
    zone = tz.zone(policy.timezone)
    start = datetime.combine(today - timedelta(days=366), time(12), zone)
    end = datetime.combine(today + timedelta(days=366), time(12), zone)
    return bool(transitions(zone, start, end))

