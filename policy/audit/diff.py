"""What a policy change does to the recovery points already in the vault (SPEC §11).

Azure applies a retention change retroactively (research: azure-policy.md §2.5): every
point already taken keeps the tiers it was created with, and its expiry becomes NEW's
combination (§5.3, NEW's ``combine``) of NEW's durations for those tiers, counted from the
point's frame datetime and mapped to an instant the way OLD maps its own runs (§5.2: OLD's
frozen offset, or OLD's wall-clock rules) - the point was created by OLD's frame, and only
its retention changes. A tier NEW no longer has contributes nothing; a point whose new
expiry is at or before ``applied``, or that has no tier left, is pruned at ``applied``.

Decisions (documented here because every answer may end up in an audit):

- *Existing* means ``instant < applied`` (strictly) and alive at ``applied`` under OLD. A run
  exactly at ``applied`` belongs to NEW: NEW is projected over ``[applied, ...)``, so the
  two schedules never both claim one instant.
- *Per tier* counts use the point's governing tier under OLD (as §5.4 counts do).
- *Weekly -> daily schedule* (azure-policy.md §2.5: "existing weekly points keep their
  remaining retention", i.e. the weeks remaining under the policy in force before the
  change): when OLD's schedule is weekly and NEW's is daily, the weekly tier of an existing
  point contributes OLD's weekly duration, even when NEW has no weekly tier or keeps
  another number of weeks; its other tiers follow the general rule. A point that was only
  weekly therefore keeps its expiry exactly. (Daily -> weekly needs no rule of its own:
  a weekly schedule has no daily tier, so daily-only points are pruned, as Azure does.)
- NEW's runs use NEW's own frame: its zone, its ``clock.anchor`` or, without one, the local
  date of ``applied`` (the day it is saved, which is what Azure freezes).

The result keeps the combined history as compact rows (``policy.engine.frame.Row``) so the
requirement checker and the storage model can consume it (``policy.audit.diff_effects``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Literal

from policy.engine.frame import BITS, EXPIRES, GOVERNING, INSTANT, LOCAL, Frame, Row
from policy.engine.offsets import DAY, EPOCH_ORDINAL, instant_of, local_midnight, seconds_of
from policy.engine.projection import Run, run_of
from policy.engine.retention import BITS as TIER_BITS
from policy.engine.retention import WEEKLY, Rules, expiry_locals, rules_of
from policy.model.errors import PolicyError
from policy.model.models import TIER_NAMES, Frequency, Policy, TierName
from policy.model.zones import BUNDLED, TzData

Kind = Literal["pruned", "shortened", "extended", "unchanged"]
KINDS: tuple[Kind, ...] = ("pruned", "shortened", "extended", "unchanged")
TIER_OF_BIT: dict[int, TierName] = {TIER_BITS[n]: n for n in TIER_NAMES}
#: Days in the §5.4 window after ``applied`` beyond the longest tier (vault full again).
SETTLE_DAYS = 366


@dataclass(frozen=True, slots=True)
class Change:
    """One existing point and what NEW does to it."""

    row: Row
    """The point as OLD created it (its ``expires`` is OLD's)."""
    kind: Kind
    new_expires: int
    """POSIX seconds: NEW's expiry, or ``applied`` when the point is pruned."""
    new_governing: int
    """The tier bit whose expiry NEW uses; 0 when no tier is left."""

    @property
    def old_expires(self) -> int:
        """POSIX seconds of the expiry under OLD."""
        return self.row[EXPIRES]

    @property
    def tier(self) -> TierName:
        """The point's governing tier under OLD: the tier it is counted under."""
        return TIER_OF_BIT[self.row[GOVERNING]]


@dataclass(frozen=True)
class DiffReport:
    """The effect of saving ``new`` over ``old`` at ``applied`` (SPEC §11)."""

    old: Policy
    new: Policy
    old_zone: tzinfo
    new_zone: tzinfo
    tzdata: str
    start: datetime
    """First instant of ``--from`` in OLD's zone: the vault is empty before it."""
    applied: datetime
    """Aware UTC instant at which NEW is saved."""
    settled: datetime
    """End (included) of the window over which peaks are taken: applied + L + 366 days."""
    changes: tuple[Change, ...]
    """The existing points, in time order."""
    before: tuple[Row, ...]
    """OLD alone continuing: every run of OLD in ``[start, settled]``."""
    history: tuple[Row, ...]
    """OLD's runs before ``applied`` (existing points with NEW's expiry, pruned ones expiring
    at ``applied``), then NEW's runs in ``[applied, settled]``: the combined vault."""

    def of_kind(self, kind: Kind) -> tuple[Change, ...]:
        """The existing points of one kind, in time order."""
        return tuple(c for c in self.changes if c.kind == kind)

    def counts(self) -> dict[Kind, dict[TierName, int]]:
        """How many existing points of each kind, by governing tier under OLD (all keys)."""
        out = {k: dict.fromkeys(TIER_NAMES, 0) for k in KINDS}
        for c in self.changes:
            out[c.kind][c.tier] += 1
        return out

    def run(self, change: Change) -> Run:
        """The existing point as a ``Run`` (OLD's frame, OLD's expiry)."""
        return run_of(change.row, self.old_zone)

    @property
    def zone_changed(self) -> bool:
        """Whether NEW runs in another zone than OLD (every future run moves)."""
        return self.old.zone_name != self.new.zone_name

    @property
    def schedule_weekly_to_daily(self) -> bool:
        """Whether the weekly -> daily rule of azure-policy.md §2.5 applies."""
        return _weekly_to_daily(self.old, self.new)


def default_start(old: Policy, applied: datetime, old_zone: tzinfo) -> date:
    """One longest-tier duration of OLD (§5.4: months 31 days, years 366) before ``applied``."""
    local_day = applied.astimezone(old_zone).date()
    return local_day - timedelta(days=rules_of(old).longest_days())


def diff_policies(old: Policy, new: Policy, applied: datetime, start: date | None = None,
                  tz: TzData = BUNDLED) -> DiffReport:
    """What saving ``new`` over ``old`` at the aware instant ``applied`` does (SPEC §11).

    ``start`` is the local date (OLD's zone) from which OLD filled an empty vault; default
    ``default_start``. Raises ``PolicyError`` when ``applied`` is not after it.
    """
    if applied.tzinfo is None:
        raise PolicyError("the time a policy is applied must be an aware datetime")
    old_zone, new_zone = tz.zone(old.timezone), tz.zone(new.timezone)
    first = start if start is not None else default_start(old, applied, old_zone)
    lo, at = seconds_of(local_midnight(old_zone, first)), seconds_of(applied)
    if at <= lo:
        when = f"{applied.astimezone(new_zone):%Y-%m-%d %H:%M %Z}"
        raise PolicyError(f"the change is applied at {when}, not after the vault starts "
                          f"filling on {first} (--from): apply it later or start earlier")
    longest = max(rules_of(old).longest_days(), rules_of(new).longest_days())
    stop = at + (longest + SETTLE_DAYS) * DAY + 1
    old_frame = Frame(old, old_zone, old.clock.anchor or first, lo, stop)
    before = old_frame.rows()
    new_anchor = new.clock.anchor or applied.astimezone(new_zone).date()
    later = Frame(new, new_zone, new_anchor, at, stop).rows()
    changes = tuple(_changes(before, at, old, new, old_frame))
    return DiffReport(
        old=old, new=new, old_zone=old_zone, new_zone=new_zone, tzdata=tz.label,
        start=instant_of(lo), applied=instant_of(at), settled=instant_of(stop - 1),
        changes=changes, before=tuple(before),
        history=tuple(_history(before, changes, at)) + tuple(later),
    )


def _weekly_to_daily(old: Policy, new: Policy) -> bool:
    return (old.schedule.frequency is Frequency.WEEKLY
            and new.schedule.frequency is Frequency.DAILY and old.retention.weekly is not None)


def _retention_after(old: Policy, new: Policy) -> tuple[Rules, int]:
    """NEW's rules for existing points and the tier bits that still contribute."""
    rules = rules_of(new)
    present = sum(TIER_BITS[n] for n in new.retention.tiers())
    if _weekly_to_daily(old, new):
        assert old.retention.weekly is not None
        daily, _, monthly, yearly = rules.keep
        rules = dataclasses.replace(
            rules, keep=(daily, old.retention.weekly.keep, monthly, yearly))
        present |= WEEKLY
    return rules, present


def _changes(rows: list[Row], at: int, old: Policy, new: Policy,
             old_frame: Frame) -> list[Change]:
    rules, present = _retention_after(old, new)
    out = []
    for row in rows:
        if row[INSTANT] >= at:
            break
        if not row[GOVERNING] or row[EXPIRES] <= at:
            continue  # no recovery point, or already gone when NEW is saved
        expiry = new_expiry(row, rules, present, old_frame)
        if expiry is None:
            out.append(Change(row, "pruned", at, 0))
            continue
        expires, governing = expiry
        if expires <= at:
            out.append(Change(row, "pruned", at, governing))
        else:
            old_expires = row[EXPIRES]
            kind: Kind = ("shortened" if expires < old_expires else
                          "extended" if expires > old_expires else "unchanged")
            out.append(Change(row, kind, expires, governing))
    return out


def new_expiry(row: Row, rules: Rules, present: int, old_frame: Frame
               ) -> tuple[int, int] | None:
    """(POSIX expiry, governing bit) of an existing point under ``rules``; ``None``: no tier.

    Durations are counted on the point's frame datetime (§5.2) and mapped to an instant by
    OLD's frame: ``combine: tier`` takes the highest remaining tier, ``longest`` the latest
    instant (highest tier on ties, as the engine does).
    """
    bits = row[BITS] & present
    if not bits:
        return None
    local = row[LOCAL]
    d = date.fromordinal(local // DAY + EPOCH_ORDINAL)
    tiers = expiry_locals(rules, bits, local, d.year, d.month, d.day)
    to_instant = old_frame.expiry_instant
    if rules.by_tier:
        governing, expiry = tiers[-1]
        return to_instant(expiry), governing
    return max((to_instant(e), b) for b, e in tiers)


def _history(rows: list[Row], changes: tuple[Change, ...], at: int) -> list[Row]:
    """OLD's runs before ``at`` with every existing point's expiry replaced by NEW's."""
    by_row = {c.row: c for c in changes}
    out = []
    for row in rows:
        if row[INSTANT] >= at:
            break
        c = by_row.get(row)
        if c is not None:
            governing = c.new_governing or row[GOVERNING]
            row = (row[0], row[1], row[2], governing, c.new_expires, row[5], row[6])
        out.append(row)
    return out
