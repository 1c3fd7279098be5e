"""``retention suggest``: the cheapest Azure policy that meets a set of requirements and
survives DST (SPEC §10).

The search is best-first, not exhaustive over keeps:

1. Each coverage requirement gets its *servings* (``policy.audit.suggest_plan``): tiers
   that place a point in each of its periods, each with the smallest keep the calendar
   allows. ``rpo`` fixes the runs a day; ``max_age`` refuses servings kept too long.
2. One serving per requirement, merged per tier (keep = the largest, placements united),
   is a *structure*. Structures are ranked by a quick estimate of their peak (alive
   points per age band, from the point rates of a four-year sample), and the exact peak
   (SPEC §5.4, the engine's) is computed for the promising ones.
3. The cheapest structure, at the DST-robust time nearest the preferred one
   (``policy.audit.suggest_times``), is verified by the checker with the policy saved in
   January and in July. An ``expired`` failure bumps the tier's keep to what the checker
   says is needed (at least one more) and puts the structure back in the queue with its new
   peak; any other failure moves it to the next time. The first structure that passes is
   the answer: every structure left in the queue costs at least as much.

Order of preference (SPEC §10): peak, then the storage estimate (with ``data``), then the
number of tiers, then the distance of the run time from the preferred time.
"""

from __future__ import annotations

import heapq
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any

from policy.audit.periods import describe
from policy.audit.requirements import check, default_end
from policy.audit.suggest_plan import SAMPLE_DAYS, Refusal, Serving, TierPlan, servings_for
from policy.audit.suggest_times import (
    HALF_HOURS,
    TimeVerdict,
    anchors_of,
    judge_times,
    minutes_of,
    time_of,
)
from policy.engine.projection import peak_alive, project
from policy.engine.storage_report import storage_report
from policy.model.models import (
    TIER_NAMES,
    Data,
    Frequency,
    Policy,
    Schedule,
    Target,
    TierName,
    Weekday,
    Window,
    format_time,
)
from policy.model.requirements import Every, Requirement
from policy.model.rules import TIMES_BOUNDS, keep_bounds
from policy.model.zones import BUNDLED, TzData

__all__ = ["DEFAULT_TIME", "Alternative", "Suggestion", "suggest"]

#: Preferred run time without --times or --window: MARS's own default (New-OBSchedule, 21:00).
DEFAULT_TIME = time(21, 0)
#: Structures whose exact peak is computed, at most.
_EXACT = 12
#: Checker verifications (each: two anchors), at most.
_VERIFY = 40
_UNIT_WORD: dict[TierName, str] = {"daily": "days", "weekly": "weeks", "monthly": "months",
                                   "yearly": "years"}
_MEAN_DAYS: dict[TierName, float] = {"daily": 1.0, "weekly": 7.0, "monthly": 30.44,
                                     "yearly": 365.25}


@dataclass(frozen=True)
class Alternative:
    """A runner-up policy that also meets the requirements."""

    words: str
    """``weekly 12 + daily 30``."""
    peak: int
    policy: Policy


@dataclass(frozen=True)
class Suggestion:
    """The answer of ``suggest()``: a policy, or why none can exist."""

    policy: Policy | None
    peak: int | None = None
    storage_gb: float | None = None
    words: str = ""
    alternatives: tuple[Alternative, ...] = ()
    reasons: tuple[str, ...] = ()
    """Why the run time was chosen (the preferred times that DST would break)."""
    serves: dict[TierName, tuple[str, ...]] = field(default_factory=dict)
    """Tier -> the labels of the requirements it serves."""
    infeasible: str | None = None
    """Names the requirement that cannot be met and the bound (``policy`` is ``None``)."""

    @property
    def found(self) -> bool:
        return self.policy is not None


class _Infeasible(Exception):
    pass


@dataclass
class _Structure:
    frequency: Frequency
    tiers: dict[TierName, tuple[TierPlan, int]]
    serves: dict[TierName, list[int]]
    weekdays: frozenset[Weekday] = frozenset()

    def words(self) -> str:
        return " + ".join(f"{n} {self.tiers[n][1]}" for n in reversed(TIER_NAMES)
                          if n in self.tiers)

    def key(self) -> tuple[object, ...]:
        return tuple(sorted((n, p, k) for n, (p, k) in self.tiers.items()))


@dataclass
class _Search:
    requirements: tuple[Requirement, ...]
    timezone: str
    target: Target
    start: date
    tz: TzData
    window: Window | None
    data: Data | None
    name: str
    progress: Callable[[str], None] | None
    end: date = field(init=False)

    def __post_init__(self) -> None:
        self.end = default_end(self.requirements, self.start)

    def tell(self, message: str) -> None:
        if self.progress is not None:  # the caller decides when it is worth showing
            self.progress(message)


def suggest(requirements: Sequence[Requirement], timezone: str, target: Target = Target.MARS,
            times: Sequence[time] | None = None, window: Window | None = None,
            start: date | None = None, tz: TzData = BUNDLED, data: Data | None = None, *,
            name: str = "suggested", schedule: Schedule | None = None,
            progress: Callable[[str], None] | None = None) -> Suggestion:
    """The cheapest policy meeting ``requirements`` with the clock anchored in January and
    in July, or a ``Suggestion`` whose ``infeasible`` says which requirement cannot be met.

    ``times``: the allowed run times (the first is the preferred one); ``window``: local
    hours the runs must stay in; ``schedule``: keep this schedule, search only the tiers.
    ``start`` is required (the domain never reads the clock).
    """
    if start is None:
        raise ValueError("start is required: the first local date of the horizon")
    search = _Search(tuple(requirements), timezone, target, start, tz, window, data, name,
                     progress)
    try:
        return _run(search, times, schedule)
    except _Infeasible as exc:
        return Suggestion(None, infeasible=str(exc))


def _run(s: _Search, times: Sequence[time] | None, schedule: Schedule | None) -> Suggestion:
    reqs = s.requirements
    coverage = [i for i, r in enumerate(reqs) if r.kind == "coverage"]
    if not reqs:
        raise _Infeasible("there are no requirements to meet; add a requirements: section")
    zone = s.tz.zone(s.timezone)
    options, reasons, robust = _time_options(s, zone, times, schedule)
    max_age = next((r.max_age for r in reqs if r.max_age is not None), None)
    structures = _structures(s, coverage, schedule, max_age, robust, len(options[0]))
    ranked = _ranked(s, structures, len(options[0]))
    try:
        policy, peak, st, alternatives = _verify(s, ranked, options)
    except _Infeasible as exc:
        if robust or not reasons:
            raise
        raise _Infeasible(f"no allowed time is robust to DST: {'; '.join(reasons)}; "
                          f"the best candidate fails: {exc}") from None
    serves = {n: tuple(describe(reqs[i]) for i in idx) for n, idx in st.serves.items()}
    storage = _peak_storage(policy, s.start) if s.data is not None else None
    return Suggestion(policy, peak, storage, _words(policy), tuple(alternatives),
                      tuple(reasons), serves)


# --- times ------------------------------------------------------------------------------


def _runs_needed(s: _Search) -> int:
    rpo = min((r.rpo.minutes for r in s.requirements if r.rpo is not None), default=None)
    low, high = TIMES_BOUNDS[s.target]
    if rpo is None or rpo >= 24 * 60:
        return 1
    need = -(-24 * 60 // rpo)
    if need > high:
        raise _Infeasible(
            f"rpo {_rpo_text(s)} needs {need} runs a day, more than the {high} that target "
            f"{s.target.value} allows")
    return max(need, low)


def _rpo_text(s: _Search) -> str:
    return next(str(r.rpo) for r in s.requirements if r.rpo is not None)


def _time_options(s: _Search, zone: Any, times: Sequence[time] | None,
                  schedule: Schedule | None) -> tuple[list[tuple[int, ...]], list[str], bool]:
    """Run-time tuples to try, best first; the reasons the preferred times were passed
    over; whether the options are DST-robust."""
    reqs = s.requirements
    graces = [r.grace.minutes for r in reqs if r.kind == "coverage"]
    month_end = any(r.every in (Every.MONTH, Every.QUARTER, Every.YEAR) and r.day == "last"
                    for r in reqs)
    grace = min(graces) if graces else None
    if schedule is not None:
        fixed = tuple(minutes_of(t) for t in schedule.times)
        verdicts = judge_times(zone, list(fixed), s.start, s.end, grace, s.window, month_end)
        bad = [v.reason for v in verdicts if not v.robust]
        return [fixed], bad, not bad
    # --window: any half hour inside it; else --times: only those; else any half hour.
    candidates = ([minutes_of(t) for t in times] if times and s.window is None
                  else list(HALF_HOURS))
    preferred = minutes_of(times[0] if times else s.window.start if s.window
                           else DEFAULT_TIME)
    if s.window is not None:
        candidates = [m for m in candidates if s.window.contains(time_of(m))]
        if not candidates:
            raise _Infeasible(f"no allowed time lies in the window "
                              f"{format_time(s.window.start)}-{format_time(s.window.end)}")
    verdicts = judge_times(zone, candidates, s.start, s.end, grace, s.window, month_end)
    good = [v.minutes for v in verdicts if v.robust]
    n = _runs_needed(s)
    tuples = _spread(good, n, _rpo_minutes(s), preferred)
    robust = bool(tuples)
    if not tuples:
        tuples = _spread(candidates, n, _rpo_minutes(s), preferred)
    if not tuples:
        raise _Infeasible(_no_time_message(s, n, verdicts))
    chosen = min(_distance(m, preferred) for m in tuples[0])
    reasons = [v.reason for v in sorted(verdicts, key=lambda v: _distance(v.minutes, preferred))
               if not v.robust and _distance(v.minutes, preferred) <= chosen][:3]
    return tuples[:8], reasons, robust


def _rpo_minutes(s: _Search) -> int | None:
    return min((r.rpo.minutes for r in s.requirements if r.rpo is not None), default=None)


def _no_time_message(s: _Search, n: int, verdicts: list[TimeVerdict]) -> str:
    if n > 1:
        return (f"rpo {_rpo_text(s)} needs {n} runs a day at most {_rpo_text(s)} apart, and "
                "no such times are allowed (--times/--window)")
    bad = "; ".join(v.reason for v in verdicts[:3])
    return f"no allowed time is robust to DST: {bad}"


def _distance(a: int, b: int) -> int:
    d = abs(a - b) % (24 * 60)
    return min(d, 24 * 60 - d)


def _spread(candidates: list[int], n: int, rpo: int | None, preferred: int
            ) -> list[tuple[int, ...]]:
    """Tuples of ``n`` times whose gaps (around the clock) are at most ``rpo``, nearest
    the preferred time first."""
    out = []
    for combo in itertools.combinations(sorted(set(candidates)), n):
        if rpo is not None and n > 1:
            gaps = [b - a for a, b in itertools.pairwise(combo)]
            gaps.append(combo[0] + 24 * 60 - combo[-1])
            if max(gaps) > rpo:
                continue
        out.append(combo)
    out.sort(key=lambda c: (min(_distance(m, preferred) for m in c), c))
    return out


# --- structures -------------------------------------------------------------------------


def _structures(s: _Search, coverage: list[int], schedule: Schedule | None,
                max_age: Any, robust: bool, runs: int) -> list[_Structure]:
    reqs = s.requirements
    out: list[_Structure] = []
    refused: list[Refusal] = []
    contexts: list[frozenset[Weekday] | None] = []
    if schedule is None or schedule.frequency is Frequency.DAILY:
        contexts.append(None)
    if _weekly_possible(s, coverage, schedule, runs):
        contexts.append(frozenset(schedule.days) if schedule and schedule.days
                        else _weekly_days(reqs, coverage))
    for weekly in contexts:
        per_req = []
        for i in coverage:
            found, why = servings_for(i, reqs[i], s.start, s.target, weekly, max_age)
            refused += why
            if robust:
                found = [f for f in found if f.primary] or found
            per_req.append(_pruned(found))
        if any(not f for f in per_req):
            continue
        for combo in itertools.product(*per_req):
            built = _merge(s, combo, weekly)
            if built is not None:
                out.append(built)
    if not out:
        raise _Infeasible(_coverage_message(s, coverage, refused, contexts))
    return out


def _weekly_possible(s: _Search, coverage: list[int], schedule: Schedule | None,
                     runs: int) -> bool:
    if schedule is not None:
        return schedule.frequency is Frequency.WEEKLY
    rpo = _rpo_minutes(s)
    if runs > 1 or (rpo is not None and rpo < 7 * 24 * 60):
        return False
    return all(s.requirements[i].every is not Every.DAY for i in coverage)


def _weekly_days(reqs: tuple[Requirement, ...], coverage: list[int]) -> frozenset[Weekday]:
    named: set[Weekday] = set()
    for i in coverage:
        r = reqs[i]
        if r.every is Every.WEEK:
            day = {"first": Weekday.MONDAY, "last": Weekday.SUNDAY}.get(str(r.day), r.day)
            if isinstance(day, Weekday):
                named.add(day)
    return frozenset(named) or frozenset({Weekday.SUNDAY})


def _standalone(sv: Serving) -> float:
    """Points one serving keeps alone: its rate times its duration (for pruning)."""
    placed = sum(1 for o in range(SAMPLE_DAYS) if sv.plan.holds(730_000 + o))
    return placed / SAMPLE_DAYS * sv.keep * _MEAN_DAYS[sv.plan.name]


def _pruned(found: list[Serving]) -> list[Serving]:
    """Drop servings that keep far more points alone than the cheapest one (a daily tier
    kept 84 months for a month-end): merged with other tiers they can cost nothing, so
    the margin is wide."""
    if not found:
        return found
    costs = [_standalone(f) for f in found]
    best = min(costs)
    return [f for f, c in zip(found, costs, strict=True) if c <= 10 * best + 100]


def _merge(s: _Search, combo: Sequence[Serving], weekly: frozenset[Weekday] | None
           ) -> _Structure | None:
    tiers: dict[TierName, tuple[TierPlan, int]] = {}
    serves: dict[TierName, list[int]] = {}
    for sv in combo:
        name = sv.plan.name
        if name in tiers:
            plan = tiers[name][0].merged(sv.plan)
            if plan is None:
                return None
            tiers[name] = (plan, max(tiers[name][1], sv.keep))
        else:
            tiers[name] = (sv.plan, sv.keep)
        serves.setdefault(name, []).append(sv.req)
    if weekly is None:
        frequency = Frequency.DAILY
        low = keep_bounds(s.target, "daily").low
        plan, keep = tiers.get("daily", (TierPlan("daily"), low))
        tiers["daily"] = (plan, max(keep, low))
        days: frozenset[Weekday] = frozenset()
    else:
        frequency = Frequency.WEEKLY
        days = frozenset().union(*(p.weekdays for p, _ in tiers.values()))
        if not days:
            days = frozenset({Weekday.SUNDAY})
        if "weekly" not in tiers:
            w = min(days, key=lambda d: -d.ordinal)
            tiers["weekly"] = (TierPlan("weekly", weekdays=frozenset({w})),
                               keep_bounds(s.target, "weekly").low)
    return _Structure(frequency, tiers, serves, days)


def _coverage_message(s: _Search, coverage: list[int], refused: list[Refusal],
                      contexts: list[frozenset[Weekday] | None]) -> str:
    for i in coverage:
        mine = [r for r in refused if r.req == i]
        if mine:
            why = "; ".join(dict.fromkeys(r.reason for r in mine))
            return (f"requirement {i + 1} ({describe(s.requirements[i])}) cannot be met: "
                    f"{why}")
    if contexts == [] or all(c is not None for c in contexts):
        return ("the schedule cannot serve these requirements: a weekly schedule cannot "
                "keep a given day of every month or every day")
    return "no combination of Azure's tiers serves every coverage requirement together"


# --- ranking ----------------------------------------------------------------------------


def _estimate(st: _Structure, runs: int, first: int) -> float:
    """Alive points in steady state: per age band, the rate of points kept that long."""
    sets: dict[TierName, frozenset[int]] = {}
    for name, (plan, _) in st.tiers.items():
        per_day = range(runs) if name == "daily" else range(1)
        sets[name] = frozenset(o * 4 + t for o in range(first, first + SAMPLE_DAYS)
                               if plan.holds(o) and _runs_on(st, o) for t in per_day)
    spans = sorted((k * _MEAN_DAYS[n], n) for n, (_, k) in st.tiers.items())
    total, prev = 0.0, 0.0
    for idx, (span, _) in enumerate(spans):
        union = frozenset().union(*(sets[n] for _, n in spans[idx:]))
        total += (span - prev) * len(union) / SAMPLE_DAYS
        prev = span
    return total


def _runs_on(st: _Structure, ordinal: int) -> bool:
    if st.frequency is Frequency.DAILY:
        return True
    weekday = date.fromordinal(ordinal).weekday()
    return any(w.ordinal == weekday for w in st.weekdays)


def _ranked(s: _Search, structures: list[_Structure], runs: int) -> list[_Structure]:
    first = s.start.toordinal()
    unique = {st.key(): st for st in structures}
    s.tell(f"ranking {len(unique)} tier combinations")
    return sorted(unique.values(), key=lambda st: (_estimate(st, runs, first),
                                                   len(st.tiers)))


# --- policies and verification ----------------------------------------------------------


def _policy(s: _Search, st: _Structure, times: tuple[int, ...], anchor: date) -> Policy:
    schedule: dict[str, object] = {"frequency": st.frequency.value,
                                   "times": [format_time(time_of(m)) for m in times]}
    if st.frequency is Frequency.WEEKLY:
        schedule["days"] = [w.value for w in sorted(st.weekdays, key=lambda w: w.ordinal)]
    data: dict[str, object] = {
        "name": s.name, "target": s.target.value, "timezone": s.timezone,
        "schedule": schedule, "clock": {"mode": "fixed-offset", "anchor": anchor},
        "retention": {n: st.tiers[n][0].data(st.tiers[n][1]) for n in TIER_NAMES
                      if n in st.tiers},
        "requirements": list(s.requirements),
    }
    if s.window is not None:
        data["window"] = s.window
    if s.data is not None:
        data["data"] = s.data
    return Policy.model_validate(data)


def _sort_key(s: _Search, policy: Policy, peak: int, st: _Structure, distance: int
              ) -> tuple[float, float, int, int]:
    storage = _peak_storage(policy, s.start) if s.data is not None else 0.0
    return (peak, storage or 0.0, len(st.tiers), distance)


_KEEP_NEEDED = re.compile(r"^(daily|weekly|monthly|yearly) (\d+) ")


def _verify(s: _Search, ranked: list[_Structure], options: list[tuple[int, ...]]
            ) -> tuple[Policy, int, _Structure, list[Alternative]]:
    preferred = options[0]
    anchors = anchors_of(s.start)
    heap: list[tuple[tuple[float, float, int, int], int, _Structure, int]] = []
    counter = itertools.count()
    for st in ranked[:_EXACT]:
        policy = _policy(s, st, preferred, s.start)
        peak = peak_alive(policy, s.start, s.tz)[0]
        heapq.heappush(heap, (_sort_key(s, policy, peak, st, 0), next(counter), st, 0))
    s.tell(f"checking the cheapest of {len(heap)} policies against the requirements")
    winners: list[tuple[Policy, int, _Structure]] = []
    limit = next(((i, r.max_points) for i, r in enumerate(s.requirements)
                  if r.max_points is not None), None)
    seen: set[str] = set()
    checks = 0
    last_failure = ""
    while heap and len(winners) < 3 and checks < _VERIFY:
        key, _, st, option = heapq.heappop(heap)
        times = options[option]
        if limit is not None and key[0] > limit[1]:
            if winners:
                break
            raise _Infeasible(
                f"requirement {limit[0] + 1} (at most {limit[1]:,} points alive) cannot be "
                f"met: the cheapest policy that meets the other requirements "
                f"({st.words()}) holds {int(key[0]):,} points at its peak")
        checks += 1
        failure, bump = _check_both(s, st, times, anchors)
        if failure is None:
            policy = _policy(s, st, times, s.start)
            words = st.words()
            if words not in seen:
                seen.add(words)
                winners.append((policy, int(key[0]), st))
            continue
        if winners:
            continue  # alternatives are not repaired
        last_failure = failure
        if bump is not None:
            name, keep = bump
            plan, old = st.tiers[name]
            if keep <= keep_bounds(s.target, name).high:
                tiers = dict(st.tiers)
                tiers[name] = (plan, max(keep, old + 1))
                nst = _Structure(st.frequency, tiers, st.serves, st.weekdays)
                policy = _policy(s, nst, times, s.start)
                peak = peak_alive(policy, s.start, s.tz)[0]
                heapq.heappush(heap, (_sort_key(s, policy, peak, nst, key[3]), next(counter),
                                      nst, option))
            continue
        if option + 1 < len(options):
            distance = min(_distance(m, preferred[0]) for m in options[option + 1])
            heapq.heappush(heap, ((*key[:3], distance), next(counter), st, option + 1))
    if not winners:
        raise _Infeasible(last_failure or "no policy within Azure's bounds meets every "
                          "requirement")
    policy, peak, best = winners[0]
    alternatives = [Alternative(st.words(), p, pol) for pol, p, st in winners[1:4]]
    return policy, peak, best, alternatives


def _check_both(s: _Search, st: _Structure, times: tuple[int, ...], anchors: tuple[date, ...]
                ) -> tuple[str | None, tuple[TierName, int] | None]:
    """``(None, None)`` when the policy meets every requirement for both anchors; else the
    first failure in words and, for an ``expired`` one, the tier keep it needs."""
    for anchor in anchors:
        report = check(_policy(s, st, times, anchor), s.start, s.end, s.tz)
        for v in report.verdicts:
            if v.met:
                continue
            for f in v.failures:
                if f.cause == "expired" and f.keep_needed:
                    match = _KEEP_NEEDED.match(f.keep_needed)
                    if match:
                        return f.message, (match[1], int(match[2]))  # type: ignore[return-value]
            detail = v.failures[0].message if v.failures else v.message
            return (f"{v.label} is not met (policy saved {anchor:%B %d}): {detail}", None)
    return None, None


def _words(policy: Policy) -> str:
    tiers = policy.retention.tiers()
    return " + ".join(f"{n} {tiers[n].keep}" for n in reversed(TIER_NAMES) if n in tiers)


def _peak_storage(policy: Policy, start: date) -> float:
    """The steady-state peak of the storage estimate (SPEC §12), the second criterion."""
    proj = project(policy, start, start + timedelta(days=1))
    report = storage_report(proj, proj.end)
    return 0.0 if report is None else report.peak_gb
