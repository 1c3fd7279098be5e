"""Enhanced (V2) Azure VM policies: policy_type, hourly schedules, instant restore, tiering,
each bound at its limits and each message naming the field, the value and what is allowed."""

from __future__ import annotations

import copy
from datetime import time
from typing import Any

import pytest

from policy.files.document import dumps, loads
from policy.model.enhanced import hourly_slots, run_window
from policy.model.errors import PolicyInvalid
from policy.model.models import PolicyType
from policy.model.rules import effective_times, static_warnings
from policy.model.validation import build_policy

#: The REST API example IaaS_v2_hourly.json as a policy file.
HOURLY: dict[str, Any] = {
    "name": "v2-hourly",
    "target": "azure-vm",
    "policy_type": "enhanced",
    "timezone": "India Standard Time",
    "instant_restore_days": 30,
    "schedule": {"frequency": "hourly", "every_hours": 4, "window_start": "08:00",
                 "window_hours": 16},
    "retention": {
        "daily": {"keep": 180},
        "weekly": {"keep": 12, "days": ["sunday"]},
        "monthly": {"keep": 60, "weeks": ["first"], "weekdays": ["sunday"]},
        "yearly": {"keep": 10, "months": ["january"], "weeks": ["first"],
                   "weekdays": ["sunday"]},
    },
}


def with_(path: str, value: Any, base: dict[str, Any] = HOURLY) -> dict[str, Any]:
    data = copy.deepcopy(base)
    node = data
    *parents, last = path.split(".")
    for key in parents:
        node = node[key]
    if value is None:
        node.pop(last, None)
    else:
        node[last] = value
    return data


def problems(data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(PolicyInvalid) as exc:
        build_policy(data)
    return {p.loc: p.message for p in exc.value.problems}


def test_rest_example_hourly_body_is_a_valid_policy() -> None:
    p = build_policy(HOURLY)
    assert p.policy_type is PolicyType.ENHANCED
    assert p.schedule.times == (time(8), time(12), time(16), time(20))
    assert effective_times(p, "daily") == (time(8),)
    assert effective_times(p, "yearly") == (time(8),)
    window = run_window(p)
    assert window is not None and (window.start, window.end) == (time(8), time(0))


def test_slots_cross_midnight_as_times_of_day() -> None:
    assert hourly_slots(time(20), 4, 8) == (time(0), time(20))
    assert hourly_slots(time(22, 30), 6, 24) == (time(4, 30), time(10, 30), time(16, 30),
                                                 time(22, 30))
    assert hourly_slots(time(0), 12, 12) == (time(0),)


def test_hourly_policy_round_trips_through_a_file_without_times() -> None:
    p = build_policy({**HOURLY, "tiering": "recommended"})
    for fmt in ("yaml", "toml", "json"):
        text = dumps(p, fmt)  # type: ignore[arg-type]
        assert "times" not in text and "recommended" in text
        assert loads(text, fmt=fmt).policy == p  # type: ignore[arg-type]


@pytest.mark.parametrize("every", [4, 6, 8, 12])
def test_every_hours_allowed(every: int) -> None:
    build_policy(with_("schedule.window_hours", 24, with_("schedule.every_hours", every)))


@pytest.mark.parametrize("every", [1, 2, 3, 5, 24])
def test_every_hours_refused(every: int) -> None:
    found = problems(with_("schedule.every_hours", every))
    assert found["schedule.every_hours"] == (
        f"{every} is not allowed; Azure runs hourly backups every 4, 6, 8 or 12 hours")


@pytest.mark.parametrize("hours", [4, 24])
def test_window_hours_at_its_limits(hours: int) -> None:
    assert len(build_policy(with_("schedule.window_hours", hours)).schedule.times) == hours // 4


@pytest.mark.parametrize(("hours", "word"), [(3, "greater"), (25, "less")])
def test_window_hours_out_of_range(hours: int, word: str) -> None:
    found = problems(with_("schedule.window_hours", hours))
    assert found["schedule.window_hours"].startswith(f"{hours} is out of range: input should "
                                                     f"be {word} than or equal to")


def test_window_hours_must_hold_whole_runs() -> None:
    found = problems(with_("schedule.every_hours", 6))
    assert found["schedule.window_hours"] == (
        "16 is not a multiple of every_hours 6: Azure needs a whole number of runs in the "
        "window (e.g. 6, 12, 18, 24)")


@pytest.mark.parametrize("start", ["00:00", "19:30", "23:30"])
def test_window_start_on_the_half_hour(start: str) -> None:
    build_policy(with_("schedule.window_start", start))


def test_window_start_off_the_half_hour() -> None:
    found = problems(with_("schedule.window_start", "08:15"))
    assert "08:15 is not on the half hour" in found["schedule.window_start"]


def test_hourly_needs_enhanced_azure_vm() -> None:
    found = problems(with_("policy_type", None))
    assert found["schedule.frequency"].startswith("hourly schedules exist only in enhanced")
    mars = with_("target", "mars", with_("instant_restore_days", None))
    assert "policy_type" in problems(mars)


def test_hourly_needs_its_fields_and_a_daily_tier() -> None:
    data = with_("schedule.window_start", None)
    assert problems(data)["schedule.window_start"].startswith("required field is missing")
    data = with_("retention.daily", None)
    assert problems(data)["retention.daily"].startswith("an hourly schedule needs a daily")


def test_hourly_fields_on_a_daily_schedule_are_refused() -> None:
    data = with_("schedule", {"frequency": "daily", "times": ["08:00"], "every_hours": 4})
    assert problems(data)["schedule.every_hours"].startswith("every_hours is for hourly")


def test_hourly_times_must_match_the_slots() -> None:
    build_policy(with_("schedule.times", ["08:00", "12:00", "16:00", "20:00"]))
    found = problems(with_("schedule.times", ["09:00"]))
    assert "08:00, 12:00, 16:00, 20:00" in found["schedule.times"]


def test_daily_point_may_be_another_slot_but_only_one() -> None:
    p = build_policy(with_("retention.daily.times", ["12:00"]))
    assert effective_times(p, "daily") == (time(12),)
    found = problems(with_("retention.daily.times", ["12:00", "16:00"]))
    assert found["retention.daily.times"].startswith("2 times given: an azure-vm daily tier")
    found = problems(with_("retention.daily.times", ["13:00"]))
    assert found["retention.daily.times[0]"].startswith("13:00 is not a schedule time")


@pytest.mark.parametrize(("kind", "days", "ok"), [
    ("enhanced", 1, True), ("enhanced", 30, True), ("enhanced", 31, False),
    ("enhanced", 0, False), ("standard", 5, True), ("standard", 6, False),
])
def test_instant_restore_bounds(kind: str, days: int, ok: bool) -> None:
    daily = {"frequency": "daily", "times": ["08:00"]}
    data = with_("schedule", daily, with_("instant_restore_days", days,
                                          with_("policy_type", kind)))
    if ok:
        assert build_policy(data).instant_restore_days == days
    else:
        high = 30 if kind == "enhanced" else 5
        assert problems(data)["instant_restore_days"] == (
            f"{days} is out of range: a {kind} Azure VM policy keeps instant-restore "
            f"snapshots 1 to {high} days")


def test_weekly_schedule_keeps_snapshots_five_days() -> None:
    weekly = {"frequency": "weekly", "days": ["sunday"], "times": ["08:00"]}
    data = with_("schedule", weekly, with_("retention.daily", None))
    data["retention"]["monthly"] = None
    data["retention"]["yearly"] = None
    # Enhanced: the service created and returns a weekly V2 policy with 7 days
    # (azure-powershell TestAzureVMSmartTieringPolicy.json).
    assert build_policy(with_("instant_restore_days", 7, data)).instant_restore_days == 7
    standard = with_("policy_type", "standard", with_("instant_restore_days", 4, data))
    assert problems(standard)["instant_restore_days"].startswith(
        "4 is not allowed for a weekly schedule")
    assert build_policy(with_("instant_restore_days", 5, standard)).instant_restore_days == 5
    existing = with_("azure", {}, standard)
    assert build_policy(existing).instant_restore_days == 4  # a vault's policy: a warning


def test_tiering_forms() -> None:
    p = build_policy(with_("tiering", {"tier_after": 3, "unit": "months"}))
    assert p.tiering is not None and p.tiering.tier_after == 3
    assert build_policy(with_("tiering", {"tier_after": 13, "unit": "weeks"}))
    found = problems(with_("tiering", {"tier_after": 12, "unit": "weeks"}))
    assert found["tiering.tier_after"].startswith("12 weeks is too early")
    found = problems(with_("tiering", {"tier_after": 2}))
    assert found["tiering.tier_after"] == (
        "2 is out of range: points move to the archive tier after 3 to 9999 months")
    assert "not a tiering" in problems(with_("tiering", "always"))["tiering"]


def test_tiering_without_monthly_or_yearly_warns() -> None:
    data = with_("retention.monthly", None, with_("tiering", "recommended"))
    data["retention"]["yearly"] = None
    assert "tiering" in [w.loc for w in static_warnings(build_policy(data))]
