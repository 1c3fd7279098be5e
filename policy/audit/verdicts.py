"""The results of ``retention check`` (SPEC §9) as immutable values, shared by the CLI, the
validate findings and the designer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Literal

from policy.engine.frame import Row
from policy.engine.projection import Run, run_of
from policy.model.requirements import Every, Requirement, RequirementKind

Cause = Literal["no-run", "skipped", "moved", "not-retained", "expired"]


@dataclass(frozen=True)
class Failure:
    """A due period that some check date finds uncovered, reported once (SPEC §9)."""

    period: str
    """``2026-06-30``, ``2026-W27``, ``2026-06``, ``2026-Q2`` or ``2026``."""
    day: date
    """The first selected day (on or after the horizon start) that nothing covers."""
    seen: date
    """The first check date at which the period is due and uncovered."""
    cause: Cause
    point: Run | None
    """The run whose frame date is ``day`` (``None``: no run that day)."""
    message: str
    grace_minutes: int | None = None
    """``moved``: the smallest grace that would accept the run (when that helps)."""
    keep_needed: str | None = None
    """``expired``: the keep of the point's governing tier that would cover the period."""

    @property
    def drift_minutes(self) -> int | None:
        return self.point.drift_minutes if self.point is not None else None


@dataclass(frozen=True, slots=True)
class Evidence:
    """One due period of a coverage requirement: what covers it, or why nothing does.

    Kept as ordinals and a row, and turned into dates and a ``Run`` on demand: a century of
    daily periods is 36,500 of them.
    """

    every: Every
    first: int
    """The period's first date (ordinal)."""
    s: int
    """The period's last selected day on or after the horizon start (ordinal)."""
    x0: int
    until: int
    row: Row | None = field(repr=False)
    """The covering point that lives longest, as a row (``None``: none at all)."""
    zone: tzinfo = field(repr=False)
    failure: Failure | None

    @property
    def period(self) -> str:
        from policy.audit.periods import period_label

        return period_label(self.every, self.first)

    @property
    def day(self) -> date:
        """``s``: the day that decides when the period is due."""
        return date.fromordinal(self.s)

    @property
    def due_from(self) -> date:
        """The first check date at which the period is due."""
        return date.fromordinal(self.x0)

    @property
    def due_until(self) -> date:
        """The last date the period is due (``s + depth``; may lie beyond the horizon)."""
        return date.fromordinal(self.until)

    @property
    def point(self) -> Run | None:
        """The covering point that lives longest."""
        return run_of(self.row, self.zone) if self.row is not None else None


@dataclass(frozen=True)
class Verdict:
    """Whether one requirement is met over the horizon, and the evidence."""

    index: int
    requirement: Requirement
    label: str
    met: bool
    message: str = ""
    """rpo / max_age / max_points: the finding in words."""
    periods: int = 0
    failures: tuple[Failure, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    worst_gap_minutes: int | None = None
    """rpo: the largest age of the newest alive point (``None``: at times none is alive)."""
    point: Run | None = None
    """max_age: the first point kept too long; rpo: the point the worst gap starts at."""
    peak: int | None = None
    """max_points: the peak alive count."""

    @property
    def kind(self) -> RequirementKind:
        return self.requirement.kind


@dataclass(frozen=True)
class CheckReport:
    """Every requirement of a policy judged over one horizon."""

    policy: str
    timezone: str
    tzdata: str
    start: datetime
    end: datetime
    verdicts: tuple[Verdict, ...]
    zone: tzinfo = field(repr=False)

    @property
    def met(self) -> bool:
        return all(v.met for v in self.verdicts)
