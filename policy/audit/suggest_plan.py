"""The building blocks of ``retention suggest``: ways to serve each requirement, and the
smallest keep each way needs (SPEC §10).

A *serving* is one tier with a placement that puts a point in every period of one coverage
requirement (a month-end requirement: ``monthly`` on ``[last]``, a yearly tier on every
month the requirement filters, or the daily tier). Its keep is derived, not searched: for
every period of a sample of the calendar (four years from the start: every month length
and a leap year), the latest placed day ``p`` that covers the period must live until the
period stops being due, ``s + depth`` (SPEC §9), so the keep is the smallest ``k`` with
``p + k units >= s + depth`` in the calendar arithmetic of SPEC §5.2, the maximum over the
periods. That is exact on dates; what the time of day and DST add (an expiry at the very
instant the check date starts) the checker finds, and the search then bumps the keep.

Placing a point on the *last* day of its period needs the smallest keep (a Wednesday
point of "any week for 12 weeks" must be kept 13 weeks, a Sunday point 12); mid-period
placements are offered as well, for windows where the period's end is not DST-robust.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date

from policy.audit.periods import add_depth, selection, spans
from policy.model.models import Month, Target, TierName, Weekday, WeekOfMonth
from policy.model.requirements import Depth, Every, Requirement
from policy.model.rules import keep_bounds

__all__ = ["SAMPLE_DAYS", "Serving", "TierPlan", "servings_for"]

#: Days of calendar sampled to derive keeps: four years hold every month length and a leap day.
SAMPLE_DAYS = 4 * 366
_QUARTER_ENDS = (Month.MARCH, Month.JUNE, Month.SEPTEMBER, Month.DECEMBER)
_QUARTER_STARTS = (Month.JANUARY, Month.APRIL, Month.JULY, Month.OCTOBER)
_QUARTER_MIDS = (Month.FEBRUARY, Month.MAY, Month.AUGUST, Month.NOVEMBER)
_UNIT: dict[TierName, str] = {"daily": "days", "weekly": "weeks", "monthly": "months",
                              "yearly": "years"}


@dataclass(frozen=True)
class TierPlan:
    """One tier's placement (no keep): what the policy file's tier says besides ``keep``."""

    name: TierName
    weekdays: frozenset[Weekday] = frozenset()
    """Weekly: the tier's days; monthly/yearly week-based: the weekdays."""
    days: frozenset[int | str] = frozenset()
    """Monthly/yearly day-based: days 1-28 and ``last``."""
    weeks: frozenset[WeekOfMonth] = frozenset()
    months: frozenset[Month] = frozenset()

    def holds(self, ordinal: int) -> bool:
        """Whether a run on this date is a point of the tier (its schedule day assumed)."""
        d = date.fromordinal(ordinal)
        if self.name == "daily":
            return True
        weekday = d.weekday()
        if self.name == "weekly":
            return any(w.ordinal == weekday for w in self.weekdays)
        if self.name == "yearly" and all(m.number != d.month for m in self.months):
            return False
        month_days = calendar.monthrange(d.year, d.month)[1]
        if self.days:
            return d.day in self.days or ("last" in self.days and d.day == month_days)
        if all(w.ordinal != weekday for w in self.weekdays):
            return False
        for week in self.weeks:
            if week is WeekOfMonth.LAST and d.day > month_days - 7:
                return True
            if week is not WeekOfMonth.LAST:
                low = 1 + 7 * list(WeekOfMonth).index(week)
                if low <= d.day < low + 7:
                    return True
        return False

    def merged(self, other: TierPlan) -> TierPlan | None:
        """Both placements in one tier, or ``None`` when one is day-based and the other
        week-based (a tier has one form)."""
        if self.name in ("monthly", "yearly") and (bool(self.days) != bool(other.days)):
            return None
        return TierPlan(self.name, self.weekdays | other.weekdays, self.days | other.days,
                        self.weeks | other.weeks, self.months | other.months)

    def words(self) -> str:
        """``monthly on the last day``, ``weekly on Sunday`` (for comments and reports)."""
        if self.name == "daily":
            return "daily"
        days = "/".join(w.value.capitalize() for w in _sorted_days(self.weekdays))
        if self.name == "weekly":
            return f"weekly on {days}"
        where = (", ".join("the last day" if d == "last" else f"day {d}"
                           for d in _sorted_dom(self.days)) if self.days
                 else f"the {'/'.join(w.value for w in _sorted_weeks(self.weeks))} {days}")
        if self.name == "monthly":
            return f"monthly on {where}"
        months = "/".join(m.value.capitalize() for m in _sorted_months(self.months))
        return f"yearly in {months} on {where}"

    def data(self, keep: int) -> dict[str, object]:
        """The tier as policy-file data."""
        out: dict[str, object] = {"keep": keep}
        if self.name == "weekly":
            out["days"] = [w.value for w in _sorted_days(self.weekdays)]
        if self.name == "yearly":
            out["months"] = [m.value for m in _sorted_months(self.months)]
        if self.name in ("monthly", "yearly"):
            if self.days:
                out["days_of_month"] = list(_sorted_dom(self.days))
            else:
                out["weeks"] = [w.value for w in _sorted_weeks(self.weeks)]
                out["weekdays"] = [w.value for w in _sorted_days(self.weekdays)]
        return out


def _sorted_days(days: frozenset[Weekday]) -> list[Weekday]:
    return sorted(days, key=lambda w: w.ordinal)


def _sorted_months(months: frozenset[Month]) -> list[Month]:
    return sorted(months, key=lambda m: m.number)


def _sorted_weeks(weeks: frozenset[WeekOfMonth]) -> list[WeekOfMonth]:
    order = list(WeekOfMonth)
    return sorted(weeks, key=order.index)


def _sorted_dom(days: frozenset[int | str]) -> list[int | str]:
    return sorted(days, key=lambda d: 99 if d == "last" else int(d))


@dataclass(frozen=True)
class Serving:
    """A tier placement that serves coverage requirement ``req`` with keep ``keep``."""

    req: int
    plan: TierPlan
    keep: int
    primary: bool = True
    """False for mid-period placements (only needed when period ends are not robust)."""
    weekly_schedule_days: frozenset[Weekday] = field(default=frozenset())
    """Weekly schedule: the weekdays the schedule must run on for this serving."""


@dataclass(frozen=True)
class Refusal:
    """Why a placement cannot serve a requirement (for infeasibility messages)."""

    req: int
    plan: TierPlan
    keep: int
    reason: str


def servings_for(index: int, req: Requirement, start: date, target: Target,
                 weekly_schedule: frozenset[Weekday] | None,
                 max_age: Depth | None) -> tuple[list[Serving], list[Refusal]]:
    """Every way to serve coverage requirement ``req``; ``weekly_schedule``: the schedule's
    weekdays when the schedule is weekly (``None``: daily)."""
    found: list[Serving] = []
    refused: list[Refusal] = []
    for plan, primary in _plans(req, weekly_schedule):
        keep = _min_keep(req, plan, start, weekly_schedule)
        if keep is None:
            continue
        bounds = keep_bounds(target, plan.name)
        keep = max(keep, bounds.low)
        if keep > bounds.high:
            refused.append(Refusal(index, plan, keep, (
                f"{plan.words()} would need keep {keep} {bounds.unit}, above Azure's "
                f"maximum of {bounds.high} {bounds.unit} for target {target.value}")))
            continue
        if max_age is not None and exceeds(plan, keep, max_age, start):
            refused.append(Refusal(index, plan, keep, (
                f"{plan.words()} would need keep {keep} {bounds.unit}, longer than "
                f"max_age {max_age}")))
            continue
        days = frozenset(plan.weekdays) if weekly_schedule is not None else frozenset()
        found.append(Serving(index, plan, keep, primary, days))
    return found, refused


def _plans(req: Requirement, weekly: frozenset[Weekday] | None
           ) -> Iterator[tuple[TierPlan, bool]]:
    every, day = req.every, req.day
    if weekly is not None:
        yield from _weekly_plans(req, weekly)
        return
    yield TierPlan("daily"), True
    if every is Every.DAY:
        yield TierPlan("weekly", weekdays=frozenset(Weekday)), True
        return
    if every is Every.WEEK:
        if isinstance(day, Weekday):
            yield TierPlan("weekly", weekdays=frozenset({day})), True
        elif day == "first":
            yield TierPlan("weekly", weekdays=frozenset({Weekday.MONDAY})), True
        else:
            yield TierPlan("weekly", weekdays=frozenset({Weekday.SUNDAY})), True
            if day == "any":
                yield TierPlan("weekly", weekdays=frozenset({Weekday.WEDNESDAY})), False
        return
    month_day: list[tuple[int | str, bool]]
    if day == "first":
        month_day = [(1, True)]
    elif day == "last":
        month_day = [("last", True)]
    elif isinstance(day, int):
        month_day = [(day, True)]
    else:
        month_day = [("last", True), (15, False)]
    for dom, primary in month_day:
        yield TierPlan("monthly", days=frozenset({dom})), primary
    if every is Every.MONTH and req.months:
        for dom, primary in month_day:
            yield TierPlan("yearly", days=frozenset({dom}), months=frozenset(req.months)), primary
    elif every is Every.QUARTER:
        months = {"first": _QUARTER_STARTS}.get(str(day), _QUARTER_ENDS)
        for dom, primary in month_day:
            chosen = months if primary else _QUARTER_MIDS
            yield TierPlan("yearly", days=frozenset({dom}), months=frozenset(chosen)), primary
    elif every is Every.YEAR:
        month = Month.JANUARY if day == "first" else Month.DECEMBER
        for dom, primary in month_day:
            pick = month if primary else Month.JULY
            yield TierPlan("yearly", days=frozenset({dom}), months=frozenset({pick})), primary


def _weekly_plans(req: Requirement, weekly: frozenset[Weekday]
                  ) -> Iterator[tuple[TierPlan, bool]]:
    """Under a weekly schedule: weekly tiers, and week-based monthly/yearly tiers on the
    last week of the month (the only form a weekly schedule allows)."""
    every, day = req.every, req.day
    if every is Every.DAY:
        return
    if every is Every.WEEK:
        want = {"first": Weekday.MONDAY, "last": Weekday.SUNDAY}.get(str(day), day)
        if isinstance(want, Weekday):
            if want in weekly:
                yield TierPlan("weekly", weekdays=frozenset({want})), True
            return
        for w in weekly:
            yield TierPlan("weekly", weekdays=frozenset({w})), True
        return
    if day != "any":
        return  # a weekly schedule cannot hit a given day of every month
    for w in weekly:
        last = frozenset({WeekOfMonth.LAST})
        yield TierPlan("monthly", weekdays=frozenset({w}), weeks=last), True
        months: frozenset[Month] | None = None
        if every is Every.MONTH and req.months:
            months = frozenset(req.months)
        elif every is Every.QUARTER:
            months = frozenset(_QUARTER_ENDS)
        elif every is Every.YEAR:
            months = frozenset({Month.DECEMBER})
        if months is not None:
            yield TierPlan("yearly", weekdays=frozenset({w}), weeks=last, months=months), True


def add_units(ordinal: int, count: int, unit: str) -> int:
    """A date ordinal plus ``count`` tier units (SPEC §5.2 calendar arithmetic)."""
    return add_depth(ordinal, Depth(count, unit))  # type: ignore[arg-type]


def _min_keep(req: Requirement, plan: TierPlan, start: date,
              weekly: frozenset[Weekday] | None) -> int | None:
    """The smallest keep that covers every sampled period to the end of its depth, or
    ``None`` when some period has no placed day (the placement cannot serve it)."""
    assert req.depth is not None
    first = start.toordinal()
    unit = _UNIT[plan.name]
    best = 0
    any_day, offset = selection(req)
    for start_day, end_day in spans(req, first, first + SAMPLE_DAYS):
        if any_day:
            s, lo, hi = end_day, start_day, end_day
        else:
            s = end_day if offset is None else start_day + offset
            lo = hi = s
        if s < first:
            continue
        placed = next((o for o in range(hi, max(lo, first) - 1, -1)
                       if plan.holds(o) and _scheduled(o, weekly)), None)
        if placed is None:
            return None
        until = add_depth(s, req.depth)
        best = max(best, _keep_reaching(placed, until, unit))
    return best


def _scheduled(ordinal: int, weekly: frozenset[Weekday] | None) -> bool:
    if weekly is None:
        return True
    weekday = date.fromordinal(ordinal).weekday()
    return any(w.ordinal == weekday for w in weekly)


def _keep_reaching(placed: int, until: int, unit: str) -> int:
    """Smallest ``k`` with ``placed + k units >= until``."""
    if unit == "days":
        return max(until - placed, 0)
    if unit == "weeks":
        return max(-(-(until - placed) // 7), 0)
    a, b = date.fromordinal(placed), date.fromordinal(until)
    months = (b.year - a.year) * 12 + b.month - a.month
    k = max((months - 1) // (12 if unit == "years" else 1), 0)
    while add_units(placed, k, unit) < until:
        k += 1
    return k


def exceeds(plan: TierPlan, keep: int, max_age: Depth, start: date) -> bool:
    """Whether some sampled point of the tier would be kept longer than ``max_age``."""
    unit = _UNIT[plan.name]
    first = start.toordinal()
    for o in range(first, first + SAMPLE_DAYS):
        if plan.holds(o) and add_units(o, keep, unit) > add_depth(o, max_age):
            return True
    return False


def with_keep(serving: Serving, keep: int) -> Serving:
    return replace(serving, keep=keep)

