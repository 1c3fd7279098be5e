"""All findings about a valid policy: the static warnings plus those that need a projection.

The CLI and the TUI ask this module, so both report the same things. ``today`` is an
argument: the domain never reads the clock.
"""

from __future__ import annotations

from datetime import date

from policy.audit.requirements import check, default_end
from policy.audit.traps import trap_warnings
from policy.audit.verdicts import CheckReport
from policy.azure.machine import machine_findings
from policy.dst.drift import drift_warnings
from policy.engine.projection import point_limit_findings
from policy.model.errors import Problem
from policy.model.models import Policy
from policy.model.rules import static_warnings
from policy.model.zones import BUNDLED, TzData


def findings(policy: Policy, today: date, tz: TzData = BUNDLED,
             report: CheckReport | None = None) -> list[Problem]:
    """Errors and warnings of a structurally valid policy, errors first. ``report``: the
    requirements' ``check`` from ``today`` when the caller already has it."""
    found = list(static_warnings(policy))
    found.extend(machine_findings(policy))
    found.extend(drift_warnings(policy, today, tz))
    found.extend(point_limit_findings(policy, today, tz))
    found.extend(trap_warnings(policy, today, tz))
    found.extend(requirement_findings(policy, today, tz, report))
    del today, tz  # used by the projection-based checks
    return sorted(found, key=lambda p: p.severity != "error")


def requirement_findings(policy: Policy, today: date, tz: TzData = BUNDLED,
                         report: CheckReport | None = None) -> list[Problem]:
    """SPEC §9: each requirement that the policy does not meet from ``today`` on, as a
    warning at ``requirements[i]`` (``retention check`` gives the evidence). ``report``:
    that check (``check_window``) when already made."""
    if not policy.requirements:
        return []
    if report is None:
        report = check_window(policy, today, tz)
    found = []
    for v in report.verdicts:
        if v.met:
            continue
        if v.failures:
            detail = (f"{v.failures[0].message} ({len(v.failures)} of {v.periods} periods "
                      "fail; retention check shows them)")
        else:
            detail = v.message
        found.append(Problem(f"requirements[{v.index}]", f"not met: {v.label}: {detail}",
                             severity="warning"))
    return found


def check_window(policy: Policy, today: date, tz: TzData = BUNDLED) -> CheckReport:
    """The requirements checked from ``today`` (``retention check --from TODAY``): the
    window of ``retention validate``'s requirement warnings."""
    return check(policy, today, default_end(policy.requirements, today), tz)
