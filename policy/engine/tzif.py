"""Where a zone's UTC offset can change, read from the TZif data it was loaded from.

``zoneinfo`` answers "what is the offset at this instant" but not "when does it change".
Sampling it once a day and bisecting finds the changes (``policy.engine.offsets``), but
a century is 36,500 samples. The TZif file (RFC 8536) says where to look instead:

- its transition instants (``zoneinfo`` changes offset only at them), and the second after
  the last one, where ``zoneinfo`` hands over to the footer rule;
- beyond the last transition, the footer's POSIX TZ rule (``CET-1CEST,M3.5.0,M10.5.0/3``):
  ``zoneinfo`` evaluates it per UTC year, comparing the instant with that year's start and
  end of DST, so the changes of a year can only lie at those two instants (reckoned in
  either offset) and at the year's first second.

These are *candidates*, not answers: ``policy.engine.offsets`` asks ``zoneinfo`` for the
offset on both sides of each and checks that it holds between them (bisecting wherever it
does not), so the offsets are always ``zoneinfo``'s own. The file is read the way
``zoneinfo`` reads it (version 1 data only in version 1 files, else the 64-bit data and the
footer); a footer this module cannot read leaves its years to the daily scan.
"""

from __future__ import annotations

import calendar
import re
import struct
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_DAY = 86_400
_HEADER = struct.Struct(">4sc15x6l")
#: Cumulative days before each month (index 1 = January) in a common year.
_BEFORE_MONTH = (0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)
#: How near New Year a rule's change must lie for its year to be scanned (more than any
#: offset, so the UTC and the local year agree on the rule outside it).
_NEW_YEAR = 3 * _DAY


@dataclass(frozen=True, slots=True)
class _When:
    """One end of DST in a POSIX rule: ``Mm.w.d`` (``week`` set), ``Jn`` or ``n``, and the
    local time of day (seconds, may be negative or beyond a day)."""

    month: int
    week: int
    weekday: int
    day: int
    julian: bool
    seconds: int

    def local(self, year: int) -> int:
        """Local seconds since 1970 at which this end falls in ``year``, reckoned exactly as
        ``zoneinfo`` does (``n`` counts from 31 December of the year before, and ``J59``
        falls on 29 February in a leap year: its arithmetic, not POSIX's, decides)."""
        days = date(year, 1, 1).toordinal() - _EPOCH_ORDINAL - 1
        leap = calendar.isleap(year)
        if self.week:
            first, length = calendar.monthrange(year, self.month)
            day = (self.weekday - (first + 1)) % 7 + 1 + (self.week - 1) * 7
            if day > length:
                day -= 7
            days += _BEFORE_MONTH[self.month] + (self.month > 2 and leap) + day
        else:
            days += self.day + (self.julian and self.day >= 59 and leap)
        return days * _DAY + self.seconds


@dataclass(frozen=True, slots=True)
class PosixRule:
    """The DST part of a footer: standard and DST offsets (seconds east) and both ends."""

    std: int
    dst: int
    start: _When
    end: _When

    def instants(self, year: int) -> tuple[int, ...]:
        """The UTC instants at which DST starts and ends in ``year``, in either offset."""
        start, end = self.start.local(year), self.end.local(year)
        return (start - self.std, start - self.dst, end - self.dst, end - self.std)

    def changes_in(self, year: int, lo: int, hi: int) -> list[int] | None:
        """The instants of ``instants(year)`` in ``[lo, hi)``; ``None`` when DST of this or
        a neighbouring year starts or ends within ``_NEW_YEAR`` of either end of it.

        ``zoneinfo`` evaluates the rule for the instant's UTC year, then the offset of the
        local time for the local year: near New Year the two years differ, and a rule
        that changes the clock there (``J365/25``) can change it at instants this
        reckoning does not name. Those years are left to the daily scan."""
        found: list[int] = []
        for y in (year - 1, year, year + 1):
            for t in self.instants(y):
                if abs(t - lo) < _NEW_YEAR or abs(t - hi) < _NEW_YEAR:
                    return None
                if y == year and lo <= t < hi:
                    found.append(t)
        return found


@dataclass(frozen=True, slots=True)
class ZoneData:
    """What a TZif file says about where the offset changes."""

    transitions: tuple[int, ...]
    """The POSIX seconds of its transitions, in order."""
    rule: PosixRule | None
    """The footer's DST rule (``None``: a fixed offset after the last transition)."""
    footer_known: bool
    """Whether the footer could be read (else the years after the data are scanned)."""

    def candidates(self, year: int, lo: int, hi: int) -> list[int] | None:
        """Every instant of UTC ``year`` (``[lo, hi)``) at which the offset may change,
        sorted, ``lo`` included; ``None`` when the footer governs part of the year and this
        module cannot say where (an unreadable footer, a rule that changes near New Year)."""
        found = {lo}
        trans = self.transitions
        found.update(trans[bisect_left(trans, lo):bisect_left(trans, hi)])
        last = trans[-1] if trans else None
        if last is not None and lo <= last + 1 < hi:
            found.add(last + 1)  # where zoneinfo hands over to the footer
        if last is None or last + 1 < hi:  # the footer governs (part of) this year
            if not self.footer_known:
                return None
            if self.rule is not None:
                changes = self.rule.changes_in(year, lo, hi)
                if changes is None:
                    return None
                found.update(changes)
        return sorted(found)


def read(data: bytes) -> ZoneData:
    """The transitions and footer rule of a TZif file; ``ValueError`` if it is not one."""
    magic, version, *counts = _HEADER.unpack_from(data, 0)
    if magic != b"TZif":
        raise ValueError("not a TZif file")
    isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt = counts
    if version == b"\x00":  # no footer: the last offset holds after the last transition
        return ZoneData(struct.unpack_from(f">{timecnt}l", data, _HEADER.size), None, True)
    start = _HEADER.size + timecnt * 5 + typecnt * 6 + charcnt + leapcnt * 8 + isstdcnt + isutcnt
    _, _, *counts = _HEADER.unpack_from(data, start)
    isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt = counts
    body = start + _HEADER.size
    transitions = struct.unpack_from(f">{timecnt}q", data, body)
    footer = body + timecnt * 9 + typecnt * 6 + charcnt + leapcnt * 12 + isstdcnt + isutcnt
    lines = data[footer:].split(b"\n", 2)
    try:
        if len(lines) < 3 or lines[0]:
            raise ValueError("no footer")
        rule = posix_rule(lines[1].decode("ascii"))
    except ValueError:  # UnicodeDecodeError included
        return ZoneData(transitions, None, False)
    return ZoneData(transitions, rule, True)


_OFFSET = r"[+-]?\d{1,3}(?::\d{2}(?::\d{2})?)?"
_NAME = r"[^<0-9:.+-]+|<[a-zA-Z0-9+-]+>"
_TZ = re.compile(rf"(?:{_NAME})(?:(?P<std>{_OFFSET})(?:(?P<name>{_NAME})(?P<dst>{_OFFSET})?)?)?",
                 re.ASCII)
_DATE = re.compile(r"M(\d{1,2})\.(\d)\.(\d)|(J?)(\d{1,3})", re.ASCII)
_TIME = re.compile(r"([+-]?)(\d{1,3})(?::(\d{2})(?::(\d{2}))?)?", re.ASCII)


def posix_rule(text: str) -> PosixRule | None:
    """The DST rule of a POSIX TZ string (``None``: a fixed offset, or no string), read as
    ``zoneinfo`` reads it; ``ValueError`` for a string it would not accept."""
    if not text:
        return None
    head, *ends = text.split(",", 2)
    m = _TZ.fullmatch(head)
    if m is None:
        raise ValueError(f"unreadable TZ string {text!r}")
    if m.group("name") is None:
        if ends:
            raise ValueError(f"DST dates without DST in {text!r}")
        return None
    if len(ends) != 2:
        raise ValueError(f"DST without its dates in {text!r}")
    std = -_seconds(m.group("std"))
    dst = -_seconds(m.group("dst")) if m.group("dst") else std + 3600
    start, end = (_when(e) for e in ends)
    return PosixRule(std, dst, start, end)


def _when(text: str) -> _When:
    day_text, _, time_text = text.partition("/")
    m = _DATE.fullmatch(day_text)
    if m is None:
        raise ValueError(f"unreadable DST date {text!r}")
    seconds = _seconds(time_text) if time_text else 7200
    if m.group(1):
        month, week, weekday = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if not (1 <= month <= 12 and 1 <= week <= 5 and weekday <= 6):
            raise ValueError(f"DST date out of range {text!r}")
        return _When(month, week, weekday, 0, False, seconds)
    julian, day = bool(m.group(4)), int(m.group(5))
    if not int(julian) <= day <= 365:
        raise ValueError(f"DST day out of range {text!r}")
    return _When(0, 0, 0, day, julian, seconds)


def _seconds(text: str) -> int:
    """``[+-]h[:mm[:ss]]`` in seconds (signed as written)."""
    m = _TIME.fullmatch(text)
    if m is None:
        raise ValueError(f"unreadable time {text!r}")
    sign, hours, minutes, secs = m.groups()
    total = int(hours) * 3600 + int(minutes or 0) * 60 + int(secs or 0)
    return -total if sign == "-" else total
