"""Time ``retention suggest`` on the classic set (target: under 2 s).

Run: ``python benchmarks/suggest.py``; prints seconds per suggestion and the result.
"""

from __future__ import annotations

import time
from datetime import date

from policy.audit.suggest import suggest
from policy.model.requirements import Requirement

CLASSIC = [Requirement.model_validate(r) for r in (
    {"every": "day", "for": "30 days"}, {"every": "week", "day": "sunday", "for": "12 weeks"},
    {"every": "month", "day": "last", "for": "84 months"},
    {"every": "year", "day": "last", "for": "7 years"})]


def main() -> None:
    for zone in ("Europe/Berlin", "America/New_York", "Australia/Sydney"):
        began = time.perf_counter()
        result = suggest(CLASSIC, zone, start=date(2026, 1, 1))
        took = time.perf_counter() - began
        print(f"{zone:20} {took:5.2f} s  {result.words} peak {result.peak}")


if __name__ == "__main__":
    main()
