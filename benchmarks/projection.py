"""How fast is the projection engine? (run on demand: ``make bench``; not a test)

Issue 3's targets: three runs a day with all four tiers over 100 years (about 110,000 runs)
plus its peak alive in under 0.5 s and within 3x of the time plain Python needs just to
convert the same instants to local time with zoneinfo; a one-year window (what the designer
projects on every keystroke) in under 20 ms. Each figure is the best CPU time of several
rounds.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from timing import best, century_policy

from policy.engine.projection import project
from policy.model.zones import BUNDLED

START, YEARS = date(2026, 1, 1), 100




def main() -> None:
    end = date(START.year + YEARS, 1, 1)
    zone = BUNDLED.zone("Europe/Berlin")
    print(f"tzdata {BUNDLED.label}; Europe/Berlin, 3 runs a day, 4 tiers, {YEARS} years")
    for mode in ("fixed-offset", "wall-clock"):
        p = century_policy(mode)
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
