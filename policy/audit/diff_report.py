"""``retention diff`` output: JSON with the SPEC §11 keys, and a report in words.

Existing points are named by their frame date (the day the administrator chose, as §6
does) and their expiries by local dates in OLD's zone, where they were created; the day of
the change is a local date in NEW's zone, where ``--applied`` was given.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from policy.audit.diff import KINDS, Change, DiffReport, Kind
from policy.audit.diff_effects import StorageChange, VaultChange
from policy.engine.offsets import instant_of
from policy.model.models import TIER_NAMES
from policy.reports.project import iso_local, iso_utc, point_json


def immutable_violations(report: DiffReport) -> int:
    """Points an immutable vault would refuse to lose retention on: pruned or shortened."""
    return sum(1 for c in report.changes if c.kind in ("pruned", "shortened"))


def change_json(report: DiffReport, change: Change) -> dict[str, Any]:
    """A point as SPEC §8, ``expires`` being its expiry after the change, plus both expiries."""
    doc = point_json(report.run(change))
    doc["expires"] = doc["new_expires"] = iso_utc(instant_of(change.new_expires))
    doc["old_expires"] = iso_utc(instant_of(change.old_expires))
    if change.kind == "pruned":
        doc["reason"] = "no-tier-left" if not change.new_governing else "expired"
    return doc


def to_json(report: DiffReport, vault: VaultChange, storage: StorageChange | None,
            immutable: bool) -> dict[str, Any]:
    """The ``retention diff --format json`` document."""
    counts = report.counts()
    doc: dict[str, Any] = {
        "policy": report.new.name, "old_policy": report.old.name,
        "timezone": report.new.timezone, "old_timezone": report.old.timezone,
        "tzdata": report.tzdata,
        "applied": iso_local(report.applied.astimezone(report.new_zone)),
        "from": iso_local(report.start.astimezone(report.old_zone)),
        "zone_changed": report.zone_changed,
        "weekly_to_daily": report.schedule_weekly_to_daily,
    }
    for kind in KINDS:
        doc[kind] = [change_json(report, c) for c in report.of_kind(kind)]
    doc["summary"] = {
        **counts, "existing": len(report.changes),
        "alive_before": sum(vault.alive_before.values()),
        "alive_after": sum(vault.alive_after.values()),
        "alive_by_tier_before": vault.alive_before, "alive_by_tier_after": vault.alive_after,
        "peak_before": vault.peak_before, "peak_before_at": iso_utc(vault.peak_before_at),
        "peak_after": vault.peak_after, "peak_after_at": iso_utc(vault.peak_after_at),
        "settled": iso_utc(report.settled),
    }
    doc["storage"] = None if storage is None else {
        "estimate": True, "before_gb": _round(storage.before_gb),
        "after_gb": _round(storage.after_gb)}
    violations = immutable_violations(report)
    doc["immutable"] = ({"allowed": violations == 0, "violations": violations}
                        if immutable else None)
    return doc


def _day(instant: datetime, zone: tzinfo) -> str:
    return f"{instant.astimezone(zone):%Y-%m-%d}"


def _when(instant: datetime, zone: tzinfo) -> str:
    return f"{instant.astimezone(zone):%Y-%m-%d %H:%M %Z}"


def in_words(report: DiffReport, change: Change) -> str:
    """``the 2024-12-31 yearly point, kept until 2031-12-31, is pruned on 2026-03-01``."""
    run = report.run(change)
    many = len(report.old.schedule.times) > 1
    name = f"{run.frame:%Y-%m-%d %H:%M}" if many else f"{run.frame:%Y-%m-%d}"
    zone = report.old_zone
    old = _day(instant_of(change.old_expires), zone)
    new = _day(instant_of(change.new_expires), zone)
    head = f"the {name} {change.tier} point, kept until {old},"
    if change.kind == "pruned":
        why = " (no tier of it is left)" if not change.new_governing else ""
        return f"{head} is pruned on {_day(report.applied, report.new_zone)}{why}"
    if change.kind == "shortened":
        return f"{head} now expires {new}"
    if change.kind == "extended":
        return f"{head} is now kept until {new}"
    return f"{head} keeps that expiry"


def _table(report: DiffReport) -> list[str]:
    counts = report.counts()
    lines = [f"  {'':<10}" + "".join(f"{t:>9}" for t in (*TIER_NAMES, "total"))]
    for kind in KINDS:
        row = counts[kind]
        cells = [*(row[t] for t in TIER_NAMES), sum(row.values())]
        lines.append(f"  {kind:<10}" + "".join(f"{n:>9,}" for n in cells))
    return lines


def _oldest(report: DiffReport, kind: Kind) -> list[str]:
    seen: set[str] = set()
    lines = []
    for c in report.of_kind(kind):  # time order: the first of a tier is its oldest
        if c.tier not in seen:
            seen.add(c.tier)
            lines.append(f"    {in_words(report, c)}")
    return lines


def text_lines(report: DiffReport, vault: VaultChange, storage: StorageChange | None,
               immutable: bool) -> list[str]:
    """The report in words, one string per line."""
    old, new = report.old, report.new
    new_zone = report.new_zone
    lines = [
        f"retention diff: {old.name} -> {new.name} (tzdata {report.tzdata})",
        f"  the vault filled under OLD from {_when(report.start, report.old_zone)}; "
        f"NEW applied {_when(report.applied, new_zone)}",
    ]
    if report.zone_changed:
        lines.append(f"  zones differ: OLD runs in {old.timezone}, NEW in {new.timezone}; "
                     "a zone change moves every future run")
    if report.schedule_weekly_to_daily:
        lines.append("  schedule weekly -> daily: existing weekly points keep the weeks "
                     "remaining under OLD (Azure's rule)")
    lines += ["", f"Existing points at {_when(report.applied, new_zone)}: "
                  f"{len(report.changes):,} (per governing tier under OLD)", *_table(report)]
    for kind in KINDS:
        if kind != "unchanged" and report.of_kind(kind):
            lines += [f"  {kind}, the oldest of each tier:", *_oldest(report, kind)]
    lines += ["", *_vault_lines(report, vault, storage)]
    if immutable:
        bad = immutable_violations(report)
        lines.append("")
        lines.append(f"immutable vault: {bad:,} existing point{'s' if bad != 1 else ''} would "
                     "lose retention (pruned or shortened); Azure refuses this change"
                     if bad else "immutable vault: no existing point loses retention")
    return lines


def _vault_lines(report: DiffReport, vault: VaultChange,
                 storage: StorageChange | None) -> list[str]:
    zone = report.new_zone
    before, after = vault.alive_before, vault.alive_after
    per_tier = ", ".join(f"{t} {before[t]} -> {after[t]}" for t in TIER_NAMES
                         if before[t] or after[t])
    lines = [
        f"Alive at {_when(report.applied, zone)}: {sum(before.values()):,} before, "
        f"{sum(after.values()):,} after" + (f" ({per_tier})" if per_tier else ""),
        f"Peak alive until {_day(report.settled, zone)}: {vault.peak_before:,} before "
        f"(first {_day(vault.peak_before_at, zone)}), {vault.peak_after:,} after "
        f"(first {_day(vault.peak_after_at, zone)})",
    ]
    if storage is not None:
        lines.append(f"Storage at each peak (estimate): {_gb(storage.before_gb)} before, "
                     f"{_gb(storage.after_gb)} after")
    return lines


def _gb(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0f} GB"


def _round(gb: float | None) -> float | None:
    """GB to one decimal: an estimate, printed without false precision."""
    return None if gb is None else round(gb, 1)
