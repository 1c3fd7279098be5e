"""The engine against the naive reference model (tests/reference.py), by hypothesis, plus
hand-computed inventories and peaks."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy.engine.projection import local_midnight, peak_alive, project, runs_between
from policy.model.models import Policy
from policy.model.validation import build_policy
from policy.model.zones import BUNDLED
from tests import reference as ref

ZONES = ("Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Havana",
         "Pacific/Apia")
# Times near the zones' transitions, plus a few ordinary ones.
TIMES = ["00:00", "00:30", "01:00", "01:30", "02:00", "02:30", "03:00", "03:30", "04:00",
         "12:00", "21:00", "22:30", "23:00", "23:30"]
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# Months around the transitions of the five zones (Apia's missing day is 2011-12-30).
STARTS = [date(2011, 9, 10), date(2011, 12, 20), date(2021, 3, 20), date(2025, 3, 1),
          date(2025, 9, 25), date(2025, 10, 20), date(2026, 3, 1), date(2026, 10, 20),
          date(2028, 2, 20), date(2030, 11, 1)]


def _subset(values: list[str]) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(values), min_size=1, max_size=len(values), unique=True)


@st.composite
def _placed(draw: st.DrawFn, week_based: bool, days: list[str]) -> dict[str, Any]:
    if week_based:
        return {"weeks": draw(_subset(["first", "second", "third", "fourth", "last"])),
                "weekdays": draw(_subset(days))}
    return {"days_of_month": draw(st.lists(st.sampled_from([1, 2, 15, 28, "last"]),
                                           min_size=1, max_size=3, unique=True))}


@st.composite
def dst_policies(draw: st.DrawFn) -> Policy:
    """Valid policies with small keeps and times near DST transitions."""
    times = sorted(draw(st.lists(st.sampled_from(TIMES), min_size=1, max_size=3, unique=True)))
    weekly = draw(st.booleans())
    sched: dict[str, Any] = {"frequency": "weekly" if weekly else "daily", "times": times}
    days = WEEKDAYS
    if weekly:
        days = draw(_subset(WEEKDAYS))
        sched |= {"days": days, "every_weeks": draw(st.integers(1, 4))}

    def tier_times() -> dict[str, Any]:
        return {"times": draw(_subset(times))} if draw(st.booleans()) else {}

    ret: dict[str, Any] = {"combine": draw(st.sampled_from(["longest", "tier"]))}
    if not weekly:
        ret["daily"] = {"keep": draw(st.integers(7, 40)), **tier_times()}
    if weekly or draw(st.booleans()):
        ret["weekly"] = {"keep": draw(st.integers(4, 10)), "days": draw(_subset(days)),
                         **tier_times()}
    if draw(st.booleans()):
        ret["monthly"] = {"keep": draw(st.integers(3, 14)), **tier_times(),
                          **draw(_placed(weekly or draw(st.booleans()), days))}
    if draw(st.booleans()):
        ret["yearly"] = {"keep": draw(st.integers(1, 2)), **tier_times(),
                         "months": draw(_subset(["january", "march", "april", "september",
                                                 "october", "november", "december"])),
                         **draw(_placed(weekly or draw(st.booleans()), days))}
    clock: dict[str, Any] = {"mode": draw(st.sampled_from(["fixed-offset", "wall-clock"]))}
    if draw(st.booleans()):
        clock["anchor"] = draw(st.sampled_from(STARTS) | st.dates(date(2010, 1, 1),
                                                                  date(2031, 1, 1)))
    if clock["mode"] == "wall-clock":
        clock["gap"] = draw(st.sampled_from(["shift", "skip", "next-valid"]))
        clock["fold"] = draw(st.sampled_from(["first", "second", "both"]))
    return build_policy({"name": "p", "timezone": draw(st.sampled_from(ZONES)),
                         "schedule": sched, "clock": clock, "retention": ret})


def _key(run: Any) -> tuple[Any, ...]:
    wall = run.wall + ("+merged" if getattr(run, "merged", False) else "")
    return (run.frame, run.instant, run.tiers, run.governing, run.expires, wall)


@given(dst_policies(), st.sampled_from(STARTS), st.integers(1, 120))
def test_runs_match_the_reference(policy: Policy, start: date, days: int) -> None:
    end = start + timedelta(days=days)
    proj = project(policy, start, end)
    expected = ref.reference_runs(policy, proj.zone, start, end)
    assert [_key(r) for r in proj.runs] == [_key(r) for r in expected]
    assert [r.skipped for r in proj.runs] == [r.instant is None for r in expected]
    assert proj.start == ref.first_instant(proj.zone, start)
    for at in (proj.start + (proj.end - proj.start) / 2, proj.end):
        assert proj.alive_by_tier(at) == ref.alive_counts(expected, at)


@given(dst_policies(), st.sampled_from(STARTS))
def test_peak_matches_the_reference(policy: Policy, start: date) -> None:
    zone = BUNDLED.zone(policy.timezone)
    span = ref.longest_days(policy) + 366
    last = ref.first_instant(zone, start) + timedelta(days=span)
    runs = [r for r in ref.reference_runs(policy, zone, start, start + timedelta(days=span + 2))
            if r.position <= last]
    peak, at = ref.reference_peak(runs)
    assert peak_alive(policy, start) == (peak, at or ref.first_instant(zone, start))


@given(dst_policies(), st.sampled_from(STARTS), st.integers(1, 60))
def test_every_point_is_alive_only_between_creation_and_expiry(
        policy: Policy, start: date, days: int) -> None:
    proj = project(policy, start, start + timedelta(days=days))
    instants = [r.instant for r in proj.runs if r.instant is not None]
    assert instants == sorted(instants)
    for point in proj.points():
        assert point.instant is not None and point.expires is not None
        assert point.instant < point.expires
        assert point in proj.alive_at(point.instant)
        assert point not in proj.alive_at(point.expires)


def _policy(**changes: Any) -> Policy:
    base: dict[str, Any] = {"name": "p", "timezone": "Europe/Berlin",
                            "schedule": {"frequency": "daily", "times": ["21:00"]},
                            "retention": {"daily": {"keep": 30}}}
    return build_policy(base | changes)


def test_three_runs_a_day_kept_9999_days_peak_at_29997() -> None:
    policy = _policy(schedule={"frequency": "daily", "times": ["01:00", "09:00", "17:00"]},
                     retention={"daily": {"keep": 9999}})
    assert peak_alive(policy, date(2026, 1, 1))[0] == 29_997


def test_daily_30_weekly_12_peak_is_26_weekdays_plus_12_sundays() -> None:
    # Daily 21:00 kept 30 days; Sundays (governed by weekly) kept 12 weeks. The 12th Sunday
    # is 2026-03-22. On Sunday and Monday the 30 days hold 5 Sundays (25 + 12 = 37); from
    # Tuesday 2026-03-24 on they hold 4: 26 other days + 12 Sundays = 38.
    policy = _policy(retention={"daily": {"keep": 30},
                                "weekly": {"keep": 12, "days": ["sunday"]}})
    peak, at = peak_alive(policy, date(2026, 1, 1))
    assert (peak, at) == (38, datetime(2026, 3, 24, 20, tzinfo=UTC))


def test_monthly_kept_3_months_peaks_at_7_dailies_plus_3_firsts() -> None:
    # The 1st of January is kept until 1 April 21:00 (3 calendar months). From 8 March the
    # 7-day window holds no 1st: 7 dailies + the 1sts of January, February, March = 10.
    policy = _policy(retention={"daily": {"keep": 7},
                                "monthly": {"keep": 3, "days_of_month": [1]}})
    assert peak_alive(policy, date(2026, 1, 1)) == (10, datetime(2026, 3, 8, 20, tzinfo=UTC))


def test_alive_at_counts_by_governing_tier_and_oldest() -> None:
    policy = _policy(retention={"daily": {"keep": 7}, "weekly": {"keep": 4, "days": ["sunday"]}})
    proj = project(policy, date(2026, 3, 1), date(2026, 4, 1))
    at = datetime(2026, 3, 31, 12, tzinfo=UTC)
    assert proj.alive_by_tier(at) == {"daily": 6, "weekly": 4, "monthly": 0, "yearly": 0}
    oldest = proj.oldest_by_tier(at)
    assert oldest["weekly"] is not None and oldest["weekly"].frame == datetime(2026, 3, 8, 21)
    assert oldest["daily"] is not None and oldest["daily"].frame == datetime(2026, 3, 24, 21)
    assert oldest["monthly"] is None
    assert proj.peak_alive == 10


def test_berlin_fixed_offset_runs_drift_in_summer() -> None:
    policy = _policy(schedule={"frequency": "daily", "times": ["23:30"]},
                     clock={"anchor": "2026-01-15"})
    proj = project(policy, date(2026, 3, 28), date(2026, 3, 31))
    assert proj.frozen_offset == timedelta(hours=1)
    assert [(r.frame.isoformat(), r.local.isoformat() if r.local else None, r.drift_minutes)
            for r in proj.runs] == [
        ("2026-03-28T23:30:00", "2026-03-28T23:30:00+01:00", 0),
        ("2026-03-29T23:30:00", "2026-03-30T00:30:00+02:00", 60),
    ]  # the 30th's run lands on the 31st, outside the horizon [28th, 31st)


def test_new_york_gap_rules() -> None:
    def runs(gap: str) -> list[tuple[str | None, str, bool]]:
        policy = _policy(timezone="America/New_York",
                         schedule={"frequency": "daily", "times": ["02:30"]},
                         clock={"mode": "wall-clock", "gap": gap})
        proj = project(policy, date(2025, 3, 9), date(2025, 3, 10))
        return [(r.local.isoformat() if r.local else None, r.wall, r.skipped)
                for r in proj.runs]

    assert runs("shift") == [("2025-03-09T03:30:00-04:00", "nonexistent", False)]
    assert runs("next-valid") == [("2025-03-09T03:00:00-04:00", "nonexistent", False)]
    assert runs("skip") == [(None, "nonexistent", True)]


def test_new_york_fold_both_gives_two_runs() -> None:
    policy = _policy(timezone="America/New_York",
                     schedule={"frequency": "daily", "times": ["01:30"]},
                     clock={"mode": "wall-clock", "fold": "both"})
    proj = project(policy, date(2025, 11, 2), date(2025, 11, 3))
    assert [r.instant.isoformat() for r in proj.runs if r.instant] == [
        "2025-11-02T05:30:00+00:00", "2025-11-02T06:30:00+00:00"]
    assert {r.wall for r in proj.runs} == {"ambiguous"}


@pytest.mark.parametrize(("zone", "day", "expected"), [
    ("America/Havana", date(2025, 3, 9), "2025-03-09T05:00:00+00:00"),  # 00:00 missing
    ("Pacific/Apia", date(2011, 12, 30), "2011-12-30T10:00:00+00:00"),  # date missing
    ("Pacific/Apia", date(2011, 12, 31), "2011-12-30T10:00:00+00:00"),
    ("Europe/Berlin", date(2026, 1, 1), "2025-12-31T23:00:00+00:00"),
    # Clocks go back from 00:00 to 23:00: the 6th starts for good an hour later.
    ("America/Santiago", date(2025, 4, 6), "2025-04-06T04:00:00+00:00"),
])
def test_local_midnight_is_the_first_instant_of_the_date(zone: str, day: date,
                                                         expected: str) -> None:
    assert local_midnight(BUNDLED.zone(zone), day).isoformat() == expected


def test_runs_between_takes_utc_bounds_and_an_anchor() -> None:
    policy = _policy(schedule={"frequency": "daily", "times": ["23:30"]})
    start = datetime(2026, 6, 1, tzinfo=UTC)
    runs = list(runs_between(policy, start, start + timedelta(days=2), BUNDLED,
                             anchor=date(2026, 1, 15)))
    assert [r.instant.isoformat() for r in runs if r.instant] == [
        "2026-06-01T22:30:00+00:00", "2026-06-02T22:30:00+00:00"]
    assert [r.drift_minutes for r in runs] == [60, 60]


def test_empty_horizon_is_an_error() -> None:
    from policy.model.errors import PolicyError

    with pytest.raises(PolicyError, match="empty"):
        project(_policy(), date(2026, 1, 2), date(2026, 1, 2))


def test_skipped_runs_are_listed_but_not_points() -> None:
    policy = _policy(timezone="America/New_York",
                     schedule={"frequency": "daily", "times": ["02:30"]},
                     clock={"mode": "wall-clock", "gap": "skip"})
    proj = project(policy, date(2025, 3, 8), date(2025, 3, 11))
    assert [r.skipped for r in proj.runs] == [False, True, False]
    assert len(proj.points()) == 2
    skipped = proj.runs[1]
    assert skipped.tiers == ("daily",) and not skipped.retained
    assert skipped.instant is None and skipped.expires is None and skipped.drift_minutes is None


def test_time_of_day_is_kept_when_expiry_lands_in_summer() -> None:
    # Wall clock: a 21:00 winter point kept 60 days expires at 21:00 summer time.
    policy = _policy(clock={"mode": "wall-clock"}, retention={"daily": {"keep": 60}})
    run = project(policy, date(2026, 3, 1), date(2026, 3, 2)).runs[0]
    assert run.expires == datetime(2026, 4, 30, 19, tzinfo=UTC)
    fixed = project(_policy(retention={"daily": {"keep": 60}}), date(2026, 3, 1),
                    date(2026, 3, 2)).runs[0]
    assert fixed.expires == datetime(2026, 4, 30, 20, tzinfo=UTC)
    assert fixed.frame.time() == time(21)


def test_skipped_runs_are_not_counted_as_taken() -> None:
    # Review against an independent model of SPEC §4: `gap: skip` drops the run, so the
    # horizon holds 2 runs that happen (summary.runs), and 1 listed as skipped.
    policy = _policy(timezone="America/New_York",
                     schedule={"frequency": "daily", "times": ["02:30"]},
                     clock={"mode": "wall-clock", "gap": "skip"})
    proj = project(policy, date(2025, 3, 8), date(2025, 3, 11))
    assert (len(proj.runs), proj.taken, proj.skipped) == (3, 2, 1)


def test_apia_missing_day_runs_at_the_first_instant_after_the_gap() -> None:
    # Samoa skipped 30 December 2011. With `gap: next-valid` both runs of that frame date
    # land on 31 December 00:00 +14:00, the same instant as the 31st's own 00:00 run.
    # SPEC §6: runs at one instant are one backup, a point with the union of their tiers
    # and the earliest frame (30 Dec 00:00: + 7 days, + 4 weeks, + 3 months); the other two
    # are merged into it and are no points of their own.
    policy = _policy(timezone="Pacific/Apia",
                     schedule={"frequency": "daily", "times": ["00:00", "12:00"]},
                     clock={"mode": "wall-clock", "anchor": "2011-06-01", "gap": "next-valid"},
                     retention={"daily": {"keep": 7},
                                "weekly": {"keep": 4, "days": ["friday"], "times": ["12:00"]},
                                "monthly": {"keep": 3, "days_of_month": ["last"]}})
    proj = project(policy, date(2011, 12, 29), date(2012, 1, 1))
    assert proj.end.isoformat() == "2011-12-31T10:00:00+00:00"
    assert [(r.frame.isoformat(), r.instant.isoformat() if r.instant else None,
             r.drift_minutes, r.tiers, r.governing,
             r.expires.isoformat() if r.expires else None) for r in proj.runs] == [
        ("2011-12-29T00:00:00", "2011-12-29T10:00:00+00:00", 0, ("daily",), "daily",
         "2012-01-04T10:00:00+00:00"),
        ("2011-12-29T12:00:00", "2011-12-29T22:00:00+00:00", 0, ("daily",), "daily",
         "2012-01-04T22:00:00+00:00"),
        ("2011-12-30T00:00:00", "2011-12-30T10:00:00+00:00", 1440,
         ("daily", "weekly", "monthly"), "monthly", "2012-03-29T10:00:00+00:00"),
        ("2011-12-30T12:00:00", "2011-12-30T10:00:00+00:00", 720, (), None, None),
        ("2011-12-31T00:00:00", "2011-12-30T10:00:00+00:00", 0, (), None, None),
        ("2011-12-31T12:00:00", "2011-12-30T22:00:00+00:00", 0, ("daily",), "daily",
         "2012-01-06T22:00:00+00:00"),
    ]
    assert [r.merged for r in proj.runs] == [False, False, False, True, True, False]
    assert (proj.taken, proj.merged, len(proj.points())) == (4, 2, 4)


def test_skipped_runs_sort_where_their_frame_time_falls_apia() -> None:
    """Apia skipped 2011-12-30: with gap: skip its runs are listed in the gap, in frame
    order, not a day later where the shifted instants would put them."""
    policy = build_policy({
        "name": "apia", "timezone": "Pacific/Apia",
        "schedule": {"frequency": "daily", "times": ["03:00", "12:00"]},
        "clock": {"mode": "wall-clock", "gap": "skip"},
        "retention": {"daily": {"keep": 7}},
    })
    proj = project(policy, date(2011, 12, 29), date(2012, 1, 1))
    listed = [(r.frame.isoformat(timespec="minutes"), r.skipped) for r in proj.runs]
    assert listed == [
        ("2011-12-29T03:00", False), ("2011-12-29T12:00", False),
        ("2011-12-30T03:00", True), ("2011-12-30T12:00", True),
        ("2011-12-31T03:00", False), ("2011-12-31T12:00", False),
    ]
    assert proj.runs[4].instant == datetime(2011, 12, 30, 13, 0, tzinfo=UTC)


def test_runs_at_one_instant_are_one_backup_berlin() -> None:
    # Berlin wall-clock 02:30 and 03:30 with gap: shift on 2026-03-29: 02:30 does not exist
    # and runs at 03:30 CEST, the instant of the 03:30 run. SPEC §6: one backup, whose
    # point has both runs' tiers and the earliest frame (02:30); 03:30 is merged into it.
    policy = build_policy({
        "name": "m", "timezone": "Europe/Berlin",
        "schedule": {"frequency": "daily", "times": ["02:30", "03:30"]},
        "clock": {"mode": "wall-clock", "gap": "shift"},
        "retention": {"daily": {"keep": 7},
                      "weekly": {"keep": 4, "days": ["sunday"], "times": ["03:30"]}}})
    proj = project(policy, date(2026, 3, 29), date(2026, 3, 30))
    first, second = proj.runs
    assert first.frame == datetime(2026, 3, 29, 2, 30) and not first.merged
    assert first.instant == second.instant == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert first.tiers == ("daily", "weekly") and first.governing == "weekly"
    assert first.expires == datetime(2026, 4, 26, 0, 30, tzinfo=UTC)  # 02:30 + 4 weeks CEST
    assert second.merged and second.tiers == () and not second.retained
    assert (proj.taken, proj.merged, len(proj.points())) == (1, 1, 1)
    from policy.dst.flags import run_flags
    assert run_flags(second, None) == ("merged",)
    assert run_flags(first, None) == ("shifted", "nonexistent")
