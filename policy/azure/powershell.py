"""A commented MARS PowerShell script (module MSOnlineBackup) that applies a policy.

Cmdlets and parameters are those of MSOnlineBackup (research/azure-policy.md §4):
``New-OBSchedule -DaysOfWeek -TimesOfDay [-WeeklyFrequency]``, ``New-OBRetentionPolicy``
with its ``-Retention*``, ``-Week*``, ``-Month*`` and ``-Year*`` parameters,
``Set-OBSchedule``/``Set-OBRetentionPolicy -Policy``, ``New-OBFileSpec``/``Add-OBFileSpec``,
``Set-OBPolicy -Policy -Confirm``; each parameter that is not on Microsoft's current cmdlet
page carries a comment saying where it is documented (``policy.azure.powershell_sources``).
Values take the forms the cmdlets take: ``DayOfWeek`` and month names, ``CBNthWeek``
(``First`` … ``Last``), ``TimeSpan`` as ``HH:MM``, whole numbers.

On a fresh server (no MARS policy yet) the script creates one with the files of
``machine.volumes``; without volumes it stops there, because MARS refuses to save a policy
with no files ("incomplete information on files and folders", MicrosoftDocs/azure-docs#90595).
MARS freezes the UTC offset when a schedule is saved, whatever ``clock.mode`` says, so a
wall-clock policy is said to behave as fixed-offset, and ``--reanchor`` gives it the plan of
that fixed-offset equivalent.

Two things MARS cannot be told are said in the script and returned as warnings, never
dropped silently: "the last day of the month" (``-MonthDaysOfMonth``/``-YearDaysOfMonth``
take ``List<Int32>`` day numbers and no documented value means "last") and a daily tier that
keeps only some schedule times. A missing last-day point is more than a comment: applying
the rest replaces the server's retention, and MARS prunes the points it no longer keeps, so
such a script stops before changing anything unless run with ``-WithoutLastDayTiers``
(``policy.azure.powershell_guard``).

With a re-anchor plan the script also carries the dated steps of SPEC §6: run it with
``-Reanchor`` on each date, after the clock change, and it saves the schedule again so the
agent freezes the new offset.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time

from policy.azure.powershell_guard import LastDay, guard, param_block, reminder
from policy.azure.powershell_reanchor import Plan, Step, offset_text, reanchor_block
from policy.azure.powershell_sources import source_comments
from policy.model.models import (
    ClockMode,
    Frequency,
    Policy,
    TierName,
    Weekday,
    YearlyTier,
    _Placed,
    format_time,
)
from policy.model.rules import effective_times

__all__ = ["ALL_DAYS", "Script", "Step", "offset_text", "powershell_script"]

ALL_DAYS = (Weekday.SUNDAY, Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY,
            Weekday.THURSDAY, Weekday.FRIDAY, Weekday.SATURDAY)


@dataclass
class Script:
    """The script text and what it could not express."""

    text: str
    warnings: list[str] = field(default_factory=list)


def powershell_script(policy: Policy, source: str, tzdata: str,
                      plan: tuple[Sequence[Step], date, date] | None = None) -> Script:
    """The MARS script of a ``mars`` policy; ``plan`` = (steps, start, end) for -Reanchor."""
    warnings: list[str] = []
    unset: list[LastDay] = []
    retention = _retention(policy, warnings, unset)
    lines = _header(policy, source, tzdata)
    reanchor = Plan(plan[0], plan[1], plan[2], tzdata) if plan is not None else None
    lines += param_block(reanchor is not None and bool(reanchor.steps), bool(unset))
    lines += ["$ErrorActionPreference = 'Stop'", ""]
    lines += _schedule(policy)
    lines += retention
    if reanchor is not None:
        lines += reanchor_block(policy, reanchor)
    lines += guard(unset)
    lines += _apply(policy)
    lines += reminder(unset)
    warnings += _run_warnings(policy)
    return Script("\n".join(lines) + "\n", warnings)


_FROZEN = ("MARS freezes the UTC offset in force when the schedule is saved and does not "
           "follow daylight saving time, so this wall-clock policy runs as its fixed-offset "
           "equivalent; export with --reanchor for the dates to save it again")
_NO_FILES = ("no machine.volumes: on a server without a MARS policy the script stops before "
             "changing anything, because MARS refuses to save a policy with no files "
             "(MicrosoftDocs/azure-docs#90595); list the volumes to back up in machine.volumes")


def _run_warnings(policy: Policy) -> list[str]:
    found = []
    if policy.clock.mode is ClockMode.WALL_CLOCK:
        found.append(f"clock.mode wall-clock: {_FROZEN}")
    if _volumes(policy) == ():
        found.append(_NO_FILES)
    return found


def _volumes(policy: Policy) -> tuple[str, ...]:
    volumes = policy.machine.volumes if policy.machine is not None else ()
    return tuple(_root(v.name) for v in volumes)


def _header(policy: Policy, source: str, tzdata: str) -> list[str]:
    from policy import __version__

    zone = policy.zone_name
    return [
        f"# MARS backup policy {policy.name!r}, generated by retention {__version__} from "
        f"{source}.",
        "# Run in an elevated PowerShell on the protected server (MARS agent, module "
        "MSOnlineBackup).",
        f"# Times are the server's local clock: set its time zone to {zone}.",
        "# Azure Backup does not adjust the schedule for daylight saving time; see",
        f"# `retention drift` (tzdata {tzdata}).",
        *(textwrap.wrap(f"clock.mode wall-clock: {_FROZEN}.", 92, initial_indent="# ",
                        subsequent_indent="# ")
          if policy.clock.mode is ClockMode.WALL_CLOCK else []),
        "#Requires -RunAsAdministrator",
        "",
    ]


def _times(values: Sequence[time]) -> str:
    return ", ".join(format_time(t) for t in values)


def _days(values: Sequence[Weekday]) -> str:
    return ", ".join(d.value.capitalize() for d in values)


def _call(var: str, cmdlet: str, params: list[str]) -> list[str]:
    if not params:
        return [f"{var} = {cmdlet}"]
    out = [f"{var} = {cmdlet} `"]
    out += [f"    {p} `" for p in params[:-1]]
    out.append(f"    {params[-1]}")
    return out


def _schedule(policy: Policy) -> list[str]:
    sched = policy.schedule
    days: tuple[Weekday, ...]
    if sched.frequency is Frequency.DAILY:
        days = ALL_DAYS
        what = f"every day at {_times(sched.times)} (MARS: all seven days)"
    else:
        days = tuple(d for d in ALL_DAYS if d in (sched.days or ()))
        every = f"every {sched.weeks_interval} weeks" if sched.weeks_interval > 1 else "weekly"
        what = f"{every} on {_days(days)} at {_times(sched.times)}"
    params = [f"-DaysOfWeek {_days(days)}", f"-TimesOfDay {_times(sched.times)}"]
    lines = [f"# Schedule: {what}."]
    if sched.weeks_interval > 1:
        params.append(f"-WeeklyFrequency {sched.weeks_interval}")
        lines += source_comments("New-OBSchedule", params)
    return [*lines, *_call("$schedule", "New-OBSchedule", params), ""]


def _retention(policy: Policy, warnings: list[str], unset: list[LastDay]) -> list[str]:
    ret = policy.retention
    params: list[str] = []
    notes: list[str] = []
    if ret.daily is not None:
        params.append(f"-RetentionDays {ret.daily.keep}")
        kept = effective_times(policy, "daily")
        if tuple(kept) != policy.schedule.times:
            notes.append(f"daily.times [{_times(kept)}] cannot be set: MARS keeps every "
                         "scheduled run as a daily point")
    if ret.weekly is not None:
        params += ["-RetentionWeeklyPolicy", f"-WeekDaysOfWeek {_days(ret.weekly.days)}",
                   f"-WeekTimesOfDay {_times(effective_times(policy, 'weekly'))}",
                   f"-RetentionWeeks {ret.weekly.keep}"]
    placed: tuple[tuple[TierName, _Placed | None, str, str], ...] = (
        ("monthly", ret.monthly, "Month", "Months"), ("yearly", ret.yearly, "Year", "Years"))
    for name, tier, prefix, unit in placed:
        if tier is not None:
            params += _placed(policy, name, tier, prefix, unit, notes, unset)
    warnings.extend(notes)
    lines = [f"# Retention: {_summary(policy)}."]
    for note in notes:
        lines += textwrap.wrap(f"NOT SET: {note}.", 96, initial_indent="# ",
                               subsequent_indent="#   ")
    lines += source_comments("New-OBRetentionPolicy", params)
    return [*lines, *_call("$retention", "New-OBRetentionPolicy", params), ""]


def _placed(policy: Policy, name: TierName, tier: _Placed, prefix: str, unit: str,
            notes: list[str], unset: list[LastDay]) -> list[str]:
    params = [f"-Retention{name.capitalize()}Policy"]
    if isinstance(tier, YearlyTier):
        params.append(f"-YearMonthsOfYear {', '.join(m.value.capitalize() for m in tier.months)}")
    if tier.days_of_month is not None:
        numbers = [str(d) for d in tier.days_of_month if d != "last"]
        if len(numbers) < len(tier.days_of_month):
            last = LastDay(name, tier, tuple(effective_times(policy, name)))
            unset.append(last)
            notes.append(last.warning(prefix))
        if not numbers:
            return []
        params.append(f"-{prefix}DaysOfMonth {', '.join(numbers)}")
    else:
        weeks = ", ".join(w.value.capitalize() for w in tier.weeks or ())
        params += [f"-{prefix}WeeksOfMonth {weeks}",
                   f"-{prefix}DaysOfWeek {_days(tier.weekdays or ())}"]
    params += [f"-{prefix}TimesOfDay {_times(effective_times(policy, name))}",
               f"-Retention{unit} {tier.keep}"]
    return params


def _summary(policy: Policy) -> str:
    units = {"daily": "days", "weekly": "weeks", "monthly": "months", "yearly": "years"}
    return "; ".join(f"{name} {tier.keep} {units[name]}"
                     for name, tier in policy.retention.tiers().items())


def _apply(policy: Policy) -> list[str]:
    lines = [
        "# Change the server's current policy if it has one (keeps its files and recovery",
        "# points); otherwise start a new one. Get-OBPolicy returns nothing when there is",
        "# none (as in Microsoft's Set-FileFolderBackupPolicy.ps1 sample).",
        "$policy = Get-OBPolicy",
        "if ($null -eq $policy) {",
    ]
    volumes = _volumes(policy)
    if volumes:
        paths = ", ".join(f"'{v}'" for v in volumes)
        lines += ["    $policy = New-OBPolicy",
                  "    # What to back up (machine.volumes); MARS saves no policy without files.",
                  f"    $files = New-OBFileSpec -FileSpec @({paths})",
                  "    Add-OBFileSpec -Policy $policy -FileSpec $files"]
    else:
        stop = ("This server has no MARS backup policy yet, and the policy file lists no "
                "machine.volumes: MARS refuses to save a policy without files and folders "
                "(MicrosoftDocs/azure-docs#90595). Nothing changed; add machine.volumes and "
                "export the script again.")
        lines += ["    # No machine.volumes: MARS saves no policy without files, so stop here.",
                  f"    throw '{stop}'"]
    lines += ["}",
              "Set-OBSchedule -Policy $policy -Schedule $schedule",
              "Set-OBRetentionPolicy -Policy $policy -RetentionPolicy $retention",
              "Set-OBPolicy -Policy $policy -Confirm:$false"]
    if policy.machine is not None and policy.machine.system_state:
        lines += ["# System state (machine.system_state) is added to a policy with "
                  "Add-OBSystemState", "# (backup-client-automation.md); this script does "
                  "not change it."]
    return lines


def _root(name: str) -> str:
    """``D:`` -> ``D:\\``; other names (mount points, folders) as given."""
    return f"{name}\\" if name.endswith(":") else name.replace("'", "''")
