"""What a policy must guarantee: the ``requirements:`` section of a policy file (SPEC §9).

One flat model holds the four kinds (coverage ``every``, ``rpo``, ``max_age``, ``max_points``)
rather than a union of models, so that every error carries the plain field path
(``requirements[2].for``) instead of pydantic's union branch names, and the designer edits
one form. Which fields a kind accepts is checked field by field (``day: 15`` with
``every: week`` is an error at ``requirements[i].day``) and, for the kind itself, on the
whole item.

Durations (``for``, ``grace``, ``rpo``, ``max_age``) are in ``policy.model.durations``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    SerializerFunctionWrapHandler,
    StrictInt,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from policy.model.durations import NO_GRACE, Depth, DepthValue, Grace, Rpo, Span
from policy.model.values import Month, Weekday, distinct


class Every(StrEnum):
    """The calendar period a coverage requirement counts in (local dates of the zone)."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


DayName = Literal["any", "first", "last"]
SelectedDay = DayName | int | Weekday


def parse_day(value: Any) -> SelectedDay:
    """``any``/``first``/``last``, a day 1-28 or a weekday (which period allows which is
    checked against ``every`` by the model)."""
    if isinstance(value, str) and value.strip().lower() in ("any", "first", "last"):
        return value.strip().lower()  # type: ignore[return-value]
    if isinstance(value, str):
        try:
            return Weekday(value.strip().lower())
        except ValueError:
            pass
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 28:
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 29 <= value <= 31:
        raise PydanticCustomError(
            "requirement_day",
            "day {value} does not exist in every month; use last for the month's last day "
            "(allowed: any, first, last, 1-28 for months, a weekday for weeks)",
            {"value": value},
        )
    raise PydanticCustomError(
        "requirement_day",
        "{value} is not allowed; use any, first, last, a day 1-28 (every: month) or a "
        "weekday such as sunday (every: week)",
        {"value": repr(value)},
    )


DayValue = Annotated[
    SelectedDay,
    PlainValidator(parse_day),
    PlainSerializer(lambda d: d.value if isinstance(d, Weekday) else d),
    WithJsonSchema({"anyOf": [
        {"enum": ["any", "first", "last", *(w.value for w in Weekday)]},
        {"type": "integer", "minimum": 1, "maximum": 28}]}),
]

RequirementKind = Literal["coverage", "rpo", "max_age", "max_points"]
_KINDS: tuple[RequirementKind, ...] = ("coverage", "rpo", "max_age", "max_points")
_COVERAGE_ONLY = ("day", "months", "for", "grace")


def _coverage_field(info: ValidationInfo) -> Every | None:
    """The item's ``every`` when it is known; raise when the field needs one and it is
    absent. (``every`` is declared first, so it is validated before the fields after it.)"""
    if "every" not in info.data:
        return None  # ``every`` itself failed: reported on its own
    every: Every | None = info.data["every"]
    if every is None:
        raise PydanticCustomError(
            "requirement_field",
            "{field} applies to coverage requirements only (those with every: day, week, "
            "month, quarter or year)",
            {"field": "for" if info.field_name == "depth" else str(info.field_name)},
        )
    return every


class Requirement(BaseModel):
    """One requirement: a coverage period (every), an RPO, a maximum age or a maximum
    number of points."""

    model_config = ConfigDict(frozen=True, extra="forbid", serialize_by_alias=True)

    every: Every | None = Field(
        default=None,
        description="Coverage: the period that must hold a point (day, week, month, quarter, "
                    "year; local dates, weeks Monday-Sunday).")
    day: DayValue = Field(
        default="any",
        description="Coverage: which day of the period: any (default), first, last, 1-28 "
                    "(months), or a weekday (weeks).")
    months: tuple[Month, ...] | None = Field(
        default=None, min_length=1, max_length=12,
        description="Coverage, months only: keep just the periods of these months "
                    "(e.g. [june] for a June fiscal year-end).")
    depth: DepthValue | None = Field(
        default=None, alias="for",
        description='Coverage: how long each period stays required after its day, e.g. '
                    '"84 months" (N days, weeks, months or years).')
    grace: Grace = Field(
        default=NO_GRACE, json_schema_extra={"default": "0m"},
        description='Coverage: how long after the day ends a point still counts for it, '
                    'e.g. "31m", "1h" (default 0).')
    rpo: Rpo | None = Field(
        default=None, description='The newest point is never older than this, e.g. "25h".')
    max_age: DepthValue | None = Field(
        default=None,
        description='No point is kept longer than this (erasure duties), e.g. "10 years".')
    max_points: StrictInt | None = Field(
        default=None, ge=1, le=1_000_000,
        description="The peak number of points alive at once is at most this.")
    label: str | None = Field(
        default=None, min_length=1, max_length=100,
        description="Optional name used in reports, e.g. 'fiscal year-end'.")

    @field_validator("day")
    @classmethod
    def _day_fits(cls, v: SelectedDay, info: ValidationInfo) -> SelectedDay:
        every = _coverage_field(info)
        if every is None:
            return v
        if isinstance(v, int) and every is not Every.MONTH:
            raise PydanticCustomError(
                "requirement_day",
                "day {value} is a day of the month, which only every: month allows; with "
                "every: {every} use {allowed}",
                {"value": v, "every": every.value,
                 "allowed": "any, first, last or a weekday" if every is Every.WEEK
                 else "any, first or last"})
        if isinstance(v, Weekday) and every is not Every.WEEK:
            raise PydanticCustomError(
                "requirement_day",
                "day {value} is a weekday, which only every: week allows; with every: "
                "{every} use {allowed}",
                {"value": v.value, "every": every.value,
                 "allowed": "any, first, last or 1-28" if every is Every.MONTH
                 else "any, first or last"})
        return v

    @field_validator("months")
    @classmethod
    def _months_fit(cls, v: tuple[Month, ...] | None, info: ValidationInfo
                    ) -> tuple[Month, ...] | None:
        every = _coverage_field(info)
        if v is not None and every is not None and every is not Every.MONTH:
            raise PydanticCustomError(
                "requirement_field",
                "months filters month periods only; every is {every} (use every: month)",
                {"every": every.value})
        distinct(v, "months")
        return v

    @field_validator("depth", "grace")
    @classmethod
    def _coverage_only(cls, v: Any, info: ValidationInfo) -> Any:
        _coverage_field(info)
        return v

    @model_validator(mode="after")
    def _one_kind(self) -> Requirement:
        given = [k for k in _KINDS if self._value_of(k) is not None]
        if len(given) != 1:
            raise PydanticCustomError(
                "requirement_kind",
                "a requirement has exactly one of every (with for), rpo, max_age or "
                "max_points; got {given}",
                {"given": ", ".join("every" if k == "coverage" else k for k in given)
                 or "none"})
        if self.every is not None and self.depth is None:
            raise PydanticCustomError(
                "requirement_kind",
                'every: {every} needs for: how long each period stays required, e.g. '
                '"84 months"', {"every": self.every.value})
        return self

    @model_serializer(mode="wrap")
    def _only_given(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """What the user wrote: no ``None`` fields and no defaults (``day: any``, no grace),
        so a dump reads back as the same requirement (``day``/``grace`` are refused on an
        ``rpo`` item, and would otherwise be dumped there)."""
        data: dict[str, Any] = handler(self)
        defaults = {"day": ("any",), "grace": (NO_GRACE, str(NO_GRACE))}
        return {k: v for k, v in data.items()
                if v is not None and v not in defaults.get(k, ())}

    def _value_of(self, kind: RequirementKind) -> object:
        return {"coverage": self.every, "rpo": self.rpo, "max_age": self.max_age,
                "max_points": self.max_points}[kind]

    @property
    def kind(self) -> RequirementKind:
        """Which of the four kinds this requirement is."""
        return next(k for k in _KINDS if self._value_of(k) is not None)


#: The error types of this module whose message is already complete.
OWN_ERROR_TYPES = frozenset({"depth_format", "depth_range", "span_format", "span_range",
                             "requirement_day", "requirement_field", "requirement_kind"})

__all__ = ["NO_GRACE", "OWN_ERROR_TYPES", "Depth", "Every", "Requirement", "Span",
           "parse_day"]
