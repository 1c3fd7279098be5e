"""The ``azure:`` section: what an Azure policy body carries that the policy does not model.

An imported body must come back from ``export azure`` unchanged, or whoever PUTs the export
resets settings of the vault they never saw (instant-restore retention, the snapshot
resource group, tiering). So everything the importer does not turn into a policy field is
kept here: the fields Azure documents with a checked shape, anything else verbatim under
``extra`` (by JSON path, as JSON text, so it survives YAML, TOML and JSON files alike).

The section's presence also says "this file mirrors a policy that already exists in a
vault": such a file may hold values Azure still returns for existing policies but refuses
for new ones (an azure-vm daily tier of 1 day); ``validate`` reports those as warnings that
say what Azure would refuse (``policy.model.rules``) instead of refusing the file.

``policy_type`` is an enum so that the enhanced policy (``V2``, issue 18) is a new member
plus its schedule fields, not a new section.
"""

from __future__ import annotations

import json
import re
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, field_validator
from pydantic_core import PydanticCustomError


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PolicyType(StrEnum):
    """The body's properties.policyType: V1 is the standard VM policy."""

    V1 = "V1"


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


class ResourceGroupNaming(_Section):
    """The body's instantRPDetails: the resource group that holds instant-restore snapshots."""

    prefix: str | None = Field(default=None, max_length=90,
                               description="azureBackupRGNamePrefix.")
    suffix: str | None = Field(default=None, max_length=90,
                               description="azureBackupRGNameSuffix.")


class DateTimeForm(_Section):
    """How the body wrote its DateTimes; only the time of day means anything (S8)."""

    date: str | None = Field(
        default=None, pattern=r"^\d{4}-\d{2}-\d{2}$",
        description="The date part written before every time, YYYY-MM-DD; absent: times of "
                    "day only (\"23:00:00Z\"), as terraform-provider-azurerm sends them.")
    suffix: str = Field(default=":00Z", pattern=r"^(:00(\.0{1,7})?)?(Z|\+00:00)?$",
                        description="What follows HH:MM: ':00Z', ':00.000Z', ':00+00:00'.")


_PATH = re.compile(r"^[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*)*$")
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

    policy_type: PolicyType | None = Field(
        default=None, description="properties.policyType (V1); absent: not in the body.")
    instant_restore_days: StrictInt | None = Field(
        default=None, ge=1, le=5,
        description="properties.instantRpRetentionRangeInDays: snapshot days, 1–5 for V1 "
                    "(terraform-provider-azurerm backup_policy_vm_resource.go).")
    instant_restore_resource_group: ResourceGroupNaming | None = Field(
        default=None, description="properties.instantRPDetails (may be empty: {}).")
    snapshot_consistency: str | None = Field(
        default=None, min_length=1, max_length=64,
        description="properties.snapshotConsistencyType, as sent.")
    tiering: dict[str, TieringRule] | None = Field(
        default=None, description="properties.tieringPolicy entries that keep points in "
                                  "the vault-standard tier (archive tiering is not supported).")
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
