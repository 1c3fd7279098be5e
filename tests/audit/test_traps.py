"""Trap warnings: off-week monthly/yearly placements and a missing clock.anchor."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from policy.audit.traps import trap_warnings
from policy.engine.projection import project
from policy.model.models import Policy
from policy.model.validation import build_policy

TODAY = date(2026, 12, 1)


def fortnightly(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "fortnightly",
        "timezone": "Australia/Sydney",
        "schedule": {"frequency": "weekly", "days": ["saturday"], "every_weeks": 2,
                     "times": ["21:00"]},
        "clock": {"mode": "fixed-offset", "anchor": "2026-01-15"},
        "retention": {"weekly": {"keep": 12, "days": ["saturday"]},
                      "monthly": {"keep": 24, "weeks": ["last"], "weekdays": ["saturday"]}},
    }
    data.update(extra)
    return data


def messages(data: dict[str, Any]) -> dict[str, str]:
    return {p.loc: p.message for p in trap_warnings(build_policy(data), TODAY)}


def test_last_saturday_in_off_weeks_is_counted_exactly() -> None:
    found = messages(fortnightly())
    message = found["retention.monthly"]
    assert message.startswith("keeps 13 of 24 monthly points over 2 years from 2026-01-15: "
                              "11 placements of the last Saturday fall in an off week of "
                              "every_weeks: 2, when no backup runs (first: 2026-05-30)")
    # The count is what the engine actually keeps: 24 months of projection from the anchor.
    policy = build_policy(fortnightly())
    proj = project(policy, date(2026, 1, 15), date(2028, 1, 15))
    monthly = [r for r in proj.points() if "monthly" in r.tiers]
    assert len(monthly) == 13
    first_missing = message.split("(first: ")[1][:10]
    assert first_missing not in {r.frame.date().isoformat() for r in monthly}


def test_every_week_and_daily_schedules_have_no_off_weeks() -> None:
    assert "retention.monthly" not in messages(fortnightly(schedule={
        "frequency": "weekly", "days": ["saturday"], "every_weeks": 1, "times": ["21:00"]}))


def test_yearly_tier_is_checked_over_ten_years() -> None:
    data = fortnightly()
    data["retention"]["yearly"] = {"keep": 7, "months": ["june"], "weeks": ["last"],
                                   "weekdays": ["saturday"]}
    found = messages(data)
    assert "of 10 yearly points over 10 years from 2026-01-15" in found["retention.yearly"]


def test_missing_anchor_warns_only_where_it_changes_answers() -> None:
    berlin = {"name": "b", "timezone": "Europe/Berlin",
              "schedule": {"frequency": "daily", "times": ["21:00"]},
              "retention": {"daily": {"keep": 30}}}
    found = messages(berlin)
    assert found["clock.anchor"].startswith(
        "no clock.anchor: the frozen UTC offset depends on the date you ask for, so answers")
    assert "set clock.anchor to the date the policy was (or will be) saved" in found["clock.anchor"]
    # UTC never changes offset; wall-clock follows the zone: no trap, no warning.
    assert "clock.anchor" not in messages({**berlin, "timezone": "UTC"})
    assert "clock.anchor" not in messages({**berlin, "clock": {"mode": "wall-clock"}})
    assert "clock.anchor" not in messages({**berlin, "clock": {"anchor": "2026-01-15"}})
    # Asia/Tokyo has had no offset change since 1951.
    assert "clock.anchor" not in messages({**berlin, "timezone": "Asia/Tokyo"})
    # Week counting needs the anchor even in wall-clock mode.
    weekly = fortnightly(clock={"mode": "wall-clock"}, timezone="UTC")
    assert "which weeks run (every_weeks: 2) depends on" in messages(weekly)["clock.anchor"]
    # Both reasons at once: a fixed-offset fortnightly policy in Berlin.
    both = messages(fortnightly(clock={"mode": "fixed-offset"}))["clock.anchor"]
    assert both.startswith(
        "no clock.anchor: the frozen UTC offset and which weeks run (every_weeks: 2) depend on")


@settings(max_examples=40)
@given(anchor=st.dates(date(2000, 1, 1), date(2100, 1, 1)),
       every=st.integers(1, 4), weekday=st.sampled_from(
           ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]),
       week=st.sampled_from(["first", "second", "third", "fourth", "last"]))
def test_off_week_count_matches_the_projection(anchor: date, every: int, weekday: str,
                                               week: str) -> None:
    data = fortnightly(timezone="UTC", clock={"anchor": anchor.isoformat()})
    data["schedule"].update(days=[weekday], every_weeks=every)
    data["retention"]["weekly"]["days"] = [weekday]
    data["retention"]["monthly"] = {"keep": 24, "weeks": [week], "weekdays": [weekday]}
    policy: Policy = build_policy(data)
    end = date(anchor.year + 2, anchor.month, 1)
    kept = [r for r in project(policy, anchor, end).points() if "monthly" in r.tiers]
    found = messages(data)
    if every == 1:
        assert "retention.monthly" not in found
        return
    placed = kept_total = len(kept)
    if "retention.monthly" in found:
        words = found["retention.monthly"].split()
        kept_total, placed = int(words[1]), int(words[3])
    assert kept_total == len(kept)
    assert placed >= kept_total
