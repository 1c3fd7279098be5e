"""A deliberately naive model of SPEC §4–§5, to check the engine against.

It shares nothing with the engine (``policy.engine.frame``, ``retention``, ``offsets``): each run is
a ``datetime`` converted with ``zoneinfo`` one by one, gaps and folds are recognised with
the PEP 495 idiom of research/dst.md, months are added with ``dateutil.relativedelta``,
and "the first instant after a gap" is found by stepping a minute at a time. Slow on
purpose; keep horizons short.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from dateutil.relativedelta import relativedelta

from policy.model.models import Policy

ORDER = ("daily", "weekly", "monthly", "yearly")


@dataclass(frozen=True)
class RefRun:
    frame: datetime
    instant: datetime | None  # None: skipped
    position: datetime        # where it sorts (the gap's change instant when skipped)
    tiers: tuple[str, ...]
    governing: str | None
    expires: datetime | None
    wall: str


def classify(naive: datetime, zone: tzinfo) -> str:
    a, b = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    if a.utcoffset() == b.utcoffset():
        return "normal"
    back = a.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    return "ambiguous" if back == naive else "nonexistent"


def to_utc(naive: datetime, zone: tzinfo, fold: int = 0) -> datetime:
    return naive.replace(tzinfo=zone, fold=fold).astimezone(UTC)


def first_instant(zone: tzinfo, day: date) -> datetime:
    """Step minute by minute from well before ``day`` until the local date reaches it."""
    t = datetime.combine(day, time(), UTC) - timedelta(hours=16)
    while t.astimezone(zone).date() < day:
        t += timedelta(minutes=1)
    return t


def gap_end(naive: datetime, zone: tzinfo) -> datetime:
    """First instant after the gap that swallows ``naive``: step until the offset changes."""
    t = to_utc(naive, zone, fold=1)
    before = t.astimezone(zone).utcoffset()
    while t.astimezone(zone).utcoffset() == before:
        t += timedelta(minutes=1)
    return t


def _week_of(day: int, last: int) -> set[str]:
    names = {1: "first", 2: "second", 3: "third", 4: "fourth"}
    out = {names[(day - 1) // 7 + 1]} if day <= 28 else set()
    if day > last - 7:
        out.add("last")
    return out


def _placed(tier: object, d: date) -> bool:
    last = ((d.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)).day
    dom = getattr(tier, "days_of_month", None)
    if dom is not None:
        return d.day in dom or ("last" in dom and d.day == last)
    weekdays = [w.value for w in tier.weekdays]  # type: ignore[attr-defined]
    weeks = {w.value for w in tier.weeks}  # type: ignore[attr-defined]
    return d.strftime("%A").lower() in weekdays and bool(weeks & _week_of(d.day, last))


def tiers_of(policy: Policy, d: date, t: time) -> tuple[str, ...]:
    ret, sched = policy.retention, policy.schedule
    found = []
    hourly = sched.frequency.value == "hourly"
    default_high = sched.window_start if hourly else min(sched.times)
    for name in ORDER:
        tier = getattr(ret, name)
        if tier is None:
            continue
        times = tier.times or (sched.times if name == "daily" and not hourly
                               else (default_high,))
        if t not in times:
            continue
        if name == "daily":
            ok = sched.frequency.value in ("daily", "hourly")
        elif name == "weekly":
            ok = d.strftime("%A").lower() in [w.value for w in tier.days]
        elif name == "monthly":
            ok = _placed(tier, d)
        else:
            ok = d.month in [m.number for m in tier.months] and _placed(tier, d)
        if ok:
            found.append(name)
    return tuple(found)


def expiry_frame(policy: Policy, name: str, frame: datetime) -> datetime:
    keep = getattr(policy.retention, name).keep
    return frame + {
        "daily": relativedelta(days=keep), "weekly": relativedelta(weeks=keep),
        "monthly": relativedelta(months=keep), "yearly": relativedelta(years=keep),
    }[name]


def frames_of(policy: Policy, d: date) -> list[datetime]:
    """The frame datetimes scheduled from date ``d``. An hourly schedule's window opens on
    ``d`` at ``window_start`` and its slots follow every ``every_hours`` for
    ``window_hours``, past midnight into ``d + 1`` if the window is that long: computed
    here with datetime arithmetic, not from ``schedule.times``."""
    sched = policy.schedule
    if sched.frequency.value != "hourly":
        return [datetime.combine(d, t) for t in sched.times]
    assert sched.window_start and sched.every_hours and sched.window_hours
    opens = datetime.combine(d, sched.window_start)
    step = timedelta(hours=sched.every_hours)
    out, at = [], opens
    while at < opens + timedelta(hours=sched.window_hours):
        out.append(at)
        at += step
    return out


def scheduled(policy: Policy, d: date, anchor: date) -> bool:
    sched = policy.schedule
    if sched.frequency.value in ("daily", "hourly"):
        return True
    if d.strftime("%A").lower() not in [w.value for w in sched.days or ()]:
        return False
    monday = d - timedelta(days=d.weekday())
    weeks = (monday - (anchor - timedelta(days=anchor.weekday()))).days // 7
    return weeks % (sched.every_weeks or 1) == 0


def reference_runs(policy: Policy, zone: tzinfo, start: date, end: date,
                   anchor: date | None = None) -> list[RefRun]:
    lo, hi = first_instant(zone, start), first_instant(zone, end)
    anchor = anchor or policy.clock.anchor or start
    fixed = policy.clock.mode.value == "fixed-offset"
    offset = datetime.combine(anchor, time(12), zone).utcoffset()
    assert offset is not None

    def place(naive: datetime) -> datetime:
        return (naive - offset).replace(tzinfo=UTC) if fixed else to_utc(naive, zone, 0)

    runs: list[RefRun] = []
    d = start - timedelta(days=3)
    while d <= end + timedelta(days=3):
        if scheduled(policy, d, anchor):
            for frame in frames_of(policy, d):
                runs.extend(_runs_at(policy, zone, frame, fixed, place))
        d += timedelta(days=1)
    kept = sorted((r for r in runs if lo <= r.position < hi), key=lambda r: (r.position, r.frame))
    return _merge(policy, kept, place)


def _merge(policy: Policy, runs: list[RefRun], place) -> list[RefRun]:  # type: ignore[no-untyped-def]
    """SPEC §6: runs that land on one instant are one backup, a point with the union of
    their tiers and the earliest frame; the others have no tier (``wall`` + ``merged``)."""
    out: list[RefRun] = []
    for run in runs:
        same = [r for r in out if r.instant is not None and r.instant == run.instant
                and not r.wall.endswith("merged")]
        if run.instant is None or not same:
            out.append(run)
            continue
        first = same[0]
        union = tuple(n for n in ORDER if n in first.tiers or n in run.tiers)
        governing, expires = _governing(policy, union, first.frame, place, first.wall)
        out[out.index(first)] = RefRun(first.frame, first.instant, first.position, union,
                                       governing, expires, first.wall)
        out.append(RefRun(run.frame, run.instant, run.position, (), None, None,
                          run.wall + "+merged"))
    return out


def _governing(policy: Policy, tiers: tuple[str, ...], frame: datetime, place,  # type: ignore[no-untyped-def]
               wall: str) -> tuple[str | None, datetime | None]:
    expiries = {n: place(expiry_frame(policy, n, frame)) for n in tiers}
    if policy.retention.combine.value == "tier":
        governing = tiers[-1] if tiers else None
    else:
        governing = None
        for n in tiers:  # lowest first: a later (higher) tier wins ties
            if governing is None or expiries[n] >= expiries[governing]:
                governing = n
    return governing, (expiries[governing] if governing else None)


def _runs_at(policy: Policy, zone: tzinfo, frame: datetime, fixed: bool, place):  # type: ignore[no-untyped-def]
    tiers = tiers_of(policy, frame.date(), frame.time())
    wall = "normal" if fixed else classify(frame, zone)
    governing, expires = _governing(policy, tiers, frame, place, wall)
    clock = policy.clock
    if wall == "nonexistent":
        shifted = to_utc(frame, zone, 0)
        if clock.gap.value == "skip":  # listed in the gap, where its frame time falls
            return [RefRun(frame, None, gap_end(frame, zone), tiers, None, None, wall)]
        at = gap_end(frame, zone) if clock.gap.value == "next-valid" else shifted
        instants = [at]
    elif wall == "ambiguous":
        instants = [to_utc(frame, zone, f) for f in
                    {"first": [0], "second": [1], "both": [0, 1]}[clock.fold.value]]
    else:
        instants = [place(frame)]
    return [RefRun(frame, i, i, tiers, governing, expires, wall) for i in instants]


def snapshots_at(runs: list[RefRun], at: datetime, days: int) -> int:
    """Instant-restore snapshots at ``at``: runs taken (not merged) in ``(at - days, at]``."""
    return sum(1 for r in runs if r.instant is not None and not r.wall.endswith("merged")
               and r.instant <= at < r.instant + timedelta(days=days))


def alive_counts(runs: list[RefRun], at: datetime) -> dict[str, int]:
    counts = dict.fromkeys(ORDER, 0)
    for r in runs:
        if r.governing and r.instant is not None and r.expires is not None \
                and r.instant <= at < r.expires:
            counts[r.governing] += 1
    return counts


def reference_peak(runs: list[RefRun]) -> tuple[int, datetime | None]:
    """Alive count at every creation instant: #created <= X minus #expired <= X."""
    points = [r for r in runs if r.governing and r.instant is not None]
    created = sorted(r.instant for r in points)  # type: ignore[type-var]
    expired = sorted(r.expires for r in points)  # type: ignore[type-var]
    best, best_at = 0, None
    for x in created:
        n = bisect_right(created, x) - bisect_right(expired, x)
        if n > best:
            best, best_at = n, x
    return best, best_at


def longest_days(policy: Policy) -> int:
    ret = policy.retention
    unit = {"daily": 1, "weekly": 7, "monthly": 31, "yearly": 366}
    return max(getattr(ret, n).keep * unit[n] for n in ORDER if getattr(ret, n) is not None)
