"""ISO texts of compact rows (``policy.engine.frame.Row``) without a ``datetime`` per run.

A century of three runs a day is 110,000 runs; building a ``Run`` (four datetimes and a
tuple of names) for each costs more than projecting them. Long outputs are therefore
written straight from the rows: the text of a date is made once per day and the text of a
time of day once per distinct second (both in dictionaries that fill themselves), and the
zone's offset at a run comes from the offset map (``policy.engine.offsets``, the scan the
projection and the DST report share) walked in time order. The writers inline these
lookups in their loops: a function call per field would cost more than the rest.

Every text is exactly what the ``Run``-based renderers write (``isoformat`` of the same
values); the tests compare both on gaps, folds, skipped and merged runs.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from policy.dst.transitions import format_offset
from policy.engine.frame import MERGED
from policy.engine.offsets import DAY, EPOCH_ORDINAL, offset_map, seconds_of
from policy.model.models import TierName

if TYPE_CHECKING:
    from policy.engine.projection import Projection

#: Governing tier bit → name (0: not a recovery point).
TIER_OF_BIT: dict[int, TierName | None] = {0: None, 1: "daily", 2: "weekly", 4: "monthly",
                                           8: "yearly"}
#: Governing tier bit → name, for rows that are recovery points.
POINT_TIER: dict[int, TierName] = {1: "daily", 2: "weekly", 4: "monthly", 8: "yearly"}
WALL_NAMES = ("normal", "nonexistent", "ambiguous")
_NEVER = 2**62


class Days(dict[int, str]):
    """Day number (days since 1970-01-01) → ``2026-01-04``, made on first use."""

    def __missing__(self, day: int) -> str:
        text = self[day] = date.fromordinal(day + EPOCH_ORDINAL).isoformat()
        return text


class Clocks(dict[int, str]):
    """Second of the day → ``T21:00:00``, made on first use."""

    def __missing__(self, second: int) -> str:
        hours, rest = divmod(second, 3600)
        text = self[second] = f"T{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"
        return text


class OffsetTexts(dict[int, str]):
    """Offset in seconds → ``+01:00`` (``isoformat``'s form), made on first use."""

    def __missing__(self, offset: int) -> str:
        text = self[offset] = format_offset(timedelta(seconds=offset))
        return text


class Offsets:
    """The zone's UTC offset at instants asked (mostly) in time order.

    ``span(u)`` returns ``(offset, since, until)``: the offset at POSIX ``u`` and the
    stretch ``[since, until)`` it holds for, so a loop asks again only when an instant
    leaves that stretch. The offsets are known from the horizon's start to its end, or to
    ``reach`` (expiries lie after the horizon).
    """

    def __init__(self, proj: Projection, reach: datetime | None = None) -> None:
        end = proj.end if reach is None else reach
        omap = offset_map(proj.zone, seconds_of(proj.start), seconds_of(end))
        self._at, self._after, self._first = omap.at, omap.after, omap.first

    def span(self, seconds: int) -> tuple[int, int, int]:
        at = self._at
        k = bisect_right(at, seconds)
        offset = self._after[k - 1] if k else self._first
        return offset, at[k - 1] if k else -_NEVER, at[k] if k < len(at) else _NEVER


class RowText:
    """What the writers need to turn one projection's rows into text."""

    def __init__(self, proj: Projection) -> None:
        self.days, self.clocks, self.offset_texts = Days(), Clocks(), OffsetTexts()
        self.offsets = Offsets(proj)

    def naive(self, seconds: int) -> str:
        """``2026-01-04T21:00:00`` of wall-clock or POSIX seconds (for the few texts
        outside the loops)."""
        return self.days[seconds // DAY] + self.clocks[seconds % DAY]


def wall_name(code: int) -> str:
    """The ``Run.wall`` name of a row's wall code (a merged run's code less ``MERGED``)."""
    return WALL_NAMES[code % MERGED]
