"""The storage figures of a projection (SPEC §12): at as-of, the steady-state peak, a
monthly series of points per tier and GB, billing units, GB-months and, with prices, a cost.

The peak is taken over the §5.4 window (start + longest tier + 366 days), not the first
year: a vault sized from its first-year figure runs out of space once the monthly and
yearly points pile up. The series samples the first instant of each local month of the
horizon, the way the charts of ``retention project --chart`` and the designer draw it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from policy.engine.billing import Cost, gb_months, instance_units, is_small, monthly_cost
from policy.engine.frame import EXPIRES, GOVERNING, INSTANT, Row
from policy.engine.offsets import instant_of, local_midnight, seconds_of
from policy.engine.storage import ChangeModel, points_of, size_at, timeline
from policy.model.models import TIER_NAMES, Data, Pricing, TierName

if TYPE_CHECKING:
    from policy.engine.projection import Projection

__all__ = ["MonthSample", "StorageReport", "inputs_of", "month_starts", "monthly_points",
           "storage_report", "value_at", "window_series"]

Steps = tuple[list[int], list[float]]
"""``policy.engine.storage.timeline``: event instants and the GB held after each."""

_BIT_OF: dict[TierName, int] = {"daily": 1, "weekly": 2, "monthly": 4, "yearly": 8}


@dataclass(frozen=True, slots=True)
class MonthSample:
    """The vault at the first instant of one local month."""

    month: str
    """``2027-01``."""
    at: datetime
    """The first instant of the month (aware UTC)."""
    points: dict[TierName, int]
    """Alive points by governing tier, all four keys."""
    gb: float | None
    """Estimated GB held (``None`` without ``data:``)."""


@dataclass(frozen=True, slots=True)
class StorageReport:
    """The storage estimate of a projection; every GB figure is an estimate."""

    inputs: dict[str, float]
    """The model's inputs as used (``hot_percent`` with its default filled in)."""
    as_of: datetime
    as_of_gb: float
    peak_gb: float
    """The most held at once over the §5.4 window."""
    peak_at: datetime
    """Where ``peak_gb`` is first reached."""
    window_end: datetime
    size_gb: float
    """Front-end data size at ``as_of`` (with growth): what instances are billed on."""
    instances: int
    small_instance: bool
    gb_months: float
    """GB held over the horizon, in GB-months."""
    series: tuple[MonthSample, ...]
    """Month by month over the horizon (SPEC §12 ``series``)."""
    fill_series: tuple[MonthSample, ...]
    """Month by month from the start until the vault is full (the §5.4 window)."""
    cost: Cost | None
    """Monthly cost at ``as_of``, only when prices are given."""
    peak_cost: Cost | None
    """Monthly cost at the peak, only when prices are given."""


def inputs_of(data: Data) -> dict[str, float]:
    """The inputs echoed with every estimate (SPEC §12 ``inputs``)."""
    return {"size_gb": float(data.size_gb),
            "daily_change_percent": float(data.daily_change_percent),
            "hot_percent": float(data.hot),
            "yearly_growth_percent": float(data.yearly_growth_percent),
            "compression_percent": float(data.compression_percent)}


def month_starts(zone: tzinfo, start: datetime, end: datetime) -> list[tuple[str, datetime]]:
    """The first instant of each local month that lies in ``[start, end)``."""
    first = start.astimezone(zone).date()
    day = date(first.year, first.month, 1)
    out: list[tuple[str, datetime]] = []
    while True:
        at = local_midnight(zone, day)
        if at >= end:
            return out
        if at >= start:
            out.append((f"{day:%Y-%m}", at))
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)


def monthly_points(projection: Projection, steps: Steps | None = None
                   ) -> tuple[MonthSample, ...]:
    """Points per governing tier (and GB, given the storage ``steps``) at each month start
    of the horizon."""
    return _samples(projection.rows, month_starts(projection.zone, projection.start,
                                                  projection.end), steps)


def window_series(projection: Projection, steps: Steps | None = None
                  ) -> tuple[MonthSample, ...]:
    """The same from the start until the vault is full (the §5.4 window), whatever the
    horizon: the designer charts the way to the steady state. ``steps``: the storage
    timeline of the window when already known (else swept here, given ``data:``)."""
    rows = projection.window_rows
    data = projection.policy.data
    if steps is None and data is not None:
        steps = timeline(points_of(rows, data, seconds_of(projection.start)),
                         ChangeModel.of(data))
    end = projection.window_end + timedelta(seconds=1)
    return _samples(rows, month_starts(projection.zone, projection.start, end), steps)


def _samples(rows: Iterable[Row], months: list[tuple[str, datetime]], steps: Steps | None
             ) -> tuple[MonthSample, ...]:
    lists: dict[int, tuple[list[int], list[int]]] = {b: ([], []) for b in _BIT_OF.values()}
    for r in rows:
        if r[GOVERNING]:
            made, gone = lists[r[GOVERNING]]
            made.append(r[INSTANT])
            gone.append(r[EXPIRES])
    for _, gone in lists.values():
        gone.sort()
    samples = []
    for month, at in months:
        x = seconds_of(at)
        points = {name: bisect_right(lists[bit][0], x) - bisect_right(lists[bit][1], x)
                  for name, bit in _BIT_OF.items()}
        gb = None if steps is None else value_at(steps, x)
        samples.append(MonthSample(month, at, points, gb))
    return tuple(samples)


def value_at(steps: Steps, x: int) -> float:
    """GB held at POSIX ``x``: the value after the last events at or before it."""
    xs, gbs = steps
    k = bisect_right(xs, x) - 1
    return gbs[k] if k >= 0 else 0.0


def _peak(steps: Steps, stop: int, start: datetime
          ) -> tuple[float, datetime]:
    xs, gbs = steps
    k = bisect_right(xs, stop)
    if not k:
        return 0.0, start
    top = max(gbs[:k])
    first = next(i for i in range(k) if gbs[i] >= top * (1 - 1e-12))
    return top, instant_of(xs[first])


def storage_report(projection: Projection, as_of: datetime,
                   pricing: Pricing | None = None) -> StorageReport | None:
    """The storage figures of ``projection`` at ``as_of`` (``None`` without ``data:``).

    ``pricing`` defaults to the policy's ``pricing:`` section.
    """
    data = projection.policy.data
    if data is None:
        return None
    pricing = pricing if pricing is not None else projection.policy.pricing
    model = ChangeModel.of(data)
    start, end = seconds_of(projection.start), seconds_of(projection.end)
    stop = seconds_of(projection.window_end)
    steps = timeline(points_of(projection.rows, data, start), model)
    window = steps if end > stop else timeline(
        points_of(projection.window_rows, data, start), model)
    peak_gb, peak_at = _peak(window, stop, projection.start)
    x = seconds_of(as_of)
    held = value_at(steps, x)
    size = size_at(data, start, x)
    peak_size = size_at(data, start, seconds_of(peak_at))
    return StorageReport(
        inputs=inputs_of(data), as_of=as_of, as_of_gb=held, peak_gb=peak_gb, peak_at=peak_at,
        window_end=projection.window_end, size_gb=size, instances=instance_units(size),
        small_instance=is_small(size), gb_months=gb_months(*steps, start, end),
        series=monthly_points(projection, steps),
        fill_series=window_series(projection, window),
        cost=monthly_cost(pricing, size, held),
        peak_cost=monthly_cost(pricing, peak_size, peak_gb))


assert set(_BIT_OF) == set(TIER_NAMES)
