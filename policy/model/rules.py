"""Validation rules that involve several fields or the target's bounds (SPEC §3).

Each rule returns ``Problem``s naming the field path, the bad value and what is allowed.
Field-level rules (types, formats, enums) are in ``policy.model.models``; the 9,999-point limit
and the drift warning need a projection and live with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import time
from typing import TYPE_CHECKING

from policy.model.enhanced import enhanced_errors
from policy.model.errors import Problem
from policy.model.values import ClockMode, Frequency, Target, TierName, Weekday, format_time

if TYPE_CHECKING:
    from policy.model.models import Policy, _Tier

#: Azure Backup's retention bounds per target and tier (SPEC §3).
KEEP_BOUNDS: dict[Target, dict[TierName, tuple[int, int]]] = {
    Target.MARS: {"daily": (7, 9999), "weekly": (4, 5163), "monthly": (3, 1188),
                  "yearly": (1, 99)},
    Target.AZURE_VM: {"daily": (7, 9999), "weekly": (1, 5163), "monthly": (1, 1188),
                      "yearly": (1, 99)},
}
UNITS: dict[TierName, str] = {"daily": "days", "weekly": "weeks", "monthly": "months",
                              "yearly": "years"}
#: Wider bounds Azure still returns for policies that already exist in a vault (files with
#: an ``azure:`` section): Azure's REST examples create and list an azure-vm policy that
#: keeps daily points 1 day (azure-rest-api-specs ProtectionPolicies_CreateOrUpdate_Simple.json,
#: BackupPolicies_List.json), and terraform-provider-azurerm still allows 1 (it refuses only
#: 2–6: "Azure API has recently changed behaviour ... can no longer be less than 7").
EXISTING_KEEP_BOUNDS: dict[Target, dict[TierName, tuple[int, int]]] = {
    Target.AZURE_VM: {"daily": (1, 9999)},
}
#: Times a day per target.
TIMES_BOUNDS: dict[Target, tuple[int, int]] = {Target.MARS: (1, 3), Target.AZURE_VM: (1, 1)}
#: Azure's limit of recovery points per protected instance.
MAX_POINTS = 9999

#: Mean length of each tier's unit in days, for comparing tiers' durations.
_MEAN_DAYS: dict[TierName, float] = {"daily": 1.0, "weekly": 7.0, "monthly": 30.436875,
                                     "yearly": 365.2425}


@dataclass(frozen=True)
class Bounds:
    """Allowed range of one tier's ``keep`` for a target."""

    low: int
    high: int
    unit: str

    def text(self) -> str:
        return f"{self.low}–{self.high} {self.unit}"


def keep_bounds(target: Target, tier: TierName) -> Bounds:
    """The allowed ``keep`` range of a tier for a target."""
    low, high = KEEP_BOUNDS[target][tier]
    return Bounds(low, high, UNITS[tier])


def keep_message(keep: int, name: TierName, bounds: Bounds, target: str) -> str:
    """The message for a ``keep`` outside its range."""
    return (f"{keep} is out of range: {name} points are kept {bounds.low} to {bounds.high} "
            f"{bounds.unit} for target {target}")


def cross_field_errors(policy: Policy) -> list[Problem]:
    """Every cross-field error of a policy whose fields are each well-formed."""
    found = [
        *_keep_errors(policy),
        *_schedule_errors(policy),
        *_tier_shape_errors(policy),
        *_tier_subset_errors(policy),
        *_azure_section_errors(policy),
        *enhanced_errors(policy),
    ]
    return [p for p in found if p.severity == "error"]


def existing_only(target: Target, name: TierName, keep: int) -> bool:
    """Whether ``keep`` is outside the bounds for new policies but one Azure returns."""
    bounds = keep_bounds(target, name)
    low, high = EXISTING_KEEP_BOUNDS.get(target, {}).get(name, (bounds.low, bounds.high))
    return not bounds.low <= keep <= bounds.high and low <= keep <= high


def existing_only_message(keep: int, name: TierName, bounds: Bounds, target: str) -> str:
    """The warning for a value Azure keeps in existing policies but refuses for new ones."""
    return (f"{keep} {bounds.unit}: Azure refuses this for a new {target} policy ({name} "
            f"points are kept {bounds.low} to {bounds.high} {bounds.unit}: Az PowerShell "
            "MinDurationCountInDays = 7; terraform-provider-azurerm: \"can no longer be less "
            "than 7\"); the vault's existing policy (azure: section) may keep it, as Azure's "
            "own ProtectionPolicies_CreateOrUpdate_Simple.json example does")


def new_policy_refusals(policy: Policy) -> list[Problem]:
    """Warnings for values an existing vault policy holds but Azure refuses for a new one."""
    return [p for p in _keep_errors(policy) if p.severity == "warning"]


def _keep_errors(policy: Policy) -> Iterator[Problem]:
    target_name = policy.target.value
    for name, tier in policy.retention.tiers().items():
        bounds = keep_bounds(policy.target, name)
        if bounds.low <= tier.keep <= bounds.high:
            continue
        loc = f"retention.{name}.keep"
        if policy.azure is not None and existing_only(policy.target, name, tier.keep):
            yield Problem(loc, existing_only_message(tier.keep, name, bounds, target_name),
                          severity="warning")
        else:
            yield Problem(loc, keep_message(tier.keep, name, bounds, target_name))


def _schedule_errors(policy: Policy) -> Iterator[Problem]:
    sched = policy.schedule
    low, high = TIMES_BOUNDS[policy.target]
    count = len(sched.times)
    hourly = sched.frequency is Frequency.HOURLY
    if not hourly and not count:
        yield Problem("schedule.times", f"required field is missing: a {sched.frequency.value} "
                      'schedule needs its backup time(s), e.g. times: ["22:00"]')
    elif not hourly and not low <= count <= high:
        allowed = "exactly 1 time" if low == high else f"{low} to {high} times"
        given = ", ".join(format_time(t) for t in sched.times)
        yield Problem(
            "schedule.times",
            f"{count} times given ({given}): a {policy.target.value} schedule has {allowed} "
            "a day",
        )
    if sched.frequency is Frequency.DAILY:
        if sched.days is not None:
            yield Problem("schedule.days", "days are for weekly schedules only; a daily "
                          "schedule runs every day (remove days or use frequency: weekly)")
        if sched.every_weeks is not None:
            yield Problem("schedule.every_weeks", "every_weeks is for weekly schedules only")
    elif sched.frequency is Frequency.WEEKLY and sched.days is None:
        yield Problem("schedule.days", "a weekly schedule needs days, e.g. [sunday]")
    if policy.clock.mode is ClockMode.FIXED_OFFSET:
        for field in ("gap", "fold"):
            if field in policy.clock.model_fields_set:
                yield Problem(f"clock.{field}", f"{field} applies to mode wall-clock only; "
                              "in fixed-offset mode no local time is skipped or repeated",
                              severity="warning")


def _tier_shape_errors(policy: Policy) -> Iterator[Problem]:
    ret = policy.retention
    if not ret.tiers():
        yield Problem("retention", "no tier is on: turn on at least one of daily, weekly, "
                      "monthly, yearly")
    if policy.schedule.frequency is Frequency.HOURLY:
        return  # policy.model.enhanced
    if policy.schedule.frequency is Frequency.DAILY:
        if ret.daily is None:
            yield Problem("retention.daily", "a daily schedule needs a daily tier "
                          "(Azure Backup requires daily retention for daily backups)")
        return
    if ret.daily is not None:
        yield Problem("retention.daily", "a weekly schedule cannot keep daily points; "
                      "remove the daily tier or use frequency: daily")
    if ret.weekly is None:
        yield Problem("retention.weekly", "a weekly schedule needs a weekly tier")
    for name, placed in (("monthly", ret.monthly), ("yearly", ret.yearly)):
        if placed is not None and placed.days_of_month is not None:
            yield Problem(f"retention.{name}.days_of_month",
                          "a weekly schedule cannot place points on days of the month; "
                          "use the week-based form (weeks + weekdays)")


def effective_times(policy: Policy, name: TierName) -> tuple[time, ...]:
    """The schedule times whose runs count for a tier (SPEC §2 defaults).

    An hourly schedule's default for every tier is the window's first slot: the run Azure
    keeps as the daily point (``policy.model.enhanced``).
    """
    tier = policy.retention.tiers()[name]
    if tier.times is not None:
        return tier.times
    if policy.schedule.frequency is Frequency.HOURLY and policy.schedule.window_start:
        return (policy.schedule.window_start,)
    if name == "daily":
        return policy.schedule.times
    return (min(policy.schedule.times),)


def _tier_subset_errors(policy: Policy) -> Iterator[Problem]:
    sched = policy.schedule
    allowed_times = ", ".join(format_time(t) for t in sched.times)
    for name, tier in policy.retention.tiers().items():
        for i, t in enumerate(tier.times or ()):
            if t not in sched.times:
                yield Problem(f"retention.{name}.times[{i}]",
                              f"{format_time(t)} is not a schedule time (schedule times: "
                              f"{allowed_times})")
        if (policy.target is Target.AZURE_VM and tier.times is not None
                and len(tier.times) > 1):
            yield Problem(f"retention.{name}.times", f"{len(tier.times)} times given: an "
                          f"azure-vm {name} tier keeps one run a day (retentionTimes has "
                          "exactly 1 time)")
    if sched.frequency is not Frequency.WEEKLY or sched.days is None:
        return
    yield from _vm_weekly_errors(policy)
    days = set(sched.days)
    allowed_days = ", ".join(d.value for d in sched.days)
    for loc, values in _tier_weekdays(policy):
        for i, day in enumerate(values):
            if day not in days:
                yield Problem(f"{loc}[{i}]", f"{day.value} is not a backup day (schedule "
                              f"days: {allowed_days})")


#: Azure's own rules for azure-vm weekly schedules, quoted in the messages.
_PS_RULE = ("azure-powershell PolicyValidations.cs, ValidateLongTermRetentionPolicyWith"
            "SimpleSchedulePolicy: \"count of daysOfWeek should match for weekly schedule\"")
_EVERY_RULE = ("no Azure VM client exposes a weekly interval: terraform-provider-azurerm "
               "(backup_policy_vm_resource.go) never sets scheduleWeeklyFrequency and "
               "Az PowerShell's SimpleSchedulePolicy has no such property")


def _vm_weekly_errors(policy: Policy) -> Iterator[Problem]:
    sched = policy.schedule
    if policy.target is not Target.AZURE_VM or sched.days is None:
        return
    if sched.weeks_interval > 1:
        yield Problem("schedule.every_weeks", f"{sched.every_weeks}: azure-vm policies run "
                      f"every week ({_EVERY_RULE}); every_weeks is for mars policies")
    weekly = policy.retention.weekly
    if weekly is not None and set(weekly.days) < set(sched.days):
        want = ", ".join(d.value for d in sched.days)
        yield Problem("retention.weekly.days", f"an azure-vm weekly schedule keeps a weekly "
                      f"point on every backup day: use [{want}] ({_PS_RULE})")


def _tier_weekdays(policy: Policy) -> Iterator[tuple[str, tuple[Weekday, ...]]]:
    ret = policy.retention
    if ret.weekly is not None:
        yield "retention.weekly.days", ret.weekly.days
    for name, placed in (("monthly", ret.monthly), ("yearly", ret.yearly)):
        if placed is not None and placed.weekdays is not None:
            yield f"retention.{name}.weekdays", placed.weekdays


def tier_days(name: TierName, tier: _Tier) -> float:
    """A tier's mean duration in days."""
    return tier.keep * _MEAN_DAYS[name]


def static_warnings(policy: Policy) -> list[Problem]:
    """Warnings that need no projection (SPEC §3)."""
    found = [p for p in (*_schedule_errors(policy), *_keep_errors(policy))
             if p.severity == "warning"]
    found.extend(p for p in enhanced_errors(policy) if p.severity == "warning")
    found.extend(_combine_warnings(policy))
    return found


def _combine_warnings(policy: Policy) -> Iterator[Problem]:
    tiers = list(policy.retention.tiers().items())
    for i, (low_name, low) in enumerate(tiers):
        for high_name, high in tiers[i + 1:]:
            if tier_days(low_name, low) > tier_days(high_name, high):
                yield Problem(
                    "retention.combine",
                    f"the {low_name} tier ({low.keep} {UNITS[low_name]}) outlives the "
                    f"{high_name} tier ({high.keep} {UNITS[high_name]}): combine: longest "
                    f"keeps such points {low.keep} {UNITS[low_name]}, combine: tier only "
                    f"{high.keep} {UNITS[high_name]} (now: {policy.retention.combine.value})",
                    severity="warning",
                )
                return


_UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/Universal", "Universal", "Zulu", "Etc/Zulu"})
#: ``azure:`` fields that exist only on AzureIaaSVMProtectionPolicy (research S12: a
#: MabProtectionPolicy has schedulePolicy and retentionPolicy only).
_VM_ONLY = {"write_policy_type": "policyType",
            "instant_restore_resource_group": "instantRPDetails",
            "snapshot_consistency": "snapshotConsistencyType", "tiering": "tieringPolicy",
            "archive_rule": "tieringPolicy"}


def _azure_section_errors(policy: Policy) -> Iterator[Problem]:
    section = policy.azure
    if section is None:
        return
    if policy.target is Target.MARS:
        for field, azure_name in _VM_ONLY.items():
            if getattr(section, field) is not None:
                yield Problem(f"azure.{field}", f"a MAB (mars) policy has no {azure_name}: "
                              "MabProtectionPolicy holds schedulePolicy and retentionPolicy "
                              "only; remove it or use target: azure-vm")
    if section.omit_time_zone and policy.zone_name not in _UTC_NAMES:
        yield Problem("azure.omit_time_zone", f"the body leaves timeZone out, which Azure "
                      f"reads as UTC, but timezone is {policy.timezone}; remove "
                      "omit_time_zone or use timezone: UTC")
    if section.tiering and policy.tiering is not None and "ArchivedRP" in section.tiering:
        yield Problem("azure.tiering.ArchivedRP", "a DoNotTier rule for ArchivedRP "
                      "contradicts tiering (which archives those points); remove one of them")
    if section.archive_rule is not None and (policy.tiering is None
                                             or not policy.tiering.recommended):
        yield Problem("azure.archive_rule", "kept only beside tiering: recommended "
                      "(TierRecommended's duration as Azure returns it); remove it")
    if section.schedule_weekly_frequency is not None and policy.schedule.weeks_interval > 1:
        yield Problem("azure.schedule_weekly_frequency",
                      f"{section.schedule_weekly_frequency} contradicts schedule.every_weeks "
                      f"{policy.schedule.every_weeks}; remove one of them")
