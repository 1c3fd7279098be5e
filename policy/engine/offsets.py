"""Local wall time ↔ UTC as integer seconds: the fast path of the projection engine.

The projection maps hundreds of thousands of frame times to instants; building a
``datetime`` for each costs more than all the rest of the engine. So the engine works on
integer seconds: a naive local time ``L`` is "seconds since 1970-01-01 00:00 on the wall
clock", an instant ``u`` is POSIX seconds, and ``u = L - offset``. This module holds a
zone's offset changes as sorted lists and answers, for any ``L``, whether it is normal, in
a gap (nonexistent) or in a fold (ambiguous) and which offsets apply, exactly as
``zoneinfo`` does with PEP 495 ``fold=0``/``fold=1``:

- ``fold=0`` uses the offset in force *before* the change, in a gap and in a fold alike
  (a gap time then lands after the gap: 02:30 → 03:30; a fold time takes its first instant);
- ``fold=1`` uses the offset *after* the change.

Offset changes are found per UTC year, cached per zone and year. For a zone loaded from
TZif data (every zone of ``policy.model.zones``) the offset is asked on both sides of each
instant the data say it may change at (``policy.engine.tzif``: a few a year, where a daily
scan of a century asks 36,500 times), and a change between two such instants, which the
data rule out, would still be bisected. Any other ``tzinfo`` is sampled once a day and
each change bisected to the second (``scan_year``, also the tests' reference), which misses
only two changes less than a day apart that cancel out. Either way the offsets are
``zoneinfo``'s own (the brute-force tests compare both ways over every zone).
"""

from __future__ import annotations

import struct
from bisect import bisect_right
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache
from typing import Literal

from policy.engine.tzif import ZoneData, read
from policy.model.zones import tzif_data

Wall = Literal["normal", "nonexistent", "ambiguous"]

DAY = 86_400
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EPOCH_NAIVE = datetime(1970, 1, 1)
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
#: Sampling step of the scan in seconds; shorter than the time between any two offset
#: changes in the tz database (see ``policy.dst.transitions``), and several changes in one
#: step are found.
STEP = DAY


def seconds_of(instant: datetime) -> int:
    """POSIX seconds of an aware instant (whole seconds)."""
    return (instant - EPOCH) // timedelta(seconds=1)


def instant_of(seconds: int) -> datetime:
    """The aware UTC instant of POSIX ``seconds``."""
    return EPOCH + timedelta(seconds=seconds)


def naive_of(local_seconds: int) -> datetime:
    """The naive wall time of local seconds ``L``."""
    return EPOCH_NAIVE + timedelta(seconds=local_seconds)


def local_seconds_of(naive: datetime) -> int:
    """Local seconds ``L`` of a naive wall time."""
    return (naive - EPOCH_NAIVE) // timedelta(seconds=1)


_SECOND = timedelta(seconds=1)


def _offset(zone: tzinfo, seconds: int) -> int:
    """The zone's UTC offset (seconds) at POSIX ``seconds``.

    ``datetime.fromtimestamp(s, zone)`` is ``zone.fromutc`` of that instant done in one C
    call: three times faster than building the UTC datetime first (a century's daily scan
    makes 36,500 of these calls; its TZif candidates, about six a year).
    """
    off = datetime.fromtimestamp(seconds, zone).utcoffset()
    assert off is not None
    return off // _SECOND


@lru_cache(maxsize=4096)
def _year_changes(zone: tzinfo, year: int) -> tuple[int, tuple[tuple[int, int], ...]]:
    """(offset just before the year's first UTC second, ((at, offset after), ...)) for the
    changes of one UTC year, found at the candidates the zone's TZif data names, else by
    the daily scan."""
    lo = (date(year, 1, 1).toordinal() - EPOCH_ORDINAL) * DAY
    stop = (date(year + 1, 1, 1).toordinal() - EPOCH_ORDINAL) * DAY
    found = _zone_data(zone)
    candidates = None if found is None else found.candidates(year, lo, stop)
    if candidates is None:
        return scan_year(zone, year)
    # Sample each side of every candidate and the year's last second; a change between
    # two samples (none, if the data say all) is bisected like the scan's.
    samples = sorted({s for c in candidates for s in (c - 1, c) if s >= lo} | {stop - 1})
    return _changes(zone, lo - 1, samples)


def scan_year(zone: tzinfo, year: int, step: int = STEP
              ) -> tuple[int, tuple[tuple[int, int], ...]]:
    """``_year_changes`` found by sampling the zone every ``step`` seconds (the reference,
    and the way for a ``tzinfo`` without TZif data)."""
    lo = (date(year, 1, 1).toordinal() - EPOCH_ORDINAL) * DAY
    stop = (date(year + 1, 1, 1).toordinal() - EPOCH_ORDINAL) * DAY
    return _changes(zone, lo - 1, [*range(lo, stop - 1, step), stop - 1])


def _changes(zone: tzinfo, lo: int, samples: list[int]
             ) -> tuple[int, tuple[tuple[int, int], ...]]:
    """(offset at ``lo``, its changes in ``(lo, samples[-1]]``) from the offsets at the
    increasing ``samples``: one or more changes between two samples that differ are
    bisected one after the other (two that cancel out between samples are not seen)."""
    first = before = _offset(zone, lo)
    found: list[tuple[int, int]] = []
    for hi in samples:
        after = _offset(zone, hi)
        while after != before:  # one or more changes in (lo, hi]
            at = _bisect(zone, lo, hi, before)
            before = _offset(zone, at)
            found.append((at, before))
            lo = at
        lo = hi
    return first, tuple(found)


@lru_cache(maxsize=1024)
def _zone_data(zone: tzinfo) -> ZoneData | None:
    """What the TZif file of ``zone`` says of its changes (``None``: none, or unreadable)."""
    data = tzif_data(zone)
    if data is None:
        return None
    try:
        return read(data)
    except (ValueError, struct.error):
        return None


def _bisect(zone: tzinfo, lo: int, hi: int, before: int) -> int:
    """The first second in (lo, hi] whose offset differs from ``before``."""
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _offset(zone, mid) == before:
            lo = mid
        else:
            hi = mid
    return hi


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """A zone's offsets over a span of time, as sorted integer lists.

    ``at[k]`` is the POSIX second of the k-th change, ``before[k]``/``after[k]`` the offsets
    around it; ``lo[k]``/``hi[k]`` bound the stretch of local time it makes nonexistent
    (gap) or ambiguous (fold): ``[at + min(offsets), at + max(offsets))``.
    """

    first: int
    at: tuple[int, ...]
    before: tuple[int, ...]
    after: tuple[int, ...]
    lo: tuple[int, ...]
    hi: tuple[int, ...]

    def offset_at(self, seconds: int) -> int:
        """The offset at POSIX ``seconds``."""
        k = bisect_right(self.at, seconds) - 1
        return self.after[k] if k >= 0 else self.first

    def change_near(self, local: int) -> int:
        """Index of the change whose gap/fold contains local seconds ``L``, or -1."""
        k = bisect_right(self.lo, local) - 1
        return k if k >= 0 and local < self.hi[k] else -1

    def offset_outside(self, local: int) -> int:
        """The single offset of a local time that is in no gap and no fold."""
        k = bisect_right(self.lo, local) - 1
        return self.after[k] if k >= 0 else self.first

    def fold0(self, local: int) -> int:
        """PEP 495 ``fold=0`` instant of local seconds ``L`` (gap: shifted forward)."""
        k = self.change_near(local)
        if k >= 0:
            return local - self.before[k]
        return local - self.offset_outside(local)

    def classify(self, local: int) -> Wall:
        """Where ``L`` falls on the zone's wall clock."""
        k = self.change_near(local)
        if k < 0:
            return "normal"
        return "nonexistent" if self.after[k] > self.before[k] else "ambiguous"


def offset_map(zone: tzinfo, start: int, end: int) -> OffsetMap:
    """The offsets of ``zone`` between POSIX ``start`` and ``end`` (2 days' margin added)."""
    first_year = (EPOCH + timedelta(seconds=start - 2 * DAY)).year
    last_year = (EPOCH + timedelta(seconds=end + 2 * DAY)).year
    first, _ = _year_changes(zone, first_year)
    at: list[int] = []
    before: list[int] = []
    after: list[int] = []
    current = first
    for year in range(first_year, last_year + 1):
        for when, off in _year_changes(zone, year)[1]:
            at.append(when)
            before.append(current)
            after.append(off)
            current = off
    lo = tuple(a + min(b, c) for a, b, c in zip(at, before, after, strict=True))
    hi = tuple(a + max(b, c) for a, b, c in zip(at, before, after, strict=True))
    return OffsetMap(first, tuple(at), tuple(before), tuple(after), lo, hi)


def local_midnight(zone: tzinfo, day: date) -> datetime:
    """The first instant of local date ``day`` (aware UTC).

    Local midnight may not exist (America/Havana 2025-03-09 starts at 01:00), and a whole
    date may be missing (Pacific/Apia 2011-12-30): the answer is then the first instant
    whose local date is ``day`` or later.
    """
    local = (day.toordinal() - EPOCH_ORDINAL) * DAY
    omap = offset_map(zone, local - DAY, local + DAY)
    k = omap.change_near(local)
    if k >= 0 and omap.after[k] > omap.before[k]:
        return instant_of(omap.at[k])  # midnight is in a gap: the day starts when it ends
    return instant_of(omap.fold0(local))
