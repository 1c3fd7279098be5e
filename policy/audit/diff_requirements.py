"""Which due periods a policy change leaves without a covering point (SPEC §11, §9).

The requirements (NEW's, or OLD's when NEW has none) are checked twice over the same
horizon, from the vault's start to the end of the peak window: against OLD alone
continuing (``DiffReport.before``) and against the combined history (``DiffReport.history``:
existing points with NEW's expiries, then NEW's runs). A period that fails only in the
combined history lost its only covering point to the change ("the 2025-09 month-end, still
required until 2026-09-30, is pruned"). A requirement met before and not after is one the
change breaks: ``retention diff`` exits 1 for it.

Periods are local dates in NEW's zone; expiries are mapped to instants as NEW's frame maps
them (``Frame.expiry_instant``), which only matters for the keep the messages suggest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from policy.audit.diff import DiffReport
from policy.audit.requirements import check_rows
from policy.audit.verdicts import CheckReport, Failure, Verdict
from policy.engine.frame import Frame
from policy.engine.offsets import seconds_of


@dataclass(frozen=True)
class LostPeriod:
    """A due period that was covered before the change and is not after it."""

    verdict: Verdict
    failure: Failure
    until: date | None
    """The last check date the period is due (its selected day + the depth)."""


@dataclass(frozen=True)
class RequirementChange:
    """The requirements judged before and after the change, and what the change loses."""

    before: CheckReport
    after: CheckReport
    lost: tuple[LostPeriod, ...]

    @property
    def broken(self) -> tuple[Verdict, ...]:
        """Requirements met before the change and not after it."""
        return tuple(a for b, a in zip(self.before.verdicts, self.after.verdicts, strict=True)
                     if b.met and not a.met)


def requirement_change(report: DiffReport) -> RequirementChange | None:
    """The requirements before and after a change; ``None`` when neither file has any."""
    policy = report.new if report.new.requirements else report.old
    requirements = policy.requirements
    if not requirements:
        return None
    zone = report.new_zone
    start = report.start.astimezone(zone).date()
    end = report.settled.astimezone(zone).date()
    anchor = report.new.clock.anchor or report.applied.astimezone(zone).date()
    frame = Frame(report.new, zone, anchor, seconds_of(report.start), seconds_of(report.settled))

    def judged(rows: tuple[object, ...]) -> CheckReport:
        verdicts = check_rows(requirements, rows, zone, start, end,  # type: ignore[arg-type]
                              to_instant=frame.expiry_instant)
        return CheckReport(policy.name, policy.timezone, report.tzdata, report.start,
                           report.settled, verdicts, zone)

    before, after = judged(report.before), judged(report.history)
    lost: list[LostPeriod] = []
    for b, a in zip(before.verdicts, after.verdicts, strict=True):
        failed = {f.period for f in b.failures}
        until = {e.period: date.fromordinal(e.until) for e in a.evidence if e.failure}
        lost.extend(LostPeriod(a, f, until.get(f.period)) for f in a.failures
                    if f.period not in failed)
    return RequirementChange(before, after, tuple(lost))


def lost_lines(change: RequirementChange, applied: date) -> list[str]:
    """The report's requirement lines, in words: existing points the change takes away
    first ("the 2025-09 month-end, still required until 2026-09-30, is pruned on ..."),
    then periods after the change that NEW's retention does not cover."""
    lines = [f"  {'✓' if v.met else '✗'} {v.label}" for v in change.after.verdicts]
    existing = [lost for lost in change.lost if lost.failure.day < applied]
    later = [lost for lost in change.lost if lost.failure.day >= applied]
    for lost in existing[:10]:
        f = lost.failure
        until = f", still required until {lost.until}," if lost.until else ""
        what = (f"is pruned on {applied}" if f.seen <= applied + _DAY
                else f"now expires before it stops being due (uncovered from {f.seen})")
        lines.append(f"    {lost.verdict.label}: {f.period}{until} {what}")
    if len(existing) > 10:
        lines.append(f"    … and {len(existing) - 10} more existing periods")
    if later:
        f = later[0].failure
        lines.append(f"    {len(later)} later period{'s' if len(later) != 1 else ''} NEW's "
                     f"retention does not cover (first: {f.period}, {f.cause}, uncovered "
                     f"from {f.seen})")
    lines += [f"  the change breaks: {v.label}" for v in change.broken]
    return lines


_DAY = timedelta(days=1)
