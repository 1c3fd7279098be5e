"""The ``requirements:`` list of the draft: add, remove and edit one requirement by field.

Plain Python (no Textual), like ``tui.draft``: the form edits the list through these
functions and validation (``build_policy``) says whether the result is a requirement set.
A requirement is kept as the file has it (``for`` under its file name), and a field left
empty is removed from the item, so saving writes back only what the user set.
"""

from __future__ import annotations

from typing import Any

from policy.model.values import parse_whole
from tui.draft import MISSING

#: The kinds of requirement (SPEC §9) and the fields each one uses.
KINDS: dict[str, tuple[str, ...]] = {
    "coverage": ("every", "day", "months", "for", "grace", "label"),
    "rpo": ("rpo", "label"),
    "max_age": ("max_age", "label"),
    "max_points": ("max_points", "label"),
}
#: A new requirement of each kind: something sensible to start editing from.
NEW: dict[str, dict[str, Any]] = {
    "coverage": {"every": "day", "for": "30 days"},
    "rpo": {"rpo": "25h"},
    "max_age": {"max_age": "10 years"},
    "max_points": {"max_points": 9999},
}


def items(draft: dict[str, Any]) -> list[Any]:
    """The draft's requirement list ([] when absent or not a list)."""
    value = draft.get("requirements")
    return value if isinstance(value, list) else []


def kind_of(item: Any) -> str:
    """The kind of a draft requirement, from the fields it has (coverage by default)."""
    if isinstance(item, dict):
        for kind in ("rpo", "max_age", "max_points"):
            if kind in item and "every" not in item:
                return kind
    return "coverage"


def add(draft: dict[str, Any], kind: str = "coverage") -> int:
    """Append a new requirement of ``kind``; its index."""
    reqs = draft.get("requirements")
    if not isinstance(reqs, list):
        reqs = draft["requirements"] = []
    reqs.append(dict(NEW[kind]))
    return len(reqs) - 1


def remove(draft: dict[str, Any], index: int) -> bool:
    """Remove requirement ``index``; the section goes when the last one does."""
    reqs = items(draft)
    if not 0 <= index < len(reqs):
        return False
    del reqs[index]
    if not reqs:
        del draft["requirements"]
    return True


def set_kind(draft: dict[str, Any], index: int, kind: str) -> bool:
    """Make requirement ``index`` one of another kind (keeping its label)."""
    reqs = items(draft)
    if not 0 <= index < len(reqs) or kind_of(reqs[index]) == kind:
        return False
    label = reqs[index].get("label") if isinstance(reqs[index], dict) else None
    reqs[index] = dict(NEW[kind]) | ({"label": label} if label is not None else {})
    return True


def get_field(draft: dict[str, Any], index: int, name: str) -> Any:
    """The value of one field of requirement ``index`` (None when absent)."""
    reqs = items(draft)
    if not 0 <= index < len(reqs) or not isinstance(reqs[index], dict):
        return None
    return reqs[index].get(name)


def set_field(draft: dict[str, Any], index: int, name: str, value: Any) -> bool:
    """Set (or with ``MISSING`` remove) one field of requirement ``index``."""
    reqs = items(draft)
    if not 0 <= index < len(reqs):
        return False
    item = reqs[index]
    if not isinstance(item, dict):
        item = reqs[index] = {}
    if value is MISSING:
        return item.pop(name, MISSING) is not MISSING
    if item.get(name, MISSING) == value:
        return False
    item[name] = value
    return True


def parse_day(text: str) -> Any:
    """``last``/``sunday``/``15`` from the Day input; empty means ``any`` (the default)."""
    stripped = text.strip().lower()
    if not stripped or stripped == "any":
        return MISSING
    try:
        return parse_whole(stripped)
    except ValueError:
        return stripped


def parse_text(text: str) -> Any:
    """A duration or label as typed; empty removes the field."""
    stripped = text.strip()
    return stripped or MISSING


def parse_count(text: str) -> Any:
    """``max_points``: a whole number, else the text (validation names what is allowed)."""
    stripped = text.strip()
    if not stripped:
        return MISSING
    try:
        return parse_whole(stripped)
    except ValueError:
        return stripped


def summary(item: Any) -> str:
    """One requirement in a few words, for the picker: ``month last, 36 months``."""
    if not isinstance(item, dict):
        return "(not a mapping)"
    if item.get("label"):
        return str(item["label"])
    kind = kind_of(item)
    if kind != "coverage":
        return f"{kind} {item.get(kind, '')}".strip()
    day = item.get("day", "any")
    every = item.get("every", "?")
    depth = item.get("for")
    return f"{every} {day}" + (f", {depth}" if depth else "")
