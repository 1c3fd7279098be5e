"""Where each MSOnlineBackup parameter the script uses is documented, when it is not on
Microsoft's current cmdlet page.

The current learn.microsoft.com pages (powershell/module/msonlinebackup/new-obschedule,
new-obretentionpolicy) list only ``New-OBSchedule -DaysOfWeek -TimesOfDay`` and
``New-OBRetentionPolicy -RetentionDays -RetentionWeeklyPolicy -WeekDaysOfWeek
-WeekTimesOfDay -RetentionWeeks -RetentionMonthlyPolicy`` (research/azure-policy.md §4,
azure-real-bodies.md §4). Every other parameter the script passes gets a comment saying
where it is documented, so an operator can check it with ``Get-Help`` before running the
script; the ``-Year*`` week-based parameters are in no Microsoft page at all, and say so.
"""

from __future__ import annotations

import textwrap

_OLD_SCHEDULE = "the full New-OBSchedule syntax (learn.microsoft.com previous-versions hh770401)"
_OLD_RETENTION = ("the full New-OBRetentionPolicy syntax (learn.microsoft.com previous-versions "
                  "hh770425)")
_SAMPLE = "Microsoft's backup-client-automation.md example"
_NOWHERE = ("no Microsoft page (hh770425's syntax is cut off after -YearDaysOfMonth); named "
            "like its -Month* twin and used in public MARS scripts")

#: Parameter -> where it is documented, for parameters not on the current cmdlet page.
SOURCES: dict[str, str] = {
    "-WeeklyFrequency": f"{_OLD_SCHEDULE} and Microsoft's Set-FileFolderBackupPolicy.ps1 sample",
    "-MonthDaysOfMonth": f"{_SAMPLE} (-MonthDaysOfMonth 1) and {_OLD_RETENTION}",
    "-MonthTimesOfDay": f"{_SAMPLE} and {_OLD_RETENTION}",
    "-RetentionMonths": f"{_SAMPLE} and {_OLD_RETENTION}",
    "-MonthWeeksOfMonth": f"{_OLD_RETENTION} (List<CBNthWeek>)",
    "-MonthDaysOfWeek": _OLD_RETENTION,
    "-RetentionYearlyPolicy": _OLD_RETENTION,
    "-RetentionYears": _OLD_RETENTION,
    "-YearDaysOfMonth": _OLD_RETENTION,
    "-YearMonthsOfYear": _NOWHERE,
    "-YearWeeksOfMonth": _NOWHERE,
    "-YearDaysOfWeek": _NOWHERE,
    "-YearTimesOfDay": _NOWHERE,
}

#: The values the current New-OBRetentionPolicy page allows for -RetentionDays.
PAGE_RETENTION_DAYS = (7, 15, 30)


def source_comments(cmdlet: str, params: list[str]) -> list[str]:
    """Comment lines naming where each of ``params`` not on the current page is documented."""
    by_source: dict[str, list[str]] = {}
    for param in params:
        name = param.split(" ", 1)[0]
        if name in SOURCES:
            by_source.setdefault(SOURCES[name], []).append(name)
        if name == "-RetentionDays" and int(param.split(" ", 1)[1]) not in PAGE_RETENTION_DAYS:
            by_source.setdefault(
                "the MARS support matrix (7 to 9999 days) and backup-client-automation.md "
                "(-RetentionDays 32); the current page still says \"7, 15, or 30\"", []
            ).append(param)
    if not by_source:
        return []
    lines = [f"# Not on Microsoft's current {cmdlet} page (check: Get-Help {cmdlet}):"]
    for source, names in by_source.items():
        lines += textwrap.wrap(f"{', '.join(names)}: {source}.", 96, initial_indent="#   ",
                               subsequent_indent="#     ", break_on_hyphens=False)
    return lines
