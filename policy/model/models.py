"""The policy file as frozen pydantic models (SPEC §2).

Field-level rules (types, enums, formats, the half-hour grid, distinct lists, day 1–28 or
``last``) live here and in ``policy.model.values``; rules that need several fields at once, or
the target's bounds, live in ``policy.model.rules`` and run from ``Policy``'s model validator,
so a ``Policy`` object is always a valid policy.
"""

from __future__ import annotations

from datetime import time
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StrictInt,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from policy.model.azure_section import AzureSection, migrate_legacy
from policy.model.enhanced import EVERY_HOURS, WINDOW_HOURS, hourly_slots
from policy.model.errors import CrossFieldFailure
from policy.model.requirements import Requirement
from policy.model.rules import cross_field_errors
from policy.model.values import (
    ANCHOR_EARLIEST,
    ANCHOR_LATEST,
    NAME_PATTERN,
    TIER_NAMES,
    AnchorDate,
    ClockMode,
    ClockTime,
    Combine,
    DayOfMonth,
    FoldRule,
    Frequency,
    GapRule,
    Month,
    PolicyName,
    PolicyType,
    ScheduleTime,
    Target,
    TieringUnit,
    TierName,
    Weekday,
    WeekOfMonth,
    distinct,
    format_time,
    parse_anchor,
    parse_clock_time,
    parse_day_of_month,
    parse_schedule_time,
)

__all__ = [
    "ANCHOR_EARLIEST", "ANCHOR_LATEST", "NAME_PATTERN", "TIER_NAMES", "ClockMode", "Combine",
    "DailyTier",
    "FoldRule", "Frequency", "GapRule", "Machine", "Month", "MonthlyTier", "Policy",
    "PolicyType", "Pricing", "Retention", "Schedule", "Target", "TierName", "Tiering",
    "TieringUnit", "Volume", "WeekOfMonth", "Weekday",
    "WeeklyTier", "Window", "YearlyTier", "format_time", "parse_anchor", "parse_clock_time",
    "parse_day_of_month", "parse_schedule_time",
]

# --- sections ---------------------------------------------------------------------------


class Model(BaseModel):
    """Frozen, strict about unknown fields, documented fields."""

    # No NaN or infinity anywhere: ``.inf`` GB is not a size (and breaks the estimates).
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class Schedule(Model):
    """When backups run, in the frame clock (see docs/concepts.md)."""

    frequency: Frequency = Field(description=(
        "daily: every day; weekly: on the listed days; hourly (enhanced azure-vm only): "
        "every every_hours inside the window."))
    days: tuple[Weekday, ...] | None = Field(
        default=None,
        min_length=1,
        max_length=7,
        description="Weekly only: the weekdays backups run on (1–7 distinct).",
    )
    every_weeks: StrictInt | None = Field(
        default=None,
        ge=1,
        le=4,
        description=(
            "Weekly only: run every Nth week (1–4), "
            "counted from the ISO week of clock.anchor."
        ),
    )
    times: tuple[ScheduleTime, ...] = Field(
        default=(),
        description=(
            "Local times HH:MM on the half hour: 1–3 (mars) or exactly 1 (azure-vm); hourly "
            "schedules leave it out (their runs follow from the window)."),
    )
    every_hours: StrictInt | None = Field(
        default=None, description="Hourly only: hours between runs, 4, 6, 8 or 12.")
    window_start: ScheduleTime | None = Field(
        default=None,
        description="Hourly only: the first run of each day, HH:MM on the half hour.")
    window_hours: StrictInt | None = Field(
        default=None, ge=WINDOW_HOURS[0], le=WINDOW_HOURS[1],
        description="Hourly only: how long the window lasts, 4–24 hours (a multiple of "
                    "every_hours).")

    @field_validator("every_hours")
    @classmethod
    def _known_interval(cls, v: int | None) -> int | None:
        if v is not None and v not in EVERY_HOURS:
            raise PydanticCustomError(
                "hourly_interval", "{value} is not allowed; Azure runs hourly backups every "
                "4, 6, 8 or 12 hours", {"value": v})
        return v

    @model_validator(mode="after")
    def _hourly_times(self) -> Schedule:
        """An hourly schedule's ``times`` are its window's slots (never written to a file:
        they are not among the fields set, and files are saved with ``exclude_unset``)."""
        if (self.frequency is Frequency.HOURLY and "times" not in self.model_fields_set
                and self.every_hours and self.window_start is not None and self.window_hours
                and self.window_hours % self.every_hours == 0):
            slots = hourly_slots(self.window_start, self.every_hours, self.window_hours)
            object.__setattr__(self, "times", slots)
        return self

    @field_validator("days")
    @classmethod
    def _days_distinct(cls, v: tuple[Weekday, ...] | None) -> tuple[Weekday, ...] | None:
        distinct(v, "days")
        return v

    @field_validator("times")
    @classmethod
    def _times_distinct(cls, v: tuple[time, ...]) -> tuple[time, ...]:
        if not v:  # the default () is for hourly schedules only; [] is never right
            raise PydanticCustomError("times_empty", "needs at least 1 value, got an empty list")
        distinct([format_time(t) for t in v], "times")
        return tuple(sorted(v))

    @property
    def weeks_interval(self) -> int:
        """``every_weeks`` with its default of 1."""
        return self.every_weeks or 1


class Clock(Model):
    """How the stored schedule maps to instants in time."""

    mode: ClockMode = Field(
        default=ClockMode.FIXED_OFFSET,
        description=(
            "fixed-offset: the UTC offset of the anchor date is kept all year, as Azure "
            "Backup does; wall-clock: backups follow the zone's clock through DST."
        ),
    )
    anchor: AnchorDate | None = Field(
        default=None,
        description=(
            "The date the policy is (or was) saved in Azure, whose offset is frozen; "
            "without it, answers depend on the start date you ask for."
        ),
    )
    gap: GapRule = Field(
        default=GapRule.SHIFT,
        description=(
            "Wall-clock only: a run whose local time does not exist (clocks go forward) "
            "is shifted by the gap's size, skipped, or run at the first valid time after the "
            "gap."
        ),
    )
    fold: FoldRule = Field(
        default=FoldRule.FIRST,
        description=(
            "Wall-clock only: a run whose local time happens twice (clocks go back) runs "
            "at the first, the second, or both of them."
        ),
    )


class Window(Model):
    """Local hours in which backups may run: start included, end excluded; may wrap midnight."""

    start: ClockTime = Field(description="Start of the window, HH:MM (included).")
    end: ClockTime = Field(description="End of the window, HH:MM (excluded).")

    @model_validator(mode="after")
    def _not_empty(self) -> Window:
        if self.start == self.end:
            raise PydanticCustomError(
                "window_empty",
                "start and end are both {value}: the window would be empty",
                {"value": format_time(self.start)},
            )
        return self

    def contains(self, value: time) -> bool:
        """Whether a local wall time lies in the window."""
        if self.start < self.end:
            return self.start <= value < self.end
        return value >= self.start or value < self.end


class _Tier(Model):
    keep: StrictInt = Field(
        description="How many units (days, weeks, months, years) a point of this tier is kept."
    )
    times: tuple[ScheduleTime, ...] | None = Field(
        default=None,
        min_length=1,
        description=(
            "Schedule times whose runs count for this "
            "tier; default: all (daily) or the earliest."
        ),
    )

    @field_validator("times")
    @classmethod
    def _times_distinct(cls, v: tuple[time, ...] | None) -> tuple[time, ...] | None:
        if v is not None:
            distinct([format_time(t) for t in v], "times")
            return tuple(sorted(v))
        return v


class DailyTier(_Tier):
    """Daily recovery points, each kept the given number of days."""


class WeeklyTier(_Tier):
    """Weekly recovery points on the listed weekdays, each kept the given number of weeks."""

    days: tuple[Weekday, ...] = Field(
        min_length=1, max_length=7, description="The weekdays whose run is a weekly point."
    )

    @field_validator("days")
    @classmethod
    def _days_distinct(cls, v: tuple[Weekday, ...]) -> tuple[Weekday, ...]:
        distinct(v, "days")
        return v


class _Placed(_Tier):
    """A tier placed on days of the month, or on weekdays of given weeks."""

    days_of_month: tuple[DayOfMonth, ...] | None = Field(
        default=None, min_length=1, description="Day-based form: days 1–28 and/or 'last'."
    )
    weeks: tuple[WeekOfMonth, ...] | None = Field(
        default=None,
        min_length=1,
        description="Week-based form: first/second/third/fourth/last week of the month.",
    )
    weekdays: tuple[Weekday, ...] | None = Field(
        default=None, min_length=1, description="Week-based form: weekdays within those weeks."
    )

    @field_validator("days_of_month", "weeks", "weekdays")
    @classmethod
    def _distinct_items(cls, v: tuple[Any, ...] | None) -> tuple[Any, ...] | None:
        distinct(v, "values")
        return v

    @model_validator(mode="after")
    def _one_form(self) -> _Placed:
        day_based = self.days_of_month is not None
        week_based = self.weeks is not None or self.weekdays is not None
        if day_based and week_based:
            raise PydanticCustomError(
                "tier_form",
                "use either days_of_month (day-based) or weeks + weekdays (week-based), not both",
            )
        if not day_based and not week_based:
            raise PydanticCustomError(
                "tier_form",
                "say where points fall: days_of_month (e.g. [1, last]) or weeks + weekdays "
                "(e.g. weeks: [last], weekdays: [sunday])",
            )
        if week_based and (self.weeks is None or self.weekdays is None):
            missing = "weekdays" if self.weekdays is None else "weeks"
            raise PydanticCustomError(
                "tier_form",
                "the week-based form needs both weeks and weekdays; {missing} is missing",
                {"missing": missing},
            )
        return self

    @property
    def day_based(self) -> bool:
        """Whether the tier uses ``days_of_month``."""
        return self.days_of_month is not None


class MonthlyTier(_Placed):
    """Monthly recovery points, each kept the given number of months."""


class YearlyTier(_Placed):
    """Yearly recovery points in the listed months, each kept the given number of years."""

    months: tuple[Month, ...] = Field(
        min_length=1, max_length=12, description="Months whose placed days are yearly points."
    )

    @field_validator("months")
    @classmethod
    def _months_distinct(cls, v: tuple[Month, ...]) -> tuple[Month, ...]:
        distinct(v, "months")
        return v




class Tiering(Model):
    """Archive tiering of monthly and yearly points: recommended, or tier_after with a unit.

    Written "tiering: recommended" (Azure picks the points, TierRecommended) or
    "tiering: {tier_after: 3, unit: months}" (TierAfter).
    """

    tier_after: StrictInt | None = Field(
        default=None, description="TierAfter: move points to the archive tier this long "
                                  "after they are taken (at least 3 months).")
    unit: TieringUnit = Field(default=TieringUnit.MONTHS,
                              description="Unit of tier_after: days, weeks, months, years.")
    recommended: bool = Field(default=False, description="TierRecommended: Azure picks "
                              "the points that save money in the archive tier.")

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        if value == "recommended":
            return {"recommended": True}
        if isinstance(value, str):
            raise PydanticCustomError(
                "tiering", "{value} is not a tiering; write tiering: recommended or "
                "tiering: {{tier_after: 3, unit: months}}", {"value": repr(value)})
        return value

    @model_validator(mode="after")
    def _one_mode(self) -> Tiering:
        if self.recommended == (self.tier_after is not None):
            raise PydanticCustomError(
                "tiering", "say either recommended or tier_after (with its unit), not both "
                "or neither")
        if self.recommended and "unit" in self.model_fields_set:
            raise PydanticCustomError("tiering", "unit goes with tier_after only")
        return self

    @model_serializer(mode="wrap")
    def _write_short(self, handler: SerializerFunctionWrapHandler) -> Any:
        return "recommended" if self.recommended else handler(self)


class Retention(Model):
    """Retention tiers; an absent or null tier is off."""

    combine: Combine = Field(
        default=Combine.LONGEST,
        description=(
            "longest: a point is kept as long as its longest-kept tier says; tier: the "
            "highest tier it belongs to decides."
        ),
    )
    daily: DailyTier | None = Field(default=None, description="Daily points, kept N days.")
    weekly: WeeklyTier | None = Field(default=None, description="Weekly points, kept N weeks.")
    monthly: MonthlyTier | None = Field(default=None, description="Monthly points, kept N months.")
    yearly: YearlyTier | None = Field(default=None, description="Yearly points, kept N years.")

    def tiers(self) -> dict[TierName, _Tier]:
        """The tiers that are on, lowest first."""
        found: dict[TierName, _Tier | None] = {
            "daily": self.daily,
            "weekly": self.weekly,
            "monthly": self.monthly,
            "yearly": self.yearly,
        }
        return {k: v for k, v in found.items() if v is not None}


class Data(Model):
    """What is protected, for the storage estimate (docs/policy-file.md, data)."""

    size_gb: float = Field(
        gt=0, le=10_000_000,
        description="Size of the protected data in GB at the horizon start (front-end size).",
    )
    daily_change_percent: float = Field(
        ge=0, le=100, description="Share of the data that changes per day, in percent."
    )
    hot_percent: float | None = Field(
        default=None, gt=0, le=100,
        description=(
            "Share of the data the daily changes fall on (the hot set), in percent; default "
            "5 x daily_change_percent, at most 100. Two points g days apart differ by "
            "hot x (1 - (1 - change/hot)^g). The knob to calibrate against real usage "
            "(MARS Get-OBMachineUsage): 100 is the pessimistic random-block model."
        ),
    )
    yearly_growth_percent: float = Field(
        default=0, ge=-50, le=1000,
        description="Yearly growth of the protected data, in percent, compounded.",
    )
    compression_percent: float = Field(
        default=0, ge=0, lt=100,
        description="How much smaller the vault holds the data, in percent (Azure: 30-40).",
    )

    @model_validator(mode="after")
    def _hot_holds_the_change(self) -> Data:
        if self.hot_percent is not None and self.hot_percent < self.daily_change_percent:
            raise PydanticCustomError(
                "hot_below_change",
                "hot_percent {hot} is less than daily_change_percent {change}: the daily "
                "changes fall on the hot set, so it must be at least {change}",
                {"hot": f"{self.hot_percent:g}", "change": f"{self.daily_change_percent:g}"},
            )
        return self

    @property
    def hot(self) -> float:
        """The hot set in percent: ``hot_percent`` or its default, 5 x the daily change."""
        if self.hot_percent is not None:
            return self.hot_percent
        return min(100.0, 5 * self.daily_change_percent)


class Pricing(Model):
    """Prices for the cost estimate: none are built in, they change by region."""

    instance: float | None = Field(
        default=None, ge=0, le=1_000_000,
        description="Monthly price of one protected instance (each started 500 GB past 50 GB "
                    "is one more instance).",
    )
    small_instance: float | None = Field(
        default=None, ge=0, le=1_000_000,
        description="Monthly price of a protected instance of at most 50 GB (default: "
                    "the instance price).",
    )
    gb_month: float | None = Field(
        default=None, ge=0, le=1_000_000,
        description="Price of one GB of vault storage held for a month.",
    )
    currency: str = Field(
        default="", max_length=8, description="Currency label printed with costs, e.g. EUR."
    )


class Volume(Model):
    """One protected volume of the machine."""

    name: str = Field(
        min_length=1, max_length=64, description="Drive letter or mount point, e.g. 'D:'."
    )
    size_gb: float = Field(gt=0, description="Data backed up from this volume, in GB.")


class Machine(Model):
    """The protected server, for the MARS support-matrix checks."""

    os: str = Field(
        min_length=1, max_length=100, description="Operating system, e.g. 'Windows Server 2022'."
    )
    system_state: bool = Field(default=False, description="Whether system state is backed up.")
    volumes: tuple[Volume, ...] = Field(
        default=(), description="Protected volumes and the data backed up from each."
    )
    cache_free_gb: float | None = Field(
        default=None, ge=0, description="Free space in the MARS cache (scratch) folder, in GB."
    )


def known_zone(v: str) -> str:
    """``v`` when it names an IANA zone or a Windows time zone ID; the error suggests the
    closest names (used by every model with a ``timezone`` field)."""
    from policy.model import zones

    if not zones.known(v):
        close = zones.suggest(v)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise PydanticCustomError(
            "unknown_zone",
            "{value} is not a time zone known to tzdata {version} nor a Windows time "
            "zone ID{hint}",
            {"value": repr(v), "version": zones.BUNDLED.version, "hint": hint},
        )
    return v


class Policy(Model):
    """A retention policy file for Azure Backup (reference: docs/policy-file.md)."""

    name: PolicyName = Field(
        description="1–64 letters, digits, spaces, dots, underscores or hyphens (at least one "
        "letter or digit).",
    )
    target: Target = Field(
        default=Target.MARS, description="mars (default) or azure-vm: which bounds apply."
    )
    timezone: str = Field(
        min_length=1,
        max_length=64,
        description="IANA zone (Europe/Berlin) or Windows time zone ID (W. Europe Standard Time).",
    )
    schedule: Schedule = Field(description="When backups run.")
    clock: Clock = Field(
        default=Clock(),
        description="How the schedule maps to instants; default: fixed-offset like Azure Backup.",
    )
    window: Window | None = Field(
        default=None, description="Optional local hours in which backups may run."
    )
    retention: Retention = Field(description="How long recovery points are kept.")
    data: Data | None = Field(
        default=None, description="Optional: data size and change rate for the storage estimate."
    )
    machine: Machine | None = Field(
        default=None, description="Optional: the protected server, for the support-matrix checks."
    )
    pricing: Pricing | None = Field(
        default=None, description="Optional: prices for the monthly cost of the storage estimate."
    )
    requirements: tuple[Requirement, ...] = Field(
        default=(), description="Optional: what the policy must guarantee (retention check)."
    )
    # Enhanced (V2) Azure VM settings; rules and bounds in policy.model.enhanced.
    policy_type: PolicyType = Field(
        default=PolicyType.STANDARD,
        description="azure-vm only: standard (policyType V1) or enhanced (V2: hourly runs, "
                    "up to 30 days of instant restore).")
    instant_restore_days: StrictInt | None = Field(
        default=None, description="azure-vm only: days the instant-restore snapshots stay "
                                  "on the VM's disks, 1–5 (standard) or 1–30 (enhanced).")
    tiering: Tiering | None = Field(
        default=None, description="azure-vm only: archive tiering of monthly and yearly "
                                  "points, recommended or {tier_after, unit}.")
    azure: AzureSection | None = Field(default=None, description="Azure fields kept verbatim.")

    @model_validator(mode="before")
    @classmethod
    def _migrate_azure(cls, data: Any) -> Any:
        """Files of issue 17 kept policy type and instant restore in ``azure:``."""
        return migrate_legacy(data)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, v: str) -> str:
        return known_zone(v)

    @model_validator(mode="after")
    def _cross_field(self) -> Policy:
        problems = cross_field_errors(self)
        if problems:
            # Not a ValueError on purpose: pydantic would fold it into one line, and each
            # problem keeps its own field path. ``policy.model.validation`` turns it into
            # ``PolicyInvalid``.
            raise CrossFieldFailure(problems)
        return self

    @property
    def zone_name(self) -> str:
        """The IANA name of ``timezone`` (Windows IDs mapped through CLDR)."""
        from policy.model.zones import resolve_name

        return resolve_name(self.timezone)
