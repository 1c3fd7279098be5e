"""Tier effects in plain words (SPEC §6): weekly, monthly and yearly points that are taken
on another day than the one chosen, or not at all.

Written for someone who has never heard the word "frame": "the Sunday weekly point is
taken Monday 00:30 CEST from 2026-03-29 to 2026-10-24: 30 points", "the last-day-of-month
point of 2026-06-30 is taken 2026-07-01 00:30 CEST". Weekly points are grouped per drift
period (there are many); monthly and yearly points are listed one by one (each matters).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate, compress, count
from operator import itemgetter
from typing import Any

from policy.dst.flags import FlaggedRun, FlaggedRuns, Period
from policy.engine.frame import BITS
from policy.engine.projection import Run
from policy.engine.retention import DAILY
from policy.model.models import TIER_NAMES, Policy, TierName


@dataclass(frozen=True)
class TierEffect:
    """A weekly/monthly/yearly point taken on another day than chosen, or not at all."""

    tier: TierName
    first: date
    last: date
    points: int
    sentence: str


def tier_effects(policy: Policy, found: Sequence[Period],
                 flagged: Sequence[FlaggedRun]) -> tuple[TierEffect, ...]:
    """Plain-word effects on the weekly, monthly and yearly points, in time order.

    ``flagged`` are the flagged runs in time order and ``found`` the periods made of them
    (``policy.dst.flags.periods``): each period holds the next ``count`` flagged runs.
    """
    effects: list[TierEffect] = []
    groups: dict[tuple[Any, ...], list[Run]] = {}
    for item, period in _candidates(flagged, found):
        run, flags = item.run, item.flags
        for tier in run.tiers:
            if tier == "daily":
                continue
            if "skipped" in flags:
                effects.append(_skipped_effect(policy, tier, run))
            elif "date-changed" in flags and tier == "weekly":
                assert run.local is not None
                key = (period, run.frame.weekday(), run.local.weekday(),
                       run.local.strftime("%H:%M %Z"))
                groups.setdefault(key, []).append(run)
            elif "date-changed" in flags:
                effects.append(_moved_effect(policy, tier, run))
    effects.extend(_weekly_effect(found[key[0]], runs) for key, runs in groups.items())
    return tuple(sorted(effects, key=lambda e: (e.first, TIER_NAMES.index(e.tier))))


def _candidates(flagged: Sequence[FlaggedRun], found: Sequence[Period]
                ) -> Iterator[tuple[FlaggedRun, int]]:
    """The flagged runs that can have a tier effect (a weekly, monthly or yearly point that
    changed date or was skipped), with the index of their period; of a lazy sequence only
    those runs are built, and only the few with such a tier are looked at (C-level maps
    pick them among tens of thousands)."""
    ends = list(accumulate(p.count for p in found))  # one past each period's last run
    assert (ends[-1] if ends else 0) == len(flagged)
    if not isinstance(flagged, FlaggedRuns):
        for k, item in enumerate(flagged):
            yield item, bisect_right(ends, k)
        return
    rows, flags, indices = flagged.rows, flagged.all_flags, flagged.indices
    kept = map((~DAILY).__and__, map(_BITS, map(rows.__getitem__, indices)))
    for k in compress(count(), kept):
        mark = flags[indices[k]]
        if "skipped" in mark or "date-changed" in mark:
            yield flagged[k], bisect_right(ends, k)


_BITS = itemgetter(BITS)


def _weekly_effect(period: Period, runs: list[Run]) -> TierEffect:
    first = runs[0]
    assert first.local is not None
    sentence = (f"the {first.frame:%A} weekly point is taken {first.local:%A %H:%M %Z} from "
                f"{period.first} to {period.last}: {_points(len(runs))}")
    return TierEffect("weekly", period.first, period.last, len(runs), sentence)


def _moved_effect(policy: Policy, tier: TierName, run: Run) -> TierEffect:
    assert run.local is not None
    day = run.frame.date()
    words = placement_words(policy, tier, day)
    sentence = f"the {words} point of {day} is taken {run.local:%Y-%m-%d %H:%M %Z}"
    return TierEffect(tier, day, day, 1, sentence)


def _skipped_effect(policy: Policy, tier: TierName, run: Run) -> TierEffect:
    day = run.frame.date()
    words = placement_words(policy, tier, day)
    sentence = (f"the {words} point of {day} is not taken: {run.frame:%H:%M} does not exist "
                "that day and clock.gap is skip")
    return TierEffect(tier, day, day, 1, sentence)


def placement_words(policy: Policy, tier: TierName, day: date) -> str:
    """How a point of ``tier`` on ``day`` was chosen: ``Sunday weekly``, ``last-day-of-month``."""
    if tier in ("daily", "weekly"):
        return f"{day:%A} {tier}"
    placed = policy.retention.monthly if tier == "monthly" else policy.retention.yearly
    assert placed is not None
    if placed.days_of_month is not None:
        what = (f"{_ordinal(day.day)}-of-month" if day.day in placed.days_of_month
                else "last-day-of-month")
    else:
        weeks = placed.weeks or ()
        week = next((w.value for w in weeks if _in_week(day, w.value)), "last")
        what = f"{week}-{day:%A}-of-month"
    return what if tier == "monthly" else f"yearly {what.replace('month', f'{day:%B}')}"


def _in_week(day: date, week: str) -> bool:
    if week == "last":
        nxt = day + timedelta(days=7)
        return nxt.month != day.month
    return (day.day - 1) // 7 == ("first", "second", "third", "fourth").index(week)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _points(n: int) -> str:
    return f"{n} point" if n == 1 else f"{n} points"


