"""The guard of a MARS script that cannot set a tier's "last day of the month".

MSOnlineBackup's ``-MonthDaysOfMonth`` and ``-YearDaysOfMonth`` take ``List<Int32>`` day
numbers; no reference page, Microsoft sample or public script shows a value that means the
month's last day (research/azure-policy.md §2.3, §4). Leaving the point out is not harmless:
``Set-OBRetentionPolicy`` replaces the server's whole retention policy, and MARS prunes the
recovery points a shorter retention no longer keeps (§2.5). So a script with such a point
stops before changing anything unless it is run with ``-WithoutLastDayTiers``, and after
applying it tells the operator, at run time, what to add in the MARS console.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from policy.model.models import TierName, YearlyTier, _Placed, format_time

SWITCH = "WithoutLastDayTiers"
_UNITS = {"monthly": "months", "yearly": "years"}


@dataclass(frozen=True)
class LastDay:
    """A monthly or yearly tier whose last-day-of-month point the cmdlets cannot set."""

    name: TierName
    tier: _Placed
    times: tuple[time, ...]

    def describe(self) -> str:
        """``monthly: the last day of the month at 23:30, kept 36 months``."""
        where = "the month"
        if isinstance(self.tier, YearlyTier):
            where = " and ".join(m.value.capitalize() for m in self.tier.months)
        at = ", ".join(format_time(t) for t in self.times)
        return (f"{self.name}: the last day of {where} at {at}, kept {self.tier.keep} "
                f"{_UNITS[self.name]}")

    def warning(self, prefix: str) -> str:
        """The stderr warning and ``# NOT SET`` comment for this tier."""
        return (f"the {self.name} point on the last day of the month: -{prefix}DaysOfMonth "
                "takes day numbers 1-28 and MSOnlineBackup documents no value for the last "
                f"day; the script stops unless run with -{SWITCH}, then add it in the MARS "
                "console (Schedule Backup wizard)")


def param_block(reanchor: bool, last_day: bool) -> list[str]:
    """The script's ``param(...)`` block, or nothing when it takes no switch."""
    params: list[str] = []
    if reanchor:
        params.append("    # Run on each date of the re-anchor plan below, after the clock "
                      "change.\n    [switch]$Reanchor")
    if last_day:
        params.append("    # Apply what the cmdlets can set and leave the last-day points to "
                      f"the MARS console.\n    [switch]${SWITCH}")
    if not params:
        return []
    return ["param(", *",\n".join(params).split("\n"), ")", ""]


def guard(unset: list[LastDay]) -> list[str]:
    """Stop before any change unless the operator accepts the missing last-day points."""
    if not unset:
        return []
    what = "; ".join(u.describe() for u in unset)
    stop = (f"Nothing changed. MSOnlineBackup cannot set: {what}. Run again with -{SWITCH}, "
            "then set those in the MARS console.")
    return [
        "# Applying this replaces the server's retention policy, and MARS prunes the recovery",
        "# points it no longer keeps. Points on the month's last day cannot be set by these",
        f"# cmdlets (NOT SET above): run with -{SWITCH} only if you set them in the MARS",
        "# console (Schedule Backup wizard) right after.",
        f"if (-not ${SWITCH}) {{",
        f"    throw {_quote(stop)}",
        "}",
        "",
    ]


def reminder(unset: list[LastDay]) -> list[str]:
    """A run-time warning after applying: what is still to set in the console."""
    return [f"Write-Warning {_quote(f'Set in the MARS console now: {u.describe()}.')}"
            for u in unset]


def _quote(text: str) -> str:
    """A PowerShell single-quoted string (no expansion; ``'`` doubled)."""
    return "'" + text.replace("'", "''") + "'"
