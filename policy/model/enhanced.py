"""Enhanced (V2) Azure VM policies: hourly schedules, instant restore and archive tiering.

Azure VM backup today is mostly the Enhanced policy (``SimpleSchedulePolicyV2``); a policy
file describes one with ``target: azure-vm`` and ``policy_type: enhanced``. This module
holds its bounds (each with the source Azure's own clients enforce it in), the hourly slots,
and the rules that involve several fields. ``policy.model.rules`` runs them.

How a V2 body maps onto the policy file (what an importer reads and an exporter writes):

- ``policyType`` V1 / V2 → ``policy_type`` standard / enhanced
- ``timeZone`` (a Windows ID) → ``timezone``
- ``instantRpRetentionRangeInDays`` → ``instant_restore_days``
- ``schedulePolicy.scheduleRunFrequency`` Hourly / Daily / Weekly → ``schedule.frequency``
- ``schedulePolicy.hourlySchedule.interval`` → ``schedule.every_hours``
- ``schedulePolicy.hourlySchedule.scheduleWindowStartTime`` (its time of day) →
  ``schedule.window_start``
- ``schedulePolicy.hourlySchedule.scheduleWindowDuration`` → ``schedule.window_hours``
- ``schedulePolicy.dailySchedule.scheduleRunTimes[0]`` → ``schedule.times[0]``
- ``schedulePolicy.weeklySchedule.scheduleRunDays`` / ``.scheduleRunTimes`` →
  ``schedule.days`` / ``schedule.times``
- ``retentionPolicy.<tier>Schedule.retentionTimes`` → ``retention.<tier>.times`` (an hourly
  schedule: which slot is the tier's point; omitted when it is the window start)
- ``retentionPolicy.<tier>Schedule.retentionDuration.count`` → ``retention.<tier>.keep``
- ``tieringPolicy.ArchivedRP.tieringMode`` TierRecommended → ``tiering: recommended``
- ``tieringPolicy.ArchivedRP`` TierAfter, ``duration``, ``durationType`` →
  ``tiering: {tier_after: duration, unit: durationType in lower case}``

Everything else of a body (``snapshotConsistencyType``, ``instantRPDetails``, a
``DoNotTier`` entry) belongs to the ``azure:`` section of the Azure-fidelity work.

The hourly schedule's runs are the window's slots ``window_start + k × every_hours`` for
``k < window_hours / every_hours``, taken every day as times of day: a window that crosses
midnight (20:00 for 8 hours) gives the slots 20:00 and 00:00, each on its own frame date,
which is the same set of runs as "the window that opened the evening before". Which slot is
the vault's daily point is the daily tier's ``times``; without it the window's first slot,
because every Azure client writes ``retentionTimes`` equal to the window start
(terraform-provider-azurerm ``backup_policy_vm_resource.go``, ``expandBackupProtection
PolicyVMSchedule``: one ``times`` list for the window start and every retention schedule;
REST example ``IaaS_v2_hourly.json``: window 08:00, every retention time 08:00). The other
slots are instant-restore snapshots on the VM's disks, not vault points.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time
from typing import TYPE_CHECKING

from policy.model.errors import Problem
from policy.model.values import Frequency, PolicyType, Target, TieringUnit, format_time

if TYPE_CHECKING:
    from policy.model.models import Policy, Window

#: Hours between hourly runs. terraform-provider-azurerm backup_policy_vm_resource.go:1190
#: (@69697b7f, ``hour_interval`` IntInSlice 4, 6, 8, 12); REST bms.json ``HourlySchedule.
#: interval`` "4/6/8/12".
EVERY_HOURS = (4, 6, 8, 12)
#: Window length in hours. backup_policy_vm_resource.go:1201 (``hour_duration`` IntBetween
#: 4, 24); it must be a multiple of the interval (:507, "hour_duration must be multiplier of
#: hour_interval").
WINDOW_HOURS = (4, 24)
#: Instant-restore snapshot days. backup_policy_vm_resource.go:1070 (IntBetween 1, 30) and
#: :169 (V1: "must be less than or equal to 5 when policy_type is V1").
INSTANT_RESTORE_DAYS: dict[PolicyType, tuple[int, int]] = {
    PolicyType.STANDARD: (1, 5), PolicyType.ENHANCED: (1, 30)}
#: A weekly schedule keeps its snapshots exactly 5 days: terraform-provider-azurerm
#: docs, resource azurerm_backup_policy_vm: "instant_restore_retention_days must be set to 5
#: if the backup frequency is set to Weekly". Standard (V1) policies only: the service
#: created and returns an enhanced weekly policy with 7 (azure-powershell session record
#: TestAzureVMSmartTieringPolicy.json, PUT and GET of hiagaVMArchiveTierRecomm).
WEEKLY_INSTANT_RESTORE_DAYS = 5
#: ``tier_after`` count: backup_policy_vm_resource.go:1096-1105 (TierAfter needs a
#: duration; at least 3). Azure moves a point to the archive tier only after it has spent
#: 3 months in the standard tier (learn.microsoft.com/azure/backup/archive-tier-support:
#: "recovery points ... at least three months old"), so the duration must reach 3 months
#: too, counted here as 90 days (13 weeks, 3 months, 1 year).
TIER_AFTER_COUNT = (3, 9999)
TIER_AFTER_MIN_DAYS = 90
_UNIT_DAYS = {TieringUnit.DAYS: 1, TieringUnit.WEEKS: 7, TieringUnit.MONTHS: 30,
              TieringUnit.YEARS: 365}

_HOURLY_FIELDS = ("every_hours", "window_start", "window_hours")


def hourly_slots(start: time, every_hours: int, window_hours: int) -> tuple[time, ...]:
    """The times of day of an hourly schedule's runs, earliest first."""
    first = start.hour * 60 + start.minute
    count = window_hours // every_hours
    minutes = {(first + k * every_hours * 60) % (24 * 60) for k in range(count)}
    return tuple(time(m // 60, m % 60) for m in sorted(minutes))


def is_hourly(policy: Policy) -> bool:
    return policy.schedule.frequency is Frequency.HOURLY


def run_window(policy: Policy) -> Window | None:
    """The local hours runs must stay in: ``window``, or an hourly schedule's own window.

    A 24-hour hourly window is no limit at all (``None``).
    """
    if policy.window is not None:
        return policy.window
    sched = policy.schedule
    if (not is_hourly(policy) or sched.window_start is None or sched.window_hours is None
            or sched.window_hours >= 24):
        return None
    from policy.model.models import Window

    start = sched.window_start
    end_minutes = (start.hour * 60 + start.minute + sched.window_hours * 60) % (24 * 60)
    return Window(start=start, end=time(end_minutes // 60, end_minutes % 60))


def enhanced_errors(policy: Policy) -> Iterator[Problem]:
    """Errors (and warnings) of policy type, hourly schedules, instant restore, tiering."""
    yield from _type_errors(policy)
    if is_hourly(policy):
        yield from _hourly_errors(policy)
    else:
        for field in _HOURLY_FIELDS:
            if getattr(policy.schedule, field) is not None:
                yield Problem(f"schedule.{field}", f"{field} is for hourly schedules only "
                              "(frequency: hourly, an enhanced azure-vm policy)")
    yield from _instant_restore_errors(policy)
    yield from _tiering_errors(policy)


def _type_errors(policy: Policy) -> Iterator[Problem]:
    if policy.target is not Target.MARS:
        return
    if policy.policy_type is PolicyType.ENHANCED:  # standard, the default, says nothing
        yield Problem("policy_type", "enhanced applies to target azure-vm only; a MARS "
                      "(mars) policy has no policy type (use target: azure-vm)")
    for field in ("instant_restore_days", "tiering"):
        if getattr(policy, field) is not None:
            yield Problem(field, f"{field} applies to target azure-vm only; a MARS "
                          "(mars) policy has no such setting")


def _hourly_errors(policy: Policy) -> Iterator[Problem]:
    sched = policy.schedule
    if policy.target is not Target.AZURE_VM or policy.policy_type is not PolicyType.ENHANCED:
        yield Problem("schedule.frequency", "hourly schedules exist only in enhanced Azure VM "
                      "policies: set target: azure-vm and policy_type: enhanced")
    for field in _HOURLY_FIELDS:
        if getattr(sched, field) is None:
            example = {"every_hours": "4 (4, 6, 8 or 12)", "window_start": '"08:00"',
                       "window_hours": "16 (4–24)"}[field]
            yield Problem(f"schedule.{field}", f"required field is missing: an hourly "
                          f"schedule needs {field}, e.g. {example}")
    for field in ("days", "every_weeks"):
        if getattr(sched, field) is not None:
            yield Problem(f"schedule.{field}", f"{field} is for weekly schedules only; an "
                          "hourly schedule runs every day inside its window")
    if policy.window is not None:
        yield Problem("window", "an hourly schedule has its own window (window_start for "
                      "window_hours); remove window")
    if sched.every_hours is not None and sched.window_hours is not None:
        if sched.window_hours % sched.every_hours:
            yield Problem("schedule.window_hours", (
                f"{sched.window_hours} is not a multiple of every_hours {sched.every_hours}: "
                "Azure needs a whole number of runs in the window (e.g. "
                f"{_multiples(sched.every_hours)})"))
        elif "times" in sched.model_fields_set and sched.window_start is not None:
            slots = hourly_slots(sched.window_start, sched.every_hours, sched.window_hours)
            if sched.times != slots:
                yield Problem("schedule.times", (
                    "an hourly schedule's times follow from window_start, every_hours and "
                    f"window_hours ({', '.join(format_time(t) for t in slots)}); remove times"))
    if policy.retention.daily is None:
        yield Problem("retention.daily", "an hourly schedule needs a daily tier (its daily "
                      "point is the run at the daily tier's time, by default the window start)")


def _multiples(every: int) -> str:
    low, high = WINDOW_HOURS
    return ", ".join(str(h) for h in range(low, high + 1) if h % every == 0)


def _instant_restore_errors(policy: Policy) -> Iterator[Problem]:
    days = policy.instant_restore_days
    if days is None or policy.target is not Target.AZURE_VM:
        return
    low, high = INSTANT_RESTORE_DAYS[policy.policy_type]
    kind = policy.policy_type.value
    if not low <= days <= high:
        yield Problem("instant_restore_days", f"{days} is out of range: a {kind} Azure VM "
                      f"policy keeps instant-restore snapshots {low} to {high} days")
    elif (policy.schedule.frequency is Frequency.WEEKLY
          and policy.policy_type is PolicyType.STANDARD
          and days != WEEKLY_INSTANT_RESTORE_DAYS):
        # A vault's existing policy (azure: section) may hold it: warn, do not refuse.
        yield Problem("instant_restore_days", f"{days} is not allowed for a weekly schedule: "
                      f"Azure keeps a standard weekly schedule's snapshots exactly "
                      f"{WEEKLY_INSTANT_RESTORE_DAYS} days (azurerm_backup_policy_vm docs)",
                      severity="warning" if policy.azure is not None else "error")


def _tiering_errors(policy: Policy) -> Iterator[Problem]:
    tiering = policy.tiering
    if tiering is None or policy.target is not Target.AZURE_VM:
        return
    ret = policy.retention
    if ret.monthly is None and ret.yearly is None:
        yield Problem("tiering", "tiering moves monthly and yearly points to the archive "
                      "tier, and this policy keeps neither: it has no effect",
                      severity="warning")
    if tiering.tier_after is None:
        return
    low, high = TIER_AFTER_COUNT
    unit = tiering.unit
    days = tiering.tier_after * _UNIT_DAYS[unit]
    if not low <= tiering.tier_after <= high:
        yield Problem("tiering.tier_after", f"{tiering.tier_after} is out of range: points "
                      f"move to the archive tier after {low} to {high} {unit.value}")
    elif days < TIER_AFTER_MIN_DAYS:
        yield Problem("tiering.tier_after", (
            f"{tiering.tier_after} {unit.value} is too early: Azure archives a point only "
            "after 3 months in the standard tier (at least 90 days, 13 weeks or 3 months)"))


def clock_assumed(policy: Policy) -> bool:
    """Whether an Azure VM policy's clock mode is the default rather than the file's choice.

    Microsoft documents that Azure VM backups do not follow DST ("doesn't shift the hour of
    the backup forward or backwards", research S3, backup-support-matrix), but says nothing
    specific about enhanced (hourly) policies, and one user saw the opposite
    (terraform-provider-azurerm#2147). ``fixed-offset`` is the default because it is the
    documented behaviour; reports say it was assumed so readers check the other mode too.
    """
    return policy.target is Target.AZURE_VM and "mode" not in policy.clock.model_fields_set


#: What reports say when ``clock_assumed``.
ASSUMED_CLOCK = "mode assumed: Azure says VM backups ignore DST, unconfirmed for enhanced"
