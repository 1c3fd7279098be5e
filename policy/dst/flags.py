"""Run flags and drift periods (SPEC §6): how a run's actual local time differs from the
intended one, and the stretches of consecutive runs that drift alike.

A flag compares the run's actual local time with its frame datetime ``F = d + T``, the
time the administrator chose: ``shifted`` when the wall time differs, ``date-changed``
(and weekday/month/year) when the run lands on another local date, ``outside-window`` when
it leaves the allowed hours, and ``nonexistent``/``ambiguous``/``skipped`` for wall-clock
runs in a gap or fold. A skipped run is reported too: a silently missing backup is the
worst outcome.

Flags are computed on integer seconds (``policy.engine.offsets``): a century of runs is flagged
from the projection's compact rows, and ``Run`` objects are built only for flagged runs.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import compress, groupby, pairwise
from operator import itemgetter
from typing import overload

from policy.dst.names import FLAGS
from policy.dst.transitions import Transition, offset_at, transitions
from policy.engine.frame import BITS, INSTANT, LOCAL, MERGED, Row
from policy.engine.offsets import DAY, EPOCH_ORDINAL, local_seconds_of, seconds_of
from policy.engine.projection import Projection, Run, run_of
from policy.engine.retention import NAMES_OF
from policy.model.enhanced import run_window
from policy.model.models import TIER_NAMES, TierName, Window

#: Flags that make a schedule time not robust (SPEC §6 remedies).
BREAKING = frozenset({"date-changed", "outside-window"})
#: ``wall`` codes of ``policy.engine.frame`` rows, and the ``Run.wall`` names, as flags.
_WALL_FLAG = ((), ("nonexistent",), ("ambiguous",))
_WALL_CODE = {"normal": 0, "nonexistent": 1, "ambiguous": 2}
_MERGED = MERGED  # added to the wall code of a merged run
_NEVER = 2**62
Flags = Sequence[tuple[str, ...]]
Hours = tuple[int, int] | None
"""A window as (start, end) seconds of the day, or ``None``: no window."""


@dataclass(frozen=True)
class FlaggedRun:
    """A run with at least one flag."""

    run: Run
    flags: tuple[str, ...]
    index: int = -1
    """Position among all runs of its projection (consecutive runs differ by one)."""


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
    actual = None if run.local is None else local_seconds_of(run.local.replace(tzinfo=None))
    wall = _WALL_CODE[run.wall] + (_MERGED if run.merged else 0)
    return _flags(local_seconds_of(run.frame), actual, wall, run.skipped, _hours(window))


def _hours(window: Window | None) -> Hours:
    if window is None:
        return None
    return (window.start.hour * 3600 + window.start.minute * 60,
            window.end.hour * 3600 + window.end.minute * 60)


def _flags(frame: int, actual: int | None, wall: int, skipped: bool,
           hours: Hours) -> tuple[str, ...]:
    """Flags from local seconds: the frame time ``F`` and the actual wall time (None: not run)."""
    found: list[str] = []
    if actual is not None:
        if (actual - frame) // 60:
            found.append("shifted")
        day, local_day = frame // DAY, actual // DAY
        if local_day != day:
            found.append("date-changed")
            if (local_day - day) % 7:
                found.append("weekday-changed")
            planned, landed = _date(day), _date(local_day)
            if (planned.year, planned.month) != (landed.year, landed.month):
                found.append("month-changed")
            if planned.year != landed.year:
                found.append("year-changed")
        if hours is not None and not _inside(actual % DAY, hours):
            found.append("outside-window")
    found.extend(_WALL_FLAG[wall % _MERGED])
    if skipped:
        found.append("skipped")
    if wall >= _MERGED:
        found.append("merged")
    return tuple(found)


def _date(day: int) -> date:
    return date.fromordinal(day + EPOCH_ORDINAL)


def _inside(second: int, hours: tuple[int, int]) -> bool:
    start, end = hours
    return start <= second < end if start < end else second >= start or second < end


def all_flags(projection: Projection,
              changes: Sequence[Transition] | None = None) -> Flags:
    """The flags of every run of ``projection`` (empty for an unflagged run), in run order.

    Computed from the compact rows with the zone's offset changes over the horizon
    (``changes``, found again when not given): the actual wall time of a run at instant
    ``u`` is ``u`` plus the offset in force at ``u``.
    """
    return _scan(projection, changes)[0]


def _scan(projection: Projection, changes: Sequence[Transition] | None
          ) -> tuple[list[tuple[str, ...]], list[int | None]]:
    """The flags and the drift in minutes (``None``: skipped) of every run.

    A run's flags depend only on its frame time of day, its drift in seconds, its wall code
    and, when it lands on another date, whether that date is in another month or year: runs
    sharing those share one flags tuple (a century holds a few dozen such classes).
    """
    zone, start = projection.zone, projection.start
    if changes is None:
        changes = transitions(zone, start, projection.end)
    at = [seconds_of(c.at) for c in changes]
    offsets = [_seconds(offset_at(zone, start)), *(_seconds(c.offset_after) for c in changes)]
    hours = _hours(run_window(projection.policy))
    if projection.frozen_offset is not None:
        return _fixed_scan(projection.rows, at, offsets, _seconds(projection.frozen_offset),
                           hours)
    found: list[tuple[str, ...]] = []
    drifts: list[int | None] = []
    add_flags, add_drift = found.append, drifts.append
    classes: dict[tuple[int, ...], tuple[str, ...]] = {}
    get = classes.get
    months = _Months()
    k, n = 0, len(at)
    next_change = at[0] if n else _NEVER
    offset = offsets[0]
    for instant, frame, _, _, _, wall, skipped in projection.rows:
        if instant >= next_change:  # the loop is hot: the offset changes a few times a year
            while k < n and at[k] <= instant:
                k += 1
            offset = offsets[k]
            next_change = at[k] if k < n else _NEVER
        if skipped:
            add_flags(_flags(frame, None, wall, True, hours))
            add_drift(None)
            continue
        actual = instant + offset
        day = frame // DAY
        local_day = actual // DAY
        shift = actual - frame
        if day == local_day:
            key: tuple[int, ...] = (frame - day * DAY, shift, wall)
        else:
            (year, month), (to_year, to_month) = months[day], months[local_day]
            key = (frame - day * DAY, shift, wall, year != to_year, month != to_month)
        flags = get(key)
        if flags is None:
            flags = classes[key] = _flags(frame, actual, wall, False, hours)
        add_flags(flags)
        add_drift(shift // 60)
    return found, drifts


def _fixed_scan(rows: Sequence[Row], at: list[int], offsets: list[int], frozen: int,
                hours: Hours) -> tuple[list[tuple[str, ...]], list[int | None]]:
    """``_scan`` of a fixed-offset projection, a stretch of constant offset at a time.

    Every run of such a projection lands at its frame time less the frozen offset, on
    the wall clock's normal side (no gap or fold rule applies): between two offset changes
    all its runs drift alike, so a run's flags depend on its time of day alone, and on
    whether the date it lands on is in another month or year. Each stretch is flagged
    through a table by time of day with C-level maps (a century of three runs a day is
    110,000 runs); only the runs near a month's end that land on another date are looked at
    one by one.
    """
    found: list[tuple[str, ...]] = []
    drifts: list[int | None] = []
    bounds = [0, *(bisect_left(rows, a, key=_INSTANT) for a in at), len(rows)]
    months = _Months()
    moved: dict[tuple[int, ...], tuple[str, ...]] = {}
    for (i, j), offset in zip(pairwise(bounds), offsets, strict=True):
        if i == j:
            continue
        shift = offset - frozen
        frames = list(map(_LOCAL, rows[i:j]))
        tods = [f % DAY for f in frames]
        # The days a run at each time of day moves. A move that stays in its month is
        # flagged as if from 15 January 1970 (frame day 14); the runs less than that many
        # days from a month's start (all of them, for a move of two weeks) run by run.
        days = {tod: (tod + shift) // DAY for tod in set(tods)}
        table = {tod: _flags(14 * DAY + tod, 14 * DAY + tod + shift, 0, False, hours)
                 for tod in days}
        flags = list(map(table.__getitem__, tods))
        reach = max(map(abs, days.values()))
        if reach:
            for k in _near_month_ends(frames, reach):
                frame, tod = frames[k], tods[k]
                day, to_day = frame // DAY, frame // DAY + days[tod]
                key = (tod, days[tod], *months[day], *months[to_day])
                got = moved.get(key)
                if got is None:
                    got = moved[key] = _flags(frame, frame + shift, 0, False, hours)
                flags[k] = got
        found += flags
        drifts += [shift // 60] * (j - i)
    return found, drifts


def _near_month_ends(frames: list[int], reach: int) -> Iterator[int]:
    """Indices of the (sorted) frame times less than ``reach`` days from a month's start."""
    first, last = frames[0] // DAY, frames[-1] // DAY
    d = _date(first - reach)
    year, month = d.year, d.month
    while True:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        start = date(year, month, 1).toordinal() - EPOCH_ORDINAL
        if start - reach > last:
            return
        yield from range(bisect_left(frames, (start - reach) * DAY),
                         bisect_left(frames, (start + reach) * DAY))


_INSTANT = itemgetter(INSTANT)
_LOCAL = itemgetter(LOCAL)
_BITS = itemgetter(BITS)


class _Months(dict[int, tuple[int, int]]):
    """Day number → (year, month), made on first use."""

    def __missing__(self, day: int) -> tuple[int, int]:
        d = _date(day)
        found = self[day] = (d.year, d.month)
        return found


def _seconds(offset: timedelta) -> int:
    return offset // timedelta(seconds=1)


class FlaggedRuns(Sequence[FlaggedRun]):
    """The runs of a projection that carry at least one flag, in time order.

    A fixed-offset policy in a DST zone flags half its runs (55,000 in a century of three
    a day): each ``FlaggedRun`` (and its ``Run``) is built only when it is asked for, and
    periods, tier effects and gates read the rows, flags and drifts directly.
    """

    def __init__(self, projection: Projection, flags: Flags, drifts: Sequence[int | None]):
        self._projection = projection
        self._rows, self._zone = projection.rows, projection.zone
        self._flags, self._drifts = flags, drifts
        self.indices = tuple(compress(range(len(flags)), flags))

    @property
    def rows(self) -> Sequence[Row]:
        """Every row of the projection (``indices`` point into it)."""
        return self._rows

    @property
    def all_flags(self) -> Flags:
        """The flags of every run of the projection."""
        return self._flags

    @property
    def skipped(self) -> int:
        """How many of the runs ``gap: skip`` dropped (those flagged ``skipped``)."""
        return self._projection.skipped

    @property
    def drifts(self) -> Sequence[int | None]:
        """The drift in minutes of every run of the projection (``None``: skipped)."""
        return self._drifts

    def __len__(self) -> int:
        return len(self.indices)

    @overload
    def __getitem__(self, k: int) -> FlaggedRun: ...

    @overload
    def __getitem__(self, k: slice) -> tuple[FlaggedRun, ...]: ...

    def __getitem__(self, k: int | slice) -> FlaggedRun | tuple[FlaggedRun, ...]:
        if isinstance(k, slice):
            return tuple(self._item(i) for i in self.indices[k])
        return self._item(self.indices[k])

    def __iter__(self) -> Iterator[FlaggedRun]:
        return (self._item(i) for i in self.indices)

    def _item(self, i: int) -> FlaggedRun:
        return FlaggedRun(run_of(self._rows[i], self._zone), tuple(self._flags[i]), i)

    def flags(self) -> Iterator[tuple[str, ...]]:
        """The flags of each flagged run, without building the runs."""
        return (tuple(self._flags[i]) for i in self.indices)

    def facts(self) -> Iterator[tuple[int, Row, tuple[str, ...], int | None]]:
        """(run index, row, flags, drift minutes) of each flagged run."""
        rows, flags, drifts = self._rows, self._flags, self._drifts
        return ((i, rows[i], tuple(flags[i]), drifts[i]) for i in self.indices)


def flag_sets(flagged: Sequence[FlaggedRun]) -> Iterator[tuple[str, ...]]:
    """The flags of each run of ``flagged`` (without building lazy runs)."""
    if isinstance(flagged, FlaggedRuns):
        return flagged.flags()
    return (item.flags for item in flagged)


def flagged_runs(projection: Projection, flags: Flags | None = None,
                 changes: Sequence[Transition] | None = None) -> FlaggedRuns:
    """The runs of a projection that carry at least one flag, in time order."""
    found, drifts = _scan(projection, changes)
    return FlaggedRuns(projection, found if flags is None else flags, drifts)


# --- periods ----------------------------------------------------------------------------


def periods(flagged: Sequence[FlaggedRun]) -> tuple[Period, ...]:
    """Maximal runs of consecutive flagged runs sharing one drift.

    "Consecutive" among all runs in time order: an unflagged run ends a period.
    """
    if isinstance(flagged, FlaggedRuns):
        return _row_periods(flagged)
    found: list[Period] = []
    current: list[FlaggedRun] = []
    for item in flagged:
        if current and (item.index != current[-1].index + 1
                        or item.run.drift_minutes != current[0].run.drift_minutes):
            found.append(_period(current))
            current = []
        current.append(item)
    if current:
        found.append(_period(current))
    return tuple(found)


def _row_periods(flagged: FlaggedRuns) -> tuple[Period, ...]:
    """``periods`` read from the rows: the same answer without a ``Run`` per flagged run.

    A period is a stretch of consecutive runs, all flagged and drifting alike: each block
    of consecutive flagged runs is found by bisection (``indices[k] - k`` grows at each
    unflagged run) and split where the drift changes, and each period is summed up from
    slices of the rows, with C-level maps (a century holds tens of thousands of flagged
    runs in about a hundred periods)."""
    rows, flags, drifts = flagged.rows, flagged.all_flags, flagged.drifts
    indices = flagged.indices
    found: list[Period] = []
    a, n = 0, len(indices)
    while a < n:
        lo = indices[a]
        b = bisect_right(range(n), lo - a, lo=a, key=lambda k: indices[k] - k)
        for drift, same in groupby(drifts[lo:lo + b - a]):
            hi = lo + len(list(same))
            found.append(_row_period(rows, flags, drift, lo, hi))
            lo = hi
        a = b
    return tuple(found)


def _row_period(rows: Sequence[Row], flags: Flags, drift: int | None, lo: int, hi: int
                ) -> Period:
    """The period of the runs ``lo`` to ``hi`` (excluded), all flagged, drifting alike."""
    union = set().union(*set(flags[lo:hi]))  # the few distinct tuples, then their flags
    bits = bytes(map(_BITS, rows[lo:hi]))
    affected = dict.fromkeys(TIER_NAMES, 0)
    for value in set(bits):
        count = bits.count(value)
        for name in NAMES_OF[value]:
            affected[name] += count
    return Period(first=_date(rows[lo][LOCAL] // DAY), last=_date(rows[hi - 1][LOCAL] // DAY),
                  drift_minutes=drift, flags=tuple(f for f in FLAGS if f in union),
                  affected=affected, count=hi - lo)


def _period(runs: Sequence[FlaggedRun]) -> Period:
    flags = {f for r in runs for f in r.flags}
    return Period(
        first=runs[0].run.frame.date(), last=runs[-1].run.frame.date(),
        drift_minutes=runs[0].run.drift_minutes,
        flags=tuple(f for f in FLAGS if f in flags),
        affected={t: sum(t in r.run.tiers for r in runs) for t in TIER_NAMES},
        count=len(runs),
    )
