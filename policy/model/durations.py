"""Durations in requirements, kept in the units they were written in (SPEC §9).

``Depth`` is a calendar duration (``84 months``: ``for``, ``max_age``) and ``Span`` an
elapsed one (``31m``, ``25h``, ``2d``: ``grace``, ``rpo``). Keeping the unit means a saved
file says what its author wrote; calendar arithmetic on depths lives in
``policy.audit.periods``. Each parser's message names the bad value and what is allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

DepthUnit = Literal["days", "weeks", "months", "years"]
#: Largest count per unit: about a century, inside the dates the tool answers for.
DEPTH_MAX: dict[DepthUnit, int] = {"days": 36_600, "weeks": 5_220, "months": 1_200,
                                   "years": 100}
_DEPTH_RE = re.compile(r"^(\d+)\s*(day|week|month|year)s?$")


@dataclass(frozen=True, slots=True)
class Depth:
    """A calendar duration ``N days|weeks|months|years`` (SPEC §9 ``for``, ``max_age``)."""

    count: int
    unit: DepthUnit

    def __str__(self) -> str:
        return f"{self.count} {self.unit if self.count != 1 else self.unit[:-1]}"


def parse_depth(value: Any) -> Depth:
    """``"84 months"`` -> ``Depth(84, "months")``; the message says what is allowed."""
    if isinstance(value, Depth):
        return value
    match = _DEPTH_RE.match(value.strip().lower()) if isinstance(value, str) else None
    if match is None:
        raise PydanticCustomError(
            "depth_format",
            '{value} is not a duration; write "N days", "N weeks", "N months" or '
            '"N years", e.g. "84 months"',
            {"value": repr(value)},
        )
    count, unit = int(match[1]), f"{match[2]}s"
    high = DEPTH_MAX[unit]  # type: ignore[index]
    if not 1 <= count <= high:
        raise PydanticCustomError(
            "depth_range", "{value} is out of range: 1 to {high} {unit}",
            {"value": repr(value), "high": high, "unit": unit},
        )
    return Depth(count, unit)  # type: ignore[arg-type]


SpanUnit = Literal["m", "h", "d"]
_SPAN_MINUTES: dict[SpanUnit, int] = {"m": 1, "h": 60, "d": 1440}
_SPAN_RE = re.compile(r"^(\d+)\s*(m|min|h|d)$")


@dataclass(frozen=True, slots=True)
class Span:
    """An elapsed time in minutes, hours or days (``31m``, ``25h``, ``2d``)."""

    count: int
    unit: SpanUnit

    @property
    def minutes(self) -> int:
        return self.count * _SPAN_MINUTES[self.unit]

    def __str__(self) -> str:
        return f"{self.count}{self.unit}"


NO_GRACE = Span(0, "m")


def _span_parser(field: str, low: int, high_minutes: int, high_text: str) -> Any:
    def parse(value: Any) -> Span:
        if isinstance(value, Span):
            return value
        text = value.strip().lower() if isinstance(value, str) else None
        match = _SPAN_RE.match(text) if text is not None else None
        if match is None:
            raise PydanticCustomError(
                "span_format",
                "{value} is not a {field}; write minutes, hours or days such as "
                '"31m", "25h" or "2d"',
                {"value": repr(value), "field": field},
            )
        unit: SpanUnit = "m" if match[2] == "min" else match[2]  # type: ignore[assignment]
        span = Span(int(match[1]), unit)
        if not low <= span.minutes <= high_minutes:
            raise PydanticCustomError(
                "span_range", "{value} is out of range: {field} is {low} to {high}",
                {"value": repr(value), "field": field, "low": "0m" if low == 0 else "1m",
                 "high": high_text},
            )
        return span

    return parse


_SPAN_SCHEMA = WithJsonSchema({"type": "string", "pattern": r"^\d+(m|h|d)$",
                               "examples": ["1h"]})
Grace = Annotated[Span, PlainValidator(_span_parser("grace", 0, 28 * 1440, "28d")),
                  PlainSerializer(str, return_type=str), _SPAN_SCHEMA]
Rpo = Annotated[Span, PlainValidator(_span_parser("an rpo", 1, 366 * 1440, "366d")),
                PlainSerializer(str, return_type=str), _SPAN_SCHEMA]
DepthValue = Annotated[
    Depth,
    PlainValidator(parse_depth),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^\d+ (day|week|month|year)s?$",
                    "examples": ["84 months"]}),
]
