"""Azure's own rules, each at its boundary, with the source quoted (issue 17, item 4)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from policy.audit.findings import findings
from policy.model.errors import PolicyInvalid
from policy.model.validation import build_policy


def _vm_weekly(schedule_days: list[str], weekly_days: list[str], **sched: Any) -> dict[str, Any]:
    return {"name": "vm", "target": "azure-vm", "timezone": "UTC",
            "schedule": {"frequency": "weekly", "days": schedule_days, "times": ["22:00"],
                         **sched},
            "retention": {"weekly": {"keep": 12, "days": weekly_days}}}


def _errors(data: dict[str, Any]) -> list[tuple[str, str]]:
    try:
        build_policy(data)
    except PolicyInvalid as exc:
        return [(p.loc, p.message) for p in exc.problems]
    return []


def test_vm_weekly_tier_on_every_schedule_day_is_valid() -> None:
    assert _errors(_vm_weekly(["sunday", "wednesday"], ["wednesday", "sunday"])) == []


def test_vm_weekly_tier_on_fewer_days_quotes_powershell() -> None:
    assert _errors(_vm_weekly(["sunday", "wednesday"], ["sunday"])) == [(
        "retention.weekly.days", "an azure-vm weekly schedule keeps a weekly point on every "
        "backup day: use [sunday, wednesday] (azure-powershell PolicyValidations.cs, "
        "ValidateLongTermRetentionPolicyWithSimpleSchedulePolicy: \"count of daysOfWeek "
        "should match for weekly schedule\")")]


def test_mars_weekly_tier_may_keep_fewer_days() -> None:
    data = _vm_weekly(["sunday", "wednesday"], ["sunday"])
    data["target"] = "mars"
    assert _errors(data) == []


def test_vm_every_week_is_valid_and_every_two_weeks_is_refused() -> None:
    assert _errors(_vm_weekly(["sunday"], ["sunday"], every_weeks=1)) == []
    [(loc, message)] = _errors(_vm_weekly(["sunday"], ["sunday"], every_weeks=2))
    assert loc == "schedule.every_weeks"
    assert message.startswith("2: azure-vm policies run every week (no Azure VM client "
                              "exposes a weekly interval: terraform-provider-azurerm")


def _mars(times: list[str], system_state: bool) -> dict[str, Any]:
    return {"name": "srv", "timezone": "Europe/Berlin",
            "schedule": {"frequency": "daily", "times": times},
            "retention": {"daily": {"keep": 30}},
            "machine": {"os": "Windows Server 2022 Datacenter", "system_state": system_state}}


@pytest.mark.parametrize(("times", "state", "refused"), [
    (["21:00"], True, False), (["09:00", "21:00"], True, True),
    (["09:00", "13:00", "21:00"], False, False)])
def test_system_state_is_backed_up_once_a_day(times: list[str], state: bool,
                                              refused: bool) -> None:
    found = [p for p in findings(build_policy(_mars(times, state)), date(2026, 1, 1))
             if p.severity == "error"]
    if not refused:
        assert found == []
        return
    assert [(p.loc, p.message) for p in found] == [(
        "schedule.times", "2 times a day (09:00, 21:00) with machine.system_state: true: "
        "\"when scheduling System State backup, we are allowed to perform a single backup "
        "per day only\" (Microsoft, MicrosoftDocs/azure-docs#94020); use one time, or back "
        "up system state with a policy of its own")]


@pytest.mark.parametrize("day", [28, 29])
def test_day_29_names_the_powershell_cap(day: int) -> None:
    data = {"name": "m", "timezone": "UTC", "schedule": {"frequency": "daily", "times": ["22:00"]},
            "retention": {"daily": {"keep": 30}, "monthly": {"keep": 12,
                                                             "days_of_month": [day]}}}
    errors = _errors(data)
    if day == 28:
        assert errors == []
    else:
        assert errors == [("retention.monthly.days_of_month[0]", "day 29 does not exist in "
                           "every month; use \"last\" for the month's last day (allowed: 1–28 "
                           "or last; Azure PowerShell caps days at 28: MaxAllowedDateInMonth = "
                           "28, azure-powershell Utils.cs)")]


@pytest.mark.parametrize(("keep", "section", "outcome"), [
    (7, False, "ok"), (6, False, "error"), (1, True, "warning"), (0, True, "error"),
    (6, True, "warning")])
def test_vm_daily_keep_below_7_only_for_existing_policies(keep: int, section: bool,
                                                          outcome: str) -> None:
    data: dict[str, Any] = {"name": "vm", "target": "azure-vm", "timezone": "UTC",
                            "schedule": {"frequency": "daily", "times": ["22:00"]},
                            "retention": {"daily": {"keep": keep}}}
    if section:
        data["azure"] = {}
    errors = _errors(data)
    if outcome == "error":
        assert [loc for loc, _ in errors] == ["retention.daily.keep"]
        return
    assert errors == []
    warned = [p for p in findings(build_policy(data), date(2026, 1, 1))
              if p.loc == "retention.daily.keep"]
    assert bool(warned) == (outcome == "warning")
