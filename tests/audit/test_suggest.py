"""``suggest()``: every suggestion meets its requirements (checker and brute-force
reference, both anchors) and no policy of a reduced space, searched exhaustively here,
has a smaller peak."""

from __future__ import annotations

import itertools
from datetime import date, time

import pytest

from policy.audit.requirements import check, default_end
from policy.audit.suggest import suggest
from policy.audit.suggest_times import anchors_of
from policy.engine.projection import peak_alive, project
from policy.model.models import Clock, Policy, Target, Window
from policy.model.requirements import Requirement
from tests.check_reference import reference_coverage

START = date(2026, 1, 1)


def req(**fields: object) -> Requirement:
    if "depth" in fields:
        fields["for"] = fields.pop("depth")
    return Requirement.model_validate(fields)


def _meets(policy: Policy, reqs: list[Requirement], reference: bool = False) -> bool:
    end = default_end(reqs, START)
    for anchor in anchors_of(START):
        p = policy.model_copy(update={"clock": Clock(anchor=anchor)})
        if not check(p, START, end).met:
            return False
        if reference:
            proj = project(p, START, end)
            if not all(reference_coverage(r, proj).met for r in reqs if r.kind == "coverage"):
                return False
    return True


SETS = {
    "classic": [req(every="day", depth="30 days"), req(every="week", day="sunday",
                depth="12 weeks"), req(every="month", day="last", depth="84 months"),
                req(every="year", day="last", depth="7 years")],
    "quarter-ends": [req(every="day", depth="14 days"),
                     req(every="quarter", day="last", depth="3 years")],
    "fiscal-june": [req(every="day", depth="30 days"),
                    req(every="month", day="last", months=["june"], depth="7 years")],
    "weekly-only": [req(every="week", depth="12 weeks")],
    "month-any": [req(every="month", depth="24 months")],
    "month-first": [req(every="day", depth="7 days"), req(every="month", day="first",
                                                          depth="18 months")],
}


@pytest.mark.parametrize("name", list(SETS))
def test_suggestion_meets_its_requirements(name: str) -> None:
    reqs = SETS[name]
    result = suggest(reqs, "Europe/Berlin", start=START)
    assert result.policy is not None, result.infeasible
    assert _meets(result.policy, reqs)
    assert result.peak == peak_alive(result.policy, START)[0]


def test_classic_exact() -> None:
    result = suggest(SETS["classic"], "Europe/Berlin", start=START)
    assert result.words == "monthly 84 + weekly 12 + daily 30"
    assert result.peak == 122
    assert result.policy is not None and result.policy.schedule.times == (time(21, 0),)


def test_berlin_2330_is_avoided_and_explained() -> None:
    result = suggest(SETS["classic"], "Europe/Berlin", times=[time(23, 30)],
                     window=Window(start=time(20, 0), end=time(2, 0)), start=START)
    assert result.policy is not None
    assert result.policy.schedule.times == (time(22, 30),)
    assert result.reasons[0].startswith(
        "23:30 would move points taken from 2026-03-30 to 2026-10-25 to the next day "
        "(month-end points would land on the 1st)")
    assert _meets(result.policy, SETS["classic"])


def test_rpo_12h_forces_two_runs_a_day() -> None:
    reqs = [req(every="day", depth="30 days"), req(rpo="12h")]
    result = suggest(reqs, "Europe/Berlin", start=START)
    assert result.policy is not None
    times = result.policy.schedule.times
    assert len(times) == 2 and (times[1].hour - times[0].hour) == 12
    # a weekly tier on every day carries the 30 days; two runs a day only for 7
    assert result.words == "weekly 5 + daily 7" and result.peak == 42
    assert _meets(result.policy, reqs)


def test_weekly_only_uses_a_weekly_schedule() -> None:
    result = suggest(SETS["weekly-only"], "Europe/Berlin", start=START)
    assert result.policy is not None
    assert result.policy.schedule.frequency.value == "weekly"
    assert result.peak == 12


def test_azure_vm_single_time() -> None:
    reqs = [req(every="day", depth="30 days"), req(every="month", day="last",
                                                   depth="12 months")]
    result = suggest(reqs, "America/New_York", target=Target.AZURE_VM, start=START)
    assert result.policy is not None and len(result.policy.schedule.times) == 1
    assert _meets(result.policy, reqs)
    with_rpo = suggest([*reqs, req(rpo="12h")], "America/New_York", target=Target.AZURE_VM,
                       start=START)
    assert with_rpo.infeasible == ("rpo 12h needs 2 runs a day, more than the 1 that "
                                   "target azure-vm allows")


def test_depth_beyond_azure_is_infeasible() -> None:
    result = suggest([req(every="year", depth="100 years")], "Europe/Berlin", start=START)
    assert result.policy is None and result.infeasible is not None
    assert result.infeasible.startswith("requirement 1 (any year of the last 100 years) "
                                        "cannot be met")
    assert "above Azure's maximum of 99 years" in result.infeasible


def test_max_points_below_coverage_is_infeasible() -> None:
    result = suggest([req(every="day", depth="30 days"), req(max_points=20)],
                     "Europe/Berlin", start=START)
    assert result.infeasible == (
        "requirement 2 (at most 20 points alive) cannot be met: the cheapest policy that "
        "meets the other requirements (daily 30) holds 30 points at its peak")


def test_window_without_robust_time_is_infeasible() -> None:
    result = suggest([req(every="day", depth="30 days")], "Europe/Berlin",
                     window=Window(start=time(23, 0), end=time(23, 30)), start=START)
    assert result.policy is None and result.infeasible is not None
    assert result.infeasible.startswith("no allowed time is robust to DST: 23:00 would move")


# --- exhaustive search over a reduced space ---------------------------------------------

SMALL = [req(every="day", depth="10 days"), req(every="week", day="sunday", depth="5 weeks")]


def _policy(daily: int, weekly: int | None, days: list[str]) -> Policy:
    retention: dict[str, object] = {"daily": {"keep": daily}}
    if weekly is not None:
        retention["weekly"] = {"keep": weekly, "days": days}
    return Policy.model_validate({
        "name": "x", "timezone": "Europe/Berlin", "requirements": SMALL,
        "schedule": {"frequency": "daily", "times": ["21:00"]}, "retention": retention})


def test_peak_equals_exhaustive_minimum() -> None:
    best = None
    for daily, weekly, days in itertools.product(
            range(7, 40), [None, 4, 5, 6], [["sunday"], ["saturday", "sunday"]]):
        p = _policy(daily, weekly, days)
        peak = peak_alive(p, START)[0]
        if best is not None and peak >= best:
            continue
        if _meets(p, SMALL):
            best = peak
    result = suggest(SMALL, "Europe/Berlin", start=START)
    assert result.policy is not None
    assert result.peak == best
    assert _meets(result.policy, SMALL, reference=True)
