"""Support-matrix checks of ``machine:`` at each rule's boundaries."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from policy.audit.findings import findings
from policy.azure.machine import SYSTEMS, find_system, machine_findings
from policy.model.errors import Problem
from policy.model.validation import build_policy

BASE: dict[str, Any] = {
    "name": "fs", "timezone": "Europe/Berlin",
    "schedule": {"frequency": "daily", "times": ["22:00"]},
    "retention": {"daily": {"keep": 30}},
}


def check(machine: dict[str, Any], **extra: Any) -> list[Problem]:
    return machine_findings(build_policy(BASE | {"machine": machine} | extra))


def only(problems: list[Problem]) -> tuple[str, str]:
    assert len(problems) == 1, problems
    return problems[0].loc, problems[0].severity


def test_a_supported_server_is_clean() -> None:
    assert check({"os": "Windows Server 2022 Datacenter", "system_state": True,
                  "volumes": [{"name": "D:", "size_gb": 800}], "cache_free_gb": 80}) == []


@pytest.mark.parametrize("os", ["Windows Server 2022 Datacenter Server Core",
                                "Windows Server 2019 Core", "windows server 2016 (core)"])
def test_server_core_is_not_supported(os: str) -> None:
    problems = check({"os": os})
    assert only(problems) == ("machine.os", "error")
    assert "does not support Windows Server Core SKUs" in problems[0].message


@pytest.mark.parametrize("os", ["Ubuntu 22.04", "Windows Server 2025", "Windows Vista"])
def test_unlisted_systems_are_errors(os: str) -> None:
    problems = check({"os": os})
    assert only(problems) == ("machine.os", "error")
    assert "is not an operating system the MARS agent support matrix lists" in problems[0].message


def test_unlisted_edition_is_an_error_and_listed_ones_pass() -> None:
    assert check({"os": "Windows 10 Pro"}) == []
    assert check({"os": "Windows 10 IoT Enterprise"}) == []
    assert only(check({"os": "Windows 10 Education"})) == ("machine.os", "error")


def test_32_bit_is_an_error() -> None:
    problems = check({"os": "Windows 10 Pro 32-bit"})
    assert only(problems) == ("machine.os", "error")
    assert "must be 64 bit" in problems[0].message


@pytest.mark.parametrize("os", ["Windows 7 Ultimate", "Windows Server 2008 R2 SP1 Standard",
                                "Windows Server 2008 SP2"])
def test_end_of_support_systems_warn(os: str) -> None:
    problems = check({"os": os})
    assert only(problems) == ("machine.os", "warning")
    assert "at the end of support" in problems[0].message


@pytest.mark.parametrize(("os", "allowed"), [
    ("Windows Server 2022", True), ("Windows Server 2019", True), ("Windows Server 2016", True),
    ("Windows Server 2012 R2", True), ("Windows Server 2012", True),
    ("Windows Server 2008 R2", True), ("Windows Server 2008", False),
    ("Windows Storage Server 2016", False), ("Windows Storage Server 2012 R2", False),
    ("Windows 11", False), ("Windows 10", False), ("Windows 8.1", False), ("Windows 8", False),
    ("Windows 7", False)])
def test_system_state_only_where_the_matrix_says_yes(os: str, allowed: bool) -> None:
    problems = [p for p in check({"os": os, "system_state": True}) if p.severity == "error"]
    if allowed:
        assert problems == []
    else:
        assert only(problems) == ("machine.system_state", "error")
        assert '"System state: No"' in problems[0].message


@pytest.mark.parametrize(("os", "limit"), [("Windows Server 2022", 54_400),
                                           ("Windows 8.1", 54_400),
                                           ("Windows Server 2008 R2", 1_700),
                                           ("Windows 7", 1_700)])
def test_volume_size_limit_boundary(os: str, limit: int) -> None:
    at = check({"os": os, "volumes": [{"name": "D:", "size_gb": limit}]})
    assert [p for p in at if p.severity == "error"] == []
    over = check({"os": os, "volumes": [{"name": "C:", "size_gb": 10},
                                        {"name": "D:", "size_gb": limit + 0.1}]})
    errors = [p for p in over if p.severity == "error"]
    assert only(errors) == ("machine.volumes[1].size_gb", "error")
    assert f"{limit:,} GB limit" in errors[0].message
    assert "can't exceed the sizes" in errors[0].message


@pytest.mark.parametrize(("cache", "expected"), [
    (49.9, ("machine.cache_free_gb", "error")), (50, ("machine.cache_free_gb", "warning")),
    (99.9, ("machine.cache_free_gb", "warning")), (100, None)])
def test_cache_space_boundaries(cache: float, expected: tuple[str, str] | None) -> None:
    problems = check({"os": "Windows Server 2022", "cache_free_gb": cache,
                      "volumes": [{"name": "D:", "size_gb": 600}, {"name": "E:", "size_gb": 400}]})
    if expected is None:
        assert problems == []
    else:
        assert only(problems) == expected
        assert "at least 5 to 10 percent" in problems[0].message


def test_cache_uses_data_size_without_volumes_and_exact_decimals() -> None:
    data = {"size_gb": 1088, "daily_change_percent": 1}
    assert check({"os": "Windows Server 2022", "cache_free_gb": 54.4}, data=data)[0].severity \
        == "warning"
    assert check({"os": "Windows Server 2022", "cache_free_gb": 108.8}, data=data) == []
    assert check({"os": "Windows Server 2022", "cache_free_gb": 1}) == []  # no data size


def test_machine_on_azure_vm_only_warns() -> None:
    problems = check({"os": "Windows Server 2022 Core"}, target="azure-vm")
    assert only(problems) == ("machine", "warning")


def test_findings_include_machine_errors_first() -> None:
    policy = build_policy(BASE | {"machine": {"os": "Windows 7", "system_state": True}})
    found = [p for p in findings(policy, date(2026, 1, 1)) if p.loc.startswith("machine")]
    assert [(p.loc, p.severity) for p in found] == [("machine.system_state", "error"),
                                                    ("machine.os", "warning")]


def test_every_matrix_row_is_found_by_its_name() -> None:
    for system in SYSTEMS:
        assert find_system(system.name)[0] is system
        assert find_system(f"{system.name} {system.editions[0]}") == (system,
                                                                     system.editions[0])
