"""Run flags and drift periods (SPEC §6): how a run's actual local time differs from the
intended one, and the stretches of consecutive runs that drift alike.

A flag compares the run's actual local time with its frame datetime ``F = d + T``, the
time the administrator chose: ``shifted`` when the wall time differs, ``date-changed``
(and weekday/month/year) when the run lands on another local date, ``outside-window`` when
it leaves the allowed hours, and ``nonexistent``/``ambiguous``/``skipped`` for wall-clock
runs in a gap or fold. A skipped run is reported too: a silently missing backup is the
worst outcome.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from policy.models import TIER_NAMES, TierName, Window
from policy.projection import Projection, Run

#: Every flag, in the order reports list them (SPEC §6).
FLAGS: tuple[str, ...] = ("shifted", "date-changed", "weekday-changed", "month-changed",
                          "year-changed", "outside-window", "nonexistent", "ambiguous",
                          "skipped")
#: Flags that make a schedule time not robust (SPEC §6 remedies).
BREAKING = frozenset({"date-changed", "outside-window"})


@dataclass(frozen=True)
class FlaggedRun:
    """A run with at least one flag."""

    run: Run
    flags: tuple[str, ...]


@dataclass(frozen=True)
class Period:
    """Consecutive flagged runs with the same drift (``first``/``last`` are frame dates)."""

    first: date
    last: date
    drift_minutes: int | None
    flags: tuple[str, ...]
    affected: dict[TierName, int]
    count: int
    """How many runs the period holds."""


# --- flags ------------------------------------------------------------------------------


def run_flags(run: Run, window: Window | None) -> tuple[str, ...]:
    """The SPEC §6 flags of one run, in ``FLAGS`` order."""
    found: set[str] = set()
    if run.local is not None:
        day, local_day = run.frame.date(), run.local.date()
        if run.drift_minutes:
            found.add("shifted")
        if local_day != day:
            found.add("date-changed")
        if local_day.weekday() != day.weekday():
            found.add("weekday-changed")
        if (local_day.year, local_day.month) != (day.year, day.month):
            found.add("month-changed")
        if local_day.year != day.year:
            found.add("year-changed")
        if window is not None and not window.contains(run.local.time().replace(tzinfo=None)):
            found.add("outside-window")
    if run.wall != "normal":
        found.add(run.wall)
    if run.skipped:
        found.add("skipped")
    return tuple(f for f in FLAGS if f in found)


def flagged_runs(projection: Projection) -> tuple[FlaggedRun, ...]:
    """The runs of a projection that carry at least one flag, in time order."""
    window = projection.policy.window
    pairs = ((run, run_flags(run, window)) for run in projection.runs)
    return tuple(FlaggedRun(run, flags) for run, flags in pairs if flags)


def periods(projection: Projection) -> tuple[Period, ...]:
    """Maximal runs of consecutive flagged runs sharing one drift."""
    window = projection.policy.window
    found: list[Period] = []
    current: list[FlaggedRun] = []
    for run in projection.runs:
        flags = run_flags(run, window)
        if current and (not flags or run.drift_minutes != current[0].run.drift_minutes):
            found.append(_period(current))
            current = []
        if flags:
            current.append(FlaggedRun(run, flags))
    if current:
        found.append(_period(current))
    return tuple(found)


def _period(runs: Sequence[FlaggedRun]) -> Period:
    flags = {f for r in runs for f in r.flags}
    return Period(
        first=runs[0].run.frame.date(), last=runs[-1].run.frame.date(),
        drift_minutes=runs[0].run.drift_minutes,
        flags=tuple(f for f in FLAGS if f in flags),
        affected={t: sum(t in r.run.tiers for r in runs) for t in TIER_NAMES},
        count=len(runs),
    )


