"""How long does ``retention diff`` take on the heaviest policies? (on demand; not a test)

The designer will call ``diff_policies`` before a save, so it must stay interactive. The
worst case is a 99-year yearly tier with three runs a day: OLD is projected from 99 years
before the change to ~100 years after it (the peak window), NEW for the ~100 years after.
Figures are the best wall time of several rounds, for the core and for the whole report.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from policy.audit.diff import diff_policies
from policy.audit.diff_effects import storage_change, vault_change
from policy.model.validation import build_policy

APPLIED = datetime(2026, 3, 1, 12, tzinfo=UTC)


def policy(daily: int, yearly: int, mode: str) -> object:
    return build_policy({
        "name": "bench", "timezone": "Europe/Berlin",
        "schedule": {"frequency": "daily", "times": ["01:00", "09:00", "23:30"]},
        "clock": {"mode": mode, "anchor": "2026-01-15"},
        "retention": {
            "daily": {"keep": daily},
            "weekly": {"keep": 52, "days": ["sunday"]},
            "monthly": {"keep": 120, "days_of_month": [1, "last"]},
            "yearly": {"keep": yearly, "months": ["december"], "days_of_month": ["last"]},
        },
    })


def best(fn: object, rounds: int = 3) -> float:
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    for mode in ("fixed-offset", "wall-clock"):
        for yearly in (10, 99):
            old, new = policy(30, yearly, mode), policy(14, yearly, mode)

            def core(old: object = old, new: object = new) -> None:
                diff_policies(old, new, APPLIED)  # type: ignore[arg-type]

            def whole(old: object = old, new: object = new) -> None:
                report = diff_policies(old, new, APPLIED)  # type: ignore[arg-type]
                storage_change(report, vault_change(report))

            print(f"{mode:>12}, yearly {yearly:>2}: diff_policies {best(core):.3f} s, "
                  f"with peaks and storage {best(whole):.3f} s")


if __name__ == "__main__":
    main()
