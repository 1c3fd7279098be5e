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


def typed_fields(props: Mapping[str, Any], base: str, used: set[str]) -> dict[str, Any]:
    """The documented AzureIaasVM fields of ``azure:`` (research S12), marked as used."""
    out: dict[str, Any] = {}
    kind = props.get("policyType")
    if kind is not None:
        path = join(base, "policyType")
        if matches(kind, "V2"):
            raise AzureError(path, "\"V2\" (the enhanced policy) is not supported yet; "
                             "standard (V1) AzureIaasVM and MAB policies can be imported")
        if matches(kind, "V1") is None:
            raise AzureError(path, f"{show(kind)} is not supported; use V1")
        out["policy_type"] = "V1"
        used.add(path)
    _plain(props, base, "instantRpRetentionRangeInDays", "instant_restore_days", out, used)
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
        out["tiering"] = _tiering(tiering, join(base, "tieringPolicy"), used)
    return out


def _plain(props: Mapping[str, Any], base: str, key: str, name: str, out: dict[str, Any],
           used: set[str]) -> None:
    if props.get(key) is not None:
        out[name] = props[key]
        used.add(join(base, key))


def _tiering(tiering: Mapping[str, Any], path: str, used: set[str]) -> dict[str, Any]:
    rules: dict[str, Any] = {}
    for key, rule in tiering.items():
        here = join(path, key)
        mode = rule.get("tieringMode") if isinstance(rule, Mapping) else rule
        if matches(mode, "DoNotTier", "Invalid") is None:
            raise AzureError(join(here, "tieringMode"),
                             f"tiering to the archive tier ({show(mode)}) is not supported; "
                             "the tool models vault-standard retention only")
        assert isinstance(rule, Mapping)
        entry: dict[str, Any] = {"tiering_mode": matches(mode, "DoNotTier", "Invalid")}
        used.add(join(here, "tieringMode"))
        for source, name in (("duration", "duration"), ("durationType", "duration_type")):
            if rule.get(source) is not None:
                entry[name] = rule[source]
                used.add(join(here, source))
        rules[key] = entry
    if not rules:
        used.add(path)
    return rules
