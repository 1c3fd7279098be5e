"""Coverage requirements (``every``) checked on compact rows (SPEC §9), without walking
check dates × points.

Why one interval test per period is exact: a point covering period ``p`` has its instant
in ``p``'s cover region ``[A, B)`` (``A`` = start of its first cover day, ``B`` = start of
the day after ``s`` + grace), and ``p`` is first due at a check date whose first instant is
at or after ``B``. So every covering point already exists at every due check date, and
``p`` is covered at check date ``x`` exactly when the covering point that expires last is
still alive at the first instant of ``x``. Per period: two bisections of the sorted point
instants, the largest expiry among the points between them, and one bisection of the day
starts for the first uncovered check date.

Decisions where SPEC §9 is silent (also in the README of ``retention check``):

- The failure's ``day`` for ``day: any`` is the first day of the period on or after the
  horizon start (earlier days cannot hold a point: the vault is empty before it).
- Several runs on the failing day: the cause is that of the run closest to covering it:
  a retained run inside the cover window (``expired``; the one that lives longest), else a
  retained run outside it (``moved``; the first in time), else a run in no tier
  (``not-retained``), else a run that ``gap: skip`` dropped (``skipped``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from policy.audit.periods import (
    DayStarts,
    add_depth,
    add_to_local,
    day_words,
    period_label,
    selection,
    spans,
)
from policy.audit.verdicts import Cause, Evidence, Failure
from policy.engine.frame import EXPIRES, GOVERNING, INSTANT, LOCAL, SKIPPED, Row
from policy.engine.offsets import DAY, EPOCH_ORDINAL, instant_of
from policy.engine.projection import Run, run_of
from policy.model.requirements import Requirement
from policy.reports.project import drift_words

_UNIT_OF_BIT = {1: ("daily", "days"), 2: ("weekly", "weeks"), 4: ("monthly", "months"),
                8: ("yearly", "years")}


@dataclass
class History:
    """The rows of a horizon prepared for coverage checks (shared by all requirements)."""

    rows: Sequence[Row]
    zone: tzinfo
    start: int
    """First local date of the horizon (ordinal)."""
    end: int
    """Local date after the horizon (ordinal)."""
    to_instant: Callable[[int], int]
    """Frame local seconds -> POSIX instant, as the policy maps expiries (SPEC §5.2)."""
    starts: DayStarts = field(init=False)
    instants: list[int] = field(init=False)
    expiries: list[int] = field(init=False)
    points: list[Row] = field(init=False)
    _by_day: dict[int, list[Row]] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        # A year period that began before the horizon, and s + 1 up to the horizon's end.
        self.starts = DayStarts(self.zone, self.start - 400, self.end + 2)
        self.points = [r for r in self.rows if r[GOVERNING] and not r[SKIPPED]]
        self.instants = [r[INSTANT] for r in self.points]
        self.expiries = [r[EXPIRES] for r in self.points]

    def runs_on(self, ordinal: int) -> list[Row]:
        """The rows whose frame date is ``ordinal`` (built on first use: failures only)."""
        if self._by_day is None:
            self._by_day = {}
            for r in self.rows:
                self._by_day.setdefault(r[LOCAL] // DAY + EPOCH_ORDINAL, []).append(r)
        return self._by_day.get(ordinal, [])

    def day_start(self, ordinal: int) -> int:
        if ordinal <= self.end + 2:
            return self.starts[ordinal]
        from policy.engine.offsets import local_midnight, seconds_of

        return seconds_of(local_midnight(self.zone, date.fromordinal(ordinal)))

    def run(self, row: Row) -> Run:
        return run_of(row, self.zone)


def check_coverage(req: Requirement, hist: History) -> tuple[int, list[Failure],
                                                               list[Evidence]]:
    """(periods due at least once, failing periods in time order, evidence per due period).

    The loop is flat on purpose: a century of daily periods runs it 36,500 times.
    """
    assert req.depth is not None and req.every is not None
    grace = req.grace.minutes * 60
    starts, base = hist.starts.starts, hist.starts.first
    instants, expiries, points = hist.instants, hist.expiries, hist.points
    first, last_check = hist.start, hist.end - 1
    any_day, offset = selection(req)
    depth, every, zone = req.depth, req.every, hist.zone
    step = {"days": depth.count, "weeks": 7 * depth.count}.get(depth.unit)
    failures: list[Failure] = []
    evidence: list[Evidence] = []
    for lo, hi in spans(req, first, last_check):
        s = hi if offset is None else lo + offset
        if s < first or s >= last_check:
            continue  # no selected day on or after the horizon start, or never due in it
        until = s + step if step is not None else add_depth(s, depth)
        b = starts[s + 1 - base] + grace
        x0 = s + 1 if not grace else base + bisect_left(starts, b, s + 1 - base)
        x_last = until if until < last_check else last_check
        if x0 > x_last:
            continue
        cover = lo if any_day else s
        i = bisect_left(instants, starts[cover - base])
        j = bisect_left(instants, b, i)
        if j - i == 1:
            best, best_exp = i, expiries[i]
        elif j > i:
            best_exp = max(expiries[i:j])
            best = expiries.index(best_exp, i, j)
        else:
            best, best_exp = -1, -1
        failure = None
        if best_exp <= starts[x_last - base]:
            seen = max(x0, base + bisect_left(starts, best_exp, x0 - base))
            failure = _failure(req, hist, period_label(every, lo), max(cover, first), seen,
                               until, grace, best_exp)
            failures.append(failure)
        evidence.append(Evidence(every, lo, s, x0, until, points[best] if best >= 0 else None,
                                 zone, failure))
    return len(evidence), failures, evidence


def _failure(req: Requirement, hist: History, label: str, day: int, seen: int,
             until: int, grace: int, last_expiry: int) -> Failure:
    cause, row = _cause(hist, day, grace)
    run = hist.run(row) if row is not None else None
    what = "" if req.day == "any" else f"{day_words(req)} "
    words = f"the {what}point of {date.fromordinal(day).isoformat()}"
    story = Story(hist, req, words, day, until, grace)
    message, grace_needed, keep = story.tell(cause, row, run)
    if req.day == "any" and last_expiry >= 0 and cause != "expired":
        # Some day of the period had a point: say that it went first, then the first day.
        message = (f"its last point expires {story.local(last_expiry)}, but it stays "
                   f"required until {date.fromordinal(until).isoformat()}; its first day: "
                   f"{message}")
    return Failure(label, date.fromordinal(day), date.fromordinal(seen), cause, run,
                   f"{label}: {message}", grace_needed, keep)


def _cause(hist: History, day: int, grace: int) -> tuple[Cause, Row | None]:
    rows = hist.runs_on(day)
    lo, hi = hist.starts[day], hist.day_start(day + 1) + grace
    kept = [r for r in rows if r[GOVERNING] and not r[SKIPPED]]
    inside = [r for r in kept if lo <= r[INSTANT] < hi]
    if inside:
        return "expired", max(inside, key=lambda r: r[EXPIRES])
    if kept:
        return "moved", kept[0]
    taken = [r for r in rows if not r[SKIPPED]]
    if taken:
        return "not-retained", taken[0]
    if rows:
        return "skipped", rows[0]
    return "no-run", None


@dataclass
class Story:
    """A failure in words (SPEC §9's example sentence), with the fix where one helps."""

    hist: History
    req: Requirement
    words: str
    day: int
    until: int
    grace: int

    def local(self, instant: int) -> str:
        return f"{instant_of(instant).astimezone(self.hist.zone):%Y-%m-%d %H:%M %Z}"

    def tell(self, cause: Cause, row: Row | None, run: Run | None
             ) -> tuple[str, int | None, str | None]:
        day = date.fromordinal(self.day)
        if cause == "no-run" or row is None or run is None:
            return (f"no backup runs on {day.isoformat()} ({day:%A}): the schedule has no "
                    "run that day", None, None)
        frame = f"{run.frame:%Y-%m-%d %H:%M}"
        if cause == "skipped":
            return (f"the run planned for {frame} was skipped: {run.frame:%H:%M} does not "
                    "exist that day (DST gap, gap: skip)", None, None)
        if cause == "not-retained":
            return (f"the run planned for {frame} is in no retention tier (the tiers' times leave "
                    f"{run.frame:%H:%M} out), so it is no recovery point", None, None)
        if cause == "moved":
            return self._moved(row, run)
        return self._expired(row)

    def _moved(self, row: Row, run: Run) -> tuple[str, int | None, str | None]:
        at = row[INSTANT]
        drift = f"DST drift {drift_words(run.drift_minutes)}"
        begin, end = self.hist.starts[self.day], self.hist.day_start(self.day + 1)
        if at < begin:
            minutes = (begin - at + 59) // 60
            return (f"{self.words} was taken {self.local(at)}, {minutes} min before the "
                    f"day began ({drift})", None, None)
        late = (at - end) // 60
        text = (f"{self.words} was taken {self.local(at)}, {late} min after the day ended "
                f"({drift})")
        needed = late + 1
        if row[EXPIRES] > self.hist.day_start(self.until):
            return text + f"; grace: {needed}m would accept it", needed, None
        return text, None, None

    def _expired(self, row: Row) -> tuple[str, int | None, str | None]:
        required = date.fromordinal(self.until).isoformat()
        target = self.hist.day_start(self.until)
        tier, unit = _UNIT_OF_BIT[row[GOVERNING]]
        keep = needed_keep(row[LOCAL], unit, target, self.hist.to_instant)
        keep_text = f"{tier} {keep} {unit}"
        return (f"{self.words} (taken {self.local(row[INSTANT])}) expires "
                f"{self.local(row[EXPIRES])}, but it stays required until {required}; "
                f"keep {keep_text} would cover it", None, keep_text)


def needed_keep(local: int, unit: str, target: int, to_instant: Callable[[int], int]) -> int:
    """The smallest keep (in ``unit``) whose expiry from frame ``local`` is after ``target``."""
    lo, hi = 0, 1
    while to_instant(add_to_local(local, hi, unit)) <= target and hi < 1 << 20:
        lo, hi = hi, hi * 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if to_instant(add_to_local(local, mid, unit)) > target:
            hi = mid
        else:
            lo = mid
    return hi


def local_text(zone: tzinfo, instant: datetime) -> str:
    return f"{instant.astimezone(zone):%Y-%m-%d %H:%M %Z}"
