"""What a policy change does to the vault as a whole: alive and peak counts, storage, and
the due periods that lose their only covering point (SPEC §11).

Every function here takes compact rows (``policy.engine.frame.Row``): ``DiffReport.before``
(OLD alone continuing) or ``DiffReport.history`` (the combined vault). That is the seam the
storage model (SPEC §12) and the requirement checker (SPEC §9) plug into: both read rows,
so neither needs to know how the history was put together.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from policy.audit.diff import TIER_OF_BIT, DiffReport
from policy.engine.frame import EXPIRES, GOVERNING, INSTANT, Row
from policy.engine.offsets import instant_of, seconds_of
from policy.engine.storage import ChangeModel, held_gb, points_of
from policy.model.models import TIER_NAMES, Policy, TierName


def alive_by_tier(rows: Iterable[Row], at: int) -> dict[TierName, int]:
    """Points alive at POSIX ``at`` (``instant <= at < expires``) by governing tier."""
    counts = dict.fromkeys(TIER_NAMES, 0)
    for r in rows:
        if r[GOVERNING] and r[INSTANT] <= at < r[EXPIRES]:
            counts[TIER_OF_BIT[r[GOVERNING]]] += 1
    return counts


def peak(rows: Iterable[Row], lo: int, hi: int) -> tuple[int, int]:
    """The most points alive at one instant of ``[lo, hi]`` and the first instant it is reached.

    Alive counts change only at creations and expiries; at one instant expiries come first
    (a point is no longer alive at its expiry), which the event encoding ``2e`` / ``2u + 1``
    sorts for free (as ``policy.engine.projection`` does).
    """
    points = [r for r in rows if r[GOVERNING]]
    count = sum(1 for r in points if r[INSTANT] <= lo < r[EXPIRES])
    events = [2 * r[EXPIRES] for r in points if lo < r[EXPIRES] <= hi]
    events += [2 * r[INSTANT] + 1 for r in points if lo < r[INSTANT] <= hi]
    events.sort()
    best, best_at = count, lo
    for e in events:
        count += 1 if e & 1 else -1
        if count > best:
            best, best_at = count, e >> 1
    return best, best_at


@dataclass(frozen=True)
class VaultChange:
    """Alive counts at ``applied`` and peaks over ``[applied, settled]``, before and after."""

    alive_before: dict[TierName, int]
    alive_after: dict[TierName, int]
    peak_before: int
    peak_before_at: datetime
    peak_after: int
    peak_after_at: datetime


def vault_change(report: DiffReport) -> VaultChange:
    """Counts of OLD alone continuing against the combined vault (NEW from ``applied``)."""
    at, end = seconds_of(report.applied), seconds_of(report.settled)
    before, before_at = peak(report.before, at, end)
    after, after_at = peak(report.history, at, end)
    return VaultChange(
        alive_before=alive_by_tier(report.before, at),
        alive_after=alive_by_tier(report.history, at),
        peak_before=before, peak_before_at=instant_of(before_at),
        peak_after=after, peak_after_at=instant_of(after_at),
    )


def storage_at(policy: Policy, rows: Sequence[Row], at: datetime,
               start: datetime) -> float | None:
    """Estimated GB the vault holds at ``at`` (``None`` without ``data``): the SPEC §12
    model over the points alive then, data sizes grown from ``start`` (the vault's start)."""
    if policy.data is None:
        return None
    points = points_of(rows, policy.data, seconds_of(start))
    return held_gb(points, seconds_of(at), ChangeModel.of(policy.data))


@dataclass(frozen=True)
class StorageChange:
    """Estimated storage at the peak of each vault (an estimate, labelled so)."""

    before_gb: float | None
    after_gb: float | None


def storage_change(report: DiffReport, vault: VaultChange) -> StorageChange | None:
    """Storage at the peak before and after; ``None`` when neither file has ``data:``.

    The old vault is estimated with OLD's ``data``; the combined one with NEW's, or OLD's
    when NEW has none (the protected data does not change with the policy).
    """
    old, new = report.old, report.new
    if old.data is None and new.data is None:
        return None
    after_policy = new if new.data is not None else new.model_copy(update={"data": old.data})
    before_policy = old if old.data is not None else old.model_copy(update={"data": new.data})
    return StorageChange(
        before_gb=storage_at(before_policy, report.before, vault.peak_before_at, report.start),
        after_gb=storage_at(after_policy, report.history, vault.peak_after_at, report.start),
    )
