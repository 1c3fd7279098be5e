"""Validation rules of SPEC §3: every bound at its edges, each cross-field rule."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from policy.model.errors import PolicyInvalid
from policy.model.models import Policy
from policy.model.rules import KEEP_BOUNDS
from policy.model.validation import build_policy

BASE: dict[str, Any] = {
    "name": "t",
    "timezone": "Europe/Berlin",
    "schedule": {"frequency": "daily", "times": ["23:30"]},
    "retention": {
        "daily": {"keep": 30},
        "weekly": {"keep": 12, "days": ["sunday"]},
        "monthly": {"keep": 36, "days_of_month": [1, "last"]},
        "yearly": {"keep": 7, "months": ["december"], "days_of_month": ["last"]},
    },
}
WEEKLY: dict[str, Any] = {
    "name": "w",
    "timezone": "Australia/Sydney",
    "schedule": {"frequency": "weekly", "days": ["sunday", "wednesday"], "times": ["21:00"]},
    "retention": {
        "weekly": {"keep": 12, "days": ["sunday"]},
        "monthly": {"keep": 24, "weeks": ["first", "last"], "weekdays": ["sunday"]},
    },
}


def with_(base: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(base)
    node = data
    *parents, last = path.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    if value is ...:
        node.pop(last, None)
    else:
        node[last] = value
    return data


def problems(data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(PolicyInvalid) as info:
        build_policy(data)
    return {p.loc: p.message for p in info.value.problems}


def test_base_policies_are_valid() -> None:
    assert isinstance(build_policy(BASE), Policy)
    assert isinstance(build_policy(WEEKLY), Policy)


CASES = [(target, tier, low, high) for target, tiers in KEEP_BOUNDS.items()
         for tier, (low, high) in tiers.items()]


@pytest.mark.parametrize(("target", "tier", "low", "high"), CASES)
def test_keep_bounds_at_edges(target: str, tier: str, low: int, high: int) -> None:
    base = with_(BASE, "target", target.value if hasattr(target, "value") else target)
    for keep in (low, high):
        policy = build_policy(with_(base, f"retention.{tier}.keep", keep))
        assert policy.retention.tiers()[tier].keep == keep  # type: ignore[index]
    for keep in (low - 1, high + 1):
        found = problems(with_(base, f"retention.{tier}.keep", keep))
        message = found[f"retention.{tier}.keep"]
        assert str(keep) in message and str(low) in message and str(high) in message


def test_daily_keep_5_names_range() -> None:
    msg = problems(with_(BASE, "retention.daily.keep", 5))["retention.daily.keep"]
    assert msg == "5 is out of range: daily points are kept 7 to 9999 days for target mars"


def test_azure_vm_allows_one_weekly_mars_does_not() -> None:
    assert build_policy(with_(with_(BASE, "target", "azure-vm"), "retention.weekly.keep", 1))
    assert "retention.weekly.keep" in problems(with_(BASE, "retention.weekly.keep", 1))


@pytest.mark.parametrize(("target", "count", "ok"), [
    ("mars", 1, True), ("mars", 3, True), ("mars", 4, False),
    ("azure-vm", 1, True), ("azure-vm", 2, False),
])
def test_times_per_target(target: str, count: int, ok: bool) -> None:
    times = ["01:00", "02:00", "03:00", "04:00"][:count]
    data = with_(with_(BASE, "target", target), "schedule.times", times)
    data["retention"]["weekly"]["times"] = ["01:00"]
    data["retention"]["monthly"]["times"] = ["01:00"]
    data["retention"]["yearly"]["times"] = ["01:00"]
    if ok:
        assert len(build_policy(data).schedule.times) == count
    else:
        assert "schedule.times" in problems(data)


@pytest.mark.parametrize(("value", "fragment"), [
    ("21:15", "21:15 is not on the half hour"),
    ("23:30:00", "seconds are not allowed"),
    ("24:00", "not a time of day"),
    ("noon", "is not a time"),
    (2130, "expected a time"),
])
def test_bad_times(value: Any, fragment: str) -> None:
    found = problems(with_(BASE, "schedule.times", [value]))
    assert fragment in found["schedule.times[0]"]


def test_duplicate_times() -> None:
    assert "listed twice" in problems(with_(BASE, "schedule.times", ["01:00", "01:00"]))[
        "schedule.times"]


@pytest.mark.parametrize("day", [29, 30, 31])
def test_days_29_to_31_suggest_last(day: int) -> None:
    msg = problems(with_(BASE, "retention.monthly.days_of_month", [day]))[
        "retention.monthly.days_of_month[0]"]
    assert f"day {day}" in msg and '"last"' in msg


@pytest.mark.parametrize("day", [0, 32, -1, "first", 1.5])
def test_other_bad_days(day: Any) -> None:
    assert "retention.monthly.days_of_month[0]" in problems(
        with_(BASE, "retention.monthly.days_of_month", [day]))


def test_monthly_needs_exactly_one_form() -> None:
    both = with_(BASE, "retention.monthly.weeks", ["first"])
    both["retention"]["monthly"]["weekdays"] = ["sunday"]
    assert "not both" in problems(both)["retention.monthly"]
    neither = with_(BASE, "retention.monthly.days_of_month", ...)
    assert "days_of_month" in problems(neither)["retention.monthly"]
    half = with_(neither, "retention.monthly.weeks", ["first"])
    assert "weekdays is missing" in problems(half)["retention.monthly"]


def test_daily_schedule_requires_daily_tier() -> None:
    assert "needs a daily tier" in problems(with_(BASE, "retention.daily", ...))[
        "retention.daily"]


def test_weekly_schedule_forbids_daily_tier_and_day_based_points() -> None:
    data = with_(WEEKLY, "retention.daily", {"keep": 7})
    data["retention"]["yearly"] = {"keep": 2, "months": ["june"], "days_of_month": [1]}
    found = problems(data)
    assert "cannot keep daily points" in found["retention.daily"]
    assert "week-based" in found["retention.yearly.days_of_month"]


def test_weekly_schedule_requires_weekly_tier_and_days() -> None:
    found = problems(with_(with_(WEEKLY, "retention.weekly", ...), "schedule.days", ...))
    assert "needs a weekly tier" in found["retention.weekly"]
    assert "needs days" in found["schedule.days"]


def test_tier_days_must_be_backup_days() -> None:
    data = with_(WEEKLY, "retention.weekly.days", ["sunday", "monday"])
    data["retention"]["monthly"]["weekdays"] = ["friday"]
    found = problems(data)
    assert found["retention.weekly.days[1]"].startswith("monday is not a backup day")
    assert found["retention.monthly.weekdays[0]"].startswith("friday is not a backup day")


def test_tier_times_must_be_schedule_times() -> None:
    found = problems(with_(BASE, "retention.weekly.times", ["22:00"]))
    assert found["retention.weekly.times[0]"] == (
        "22:00 is not a schedule time (schedule times: 23:30)")


def test_daily_schedule_rejects_days_and_every_weeks() -> None:
    data = with_(BASE, "schedule.days", ["monday"])
    data["schedule"]["every_weeks"] = 2
    found = problems(data)
    assert {"schedule.days", "schedule.every_weeks"} <= set(found)


@pytest.mark.parametrize("every", [0, 5])
def test_every_weeks_bounds(every: int) -> None:
    assert "schedule.every_weeks" in problems(with_(WEEKLY, "schedule.every_weeks", every))


def test_unknown_zone_suggests() -> None:
    msg = problems(with_(BASE, "timezone", "Europe/Berlinn"))["timezone"]
    assert "Europe/Berlin" in msg and "'Europe/Berlinn'" in msg


def test_windows_zone_is_accepted_and_mapped() -> None:
    policy = build_policy(with_(BASE, "timezone", "W. Europe Standard Time"))
    assert policy.timezone == "W. Europe Standard Time"
    assert policy.zone_name == "Europe/Berlin"


def test_unknown_field_names_allowed_fields() -> None:
    msg = problems(with_(BASE, "schedule.hours", 3))["schedule.hours"]
    assert "unknown field 'hours'" in msg and "frequency" in msg and "times" in msg


def test_all_problems_reported_at_once() -> None:
    data = with_(BASE, "name", "bad/name")
    data["schedule"]["times"] = ["21:15"]
    data["retention"]["monthly"]["days_of_month"] = [31]
    data["extra"] = 1
    assert set(problems(data)) == {"name", "schedule.times[0]",
                                   "retention.monthly.days_of_month[0]", "extra"}


def test_at_least_one_tier() -> None:
    assert "retention" in problems(with_(BASE, "retention", {}))


@pytest.mark.parametrize("keep", [True, 30.0, "30"])
def test_keep_must_be_an_integer(keep: Any) -> None:
    assert "retention.daily.keep" in problems(with_(BASE, "retention.daily.keep", keep))


def test_window_must_not_be_empty() -> None:
    found = problems(with_(BASE, "window", {"start": "20:00", "end": "20:00"}))
    assert "empty" in found["window"]


def test_window_contains_wraps_midnight() -> None:
    from datetime import time

    policy = build_policy(with_(BASE, "window", {"start": "20:00", "end": "06:00"}))
    assert policy.window is not None
    assert policy.window.contains(time(23, 30)) and policy.window.contains(time(0, 0))
    assert not policy.window.contains(time(6, 0)) and policy.window.contains(time(20, 0))


def test_combine_warning_when_lower_tier_outlives_higher() -> None:
    from policy.model.rules import static_warnings

    policy = build_policy(with_(BASE, "retention.daily.keep", 400))
    warnings = static_warnings(policy)
    assert [w.loc for w in warnings] == ["retention.combine"]
    assert "daily tier (400 days) outlives the weekly tier (12 weeks)" in warnings[0].message
    assert static_warnings(build_policy(BASE)) == []


def test_gap_in_fixed_offset_warns() -> None:
    from policy.model.rules import static_warnings

    policy = build_policy(with_(BASE, "clock", {"gap": "skip"}))
    assert [w.loc for w in static_warnings(policy)] == ["clock.gap"]


def test_policy_is_frozen() -> None:
    policy = build_policy(BASE)
    with pytest.raises(Exception, match="frozen"):
        policy.name = "x"  # type: ignore[misc]


def test_keep_ranges_reported_beside_field_errors() -> None:
    data = with_(BASE, "retention.daily.keep", 5)
    data["schedule"]["times"] = ["21:15"]
    assert set(problems(data)) == {"schedule.times[0]", "retention.daily.keep"}


def test_empty_values_are_named_plainly() -> None:
    data = with_(BASE, "schedule.times", [])
    data["timezone"] = ""
    data["retention"]["weekly"]["days"] = ["monday"] * 8
    found = problems(data)
    assert found["schedule.times"] == "needs at least 1 value, got an empty list"
    assert found["timezone"] == "must not be empty"
    assert found["retention.weekly.days"] == "takes at most 7 values, got 8"


def test_every_policy_hashes_an_imported_one_too() -> None:
    """Policies are cache keys (the peak window's rows, the designer's analyses); the
    ``azure:`` section holds mappings, whose order must not change the hash."""
    from policy.azure.importer import import_policy
    from tests.azure.bodies import AZCLI_DEFAULT
    from tests.azure.bodies_v2 import PS_WEEKLY_GET, REST_DAILY

    for body in (REST_DAILY, PS_WEEKLY_GET, AZCLI_DEFAULT):
        policy = import_policy(body).policy
        assert policy.azure is not None
        assert hash(policy) == hash(policy.model_copy())
    policy = import_policy(REST_DAILY).policy
    assert policy.azure is not None and len(policy.azure.extra) >= 2
    turned = dict(reversed(policy.azure.extra.items()))
    assert list(turned) != list(policy.azure.extra)
    other = policy.model_copy(update={"azure": policy.azure.model_copy(update={"extra": turned})})
    assert other == policy and hash(other) == hash(policy)
    changed = {**policy.azure.extra, next(iter(turned)): '"x"'}
    third = policy.model_copy(update={"azure": policy.azure.model_copy(update={"extra": changed})})
    assert third != policy and hash(third) != hash(policy)
