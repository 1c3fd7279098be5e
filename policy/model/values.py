"""The policy file's values: enums, and the scalar types with their own messages.

Times are ``HH:MM`` (schedule times on the half hour, as Azure Backup accepts them),
days of the month are 1–28 or ``last`` (29–31 do not exist every month), anchors are
plain dates within the years the tool answers for. Each parser raises a
``PydanticCustomError`` whose message names the bad value and what is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


#: The four retention tiers, lowest first (SPEC §5).
TierName = Literal["daily", "weekly", "monthly", "yearly"]
TIER_NAMES: tuple[TierName, ...] = ("daily", "weekly", "monthly", "yearly")


class Target(StrEnum):
    """Which Azure Backup product the policy is for: it decides the bounds that apply."""

    MARS = "mars"
    AZURE_VM = "azure-vm"


class Frequency(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    HOURLY = "hourly"
    """Enhanced azure-vm policies only: every few hours inside a daily window."""


class PolicyType(StrEnum):
    """Azure VM policy type: standard is policyType V1, enhanced is V2."""

    STANDARD = "standard"
    ENHANCED = "enhanced"


class TieringUnit(StrEnum):
    """Unit of tier_after, as tieringPolicy.ArchivedRP.durationType in Azure."""

    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"
    YEARS = "years"


class Weekday(StrEnum):
    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"

    @property
    def ordinal(self) -> int:
        """Monday = 0 … Sunday = 6, as ``date.weekday()``."""
        return list(Weekday).index(self)


class Month(StrEnum):
    JANUARY = "january"
    FEBRUARY = "february"
    MARCH = "march"
    APRIL = "april"
    MAY = "may"
    JUNE = "june"
    JULY = "july"
    AUGUST = "august"
    SEPTEMBER = "september"
    OCTOBER = "october"
    NOVEMBER = "november"
    DECEMBER = "december"

    @property
    def number(self) -> int:
        """January = 1 … December = 12."""
        return list(Month).index(self) + 1


class WeekOfMonth(StrEnum):
    """first = days 1–7, second = 8–14, third = 15–21, fourth = 22–28, last = last 7 days."""

    FIRST = "first"
    SECOND = "second"
    THIRD = "third"
    FOURTH = "fourth"
    LAST = "last"


class ClockMode(StrEnum):
    FIXED_OFFSET = "fixed-offset"
    WALL_CLOCK = "wall-clock"


class GapRule(StrEnum):
    SHIFT = "shift"
    SKIP = "skip"
    NEXT_VALID = "next-valid"


class FoldRule(StrEnum):
    FIRST = "first"
    SECOND = "second"
    BOTH = "both"


class Combine(StrEnum):
    LONGEST = "longest"
    TIER = "tier"


# --- scalar types -----------------------------------------------------------------------


def format_time(value: time) -> str:
    """``HH:MM``, the only way times are written."""
    return f"{value.hour:02d}:{value.minute:02d}"


def parse_clock_time(value: Any) -> time:
    """A local time ``HH:MM`` (any minute); seconds are not allowed."""
    if isinstance(value, time):
        if value.second or value.microsecond or value.tzinfo is not None:
            raise PydanticCustomError(
                "time_format",
                "{value} has seconds or an offset; write HH:MM",
                {"value": value.isoformat()},
            )
        return value
    if not isinstance(value, str):
        raise PydanticCustomError(
            "time_type",
            'expected a time as a string "HH:MM", got {value}',
            {"value": repr(value)},
        )
    match = _TIME_RE.match(value.strip())
    if not match:
        raise PydanticCustomError(
            "time_format",
            '{value} is not a time; write HH:MM, e.g. "23:30"',
            {"value": repr(value)},
        )
    hour, minute, second = match.groups()
    if second is not None:
        raise PydanticCustomError(
            "time_format",
            "{value}: seconds are not allowed; write HH:MM",
            {"value": repr(value)},
        )
    if int(hour) > 23 or int(minute) > 59:
        raise PydanticCustomError(
            "time_range",
            "{value} is not a time of day (00:00–23:59)",
            {"value": repr(value)},
        )
    return time(int(hour), int(minute))


def parse_schedule_time(value: Any) -> time:
    """A schedule time: ``HH:MM`` on the half hour, as Azure Backup accepts them."""
    parsed = parse_clock_time(value)
    if parsed.minute not in (0, 30):
        raise PydanticCustomError(
            "time_half_hour",
            "{value} is not on the half hour: backup times are HH:00 or HH:30 "
            "(e.g. {before} or {after})",
            {
                "value": format_time(parsed),
                "before": format_time(parsed.replace(minute=0 if parsed.minute < 30 else 30)),
                "after": format_time(_half_hour_after(parsed)),
            },
        )
    return parsed


def _half_hour_after(value: time) -> time:
    if value.minute < 30:
        return value.replace(minute=30)
    return time((value.hour + 1) % 24, 0)


_TIME_SCHEMA = {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d$", "examples": ["23:30"]}
_HALF_HOUR_SCHEMA = {
    "type": "string",
    "pattern": r"^([01]\d|2[0-3]):(00|30)$",
    "examples": ["23:30"],
}

ClockTime = Annotated[
    time,
    PlainValidator(parse_clock_time),
    PlainSerializer(format_time, return_type=str),
    WithJsonSchema(_TIME_SCHEMA),
]
ScheduleTime = Annotated[
    time,
    PlainValidator(parse_schedule_time),
    PlainSerializer(format_time, return_type=str),
    WithJsonSchema(_HALF_HOUR_SCHEMA),
]


def parse_day_of_month(value: Any) -> int | Literal["last"]:
    """A day of the month: 1–28 or ``last`` (29–31 do not exist every month)."""
    if value == "last":
        return "last"
    if isinstance(value, bool) or not isinstance(value, int):
        raise PydanticCustomError(
            "day_of_month",
            '{value} is not a day of the month; use 1–28 or "last"',
            {"value": repr(value)},
        )
    if 29 <= value <= 31:
        raise PydanticCustomError(
            "day_of_month",
            'day {value} does not exist in every month; use "last" for the month\'s last '
            "day (allowed: 1–28 or last)",
            {"value": repr(value)},
        )
    if not 1 <= value <= 28:
        raise PydanticCustomError(
            "day_of_month",
            '{value} is not a day of the month; use 1–28 or "last"',
            {"value": repr(value)},
        )
    return value


DayOfMonth = Annotated[
    int | Literal["last"],
    PlainValidator(parse_day_of_month),
    WithJsonSchema(
        {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 28}, {"const": "last"}]}
    ),
]


#: Dates an anchor may have: the same years the CLI answers for.
ANCHOR_EARLIEST = date(1900, 1, 1)
ANCHOR_LATEST = date(2200, 12, 31)


def parse_anchor(value: Any) -> date:
    """A calendar date ``YYYY-MM-DD`` (a date, not a date-time, not a number)."""
    if isinstance(value, datetime):
        raise PydanticCustomError(
            "date_type",
            "{value} is a date-time; write just the date YYYY-MM-DD",
            {"value": value.isoformat()},
        )
    parsed: date | None = value if isinstance(value, date) else None
    if isinstance(value, str):
        try:
            parsed = date.fromisoformat(value.strip())
        except ValueError:
            parsed = None
    if parsed is not None:
        if not ANCHOR_EARLIEST <= parsed <= ANCHOR_LATEST:
            raise PydanticCustomError(
                "date_range", "{value} is outside the supported dates {low} to {high}",
                {"value": parsed.isoformat(), "low": ANCHOR_EARLIEST.isoformat(),
                 "high": ANCHOR_LATEST.isoformat()},
            )
        return parsed
    raise PydanticCustomError(
        "date_format",
        "{value} is not a date; write YYYY-MM-DD, e.g. 2026-01-15",
        {"value": repr(value)},
    )


AnchorDate = Annotated[
    date,
    PlainValidator(parse_anchor),
    PlainSerializer(lambda d: d, return_type=date),
    WithJsonSchema({"type": "string", "format": "date"}),
]


def distinct(values: Sequence[Any] | None, what: str) -> None:
    if values is None:
        return
    seen: set[Any] = set()
    for value in values:
        if value in seen:
            raise PydanticCustomError(
                "not_distinct",
                "{value} is listed twice; {what} must be distinct",
                {"value": str(value), "what": what},
            )
        seen.add(value)
