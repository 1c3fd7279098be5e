"""All findings about a valid policy: the static warnings plus those that need a projection.

The CLI and the TUI ask this module, so both report the same things. ``today`` is an
argument: the domain never reads the clock.
"""

from __future__ import annotations

from datetime import date

from policy.drift import drift_warnings
from policy.errors import Problem
from policy.machine import machine_findings
from policy.models import Policy
from policy.projection import point_limit_findings
from policy.rules import static_warnings
from policy.zones import BUNDLED, TzData


def findings(policy: Policy, today: date, tz: TzData = BUNDLED) -> list[Problem]:
    """Errors and warnings of a structurally valid policy, errors first."""
    found = list(static_warnings(policy))
    found.extend(machine_findings(policy))
    found.extend(drift_warnings(policy, today, tz))
    found.extend(point_limit_findings(policy, today, tz))
    del today, tz  # used by the projection-based checks
    return sorted(found, key=lambda p: p.severity != "error")
