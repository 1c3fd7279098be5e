"""Undo/redo steps and the placement explanation (plain Python, no app)."""

from __future__ import annotations

import copy
from datetime import date

from tui import draft
from tui.history import History, placement_changes


def test_typing_in_one_field_is_one_step_and_redo_restores() -> None:
    history = History()
    doc = draft.template(date(2026, 3, 1))
    first = copy.deepcopy(doc)
    for text in ("4", "45"):
        history.record(doc, "keep", field="retention.daily.keep")
        doc["retention"]["daily"]["keep"] = int(text)
    history.record(doc, "name", field="name")
    doc["name"] = "x"
    step = history.undo(doc)
    assert step is not None and step.before["name"] == "new-policy"
    doc = step.before
    step = history.undo(doc)
    assert step is not None and step.before == first
    assert history.undo(step.before) is None
    again = history.redo(first)
    assert again is not None and again.before["retention"]["daily"]["keep"] == 45
    # A new edit clears the redo stack; seal ends a typing step.
    history.record(first, "keep", field="retention.daily.keep")
    assert not history.can("redo")
    history.seal()
    history.record(first, "keep", field="retention.daily.keep")
    assert len(history.undos) == 3


def test_weekly_switch_explains_the_moved_placements() -> None:
    before = draft.template(date(2026, 3, 1))
    after = copy.deepcopy(before)
    assert draft.switch_frequency(after, "weekly", {})
    assert placement_changes(before, after) == [
        "The daily tier is off: a weekly schedule keeps no daily points.",
        "Monthly points: day last → last sunday (a weekly schedule cannot place them on "
        "days of the month).",
        "Yearly points: day last → last sunday (a weekly schedule cannot place them on "
        "days of the month).",
    ]
    same = copy.deepcopy(before)
    same["name"] = "other"
    assert placement_changes(before, same) == []
