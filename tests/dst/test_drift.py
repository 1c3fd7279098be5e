"""DST drift analysis (SPEC §6) on real zones and dates: flags, periods, tier effects,
remedies, the edits the designer applies, and the SPEC §3 drift warning.

Exact values come from research/dst.md §3–§4; an independent model of SPEC §4/§6 written
here with plain ``zoneinfo`` checks the flagged runs of fixed-offset policies in a dozen
zones.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy.dst.drift import (
    FLAGS,
    Reanchor,
    analyse,
    apply_anchor,
    apply_time,
    drift_warnings,
    reanchor_plan,
    robust_times,
)
from policy.model.errors import PolicyInvalid
from policy.model.models import Policy
from policy.model.validation import build_policy
from policy.model.zones import BUNDLED
from tests.strategies import policies

H = timedelta(hours=1)


def make(zone: str, times: list[str], anchor: str | None = None, mode: str = "fixed-offset",
         window: tuple[str, str] | None = None, **clock: str) -> Policy:
    data: dict[str, Any] = {
        "name": "p", "timezone": zone,
        "schedule": {"frequency": "daily", "times": times},
        "clock": {"mode": mode, **clock},
        "retention": {"daily": {"keep": 30}, "weekly": {"keep": 12, "days": ["sunday"]},
                      "monthly": {"keep": 36, "days_of_month": [1, "last"]},
                      "yearly": {"keep": 7, "months": ["december"], "days_of_month": ["last"]}},
    }
    if anchor:
        data["clock"]["anchor"] = anchor
    if window:
        data["window"] = {"start": window[0], "end": window[1]}
    return build_policy(data)


Row = tuple[str, str, int | None, tuple[str, ...]]


def flagged(policy: Policy, start: date, end: date) -> list[Row]:
    """(frame, local, drift, flags) of every flagged run."""
    return [(r.run.frame.isoformat(), r.run.local.isoformat() if r.run.local else "-",
             r.run.drift_minutes, r.flags) for r in analyse(policy, start, end).runs]


def one_day(policy: Policy, day: date) -> list[Row]:
    """The flagged runs whose frame date is ``day`` (they may happen on another date)."""
    got = flagged(policy, day - timedelta(days=2), day + timedelta(days=3))
    return [r for r in got if r[0].startswith(day.isoformat())]


# --- the SPEC §6 example ----------------------------------------------------------------


@pytest.fixture(scope="module")
def berlin() -> Any:
    return analyse(make("Europe/Berlin", ["23:30"], "2026-01-15"), date(2026, 1, 1),
                   date(2027, 1, 1))


def test_berlin_sunday_point_moves_to_monday_all_summer(berlin: Any) -> None:
    period, = berlin.periods
    assert (period.first, period.last, period.drift_minutes) == (
        date(2026, 3, 29), date(2026, 10, 24), 60)
    assert period.flags == ("shifted", "date-changed", "weekday-changed", "month-changed")
    assert period.affected == {"daily": 210, "weekly": 30, "monthly": 14, "yearly": 0}
    assert berlin.effects[0].sentence == (
        "the Sunday weekly point is taken Monday 00:30 CEST from 2026-03-29 to 2026-10-24: "
        "30 points")
    sentences = [e.sentence for e in berlin.effects]
    assert "the last-day-of-month point of 2026-06-30 is taken 2026-07-01 00:30 CEST" in sentences
    assert "the 1st-of-month point of 2026-07-01 is taken 2026-07-02 00:30 CEST" in sentences


def test_berlin_remedies(berlin: Any) -> None:
    robust, = berlin.robust_times
    assert (robust.time, robust.robust, robust.suggest) == (time(23, 30), False,
                                                           (time(22, 30), time(0, 0)))
    assert list(berlin.reanchor) == [Reanchor(date(2026, 3, 29), 2 * H),
                                     Reanchor(date(2026, 10, 25), H)]


def test_berlin_first_flagged_run(berlin: Any) -> None:
    first = berlin.runs[0]
    assert first.run.frame == datetime(2026, 3, 29, 23, 30)
    assert first.run.instant == datetime(2026, 3, 29, 22, 30, tzinfo=UTC)
    assert first.run.local.isoformat() == "2026-03-30T00:30:00+02:00"
    assert first.run.tiers == ("daily", "weekly")
    assert len(berlin.runs) == 210


def test_robust_times_respect_the_window() -> None:
    policy = make("Europe/Berlin", ["23:30"], "2026-01-15", window=("23:00", "06:00"))
    got, = robust_times(policy, date(2026, 1, 1), date(2027, 1, 1))
    # 22:30 would stay on its date but runs outside 23:00–06:00 in winter.
    assert got.suggest == (time(0, 0),)
    policy = make("Europe/Berlin", ["23:30"], "2026-01-15", window=("23:00", "00:00"))
    got, = robust_times(policy, date(2026, 1, 1), date(2027, 1, 1))
    assert (got.robust, got.suggest) == (False, ())


def test_a_midday_time_is_robust() -> None:
    got, = robust_times(make("Europe/Berlin", ["12:00"], "2026-01-15"), date(2026, 1, 1),
                        date(2027, 1, 1))
    assert (got.robust, got.suggest) == (True, ())


# --- fixed-offset drift in the corpus zones (research/dst.md §4) ------------------------


def test_new_york_half_past_midnight_set_in_july_moves_to_the_day_before() -> None:
    policy = make("America/New_York", ["00:30"], "2026-07-15")
    assert one_day(policy, date(2026, 12, 1)) == [
        ("2026-12-01T00:30:00", "2026-11-30T23:30:00-05:00", -60,
         ("shifted", "date-changed", "weekday-changed", "month-changed"))]
    report = analyse(policy, date(2026, 10, 1), date(2027, 1, 1))
    # 11-01 00:30 runs at 04:30Z, before the 06:00Z change: the first moved run is 11-02's.
    assert report.periods[0].first == date(2026, 11, 2)
    assert "the 1st-of-month point of 2026-12-01 is taken 2026-11-30 23:30 EST" in [
        e.sentence for e in report.effects]


def test_new_year_point_changes_year() -> None:
    policy = make("America/New_York", ["00:30"], "2026-07-15")
    assert one_day(policy, date(2027, 1, 1))[0][3] == (
        "shifted", "date-changed", "weekday-changed", "month-changed", "year-changed")


def test_new_york_morning_drifts_into_business_hours() -> None:
    policy = make("America/New_York", ["07:30"], "2026-01-15", window=("20:00", "08:00"))
    assert one_day(policy, date(2026, 3, 9)) == [
        ("2026-03-09T07:30:00", "2026-03-09T08:30:00-04:00", 60,
         ("shifted", "outside-window"))]


def test_sydney_drift_starts_in_october() -> None:
    policy = make("Australia/Sydney", ["23:30"], "2026-07-01")
    report = analyse(policy, date(2026, 7, 1), date(2027, 7, 1))
    assert report.periods[0].first == date(2026, 10, 4)
    assert report.periods[0].last == date(2027, 4, 3)
    assert str(report.runs[0].run.local) == "2026-10-05 00:30:00+11:00"


def test_lord_howe_thirty_minute_drift_is_caught() -> None:
    policy = make("Australia/Lord_Howe", ["01:00"], "2026-07-01")
    # 10-04 01:00 at +10:30 is 10-03 14:30Z, before the 15:30Z change: unmoved.
    assert one_day(policy, date(2026, 10, 4)) == []
    assert one_day(policy, date(2026, 10, 5)) == [
        ("2026-10-05T01:00:00", "2026-10-05T01:30:00+11:00", 30, ("shifted",))]


def test_troll_two_hour_drift() -> None:
    policy = make("Antarctica/Troll", ["23:00"], "2026-01-15")
    assert one_day(policy, date(2026, 6, 1)) == [
        ("2026-06-01T23:00:00", "2026-06-02T01:00:00+02:00", 120,
         ("shifted", "date-changed", "weekday-changed"))]


def test_dublin_summer_drift_despite_negative_dst() -> None:
    policy = make("Europe/Dublin", ["23:30"], "2026-01-15")
    report = analyse(policy, date(2026, 1, 1), date(2027, 1, 1))
    assert [(p.first, p.last, p.drift_minutes) for p in report.periods] == [
        (date(2026, 3, 29), date(2026, 10, 24), 60)]


def test_casablanca_ramadan_and_permanent_change() -> None:
    policy = make("Africa/Casablanca", ["01:30"], "2026-01-15")
    report = analyse(policy, date(2026, 1, 1), date(2027, 1, 1))
    assert [(p.first, p.last, p.drift_minutes) for p in report.periods] == [
        (date(2026, 2, 16), date(2026, 3, 22), -60), (date(2026, 9, 21), date(2026, 12, 31), -60)]
    assert [r.date for r in report.reanchor] == [date(2026, 2, 15), date(2026, 3, 22),
                                                 date(2026, 9, 20)]


@pytest.mark.parametrize(("zone", "anchor", "day", "local", "drift"), [
    ("America/St_Johns", "2026-01-15", date(2026, 7, 1), "2026-07-02T00:30:00-02:30", 60),
    ("Pacific/Chatham", "2026-07-15", date(2027, 1, 4), "2027-01-05T00:30:00+13:45", 60),
    ("Africa/Cairo", "2026-01-15", date(2026, 7, 1), "2026-07-02T00:30:00+03:00", 60),
    ("Asia/Beirut", "2026-01-15", date(2026, 7, 1), "2026-07-02T00:30:00+03:00", 60),
    ("America/Santiago", "2026-07-15", date(2026, 12, 1), "2026-12-02T00:30:00-03:00", 60),
])
def test_late_evening_moves_to_the_next_day(zone: str, anchor: str, day: date, local: str,
                                            drift: int) -> None:
    (_frame, got, minutes, flags), = one_day(make(zone, ["23:30"], anchor), day)
    assert (got, minutes) == (local, drift)
    assert "date-changed" in flags


def test_apia_fixed_offset_jumps_more_than_a_day() -> None:
    policy = make("Pacific/Apia", ["09:00"], "2011-06-15")
    assert one_day(policy, date(2011, 12, 31)) == [
        ("2011-12-31T09:00:00", "2012-01-01T10:00:00+14:00", 1500,
         ("shifted", "date-changed", "weekday-changed", "month-changed", "year-changed"))]


# --- wall-clock gap and fold rules ------------------------------------------------------


@pytest.mark.parametrize(("gap", "expected"), [
    ("shift", [("2026-03-08T02:30:00", "2026-03-08T03:30:00-04:00", 60,
                ("shifted", "nonexistent"))]),
    ("next-valid", [("2026-03-08T02:30:00", "2026-03-08T03:00:00-04:00", 30,
                     ("shifted", "nonexistent"))]),
    ("skip", [("2026-03-08T02:30:00", "-", None, ("nonexistent", "skipped"))]),
])
def test_new_york_gap_rules(gap: str, expected: list[Any]) -> None:
    policy = make("America/New_York", ["02:30"], mode="wall-clock", gap=gap)
    assert flagged(policy, date(2026, 3, 1), date(2026, 4, 1)) == expected


@pytest.mark.parametrize(("fold", "expected"), [
    ("first", ["2026-11-01T01:30:00-04:00"]),
    ("second", ["2026-11-01T01:30:00-05:00"]),
    ("both", ["2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00"]),
])
def test_new_york_fold_rules(fold: str, expected: list[str]) -> None:
    policy = make("America/New_York", ["01:30"], mode="wall-clock", fold=fold)
    got = flagged(policy, date(2026, 10, 1), date(2026, 12, 1))
    assert got == [("2026-11-01T01:30:00", local, 0, ("ambiguous",)) for local in expected]


@pytest.mark.parametrize(("zone", "day"), [
    ("America/Havana", date(2025, 3, 9)), ("America/Santiago", date(2025, 9, 7)),
    ("Asia/Beirut", date(2025, 3, 30)), ("Africa/Cairo", date(2025, 4, 25))])
@pytest.mark.parametrize("gap", ["shift", "next-valid", "skip"])
def test_midnight_gap_keeps_the_date(zone: str, day: date, gap: str) -> None:
    policy = make(zone, ["00:00"], mode="wall-clock", gap=gap)
    got = one_day(policy, day)
    if gap == "skip":
        assert got == [(f"{day}T00:00:00", "-", None, ("nonexistent", "skipped"))]
    else:
        (_frame, local, drift, flags), = got
        assert (local[:19], drift, flags) == (f"{day}T01:00:00", 60, ("shifted", "nonexistent"))


@pytest.mark.parametrize(("zone", "day"), [
    ("America/Santiago", date(2025, 4, 5)), ("Asia/Beirut", date(2025, 10, 25))])
def test_evening_fold_belongs_to_the_previous_date(zone: str, day: date) -> None:
    policy = make(zone, ["23:30"], mode="wall-clock", fold="both")
    got = one_day(policy, day)
    assert [(f, d, fl) for f, _, d, fl in got] == [(f"{day}T23:30:00", 0, ("ambiguous",))] * 2


def test_lord_howe_half_hour_gap_and_fold() -> None:
    policy = make("Australia/Lord_Howe", ["01:30", "02:00"], mode="wall-clock", fold="second",
                  gap="next-valid")
    assert flagged(policy, date(2026, 1, 1), date(2027, 1, 1)) == [
        ("2026-04-05T01:30:00", "2026-04-05T01:30:00+10:30", 0, ("ambiguous",)),
        ("2026-10-04T02:00:00", "2026-10-04T02:30:00+11:00", 30, ("shifted", "nonexistent"))]


def test_apia_missing_day_in_wall_clock() -> None:
    policy = make("Pacific/Apia", ["09:00"], mode="wall-clock")
    assert one_day(policy, date(2011, 12, 30)) == [
        ("2011-12-30T09:00:00", "2011-12-31T09:00:00+14:00", 1440,
         ("shifted", "date-changed", "weekday-changed", "nonexistent"))]
    got, = robust_times(policy, date(2011, 12, 1), date(2012, 1, 1))
    assert (got.robust, got.suggest) == (False, ())


def test_skipped_weekly_point_is_reported_in_words() -> None:
    policy = make("America/Havana", ["00:00"], mode="wall-clock", gap="skip")
    report = analyse(policy, date(2025, 3, 1), date(2025, 4, 1))
    assert [e.sentence for e in report.effects] == [
        "the Sunday weekly point of 2025-03-09 is not taken: 00:00 does not exist that day "
        "and clock.gap is skip"]
    assert report.periods[0].drift_minutes is None


# --- remedies and edits -----------------------------------------------------------------


def test_reanchor_is_empty_in_wall_clock() -> None:
    policy = make("Europe/Berlin", ["23:30"], mode="wall-clock")
    assert reanchor_plan(policy, date(2026, 1, 1), date(2027, 1, 1)) == []


def test_reanchor_after_an_evening_fold_is_the_next_day() -> None:
    policy = make("America/Santiago", ["12:00"], "2026-01-15")
    plan = reanchor_plan(policy, date(2026, 1, 1), date(2027, 1, 1))
    assert plan == [Reanchor(date(2026, 4, 5), -4 * H), Reanchor(date(2026, 9, 6), -3 * H)]


def test_apply_time_and_anchor() -> None:
    policy = make("Europe/Berlin", ["21:00", "23:30"], "2026-01-15")
    data = policy.model_dump()
    data["retention"]["weekly"]["times"] = ["23:30"]
    policy = build_policy({k: v for k, v in data.items() if v is not None})
    moved = apply_time(policy, time(23, 30), time(22, 30))
    assert moved.schedule.times == (time(21), time(22, 30))
    assert moved.retention.weekly is not None
    assert moved.retention.weekly.times == (time(22, 30),)
    with pytest.raises(PolicyInvalid):
        apply_time(policy, time(23, 30), time(21))
    summer = apply_anchor(policy, date(2026, 7, 1))
    assert summer.clock.anchor == date(2026, 7, 1)
    fixed = analyse(moved, date(2026, 1, 1), date(2027, 1, 1))
    assert all(r.robust for r in fixed.robust_times)


# --- the validation warning -------------------------------------------------------------


def test_drift_warning_under_fixed_offset() -> None:
    warning, = drift_warnings(make("Europe/Berlin", ["23:30"], "2026-01-15"), date(2026, 1, 1))
    assert (warning.loc, warning.severity) == ("schedule.times", "warning")
    assert warning.message.startswith(
        "23:30 runs at 00:30 CEST the next day 210 times in the next 366 days "
        "(first 2026-03-29, last 2026-10-24)")
    assert "use 22:30 or 00:00" in warning.message


def test_no_drift_warning_without_drift() -> None:
    assert drift_warnings(make("Europe/Berlin", ["12:00"], "2026-01-15"), date(2026, 1, 1)) == []
    assert drift_warnings(make("Europe/Berlin", ["23:30"], mode="wall-clock"),
                          date(2026, 1, 1)) == []
    # Shifted but on the same date and with no window: not a warning.
    assert drift_warnings(make("Europe/Berlin", ["21:00"], "2026-01-15"), date(2026, 1, 1)) == []


def test_drift_warning_points_at_clock_when_no_time_helps() -> None:
    policy = make("Europe/Berlin", ["23:30"], "2026-01-15", window=("23:00", "00:00"))
    warning, = drift_warnings(policy, date(2026, 1, 1))
    assert warning.loc == "clock"
    assert "re-save the policy" in warning.message


# --- an independent model of SPEC §4/§6 (fixed-offset) -----------------------------------

MODEL_CASES = [
    ("Europe/Berlin", "2026-01-15", "23:30", None),
    ("America/New_York", "2026-07-04", "00:30", None),
    ("Australia/Sydney", "2026-07-01", "23:00", ("22:00", "06:00")),
    ("Australia/Lord_Howe", "2026-07-01", "23:30", None),
    ("Antarctica/Troll", "2026-01-15", "22:30", ("20:00", "00:00")),
    ("Europe/Dublin", "2026-01-15", "00:00", None),
    ("Africa/Casablanca", "2026-01-15", "01:30", None),
    ("America/Havana", "2026-01-15", "23:30", None),
    ("America/St_Johns", "2026-01-15", "23:30", None),
    ("Pacific/Chatham", "2026-07-15", "23:00", None),
    ("Asia/Beirut", "2026-01-15", "23:30", None),
    ("Africa/Cairo", "2026-01-15", "07:00", ("20:00", "07:30")),
    ("America/Santiago", "2026-07-15", "00:30", None),
]


def _model(zone_name: str, anchor: date, t: time, window: tuple[str, str] | None,
           start: date, end: date) -> list[Row]:
    zone = BUNDLED.zone(zone_name)
    offset = datetime.combine(anchor, time(12), zone).utcoffset()
    assert offset is not None
    lo = datetime.combine(start, time(0), zone).astimezone(UTC)
    hi = datetime.combine(end, time(0), zone).astimezone(UTC)
    out: list[Row] = []
    day = start - timedelta(days=2)
    while day < end + timedelta(days=2):
        frame = datetime.combine(day, t)
        instant = (frame - offset).replace(tzinfo=UTC)
        day += timedelta(days=1)
        if not lo <= instant < hi:
            continue
        local = instant.astimezone(zone)
        wall = local.replace(tzinfo=None)
        drift = int((wall - frame).total_seconds() // 60)
        flags = set()
        if drift:
            flags.add("shifted")
        if wall.date() != frame.date():
            flags |= {"date-changed", "weekday-changed"}
            if wall.month != frame.month:
                flags.add("month-changed")
            if wall.year != frame.year:
                flags.add("year-changed")
        if window:
            w0, w1 = time.fromisoformat(window[0]), time.fromisoformat(window[1])
            inside = w0 <= wall.time() < w1 if w0 < w1 else (wall.time() >= w0 or wall.time() < w1)
            if not inside:
                flags.add("outside-window")
        if flags:
            out.append((frame.isoformat(), local.isoformat(), drift,
                        tuple(f for f in FLAGS if f in flags)))
    return out


@pytest.mark.parametrize(("zone", "anchor", "at", "window"), MODEL_CASES,
                         ids=[c[0] for c in MODEL_CASES])
def test_flagged_runs_match_an_independent_model(zone: str, anchor: str, at: str,
                                                 window: tuple[str, str] | None) -> None:
    start, end = date(2026, 1, 1), date(2027, 1, 1)
    policy = make(zone, [at], anchor, window=window)
    expected = _model(zone, date.fromisoformat(anchor), time.fromisoformat(at), window, start, end)
    assert flagged(policy, start, end) == expected
    assert expected  # every case drifts somewhere


# --- robust times: the sampled probe equals a projection of the whole horizon -----------


def _robust_by_full_projection(policy: Policy, t: time, start: date, end: date) -> bool:
    """The definition of SPEC §6, literally: project every run at ``t`` and look."""
    from policy.dst.flags import BREAKING, run_flags
    from policy.dst.robust import only_time
    from policy.engine.projection import project
    from policy.model.enhanced import run_window

    runs = project(only_time(policy, t), start, end).runs
    return not any(BREAKING & set(run_flags(r, run_window(policy))) for r in runs)


def _weekly(zone: str, anchor: str, every: int, **clock: str) -> Policy:
    return build_policy({
        "name": "w", "timezone": zone,
        "schedule": {"frequency": "weekly", "days": ["sunday"], "every_weeks": every,
                     "times": ["23:30"]},
        "clock": {"anchor": anchor, **clock},
        "window": {"start": "21:00", "end": "05:00"},
        "retention": {"weekly": {"keep": 12, "days": ["sunday"]}}})


@pytest.mark.parametrize(("policy", "start", "end"), [
    (make("Europe/Berlin", ["23:30"], "2026-01-15", window=("20:00", "07:00")),
     date(2026, 1, 1), date(2028, 1, 1)),
    (make("Africa/Casablanca", ["00:30"], "2026-02-25"), date(2026, 1, 1), date(2027, 6, 1)),
    (make("Antarctica/Troll", ["22:00"], "2026-07-01"), date(2025, 12, 1), date(2026, 12, 1)),
    (make("Pacific/Apia", ["09:00"], "2011-11-01", mode="wall-clock", gap="shift",
          window=("06:00", "20:00")), date(2011, 12, 1), date(2012, 1, 10)),
    (make("America/Havana", ["00:00"], "2025-01-15", mode="wall-clock", gap="next-valid",
          window=("23:00", "01:00")), date(2025, 1, 1), date(2027, 1, 1)),
    (make("Australia/Lord_Howe", ["02:00"], "2026-07-01", mode="wall-clock", gap="shift",
          window=("00:00", "02:30")), date(2026, 1, 1), date(2027, 1, 1)),
    (_weekly("America/New_York", "2026-07-01", 4), date(2026, 1, 1), date(2027, 1, 1)),
    (_weekly("America/Santiago", "2025-01-15", 3, mode="wall-clock", gap="skip"),
     date(2025, 3, 1), date(2025, 10, 1)),
], ids=["berlin", "casablanca", "troll", "apia", "havana", "lord-howe", "ny-4w", "santiago-3w"])
def test_sampled_robustness_equals_the_whole_horizon(policy: Policy, start: date,
                                                    end: date) -> None:
    from policy.dst.robust import time_probe

    robust = time_probe(policy, start, end)
    candidates = [time(h, m) for h in range(24) for m in (0, 30)]
    got = [robust(t) for t in candidates]
    assert got == [_robust_by_full_projection(policy, t, start, end) for t in candidates]
    # both verdicts are exercised (at Apia every time moves: 2011-12-30 never happened)
    assert set(got) == ({False} if policy.timezone == "Pacific/Apia" else {True, False})


_DST_ZONES = ["Europe/Berlin", "America/Santiago", "Australia/Lord_Howe", "Pacific/Apia",
              "America/Havana", "Africa/Casablanca", "Antarctica/Troll", "Asia/Tehran",
              "America/St_Johns", "Pacific/Chatham", "Asia/Gaza", "America/Godthab"]


@settings(max_examples=int(os.environ.get("ROBUST_EXAMPLES", "40")), deadline=None)
@given(zone=st.sampled_from(_DST_ZONES), mode=st.sampled_from(["fixed-offset", "wall-clock"]),
       gap=st.sampled_from(["shift", "next-valid", "skip"]),
       fold=st.sampled_from(["first", "second", "both"]),
       weekly=st.none() | st.just("hourly") | st.tuples(st.sets(st.sampled_from(
           ["monday", "wednesday", "saturday", "sunday"]), min_size=1), st.integers(1, 4)),
       start=st.dates(date(2008, 1, 1), date(2030, 12, 1)), days=st.integers(3, 400),
       window=st.none() | st.tuples(st.integers(0, 47), st.integers(1, 47)),
       probes=st.lists(st.tuples(st.integers(0, 23), st.sampled_from([0, 30])),
                       min_size=1, max_size=8))
def test_sampled_robustness_equals_the_whole_horizon_anywhere(
        zone: str, mode: str, gap: str, fold: str, weekly: tuple[set[str], int] | str | None,
        start: date, days: int, window: tuple[int, int] | None,
        probes: list[tuple[int, int]]) -> None:
    """The sample spans (two days of a daily schedule, a cycle and a day of every k-th
    week) decide exactly as a projection of every run of the horizon does."""
    from policy.dst.robust import time_probe

    data: dict[str, Any] = {
        "name": "p", "timezone": zone,
        "schedule": {"frequency": "daily", "times": ["12:00"]},
        "clock": {"mode": mode, "anchor": str(start + timedelta(days=days // 2))}
        | ({"gap": gap, "fold": fold} if mode == "wall-clock" else {}),
        "retention": {"daily": {"keep": 30}} if weekly is None
        else {"weekly": {"keep": 12, "days": sorted(weekly[0])}}}
    if weekly == "hourly":  # an enhanced VM policy: its own window bounds the runs
        first, length = window or (16, 16)
        data |= {"target": "azure-vm", "policy_type": "enhanced",
                 "retention": {"daily": {"keep": 30}},
                 "schedule": {"frequency": "hourly", "every_hours": 4,
                              "window_start": f"{first // 2:02d}:{first % 2 * 30:02d}",
                              "window_hours": max(4, min(24, length // 4 * 4))}}
        window = None
    elif weekly is not None:
        data["schedule"] = {"frequency": "weekly", "days": sorted(weekly[0]),
                            "every_weeks": weekly[1], "times": ["12:00"]}
    if window is not None:
        first, length = window
        data["window"] = {"start": f"{first // 2:02d}:{first % 2 * 30:02d}",
                          "end": f"{(first + length) % 48 // 2:02d}:"
                                 f"{(first + length) % 2 * 30:02d}"}
    policy = build_policy(data)
    end = start + timedelta(days=days)
    robust = time_probe(policy, start, end)
    for h, m in probes:
        assert robust(time(h, m)) == _robust_by_full_projection(policy, time(h, m), start, end)


def test_robust_times_over_a_century_are_quick() -> None:
    """SPEC example over 100 years: the Berlin answer stays ``22:30``/``00:00``."""
    import time as clock

    policy = make("Europe/Berlin", ["23:30"], "2026-01-15")
    began = clock.perf_counter()
    got, = robust_times(policy, date(2026, 1, 1), date(2126, 1, 1))
    assert (got.robust, got.suggest) == (False, (time(22, 30), time(0, 0)))
    assert clock.perf_counter() - began < 2.0


# --- flags from compact rows equal flags from Run objects -------------------------------


@given(policy=policies(hourly=True), start=st.dates(date(2011, 11, 1), date(2030, 1, 1)))
def test_row_flags_equal_run_flags(policy: Policy, start: date) -> None:
    from policy.dst.flags import all_flags, run_flags
    from policy.engine.projection import project
    from policy.model.enhanced import run_window

    projection = project(policy, start, start + timedelta(days=200))
    expected = [run_flags(r, run_window(policy)) for r in projection.runs]
    assert list(all_flags(projection)) == expected
