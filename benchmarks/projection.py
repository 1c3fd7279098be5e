"""How fast is the projection engine? (run on demand: ``make bench``; not a test)

Issue 3's targets: three runs a day with all four tiers over 100 years (about 110,000 runs)
plus its peak alive in under 0.5 s and within 3x of the time plain Python needs just to
convert the same instants to local time with zoneinfo; a one-year window (what the designer
projects on every keystroke) in under 20 ms. Each figure is the best CPU time of several
rounds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from policy.engine.projection import project
from policy.model.validation import build_policy
from policy.model.zones import BUNDLED

START, YEARS = date(2026, 1, 1), 100


def policy(mode: str) -> object:
    return build_policy({
        "name": "bench", "timezone": "Europe/Berlin",
        "schedule": {"frequency": "daily", "times": ["01:00", "09:00", "23:30"]},
        "clock": {"mode": mode, "anchor": "2026-01-15"},
        "retention": {
            "daily": {"keep": 30},
            "weekly": {"keep": 52, "days": ["sunday"]},
            "monthly": {"keep": 60, "days_of_month": [1, "last"]},
            "yearly": {"keep": 10, "months": ["december"], "days_of_month": ["last"]},
        },
    })


def best(fn: Callable[[], object], rounds: int = 7) -> float:
    """Best CPU time of ``rounds`` calls: CPU time, so other processes on this 2-core
    machine do not blur the comparison; the best round, so the garbage collector does not."""
    times = []
    for _ in range(rounds):
        began = time.process_time()
        fn()
        times.append(time.process_time() - began)
    return min(times)


def main() -> None:
    end = date(START.year + YEARS, 1, 1)
    zone = BUNDLED.zone("Europe/Berlin")
    print(f"tzdata {BUNDLED.label}; Europe/Berlin, 3 runs a day, 4 tiers, {YEARS} years")
    for mode in ("fixed-offset", "wall-clock"):
        p = policy(mode)
        proj = project(p, START, end)  # warm the zone caches
        n = len(proj.rows)
        epoch = datetime(1970, 1, 1, tzinfo=UTC)
        instants = [epoch + timedelta(seconds=r[0]) for r in proj.rows]
        baseline = best(lambda: [i.astimezone(zone) for i in instants])  # noqa: B023
        engine = best(lambda: project(p, START, end).peak_alive)  # noqa: B023
        one_year = best(lambda: project(p, START, date(2027, 1, 1)), rounds=20)  # noqa: B023
        with_peak = best(lambda: project(p, START, date(2027, 1, 1)).peak_alive,  # noqa: B023
                         rounds=10)
        runs = best(lambda: project(p, START, end).runs, rounds=2)  # noqa: B023
        print(f"\n{mode}: {n:,} runs, peak alive {proj.peak_alive:,}")
        print(f"  zoneinfo baseline (astimezone of {n:,} instants): {baseline * 1000:7.1f} ms")
        print(f"  project 100 years + peak alive:                 {engine * 1000:7.1f} ms"
              f"  = {engine / baseline:.2f}x baseline (target < 0.5 s and < 3x)")
        print(f"  ... and build all {n:,} Run objects:           {runs * 1000:7.1f} ms")
        print(f"  project one year:                               {one_year * 1000:7.1f} ms"
              "  (target < 20 ms)")
        print(f"  project one year + its peak alive (11 years):   {with_peak * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
