"""A deliberately naive model of SPEC §9 coverage, to check ``policy.audit.coverage`` against.

It shares nothing with the fast path: periods are grouped from dates with
``date.isocalendar()``, depths are added with ``dateutil.relativedelta``, the first instant
of a local date is found with ``zoneinfo`` and a minute-by-minute search, and every check
date looks at every point (``Projection.runs``) to decide what is alive and what it covers.
Slow on purpose; keep horizons short.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from dateutil.relativedelta import relativedelta

from policy.engine.projection import Projection, Run
from policy.model.requirements import Requirement


@dataclass(frozen=True)
class RefFailure:
    period: str
    day: date
    seen: date
    cause: str


@dataclass(frozen=True)
class RefVerdict:
    met: bool
    periods: int
    failures: list[RefFailure]


def first_instant(zone: tzinfo, day: date) -> datetime:
    """Local midnight if it exists (earlier instant in a fold), else the first minute after."""
    t = datetime.combine(day, time(0))
    for _ in range(24 * 60 * 3):
        aware = t.replace(tzinfo=zone, fold=0)
        back = aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
        if back == t:
            return aware.astimezone(UTC)
        t += timedelta(minutes=1)
    raise AssertionError(f"no instant found for {day}")


def _key(every: str, d: date) -> str:
    if every == "day":
        return d.isoformat()
    if every == "week":
        y, w, _ = d.isocalendar()
        return f"{y}-W{w:02d}"
    if every == "month":
        return f"{d.year}-{d.month:02d}"
    if every == "quarter":
        return f"{d.year}-Q{(d.month - 1) // 3 + 1}"
    return str(d.year)


def _selected(req: Requirement, days: list[date]) -> list[date]:
    day = req.day
    if day == "any":
        return days
    if day == "first":
        return [days[0]]
    if day == "last":
        return [days[-1]]
    if isinstance(day, int):
        return [d for d in days if d.day == day]
    return [d for d in days if d.strftime("%A").lower() == day.value]


def _depth(req: Requirement, d: date) -> date:
    assert req.depth is not None
    n, unit = req.depth.count, req.depth.unit
    return d + relativedelta(**{unit: n})


def reference_coverage(req: Requirement, proj: Projection) -> RefVerdict:
    zone = proj.zone
    start = proj.start.astimezone(zone).date()
    end = proj.end.astimezone(zone).date()
    assert req.every is not None
    grace = timedelta(minutes=req.grace.minutes)
    starts: dict[date, datetime] = {}

    def fi(d: date) -> datetime:
        if d not in starts:
            starts[d] = first_instant(zone, d)
        return starts[d]

    groups: dict[str, list[date]] = {}
    d = start - timedelta(days=400)
    while d < end + timedelta(days=400):
        if req.months is None or req.every.value != "month" or \
                d.month in [m.number for m in req.months]:
            groups.setdefault(_key(req.every.value, d), []).append(d)
        d += timedelta(days=1)
    periods = []
    for label, days in groups.items():
        selected = _selected(req, days)
        after = [x for x in selected if x >= start]
        if not after:
            continue
        s = max(after)
        periods.append((label, selected, after, s, _depth(req, s)))
    points = [r for r in proj.runs if r.retained]

    def covered_days(p: Run) -> set[date]:
        assert p.local is not None and p.instant is not None
        out = set()
        for back in range(0, 31):
            day = p.local.date() - timedelta(days=back)
            if fi(day) <= p.instant < fi(day + timedelta(days=1)) + grace:
                out.add(day)
        return out

    covers = {id(p): covered_days(p) for p in points}
    due_ever: set[str] = set()
    failed: dict[str, RefFailure] = {}
    x = start
    while x < end:
        cx = fi(x)
        alive = [p for p in points if p.instant <= cx < p.expires]  # type: ignore[operator]
        held = set().union(*(covers[id(p)] for p in alive)) if alive else set()
        for label, selected, after, s, until in periods:
            if not (s < x <= until and cx >= fi(s + timedelta(days=1)) + grace):
                continue
            due_ever.add(label)
            if label in failed or any(day in held for day in selected):
                continue
            day = next(day for day in after if day not in held)
            failed[label] = RefFailure(label, day, x, _cause(proj, day, grace, fi))
        x += timedelta(days=1)
    order = {label: i for i, (label, *_) in enumerate(periods)}
    failures = sorted(failed.values(), key=lambda f: order[f.period])
    return RefVerdict(not failures, len(due_ever), failures)


def _cause(proj: Projection, day: date, grace: timedelta, fi) -> str:  # type: ignore[no-untyped-def]
    runs = [r for r in proj.runs if r.frame.date() == day]
    lo, hi = fi(day), fi(day + timedelta(days=1)) + grace
    kept = [r for r in runs if r.retained]
    if any(lo <= r.instant < hi for r in kept):  # type: ignore[operator]
        return "expired"
    if kept:
        return "moved"
    if any(not r.skipped for r in runs):
        return "not-retained"
    if runs:
        return "skipped"
    return "no-run"


def reference_rpo(proj: Projection) -> int | None:
    """Largest age (minutes) of the newest alive point over [first point, end): the age
    grows between events, so its supremum is reached just before a creation, an expiry or
    the horizon's end. ``None`` when at some instant no point is alive."""
    points = [r for r in proj.runs if r.retained]
    if not points:
        return None
    first = min(p.instant for p in points)  # type: ignore[type-var]
    events = {p.instant for p in points} | {p.expires for p in points} | {proj.end}
    worst = 0
    for t in sorted(e for e in events if e is not None and first < e <= proj.end):
        before = t - timedelta(seconds=1)
        alive = [p.instant for p in points if p.instant <= before < p.expires]  # type: ignore[operator]
        if not alive:
            return None
        worst = max(worst, int((t - max(alive)).total_seconds()))  # type: ignore[type-var]
    return worst // 60


def reference_max_age(proj: Projection, count: int, unit: str) -> int:
    """How many points are kept longer than ``count`` units from their frame datetime."""
    policy = proj.policy
    fixed = policy.clock.mode.value == "fixed-offset"
    offset = proj.frozen_offset
    bad = 0
    for p in proj.runs:
        if not p.retained:
            continue
        limit_frame = p.frame + relativedelta(**{unit: count})
        if fixed:
            assert offset is not None
            limit = (limit_frame - offset).replace(tzinfo=UTC)
        else:
            limit = limit_frame.replace(tzinfo=proj.zone, fold=0).astimezone(UTC)
        if p.expires > limit:  # type: ignore[operator]
            bad += 1
    return bad
