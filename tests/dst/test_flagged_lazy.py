"""The lazy flagged runs (``policy.dst.flags.FlaggedRuns``) give the periods and tier
effects of the run-by-run computation, which stays as the reference."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy.dst.effects import tier_effects
from policy.dst.flags import FlaggedRun, flagged_runs, periods, run_flags
from policy.engine.projection import project
from policy.files.document import load
from policy.model.enhanced import run_window
from policy.model.models import Policy
from policy.model.validation import build_policy
from tests.conftest import EXAMPLES
from tests.strategies import policies


def _skip_policy() -> object:
    return build_policy({
        "name": "skip", "timezone": "Europe/Berlin",
        "schedule": {"frequency": "daily", "times": ["02:30", "23:30"]},
        "clock": {"mode": "wall-clock", "anchor": "2026-01-15", "gap": "skip",
                  "fold": "both"},
        "retention": {"daily": {"keep": 7}, "weekly": {"keep": 4, "days": ["sunday"]},
                      "monthly": {"keep": 3, "days_of_month": [1, "last"]}}})


POLICIES = [load(EXAMPLES / name).policy for name in (
    "berlin-file-server.yaml", "new-york-three-a-day.yaml", "lord-howe-wall-clock.yaml",
    "sydney-weekly.toml", "berlin-month-end-drift.yaml")] + [_skip_policy()]


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.name)  # type: ignore[attr-defined]
def test_lazy_flagged_runs_match_the_runs(policy: object) -> None:
    proj = project(policy, date(2026, 1, 1), date(2028, 1, 1))  # type: ignore[arg-type]
    lazy = flagged_runs(proj)
    eager: list[FlaggedRun] = list(lazy)
    assert len(lazy) == len(eager) and lazy[1:3] == tuple(eager[1:3])
    assert [r.flags for r in eager] == list(lazy.flags())
    assert periods(lazy) == periods(eager)
    found = periods(eager)
    assert tier_effects(proj.policy, found, lazy) == tier_effects(proj.policy, found, eager)
    assert found  # every one of these policies drifts somewhere in two years


@settings(max_examples=40)
@given(policies(), st.dates(date(2009, 1, 1), date(2030, 1, 1)), st.integers(1, 900))
def test_flags_and_drifts_are_those_of_each_run(policy: Policy, start: date,
                                                days: int) -> None:
    """The scan of the rows (a table per stretch of offset under fixed-offset) against
    ``run_flags`` of each ``Run``, whose local time ``zoneinfo`` computes."""
    proj = project(policy, start, start + timedelta(days=days))
    window = run_window(policy)
    flagged = flagged_runs(proj)
    assert list(flagged.all_flags) == [run_flags(r, window) for r in proj.runs]
    assert list(flagged.drifts) == [r.drift_minutes for r in proj.runs]
    assert flagged.skipped == sum("skipped" in f for f in flagged.flags())


@pytest.mark.parametrize(("zone", "anchor", "first", "last"), [
    ("Australia/Sydney", date(2025, 6, 15), date(2025, 12, 1), date(2026, 3, 1)),  # new year
    ("Europe/Berlin", date(2026, 1, 15), date(2026, 3, 1), date(2026, 11, 1)),  # month ends
    ("Pacific/Apia", date(2011, 6, 1), date(2011, 11, 1), date(2012, 6, 1)),  # a day's jump
    ("America/St_Johns", date(2026, 1, 15), date(2026, 3, 1), date(2026, 12, 1)),
])
def test_fixed_offset_runs_landing_on_another_month_or_year(zone: str, anchor: date,
                                                            first: date, last: date) -> None:
    policy = build_policy({
        "name": "late", "timezone": zone,
        "schedule": {"frequency": "daily", "times": ["00:30", "12:00", "23:30"]},
        "clock": {"mode": "fixed-offset", "anchor": anchor.isoformat()},
        "retention": {"daily": {"keep": 7}, "weekly": {"keep": 4, "days": ["sunday"]},
                      "monthly": {"keep": 3, "days_of_month": [1, "last"]},
                      "yearly": {"keep": 2, "months": ["december", "january"],
                                 "days_of_month": [1, "last"]}}})
    proj = project(policy, first, last)
    flagged = flagged_runs(proj)
    assert list(flagged.all_flags) == [run_flags(r, None) for r in proj.runs]
    assert list(flagged.drifts) == [r.drift_minutes for r in proj.runs]
    changed = {f for f in flagged.all_flags if "month-changed" in f}
    assert changed and any("date-changed" in f and "month-changed" not in f
                           for f in flagged.all_flags)
    eager: list[FlaggedRun] = list(flagged)
    assert periods(flagged) == periods(eager)
    found = periods(eager)
    assert tier_effects(policy, found, flagged) == tier_effects(policy, found, eager)
