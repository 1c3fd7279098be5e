"""What the benchmark scripts share: the best-of-N CPU timer and the century policy.

CPU time, so other processes on this 2-core machine do not blur a comparison; the best
round, so the garbage collector does not. The policy is the one every figure in README
is measured on: Europe/Berlin, three runs a day, four tiers.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from policy.model.models import Policy
from policy.model.validation import build_policy


def best(fn: Callable[[], object], rounds: int = 5) -> float:
    """Best CPU time of ``rounds`` calls of ``fn``, in seconds."""
    times = []
    for _ in range(rounds):
        began = time.process_time()
        fn()
        times.append(time.process_time() - began)
    return min(times)


def century_policy(mode: str, times: tuple[str, ...] = ("01:00", "09:00", "23:30"),
                   **extra: Any) -> Policy:
    """The benchmark policy in clock ``mode``, with extra top-level fields."""
    return build_policy({
        "name": "bench", "timezone": "Europe/Berlin",
        "schedule": {"frequency": "daily", "times": list(times)},
        "clock": {"mode": mode, "anchor": "2026-01-15"},
        "retention": {
            "daily": {"keep": 30},
            "weekly": {"keep": 52, "days": ["sunday"]},
            "monthly": {"keep": 60, "days_of_month": [1, "last"]},
            "yearly": {"keep": 10, "months": ["december"], "days_of_month": ["last"]},
        },
        **extra,
    })
