"""The dated re-anchor steps of a MARS script (SPEC §6), run with ``-Reanchor``.

MARS freezes the UTC offset in force when the schedule is saved (research §5), so on each
date after a DST change the script saves the same schedule again and the new offset is the
one frozen. It keeps the retention the server has: re-saving the script's own would wipe
tiers set in the MARS console. A wall-clock policy gets the steps of its fixed-offset
equivalent, because that is how MARS runs it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from policy.dst.transitions import format_offset
from policy.model.models import ClockMode, Policy


class Step(Protocol):
    """One step of the DST re-anchor plan (``policy.dst.drift.reanchor_plan``)."""

    @property
    def date(self) -> date: ...

    @property
    def offset(self) -> timedelta: ...


@dataclass
class Plan:
    steps: Sequence[Step]
    start: date
    end: date
    tzdata: str


def offset_text(offset: timedelta) -> str:
    """``+02:00`` for two hours east of UTC, as PowerShell's ``Get-Date -Format zzz``
    (whole minutes: an LMT offset such as ``-00:44:30`` is written ``-00:44``)."""
    return format_offset(offset)[:6]


def reanchor_block(policy: Policy, plan: Plan) -> list[str]:
    head = (f"# DST re-anchor plan for {policy.zone_name}, {plan.start} to {plan.end}, end "
            f"excluded (tzdata {plan.tzdata}).")
    if not plan.steps:
        return [head, "# Nothing to re-anchor: no offset change in this period.", ""]
    lines = [head,
             "# Azure Backup freezes the UTC offset in force when the schedule is saved. On",
             "# each date below, after the clock change, run this script with -Reanchor: it",
             "# saves the same schedule again, so the new offset is the one frozen.",
             ]
    if policy.clock.mode is ClockMode.WALL_CLOCK:
        lines += ["# (clock.mode wall-clock: these are the steps of its fixed-offset "
                  "equivalent, which", "# keep the times on the zone's clock.)"]
    for i, step in enumerate(plan.steps, 1):
        lines.append(f"#   Step {i}: {step.date.isoformat()}, after the change to "
                     f"UTC{offset_text(step.offset)}")
    lines.append("$ReanchorSteps = [ordered]@{")
    lines += [f"    '{s.date.isoformat()}' = '{offset_text(s.offset)}'" for s in plan.steps]
    lines += [
        "}",
        "if ($Reanchor) {",
        "    $today = Get-Date -Format 'yyyy-MM-dd'",
        "    $offset = Get-Date -Format 'zzz'",
        "    if (-not $ReanchorSteps.Contains($today)) {",
        "        Write-Warning \"No re-anchor step is planned for $today.\"",
        "        exit 1",
        "    }",
        "    if ($offset -ne $ReanchorSteps[$today]) {",
        "        Write-Warning \"The clock is at UTC$offset, the step expects "
        "UTC$($ReanchorSteps[$today]): run again after the change.\"",
        "        exit 1",
        "    }",
        "    $policy = Get-OBPolicy",
        "    Set-OBSchedule -Policy $policy -Schedule $schedule",
        "    # Save the retention the server has again (it may hold tiers set in the console).",
        "    $kept = Get-OBRetentionPolicy -Policy $policy",
        "    Set-OBRetentionPolicy -Policy $policy -RetentionPolicy $kept",
        "    Set-OBPolicy -Policy $policy -Confirm:$false",
        "    Write-Host \"Re-anchored: the schedule is saved at UTC$offset.\"",
        "    exit 0",
        "}",
        "",
    ]
    return lines
