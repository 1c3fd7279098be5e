"""Read an Azure Backup REST policy (``az backup policy show`` or the REST body) into a Policy.

Accepted: the whole resource or just its ``properties``; ``MAB`` and ``AzureIaasVM``;
``SimpleSchedulePolicy`` (daily or weekly) with ``LongTermRetentionPolicy`` in both the
day-based and the week-based monthly/yearly formats. Everything else (hourly schedules,
``SimpleSchedulePolicyV2``, ``SimpleRetentionPolicy``, archive tiering) is an ``AzureError``
naming the JSON path, never a guess. Rules the policy model enforces (bounds, the half
hour, subsets) are reported with the JSON path of the value that broke them.

Nothing else is lost: what the policy does not model goes to its ``azure:`` section
(``policy.azure.fidelity``), so ``export azure`` writes the body back unchanged. Enum
values are read in any case, as Azure does (``modelAsString``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from policy.azure.fidelity import leftovers, typed_fields
from policy.azure.vocabulary import (
    DURATION_TYPE,
    SCHEDULE_KEY,
    TARGET_OF,
    AzureError,
    datetime_form,
    join,
    matches,
    month_of,
    parse_time,
    show,
    week_of,
    weekday_of,
)
from policy.model import zones
from policy.model.errors import PolicyInvalid
from policy.model.models import TIER_NAMES, Policy, Target, TierName
from policy.model.validation import build_policy


@dataclass
class Imported:
    """An imported policy and what the import did, for the file's header comment."""

    policy: Policy
    mapped: list[str] = field(default_factory=list)
    """Lines saying which Azure field became which policy field."""
    notes: list[str] = field(default_factory=list)
    """Things in the body the policy does not keep (printed on stderr)."""


@dataclass
class _Reader:
    """The state of one import: the policy data and where each field came from."""

    data: dict[str, Any] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)
    mapped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    """JSON paths turned into policy fields; the rest goes to ``azure.extra``."""
    datetimes: list[str] = field(default_factory=list)

    def put(self, loc: str, value: Any, path: str) -> None:
        target = self.data
        *parents, last = loc.split(".")
        for part in parents:
            target = target.setdefault(part, {})
        target[last] = value
        self.origin[loc] = path
        if not path.startswith("-"):
            self.used.add(path)

    def time(self, value: Any, path: str) -> str:
        """The time of day of a DateTime, remembering how it was written."""
        parsed = parse_time(value, path)
        self.datetimes.append(value.strip())
        return parsed


def import_policy(doc: Any, *, name: str | None = None,
                  timezone: str | None = None) -> Imported:
    """A ``Policy`` from an Azure body; ``timezone`` is required for MAB bodies.

    ``name`` defaults to the resource's ``name``. Raises ``AzureError``.
    """
    props, base = _properties(doc)
    reader = _Reader()
    reader.put("name", _name(name or (doc.get("name") if props is not doc else None)), "name")
    section: dict[str, Any] = {}
    _target_and_zone(reader, props, base, timezone, section)
    _schedule(reader, _mapping(props, "schedulePolicy", base), join(base, "schedulePolicy"),
              section)
    _retention(reader, _mapping(props, "retentionPolicy", base), join(base, "retentionPolicy"))
    section.update(typed_fields(props, base, reader.used))
    extra, dropped = leftovers(doc, reader.used, base)
    if extra:
        section["extra"] = extra
    reader.notes += dropped
    reader.notes += _datetime_form(reader, section)
    reader.data["azure"] = section
    reader.origin["azure"] = base or "(root)"
    reader.mapped.append("everything else -> azure (written back verbatim by export azure)")
    try:
        policy = build_policy(reader.data)
    except PolicyInvalid as exc:
        found = tuple((_json_path(reader.origin, p.loc), f"{p.message} (policy field {p.loc})")
                      for p in exc.problems)
        raise AzureError(*found[0], more=found[1:]) from None
    return Imported(policy, reader.mapped, reader.notes)


def _datetime_form(reader: _Reader, section: dict[str, Any]) -> list[str]:
    """Record the body's DateTime form in ``azure.datetimes``; note what it cannot hold."""
    forms = {datetime_form(v) for v in reader.datetimes}
    day, suffix = datetime_form(reader.datetimes[0])
    notes = []
    if not re.fullmatch(r"(:00(\.0{1,7})?)?(Z|\+00:00)?", suffix):
        notes.append(f"DateTimes such as {show(reader.datetimes[0])} are written back with "
                     ":00Z after the time")
        suffix = ":00Z"
    section["datetimes"] = {"suffix": suffix} if day is None else {"date": day,
                                                                    "suffix": suffix}
    if len(forms) > 1:
        notes.append(f"the body's DateTimes differ in their date part; all are written back as "
                     f"{day + 'T' if day else ''}HH:MM{suffix} (only the time of day means "
                     "anything)")
    return notes


def _properties(doc: Any) -> tuple[Mapping[str, Any], str]:
    if not isinstance(doc, Mapping):
        what = ("a list of policies; import them with -o DIRECTORY/"
                if isinstance(doc, list) else "an Azure Backup policy resource or its properties")
        raise AzureError("(root)", f"expected a JSON object: {what}")
    if isinstance(doc.get("value"), list):
        raise AzureError("value", "this is a list of policies; import one policy at a time, "
                         "or all with -o DIRECTORY/")
    if isinstance(doc.get("resources"), list):
        raise AzureError("resources", "this is an ARM template; import the properties of its "
                         "Microsoft.RecoveryServices/vaults/backupPolicies resource, with the "
                         "parameters filled in")
    if isinstance(doc.get("properties"), Mapping):
        return doc["properties"], "properties"
    if "backupManagementType" in doc or "schedulePolicy" in doc:
        return doc, ""
    raise AzureError("properties", "not an Azure Backup policy: no properties, "
                     "backupManagementType or schedulePolicy")


def _name(raw: Any) -> str:
    text = raw if isinstance(raw, str) else ""
    clean = re.sub(r"[^A-Za-z0-9 ._-]+", "-", text).strip(" -")[:64]
    return clean or "imported-policy"


def _mapping(parent: Mapping[str, Any], key: str, base: str) -> Mapping[str, Any]:
    value = parent.get(key)
    if not isinstance(value, Mapping):
        what = "missing" if value is None else f"not an object ({show(value)})"
        raise AzureError(join(base, key), f"required and {what}")
    return value


def _target_and_zone(reader: _Reader, props: Mapping[str, Any], base: str,
                     timezone: str | None, section: dict[str, Any]) -> None:
    path = join(base, "backupManagementType")
    kind = props.get("backupManagementType")
    target = TARGET_OF.get(kind.lower()) if isinstance(kind, str) else None
    if target is None:
        raise AzureError(path, f"{show(kind)} is not supported; import MAB (MARS agent) or "
                         "AzureIaasVM policies")
    reader.put("target", target.value, path)
    reader.mapped.append(f"backupManagementType {kind} -> target {target.value}")
    zone_path = join(base, "timeZone")
    zone = props.get("timeZone")
    if zone is not None and not isinstance(zone, str):
        raise AzureError(zone_path, f"{show(zone)} is not a time zone name")
    if timezone is not None:
        if zone and zone != timezone:
            reader.notes.append(f"timeZone {show(zone)} in the body replaced by --timezone "
                                f"{show(timezone)}")
        reader.put("timezone", timezone, "--timezone")
        reader.mapped.append(f"--timezone -> timezone {timezone}")
    elif zone:
        reader.put("timezone", zone, zone_path)
        iana = zones.resolve_name(zone)
        how = f" (IANA {iana}, CLDR mapping)" if iana != zone else ""
        reader.mapped.append(f"timeZone {show(zone)} -> timezone{how}, kept for export")
    elif target is Target.AZURE_VM:
        reader.put("timezone", "UTC", zone_path)
        reader.used.discard(zone_path)  # a "timeZone": null is kept in azure.extra
        section["omit_time_zone"] = True
        reader.mapped.append("no timeZone: Azure reads the times as UTC -> timezone UTC "
                             "(azure.omit_time_zone: export leaves it out again)")
    else:
        raise AzureError(zone_path, "a MAB policy has no timeZone: its times are the MARS "
                         "agent's local clock; name the server's zone with --timezone "
                         "(e.g. --timezone Europe/Berlin)")


def _schedule(reader: _Reader, sched: Mapping[str, Any], path: str,
              section: dict[str, Any]) -> None:
    freq_path = join(path, "scheduleRunFrequency")
    freq = matches(sched.get("scheduleRunFrequency"), "Daily", "Weekly", "Hourly")
    if freq == "Hourly" or sched.get("hourlySchedule"):
        # Before the type: GET responses of hourly policies carry schedulePolicyType null.
        raise AzureError(freq_path if freq == "Hourly" else join(path, "hourlySchedule"),
                         "hourly schedules are not supported yet (enhanced policy); MARS and "
                         "standard VM policies run daily or weekly")
    kind = sched.get("schedulePolicyType")
    if matches(kind, "SimpleSchedulePolicy") is None:
        hint = (" (the enhanced policy)" if matches(kind, "SimpleSchedulePolicyV2") else "")
        raise AzureError(join(path, "schedulePolicyType"),
                         f"{show(kind)}{hint} is not supported; only SimpleSchedulePolicy "
                         "(daily or weekly) can be imported")
    reader.used.add(join(path, "schedulePolicyType"))
    if freq is None:
        raise AzureError(freq_path, f"{show(sched.get('scheduleRunFrequency'))} is not "
                         "supported; use Daily or Weekly")
    reader.origin["schedule"] = path
    reader.put("schedule.frequency", freq.lower(), freq_path)
    times_path = join(path, "scheduleRunTimes")
    times = [reader.time(v, join(times_path, i))
             for i, v in enumerate(_list(sched, times_path))]
    reader.put("schedule.times", times, times_path)
    days_path = join(path, "scheduleRunDays")
    if freq == "Weekly":
        reader.put("schedule.days", [weekday_of(d, join(days_path, i)).value
                                     for i, d in enumerate(_list(sched, days_path))], days_path)
    every_path = join(path, "scheduleWeeklyFrequency")
    every = sched.get("scheduleWeeklyFrequency")
    if every in (0, 1) and not isinstance(every, bool):
        section["schedule_weekly_frequency"] = every
        reader.used.add(every_path)
    elif every is not None and freq == "Weekly":
        reader.put("schedule.every_weeks", every, every_path)
    reader.mapped.append(f"schedulePolicy ({freq}) -> schedule")


def _list(parent: Mapping[str, Any], path: str) -> list[Any]:
    value = parent.get(path.rsplit(".", 1)[-1])
    if not isinstance(value, list) or not value:
        raise AzureError(path, "required: a non-empty list")
    return value


def _retention(reader: _Reader, ret: Mapping[str, Any], path: str) -> None:
    kind = ret.get("retentionPolicyType")
    reader.used.add(join(path, "retentionPolicyType"))
    if matches(kind, "LongTermRetentionPolicy") is None:
        raise AzureError(join(path, "retentionPolicyType"),
                         f"{show(kind)} is not supported; only "
                         "LongTermRetentionPolicy (daily/weekly/monthly/yearly) can be "
                         "imported")
    times = reader.data["schedule"]["times"]
    reader.origin["retention"] = path
    for tier in TIER_NAMES:
        block = ret.get(SCHEDULE_KEY[tier])
        if block is None:
            continue
        tier_path = join(path, SCHEDULE_KEY[tier])
        reader.origin[f"retention.{tier}"] = tier_path
        if not isinstance(block, Mapping):
            raise AzureError(tier_path, f"expected an object, got {show(block)}")
        _tier(reader, tier, block, tier_path, times)
        reader.mapped.append(f"retentionPolicy.{SCHEDULE_KEY[tier]} -> retention.{tier}")


def _tier(reader: _Reader, tier: TierName, block: Mapping[str, Any], path: str,
          schedule_times: list[str]) -> None:
    loc = f"retention.{tier}"
    duration = block.get("retentionDuration")
    dur_path = join(path, "retentionDuration")
    if not isinstance(duration, Mapping):
        raise AzureError(dur_path, "required: {count, durationType}")
    reader.used.add(join(dur_path, "durationType"))
    if matches(duration.get("durationType"), DURATION_TYPE[tier]) is None:
        raise AzureError(join(dur_path, "durationType"),
                         f"{show(duration.get('durationType'))} does not fit "
                         f"{SCHEDULE_KEY[tier]}; expected {show(DURATION_TYPE[tier])}")
    reader.put(f"{loc}.keep", duration.get("count"), join(dur_path, "count"))
    if tier == "weekly":
        days_path = join(path, "daysOfTheWeek")
        reader.put(f"{loc}.days", [weekday_of(d, join(days_path, i)).value
                                   for i, d in enumerate(_list(block, days_path))], days_path)
    if tier == "yearly":
        months_path = join(path, "monthsOfYear")
        reader.put(f"{loc}.months", [month_of(m, join(months_path, i)).value
                                     for i, m in enumerate(_list(block, months_path))],
                   months_path)
    if tier in ("monthly", "yearly"):
        _placement(reader, loc, block, path)
    times_path = join(path, "retentionTimes")
    times = sorted(reader.time(v, join(times_path, i))
                   for i, v in enumerate(_list(block, times_path)))
    reader.used.add(times_path)
    default = sorted(schedule_times) if tier == "daily" else [min(schedule_times)]
    if times != default:
        reader.put(f"{loc}.times", times, times_path)


def _placement(reader: _Reader, loc: str, block: Mapping[str, Any], path: str) -> None:
    fmt_path = join(path, "retentionScheduleFormatType")
    fmt = matches(block.get("retentionScheduleFormatType"), "Daily", "Weekly")
    reader.used.add(fmt_path)
    if fmt == "Daily":
        daily = _mapping(block, "retentionScheduleDaily", path)
        days_path = join(join(path, "retentionScheduleDaily"), "daysOfTheMonth")
        days = [_day(d, join(days_path, i)) for i, d in enumerate(_list(daily, days_path))]
        reader.put(f"{loc}.days_of_month", days, days_path)
    elif fmt == "Weekly":
        weekly = _mapping(block, "retentionScheduleWeekly", path)
        week_path = join(path, "retentionScheduleWeekly")
        days_path, weeks_path = join(week_path, "daysOfTheWeek"), join(week_path,
                                                                       "weeksOfTheMonth")
        reader.put(f"{loc}.weeks", [week_of(w, join(weeks_path, i)).value
                                    for i, w in enumerate(_list(weekly, weeks_path))],
                   weeks_path)
        reader.put(f"{loc}.weekdays", [weekday_of(d, join(days_path, i)).value
                                       for i, d in enumerate(_list(weekly, days_path))],
                   days_path)
    else:
        raise AzureError(fmt_path, f"{show(block.get('retentionScheduleFormatType'))} is not "
                         "supported; use Daily (days of the month) or Weekly (weeks of the "
                         "month)")


def _day(value: Any, path: str) -> int | str:
    if not isinstance(value, Mapping):
        raise AzureError(path, f"expected {{date, isLast}}, got {show(value)}")
    if value.get("isLast") is True:
        return "last"
    day = value.get("date")
    if isinstance(day, bool) or not isinstance(day, int):
        raise AzureError(join(path, "date"), f"{show(day)} is not a day of the month")
    return day


def _json_path(origin: dict[str, str], loc: str) -> str:
    """The JSON path a policy field came from: the longest recorded prefix of ``loc``."""
    bare = re.sub(r"\[\d+\]$", "", loc)
    index = loc[len(bare):]
    if bare in origin:
        return origin[bare] + index
    parts = bare.split(".")
    while parts:
        key = ".".join(parts)
        if key in origin:
            return origin[key]
        parts.pop()
    return "(root)"
