"""Write a Policy as the Azure Backup REST request body (PUT …/backupPolicies/{name}).

Exact enum casing (``Daily``, ``Sunday``, ``Months``), times in Azure's DateTime
convention, ``timeZone`` only for ``AzureIaasVM`` and then as a Windows ID (the policy's
own if it is one, so an imported ``timeZone`` comes back unchanged). Everything the body
cannot hold is named in ``notes``, never dropped silently.

An enhanced policy (``policy_type: enhanced``) is a ``SimpleSchedulePolicyV2`` with
``policyType`` V2: its runs go in ``hourlySchedule`` {interval, scheduleWindowStartTime,
scheduleWindowDuration}, ``dailySchedule`` or ``weeklySchedule`` (bms.json), never as a
list of run times. ``instant_restore_days`` is ``instantRpRetentionRangeInDays`` and
``tiering`` the ``ArchivedRP`` rule of ``tieringPolicy`` (TierAfter / TierRecommended).

A policy with an ``azure:`` section (an imported one) gets that section back verbatim: the
documented fields (snapshot resource group, consistency, DoNotTier rules), whether the body
stated ``policyType``, ``scheduleWeeklyFrequency`` and ``timeZone`` exactly as the body had
them, each DateTime's text, and every ``extra`` field where the policy itself does not set
that path (``policy.azure.body_extras``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from tzlocal.windows_tz import tz_win

from policy.azure.body_extras import merge_extras, typed_properties
from policy.azure.fidelity import ARCHIVED
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
from policy.model.models import (
    Frequency,
    Policy,
    PolicyType,
    Target,
    TierName,
    YearlyTier,
    _Placed,
)
from policy.model.rules import effective_times


@dataclass
class Exported:
    """The request body and the notes about what it leaves out."""

    body: dict[str, Any]
    notes: list[str] = field(default_factory=list)


def export_policy(policy: Policy) -> Exported:
    """The REST body of a policy; raises ``AzureError`` for a zone with no Windows ID."""
    section = policy.azure
    if policy.target is Target.AZURE_VM:
        notes = [f"name: {policy.name!r} goes in the request URL "
                 f"(PUT …/backupPolicies/{policy.name}), not in the body"]
    else:
        notes = [MAB_NOTE]
    form = _DateTimes(policy)
    props: dict[str, Any] = {"backupManagementType": MANAGEMENT_TYPE[policy.target]}
    if policy.target is Target.AZURE_VM:
        if section is None or not section.omit_time_zone:
            props["timeZone"] = windows_zone(policy, notes)
    else:
        notes.append(f"timezone: a MAB policy has no timeZone; the MARS agent runs the times "
                     f"on the server's clock, so set the server to {policy.zone_name}")
    props["schedulePolicy"] = _schedule(policy, form)
    props["retentionPolicy"] = _retention(policy, form)
    props.update(vm_properties(policy))
    body: dict[str, Any] = {"properties": props}
    if section is not None:
        typed = typed_properties(section)
        if "tieringPolicy" in typed and "tieringPolicy" in props:  # DoNotTier + ArchivedRP
            typed["tieringPolicy"] = {**typed["tieringPolicy"], **props["tieringPolicy"]}
        props.update(typed)
        notes.extend(merge_extras(body, section))
    notes.extend(_not_carried(policy))
    return Exported(body, notes)


def vm_properties(policy: Policy) -> dict[str, Any]:
    """``policyType``, ``instantRpRetentionRangeInDays`` and the archive rule of
    ``tieringPolicy`` from the policy's own fields (AzureIaasVM only)."""
    out: dict[str, Any] = {}
    if policy.target is not Target.AZURE_VM:
        return out
    enhanced = policy.policy_type is PolicyType.ENHANCED
    written = policy.azure.write_policy_type if policy.azure is not None else None
    if written or (written is None and enhanced):
        out["policyType"] = "V2" if enhanced else "V1"
    if policy.instant_restore_days is not None:
        out["instantRpRetentionRangeInDays"] = policy.instant_restore_days
    tiering = policy.tiering
    if tiering is not None:
        if tiering.recommended:
            rule: dict[str, Any] = {"tieringMode": "TierRecommended"}
            kept = policy.azure.archive_rule if policy.azure is not None else None
            if kept is not None:
                rule.update({k: v for k, v in (("duration", kept.duration),
                                               ("durationType", kept.duration_type))
                             if v is not None})
        else:
            rule = {"tieringMode": "TierAfter", "duration": tiering.tier_after,
                    "durationType": pascal(tiering.unit.value)}
        out["tieringPolicy"] = {ARCHIVED: rule}
    return out


#: How MARS policies are set: not over ARM (research S9, S10; azure-cli's policy commands
#: allow only AzureIaasVM, AzureStorage and AzureWorkload).
MAB_NOTE = ("this MAB body is the vault's read-only copy of a MARS policy: MARS policies are "
            "set on the protected server, in the MARS console or with the MSOnlineBackup "
            "cmdlets (`retention export powershell`), not with a PUT to backupPolicies "
            "(\"Managing the backup policy for MARS is done through the MARS console and not "
            "through the portal\", backup-azure-manage-mars.md)")


class _DateTimes:
    """Writes times in the body's own DateTime form (``azure.datetimes``) or the default;
    a DateTime the body wrote otherwise (``exact``) comes back as it was, by JSON path."""

    def __init__(self, policy: Policy) -> None:
        form = policy.azure.datetimes if policy.azure is not None else None
        self.day: date | str | None = (form.date if form else
                                       policy.clock.anchor or REFERENCE_DATE)
        self.suffix = form.suffix if form else ":00Z"
        self.exact = form.exact if form else {}

    def __call__(self, value: time, path: str) -> str:
        kept = self.exact.get(path)
        if kept is not None and kept.stands_for == f"{value.hour:02d}:{value.minute:02d}":
            return kept.text
        return format_time(self.day, value, self.suffix)


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


_SCHEDULE = "properties.schedulePolicy"
_RETENTION = "properties.retentionPolicy"


def _schedule(policy: Policy, day: _DateTimes) -> dict[str, Any]:
    sched = policy.schedule
    if policy.target is Target.AZURE_VM and policy.policy_type is PolicyType.ENHANCED:
        return _schedule_v2(policy, day)
    out: dict[str, Any] = {"schedulePolicyType": "SimpleSchedulePolicy",
                           "scheduleRunFrequency": pascal(sched.frequency.value)}
    if sched.frequency is Frequency.WEEKLY and sched.days is not None:
        out["scheduleRunDays"] = [pascal(d.value) for d in sched.days]
    out["scheduleRunTimes"] = [day(t, f"{_SCHEDULE}.scheduleRunTimes[{i}]")
                               for i, t in enumerate(sched.times)]
    weekly = sched.frequency is Frequency.WEEKLY
    if policy.azure is None:
        out["scheduleWeeklyFrequency"] = sched.weeks_interval if weekly else 0
    elif sched.weeks_interval > 1:
        out["scheduleWeeklyFrequency"] = sched.weeks_interval
    elif policy.azure.schedule_weekly_frequency is not None:
        out["scheduleWeeklyFrequency"] = policy.azure.schedule_weekly_frequency
    return out


def _schedule_v2(policy: Policy, day: _DateTimes) -> dict[str, Any]:
    """``SimpleSchedulePolicyV2``: the runs in the sub-object of the frequency (bms.json)."""
    sched = policy.schedule
    out: dict[str, Any] = {"schedulePolicyType": "SimpleSchedulePolicyV2",
                           "scheduleRunFrequency": pascal(sched.frequency.value)}
    if sched.frequency is Frequency.HOURLY:
        assert sched.window_start is not None  # a valid hourly schedule has its window
        path = f"{_SCHEDULE}.hourlySchedule.scheduleWindowStartTime"
        out["hourlySchedule"] = {"interval": sched.every_hours,
                                 "scheduleWindowDuration": sched.window_hours,
                                 "scheduleWindowStartTime": day(sched.window_start, path)}
        return out
    key = "dailySchedule" if sched.frequency is Frequency.DAILY else "weeklySchedule"
    runs: dict[str, Any] = {}
    if sched.frequency is Frequency.WEEKLY and sched.days is not None:
        runs["scheduleRunDays"] = [pascal(d.value) for d in sched.days]
    runs["scheduleRunTimes"] = [day(t, f"{_SCHEDULE}.{key}.scheduleRunTimes[{i}]")
                                for i, t in enumerate(sched.times)]
    out[key] = runs
    return out


def _retention(policy: Policy, day: _DateTimes) -> dict[str, Any]:
    out: dict[str, Any] = {"retentionPolicyType": "LongTermRetentionPolicy"}
    for name, tier in policy.retention.tiers().items():
        block: dict[str, Any] = {}
        if name == "weekly":
            block["daysOfTheWeek"] = [pascal(d.value) for d in tier.days]  # type: ignore[attr-defined]
        if isinstance(tier, _Placed):
            block.update(_placement(tier))
        path = f"{_RETENTION}.{SCHEDULE_KEY[name]}.retentionTimes"
        block["retentionTimes"] = [day(t, f"{path}[{i}]")
                                   for i, t in enumerate(effective_times(policy, name))]
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
