"""The recovery-point calendar: every run of a horizon, its tiers and expiry, and what is
restorable when (SPEC §4–§5). Pure functions of their arguments; results are immutable.

``project()`` computes compact rows (``policy.engine.frame``) and builds ``Run`` objects only
when they are asked for, so the designer can call it on every keystroke; the peak alive
count (§5.4) needs its own, longer window and is computed on first use.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from functools import cached_property, lru_cache
from itertools import accumulate
from operator import itemgetter
from typing import Literal

from policy.engine.frame import AMBIGUOUS, MERGED, NONEXISTENT, Frame, Row, frozen_offset
from policy.engine.frame import EXPIRES as _EXP
from policy.engine.frame import GOVERNING as _GOV
from policy.engine.frame import INSTANT as _AT
from policy.engine.frame import SKIPPED as _SKIP
from policy.engine.frame import WALL as _WALL_CODE
from policy.engine.offsets import DAY, instant_of, local_midnight, naive_of, seconds_of
from policy.engine.retention import NAMES_OF, rules_of
from policy.model.errors import PolicyError, Problem
from policy.model.models import TIER_NAMES, ClockMode, Policy, TierName
from policy.model.rules import MAX_POINTS, UNITS, effective_times
from policy.model.zones import BUNDLED, TzData

__all__ = ["Projection", "Run", "local_midnight", "peak_alive", "peak_breakdown",
           "point_limit_findings", "project", "runs_between"]

_WALL: tuple[Literal["normal", "nonexistent", "ambiguous"], ...] = (
    "normal", "nonexistent", "ambiguous")
_MINUTE = timedelta(minutes=1)
_TIER_OF_BIT: dict[int, TierName] = {1: "daily", 2: "weekly", 4: "monthly", 8: "yearly"}
assert NONEXISTENT == 1 and AMBIGUOUS == 2


@dataclass(frozen=True, slots=True)
class Run:
    """One backup run: its frame time, where it lands, its tiers and its expiry."""

    frame: datetime
    """Naive frame datetime ``F = d + T``."""
    instant: datetime | None
    """Aware UTC; ``None`` only for a run dropped by ``gap: skip``."""
    local: datetime | None
    """Aware, in the policy's zone."""
    drift_minutes: int | None
    """Local wall time minus ``F``, in minutes."""
    tiers: tuple[TierName, ...]
    """Lowest first; empty: not a recovery point."""
    governing: TierName | None
    """The tier whose expiry the point uses (§5.3)."""
    expires: datetime | None
    """Aware UTC."""
    wall: Literal["normal", "nonexistent", "ambiguous"]
    """Where ``F`` falls on the zone's wall clock (wall-clock mode; else ``normal``)."""
    skipped: bool
    """Dropped by ``gap: skip`` (still listed: a missing backup must be visible)."""
    merged: bool = False
    """Landed on the instant of an earlier-framed run and merged into its point (SPEC §6):
    one backup, so this run is no point of its own."""

    @property
    def retained(self) -> bool:
        """Whether the run is a recovery point: at least one tier and not skipped."""
        return bool(self.tiers) and not self.skipped


def run_of(row: Row, zone: tzinfo) -> Run:
    """The ``Run`` of a compact row."""
    at, local_seconds, bits, gov, expiry, wall, skipped = row
    frame = naive_of(local_seconds)
    tiers = NAMES_OF[bits]
    merged = wall >= MERGED
    if merged:
        wall -= MERGED
    if skipped:
        return Run(frame, None, None, None, tiers, None, None, _WALL[wall], True)
    instant = instant_of(at)
    local = instant.astimezone(zone)
    drift = (local.replace(tzinfo=None) - frame) // _MINUTE
    expires = instant_of(expiry) if gov else None
    return Run(frame, instant, local, drift, tiers, _TIER_OF_BIT.get(gov), expires, _WALL[wall],
               False, merged)


@dataclass(frozen=True)
class Projection:
    """The runs of a horizon ``[start, end)`` and the inventory they build up."""

    policy: Policy
    zone: tzinfo
    tzdata: str
    start: datetime
    end: datetime
    anchor: date
    frozen_offset: timedelta | None
    rows: tuple[Row, ...] = field(repr=False, compare=False)
    """The runs as compact rows (``policy.engine.frame.Row``), for fast consumers."""

    @cached_property
    def runs(self) -> tuple[Run, ...]:
        """Every run of the horizon in time order (skipped ones at their frame position)."""
        zone = self.zone
        return tuple(run_of(r, zone) for r in self.rows)

    @cached_property
    def taken(self) -> int:
        """How many backups happen in the horizon: every run but those ``gap: skip`` dropped
        and those merged into another run at the same instant (one backup, SPEC §6).

        Only the wall clock's gap and fold rules skip or merge runs: under a fixed offset
        every row is a backup of its own, and a century need not be walked to say so."""
        if self.frozen_offset is not None:
            return len(self.rows)
        return sum(1 for r in self.rows if not r[_SKIP] and r[_WALL_CODE] < MERGED)

    @property
    def skipped(self) -> int:
        """How many runs ``gap: skip`` dropped (listed in ``runs``, never taken); none under
        a fixed offset, where no gap rule applies."""
        if self.frozen_offset is not None:
            return 0
        return sum(1 for r in self.rows if r[_SKIP])

    @property
    def merged(self) -> int:
        """How many runs landed on the instant of another run and were merged into it; none
        under a fixed offset, where no fold or gap rule applies."""
        if self.frozen_offset is not None:
            return 0
        return sum(1 for r in self.rows if r[_WALL_CODE] >= MERGED)

    def points(self) -> tuple[Run, ...]:
        """The retained runs of the horizon, in time order."""
        zone = self.zone
        if "runs" in self.__dict__:
            return tuple(r for r in self.runs if r.retained)
        return tuple(run_of(r, zone) for r in self.rows if r[_GOV])

    def _alive_rows(self, at: datetime) -> Iterator[Row]:
        """The rows of the points alive at ``at``, read only among those taken within the
        longest tier's reach before it (plus two days for offset changes): a century of
        rows need not be walked for the last few years' points."""
        x = seconds_of(at)
        rows = self.rows
        lo = bisect_left(rows, x - (self._longest_days + 2) * DAY, key=_instant)
        hi = bisect_right(rows, x, key=_instant)
        return (r for r in rows[lo:hi] if r[_GOV] and x < r[_EXP])

    @cached_property
    def _longest_days(self) -> int:
        return rules_of(self.policy).longest_days()

    def alive_at(self, at: datetime) -> tuple[Run, ...]:
        """The points restorable at instant ``at`` (``instant <= at < expires``)."""
        return tuple(run_of(r, self.zone) for r in self._alive_rows(at))

    def alive_by_tier(self, at: datetime) -> dict[TierName, int]:
        """How many points are restorable at ``at``, by governing tier (all four keys)."""
        counts = dict.fromkeys(TIER_NAMES, 0)
        for r in self._alive_rows(at):
            counts[_TIER_OF_BIT[r[_GOV]]] += 1
        return counts

    def oldest_by_tier(self, at: datetime) -> dict[TierName, Run | None]:
        """The oldest point restorable at ``at`` per governing tier (``None``: none)."""
        oldest: dict[TierName, Run | None] = dict.fromkeys(TIER_NAMES)
        for r in self._alive_rows(at):
            name = _TIER_OF_BIT[r[_GOV]]
            if oldest[name] is None:
                oldest[name] = run_of(r, self.zone)
        return oldest

    @cached_property
    def window_rows(self) -> tuple[Row, ...]:
        """The runs of the peak window ``[start, window_end]`` (SPEC §5.4), as rows."""
        start = seconds_of(self.start)
        stop = _peak_stop(self.policy, start)
        if seconds_of(self.end) >= stop:
            return self.rows[:bisect_left(self.rows, stop, key=_instant)]
        return _window_rows(self.policy, self.zone, self.anchor, start, stop)

    @property
    def window_end(self) -> datetime:
        """The last instant of the peak window (included): ``start + L + 366 days``."""
        return instant_of(_peak_stop(self.policy, seconds_of(self.start)) - 1)

    @cached_property
    def _peak(self) -> tuple[int, datetime]:
        return _sweep(self.window_rows, self.start)

    @property
    def peak_alive(self) -> int:
        """The most points alive at once, from an empty vault at ``start`` (SPEC §5.4)."""
        return self._peak[0]

    @property
    def peak_at(self) -> datetime:
        """The instant at which ``peak_alive`` is first reached."""
        return self._peak[1]


_DELTA = (-1, 1)
_instant = itemgetter(_AT)


def _sweep(rows: Iterable[Row], start: datetime) -> tuple[int, datetime]:
    """Peak of ``#created <= X`` minus ``#expired <= X`` and where it is first reached.

    Events are encoded as integers so one C-level sort orders them: an expiry at ``e`` is
    ``2e`` and a creation at ``u`` is ``2u + 1``, so at equal instants expiries come first
    (a point is no longer alive at its expiry instant).
    """
    points = [r for r in rows if r[_GOV]]
    events = [2 * r[_AT] + 1 for r in points]
    events += [2 * r[_EXP] for r in points]
    if not events:
        return 0, start
    events.sort()
    counts = list(accumulate(map(_DELTA.__getitem__, map((1).__and__, events))))
    peak = max(counts)
    return peak, instant_of(events[counts.index(peak)] >> 1)


@lru_cache(maxsize=2)
def _window_rows(policy: Policy, zone: tzinfo, anchor: date, start: int, stop: int
                 ) -> tuple[Row, ...]:
    """The rows of the peak window ``[start, stop)``, remembered for the last two: the
    point-limit check (``validate``) and the storage series of one analysis both need
    them, and for an hourly policy with a 10-year tier they are 16,000 rows."""
    return tuple(Frame(policy, zone, anchor, start, stop).rows())


def _peak_stop(policy: Policy, start: int) -> int:
    """End (POSIX, excluded) of the peak window: ``S + L + 366 days`` included (SPEC §5.4)."""
    return start + (rules_of(policy).longest_days() + 366) * DAY + 1


def _horizon(policy: Policy, tz: TzData, start: date, end: date
             ) -> tuple[tzinfo, datetime, datetime, date]:
    if end <= start:
        raise PolicyError(f"the horizon is empty: 'to' ({end}) must be after 'from' ({start})")
    zone = tz.zone(policy.timezone)
    anchor = policy.clock.anchor or start
    return zone, local_midnight(zone, start), local_midnight(zone, end), anchor


def project(policy: Policy, start: date, end: date, tz: TzData = BUNDLED) -> Projection:
    """Project ``policy`` over the local dates ``[start, end)`` with an empty vault at start."""
    zone, lo, hi, anchor = _horizon(policy, tz, start, end)
    rows = Frame(policy, zone, anchor, seconds_of(lo), seconds_of(hi)).rows()
    fixed = policy.clock.mode is ClockMode.FIXED_OFFSET
    return Projection(
        policy=policy, zone=zone, tzdata=tz.label, start=lo, end=hi, anchor=anchor,
        frozen_offset=frozen_offset(zone, anchor) if fixed else None, rows=tuple(rows),
    )


def peak_alive(policy: Policy, start: date, tz: TzData = BUNDLED) -> tuple[int, datetime]:
    """The peak alive count (SPEC §5.4) from an empty vault at local date ``start``."""
    peak, at, _ = peak_breakdown(policy, start, tz)
    return peak, at


def peak_breakdown(policy: Policy, start: date, tz: TzData = BUNDLED
                   ) -> tuple[int, datetime, dict[TierName, int]]:
    """The peak alive count, where it is first reached, and its points by governing tier."""
    zone, lo, _, anchor = _horizon(policy, tz, start, start + timedelta(days=1))
    begin = seconds_of(lo)
    rows = _window_rows(policy, zone, anchor, begin, _peak_stop(policy, begin))
    peak, at = _sweep(rows, lo)
    x = seconds_of(at)
    counts = dict.fromkeys(TIER_NAMES, 0)
    for r in rows:
        if r[_GOV] and r[_AT] <= x < r[_EXP]:
            counts[_TIER_OF_BIT[r[_GOV]]] += 1
    return peak, at, counts


#: Peaks from here up to the limit get a warning (within 1 % of 9,999).
NEAR_LIMIT = MAX_POINTS - MAX_POINTS // 100


def point_limit_findings(policy: Policy, today: date, tz: TzData = BUNDLED) -> list[Problem]:
    """SPEC §3: the peak alive count must not exceed Azure's 9,999 points per instance."""
    peak, _, counts = peak_breakdown(policy, today, tz)
    parts = [_tier_story(policy, name, n) for name, n in counts.items() if n]
    if peak <= MAX_POINTS:
        if peak < NEAR_LIMIT:
            return []
        # SPEC §5.4: a later calendar alignment or tz rule can exceed the peak window's
        # count by a point or two, so a peak within 1 % of the limit is worth a warning.
        return [Problem("retention", (
            f"the vault would hold up to {peak:,} recovery points ({'; '.join(parts)}), "
            f"within 1 % of Azure's limit of {MAX_POINTS:,} per protected instance: a later "
            "calendar alignment or time zone rule can exceed it"), severity="warning")]
    return [Problem("retention", (
        f"the vault would hold up to {peak:,} recovery points ({'; '.join(parts)}), more than "
        f"Azure's limit of {MAX_POINTS:,} per protected instance; keep fewer points or "
        "fewer runs a day"))]


def _tier_story(policy: Policy, name: TierName, count: int) -> str:
    """``3 runs a day kept 9,999 days → 29,997 points``."""
    tier = policy.retention.tiers()[name]
    times = len(effective_times(policy, name))
    runs = f"{times} run{'s' if times != 1 else ''}"
    where = {"daily": f"{runs} a day", "weekly": f"{name} points ({runs} a day)",
             "monthly": f"{name} points", "yearly": f"{name} points"}[name]
    return f"{where} kept {tier.keep:,} {UNITS[name]} → {count:,} points"


def runs_between(policy: Policy, start: datetime, end: datetime, tz: TzData = BUNDLED,
                 anchor: date | None = None) -> Iterator[Run]:
    """Every run with ``start <= instant < end`` (aware instants), in time order.

    ``anchor`` defaults to ``clock.anchor`` or, without one, the local date of ``start``.
    Skipped runs (``gap: skip``) appear where their frame time would fall.
    """
    zone = tz.zone(policy.timezone)
    if anchor is None:
        anchor = policy.clock.anchor or start.astimezone(zone).date()
    rows = Frame(policy, zone, anchor, seconds_of(start), seconds_of(end)).rows()
    return (run_of(r, zone) for r in rows)
