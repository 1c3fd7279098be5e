"""Everything the views show about one valid policy, computed in one go (in a worker).

This module only calls the domain engines (``policy.engine.projection``, ``policy.dst.drift``,
``policy.audit.findings``, ``policy.audit.requirements``); it holds no projection, DST or
requirement logic of its own. An engine that fails is reported in ``Analysis.problems``
instead of crashing the designer. The requirements are checked over the window of
``retention validate``'s warnings (``retention check --from TODAY``), so the Requirements
view and the title's verdict agree with the command line.

The windows are the command line's, so the same question gets the same answer: the DST
analysis covers ``[today, today + 1 year)`` as ``retention drift --from TODAY`` does, the
calendar's drift note the calendar year as ``retention drift --from YEAR-01-01 --to
YEAR+1-01-01``, and the as-of date means its first instant (00:00 local), as
``retention project --as-of DATE`` does. The vault starts empty today: days before
today are "before the start" in the calendar.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache, partial
from typing import Any

from policy.audit.findings import check_window, findings
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
    """``DriftReport`` for the next year from today (``retention drift``'s default)."""
    remedies: list[Remedy] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    year_drift: Any = None
    """``DriftReport`` of the calendar year."""
    days: dict[date, DayCell] = field(default_factory=dict)
    """The calendar year's runs by the local date they are taken on."""
    day_runs: dict[date, list[Any]] = field(default_factory=dict)
    """The calendar year's runs by local date taken and by planned (frame) date."""
    check: Any = None
    """``CheckReport`` of the requirements from today (``retention check --from TODAY``),
    or None when the policy has none."""
    unmet: dict[date, list[str]] = field(default_factory=dict)
    """Days of the calendar year whose required point is missing: the labels."""
    storage: Any = None
    """``StorageReport`` at the as-of date (None without ``data:``)."""
    fill_series: Any = ()
    """Month samples from today until the vault is full (the Summary's charts)."""

    @property
    def unmet_count(self) -> int:
        """How many requirements are not met."""
        return sum(1 for v in getattr(self.check, "verdicts", ()) if not v.met)

    @property
    def start(self) -> date:
        """The first day of the vault: the policy is applied today."""
        return self.today

    @property
    def drift_end(self) -> date:
        """The day after the DST analysis window (today + 1 year)."""
        return add_years(self.today, 1)

    @property
    def drift_periods(self) -> list[Any]:
        return list(getattr(self.drift, "periods", None) or [])


class DayCell:
    """What one local day holds: the highest tier taken, drift and skips."""

    __slots__ = ("date_changed", "drifted", "ran", "rank", "skipped")

    def __init__(self) -> None:
        self.rank = 0
        self.ran = False
        self.drifted = False
        self.date_changed = False
        self.skipped = False


_RANK = {"daily": 1, "weekly": 2, "monthly": 3, "yearly": 4}


def day_cells(runs: Any) -> tuple[dict[date, DayCell], dict[date, list[Any]]]:
    """The runs by the local date they are taken on (a skipped run: its planned date), and
    every run under both its local and its planned date (for the selected day)."""
    cells: dict[date, DayCell] = defaultdict(DayCell)
    by_day: dict[date, list[Any]] = defaultdict(list)
    for run in runs:
        planned = run.frame.date()
        by_day[planned].append(run)
        if run.skipped or run.local is None:
            cells[planned].skipped = True
            continue
        taken = run.local.date()
        if taken != planned:
            by_day[taken].append(run)
        cell = cells[taken]
        cell.ran = True
        if run.retained:
            cell.rank = max([cell.rank, *(_RANK[t] for t in run.tiers)])
        if run.drift_minutes:
            cell.drifted = True
        if taken != planned:
            cell.date_changed = True
    return dict(cells), dict(by_day)


def add_years(day: date, years: int) -> date:
    """``day`` moved ``years`` calendar years (29 February becomes 28 February), as the
    command line's default horizon does."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def analyse(policy: Policy, today: date, year: int, as_of: date | None,
            tz: TzData) -> Analysis:
    """Project the policy (calendar year, vault from today) and analyse its DST drift."""
    as_of = as_of or add_years(today, 1)
    result = Analysis(policy, today, year, as_of, tz.label)
    problems: list[str] = []
    report = _safely(problems, "requirements check", lambda: check_window(
        policy, today, tz)) if policy.requirements else None
    found = _safely(problems, "checks", lambda: findings(policy, today, tz, report)) or []
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
    drift, remedies = _drift(policy, today, add_years(today, 1), tz, problems)
    year_drift, _ = _drift(policy, date(year, 1, 1), date(year + 1, 1, 1), tz, problems,
                           calendar)
    days, day_runs = day_cells(calendar.runs) if calendar is not None else ({}, {})
    storage, series = _storage(projection, as_of, problems)
    return Analysis(result.policy, today, year, as_of, tz.label, found, calendar, projection,
                    drift, remedies, problems, year_drift, days, day_runs, report,
                    unmet_days(report, year), storage, series)


@lru_cache(maxsize=8)
def analyse_recent(policy: Policy, today: date, year: int, as_of: date | None,
                   tz: TzData) -> Analysis:
    """``analyse``, remembering the last few drafts' results: a Backspace, an undo or a
    value typed back shows the views at once (policies are frozen, so equal is same)."""
    return analyse(policy, today, year, as_of, tz)


def failed(policy: Policy, today: date, year: int, as_of: date | None, tz: TzData,
           exc: Exception) -> Analysis:
    """The analysis of a policy whose analysis raised what no engine reports (a bug): no
    figures, the failure as its problem, and ``retention validate``'s findings when they
    can still be had; when even they fail, an error, so nothing calls the draft valid or
    saves it over its file unchecked."""
    as_of = as_of or add_years(today, 1)
    problems = [f"the analysis failed ({_named(exc)}); please report this with the "
                "policy file"]
    try:
        found = findings(policy, today, tz)
    except Exception as err:  # the checks themselves: the verdict is unknown
        found = [Problem("analysis", f"the checks failed ({_named(err)}), so the draft "
                         "cannot be called valid; retention validate may say more",
                         severity="error")]
    return Analysis(policy, today, year, as_of, tz.label, found, problems=problems)


def _named(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _storage(projection: Any, as_of: date, problems: list[str]) -> tuple[Any, Any]:
    """The storage figures at the as-of date's first instant and the fill window's
    month samples, as ``retention project --as-of DATE`` computes them."""
    if projection is None:
        return None, ()
    from policy.engine.projection import local_midnight
    from policy.engine.storage_report import storage_report, window_series

    at = local_midnight(projection.zone, as_of)
    report = _safely(problems, "storage estimate", lambda: storage_report(projection, at))
    series = report.fill_series if report is not None else _safely(
        problems, "storage estimate", lambda: window_series(projection))
    return report, series or ()


def unmet_days(report: Any, year: int) -> dict[date, list[str]]:
    """The days of ``year`` a failing period required a point on, with the labels."""
    out: dict[date, list[str]] = defaultdict(list)
    for verdict in getattr(report, "verdicts", ()):
        for failure in verdict.failures:
            if failure.day.year == year and verdict.label not in out[failure.day]:
                out[failure.day].append(verdict.label)
    return dict(out)


def _drift(policy: Policy, first: date, end: date, tz: TzData, problems: list[str],
           projection: Any = None) -> tuple[Any, list[Remedy]]:
    try:
        from policy.dst import drift as dr
    except ImportError:
        problems.append("the DST analysis is not available yet")
        return None, []
    report = _safely(problems, "DST analysis", lambda: dr.analyse(
        policy, first, end, tz, projection))
    if report is None:
        return None, []
    return report, _remedies(dr, report)


def period_lines(report: Any) -> list[str]:
    """The drift periods in ``retention drift``'s terms: planned (frame) dates with the
    year, ``2026-03-29 to 2026-10-24: 210 runs +60 min (shifted, date-changed)``."""
    lines = []
    for p in getattr(report, "periods", None) or []:
        when = f"{p.first} to {p.last}" if p.last != p.first else f"{p.first}"
        drift = "skipped" if p.drift_minutes is None else f"{p.drift_minutes:+d} min"
        runs = f"{p.count} run{'s' if p.count != 1 else ''}"
        lines.append(f"{when}: {runs} {drift} ({', '.join(p.flags)})")
    return lines


def window_words(first: date, end: date) -> str:
    """``2026-03-01 to 2027-03-01, end excluded``: a window ``[first, end)`` in the one
    horizon convention of the CLI (``policy.reports.project.horizon_words``)."""
    return f"{first} to {end}, end excluded"


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
