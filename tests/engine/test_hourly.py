"""Hourly (enhanced Azure VM) schedules: exact runs on real DST days in both clock modes,
the daily point, instant-restore snapshots counted apart from the vault, and the engine
against the brute-force reference (tests/reference.py) under hypothesis."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from policy.dst.flags import flagged_runs
from policy.engine.projection import project
from policy.engine.snapshots import instant_restore
from policy.model.models import Policy
from policy.model.validation import build_policy
from tests import reference as ref
from tests.strategies import hourly_policies

STARTS = [date(2026, 3, 27), date(2026, 10, 23), date(2025, 11, 1), date(2011, 12, 27),
          date(2026, 4, 3), date(2027, 1, 10)]


def hourly(zone: str, start: str, every: int, hours: int, **extra: Any) -> Policy:
    data: dict[str, Any] = {
        "name": "h", "target": "azure-vm", "policy_type": "enhanced", "timezone": zone,
        "instant_restore_days": 2,
        "schedule": {"frequency": "hourly", "every_hours": every, "window_start": start,
                     "window_hours": hours},
        "retention": {"daily": {"keep": 7}, "weekly": {"keep": 4, "days": ["sunday"]}},
    }
    return build_policy(data | extra)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def test_rest_example_india_four_runs_a_day_one_daily_point() -> None:
    p = hourly("India Standard Time", "08:00", 4, 16)
    proj = project(p, date(2026, 1, 4), date(2026, 1, 5))
    assert [r.instant for r in proj.runs] == [utc(2026, 1, 4, h, 30) for h in (2, 6, 10, 14)]
    assert [r.tiers for r in proj.runs] == [("daily", "weekly"), (), (), ()]
    assert proj.taken == 4 and len(proj.points()) == 1


def test_fixed_offset_spring_forward_berlin_slots_all_move_an_hour() -> None:
    p = hourly("Europe/Berlin", "02:30", 6, 24, clock={"anchor": "2026-01-15"})
    proj = project(p, date(2026, 3, 29), date(2026, 3, 30))
    runs = proj.runs
    assert [r.frame.strftime("%H:%M") for r in runs] == ["02:30", "08:30", "14:30", "20:30"]
    # +01:00 frozen in January: 02:30 frame = 01:30Z, local 03:30 CEST after the change.
    assert [r.instant for r in runs] == [utc(2026, 3, 29, h, 30) for h in (1, 7, 13, 19)]
    assert [r.drift_minutes for r in runs] == [60, 60, 60, 60]
    assert runs[0].local is not None and runs[0].local.isoformat() == "2026-03-29T03:30:00+02:00"
    assert runs[0].tiers == ("daily", "weekly") and runs[1].tiers == ()


def test_wall_clock_spring_forward_berlin_gap_slot_shifts_and_others_stay() -> None:
    p = hourly("Europe/Berlin", "02:30", 6, 24, clock={"mode": "wall-clock"})
    proj = project(p, date(2026, 3, 29), date(2026, 3, 30))
    runs = proj.runs
    assert [r.instant for r in runs] == [utc(2026, 3, 29, 1, 30), utc(2026, 3, 29, 6, 30),
                                         utc(2026, 3, 29, 12, 30), utc(2026, 3, 29, 18, 30)]
    assert [r.wall for r in runs] == ["nonexistent", "normal", "normal", "normal"]
    assert [r.drift_minutes for r in runs] == [60, 0, 0, 0]
    flags = [f.flags for f in flagged_runs(proj)]
    assert flags == [("shifted", "nonexistent")]


def test_wall_clock_fall_back_new_york_both_gives_two_slot_runs() -> None:
    p = hourly("America/New_York", "01:30", 12, 24,
               clock={"mode": "wall-clock", "fold": "both"})
    proj = project(p, date(2026, 11, 1), date(2026, 11, 2))
    assert [(r.instant, r.wall) for r in proj.runs] == [
        (utc(2026, 11, 1, 5, 30), "ambiguous"), (utc(2026, 11, 1, 6, 30), "ambiguous"),
        (utc(2026, 11, 1, 18, 30), "normal")]
    # Both 01:30 runs are the 01:30 slot, so both are daily points (SPEC §4 fold: both).
    assert [r.tiers for r in proj.runs] == [("daily", "weekly"), ("daily", "weekly"), ()]


def test_fixed_offset_summer_anchor_slots_leave_the_window_in_winter() -> None:
    # Anchored in July (-04:00), New York winter runs an hour early: the 08:00 window's
    # first slot runs at 07:00 EST, before the window opens.
    p = hourly("America/New_York", "08:00", 4, 12, clock={"anchor": "2026-07-01"})
    proj = project(p, date(2026, 12, 1), date(2026, 12, 2))
    assert [r.local.strftime("%H:%M") for r in proj.runs if r.local] == [
        "07:00", "11:00", "15:00"]
    flags = {f.run.frame.strftime("%H:%M"): f.flags for f in flagged_runs(proj)}
    assert flags["08:00"] == ("shifted", "outside-window")
    assert flags["12:00"] == ("shifted",)


def test_window_across_midnight_runs_on_both_dates() -> None:
    p = hourly("UTC", "20:00", 4, 8)
    proj = project(p, date(2026, 5, 1), date(2026, 5, 3))
    assert [r.instant for r in proj.runs] == [utc(2026, 5, 1, 0), utc(2026, 5, 1, 20),
                                              utc(2026, 5, 2, 0), utc(2026, 5, 2, 20)]
    assert [bool(r.tiers) for r in proj.runs] == [False, True, False, True]


def test_daily_point_named_by_the_daily_tier() -> None:
    p = hourly("UTC", "08:00", 4, 16, retention={"daily": {"keep": 7, "times": ["16:00"]}})
    proj = project(p, date(2026, 5, 1), date(2026, 5, 2))
    assert [r.instant for r in proj.points()] == [utc(2026, 5, 1, 16)]


def test_snapshots_are_counted_apart_from_the_vault() -> None:
    p = hourly("UTC", "00:00", 4, 24, instant_restore_days=7)
    proj = project(p, date(2026, 5, 1), date(2026, 6, 1))
    found = instant_restore(proj, utc(2026, 5, 20, 12))
    assert found is not None
    # 6 runs a day for 7 days of 24 h: the runs of (05-13 12:00, 05-20 12:00].
    assert (found.days, found.snapshots, found.peak) == (7, 42, 42)
    assert found.peak_at == utc(2026, 5, 7, 20)
    # The vault keeps one point a day for 7 days and Sundays for 4 weeks: the last
    # 7 days hold one Sunday, kept by its weekly tier, so 6 dailies + 4 weeklies.
    assert proj.peak_alive == 6 + 4
    assert sum(proj.alive_by_tier(utc(2026, 5, 20, 12)).values()) < found.snapshots


def test_snapshots_need_instant_restore_days() -> None:
    p = hourly("UTC", "00:00", 4, 24)
    data = p.model_dump(exclude_unset=True)
    data.pop("instant_restore_days")
    proj = project(build_policy(data), date(2026, 5, 1), date(2026, 5, 3))
    assert instant_restore(proj, utc(2026, 5, 2)) is None


def _key(run: Any) -> tuple[Any, ...]:
    wall = run.wall + ("+merged" if getattr(run, "merged", False) else "")
    return (run.frame, run.instant, run.tiers, run.governing, run.expires, wall)


@given(hourly_policies(), st.sampled_from(STARTS), st.integers(1, 30))
def test_hourly_runs_match_the_reference(policy: Policy, start: date, days: int) -> None:
    end = start + timedelta(days=days)
    proj = project(policy, start, end)
    expected = ref.reference_runs(policy, proj.zone, start, end)
    assert [_key(r) for r in proj.runs] == [_key(r) for r in expected]
    at = proj.start + (proj.end - proj.start) / 2
    assert proj.alive_by_tier(at) == ref.alive_counts(expected, at)
    found = instant_restore(proj, at)
    assert found is not None and policy.instant_restore_days is not None
    assert found.snapshots == ref.snapshots_at(expected, at, policy.instant_restore_days)
