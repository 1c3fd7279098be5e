"""DST drift analysis (SPEC §6): which runs move, what that does to the tiers, and fixes.

Azure Backup freezes the UTC offset of the day a policy is saved and never moves the
backup hour for DST. A 23:30 Berlin backup saved in January runs at 00:30 CEST all summer:
on the next local date, so the "Sunday" weekly point is taken on Monday and the month-end
point on the 1st. This module reads a projection (``policy.engine.projection``; it never
generates runs itself) and says so in plain words:

- **flags** of each run: how its actual local time differs from the intended one;
- **periods**: maximal stretches of consecutive flagged runs with the same drift;
- **tier effects**: weekly/monthly/yearly points that land on another day, or are skipped;
- **remedies**: the re-anchor plan (re-save the policy after each offset change) and,
  per schedule time, whether it is robust and the nearest robust times around it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from policy.dst.effects import TierEffect, tier_effects
from policy.dst.flags import (
    BREAKING,
    FlaggedRun,
    Period,
    flagged_runs,
    periods,
    run_flags,
)
from policy.dst.names import FLAGS
from policy.dst.robust import RobustTime, nearest_robust, robust_times, time_probe
from policy.dst.transitions import Transition, format_offset, offset_at, transitions
from policy.engine.projection import Projection, local_midnight, project
from policy.files.document import to_data
from policy.model.errors import Problem
from policy.model.models import (
    TIER_NAMES,
    ClockMode,
    Frequency,
    Policy,
    format_time,
    parse_clock_time,
)
from policy.model.validation import build_policy
from policy.model.zones import BUNDLED, TzData

__all__ = ["FLAGS", "DriftReport", "FlaggedRun", "Period", "Reanchor", "RobustTime",
           "TierEffect", "analyse", "apply_anchor", "apply_time", "reanchor_plan",
           "robust_times", "run_flags"]
_HALF_HOUR = timedelta(minutes=30)


@dataclass(frozen=True)
class Reanchor:
    """Re-save the policy on ``date`` (after the change): ``offset`` then becomes frozen."""

    date: dt.date
    offset: timedelta


@dataclass(frozen=True)
class DriftReport:
    """Everything ``retention drift`` reports for one policy over one horizon."""

    projection: Projection
    transitions: tuple[Transition, ...]
    runs: Sequence[FlaggedRun]
    """Built run by run when asked for (``policy.dst.flags.FlaggedRuns``)."""
    periods: tuple[Period, ...]
    effects: tuple[TierEffect, ...]
    reanchor: tuple[Reanchor, ...]
    robust_times: tuple[RobustTime, ...]

    @property
    def policy(self) -> Policy:
        return self.projection.policy

    @property
    def drifting(self) -> bool:
        """Whether any run is flagged."""
        return bool(self.runs)


# --- remedies ---------------------------------------------------------------------------


def reanchor_plan(policy: Policy, start: date, end: date,
                  tz: TzData = BUNDLED) -> list[Reanchor]:
    """For each offset change in ``[start, end)``: the day to re-save and the new offset.

    The day is the first local date whose noon (the instant SPEC §4 freezes the offset
    at) falls after the change, so re-saving that day freezes the new offset. Empty in
    wall-clock mode, which follows the zone's clock by itself.
    """
    if policy.clock.mode is ClockMode.WALL_CLOCK:
        return []
    zone = tz.zone(policy.timezone)
    changes = transitions(zone, local_midnight(zone, start), local_midnight(zone, end))
    return _plan(zone, changes)


def _plan(zone: Any, changes: Iterable[Transition]) -> list[Reanchor]:
    return [_reanchor(zone, t) for t in changes]


def _reanchor(zone: Any, change: Transition) -> Reanchor:
    day = change.local_after.date()
    if change.local_after.time() > time(12):
        day += timedelta(days=1)
    return Reanchor(day, offset_at(zone, _noon(zone, day)))


def _noon(zone: Any, day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=zone)


# --- the report and edits ---------------------------------------------------------------


def analyse(policy: Policy, start: date, end: date, tz: TzData = BUNDLED,
            projection: Projection | None = None) -> DriftReport:
    """The full drift report of ``policy`` over the local dates ``[start, end)``.
    ``projection``: that very projection (``project(policy, start, end, tz)``) when the
    caller has it already, as the designer's calendar does."""
    if projection is None:
        projection = project(policy, start, end, tz)
    zone = tz.zone(policy.timezone)
    changes = tuple(transitions(zone, projection.start, projection.end))
    flagged = flagged_runs(projection, changes=changes)
    found = periods(flagged)
    fixed = policy.clock.mode is ClockMode.FIXED_OFFSET
    return DriftReport(
        projection=projection,
        transitions=changes,
        runs=flagged,
        periods=found,
        effects=tier_effects(policy, found, flagged),
        reanchor=tuple(_plan(zone, changes) if fixed else ()),
        robust_times=robust_times(policy, start, end, tz, changes),
    )


def apply_time(policy: Policy, old: time, new: time) -> Policy:
    """``policy`` with schedule time ``old`` replaced by ``new`` (also in tiers' times).

    Raises ``PolicyInvalid`` when the result is not a valid policy (``new`` already listed).
    """
    data = to_data(policy)
    if policy.schedule.frequency is Frequency.HOURLY:
        return _apply_hourly(policy, data, old, new)
    data["schedule"]["times"] = _replaced(data["schedule"]["times"], old, new)
    for tier in TIER_NAMES:
        body = data["retention"].get(tier)
        if isinstance(body, dict) and "times" in body:
            body["times"] = _replaced(body["times"], old, new)
    return build_policy(data)


def _apply_hourly(policy: Policy, data: dict[str, Any], old: time, new: time) -> Policy:
    """An hourly schedule moves as a whole: the window and every tier's time shift by
    ``new - old`` (its slots keep their spacing)."""
    day = date(2000, 1, 1)
    delta = datetime.combine(day, new) - datetime.combine(day, old)

    def shifted(value: str) -> str:
        return format_time((datetime.combine(day, parse_clock_time(value)) + delta).time())

    data["schedule"]["window_start"] = shifted(data["schedule"]["window_start"])
    for tier in TIER_NAMES:
        body = data["retention"].get(tier)
        if isinstance(body, dict) and "times" in body:
            body["times"] = [shifted(v) for v in body["times"]]
    return build_policy(data)


def _replaced(values: Iterable[str], old: time, new: time) -> list[str]:
    return [format_time(new) if v == format_time(old) else v for v in values]


def apply_anchor(policy: Policy, anchor: date) -> Policy:
    """``policy`` with ``clock.anchor`` set (re-saved that day), validated."""
    data = to_data(policy)
    data["clock"] = dict(data.get("clock", {})) | {"anchor": anchor}
    return build_policy(data)


# --- the validation warning (SPEC §3) ---------------------------------------------------


def drift_warnings(policy: Policy, today: date, tz: TzData = BUNDLED) -> list[Problem]:
    """SPEC §3: under fixed-offset, runs of the next 366 days that change date or leave
    the window. One warning per schedule time, at ``schedule.times`` when a robust time
    exists to switch to, else at ``clock`` (only re-saving or wall-clock helps).
    """
    if policy.clock.mode is not ClockMode.FIXED_OFFSET:
        return []
    end = today + timedelta(days=366)
    projection = project(policy, today, end, tz)
    moved: dict[time, list[FlaggedRun]] = {}
    for flagged in flagged_runs(projection):
        if BREAKING & set(flagged.flags):
            moved.setdefault(flagged.run.frame.time(), []).append(flagged)
    if not moved:
        return []
    robust = time_probe(policy, today, end, tz)
    return [_warning(projection, t, runs, robust) for t, runs in sorted(moved.items())]


def _warning(projection: Projection, t: time, runs: list[FlaggedRun],
             robust: Callable[[time], bool]) -> Problem:
    first, last = runs[0].run, runs[-1].run
    assert first.local is not None and projection.frozen_offset is not None
    where = ("the next day" if first.local.date() > first.frame.date() else
             "the day before" if first.local.date() < first.frame.date() else
             "outside the window")
    suggest = [s for s in (nearest_robust(robust, t, -_HALF_HOUR),
                           nearest_robust(robust, t, _HALF_HOUR)) if s is not None]
    fix = (f"use {' or '.join(format_time(s) for s in suggest)}" if suggest
           else "re-save the policy after each clock change")
    field = ("schedule.window_start" if projection.policy.schedule.frequency
             is Frequency.HOURLY else "schedule.times")
    return Problem(
        field if suggest else "clock",
        f"{format_time(t)} runs at {first.local:%H:%M %Z} {where} {_times(len(runs))} in "
        f"the next 366 days (first {first.frame.date()}, last {last.frame.date()}): "
        f"fixed-offset keeps {format_offset(projection.frozen_offset)}, the offset "
        f"of {projection.anchor}, and Azure Backup does not adjust for DST; {fix} "
        "(details: retention drift)",
        severity="warning",
    )


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"
