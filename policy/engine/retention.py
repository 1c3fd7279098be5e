"""Which tiers a run belongs to and when each tier lets it go (SPEC §5.1–§5.3).

Everything is decided on the *frame* date and time, never on the local date a run ends up
on: that is how Azure Backup stores the policy, and it is why a drifting run can land its
"Sunday" point on a Monday. Tiers are kept as bits (daily 1, weekly 2, monthly 4, yearly 8)
so the engine can decide a run with a few integer operations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from policy.engine.offsets import DAY, EPOCH_ORDINAL
from policy.model.models import (
    TIER_NAMES,
    Frequency,
    MonthlyTier,
    Policy,
    TierName,
    WeekOfMonth,
    YearlyTier,
)
from policy.model.rules import effective_times

DAILY, WEEKLY, MONTHLY, YEARLY = 1, 2, 4, 8
BITS: dict[TierName, int] = {"daily": DAILY, "weekly": WEEKLY, "monthly": MONTHLY,
                             "yearly": YEARLY}
#: Tier bits -> tier names, lowest first.
NAMES_OF: tuple[tuple[TierName, ...], ...] = tuple(
    tuple(n for i, n in enumerate(TIER_NAMES) if bits >> i & 1) for bits in range(16)
)
_WEEK_RANGES: dict[WeekOfMonth, tuple[int, int]] = {
    WeekOfMonth.FIRST: (1, 7), WeekOfMonth.SECOND: (8, 14), WeekOfMonth.THIRD: (15, 21),
    WeekOfMonth.FOURTH: (22, 28),
}


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a monthly or yearly tier's points fall within a month (SPEC §5.1)."""

    days: frozenset[int]
    last_day: bool
    weeks: tuple[tuple[int, int], ...]
    last_week: bool
    weekdays: frozenset[int]
    day_based: bool

    def holds(self, day: int, weekday: int, month_days: int) -> bool:
        """Whether day ``day`` (weekday Monday=0) of a month of ``month_days`` days is placed."""
        if self.day_based:
            return day in self.days or (self.last_day and day == month_days)
        if weekday not in self.weekdays:
            return False
        if self.last_week and day > month_days - 7:
            return True
        return any(lo <= day <= hi for lo, hi in self.weeks)


def placement(tier: MonthlyTier | YearlyTier) -> Placement:
    """The placement of a monthly or yearly tier."""
    if tier.days_of_month is not None:
        days = frozenset(d for d in tier.days_of_month if isinstance(d, int))
        return Placement(days, "last" in tier.days_of_month, (), False, frozenset(), True)
    weeks = tier.weeks or ()
    return Placement(
        frozenset(), False, tuple(_WEEK_RANGES[w] for w in weeks if w in _WEEK_RANGES),
        WeekOfMonth.LAST in weeks, frozenset(d.ordinal for d in tier.weekdays or ()), False,
    )


@dataclass(frozen=True, slots=True)
class Rules:
    """A policy's retention rules, precompiled for the engine."""

    daily_schedule: bool
    time_bits: tuple[tuple[int, int], ...]
    """(seconds after midnight, tier bits that count runs at that time) per schedule time."""
    weekly_days: frozenset[int]
    monthly: Placement | None
    yearly: Placement | None
    yearly_months: frozenset[int]
    keep: tuple[int, int, int, int]
    by_tier: bool
    """combine: tier (the highest tier decides) rather than longest."""

    def day_bits(self, day: int, month: int, weekday: int, month_days: int) -> int:
        """The tiers a run on this frame date can belong to (before its time is checked)."""
        bits = DAILY if self.daily_schedule else 0
        if weekday in self.weekly_days:
            bits |= WEEKLY
        if self.monthly is not None and self.monthly.holds(day, weekday, month_days):
            bits |= MONTHLY
        if (self.yearly is not None and month in self.yearly_months
                and self.yearly.holds(day, weekday, month_days)):
            bits |= YEARLY
        return bits

    def longest_days(self) -> int:
        """The longest tier duration in days, months as 31 days and years as 366 (§5.4)."""
        daily, weekly, monthly, yearly = self.keep
        return max(daily, 7 * weekly, 31 * monthly, 366 * yearly)


def rules_of(policy: Policy) -> Rules:
    """Compile a policy's schedule and tiers."""
    ret = policy.retention
    time_bits = []
    tiers = ret.tiers()
    for t in policy.schedule.times:
        bits = 0
        for name in tiers:
            if t in effective_times(policy, name):
                bits |= BITS[name]
        time_bits.append((t.hour * 3600 + t.minute * 60, bits))
    keep = tuple(tiers[n].keep if n in tiers else 0 for n in TIER_NAMES)
    return Rules(
        daily_schedule=(policy.schedule.frequency is not Frequency.WEEKLY
                        and ret.daily is not None),
        time_bits=tuple(time_bits),
        weekly_days=frozenset(d.ordinal for d in ret.weekly.days) if ret.weekly else frozenset(),
        monthly=placement(ret.monthly) if ret.monthly else None,
        yearly=placement(ret.yearly) if ret.yearly else None,
        yearly_months=frozenset(m.number for m in ret.yearly.months) if ret.yearly
        else frozenset(),
        keep=(keep[0], keep[1], keep[2], keep[3]),
        by_tier=ret.combine.value == "tier",
    )


#: Days of each month (index 1 = January) in a common year.
_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def add_months(year: int, month: int, day: int, months: int) -> int:
    """The ordinal of ``year-month-day + months``, the day clamped to the month's end."""
    y, m = divmod(month - 1 + months, 12)
    y += year
    m += 1
    if day > 28:  # the month's length counted inline: a century asks thousands of times
        leap = m == 2 and y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
        day = min(day, _MONTH_DAYS[m] + leap)
    return date(y, m, day).toordinal()


def expiry_locals(rules: Rules, bits: int, local: int, year: int, month: int,
                  day: int) -> list[tuple[int, int]]:
    """(tier bit, expiry in local seconds) for each tier of a run, lowest tier first.

    Months and years are calendar arithmetic on the frame date (Jan 31 + 1 month = Feb
    28/29; Feb 29 + 1 year = Feb 28); the frame time of day is kept.
    """
    daily, weekly, monthly, yearly = rules.keep
    out = []
    if bits & DAILY:
        out.append((DAILY, local + daily * DAY))
    if bits & WEEKLY:
        out.append((WEEKLY, local + weekly * 7 * DAY))
    if bits & (MONTHLY | YEARLY):
        tod = local % DAY
        if bits & MONTHLY:
            ordinal = add_months(year, month, day, monthly)
            out.append((MONTHLY, (ordinal - EPOCH_ORDINAL) * DAY + tod))
        if bits & YEARLY:
            ordinal = add_months(year, month, day, 12 * yearly)
            out.append((YEARLY, (ordinal - EPOCH_ORDINAL) * DAY + tod))
    return out
