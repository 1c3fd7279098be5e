"""The policy file's values: enums, and the scalar types with their own messages.

Times are ``HH:MM`` (schedule times on the half hour, as Azure Backup accepts them),
days of the month are 1–28 or ``last`` (29–31 do not exist every month), anchors are
plain dates within the years the tool answers for. Each parser raises a
``PydanticCustomError`` whose message names the bad value and what is allowed.

These are the *only* parsers of typed text: files, CLI options (``--from``) and the
designer's inputs all call them, so they accept and refuse the same things. Digits are
ASCII digits only (Python's ``int``, ``str.isdigit`` and ``date.fromisoformat`` also take
``"٢٣"``, ``"²"``, ``"20260115"`` or ``"2026-W03-4"``; the schema does not).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date, datetime, time
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

_TIME_RE = re.compile(r"([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?", re.ASCII)
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_DATETIME_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}"
                          r"(?:\.[0-9]{1,6})?)?(?:Z|[+-][0-9]{2}:[0-9]{2})?)?", re.ASCII)
_WHOLE_RE = re.compile(r"[+-]?[0-9]{1,18}", re.ASCII)
_DECIMAL_RE = re.compile(r"[+-]?(?:[0-9]{1,18}(?:\.[0-9]{0,12})?|\.[0-9]{1,12})"
                         r"(?:[eE][+-]?[0-9]{1,3})?", re.ASCII)


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


# --- showing and parsing typed text ----------------------------------------------------


def shown(value: Any) -> str:
    """A value as a message shows it: text quoted, dates ISO, never a Python repr."""
    if isinstance(value, str):
        text = repr(value)
        return text if len(text) <= 60 else text[:57] + "…'"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, int) and not -10**18 < value < 10**18:
        return f"a number of {len(str(abs(value))):,} digits"
    if isinstance(value, int | float):
        return str(value)
    if value is None:
        return "null"
    if isinstance(value, dict) or hasattr(value, "keys"):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return f"a value of type {type(value).__name__}"


def parse_whole(text: str) -> int:
    """A whole number written with ASCII digits (at most 18), e.g. ``"30"`` or ``"-1"``."""
    stripped = text.strip()
    if not _WHOLE_RE.fullmatch(stripped):
        raise PydanticCustomError(
            "int_text", "{value} is not a whole number; write digits 0–9, e.g. 30",
            {"value": shown(text)},
        )
    return int(stripped)


def parse_decimal(text: str) -> float:
    """A finite decimal number written with ASCII digits, e.g. ``"800"`` or ``"2.5"``."""
    stripped = text.strip()
    number = float(stripped) if _DECIMAL_RE.fullmatch(stripped) else math.nan
    if not math.isfinite(number):
        raise PydanticCustomError(
            "float_text", "{value} is not a number; write digits 0–9, e.g. 800 or 2.5",
            {"value": shown(text)},
        )
    return number


def parse_iso_date(text: str) -> date:
    """A calendar date written exactly ``YYYY-MM-DD`` (ASCII digits)."""
    stripped = text.strip()
    if _DATE_RE.fullmatch(stripped):
        try:
            return date.fromisoformat(stripped)
        except ValueError:
            raise PydanticCustomError(
                "date_format", "{value} is not a date of the calendar; write YYYY-MM-DD, "
                "e.g. 2026-01-15", {"value": shown(text)},
            ) from None
    raise PydanticCustomError(
        "date_format", "{value} is not a date; write YYYY-MM-DD, e.g. 2026-01-15",
        {"value": shown(text)},
    )


def parse_iso_datetime(text: str) -> date | datetime:
    """``YYYY-MM-DD`` (a date) or ``YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]`` (a date-time)."""
    stripped = text.strip()
    if _DATE_RE.fullmatch(stripped):
        return parse_iso_date(stripped)
    if _DATETIME_RE.fullmatch(stripped):
        try:
            return datetime.fromisoformat(stripped.replace("Z", "+00:00"))
        except ValueError:
            pass
    raise PydanticCustomError(
        "datetime_format", "{value} is not a date-time; write YYYY-MM-DDTHH:MM, e.g. "
        "2026-03-28T12:00 (add Z or +01:00 for an offset)", {"value": shown(text)},
    )


def parse_name(value: Any) -> str:
    """A policy name: 1–64 letters, digits, spaces, ``.``, ``_`` or ``-``, with at least
    one letter or digit (``..`` and blanks are not names)."""
    if not isinstance(value, str):
        raise PydanticCustomError("name_type", "expected a name as text, got {value}",
                                  {"value": shown(value)})
    if not _NAME_RE.fullmatch(value) or not re.search(r"[A-Za-z0-9]", value):
        raise PydanticCustomError(
            "name_format", "{value} is not a valid name: 1–64 letters, digits, spaces, . _ or "
            "-, with at least one letter or digit",
            {"value": shown(value)},
        )
    return value


NAME_PATTERN = r"^[A-Za-z0-9 ._-]{1,64}$"
_NAME_RE = re.compile(NAME_PATTERN[1:-1], re.ASCII)
PolicyName = Annotated[
    str,
    PlainValidator(parse_name),
    WithJsonSchema({"type": "string", "minLength": 1, "maxLength": 64,
                    "pattern": r"^(?=.*[A-Za-z0-9])[A-Za-z0-9 ._-]{1,64}$"}),
]


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
            {"value": shown(value)},
        )
    match = _TIME_RE.fullmatch(value.strip())
    if not match or len(match[1]) != 2:
        raise PydanticCustomError(
            "time_format",
            '{value} is not a time; write HH:MM with digits 0–9, e.g. "23:30" or "07:30"',
            {"value": shown(value)},
        )
    hour, minute, second = match.groups()
    if second is not None:
        raise PydanticCustomError(
            "time_format",
            "{value}: seconds are not allowed; write HH:MM",
            {"value": shown(value)},
        )
    if int(hour) > 23 or int(minute) > 59:
        raise PydanticCustomError(
            "time_range",
            "{value} is not a time of day (00:00–23:59)",
            {"value": shown(value)},
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
            {"value": shown(value)},
        )
    if 29 <= value <= 31:
        raise PydanticCustomError(
            "day_of_month",
            'day {value} does not exist in every month; use "last" for the month\'s last '
            "day (allowed: 1–28 or last; Azure PowerShell caps days at 28: "
            "MaxAllowedDateInMonth = 28, azure-powershell Utils.cs)",
            {"value": shown(value)},
        )
    if not 1 <= value <= 28:
        raise PydanticCustomError(
            "day_of_month",
            '{value} is not a day of the month; use 1–28 or "last"',
            {"value": shown(value)},
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
        parsed = parse_iso_date(value)
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
        {"value": shown(value)},
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
