"""Every instant at which a zone's UTC offset changes (SPEC §6 "Transitions").

``zoneinfo`` has no public transitions API, so ``policy.engine.offsets`` asks the zone for
its UTC offset where its TZif data say it may change (``policy.engine.tzif``), or, for a
``tzinfo`` without such data, samples it in UTC every ``STEP``, and bisects each change of
``utcoffset()`` to the second. Why these choices:

- ``utcoffset()`` and never ``dst()``: Europe/Dublin keeps GMT as a *negative* DST in
  winter, so "dst() != 0" means winter there. Permanent offset changes (Moscow 2014,
  Casablanca 2026) and date-line jumps (Apia 2011) have no DST at all and still count.
- The data's own instants: a change is found whatever its size (30 minutes at Lord Howe,
  a day at Apia) and however close to the next; the offsets are always ``zoneinfo``'s.
  The scan, with its one-day step then bisection, sees a change whenever the offsets at
  both ends of a step differ, and several changes inside one step one after the other;
  only two changes less than a day apart that cancel out could hide from it: in tzdata
  2026f the closest two offset changes of any zone, in any year, are 6 days 23 hours apart
  (Asia/Gaza, America/Recife 2000; measured over every zone's TZif transitions), and the
  tests hold both ways to the same answers over every zone.
- An abbreviation-only change (America/Vancouver 2026-11-01, PDT → MST at the same
  offset) is not a transition: no clock moves.

Offsets are read through ``datetime.fromtimestamp(s, zone)`` (``tzinfo.fromutc`` in one C
call), and the changes are cached per zone and year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Literal

from policy.engine.offsets import naive_of, offset_map, seconds_of

TransitionKind = Literal["gap", "fold"]


@dataclass(frozen=True)
class Transition:
    """One change of a zone's UTC offset.

    ``local_before``/``local_after`` are the wall clock just before and at the change
    (naive): Berlin spring 02:00 → 03:00, Berlin autumn 03:00 → 02:00. ``kind`` is
    ``gap`` when clocks go forward (a stretch of local time never happens) and ``fold``
    when they go back (a stretch happens twice); ``minutes`` is the size of that stretch.
    """

    at: datetime
    local_before: datetime
    local_after: datetime
    offset_before: timedelta
    offset_after: timedelta
    kind: TransitionKind
    minutes: int

    @property
    def delta(self) -> timedelta:
        """``offset_after - offset_before`` (positive for a gap)."""
        return self.offset_after - self.offset_before


def offset_at(zone: tzinfo, instant: datetime) -> timedelta:
    """The zone's UTC offset at an aware instant."""
    utc = instant.astimezone(UTC).replace(tzinfo=zone)
    offset = zone.fromutc(utc).utcoffset()
    assert offset is not None  # a zone always has an offset
    return offset


def transitions(zone: tzinfo, start: datetime, end: datetime) -> list[Transition]:
    """The offset changes of ``zone`` with ``start <= at < end`` (aware instants), in order.

    The scan itself is ``policy.engine.offsets`` (the one the projection uses, cached per zone
    and year), so the DST report and the runs always agree on where the clock changes.
    """
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("transitions() needs aware start and end instants")
    lo, hi = seconds_of(start), seconds_of(end)
    omap = offset_map(zone, lo, hi)
    return [_transition(at, before, after)
            for at, before, after in zip(omap.at, omap.before, omap.after, strict=True)
            if lo <= at < hi]


def _transition(at_seconds: int, before_seconds: int, after_seconds: int) -> Transition:
    at = naive_of(at_seconds)
    before, after = timedelta(seconds=before_seconds), timedelta(seconds=after_seconds)
    delta = after - before
    return Transition(
        at=at.replace(tzinfo=UTC),
        local_before=at + before,
        local_after=at + after,
        offset_before=before,
        offset_after=after,
        kind="gap" if delta > timedelta(0) else "fold",
        minutes=round(abs(delta).total_seconds() / 60),
    )


def format_offset(offset: timedelta) -> str:
    """``+01:00``, ``-03:30``, ``+12:45`` (seconds, as in LMT, as ``+00:53:28``)."""
    sign = "-" if offset < timedelta(0) else "+"
    seconds = int(abs(offset).total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{sign}{hours:02d}:{minutes:02d}"
    return f"{text}:{secs:02d}" if secs else text
