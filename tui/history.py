"""Undo and redo for the designer: snapshots of the draft, one per user edit.

Plain Python (no Textual), tested on its own. An edit of the same text field right after
another one joins it (typing ``9999`` is one step, as in an editor); any other edit, a
remedy or a switch, is a step of its own. Snapshots are deep copies, so a later edit of
the draft never changes the past.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

Draft = dict[str, Any]


@dataclass
class Step:
    """The draft as it was before an edit, and what the edit was (for the toast)."""

    before: Draft
    what: str
    field: str | None = None


@dataclass
class History:
    """The undo and redo stacks (at most ``limit`` steps back)."""

    limit: int = 500
    undos: list[Step] = field(default_factory=list)
    redos: list[Step] = field(default_factory=list)

    def record(self, before: Draft, what: str, field: str | None = None) -> None:
        """Remember ``before`` (the draft before an edit); ``field`` joins typing steps."""
        self.redos.clear()
        last = self.undos[-1] if self.undos else None
        if field is not None and last is not None and last.field == field:
            return
        self.undos.append(Step(copy.deepcopy(before), what, field))
        del self.undos[:-self.limit]

    def seal(self) -> None:
        """End the typing step: the next edit of the same field is a new step."""
        if self.undos:
            self.undos[-1].field = None

    def undo(self, current: Draft) -> Step | None:
        """The step to go back to (its ``before`` is the draft to show); None at the start."""
        return self._move(self.undos, self.redos, current)

    def redo(self, current: Draft) -> Step | None:
        """The step undone last, to apply again; None when nothing was undone."""
        return self._move(self.redos, self.undos, current)

    def can(self, action: str) -> bool:
        """Whether ``undo`` or ``redo`` has a step."""
        return bool(self.undos if action == "undo" else self.redos)

    @staticmethod
    def _move(source: list[Step], target: list[Step], current: Draft) -> Step | None:
        if not source:
            return None
        step = source.pop()
        target.append(Step(copy.deepcopy(current), step.what))
        return step


def _placement(node: Any) -> str:
    """A monthly/yearly tier's placement in words: ``day 1, last`` / ``last sunday``."""
    if not isinstance(node, dict):
        return "off"
    if "days_of_month" in node:
        days = node["days_of_month"]
        return "day " + ", ".join(str(d) for d in days) if isinstance(days, list) \
            else f"day {days}"
    weeks, weekdays = node.get("weeks") or [], node.get("weekdays") or []
    return " / ".join(f"{w} {d}" for w in weeks for d in weekdays) or "weeks"


def placement_changes(before: Draft, after: Draft) -> list[str]:
    """What an edit did to where the points are taken, when the user did not edit that
    directly (a switch to a weekly schedule moves "last day of month" to "last Sunday")."""
    out: list[str] = []
    old_freq = (before.get("schedule") or {}).get("frequency")
    new_freq = (after.get("schedule") or {}).get("frequency")
    if old_freq == new_freq:
        return out
    old_ret, new_ret = before.get("retention") or {}, after.get("retention") or {}
    for tier in ("daily", "monthly", "yearly"):
        old, new = old_ret.get(tier), new_ret.get(tier)
        if tier == "daily" and isinstance(old, dict) and not isinstance(new, dict):
            out.append("The daily tier is off: a weekly schedule keeps no daily points.")
        elif tier != "daily" and isinstance(old, dict) and _placement(old) != _placement(new):
            why = " (a weekly schedule cannot place them on days of the month)" \
                if new_freq == "weekly" else ""
            out.append(f"{tier.title()} points: {_placement(old)} → {_placement(new)}{why}.")
    return out
