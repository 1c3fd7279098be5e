"""Write a Policy as the Azure Backup REST request body (PUT …/backupPolicies/{name}).

Exact enum casing (``Daily``, ``Sunday``, ``Months``), times in Azure's DateTime
convention, ``timeZone`` only for ``AzureIaasVM`` and then as a Windows ID (the policy's
own if it is one, so an imported ``timeZone`` comes back unchanged). Everything the body
cannot hold is named in ``notes``, never dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tzlocal.windows_tz import tz_win

from policy.azure.vocabulary import (
    DURATION_TYPE,
    MANAGEMENT_TYPE,
    NOT_CARRIED,
    REFERENCE_DATE,
    SCHEDULE_KEY,
    AzureError,
    format_time,
    pascal,
)
from policy.model import zones
from policy.model.models import Frequency, Policy, Target, TierName, YearlyTier, _Placed
from policy.model.rules import effective_times


@dataclass
class Exported:
    """The request body and the notes about what it leaves out."""

    body: dict[str, Any]
    notes: list[str] = field(default_factory=list)


def export_policy(policy: Policy) -> Exported:
    """The REST body of a policy; raises ``AzureError`` for a zone with no Windows ID."""
    notes = [f"name: {policy.name!r} goes in the request URL "
             f"(PUT …/backupPolicies/{policy.name}), not in the body"]
    day = policy.clock.anchor or REFERENCE_DATE
    props: dict[str, Any] = {"backupManagementType": MANAGEMENT_TYPE[policy.target]}
    if policy.target is Target.AZURE_VM:
        props["timeZone"] = windows_zone(policy, notes)
    else:
        notes.append(f"timezone: a MAB policy has no timeZone; the MARS agent runs the times "
                     f"on the server's clock, so set the server to {policy.zone_name}")
    props["schedulePolicy"] = _schedule(policy, day)
    props["retentionPolicy"] = _retention(policy, day)
    notes.extend(_not_carried(policy))
    return Exported({"properties": props}, notes)


def windows_zone(policy: Policy, notes: list[str]) -> str:
    """The Windows time zone ID for ``timeZone``: the policy's own, or its CLDR mapping."""
    if zones.is_windows_id(policy.timezone):
        return policy.timezone
    iana = policy.zone_name
    win = zones.IANA_TO_WINDOWS.get(iana) or tz_win.get(iana)
    if win is None:
        raise AzureError("timezone", f"{policy.timezone} has no Windows time zone ID, and "
                         "Azure's timeZone takes Windows IDs; use a zone with one")
    back = zones.resolve_name(win)
    also = "" if back == iana else f", which CLDR maps back to {back}"
    notes.append(f"timezone: {policy.timezone} written as the Windows ID {win!r}{also}")
    return win


def _schedule(policy: Policy, day: date) -> dict[str, Any]:
    sched = policy.schedule
    out: dict[str, Any] = {"schedulePolicyType": "SimpleSchedulePolicy",
                           "scheduleRunFrequency": pascal(sched.frequency.value)}
    if sched.frequency is Frequency.WEEKLY and sched.days is not None:
        out["scheduleRunDays"] = [pascal(d.value) for d in sched.days]
    out["scheduleRunTimes"] = [format_time(day, t) for t in sched.times]
    weekly = sched.frequency is Frequency.WEEKLY
    out["scheduleWeeklyFrequency"] = sched.weeks_interval if weekly else 0
    return out


def _retention(policy: Policy, day: date) -> dict[str, Any]:
    out: dict[str, Any] = {"retentionPolicyType": "LongTermRetentionPolicy"}
    for name, tier in policy.retention.tiers().items():
        block: dict[str, Any] = {}
        if name == "weekly":
            block["daysOfTheWeek"] = [pascal(d.value) for d in tier.days]  # type: ignore[attr-defined]
        if isinstance(tier, _Placed):
            block.update(_placement(tier))
        block["retentionTimes"] = [format_time(day, t) for t in effective_times(policy, name)]
        block["retentionDuration"] = _duration(name, tier.keep)
        out[SCHEDULE_KEY[name]] = block
    return out


def _placement(tier: _Placed) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if tier.days_of_month is not None:
        out["retentionScheduleFormatType"] = "Daily"
    else:
        out["retentionScheduleFormatType"] = "Weekly"
    if isinstance(tier, YearlyTier):
        out["monthsOfYear"] = [pascal(m.value) for m in tier.months]
    if tier.days_of_month is not None:
        out["retentionScheduleDaily"] = {"daysOfTheMonth": [
            {"date": 0, "isLast": True} if d == "last" else {"date": d, "isLast": False}
            for d in tier.days_of_month]}
    else:
        out["retentionScheduleWeekly"] = {
            "daysOfTheWeek": [pascal(d.value) for d in tier.weekdays or ()],
            "weeksOfTheMonth": [pascal(w.value) for w in tier.weeks or ()]}
    return out


def _duration(name: TierName, keep: int) -> dict[str, Any]:
    return {"count": keep, "durationType": DURATION_TYPE[name]}


def _not_carried(policy: Policy) -> list[str]:
    notes = []
    for name, why in NOT_CARRIED.items():
        if name in policy.model_fields_set and getattr(policy, name) is not None:
            notes.append(f"{name}: not in the Azure body ({why})")
    if "combine" in policy.retention.model_fields_set:
        notes.append(f"retention.combine: not in the Azure body ({policy.retention.combine.value}"
                     "; Azure does not document how overlapping tiers combine)")
    return notes
