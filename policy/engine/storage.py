"""A rough storage estimate for a policy with ``data`` (SPEC §2): an estimate, labelled so.

Model: the first backup is a full copy of ``size_gb``; every later point alive holds the
data changed since the run before it, i.e. one day's change spread over the day's runs.
Compression, deduplication and the real change pattern are ignored on purpose: the figure
is for comparing policies, not for a bill.
"""

from __future__ import annotations

from policy.model.models import Frequency, Policy


def estimate_gb(policy: Policy, alive: int) -> float | None:
    """Estimated GB held by ``alive`` points (``None`` when the policy has no ``data``)."""
    if policy.data is None:
        return None
    if alive == 0:
        return 0.0
    daily_change = policy.data.size_gb * policy.data.daily_change_percent / 100
    sched = policy.schedule
    if sched.frequency is Frequency.HOURLY:  # one vault point a day; snapshots stay on disk
        per_run = daily_change
    elif sched.frequency is Frequency.DAILY:
        per_run = daily_change / len(sched.times)
    else:  # runs spread over the week (and every Nth week)
        runs_a_week = len(sched.days or ()) * len(sched.times)
        per_run = daily_change * 7 * sched.weeks_interval / max(runs_a_week, 1)
    return policy.data.size_gb + (alive - 1) * per_run
