"""What makes an import lossless: the ``azure:`` section and everything left over.

The importer marks each JSON path it turns into a policy field as used; whatever a body
carries besides (a ``null``, an unused ``retentionScheduleDaily``, a field of a future
api-version) is collected here by JSON path and kept verbatim in ``azure.extra``. Only
read-only fields are dropped, and each is named in a note: Azure computes them
(``protectedItemsCount``) or takes them from the URL (``id``, ``type``; ARM ``Resource``
marks all three ``readOnly``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from policy.azure.import_retention import Reader
from policy.azure.vocabulary import AzureError, join, matches, show

#: Read-only fields (azure-rest-api-specs bms.json: ``readOnly`` or computed by the service).
READ_ONLY = ("id", "type", "properties.protectedItemsCount")
_KEY = re.compile(r"^[A-Za-z_$][\w$-]*$")


def resource_path(path: str, base: str) -> str:
    """A JSON path of the body as a path in the whole resource (``properties.…``)."""
    return path if base else join("properties", path)


def leftovers(doc: Mapping[str, Any], used: set[str], base: str
              ) -> tuple[dict[str, str], list[str]]:
    """Fields of ``doc`` no used path covers: (``azure.extra``, notes on what is dropped)."""
    extra: dict[str, str] = {}
    notes: list[str] = []
    prefix = "" if base else "properties"
    _walk(doc, "", prefix, used, extra, notes)
    return extra, notes


def _walk(node: Mapping[str, Any], path: str, prefix: str, used: set[str],
          extra: dict[str, str], notes: list[str]) -> None:
    for key, value in node.items():
        here = join(path, key)
        whole = join(prefix, here) if prefix else here
        if here in used:
            continue
        if whole in READ_ONLY:
            notes.append(f"{here} ({show(value)}) is read-only and not kept: Azure sets it")
            continue
        if isinstance(value, Mapping) and any(u.startswith(here + ".") for u in used):
            _walk(value, here, prefix, used, extra, notes)
        elif not _KEY.match(key):
            notes.append(f"{here} is not kept: the key {key!r} cannot be written back")
        else:
            extra[whole] = json.dumps(value, ensure_ascii=False)


def typed_fields(reader: Reader, props: Mapping[str, Any], base: str) -> dict[str, Any]:
    """The documented AzureIaasVM fields (research S12): policy type, instant restore and
    archive tiering into the policy, the rest of them into ``azure:``; marked as used."""
    used = reader.used
    out: dict[str, Any] = {}
    _policy_type(reader, props, base, out)
    days_path = join(base, "instantRpRetentionRangeInDays")
    if props.get("instantRpRetentionRangeInDays") is not None:
        reader.put("instant_restore_days", props["instantRpRetentionRangeInDays"], days_path)
    _plain(props, base, "snapshotConsistencyType", "snapshot_consistency", out, used)
    details = props.get("instantRPDetails")
    if isinstance(details, Mapping):
        path = join(base, "instantRPDetails")
        group: dict[str, Any] = {}
        for key, name in (("azureBackupRGNamePrefix", "prefix"),
                          ("azureBackupRGNameSuffix", "suffix")):
            if isinstance(details.get(key), str):
                group[name] = details[key]
                used.add(join(path, key))
        out["instant_restore_resource_group"] = group
        # Empty: the typed field is the whole value; else its other keys go to extra.
        used.add(path if not details else path + ".")
    tiering = props.get("tieringPolicy")
    if isinstance(tiering, Mapping):
        _tiering(reader, tiering, join(base, "tieringPolicy"), out)
    return out


def _policy_type(reader: Reader, props: Mapping[str, Any], base: str,
                 out: dict[str, Any]) -> None:
    """``policyType`` V1/V2 is ``policy_type`` standard/enhanced, which the schedule's type
    already decided (``SimpleSchedulePolicyV2`` is the enhanced policy)."""
    path = join(base, "policyType")
    kind = props.get("policyType")
    schedule_kind = reader.data.get("policy_type", "standard")
    if kind is None:
        if schedule_kind == "enhanced":
            out["write_policy_type"] = False
        return
    named = matches(kind, "V1", "V2")
    if named is None:
        raise AzureError(path, f"{show(kind)} is not supported; use V1 (standard) or V2 "
                         "(enhanced)")
    wanted = "V2" if schedule_kind == "enhanced" else "V1"
    if named != wanted:
        schedule = "SimpleSchedulePolicyV2" if wanted == "V2" else "SimpleSchedulePolicy"
        raise AzureError(path, f"{show(kind)} contradicts schedulePolicyType {schedule}: "
                         "V1 (standard) policies use SimpleSchedulePolicy, V2 (enhanced) "
                         "ones SimpleSchedulePolicyV2")
    reader.used.add(path)
    reader.origin["policy_type"] = path
    out["write_policy_type"] = True


def _plain(props: Mapping[str, Any], base: str, key: str, name: str, out: dict[str, Any],
           used: set[str]) -> None:
    if props.get(key) is not None:
        out[name] = props[key]
        used.add(join(base, key))


#: The tieringPolicy key of archive tiering (REST TieringPolicy; azurerm
#: ``tiering_policy.archived_restore_point``).
ARCHIVED = "ArchivedRP"


def _tiering(reader: Reader, tiering: Mapping[str, Any], path: str,
             out: dict[str, Any]) -> None:
    rules: dict[str, Any] = {}
    for key, rule in tiering.items():
        here = join(path, key)
        mode = rule.get("tieringMode") if isinstance(rule, Mapping) else rule
        mode_path = join(here, "tieringMode")
        if not isinstance(rule, Mapping):
            raise AzureError(here, f"expected {{tieringMode, duration, durationType}}, got "
                             f"{show(rule)}")
        archive = matches(mode, "TierAfter", "TierRecommended")
        if archive is not None and key != ARCHIVED:
            raise AzureError(mode_path, f"{show(mode)} under {key!r} is not supported: "
                             f"archive tiering is the {ARCHIVED} rule")
        reader.used.add(mode_path)
        if archive == "TierAfter":
            _tier_after(reader, rule, here)
            continue
        if archive == "TierRecommended":
            reader.put("tiering", "recommended", mode_path)
            sent = {name: rule[source] for source, name in (("duration", "duration"),
                    ("durationType", "duration_type")) if rule.get(source) is not None}
            for source in ("duration", "durationType"):
                if rule.get(source) is not None:
                    reader.used.add(join(here, source))
            if sent:
                out["archive_rule"] = sent
            continue
        keep = matches(mode, "DoNotTier", "Invalid")
        if keep is None:
            raise AzureError(mode_path, f"{show(mode)} is not a tiering mode: TierAfter, "
                             "TierRecommended, DoNotTier or Invalid")
        entry: dict[str, Any] = {"tiering_mode": keep}
        for source, name in (("duration", "duration"), ("durationType", "duration_type")):
            if rule.get(source) is not None:
                entry[name] = rule[source]
                reader.used.add(join(here, source))
        rules[key] = entry
    if rules:
        out["tiering"] = rules
    elif not tiering:
        out["tiering"] = {}
        reader.used.add(path)


def _tier_after(reader: Reader, rule: Mapping[str, Any], here: str) -> None:
    """TierAfter: ``duration`` ``durationType`` after the point is taken -> ``tiering``."""
    count, unit = rule.get("duration"), rule.get("durationType")
    unit_path = join(here, "durationType")
    name = matches(unit, "Days", "Weeks", "Months", "Years")
    if name is None:
        raise AzureError(unit_path, f"{show(unit)} is not a TierAfter unit: Days, Weeks, "
                         "Months or Years")
    if not isinstance(count, int) or isinstance(count, bool):
        raise AzureError(join(here, "duration"), f"{show(count)} is not a number of "
                         f"{name.lower()}: TierAfter needs a duration")
    reader.put("tiering.tier_after", count, join(here, "duration"))
    reader.put("tiering.unit", name.lower(), unit_path)
