"""Named hypothesis strategies: valid policies within Azure's bounds, in DST zones."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from hypothesis import strategies as st

from policy.model.models import Month, Policy, Weekday, WeekOfMonth
from policy.model.rules import KEEP_BOUNDS
from policy.model.validation import build_policy

DST_ZONES = ("Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Havana",
             "Pacific/Apia", "Europe/Dublin", "Australia/Sydney", "America/St_Johns",
             "W. Europe Standard Time", "UTC")
HALF_HOURS = [time(h, m) for h in range(24) for m in (0, 30)]
WEEKDAYS = [d.value for d in Weekday]


def _times(n_max: int) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(HALF_HOURS), min_size=1, max_size=n_max, unique=True).map(
        lambda ts: [f"{t.hour:02d}:{t.minute:02d}" for t in sorted(ts)])


def _subset(values: list[str], min_size: int = 1) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(values), min_size=min_size, max_size=len(values),
                    unique=True)


@st.composite
def _placement(draw: st.DrawFn, week_based: bool, weekdays: list[str]) -> dict[str, Any]:
    if week_based:
        return {"weeks": draw(_subset([w.value for w in WeekOfMonth])),
                "weekdays": draw(_subset(weekdays))}
    days = draw(st.lists(st.one_of(st.integers(1, 28), st.just("last")), min_size=1,
                         max_size=4, unique=True))
    return {"days_of_month": days}


@st.composite
def policy_data(draw: st.DrawFn, zones: tuple[str, ...] = DST_ZONES,
                max_keep: bool = False) -> dict[str, Any]:
    """Raw data of a valid policy (with small keeps unless ``max_keep``)."""
    target = draw(st.sampled_from(["mars", "azure-vm"]))
    bounds = KEEP_BOUNDS[target]  # type: ignore[index]
    times = draw(_times(3 if target == "mars" else 1))
    weekly = draw(st.booleans())
    sched: dict[str, Any] = {"frequency": "weekly" if weekly else "daily", "times": times}
    days = WEEKDAYS
    if weekly:
        days = draw(_subset(WEEKDAYS))
        sched["days"] = days
        sched["every_weeks"] = draw(st.integers(1, 4 if target == "mars" else 1))

    def keep(tier: str, cap: int) -> int:
        low, high = bounds[tier]
        return draw(st.integers(low, high if max_keep else min(high, max(low, cap))))

    def tier_times() -> dict[str, Any]:
        if draw(st.booleans()):
            return {}
        return {"times": draw(st.lists(st.sampled_from(times), min_size=1, unique=True))}

    ret: dict[str, Any] = {"combine": draw(st.sampled_from(["longest", "tier"]))}
    if not weekly:
        ret["daily"] = {"keep": keep("daily", 60), **tier_times()}
    if weekly or draw(st.booleans()):
        vm_weekly = weekly and target == "azure-vm"  # weekly tier = schedule days (Azure)
        ret["weekly"] = {"keep": keep("weekly", 20),
                         "days": days if vm_weekly else draw(_subset(days)), **tier_times()}
    if draw(st.booleans()):
        ret["monthly"] = {"keep": keep("monthly", 24), **tier_times(),
                          **draw(_placement(weekly or draw(st.booleans()), days))}
    if draw(st.booleans()):
        ret["yearly"] = {"keep": keep("yearly", 5), **tier_times(),
                         "months": draw(_subset([m.value for m in Month])),
                         **draw(_placement(weekly or draw(st.booleans()), days))}
    wall = draw(st.booleans())
    clock: dict[str, Any] = {"mode": "wall-clock" if wall else "fixed-offset",
                             "anchor": draw(st.dates(date(2020, 1, 1), date(2030, 12, 31)))}
    if wall:
        clock["gap"] = draw(st.sampled_from(["shift", "skip", "next-valid"]))
        clock["fold"] = draw(st.sampled_from(["first", "second", "both"]))
    data: dict[str, Any] = {
        "name": draw(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 ._-]{0,20}", fullmatch=True)),
        "target": target, "timezone": draw(st.sampled_from(zones)),
        "schedule": sched, "clock": clock, "retention": ret,
    }
    if draw(st.booleans()):
        start, end = draw(st.lists(st.sampled_from(HALF_HOURS), min_size=2, max_size=2,
                                   unique=True))
        data["window"] = {"start": f"{start:%H:%M}", "end": f"{end:%H:%M}"}
    if draw(st.booleans()):
        data["data"] = {"size_gb": draw(st.integers(1, 100_000)),
                        "daily_change_percent": draw(st.sampled_from([0, 0.5, 2.5, 10]))}
    return data


#: Window starts around the 01:00–03:00 local transitions and midnight.
WINDOW_STARTS = ["00:00", "00:30", "01:30", "02:00", "02:30", "03:00", "20:00", "22:30",
                 "23:30", "08:00"]


@st.composite
def hourly_policy_data(draw: st.DrawFn, zones: tuple[str, ...] = DST_ZONES) -> dict[str, Any]:
    """Raw data of a valid enhanced azure-vm policy with an hourly schedule.

    The daily point is the window start or, sometimes, another slot (computed here from
    the window, apart from the model's own slot code).
    """
    every = draw(st.sampled_from([4, 6, 8, 12]))
    hours = draw(st.sampled_from([h for h in range(4, 25) if h % every == 0]))
    start = draw(st.sampled_from(WINDOW_STARTS))
    h, m = map(int, start.split(":"))
    slots = sorted({f"{(h + k * every) % 24:02d}:{m:02d}" for k in range(hours // every)})
    daily: dict[str, Any] = {"keep": draw(st.integers(7, 40))}
    if draw(st.booleans()):
        daily["times"] = [draw(st.sampled_from(slots))]
    ret: dict[str, Any] = {"combine": draw(st.sampled_from(["longest", "tier"])),
                           "daily": daily}
    if draw(st.booleans()):
        ret["weekly"] = {"keep": draw(st.integers(1, 10)), "days": draw(_subset(WEEKDAYS))}
    if draw(st.booleans()):
        ret["monthly"] = {"keep": draw(st.integers(1, 6)),
                          **draw(_placement(draw(st.booleans()), WEEKDAYS))}
    wall = draw(st.booleans())
    clock: dict[str, Any] = {"mode": "wall-clock" if wall else "fixed-offset",
                             "anchor": draw(st.dates(date(2020, 1, 1), date(2030, 12, 31)))}
    if wall:
        clock["gap"] = draw(st.sampled_from(["shift", "skip", "next-valid"]))
        clock["fold"] = draw(st.sampled_from(["first", "second", "both"]))
    return {
        "name": "hourly", "target": "azure-vm", "policy_type": "enhanced",
        "timezone": draw(st.sampled_from(zones)),
        "instant_restore_days": draw(st.integers(1, 30)),
        "schedule": {"frequency": "hourly", "every_hours": every, "window_start": start,
                     "window_hours": hours},
        "clock": clock, "retention": ret,
    }


def hourly_policies(zones: tuple[str, ...] = DST_ZONES) -> st.SearchStrategy[Policy]:
    """Valid enhanced hourly ``Policy`` objects."""
    return hourly_policy_data(zones).map(build_policy)


def policies(zones: tuple[str, ...] = DST_ZONES, max_keep: bool = False,
             hourly: bool = False) -> st.SearchStrategy[Policy]:
    """Valid ``Policy`` objects (small keeps unless ``max_keep``); with ``hourly``, one in
    five is an enhanced hourly policy (for invariants that do not need Azure export)."""
    data = policy_data(zones, max_keep)
    if hourly:
        data = st.one_of(data, data, data, data, hourly_policy_data(zones))
    return data.map(build_policy)


@st.composite
def requirement_data(draw: st.DrawFn, short: bool = True) -> dict[str, Any]:
    """Raw data of a coverage requirement (depths small enough for the reference checker
    unless ``short`` is false)."""
    every = draw(st.sampled_from(["day", "week", "month", "quarter", "year"]))
    days: list[Any] = ["any", "first", "last"]
    if every == "week":
        days += WEEKDAYS
    if every == "month":
        days += list(range(1, 29))
    out: dict[str, Any] = {"every": every, "day": draw(st.sampled_from(days))}
    unit = draw(st.sampled_from(["days", "weeks", "months", "years"]))
    cap = {"days": 60, "weeks": 10, "months": 3, "years": 1} if short else \
        {"days": 400, "weeks": 60, "months": 24, "years": 3}
    out["for"] = f"{draw(st.integers(1, cap[unit]))} {unit}"
    if every == "month" and draw(st.booleans()):
        out["months"] = draw(_subset([m.value for m in Month]))
    grace = draw(st.sampled_from([None, "30m", "31m", "1h", "90m", "2h", "1d"]))
    if grace is not None:
        out["grace"] = grace
    return out

