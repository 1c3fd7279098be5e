"""Instant-restore snapshots of Azure VM policies, counted apart from vault points.

Every Azure VM backup first takes a snapshot of the VM's disks and keeps it there for
``instant_restore_days`` (the "instant restore" or snapshot tier); only the runs a tier
keeps are also copied to the vault. An enhanced hourly policy therefore holds many more
snapshots than vault points: 4 runs a day kept 7 days are 28 snapshots beside one daily
vault point a day. Snapshots live on the VM's disks, so they count neither towards the
vault's peak nor towards Azure's 9,999 points per protected instance (research S3); this
module counts them on their own.

A snapshot of a run taken at instant ``u`` exists during ``[u, u + N × 24 h)``: the service
keeps it for N days of elapsed time (no DST arithmetic: it is not a calendar rule of the
policy). Runs ``gap: skip`` dropped and runs merged into another one at the same instant
take no snapshot of their own.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from policy.engine.frame import INSTANT, MERGED, SKIPPED, WALL, Frame, Row
from policy.engine.offsets import DAY, instant_of, seconds_of
from policy.engine.projection import Projection
from policy.model.models import Target

__all__ = ["InstantRestore", "instant_restore"]


@dataclass(frozen=True)
class InstantRestore:
    """Snapshots on the VM's disks at one instant, and their most over the horizon."""

    days: int
    """``instant_restore_days``: how long each snapshot is kept."""
    snapshots: int
    """Snapshots that exist at the instant asked for."""
    peak: int
    """The most snapshots that exist at once, from none at the horizon's start, over the
    horizon and at least ``days`` + 366 days (steady state, like the vault's peak)."""
    peak_at: datetime | None
    """The first instant the peak is reached (``None``: no run at all)."""


def taken_instants(rows: Iterable[Row]) -> list[int]:
    """POSIX instants of the backups some rows take, in time order."""
    return [r[INSTANT] for r in rows if not r[SKIPPED] and r[WALL] < MERGED]


def instant_restore(proj: Projection, at: datetime) -> InstantRestore | None:
    """The instant-restore snapshots of an Azure VM policy at ``at``.

    ``None`` when the policy names no ``instant_restore_days`` (Azure then applies a
    default it does not document) or is not an Azure VM policy.
    """
    days = proj.policy.instant_restore_days
    if days is None or proj.policy.target is not Target.AZURE_VM:
        return None
    instants = taken_instants(proj.rows)
    span = days * DAY
    x = seconds_of(at)
    alive = bisect_right(instants, x) - bisect_right(instants, x - span)
    start = seconds_of(proj.start)
    stop = start + (days + 366) * DAY
    if seconds_of(proj.end) < stop:
        rows = Frame(proj.policy, proj.zone, proj.anchor, start, stop).rows()
        instants = taken_instants(rows)
    peak, peak_at = _peak(instants, span)
    return InstantRestore(days, alive, peak, None if peak_at is None else instant_of(peak_at))


def _peak(instants: list[int], span: int) -> tuple[int, int | None]:
    """Most instants within any ``(u - span, u]``, and the first ``u`` reaching it."""
    best, best_at, lo = 0, None, 0
    for hi, u in enumerate(instants):
        while instants[lo] <= u - span:
            lo += 1
        if hi - lo + 1 > best:
            best, best_at = hi - lo + 1, u
    return best, best_at
