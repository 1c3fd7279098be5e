"""Requirements judged on real zones and dates (SPEC §9), and the fast path against a
brute-force reference on generated policies and requirements."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy.audit.periods import DayStarts
from policy.audit.requirements import check, check_rows, default_end
from policy.audit.verdicts import Verdict
from policy.engine.offsets import local_midnight, seconds_of
from policy.engine.projection import project
from policy.model.requirements import Requirement
from policy.model.validation import build_policy
from policy.model.zones import BUNDLED
from tests.check_reference import reference_coverage, reference_max_age, reference_rpo
from tests.strategies import policy_data, requirement_data

BERLIN = {"name": "berlin", "timezone": "Europe/Berlin",
          "schedule": {"frequency": "daily", "times": ["23:30"]},
          "clock": {"mode": "fixed-offset", "anchor": "2026-01-15"},
          "retention": {"daily": {"keep": 30}, "monthly": {"keep": 36, "days_of_month": ["last"]}}}
LONDON = {"name": "london", "timezone": "Europe/London",
          "schedule": {"frequency": "daily", "times": ["22:00"]},
          "clock": {"mode": "fixed-offset", "anchor": "2026-11-02"},
          "retention": {"daily": {"keep": 35},
                        "monthly": {"keep": 84, "days_of_month": ["last"]}}}


def verdicts(data: dict[str, Any], reqs: list[dict[str, Any]], start: date,
             end: date | None = None) -> tuple[Verdict, ...]:
    policy = build_policy({**data, "requirements": reqs})
    return check(policy, start, end or default_end(policy.requirements, start)).verdicts


def first(v: Verdict) -> tuple[str, str, str, str]:
    f = v.failures[0]
    return f.period, f.day.isoformat(), f.seen.isoformat(), f.cause


# --- exact verdicts -----------------------------------------------------------------------


def test_berlin_2330_month_ends_are_moved_by_dst_and_grace_31m_accepts_them() -> None:
    strict, graced, too_short = verdicts(BERLIN, [
        {"every": "month", "day": "last", "for": "36 months"},
        {"every": "month", "day": "last", "for": "36 months", "grace": "31m"},
        {"every": "month", "day": "last", "for": "36 months", "grace": "30m"},
    ], date(2026, 1, 1))
    assert not strict.met and (strict.periods, len(strict.failures)) == (47, 28)
    # The daily point of 30 March (taken 00:30 on the 31st) covers the month-end until it
    # expires; then nothing does.
    assert first(strict) == ("2026-03", "2026-03-31", "2026-05-01", "moved")
    f = strict.failures[0]
    assert f.drift_minutes == 60 and f.grace_minutes == 31
    assert f.point is not None and f.point.local is not None
    assert f.point.local.isoformat() == "2026-04-01T00:30:00+02:00"
    assert f.message == (
        "2026-03: the month-end point of 2026-03-31 was taken 2026-04-01 00:30 CEST, 30 min "
        "after the day ended (DST drift +60m); grace: 31m would accept it")
    # Seven summer month-ends a year (March to September): October's is back on time.
    assert [x.period for x in strict.failures[:8]] == [
        "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2027-03"]
    assert graced.met and graced.periods == 47
    assert not too_short.met  # the window is half-open: 00:30 is not before 00:00 + 30m


def test_new_york_0030_saved_in_july_moves_month_starts_to_the_evening_before() -> None:
    data = {"name": "ny", "timezone": "America/New_York",
            "schedule": {"frequency": "daily", "times": ["00:30"]},
            "clock": {"mode": "fixed-offset", "anchor": "2026-07-01"},
            "retention": {"daily": {"keep": 30}, "monthly": {"keep": 12, "days_of_month": [1]}}}
    starts, days = verdicts(data, [{"every": "month", "day": "first", "for": "12 months"},
                                   {"every": "day", "for": "30 days"}],
                            date(2026, 7, 1), date(2027, 7, 1))
    assert (starts.periods, len(starts.failures)) == (12, 4)
    assert first(starts) == ("2026-12", "2026-12-01", "2027-01-01", "moved")
    assert starts.failures[0].drift_minutes == -60
    assert starts.failures[0].grace_minutes is None  # grace cannot help an early point
    assert "30 min before the day began" in starts.failures[0].message
    # A 30-day point of early October expires at 23:30 EST the day before it is last due.
    assert first(days) == ("2026-10-03", "2026-10-03", "2026-11-02", "expired")
    assert days.failures[0].keep_needed == "daily 31 days"


def test_sydney_fortnightly_saturdays_miss_every_other_week() -> None:
    data = {"name": "syd", "timezone": "Australia/Sydney",
            "schedule": {"frequency": "weekly", "days": ["saturday"], "every_weeks": 2,
                         "times": ["21:00"]},
            "clock": {"mode": "fixed-offset", "anchor": "2026-01-10"},
            "retention": {"weekly": {"keep": 8, "days": ["saturday"]},
                          "monthly": {"keep": 24, "weeks": ["last"], "weekdays": ["saturday"]}}}
    weeks, months = verdicts(data, [{"every": "week", "day": "saturday", "for": "4 weeks"},
                                    {"every": "month", "for": "24 months"}],
                             date(2026, 1, 1), date(2027, 1, 1))
    assert (weeks.periods, len(weeks.failures)) == (52, 26)
    assert first(weeks) == ("2026-W01", "2026-01-03", "2026-01-04", "no-run")
    assert weeks.failures[0].point is None
    # Months whose last Saturday is an off week keep only 8-week points.
    assert (months.periods, len(months.failures)) == (11, 6)
    assert first(months) == ("2026-01", "2026-01-01", "2026-03-22", "no-run")


def test_gap_skip_day_is_skipped_and_an_untiered_time_is_not_retained() -> None:
    data = {"name": "nyw", "timezone": "America/New_York",
            "schedule": {"frequency": "daily", "times": ["02:30"]},
            "clock": {"mode": "wall-clock", "anchor": "2026-01-15", "gap": "skip"},
            "retention": {"daily": {"keep": 7}}}
    (v,) = verdicts(data, [{"every": "day", "for": "7 days"}], date(2026, 3, 1), date(2026, 4, 1))
    assert (v.periods, len(v.failures)) == (30, 1)
    assert first(v) == ("2026-03-08", "2026-03-08", "2026-03-09", "skipped")
    assert v.failures[0].point is not None and v.failures[0].point.local is None
    two = {**data, "schedule": {"frequency": "daily", "times": ["02:30", "13:00"]},
           "retention": {"daily": {"keep": 7, "times": ["02:30"]}}}
    (v,) = verdicts(two, [{"every": "day", "for": "7 days"}], date(2026, 3, 1), date(2026, 4, 1))
    assert first(v) == ("2026-03-08", "2026-03-08", "2026-03-09", "not-retained")
    assert "13:00" in v.failures[0].message


def test_quarter_ends_and_a_june_fiscal_year_end_over_seven_years() -> None:
    reqs = [{"every": "quarter", "day": "last", "for": "7 years"},
            {"every": "month", "day": "last", "months": ["june"], "for": "7 years",
             "label": "fiscal year-end"}]
    quarters, fiscal = verdicts(LONDON, reqs, date(2026, 1, 1))
    assert quarters.met and fiscal.met
    assert (quarters.periods, fiscal.periods) == (31, 8)
    assert [e.period for e in fiscal.evidence][:2] == ["2026-06", "2027-06"]
    assert fiscal.evidence[0].due_until == date(2033, 6, 30)
    short = {**LONDON, "retention": {"daily": {"keep": 35},
                                     "monthly": {"keep": 36, "days_of_month": ["last"]}}}
    quarters, fiscal = verdicts(short, reqs, date(2026, 1, 1))
    assert (len(quarters.failures), len(fiscal.failures)) == (19, 5)
    assert first(quarters) == ("2026-Q1", "2026-03-31", "2029-04-01", "expired")
    assert first(fiscal) == ("2026-06", "2026-06-30", "2029-07-01", "expired")
    assert fiscal.failures[0].keep_needed == "monthly 84 months"
    assert "stays required until 2033-06-30" in fiscal.failures[0].message


def test_29_february_plus_one_year_is_28_february() -> None:
    data = {"name": "leap", "timezone": "Europe/Berlin",
            "schedule": {"frequency": "daily", "times": ["21:00"]},
            "clock": {"mode": "fixed-offset", "anchor": "2028-01-15"},
            "retention": {"daily": {"keep": 7}, "monthly": {"keep": 12, "days_of_month": ["last"]}}}
    year, longer = verdicts(data, [{"every": "month", "day": "last", "for": "1 year"},
                                   {"every": "month", "day": "last", "for": "13 months"}],
                            date(2028, 1, 1), date(2030, 6, 1))
    assert year.met
    feb = next(e for e in year.evidence if e.period == "2028-02")
    assert (feb.day, feb.due_until) == (date(2028, 2, 29), date(2029, 2, 28))
    assert feb.point is not None and feb.point.expires is not None
    assert feb.point.expires.isoformat() == "2029-02-28T20:00:00+00:00"
    assert first(longer) == ("2028-01", "2028-01-31", "2029-02-01", "expired")
    assert longer.failures[1].period == "2028-02"
    assert longer.failures[1].keep_needed == "monthly 13 months"


def test_partial_first_period_counts_from_the_horizon_start() -> None:
    data = {"name": "w", "timezone": "Europe/Berlin",
            "schedule": {"frequency": "weekly", "days": ["sunday"], "times": ["12:00"]},
            "clock": {"mode": "fixed-offset", "anchor": "2026-01-15"},
            "retention": {"weekly": {"keep": 4, "days": ["sunday"]}}}
    (v,) = verdicts(data, [{"every": "month", "for": "3 months"}], date(2026, 1, 14),
                    date(2026, 6, 1))
    # January from the 14th: Sundays 18 and 25 hold points kept 4 weeks, gone by 22 Feb.
    assert first(v) == ("2026-01", "2026-01-14", "2026-02-23", "no-run")


def test_other_requirements_rpo_max_age_max_points() -> None:
    reqs = [{"rpo": "25h"}, {"rpo": "23h"}, {"max_age": "3 years"}, {"max_age": "2 years"},
            {"max_points": 66}, {"max_points": 65}]
    rpo, rpo_short, age, age_short, points, points_short = verdicts(
        BERLIN, reqs, date(2026, 1, 1), date(2027, 1, 1))
    assert rpo.met and rpo.worst_gap_minutes == 24 * 60
    # Fixed offset: the gap never changes, whatever DST does.
    assert not rpo_short.met and rpo_short.worst_gap_minutes == 24 * 60
    assert age.met
    assert not age_short.met and age_short.point is not None
    assert age_short.point.frame.isoformat() == "2026-01-31T23:30:00"
    assert "12 points kept longer than 2 years" in age_short.message
    assert points.met and points.peak == 66 and not points_short.met


def test_rpo_is_not_met_when_every_point_has_expired() -> None:
    # A history in which the backups of 11 January to 22 February never happened: the
    # 4 January point (kept 4 weeks) expires on 1 February and the vault is empty until
    # the run of 1 March.
    policy = build_policy({
        "name": "weekly", "timezone": "UTC",
        "schedule": {"frequency": "weekly", "days": ["sunday"], "times": ["12:00"]},
        "clock": {"anchor": "2026-01-04"},
        "retention": {"weekly": {"keep": 4, "days": ["sunday"]}},
        "requirements": [{"rpo": "30d"}]})
    proj = project(policy, date(2026, 1, 1), date(2026, 3, 8))
    gap = (date(2026, 1, 11).toordinal(), date(2026, 2, 22).toordinal())
    rows = [r for r in proj.rows
            if not gap[0] <= r[1] // 86400 + 719163 <= gap[1]]
    (v,) = check_rows(policy.requirements, rows, proj.zone, date(2026, 1, 1),
                      date(2026, 3, 8))
    assert not v.met and v.worst_gap_minutes is None
    assert v.message.startswith("no point is alive from 2026-02-01 12:00 UTC")


def test_check_rows_takes_rows_of_any_history() -> None:
    policy = build_policy({**BERLIN, "requirements": [
        {"every": "month", "day": "last", "for": "36 months", "grace": "31m"}]})
    proj = project(policy, date(2026, 1, 1), date(2030, 1, 1))
    rows = proj.rows
    (v,) = check_rows(policy.requirements, rows, proj.zone, date(2026, 1, 1), date(2030, 1, 1))
    assert v.met
    # Drop the March month-end point: that period now fails, first seen when the daily
    # point of 30 March is gone.
    march = [r for r in rows if r[1] // 86400 != date(2026, 3, 31).toordinal() - 719163]
    (v,) = check_rows(policy.requirements, march, proj.zone, date(2026, 1, 1), date(2030, 1, 1))
    assert first(v) == ("2026-03", "2026-03-31", "2026-05-01", "no-run")


def test_default_end_is_the_longest_depth_plus_a_year() -> None:
    reqs = [Requirement.model_validate(r) for r in (
        {"every": "day", "for": "30 days"}, {"every": "month", "for": "84 months"},
        {"rpo": "25h"})]
    assert default_end(reqs, date(2026, 1, 1)) == date(2034, 1, 1)
    assert default_end(reqs[2:], date(2028, 2, 29)) == date(2029, 2, 28)


# --- the fast path against the reference ----------------------------------------------------


@st.composite
def _cases(draw: st.DrawFn) -> tuple[dict[str, Any], list[dict[str, Any]], date, date]:
    data = draw(policy_data())
    reqs = draw(st.lists(requirement_data(), min_size=1, max_size=3))
    start = draw(st.dates(date(2026, 1, 1), date(2026, 12, 31)))
    return data, reqs, start, date.fromordinal(start.toordinal() + draw(st.integers(20, 150)))


@st.composite
def _drift_cases(draw: st.DrawFn) -> tuple[dict[str, Any], list[dict[str, Any]], date, date]:
    """Runs near midnight and in DST gaps, horizons across the changes: moved and skipped."""
    zone = draw(st.sampled_from(["Europe/Berlin", "America/New_York", "Australia/Sydney",
                                 "Australia/Lord_Howe"]))
    times = sorted(draw(st.lists(st.sampled_from(["00:00", "00:30", "02:00", "02:30", "12:00",
                                                  "23:00", "23:30"]),
                                 min_size=1, max_size=3, unique=True)))
    wall = draw(st.booleans())
    clock: dict[str, Any] = {"mode": "wall-clock" if wall else "fixed-offset",
                             "anchor": draw(st.sampled_from(["2026-01-15", "2026-07-15"]))}
    if wall:
        clock["gap"] = draw(st.sampled_from(["shift", "skip", "next-valid"]))
        clock["fold"] = draw(st.sampled_from(["first", "second", "both"]))
    daily: dict[str, Any] = {"keep": draw(st.integers(7, 40))}
    if len(times) > 1 and draw(st.booleans()):
        daily["times"] = [times[-1]]
    data = {"name": "drift", "timezone": zone, "schedule": {"frequency": "daily",
                                                            "times": times},
            "clock": clock, "retention": {"daily": daily, "monthly": {
                "keep": draw(st.integers(3, 6)), "days_of_month": ["last", 1]}}}
    reqs = draw(st.lists(requirement_data(), min_size=1, max_size=3))
    start = draw(st.sampled_from([date(2026, 3, 1), date(2026, 3, 25), date(2026, 9, 20),
                                  date(2026, 10, 20)]))
    return data, reqs, start, date.fromordinal(start.toordinal() + draw(st.integers(20, 120)))


@settings(max_examples=40)
@given(st.one_of(_cases(), _drift_cases()))
def test_fast_path_agrees_with_the_reference(case: tuple[Any, ...]) -> None:
    data, reqs, start, end = case
    policy = build_policy({**data, "requirements": reqs})
    proj = project(policy, start, end)
    report = check(policy, start, end)
    for req, v in zip(policy.requirements, report.verdicts, strict=True):
        ref = reference_coverage(req, proj)
        assert (v.met, v.periods, len(v.failures)) == (ref.met, ref.periods, len(ref.failures))
        got = [(f.period, f.day, f.seen, f.cause) for f in v.failures]
        assert got == [(f.period, f.day, f.seen, f.cause) for f in ref.failures]


@pytest.mark.parametrize("zone", ["Australia/Lord_Howe", "America/Havana", "Pacific/Apia"])
def test_odd_zones_agree_with_the_reference(zone: str) -> None:
    data = {**BERLIN, "timezone": zone, "clock": {"mode": "wall-clock", "anchor": "2011-06-01"},
            "schedule": {"frequency": "daily", "times": ["00:00", "23:30"]}}
    policy = build_policy({**data, "requirements": [
        {"every": "day", "for": "10 days"}, {"every": "week", "day": "last", "for": "3 weeks",
                                             "grace": "30m"}]})
    start, end = date(2011, 9, 1), date(2012, 1, 10)
    proj = project(policy, start, end)
    for req, v in zip(policy.requirements, check(policy, start, end).verdicts, strict=True):
        ref = reference_coverage(req, proj)
        assert (v.met, v.periods) == (ref.met, ref.periods)
        assert [(f.period, f.day, f.seen, f.cause) for f in v.failures] == [
            (f.period, f.day, f.seen, f.cause) for f in ref.failures]


@pytest.mark.parametrize("zone", ["America/Havana", "Pacific/Apia", "Australia/Lord_Howe",
                                  "America/St_Johns"])
def test_day_starts_are_the_first_instant_of_each_local_date(zone: str) -> None:
    tz = BUNDLED.zone(zone)
    first, last = date(2011, 1, 1).toordinal(), date(2012, 12, 31).toordinal()
    starts = DayStarts(tz, first, last)
    for o in range(first, last + 1):
        assert starts[o] == seconds_of(local_midnight(tz, date.fromordinal(o))), o


@settings(max_examples=30)
@given(policy_data(), st.dates(date(2026, 1, 1), date(2026, 12, 31)), st.integers(20, 200),
       st.sampled_from(["1 days", "20 days", "2 weeks", "5 months", "1 years", "2 years"]))
def test_rpo_and_max_age_agree_with_the_reference(data: dict[str, Any], start: date,
                                                  days: int, age: str) -> None:
    end = date.fromordinal(start.toordinal() + days)
    policy = build_policy({**data, "requirements": [{"rpo": "1d"}, {"max_age": age}]})
    proj = project(policy, start, end)
    rpo, max_age = check(policy, start, end).verdicts
    assert rpo.worst_gap_minutes == reference_rpo(proj)
    count, unit = age.split()
    bad = reference_max_age(proj, int(count), unit)
    assert max_age.met == (bad == 0)
    if bad:
        assert max_age.message.startswith(f"{bad:,} point")
