"""How much a vault holds as recovery points arrive and expire (SPEC §12): an estimate.

The vault keeps the oldest alive point as a full copy and, for every other alive point, the
blocks that changed since the previous alive point. Changes fall on a *hot set* ``h`` of the
data, each day a share ``r/h`` of it, so two points ``g`` days apart differ by
``h × (1 − (1 − r/h)^g)``: one day costs ``r``, a month most of the hot set, nothing more than
``h``. Charging every point one day of change whatever the gap (the old model) under-sized
monthly and yearly points by a factor of three on the bundled compliance example.

Storage changes only when a point arrives or expires, so ``timeline`` sweeps the events once
in time order over a doubly linked list of the alive points: an arrival joins at the end
(arrivals come in instant order), an expiry anywhere unlinks its node and re-prices the one
neighbour after it, whose gap has grown. A century of three runs a day takes a fraction of a
second (``benchmarks/storage.py``). ``held_gb`` recomputes one instant from scratch for an
arbitrary set of points (``retention diff``'s storage before/after a change).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from policy.engine.frame import EXPIRES, GOVERNING, INSTANT, Row
from policy.engine.offsets import DAY
from policy.model.models import Data

__all__ = ["DAYS_PER_YEAR", "ChangeModel", "Point", "held_gb", "points_of", "share",
           "size_at", "timeline"]

DAYS_PER_YEAR = 365.25

Point = tuple[int, int, float]
"""A recovery point for the model: POSIX ``instant``, POSIX ``expires`` (excluded) and the
size in GB of the data it protects (before compression)."""


def share(gap_days: float, change: float, hot: float) -> float:
    """The share of the data that differs between two points ``gap_days`` apart.

    ``change`` and ``hot`` are fractions (0.02 for 2 %). No gap, no change: nothing; the
    changes of a day cover a share ``change/hot`` of the hot set, so after ``g`` days the
    untouched part of it is ``(1 − change/hot)^g``.
    """
    if gap_days <= 0 or change <= 0 or hot <= 0:
        return 0.0
    if change >= hot:
        return hot
    untouched: float = (1.0 - change / hot) ** gap_days
    return hot * (1.0 - untouched)


@dataclass(frozen=True, slots=True)
class ChangeModel:
    """The inputs of the model as fractions: daily change, hot set and compression."""

    change: float
    hot: float
    compression: float = 0.0

    @classmethod
    def of(cls, data: Data) -> ChangeModel:
        """The model of a policy's ``data:`` section."""
        return cls(data.daily_change_percent / 100, data.hot / 100,
                   data.compression_percent / 100)

    def share(self, gap_seconds: float) -> float:
        """``share()`` for a gap given in seconds."""
        return share(gap_seconds / DAY, self.change, self.hot)


def size_at(data: Data, start: int, instant: int) -> float:
    """The data size in GB at POSIX ``instant``: ``size_gb × (1 + growth)^y``, ``y`` the years
    (of 365.25 days) since the horizon start ``start``."""
    growth = data.yearly_growth_percent / 100
    if not growth:
        return data.size_gb
    grown: float = (1.0 + growth) ** ((instant - start) / DAY / DAYS_PER_YEAR)
    return data.size_gb * grown


def points_of(rows: Iterable[Row], data: Data, start: int) -> list[Point]:
    """The recovery points among projection rows, each with its data size."""
    return [(r[INSTANT], r[EXPIRES], size_at(data, start, r[INSTANT]))
            for r in rows if r[GOVERNING]]


def held_gb(points: Iterable[Point], at: int, model: ChangeModel) -> float:
    """GB held at POSIX ``at`` by the points alive then (``instant <= at < expires``),
    computed from scratch: the oldest full, every other one its share of its own size.
    Points at one instant hold the same data (a gap of 0): the first in (instant, expires,
    size) order counts, as in ``timeline``."""
    alive = sorted(p for p in points if p[0] <= at < p[1])
    total = 0.0
    for k, (instant, _, size) in enumerate(alive):
        total += size if k == 0 else size * model.share(instant - alive[k - 1][0])
    return total * (1.0 - model.compression)


def timeline(points: Sequence[Point], model: ChangeModel) -> tuple[list[int], list[float]]:
    """Every instant at which storage changes and the GB held just after its events.

    ``points`` in any order; a point with ``expires <= instant`` is never alive and is
    ignored. The two lists are as long as the number of distinct event instants. The loop
    is written flat on purpose (no calls per event): it runs 220,000 times for a century of
    three runs a day.
    """
    pts = sorted(p for p in points if p[1] > p[0])
    n = len(pts)
    at = [p[0] for p in pts]
    size = [p[2] for p in pts]
    by_expiry = sorted(range(n), key=[p[1] for p in pts].__getitem__)
    ends = [pts[i][1] for i in by_expiry]
    by_expiry.append(-1)
    ends.append(_NEVER)  # sentinels: no bounds checks in the loop
    at.append(_NEVER)
    # A point ``gap`` seconds after the previous one holds ``hot × (1 − keep^(gap/DAY))``.
    hot, change = model.hot, model.change
    keep = 1.0 - change / hot if 0 < change < hot else 0.0
    if change <= 0:
        hot = 0.0
    per_day = 1.0 / DAY
    prev, nxt, held = [-1] * n, [-1] * n, [0.0] * n
    tail, alive, total = -1, 0, 0.0
    xs: list[int] = []
    gbs: list[float] = []
    factor = 1.0 - model.compression
    i = j = 0
    while i < n or j < n:
        x = at[i] if at[i] < ends[j] else ends[j]
        while ends[j] == x:  # expiries first: a point is gone at its expiry instant
            k = by_expiry[j]
            j += 1
            before, after = prev[k], nxt[k]
            total -= held[k]
            if before >= 0:
                nxt[before] = after
            if after >= 0:
                prev[after] = before
                if before < 0:
                    new = size[after]
                else:
                    gap = at[after] - at[before]
                    new = size[after] * hot * (1.0 - keep ** (gap * per_day)) if gap else 0.0
                total += new - held[after]
                held[after] = new
            else:
                tail = before
            alive -= 1
        while at[i] == x:
            if tail >= 0:
                nxt[tail] = i
                gap = x - at[tail]
                new = size[i] * hot * (1.0 - keep ** (gap * per_day)) if gap else 0.0
            else:
                new = size[i]
            prev[i] = tail
            tail = i
            held[i] = new
            total += new
            alive += 1
            i += 1
        if not alive:
            total = 0.0  # no rounding residue in an empty vault
        xs.append(x)
        gbs.append(total * factor)
    return xs, gbs


_NEVER = 2**62
