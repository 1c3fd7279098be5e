"""Vault-wide policy lists: ``az backup policy list`` (a JSON array) and the REST list
(``{"value": [...]}``, BackupPolicies_List.json), imported entry by entry.

Each entry is imported on its own, so one enhanced or Azure Files policy does not stop the
rest; its error names the JSON path inside the list (``value[2].properties…``). File
names come from the resource name, made safe for every file system.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from policy.azure.importer import Imported, import_policy
from policy.azure.vocabulary import AzureError, join

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)$", re.I)


@dataclass
class Entry:
    """One list entry: where it is, its name, and the import or the reason it failed."""

    path: str
    """``value[3]`` or ``[3]``."""
    name: str
    result: Imported | None = None
    error: AzureError | None = None


def list_entries(doc: Any) -> list[tuple[str, Any]] | None:
    """The (path, body) of each entry of a list document; ``None`` for a single policy."""
    if isinstance(doc, list):
        return [(f"[{i}]", item) for i, item in enumerate(doc)]
    if isinstance(doc, Mapping) and isinstance(doc.get("value"), list):
        return [(f"value[{i}]", item) for i, item in enumerate(doc["value"])]
    return None


def import_entries(doc: Any, timezone: str | None = None) -> list[Entry]:
    """Import every entry of a list document (``list_entries`` must not be ``None``)."""
    entries = []
    for path, body in list_entries(doc) or []:
        raw = body.get("name") if isinstance(body, Mapping) else None
        name = raw if isinstance(raw, str) and raw.strip() else path
        entry = Entry(path, name)
        try:
            entry.result = import_policy(body, name=name, timezone=timezone)
        except AzureError as exc:
            entry.error = AzureError(join(path, exc.path).replace("].(root)", "]"),
                                     exc.message,
                                     tuple((join(path, p), m) for p, m in exc.more))
        entries.append(entry)
    return entries


def file_stem(name: str, taken: set[str]) -> str:
    """A safe, unused file name stem for a policy name (``taken`` is updated, case-folded)."""
    stem = _UNSAFE.sub("-", name).strip(".-")[:80] or "policy"
    if _RESERVED.match(stem):
        stem = f"{stem}-policy"
    candidate, n = stem, 2
    while candidate.lower() in taken:
        candidate, n = f"{stem}-{n}", n + 1
    taken.add(candidate.lower())
    return candidate
