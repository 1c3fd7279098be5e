"""Robust backup times (SPEC §6 remedy 2): schedule times whose runs never change local
date or leave the window over a horizon, and the nearest robust times around one that does.

A time is judged by projecting the policy with only that time (``policy.engine.projection``; this
module generates no runs itself). Projecting a whole century for each of up to 48
candidate times cost seconds, so the projection covers only *sample spans* that are
guaranteed to contain a run of every kind the horizon holds:

- ``fixed-offset``: between two offset changes the zone's offset ``o`` is constant, so
  every run there lands at ``F + (o - O)`` (``O`` the frozen offset) and gets the same flags.
  One run per distinct offset decides: each stretch of constant offset is sampled over its
  first ``sample_span`` (enough for a run of the schedule: two days for a daily one, a
  cycle and a day for every k-th week) until a stretch with that offset yields a run.
- ``wall-clock``: a run whose frame time is normal lands at exactly ``F``, so one normal
  run decides for all of them (sampled as above); the only other runs are those in a gap or
  fold, which lie within a day or two of an offset change: every change is sampled around it.

Samples are projected over the horizon's own instants, so the verdict is exactly that of a
projection of the whole horizon (``tests/test_drift.py`` compares both).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from itertools import pairwise

from policy.dst.flags import BREAKING, run_flags
from policy.dst.transitions import Transition, transitions
from policy.engine.projection import local_midnight, runs_between
from policy.files.document import to_data
from policy.model.enhanced import run_window
from policy.model.models import TIER_NAMES, ClockMode, Frequency, Policy, format_time
from policy.model.validation import build_policy
from policy.model.zones import BUNDLED, TzData

__all__ = ["RobustTime", "nearest_robust", "robust_times", "sample_span", "time_probe"]

#: Margin around an offset change within which gap and fold runs land (Apia's gap is a day).
_MARGIN = timedelta(days=2)
_HALF_HOUR = timedelta(minutes=30)
Span = tuple[datetime, datetime]
#: A group of sample spans, and whether one normal run in it is enough to stop sampling.
Group = tuple[tuple[Span, ...], bool]


@dataclass(frozen=True)
class RobustTime:
    """Whether a schedule time keeps every run on its date and in the window."""

    time: dt.time
    robust: bool
    suggest: tuple[dt.time, ...]


def robust_times(policy: Policy, start: date, end: date, tz: TzData = BUNDLED,
                 changes: Sequence[Transition] | None = None) -> tuple[RobustTime, ...]:
    """For each schedule time: robust or not, and the nearest robust times around it.

    A time is robust when no run at it in the horizon changes local date or leaves the
    window. Suggestions are half-hour times, the nearest before and the nearest after
    (each within 12 hours), the earlier one first. ``changes`` are the zone's offset
    changes over the horizon when the caller has them already.
    """
    robust = time_probe(policy, start, end, tz, changes)
    found: list[RobustTime] = []
    for t in policy.schedule.times:
        if robust(t):
            found.append(RobustTime(t, True, ()))
            continue
        around = (nearest_robust(robust, t, -_HALF_HOUR), nearest_robust(robust, t, _HALF_HOUR))
        found.append(RobustTime(t, False, tuple(s for s in around if s is not None)))
    return tuple(found)


def nearest_robust(robust: Callable[[time], bool], t: time, step: timedelta) -> time | None:
    """The first robust time ``t + k * step`` for k = 1..24 (within 12 hours), or ``None``."""
    at = datetime.combine(date(2000, 1, 1), t)
    for k in range(1, 25):
        candidate = (at + k * step).time()
        if robust(candidate):
            return candidate
    return None


def time_probe(policy: Policy, start: date, end: date, tz: TzData = BUNDLED,
               changes: Sequence[Transition] | None = None) -> Callable[[time], bool]:
    """A cached test "is this schedule time robust over the local dates ``[start, end)``"."""
    zone = tz.zone(policy.timezone)
    lo, hi = local_midnight(zone, start), local_midnight(zone, end)
    if changes is None:
        changes = transitions(zone, lo, hi)
    groups = sample_groups(policy.clock.mode, lo, hi, changes, sample_span(policy))
    anchor = policy.clock.anchor or start
    window = run_window(policy)

    def robust(t: time) -> bool:
        single = only_time(policy, t)
        for spans, one_is_enough in groups:
            for a, b in spans:
                runs = list(runs_between(single, a, b, tz, anchor))
                if any(BREAKING & set(run_flags(r, window)) for r in runs):
                    return False
                if one_is_enough and any(r.wall == "normal" for r in runs):
                    break
        return True

    return cache(robust)


def sample_span(policy: Policy) -> timedelta:
    """A length of time that holds a run at any one schedule time, wherever it starts:
    a day of a daily (or hourly) schedule has one, a weekly one every ``every_weeks``
    weeks; the extra day covers a run moved by the zone's offset."""
    if policy.schedule.frequency is Frequency.WEEKLY:
        return timedelta(days=7 * policy.schedule.weeks_interval + 1)
    return timedelta(days=2)


def sample_groups(mode: ClockMode, lo: datetime, hi: datetime,
                  changes: Sequence[Transition], span: timedelta) -> list[Group]:
    """The sample spans of the horizon ``[lo, hi)`` (see the module docstring), each at
    most ``span`` long."""
    bounds = [lo, *(c.at for c in changes), hi]
    stretches = list(pairwise(bounds))
    heads = [(a, min(b, a + span)) for a, b in stretches if a < b]
    if mode is ClockMode.WALL_CLOCK:
        around = tuple((max(lo, c.at - _MARGIN), min(hi, c.at + abs(c.delta) + _MARGIN))
                       for c in changes)
        return [(tuple(heads), True), (around, False)]
    by_offset: dict[timedelta, list[Span]] = {}
    offsets = [changes[0].offset_before if changes else None,
               *(c.offset_after for c in changes)]
    for (a, b), offset in zip(stretches, offsets, strict=True):
        if a < b:
            by_offset.setdefault(offset or timedelta(0), []).append((a, min(b, a + span)))
    return [(tuple(spans), True) for spans in by_offset.values()]


def only_time(policy: Policy, t: time) -> Policy:
    """``policy`` scheduled at ``t`` alone (tiers' own ``times`` dropped), validated."""
    data = to_data(policy)
    if policy.schedule.frequency is Frequency.HOURLY:
        # One slot of an hourly schedule runs like a daily schedule at that time.
        data["schedule"] = {"frequency": "daily"}
    data["schedule"] = data["schedule"] | {"times": [format_time(t)]}
    for tier in TIER_NAMES:
        if isinstance(data["retention"].get(tier), dict):
            data["retention"][tier] = {k: v for k, v in data["retention"][tier].items()
                                       if k != "times"}
    return build_policy(data)
