"""How fast is the storage estimate? (run on demand: ``make bench``; not a test)

Issue 13's target: the storage model of SPEC §12 over a century of three runs a day (about
110,000 points, 220,000 events) in under 0.5 s, on top of the projection it reads. Printed:
the incremental sweep alone, the whole ``storage_report`` (sweep, peak window, monthly
series, GB-months) on a projection whose rows exist already, and the from-scratch
recomputation at one instant (what ``retention diff`` calls) for comparison. Each figure is
the best CPU time of several rounds.
"""

from __future__ import annotations

from datetime import date

from timing import best, century_policy

from policy.engine.offsets import seconds_of
from policy.engine.projection import project
from policy.engine.storage import ChangeModel, held_gb, points_of, timeline
from policy.engine.storage_report import storage_report

START, YEARS = date(2026, 1, 1), 100
DATA = {"size_gb": 800, "daily_change_percent": 2, "yearly_growth_percent": 10,
        "compression_percent": 35}




def main() -> None:
    end = date(START.year + YEARS, 1, 1)
    print(f"Europe/Berlin, 3 runs a day, 4 tiers, {YEARS} years, growth 10 %/y")
    for mode in ("fixed-offset", "wall-clock"):
        p = century_policy(mode, data=DATA)
        assert p.data is not None
        proj = project(p, START, end)
        start = seconds_of(proj.start)
        points = points_of(proj.rows, p.data, start)
        model = ChangeModel.of(p.data)
        sweep = best(lambda: timeline(points, model))  # noqa: B023
        report = best(lambda: storage_report(proj, proj.end))  # noqa: B023
        whole = best(lambda: storage_report(
            (q := project(p, START, end)), q.end), rounds=3)  # noqa: B023
        mid = seconds_of(proj.end) // 2 + start // 2
        scratch = best(lambda: held_gb(points, mid, model))  # noqa: B023
        figures = storage_report(proj, proj.end)
        assert figures is not None
        print(f"\n{mode}: {len(points):,} points; peak {figures.peak_gb:,.0f} GB "
              f"on {figures.peak_at:%Y-%m-%d}")
        print(f"  incremental sweep ({len(points) * 2:,} events):  {sweep * 1000:7.1f} ms"
              "  (target < 500 ms)")
        print(f"  storage_report (sweep, peak, series):    {report * 1000:7.1f} ms")
        print(f"  project + storage_report, 100 years:     {whole * 1000:7.1f} ms")
        print(f"  held_gb from scratch at one instant:     {scratch * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
