"""Reading a body's retention tiers, and the reader state one import shares.

Split from ``policy.azure.importer`` to keep modules small. Every value read is recorded
with its JSON path (``Reader.origin``), so rule breaches name the body's path, and marked
as used (``Reader.used``), so ``policy.azure.fidelity`` keeps the rest verbatim.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from policy.azure.vocabulary import (
    DURATION_TYPE,
    SCHEDULE_KEY,
    AzureError,
    join,
    matches,
    month_of,
    parse_time,
    show,
    week_of,
    weekday_of,
)
from policy.model.models import TIER_NAMES, TierName


@dataclass
class Reader:
    """The state of one import: the policy data and where each field came from."""

    data: dict[str, Any] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)
    mapped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    """JSON paths turned into policy fields; the rest goes to ``azure.extra``."""
    datetimes: list[tuple[str, str, str]] = field(default_factory=list)
    """(JSON path, text, time of day) of every DateTime read, in order."""
    stands_for: dict[str, str] = field(default_factory=dict)
    """JSON path -> the policy's time of day a DateTime stands for, where it is another."""

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
        self.datetimes.append((path, value.strip(), parsed))
        return parsed


def list_of(parent: Mapping[str, Any], path: str) -> list[Any]:
    value = parent.get(path.rsplit(".", 1)[-1])
    if not isinstance(value, list) or not value:
        raise AzureError(path, "required: a non-empty list")
    return value


def mapping_of(parent: Mapping[str, Any], key: str, base: str) -> Mapping[str, Any]:
    value = parent.get(key)
    if not isinstance(value, Mapping):
        what = "missing" if value is None else f"not an object ({show(value)})"
        raise AzureError(join(base, key), f"required and {what}")
    return value


def read_retention(reader: Reader, ret: Mapping[str, Any], path: str) -> None:
    kind = ret.get("retentionPolicyType")
    reader.used.add(join(path, "retentionPolicyType"))
    if matches(kind, "LongTermRetentionPolicy") is None:
        raise AzureError(join(path, "retentionPolicyType"),
                         f"{show(kind)} is not supported; only "
                         "LongTermRetentionPolicy (daily/weekly/monthly/yearly) can be "
                         "imported")
    sched = reader.data["schedule"]
    if sched["frequency"] == "hourly":  # every tier's default: the window start
        times, first = [sched["window_start"]], [sched["window_start"]]
    else:
        times, first = sched["times"], [min(sched["times"])]
    reader.origin["retention"] = path
    for tier in TIER_NAMES:
        block = ret.get(SCHEDULE_KEY[tier])
        if block is None:
            continue
        tier_path = join(path, SCHEDULE_KEY[tier])
        reader.origin[f"retention.{tier}"] = tier_path
        if not isinstance(block, Mapping):
            raise AzureError(tier_path, f"expected an object, got {show(block)}")
        _tier(reader, tier, block, tier_path, sorted(times) if tier == "daily" else first)
        reader.mapped.append(f"retentionPolicy.{SCHEDULE_KEY[tier]} -> retention.{tier}")


def _tier(reader: Reader, tier: TierName, block: Mapping[str, Any], path: str,
          default: list[str]) -> None:
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
                                   for i, d in enumerate(list_of(block, days_path))], days_path)
    if tier == "yearly":
        months_path = join(path, "monthsOfYear")
        reader.put(f"{loc}.months", [month_of(m, join(months_path, i)).value
                                     for i, m in enumerate(list_of(block, months_path))],
                   months_path)
    if tier in ("monthly", "yearly"):
        _placement(reader, loc, block, path)
    times_path = join(path, "retentionTimes")
    raw = list_of(block, times_path)
    times = sorted(reader.time(v, join(times_path, i)) for i, v in enumerate(raw))
    reader.used.add(times_path)
    if times == default:
        return
    sched = reader.data["schedule"]
    if (reader.data.get("target") == "azure-vm" and sched["frequency"] != "hourly"
            and len(raw) == 1 and times[0] not in sched["times"]):
        # One backup a day: the tier's point can only be that backup, whatever time the
        # body names (Azure's IaaS_v2_daily.json: runs 10:00, retention times 08:00).
        reader.stands_for[join(times_path, 0)] = default[0]
        reader.notes.append(f"{join(times_path, 0)} {times[0]} is not the backup time "
                            f"{default[0]}; with one backup a day it can only be that "
                            "backup (written back as it was: azure.datetimes.exact)")
        return
    reader.put(f"{loc}.times", times, times_path)


def _placement(reader: Reader, loc: str, block: Mapping[str, Any], path: str) -> None:
    fmt_path = join(path, "retentionScheduleFormatType")
    fmt = matches(block.get("retentionScheduleFormatType"), "Daily", "Weekly")
    reader.used.add(fmt_path)
    if fmt == "Daily":
        daily = mapping_of(block, "retentionScheduleDaily", path)
        days_path = join(join(path, "retentionScheduleDaily"), "daysOfTheMonth")
        days = [_day(d, join(days_path, i)) for i, d in enumerate(list_of(daily, days_path))]
        reader.put(f"{loc}.days_of_month", days, days_path)
    elif fmt == "Weekly":
        weekly = mapping_of(block, "retentionScheduleWeekly", path)
        week_path = join(path, "retentionScheduleWeekly")
        days_path, weeks_path = join(week_path, "daysOfTheWeek"), join(week_path,
                                                                       "weeksOfTheMonth")
        reader.put(f"{loc}.weeks", [week_of(w, join(weeks_path, i)).value
                                    for i, w in enumerate(list_of(weekly, weeks_path))],
                   weeks_path)
        reader.put(f"{loc}.weekdays", [weekday_of(d, join(days_path, i)).value
                                       for i, d in enumerate(list_of(weekly, days_path))],
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
