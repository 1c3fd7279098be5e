"""Writing an ``azure:`` section back into a REST body: typed fields, then ``extra``.

``extra`` fields go in only where the policy does not write that path itself: once a user
changes the policy (turns on a tier, makes the schedule weekly), the policy's own value
wins, and the note says which kept field was left out. A field whose parent object the
policy no longer writes (a tier that was turned off) is left out with a note too.
"""

from __future__ import annotations

from typing import Any

from policy.model.azure_section import AzureSection


def typed_properties(section: AzureSection) -> dict[str, Any]:
    """The documented AzureIaasVM fields of the section, in Azure's names (research S12);
    policy type, instant restore and archive tiering are the policy's own
    (``policy.azure.exporter.vm_properties``)."""
    out: dict[str, Any] = {}
    group = section.instant_restore_resource_group
    if group is not None:
        out["instantRPDetails"] = {k: v for k, v in (("azureBackupRGNamePrefix", group.prefix),
                                                     ("azureBackupRGNameSuffix", group.suffix))
                                   if v is not None}
    if section.snapshot_consistency is not None:
        out["snapshotConsistencyType"] = section.snapshot_consistency
    if section.tiering is not None:
        out["tieringPolicy"] = {
            key: {k: v for k, v in (("tieringMode", rule.tiering_mode.value),
                                    ("duration", rule.duration),
                                    ("durationType", rule.duration_type)) if v is not None}
            for key, rule in section.tiering.items()}
    return out


def merge_extras(body: dict[str, Any], section: AzureSection) -> list[str]:
    """Put each ``extra`` field into ``body`` where it is free; notes on those left out."""
    notes = []
    for path, value in section.extra_values().items():
        *parents, key = path.split(".")
        node: Any = body
        for part in parents:
            node = node.get(part) if isinstance(node, dict) else None
        if not isinstance(node, dict):
            notes.append(f"azure.extra {path}: not written, the policy no longer writes "
                         f"{'.'.join(parents)}")
        elif key in node:
            if node[key] != value:
                notes.append(f"azure.extra {path}: not written, the policy sets it now")
        else:
            node[key] = value
    return notes
