"""What Azure bills for a MARS-protected server: protected-instance units and GB-months.

Azure Backup charges each protected instance by its front-end (protected) size: an instance
of at most 50 GB, one of 50–500 GB, and one more for each further started 500 GB (research:
planning-and-compliance.md §1.7: the estimator shows 1 instance at 500 GB and 2 at 501 GB).
Here a small instance (≤ 50 GB) counts as one unit, like Azure's "#Protected Instances"; it
has its own, lower price, so ``Pricing.small_instance`` prices it (the instance price when
absent). Storage is billed per GB held per month. Prices change and differ by region, so
none is built in: without them the report gives units and GB-months only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import ceil

from policy.engine.offsets import DAY
from policy.engine.storage import DAYS_PER_YEAR
from policy.model.models import Pricing

__all__ = ["SMALL_GB", "STEP_GB", "Cost", "gb_months", "instance_units", "is_small",
           "monthly_cost"]

SMALL_GB = 50
STEP_GB = 500
MONTH_SECONDS = DAY * DAYS_PER_YEAR / 12


def instance_units(size_gb: float) -> int:
    """Protected-instance units for a front-end size: 1 up to 500 GB (a small one up to
    50 GB), then one more for each started 500 GB (501 GB → 2, 1,001 GB → 3)."""
    if size_gb <= STEP_GB:
        return 1
    return ceil(size_gb / STEP_GB)


def is_small(size_gb: float) -> bool:
    """Whether the instance is a small one (at most 50 GB), billed at its own price."""
    return size_gb <= SMALL_GB


def gb_months(xs: Sequence[int], gbs: Sequence[float], start: int, end: int) -> float:
    """GB-months held over ``[start, end)``: the step function ``gbs`` (the value after the
    events at ``xs``, 0 before the first) integrated over time, in months of 365.25/12 days."""
    area, held, since = 0.0, 0.0, start
    for x, gb in zip(xs, gbs, strict=True):
        if x >= end:
            break
        if x > since:
            area += held * (x - since)
            since = x
        held = gb
    if end > since:
        area += held * (end - since)
    return area / MONTH_SECONDS


@dataclass(frozen=True, slots=True)
class Cost:
    """A monthly cost from the given prices; a part whose price is missing is ``None``."""

    instances: float | None
    storage: float | None
    currency: str

    @property
    def total(self) -> float:
        """The sum of the parts that have a price."""
        return (self.instances or 0.0) + (self.storage or 0.0)


def monthly_cost(pricing: Pricing | None, size_gb: float, held_gb: float) -> Cost | None:
    """The monthly bill for a front-end ``size_gb`` holding ``held_gb`` in the vault, or
    ``None`` without any price."""
    if pricing is None or (pricing.instance is None and pricing.gb_month is None
                           and pricing.small_instance is None):
        return None
    unit = pricing.instance
    if is_small(size_gb) and pricing.small_instance is not None:
        unit = pricing.small_instance
    instances = None if unit is None else instance_units(size_gb) * unit
    storage = None if pricing.gb_month is None else held_gb * pricing.gb_month
    return Cost(instances, storage, pricing.currency)
