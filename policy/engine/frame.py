"""Runs in the frame clock and where they land in time (SPEC §4), as compact rows.

The frame is the clock the stored schedule is evaluated in: a constant offset frozen at the
anchor (``fixed-offset``, how Azure Backup behaves) or the zone's own wall clock
(``wall-clock``, the administrator's intent). Every scheduled frame date ``d`` and time
``T`` give a run at ``F = d + T``; this module maps ``F`` to an instant, applying the gap
and fold rules in wall-clock mode, and decides the run's tiers and expiry
(``policy.engine.retention``).

A run is a ``Row`` tuple of integers so that a century of runs costs a fraction of a
second; ``policy.engine.projection`` turns rows into ``Run`` objects only when asked.
"""

from __future__ import annotations

import calendar
from bisect import bisect_left
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta, tzinfo

from policy.engine.offsets import DAY, EPOCH_ORDINAL, OffsetMap, offset_map
from policy.engine.retention import DAILY, Rules, expiry_locals, rules_of
from policy.model.models import ClockMode, FoldRule, Frequency, GapRule, Policy

NORMAL, NONEXISTENT, AMBIGUOUS = 0, 1, 2
#: Added to a row's ``wall`` code when the run landed on the instant of an earlier-framed
#: run and was merged into it (SPEC §6 "runs at one instant"): no point of its own.
MERGED = 3
YMD = tuple[int, int, int]


Row = tuple[int, int, int, int, int, int, bool]
"""One run: POSIX ``instant`` (its would-be position when skipped), frame ``local``
seconds, tier ``bits``, ``governing`` tier bit (0: none), POSIX ``expires`` (-1: none),
``wall`` code (+ ``MERGED`` for a run merged into another) and ``skipped``. Plain tuples:
a named tuple costs a third of the engine."""
INSTANT, LOCAL, BITS, GOVERNING, EXPIRES, WALL, SKIPPED = range(7)
_Slot = tuple[int, int, int, int | None]
"""A schedule time on a clean day: its tier bits, and the seconds from its frame time, its
instant and its daily expiry (``None``: found run by run) to the day's reference second
(``Frame._slots``)."""


def frozen_offset(zone: tzinfo, anchor: date) -> timedelta:
    """The offset Azure Backup freezes: the zone's UTC offset at local noon on the anchor."""
    off = datetime.combine(anchor, time(12), zone).utcoffset()
    assert off is not None
    return off


class Frame:
    """Everything needed to turn frame dates into rows for one policy, zone and anchor."""

    def __init__(self, policy: Policy, zone: tzinfo, anchor: date, start: int, end: int):
        self.policy = policy
        self.rules: Rules = rules_of(policy)
        self.start, self.end = start, end
        self.wall_clock = policy.clock.mode is ClockMode.WALL_CLOCK
        self.offset = frozen_offset(zone, anchor) // timedelta(seconds=1)
        # Expiries lie up to the longest tier beyond the horizon: map them too.
        reach = end + (self.rules.longest_days() + 1) * DAY
        self.omap: OffsetMap | None = offset_map(zone, start, reach) if self.wall_clock else None
        self._clean: dict[int, int | None] = {}
        self.reordered = False
        self.expiry_instant: Callable[[int], int] = (
            self._wall_expiry if self.omap is not None else self._fixed)
        sched = policy.schedule
        self.weekly = sched.frequency is Frequency.WEEKLY
        self.days = frozenset(d.ordinal for d in sched.days or ())
        self.every = sched.weeks_interval
        self.anchor_monday = anchor.toordinal() - anchor.weekday()

    def _fixed(self, local: int) -> int:
        return local - self.offset

    def _wall_expiry(self, local: int) -> int:
        """``fold=0`` instant of an expiry, with the day's offset cached (most days are clean)."""
        assert self.omap is not None
        day = local // DAY
        offset = self._clean.get(day, _UNKNOWN)
        if offset == _UNKNOWN:
            offset = self._clean[day] = _clean_day_offset(self.omap, day * DAY)
        return self.omap.fold0(local) if offset is None else local - offset

    def rows(self) -> list[Row]:
        """Every run with ``start <= instant < end``, in time order.

        The loop is written flat on purpose: it runs ~100,000 times for a century of
        three-a-day runs. A run on a clean day (no gap or fold) that is only a daily point
        takes the short path, its times its day's reference second less amounts worked
        out once per pair of offsets (``_slots``); everything else goes through
        ``_wall``/``_emit``.
        """
        out: list[Row] = []
        append = out.append
        start, end, rules = self.start, self.end, self.rules
        daily_span = rules.keep[0] * DAY
        fixed, omap = self.offset, self.omap
        run_day = exp_day = _constant(fixed)
        if omap is not None:
            run_day, exp_day = _clean_days(omap), _clean_days(omap)
        first = (start - 2 * DAY) // DAY + EPOCH_ORDINAL
        last = (end + 2 * DAY) // DAY + EPOCH_ORDINAL
        bits_of: dict[int, int] = {}
        # Names the loop reads on every run, bound once.
        time_bits, day_bits_of, weekly, wall_clock = (
            rules.time_bits, rules.day_bits, self.weekly, omap is not None)
        emit, expiry_instant, daily, normal = self._emit, self.expiry_instant, DAILY, NORMAL
        slots_of: dict[tuple[int, int | None], tuple[_Slot, ...]] = {}
        slots, ahead = self._slots(fixed, fixed), self._ahead
        was: int | None = fixed
        was_exp: int | None = fixed
        for year, month, day, ordinal, month_days in _days(first, last):
            weekday = (ordinal - 1) % 7
            if weekly and not self._scheduled(ordinal, weekday):
                continue
            key = (((month << 5 | day) << 3 | weekday) << 5) | month_days
            day_bits = bits_of.get(key)
            if day_bits is None:
                day_bits = bits_of[key] = day_bits_of(day, month, weekday, month_days)
            base = (ordinal - EPOCH_ORDINAL) * DAY
            if wall_clock:
                offset, exp_offset = run_day(base), exp_day(base + daily_span)
                if offset is None:  # a gap or fold touches the day
                    for tod, slot_bits in time_bits:
                        self._wall(out, base + tod, day_bits & slot_bits, (year, month, day))
                    continue
                if offset != was or exp_offset != was_exp:  # offsets changed since
                    was, was_exp = offset, exp_offset
                    found = slots_of.get((offset, exp_offset))
                    slots = found or slots_of.setdefault(
                        (offset, exp_offset), self._slots(offset, exp_offset))
            top = base + ahead
            for slot_bits, back_local, back_instant, back_expiry in slots:
                instant = top - back_instant
                if instant < start or instant >= end:
                    continue
                bits = day_bits & slot_bits
                if bits == daily:
                    append((instant, top - back_local, daily, daily,
                            top - back_expiry if back_expiry is not None
                            else expiry_instant(top - back_local + daily_span), normal, False))
                elif not bits:  # a run no tier keeps (an hourly snapshot-only slot)
                    append((instant, top - back_local, 0, 0, -1, normal, False))
                else:
                    emit(out, instant, top - back_local, bits, normal, (year, month, day))
        if self.reordered:  # gap/fold rules can move a run past the next one
            out.sort()
            out = self._merge(out)
        return out

    def _slots(self, offset: int, exp_offset: int | None) -> tuple[_Slot, ...]:
        """Each schedule time of a clean day whose runs are at ``offset`` and whose daily
        expiries at ``exp_offset`` (``None``: a gap or fold that day), as amounts before the
        day's start plus ``_ahead``.

        The run's times are that reference second less those amounts, not the day's start
        plus others: CPython gives the sum of a large and a small int room for a carry
        digit and keeps it (48 bytes, not 32), three times per run; 5 MB over a century.
        """
        span, ahead = self.rules.keep[0] * DAY, self._ahead
        return tuple((bits, ahead - tod, ahead - (tod - offset), None if exp_offset is None
                      else ahead - (tod + span - exp_offset)) for tod, bits in self.rules.time_bits)

    @property
    def _ahead(self) -> int:
        """More than any amount of ``_slots`` from a day's start: a time of day, an offset
        and the daily tier's span."""
        return (self.rules.keep[0] + 3) * DAY

    def _merge(self, rows: list[Row]) -> list[Row]:
        """Runs that land on one instant are one backup (SPEC §6): the earliest frame keeps
        the point, with the union of the tiers; the others keep no tier and are ``MERGED``.

        Only the gap and fold rules can map two frame times to one instant (02:30 shifted
        onto a 03:30 run, two frame days in Apia 2011), so only reordered rows are looked at.
        """
        out: list[Row] = []
        keep = -1
        for row in rows:
            if (keep >= 0 and not row[SKIPPED] and row[INSTANT] == out[keep][INSTANT]):
                first = out[keep]
                out[keep] = self._row(first[INSTANT], first[LOCAL], first[BITS] | row[BITS],
                                      first[WALL])
                out.append((row[INSTANT], row[LOCAL], 0, 0, -1, row[WALL] + MERGED, False))
                continue
            if not row[SKIPPED]:
                keep = len(out)
            out.append(row)
        return out

    def _row(self, instant: int, local: int, bits: int, wall: int) -> Row:
        """The row of a run whose tiers are ``bits`` (expiry counted from its frame time)."""
        day = date.fromordinal(local // DAY + EPOCH_ORDINAL)
        found: list[Row] = []
        self._emit(found, instant, local, bits, wall, (day.year, day.month, day.day))
        return found[0]

    def _scheduled(self, ordinal: int, weekday: int) -> bool:
        if weekday not in self.days:
            return False
        return (ordinal - weekday - self.anchor_monday) // 7 % self.every == 0

    def _wall(self, out: list[Row], local: int, bits: int, ymd: YMD) -> None:
        """Map a wall-clock frame time near an offset change (gap and fold rules)."""
        assert self.omap is not None
        omap, clock = self.omap, self.policy.clock
        self.reordered = True
        k = omap.change_near(local)
        if k < 0:
            self._emit(out, local - omap.offset_outside(local), local, bits, NORMAL, ymd)
        elif omap.after[k] > omap.before[k]:
            if clock.gap is GapRule.SKIP:
                # SPEC §8: a skipped run is listed where its frame time would fall, i.e.
                # in the gap, at the change instant (ties keep frame order). The shifted
                # instant can lie a day later (Apia 2011) and would reorder the runs.
                if self.start <= omap.at[k] < self.end:
                    out.append((omap.at[k], local, bits, 0, -1, NONEXISTENT, True))
            elif clock.gap is GapRule.NEXT_VALID:
                self._emit(out, omap.at[k], local, bits, NONEXISTENT, ymd)
            else:
                self._emit(out, local - omap.before[k], local, bits, NONEXISTENT, ymd)
        else:
            if clock.fold is not FoldRule.SECOND:
                self._emit(out, local - omap.before[k], local, bits, AMBIGUOUS, ymd)
            if clock.fold is not FoldRule.FIRST:
                self._emit(out, local - omap.after[k], local, bits, AMBIGUOUS, ymd)

    def _emit(self, out: list[Row], instant: int, local: int, bits: int, wall: int,
              ymd: YMD) -> None:
        if not self.start <= instant < self.end:
            return
        if not bits:
            out.append((instant, local, 0, 0, -1, wall, False))
            return
        tiers = expiry_locals(self.rules, bits, local, *ymd)
        if self.rules.by_tier:
            governing, expiry = tiers[-1]
            expires = self.expiry_instant(expiry)
        else:  # the latest expiry governs; on a tie the highest tier (tiers: lowest first)
            if self.omap is None:  # one constant offset: compare frame expiries directly
                offset = self.offset
            else:  # a gap can map two frame expiries to one instant
                offset = 0
                tiers = [(b, self.expiry_instant(e)) for b, e in tiers]
            governing, expires = tiers[0]
            for b, e in tiers:
                if e >= expires:
                    expires, governing = e, b
            expires -= offset
        out.append((instant, local, bits, governing, expires, wall, False))


_UNKNOWN = -(2**62)


def _days(first: int, last: int) -> Iterator[tuple[int, int, int, int, int]]:
    """(year, month, day, ordinal, days in the month) for each ordinal in ``[first, last]``."""
    d = date.fromordinal(first)
    year, month, day, ordinal = d.year, d.month, d.day, first
    while ordinal <= last:
        month_days = calendar.monthrange(year, month)[1]
        stop = min(month_days, day + last - ordinal)
        for dd in range(day, stop + 1):
            yield year, month, dd, ordinal + dd - day, month_days
        ordinal += stop - day + 1
        day = 1
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _constant(offset: int) -> Callable[[int], int | None]:
    return lambda base: offset


def _clean_days(omap: OffsetMap) -> Callable[[int], int | None]:
    """``_clean_day_offset`` for days asked in increasing order, walking a pointer."""
    lo, hi, after, first = omap.lo, omap.hi, omap.after, omap.first
    n, k = len(lo), 0

    def offset(base: int) -> int | None:
        nonlocal k
        stop = base + DAY
        while k < n and lo[k] < stop:
            k += 1
        if k and hi[k - 1] > base:
            return None
        return after[k - 1] if k else first

    return offset


def _clean_day_offset(omap: OffsetMap, base: int) -> int | None:
    """The one offset of a local day touched by no gap or fold, else ``None``."""
    k = bisect_left(omap.lo, base + DAY)
    if k and omap.hi[k - 1] > base:
        return None
    return omap.after[k - 1] if k else omap.first
