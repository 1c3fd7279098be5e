"""How fast is ``retention check``? (run on demand: ``python benchmarks/check.py``; not a test)

Issue 10's targets, in CPU time on the development machine: 10 years of a four-tier policy
with four requirements under 0.2 s, and 100 years of three runs a day under 1 s, each
including the projection (``check`` = ``project`` + the checker). Each figure is the best
of several rounds.
"""

from __future__ import annotations

from datetime import date

from timing import best

from policy.audit.requirements import check, check_projection
from policy.engine.projection import project
from policy.model.models import Policy
from policy.model.validation import build_policy

START = date(2026, 1, 1)
REQUIREMENTS = [
    {"every": "day", "for": "30 days"},
    {"every": "week", "day": "sunday", "for": "12 weeks"},
    {"every": "month", "day": "last", "for": "36 months", "grace": "1h"},
    {"rpo": "25h"},
]


def policy(times: list[str], mode: str) -> Policy:
    return build_policy({
        "name": "bench", "timezone": "Europe/Berlin",
        "schedule": {"frequency": "daily", "times": times},
        "clock": {"mode": mode, "anchor": "2026-01-15"},
        "retention": {
            "daily": {"keep": 30},
            "weekly": {"keep": 12, "days": ["sunday"]},
            "monthly": {"keep": 36, "days_of_month": ["last"]},
            "yearly": {"keep": 10, "months": ["december"], "days_of_month": ["last"]},
        },
        "requirements": REQUIREMENTS,
    })



def main() -> None:
    cases = [("four tiers, 23:30, 10 years", ["23:30"], 10, 0.2),
             ("three runs a day, 100 years", ["01:00", "09:00", "23:30"], 100, 1.0)]
    print(f"Europe/Berlin, {len(REQUIREMENTS)} requirements (day, Sunday, month-end, rpo)")
    for mode in ("fixed-offset", "wall-clock"):
        for title, times, years, target in cases:
            p = policy(times, mode)
            end = date(START.year + years, 1, 1)
            check(p, START, end)  # warm the zone caches
            proj = project(p, START, end)
            total = best(lambda: check(p, START, end))  # noqa: B023
            checker = best(lambda: check_projection(proj))  # noqa: B023
            report = check(p, START, end)
            periods = sum(v.periods for v in report.verdicts)
            print(f"{mode:>12}, {title}: {len(proj.rows):,} runs, {periods:,} due periods")
            print(f"    project + check {total * 1000:7.1f} ms (target < {target * 1000:.0f} ms);"
                  f" the checker alone {checker * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
