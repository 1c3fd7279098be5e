"""Azure Backup REST policies: the shared vocabulary of import and export.

The REST shape is ``Microsoft.RecoveryServices/vaults/backupPolicies`` (api-version
2023-04-01, research/azure-policy.md §3): ``SimpleSchedulePolicy`` plus
``LongTermRetentionPolicy``, for ``backupManagementType`` ``MAB`` (MARS) and
``AzureIaasVM``. Two decisions matter for round trips:

- Times are written in Azure's DateTime convention, ``2026-01-15T23:30:00Z``. Only the time
  of day means anything (§3.2); with a ``timeZone`` the ``Z`` value is the wall-clock time
  *in that zone*, so it is never converted to UTC.
- ``timeZone`` takes Windows IDs and exists only on ``AzureIaasVM`` policies; a MAB policy
  never gets one (§3.1, §6 rule 9), because the MARS agent runs on the server's own clock.

``azure_import`` reads a body into a ``Policy``; ``azure_export`` writes one. Both raise
``AzureError``, which names the JSON path (or policy field) at fault.
"""

from __future__ import annotations

import json
import re
from datetime import date, time
from typing import TypeVar

from policy.model.errors import PolicyError
from policy.model.models import Month, Target, TierName, Weekday, WeekOfMonth

E = TypeVar("E", Weekday, Month, WeekOfMonth)

#: ``backupManagementType`` per target, in Azure's exact casing.
MANAGEMENT_TYPE: dict[Target, str] = {Target.MARS: "MAB", Target.AZURE_VM: "AzureIaasVM"}
TARGET_OF: dict[str, Target] = {v.lower(): k for k, v in MANAGEMENT_TYPE.items()}

#: ``retentionDuration.durationType`` of each tier.
DURATION_TYPE: dict[TierName, str] = {"daily": "Days", "weekly": "Weeks", "monthly": "Months",
                                      "yearly": "Years"}
#: The ``LongTermRetentionPolicy`` key of each tier.
SCHEDULE_KEY: dict[TierName, str] = {"daily": "dailySchedule", "weekly": "weeklySchedule",
                                     "monthly": "monthlySchedule",
                                     "yearly": "yearlySchedule"}

#: Date part written in front of every time when the policy has no ``clock.anchor``.
REFERENCE_DATE = date(2024, 1, 1)

#: What Azure's body has no field for, with the reason given in the note.
NOT_CARRIED: dict[str, str] = {
    "clock": "Azure always freezes the offset in force when the policy is saved",
    "window": "Azure has no backup window for these policies",
    "data": "the storage estimate is the tool's own",
    "pricing": "prices feed the tool's cost estimate; Azure bills from its own rates",
    "machine": "the protected server is described by the MARS agent, not the policy",
}


class AzureError(PolicyError):
    """An Azure body the tool cannot read or a policy Azure cannot hold.

    ``path`` is the JSON path in the body (``properties.schedulePolicy.scheduleRunTimes[0]``)
    or, on export, the policy field (``timezone``).
    """

    def __init__(self, path: str, message: str,
                 more: tuple[tuple[str, str], ...] = ()) -> None:
        self.path = path
        self.message = message
        self.more = more
        """Further (path, message) pairs found at the same time."""
        super().__init__(f"{path}: {message}")

    def lines(self) -> list[str]:
        """Every problem as ``path: message``."""
        return [f"{p}: {m}" for p, m in ((self.path, self.message), *self.more)]


def show(value: object) -> str:
    """A JSON value as the body writes it (``"Hourly"``, ``null``), cut to 60 characters."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


def pascal(value: str) -> str:
    """``sunday`` -> ``Sunday``: Azure's casing of weekdays, months and weeks."""
    return value[:1].upper() + value[1:]


def weekday_of(value: object, path: str) -> Weekday:
    """A ``DayOfWeek`` value (``Sunday``) as a ``Weekday``."""
    return _member(Weekday, value, path, "a weekday, Sunday to Saturday")


def month_of(value: object, path: str) -> Month:
    """A ``MonthOfYear`` value (``March``) as a ``Month``."""
    return _member(Month, value, path, "a month, January to December")


def week_of(value: object, path: str) -> WeekOfMonth:
    """A ``WeekOfMonth`` value (``First`` … ``Fourth``, ``Last``) as a ``WeekOfMonth``."""
    return _member(WeekOfMonth, value, path, "First, Second, Third, Fourth or Last")


def _member(enum: type[E], value: object, path: str, allowed: str) -> E:
    if isinstance(value, str):
        for member in enum:
            if member.value == value.lower():
                return member
    raise AzureError(path, f"{show(value)} is not {allowed}")


_DATETIME = re.compile(
    r"^(?:(\d{4}-\d{2}-\d{2})T)?(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?"
    r"(Z|[+-]\d{2}:?\d{2})?$")


def parse_time(value: object, path: str) -> str:
    """The time of day of an Azure DateTime (``2018-01-24T10:00:00Z`` -> ``10:00``).

    The date part is arbitrary and ignored, and may be missing: terraform-provider-azurerm
    sends ``"23:00:00Z"`` (backup_policy_vm_resource.go). A non-zero offset or seconds are
    errors: Azure writes wall-clock times with ``Z`` on the half hour.
    """
    match = _DATETIME.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise AzureError(path, f"{show(value)} is not an Azure DateTime such as "
                         "\"2024-01-01T21:00:00Z\"")
    hour, minute, second, fraction, offset = match.group(2, 3, 4, 5, 6)
    if int(second or 0) or int(fraction or 0):
        raise AzureError(path, f"{show(value)} has seconds; backup times are HH:00 or HH:30")
    if offset not in (None, "Z") and offset.replace(":", "")[1:] != "0000":
        raise AzureError(path, f"{show(value)} has the offset {offset}; Azure writes wall-clock "
                         "times with Z (the zone is the policy's timeZone)")
    if int(hour) > 23 or int(minute) > 59:
        raise AzureError(path, f"{show(value)} is not a time of day")
    return f"{hour}:{minute}"


def datetime_form(value: str) -> tuple[str | None, str]:
    """The date part (``None`` when absent) and what follows ``HH:MM`` of a DateTime that
    ``parse_time`` accepted: ``2018-01-24T10:00:00.000Z`` -> (``2018-01-24``, ``:00.000Z``)."""
    match = _DATETIME.match(value.strip())
    assert match is not None, value
    return match.group(1), value.strip()[match.end(3):]


def format_time(day: date | str | None, value: time, suffix: str = ":00Z") -> str:
    """Azure's DateTime form of a local time: ``2026-01-15T23:30:00Z`` (``23:30:00Z``
    without a day, as terraform-provider-azurerm sends it)."""
    text = "" if day is None else (day if isinstance(day, str) else day.isoformat()) + "T"
    return f"{text}{value.hour:02d}:{value.minute:02d}{suffix}"


def matches(value: object, *allowed: str) -> str | None:
    """The member of ``allowed`` that ``value`` is, in any case (Azure's enums are
    ``modelAsString``: ``"daily"`` is ``Daily``), or ``None``."""
    if isinstance(value, str):
        for name in allowed:
            if name.lower() == value.lower():
                return name
    return None


def join(path: str, key: str | int) -> str:
    """``join("properties", "schedulePolicy")`` -> ``properties.schedulePolicy``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key
