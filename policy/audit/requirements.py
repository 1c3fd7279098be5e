"""``retention check``: does a policy keep what it must (SPEC §9)?

``check(policy, start, end, tz)`` projects the policy and judges its requirements;
``check_rows(requirements, rows, zone, start, end, ...)`` judges any history given as
compact rows (``policy.engine.frame.Row``, sorted by instant), so that ``retention diff``
can check a history assembled from two policies. Coverage requirements are in
``policy.audit.coverage``; ``rpo``, ``max_age`` and ``max_points`` are here.

Decisions where SPEC §9 is silent:

- ``rpo`` when no point is alive at some instant after the first point (every point has
  expired before the next run): the requirement is not met, ``worst_gap_minutes`` is
  ``None`` (the age is unbounded) and the message says from when to when the vault held
  nothing. With no point at all in the horizon it is not met either.
- ``max_age`` compares each point's expiry with ``frame + N units`` mapped to an instant the
  way the policy maps expiries, so a point kept exactly ``N units`` passes in both clocks.
- The default horizon (CLI) is ``from + longest coverage depth + 1 year``; ``rpo``,
  ``max_age`` and ``max_points`` add no depth.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, tzinfo

from policy.audit.coverage import History, check_coverage
from policy.audit.periods import add_depth, add_to_local, describe
from policy.audit.verdicts import CheckReport, Verdict
from policy.engine.frame import EXPIRES, GOVERNING, INSTANT, LOCAL, Frame, Row
from policy.engine.offsets import DAY, instant_of, local_midnight, offset_map, seconds_of
from policy.engine.projection import Projection, project, run_of
from policy.model.models import Policy
from policy.model.requirements import Requirement
from policy.model.zones import BUNDLED, TzData

__all__ = ["check", "check_projection", "check_rows", "default_end"]


def default_end(requirements: Sequence[Requirement], start: date) -> date:
    """SPEC §9: from + the longest coverage depth + 1 year."""
    ordinal = start.toordinal()
    reach = max((add_depth(ordinal, r.depth) for r in requirements if r.depth is not None),
                default=ordinal)
    d = date.fromordinal(reach)
    return d.replace(year=d.year + 1, day=28) if (d.month, d.day) == (2, 29) else d.replace(
        year=d.year + 1)


def check(policy: Policy, start: date, end: date, tz: TzData = BUNDLED) -> CheckReport:
    """Project ``policy`` over the local dates ``[start, end)`` and judge its requirements."""
    return check_projection(project(policy, start, end, tz))


def check_projection(proj: Projection) -> CheckReport:
    """Judge the requirements of a projection's policy against that projection."""
    policy = proj.policy
    start_date = proj.start.astimezone(proj.zone).date()
    end_date = proj.end.astimezone(proj.zone).date()
    frame = Frame(policy, proj.zone, proj.anchor, seconds_of(proj.start), seconds_of(proj.end))
    needs_peak = any(r.kind == "max_points" for r in policy.requirements)
    verdicts = check_rows(policy.requirements, proj.rows, proj.zone, start_date, end_date,
                          to_instant=frame.expiry_instant,
                          peak=proj.peak_alive if needs_peak else None)
    return CheckReport(policy.name, policy.zone_name, proj.tzdata, proj.start, proj.end,
                       verdicts, proj.zone)


def check_rows(requirements: Sequence[Requirement], rows: Sequence[Row], zone: tzinfo,
               start: date, end: date, *, to_instant: Callable[[int], int] | None = None,
               peak: int | None = None) -> tuple[Verdict, ...]:
    """Judge ``requirements`` against a history of rows over the local dates ``[start, end)``.

    ``to_instant`` maps frame local seconds to an instant as the policy maps expiries
    (default: the zone's wall clock, PEP 495 ``fold=0``); ``peak`` is the peak alive count
    of SPEC §5.4 (default: the peak of ``rows``).
    """
    if to_instant is None:
        to_instant = _wall_clock(zone, start, end)
    hist = History(rows, zone, start.toordinal(), end.toordinal(), to_instant)
    out = []
    for index, req in enumerate(requirements):
        label = describe(req)
        if req.kind == "coverage":
            due, failures, evidence = check_coverage(req, hist)
            out.append(Verdict(index, req, label, not failures, periods=due,
                               failures=tuple(failures), evidence=tuple(evidence)))
        elif req.kind == "rpo":
            out.append(_rpo(index, req, label, hist))
        elif req.kind == "max_age":
            out.append(_max_age(index, req, label, hist))
        else:
            out.append(_max_points(index, req, label, hist, peak))
    return tuple(out)


def _wall_clock(zone: tzinfo, start: date, end: date) -> Callable[[int], int]:
    lo = seconds_of(local_midnight(zone, start))
    omap = offset_map(zone, lo, seconds_of(local_midnight(zone, end)) + 120 * 366 * DAY)
    return omap.fold0


def _rpo(index: int, req: Requirement, label: str, hist: History) -> Verdict:
    """Largest age of the newest alive point over ``[first point, horizon end)``.

    A stack keeps the points that can still be the newest alive one: a point older than
    another and expiring no later never will again, so the stack's instants rise and its
    expiries fall, and the newest alive point at any time is its top once expired ones are
    popped. Each point is pushed and popped once.
    """
    assert req.rpo is not None
    limit = req.rpo.minutes * 60
    points = hist.points
    end = hist.starts[hist.end]
    if not points:
        return Verdict(index, req, label, False, "no recovery point in the horizon")
    stack: list[Row] = []
    worst, worst_row = 0, points[0]
    empty: tuple[int, int] | None = None
    for k, row in enumerate(points):
        while stack and stack[-1][EXPIRES] <= row[EXPIRES]:
            stack.pop()
        stack.append(row)
        stop = points[k + 1][INSTANT] if k + 1 < len(points) else end
        gone = row[INSTANT]
        while stack:
            top = stack[-1]
            until = min(top[EXPIRES], stop)
            if until - top[INSTANT] > worst:
                worst, worst_row = until - top[INSTANT], top
            if top[EXPIRES] >= stop:
                break
            gone = stack.pop()[EXPIRES]
        if not stack and empty is None and stop > gone:
            empty = (gone, stop)
    run = run_of(worst_row, hist.zone)
    if empty is not None:
        return Verdict(index, req, label, False, (
            f"no point is alive from {_local(hist, empty[0])} to {_local(hist, empty[1])}"),
            point=run)
    minutes = worst // 60
    where = f"after the point of {_local(hist, worst_row[INSTANT])}"
    message = f"largest gap {_minutes(minutes)} {where}"
    if worst > limit:
        message += f", more than {req.rpo}"
    return Verdict(index, req, label, worst <= limit, message, worst_gap_minutes=minutes,
                   point=run)


def _max_age(index: int, req: Requirement, label: str, hist: History) -> Verdict:
    assert req.max_age is not None
    count, unit = req.max_age.count, req.max_age.unit
    # A point kept less than the shortest possible N units cannot exceed them: skip the
    # calendar arithmetic for those (most points: the dailies).
    shortest = count * {"days": 1, "weeks": 7, "months": 28, "years": 365}[unit] * DAY
    bad: list[Row] = []
    for row in hist.points:
        if row[EXPIRES] - row[INSTANT] < shortest - 2 * DAY:
            continue
        if row[EXPIRES] > hist.to_instant(add_to_local(row[LOCAL], count, unit)):
            bad.append(row)
    if not bad:
        return Verdict(index, req, label, True, f"every point expires within {req.max_age}")
    first = bad[0]
    run = run_of(first, hist.zone)
    tier = {1: "daily", 2: "weekly", 4: "monthly", 8: "yearly"}[first[GOVERNING]]
    return Verdict(index, req, label, False, (
        f"{len(bad):,} point{'s' if len(bad) != 1 else ''} kept longer than {req.max_age}; "
        f"the first, taken {_local(hist, first[INSTANT])}, expires "
        f"{_local(hist, first[EXPIRES])} ({tier} tier)"), point=run)


def _max_points(index: int, req: Requirement, label: str, hist: History,
                peak: int | None) -> Verdict:
    assert req.max_points is not None
    if peak is None:
        events = sorted([(r[INSTANT], 1) for r in hist.points]
                        + [(r[EXPIRES], -1) for r in hist.points])
        peak = alive = 0
        for _, delta in events:
            alive += delta
            peak = max(peak, alive)
    ok = peak <= req.max_points
    return Verdict(index, req, label, ok,
                   f"peak alive {peak:,} {'≤' if ok else '>'} {req.max_points:,}", peak=peak)


def _local(hist: History, instant: int) -> str:
    return f"{instant_of(instant).astimezone(hist.zone):%Y-%m-%d %H:%M %Z}"


def _minutes(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"

