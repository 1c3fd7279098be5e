"""The 9,999-point limit: an error above it, a warning within 1 % of it (SPEC §3, §5.4)."""

from __future__ import annotations

from datetime import date

import pytest

from policy.engine.projection import point_limit_findings
from policy.model.validation import build_policy

TODAY = date(2026, 12, 1)


def daily(keep: int, times: list[str]) -> list[tuple[str, str]]:
    policy = build_policy({"name": "p", "timezone": "UTC",
                           "schedule": {"frequency": "daily", "times": times},
                           "clock": {"anchor": "2026-01-15"},
                           "retention": {"daily": {"keep": keep}}})
    return [(p.severity, p.message) for p in point_limit_findings(policy, TODAY)]


@pytest.mark.parametrize(("keep", "expected"), [
    (9899, []), (9900, ["warning"]), (9999, ["warning"])])
def test_within_one_percent_of_the_limit_warns(keep: int, expected: list[str]) -> None:
    found = daily(keep, ["21:00"])
    assert [severity for severity, _ in found] == expected
    if found:
        assert f"up to {keep:,} recovery points" in found[0][1]
        assert "within 1 % of Azure's limit of 9,999" in found[0][1]


def test_above_the_limit_is_an_error_with_the_arithmetic() -> None:
    (severity, message), = daily(9999, ["01:00", "09:00", "17:00"])
    assert severity == "error"
    assert "up to 29,997 recovery points (3 runs a day kept 9,999 days → 29,997 points)" in message
