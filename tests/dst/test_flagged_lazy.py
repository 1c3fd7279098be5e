"""The lazy flagged runs (``policy.dst.flags.FlaggedRuns``) give the periods and tier
effects of the run-by-run computation, which stays as the reference."""

from __future__ import annotations

from datetime import date

import pytest

from policy.dst.effects import tier_effects
from policy.dst.flags import FlaggedRun, flagged_runs, periods
from policy.engine.projection import project
from policy.files.document import load
from policy.model.validation import build_policy
from tests.conftest import EXAMPLES


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
