"""Tiers and expiry (SPEC §5): placements against dateutil.rrule, month-end and leap-day
expiry, combine longest/tier and the governing tier."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from dateutil.rrule import DAILY, MONTHLY, SU, rrule
from hypothesis import given
from hypothesis import strategies as st

from policy.engine.projection import project
from policy.engine.retention import add_months
from policy.model.models import Policy
from policy.model.validation import build_policy

YEARS = (date(2024, 1, 1), date(2029, 1, 1))  # includes the leap year 2024 and 2028


def _policy(retention: dict[str, Any], times: list[str] | None = None,
            **extra: Any) -> Policy:
    return build_policy({"name": "p", "timezone": "UTC",
                         "schedule": {"frequency": "daily", "times": times or ["12:00"]},
                         "retention": {"daily": {"keep": 7}, **retention}, **extra})


def _days(policy: Policy, tier: str) -> list[date]:
    proj = project(policy, *YEARS)
    return [r.frame.date() for r in proj.runs if tier in r.tiers]


def _rrule(**kwargs: Any) -> list[date]:
    start = datetime(YEARS[0].year, 1, 1)
    until = datetime(YEARS[1].year, 1, 1) - timedelta(seconds=1)
    return [d.date() for d in rrule(dtstart=start, until=until, **kwargs)]


def test_last_day_of_month_matches_rrule_bymonthday_minus_1() -> None:
    policy = _policy({"monthly": {"keep": 3, "days_of_month": ["last"]}})
    assert _days(policy, "monthly") == _rrule(freq=MONTHLY, bymonthday=-1)


def test_first_sunday_matches_rrule_byday_plus_1su() -> None:
    policy = _policy({"monthly": {"keep": 3, "weeks": ["first"], "weekdays": ["sunday"]}})
    assert _days(policy, "monthly") == _rrule(freq=MONTHLY, byweekday=SU(+1))


def test_last_sunday_matches_rrule_byday_minus_1su() -> None:
    policy = _policy({"monthly": {"keep": 3, "weeks": ["last"], "weekdays": ["sunday"]}})
    assert _days(policy, "monthly") == _rrule(freq=MONTHLY, byweekday=SU(-1))


def test_yearly_last_sunday_of_march_and_october() -> None:
    policy = _policy({"yearly": {"keep": 1, "months": ["march", "october"],
                                 "weeks": ["last"], "weekdays": ["sunday"]}})
    assert _days(policy, "yearly") == _rrule(freq=MONTHLY, bymonth=(3, 10), byweekday=SU(-1))


@given(st.lists(st.sampled_from([1, 5, 15, 28, "last"]), min_size=1, max_size=3, unique=True))
def test_days_of_month_match_rrule(days: list[int | str]) -> None:
    policy = _policy({"monthly": {"keep": 3, "days_of_month": days}})
    by = [-1 if d == "last" else d for d in days]
    assert _days(policy, "monthly") == _rrule(freq=DAILY, bymonthday=by)


@pytest.mark.parametrize(("frame", "months", "expected"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2026, 3, 31), 1, date(2026, 4, 30)),
    (date(2026, 8, 31), 6, date(2027, 2, 28)),
    (date(2028, 2, 29), 12, date(2029, 2, 28)),
    (date(2028, 2, 29), 48, date(2032, 2, 29)),
    (date(2026, 12, 15), 1, date(2027, 1, 15)),
])
def test_add_months_clamps_to_the_month_end(frame: date, months: int, expected: date) -> None:
    assert add_months(frame.year, frame.month, frame.day, months) == expected.toordinal()


def test_month_end_point_kept_one_month_expires_on_the_next_month_end() -> None:
    policy = _policy({"monthly": {"keep": 3, "days_of_month": ["last"]}})
    proj = project(policy, date(2026, 11, 30), date(2026, 12, 1))
    (run,) = proj.runs
    assert run.expires == datetime(2027, 2, 28, 12, tzinfo=UTC)
    assert run.governing == "monthly"


def test_leap_day_yearly_point_expires_on_28_february() -> None:
    policy = _policy({"yearly": {"keep": 1, "months": ["february"],
                                 "days_of_month": ["last"]}})
    proj = project(policy, date(2028, 2, 29), date(2028, 3, 1))
    (run,) = proj.runs
    assert (run.tiers, run.governing) == (("daily", "yearly"), "yearly")
    assert run.expires == datetime(2029, 2, 28, 12, tzinfo=UTC)


def _first_sunday_2026(combine: str, daily: int, weekly: int) -> tuple[str | None, datetime]:
    policy = _policy({"combine": combine, "daily": {"keep": daily},
                      "weekly": {"keep": weekly, "days": ["sunday"]}})
    run = project(policy, date(2026, 1, 4), date(2026, 1, 5)).runs[0]
    assert run.expires is not None
    return run.governing, run.expires


def test_combine_longest_takes_the_latest_expiry_and_tier_the_highest_tier() -> None:
    sunday = datetime(2026, 1, 4, 12, tzinfo=UTC)
    assert _first_sunday_2026("longest", 60, 4) == ("daily", sunday + timedelta(days=60))
    assert _first_sunday_2026("tier", 60, 4) == ("weekly", sunday + timedelta(weeks=4))
    # A tie goes to the higher tier.
    assert _first_sunday_2026("longest", 28, 4) == ("weekly", sunday + timedelta(days=28))


def test_tier_times_leave_runs_without_a_tier() -> None:
    policy = build_policy({
        "name": "p", "timezone": "UTC",
        "schedule": {"frequency": "weekly", "days": ["sunday"], "times": ["01:00", "13:00"]},
        "retention": {"weekly": {"keep": 4, "days": ["sunday"], "times": ["13:00"]}}})
    runs = project(policy, date(2026, 1, 4), date(2026, 1, 5)).runs
    assert [(r.frame.hour, r.tiers, r.retained) for r in runs] == [
        (1, (), False), (13, ("weekly",), True)]


def test_weekly_every_2_weeks_counts_from_the_iso_week_of_the_anchor() -> None:
    policy = build_policy({
        "name": "p", "timezone": "UTC",
        "schedule": {"frequency": "weekly", "days": ["monday", "sunday"], "every_weeks": 2,
                     "times": ["12:00"]},
        "clock": {"anchor": "2026-01-08"},  # Thursday of ISO week 2026-W02 (Mon 5 Jan)
        "retention": {"weekly": {"keep": 4, "days": ["monday", "sunday"]}}})
    runs = project(policy, date(2026, 1, 1), date(2026, 2, 1)).runs
    assert [r.frame.date().isoformat() for r in runs] == [
        "2026-01-05", "2026-01-11", "2026-01-19", "2026-01-25"]
