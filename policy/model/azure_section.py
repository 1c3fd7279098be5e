"""The ``azure:`` section: what an Azure policy body carries that the policy does not model.

An imported body must come back from ``export azure`` unchanged, or whoever PUTs the export
resets settings of the vault they never saw (instant-restore retention, the snapshot
resource group, tiering). So everything the importer does not turn into a policy field is
kept here: the fields Azure documents with a checked shape, anything else verbatim under
``extra`` (by JSON path, as JSON text, so it survives YAML, TOML and JSON files alike).

Since issue 18 the policy itself models the policy type (``policy_type``: V1 is
``standard``, V2 ``enhanced``), instant restore (``instant_restore_days``) and archive
tiering (``tiering``); the section keeps only how the body wrote them: whether it stated
``policyType`` at all, what ``tieringPolicy.ArchivedRP`` carried beside the mode, the
``DoNotTier`` rules. Files written before (``azure.policy_type``,
``azure.instant_restore_days``) are migrated by ``migrate_legacy`` on load, or refused with
an error naming both fields when they contradict the policy.

The section's presence also says "this file mirrors a policy that already exists in a
vault": such a file may hold values Azure still returns for existing policies but refuses
for new ones (an azure-vm daily tier of 1 day); ``validate`` reports those as warnings that
say what Azure would refuse (``policy.model.rules``) instead of refusing the file.

"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, field_validator
from pydantic_core import PydanticCustomError

from policy.model.errors import CrossFieldFailure, Problem


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    def __hash__(self) -> int:
        """Hashable although some fields are mappings (``exact``, ``tiering``, ``extra``):
        a policy is a cache key (``policy.engine.projection``, the designer), so every
        policy must hash, an imported one too. Equal sections hash equal: a mapping
        counts by its sorted items, as ``==`` ignores their order."""
        return hash((type(self), *map(_hashable, self.__dict__.values())))


def _hashable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(map(_hashable, value))
    return value


class TieringMode(StrEnum):
    """The tieringPolicy tiering modes that keep points in the vault-standard tier."""

    DO_NOT_TIER = "DoNotTier"
    INVALID = "Invalid"


class TieringRule(_Section):
    """One tieringPolicy entry (e.g. ArchivedRP) that does not move points."""

    tiering_mode: TieringMode = Field(description="tieringMode: DoNotTier or Invalid.")
    duration: StrictInt | None = Field(default=None, ge=0, description="duration, as sent.")
    duration_type: str | None = Field(default=None, max_length=16,
                                      description="durationType, as sent (e.g. Invalid).")


class ArchiveRule(_Section):
    """The duration fields of a TierRecommended ArchivedRP rule, as the body sent them."""

    duration: StrictInt | None = Field(default=None, ge=0, description="duration, as sent.")
    duration_type: str | None = Field(default=None, max_length=16,
                                      description="durationType, as sent (e.g. Invalid).")


class ResourceGroupNaming(_Section):
    """The body's instantRPDetails: the resource group that holds instant-restore snapshots."""

    prefix: str | None = Field(default=None, max_length=90,
                               description="azureBackupRGNamePrefix.")
    suffix: str | None = Field(default=None, max_length=90,
                               description="azureBackupRGNameSuffix.")


#: An Azure DateTime as the importer accepts it (``policy.azure.vocabulary.parse_time``).
_DATETIME_TEXT = (r"^(\d{4}-\d{2}-\d{2}T)?([01]\d|2[0-3]):[0-5]\d(:00(\.0+)?)?"
                  r"(Z|[+-]00:?00)?$")


class ExactDateTime(_Section):
    """One DateTime the body wrote in a form of its own (another date part or suffix)."""

    text: str = Field(pattern=_DATETIME_TEXT, max_length=40,
                      description="The DateTime exactly as the body wrote it.")
    policy_time: str | None = Field(
        default=None, pattern=r"^([01]\d|2[0-3]):[0-5]\d$",
        description="The policy's time of day this text stands for, HH:MM; absent: the "
                    "text's own. Differs when the body's retentionTimes name another time "
                    "than the only run (Azure's IaaS_v2_daily.json example: runs 10:00, "
                    "retention times 08:00).")

    @property
    def stands_for(self) -> str:
        """The HH:MM the policy writes where this text goes."""
        if self.policy_time is not None:
            return self.policy_time
        match = re.search(r"(\d{2}:\d{2})", self.text.split("T")[-1])
        assert match is not None
        return match.group(1)


class DateTimeForm(_Section):
    """How the body wrote its DateTimes; only the time of day means anything (S8)."""

    date: str | None = Field(
        default=None, pattern=r"^\d{4}-\d{2}-\d{2}$",
        description="The date part written before every time, YYYY-MM-DD; absent: times of "
                    "day only (\"23:00:00Z\"), as terraform-provider-azurerm sends them.")
    suffix: str = Field(default=":00Z", pattern=r"^(:00(\.0{1,7})?)?(Z|\+00:00)?$",
                        description="What follows HH:MM: ':00Z', ':00.000Z', ':00+00:00'.")
    exact: dict[str, ExactDateTime] = Field(
        default_factory=dict,
        description="DateTimes written in another form than date + suffix, by JSON path "
                    "(properties.retentionPolicy.dailySchedule.retentionTimes[0]); each is "
                    "written back as it was while the policy writes the same time there.")

    @field_validator("exact")
    @classmethod
    def _exact_paths(cls, v: dict[str, ExactDateTime]) -> dict[str, ExactDateTime]:
        for path in v:
            if not _INDEXED_PATH.match(path):
                raise PydanticCustomError(
                    "azure_extra", "{path} is not the JSON path of a DateTime such as "
                    "properties.schedulePolicy.scheduleRunTimes[0]", {"path": repr(path)})
        return v


_PATH = re.compile(r"^[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*)*$")
_INDEXED_PATH = re.compile(r"^[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*|\[\d+\])*$")
#: JSON paths the policy itself always writes; ``extra`` may not hold them. (Optional ones,
#: such as ``timeZone`` or ``scheduleWeeklyFrequency``, may be kept there as ``null``.)
MODELLED_PATHS = frozenset({
    "name", "properties", "properties.backupManagementType", "properties.schedulePolicy",
    "properties.retentionPolicy", "properties.schedulePolicy.schedulePolicyType",
    "properties.schedulePolicy.scheduleRunFrequency",
    "properties.schedulePolicy.scheduleRunTimes",
    "properties.retentionPolicy.retentionPolicyType",
})


class AzureSection(_Section):
    """Azure body fields the policy does not model, written back verbatim by export azure."""

    write_policy_type: bool | None = Field(
        default=None,
        description="Whether the body states properties.policyType (V1 or V2, from the "
                    "top-level policy_type); absent: a standard policy leaves it out, an "
                    "enhanced one states V2.")
    instant_restore_resource_group: ResourceGroupNaming | None = Field(
        default=None, description="properties.instantRPDetails (may be empty: {}).")
    snapshot_consistency: str | None = Field(
        default=None, min_length=1, max_length=64,
        description="properties.snapshotConsistencyType, as sent.")
    tiering: dict[str, TieringRule] | None = Field(
        default=None, description="properties.tieringPolicy entries that keep points in "
                                  "the vault-standard tier (DoNotTier); archive tiering "
                                  "(TierAfter, TierRecommended) is the top-level tiering.")
    archive_rule: ArchiveRule | None = Field(
        default=None, description="What tieringPolicy.ArchivedRP carried beside "
                                  "tiering: recommended (Azure returns duration 0, "
                                  "durationType Invalid).")
    schedule_weekly_frequency: StrictInt | None = Field(
        default=None, ge=0, le=1,
        description="properties.schedulePolicy.scheduleWeeklyFrequency as the body wrote it "
                    "(Azure returns 0); absent: not in the body. every_weeks > 1 is "
                    "schedule.every_weeks.")
    omit_time_zone: bool = Field(
        default=False, description="The body had no timeZone (Azure reads it as UTC); export "
                                   "leaves it out again.")
    datetimes: DateTimeForm | None = Field(
        default=None, description="How the body wrote its DateTimes (date part, seconds).")
    extra: dict[str, str] = Field(
        default_factory=dict,
        description="Any other field of the body, by JSON path (properties.x.y), as JSON "
                    "text; written back verbatim where the policy does not set it.")

    @field_validator("tiering")
    @classmethod
    def _tier_names(cls, v: dict[str, TieringRule] | None) -> dict[str, TieringRule] | None:
        for key in v or {}:
            if not _PATH.match(key) or "." in key:
                raise PydanticCustomError("azure_extra", "{key} is not a tieringPolicy key "
                                          "(e.g. ArchivedRP)", {"key": repr(key)})
        return v

    @field_validator("extra")
    @classmethod
    def _json_paths(cls, v: dict[str, str]) -> dict[str, str]:
        for path, text in v.items():
            if not _PATH.match(path):
                raise PydanticCustomError(
                    "azure_extra", "{path} is not a JSON path such as "
                    "properties.schedulePolicy.scheduleRunDays", {"path": repr(path)})
            if path in MODELLED_PATHS:
                raise PydanticCustomError(
                    "azure_extra", "{path} is written from the policy itself; remove it "
                    "from azure.extra", {"path": repr(path)})
            try:
                json.loads(text)
            except ValueError as exc:
                raise PydanticCustomError(
                    "azure_extra", "the value of {path} is not JSON text ({why}); write "
                    "e.g. 'null', '7' or '{{\"a\": 1}}'",
                    {"path": repr(path), "why": str(exc).split(":")[0]}) from None
        return v

    def extra_values(self) -> dict[str, Any]:
        """``extra`` decoded: JSON path -> value."""
        return {path: json.loads(text) for path, text in self.extra.items()}


#: Legacy ``azure:`` fields (issue 17) that the top-level policy now models.
_LEGACY_TYPE = {"v1": "standard", "v2": "enhanced"}


def migrate_legacy(data: Any) -> Any:
    """Move a file's ``azure.policy_type`` / ``azure.instant_restore_days`` to the top level.

    Files imported before issue 18 kept them in the section. The top-level fields are the
    truth now: a legacy value that agrees (or fills an absent top-level field) is moved, one
    that contradicts it is an error naming both fields (``CrossFieldFailure``).
    """
    if not isinstance(data, Mapping) or not isinstance(data.get("azure"), Mapping):
        return data
    section = dict(data["azure"])
    if "policy_type" not in section and "instant_restore_days" not in section:
        return data
    out = dict(data)
    problems: list[Problem] = []
    if "policy_type" in section:
        legacy = section.pop("policy_type")
        kind = _LEGACY_TYPE.get(legacy.lower()) if isinstance(legacy, str) else None
        top = out.get("policy_type")
        if kind is None:
            problems.append(Problem("azure.policy_type", f"{legacy!r} is not V1 or V2; the "
                                    "policy type is the top-level policy_type now (standard "
                                    "or enhanced): remove azure.policy_type"))
        elif top is not None and str(top) != kind:
            problems.append(Problem("azure.policy_type", (
                f"{legacy} contradicts policy_type: {top} (V1 is standard, V2 enhanced); "
                "the top-level policy_type is the one setting now: remove "
                "azure.policy_type")))
        else:
            out["policy_type"] = kind
            section["write_policy_type"] = True
    if "instant_restore_days" in section:
        legacy = section.pop("instant_restore_days")
        top = out.get("instant_restore_days")
        if top is not None and top != legacy:
            problems.append(Problem("azure.instant_restore_days", (
                f"{legacy} contradicts instant_restore_days: {top}; the top-level "
                "instant_restore_days is the one setting now: remove "
                "azure.instant_restore_days")))
        else:
            out["instant_restore_days"] = legacy
    if problems:
        raise CrossFieldFailure(problems)
    out["azure"] = section
    return out
