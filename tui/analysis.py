"""Everything the views show about one valid policy, computed in one go (in a worker).

This module only calls the domain engines (``policy.engine.projection``, ``policy.dst.drift``,
``policy.audit.findings``); it holds no projection or DST logic of its own. An engine that fails
is reported in ``Analysis.problems`` instead of crashing the designer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import Any

from policy.audit.findings import findings
from policy.model.errors import PolicyError, Problem
from policy.model.models import Policy, format_time
from policy.model.zones import TzData


@dataclass(frozen=True)
class Remedy:
    """A one-key fix for DST drift: what it does, in words, and how to apply it."""

    text: str
    apply: Callable[[Policy], Policy]


@dataclass(frozen=True)
class Analysis:
    """The consequences of one policy for the views."""

    policy: Policy
    today: date
    year: int
    as_of: date
    tz_label: str
    findings: list[Problem] = field(default_factory=list)
    calendar: Any = None
    """``Projection`` of the calendar year (or None when the engine is missing)."""
    projection: Any = None
    """``Projection`` from today, long enough to fill the vault (peak, as-of counts)."""
    drift: Any = None
    """``DriftReport`` for the next 366 days from today."""
    remedies: list[Remedy] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def drift_periods(self) -> list[Any]:
        return list(getattr(self.drift, "periods", None) or [])


def analyse(policy: Policy, today: date, year: int, as_of: date | None,
            tz: TzData) -> Analysis:
    """Project the policy (calendar year, vault from today) and analyse its DST drift."""
    as_of = as_of or today + timedelta(days=366)
    result = Analysis(policy, today, year, as_of, tz.label)
    problems: list[str] = []
    found = _safely(problems, "checks", lambda: findings(policy, today, tz)) or []
    calendar = projection = None
    try:
        from policy.engine import projection as proj
    except ImportError:
        problems.append("the projection engine is not available yet")
    else:
        calendar = _safely(problems, "calendar", lambda: proj.project(
            policy, date(year, 1, 1), date(year + 1, 1, 1), tz))
        projection = _safely(problems, "projection", lambda: proj.project(
            policy, today, max(as_of, today) + timedelta(days=1), tz))
    drift, remedies = _drift(policy, today, tz, problems)
    return Analysis(result.policy, today, year, as_of, tz.label, found, calendar, projection,
                    drift, remedies, problems)


def _drift(policy: Policy, today: date, tz: TzData,
           problems: list[str]) -> tuple[Any, list[Remedy]]:
    try:
        from policy.dst import drift as dr
    except ImportError:
        problems.append("the DST analysis is not available yet")
        return None, []
    report = _safely(problems, "DST analysis", lambda: dr.analyse(
        policy, today, today + timedelta(days=366), tz))
    if report is None:
        return None, []
    return report, _remedies(dr, report)


def _remedies(dr: Any, report: Any) -> list[Remedy]:
    found: list[Remedy] = []
    for robust in getattr(report, "robust_times", None) or []:
        old = robust.time
        for new in robust.suggest or ():
            found.append(Remedy(f"run at {format_time(new)} instead of {format_time(old)}",
                                partial(dr.apply_time, old=old, new=new)))
    return found


def _safely(problems: list[str], what: str, run: Callable[[], Any]) -> Any:
    try:
        return run()
    except (PolicyError, ValueError, KeyError, TypeError, OverflowError) as exc:
        problems.append(f"{what} failed: {exc}")
        return None
