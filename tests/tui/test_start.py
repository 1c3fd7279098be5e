"""The designer's start does each expensive thing once (issue 14: a complete screen soon).

Speed itself is measured in ``benchmarks/designer.py``; these tests check the structure
that makes it fast, so that a change of Textual or of the form cannot undo it unnoticed.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from textual.css.stylesheet import Stylesheet
from textual.widgets import Input

from tests.tui.conftest import burst, designer, settle
from tui.widgets.toggle_row import ToggleRow


async def test_no_widget_is_styled_twice_while_the_screen_opens(
        example, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Textual restyles the whole screen when it first resumes and when the first resize
    adds the width class; every widget had just been styled as it mounted."""
    restyles: list[int] = []
    original = Stylesheet.update_nodes

    def counting(self: Stylesheet, nodes: Any, animate: bool = False) -> None:
        nodes = list(nodes)
        restyles.append(len(nodes))
        original(self, nodes, animate)

    monkeypatch.setattr(Stylesheet, "update_nodes", counting)
    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.screen.has_class("-wide") and not app.screen.has_class("-narrow")
        assert app.views_current()
    # The largest restyle is the views' result arriving (the dimmed tabs lit up).
    assert max(restyles) < 100, sorted(restyles)[-5:]


async def test_narrow_terminal_starts_with_the_narrow_form(example) -> None:  # type: ignore[no-untyped-def]
    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.has_class("-narrow")
        assert app.query_one("#form").outer_size.width == 38


async def test_rows_mount_their_error_line_when_it_is_first_needed(example) -> None:  # type: ignore[no-untyped-def]
    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not app.query("#err-retention-daily-keep")
        app.query_one("#f-retention-daily-keep").value = "0"  # type: ignore[attr-defined]
        await settle(pilot)
        label = app.query_one("#err-retention-daily-keep")
        assert label.display and "7 to 9999" in str(label.content)  # type: ignore[attr-defined]
        app.query_one("#f-retention-daily-keep").value = "30"  # type: ignore[attr-defined]
        await settle(pilot)
        assert not label.display


async def test_a_part_switched_on_the_first_time_is_mounted_filled_and_typed_into(example) -> None:  # type: ignore[no-untyped-def]
    """A tier that is off at start has no fields yet. Space on its switch, then Tab and
    typing with no delay land in its first field, and mounting does not edit the draft."""
    from tui.draft import tier_default

    app = designer(example("berlin-month-end-drift.yaml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "yearly" not in app.session.draft["retention"]
        assert not app.query("#f-retention-yearly-keep")  # not mounted: costs nothing
        expected = tier_default(copy.deepcopy(app.session.draft), "yearly")
        app.query_one("#on-yearly").focus()
        await pilot.pause()
        burst(app, ["space", "tab", "ctrl+u", "1", "2"])
        await settle(pilot)
        assert app.focused is app.query_one("#f-retention-yearly-keep")
        assert app.query_one("#f-retention-yearly-keep", Input).value == "12"
        assert app.session.draft["retention"]["yearly"] == {**expected, "keep": 12}
        months = app.query_one("#f-retention-yearly-months", ToggleRow)
        assert months.chosen == expected["months"]
        assert app.query_one("#body-yearly").display
        # Two undo steps: the switch, then the typing; nothing from the mount.
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert app.session.draft["retention"]["yearly"] == expected
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert "yearly" not in app.session.draft["retention"]
        assert not app.query_one("#body-yearly").display


async def test_opening_another_file_mounts_the_parts_it_switches_on(example) -> None:  # type: ignore[no-untyped-def]
    from tui.session import Session

    app = designer(example("berlin-month-end-drift.yaml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not app.query("#f-retention-yearly-keep")
        app._replace(Session.open(str(example("compliance-7-years.yaml")), app.today))
        await settle(pilot)
        assert app.query_one("#f-retention-yearly-keep", Input).value == "7"
        assert app.query_one("#f-retention-yearly-months", ToggleRow).chosen == ["december"]
        assert app.query_one("#body-yearly").display
        assert not app.session.dirty


async def test_a_hidden_rows_error_line_is_hidden_with_it(example) -> None:  # type: ignore[no-untyped-def]
    from tui.widgets.fields import FieldRow

    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.query_one("#f-schedule-times", Input).value = "25:00"
        await settle(pilot)
        row = app.query_one("#f-schedule-times").parent
        assert isinstance(row, FieldRow) and row.error is not None and row.error.display
        row.show(False)
        assert not row.error.display
        row.show(True)
        assert row.error.display


async def test_an_undone_edit_shows_the_remembered_views(example) -> None:  # type: ignore[no-untyped-def]
    """Policies are frozen: the draft an undo brings back has the very analysis it had."""
    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        first = app.analysis
        app.query_one("#f-retention-daily-keep", Input).value = "31"
        await settle(pilot)
        assert app.analysis is not first
        assert app.analysis is not None and app.analysis.policy.retention.daily.keep == 31  # type: ignore[union-attr]
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert app.analysis is first


async def test_the_footer_is_rebuilt_only_when_other_keys_are_shown(
        example, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets._footer import FooterKey

    from tui.widgets.footer import KeysFooter

    rebuilt: list[int] = []
    original = KeysFooter.recompose

    async def counting(self: KeysFooter) -> None:
        rebuilt.append(1)
        await original(self)

    monkeypatch.setattr(KeysFooter, "recompose", counting)
    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        rebuilt.clear()
        await pilot.press("tab", "tab", "shift+tab")  # field to field: the same keys
        await settle(pilot)
        assert rebuilt == []

        def undo() -> FooterKey:
            return next(k for k in app.query(FooterKey) if k.description == "Undo")

        assert undo().has_class("-disabled")
        app.query_one("#f-name").focus()
        await pilot.press("x")  # the first edit: ctrl+z can undo it, restyled in place
        await settle(pilot)
        assert rebuilt == []
        assert not undo().has_class("-disabled")
        await pilot.press("f5")  # into the calendar grid: its own keys (home: today)
        await settle(pilot)
        assert rebuilt
        assert "Today" in [k.description for k in app.query(FooterKey)]


async def test_hidden_views_are_made_when_first_shown(example) -> None:  # type: ignore[no-untyped-def]
    """Only the calendar's widgets are made at start; a view's own are made by its key,
    with its container's styles (a view that lost them had no height and showed nothing)."""
    from textual.widgets import DataTable, OptionList

    from tests.tui.conftest import view
    from tui.widgets.dst import DstView
    from tui.widgets.points import PointsView

    app = designer(example("berlin-month-end-drift.yaml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not app.query(DataTable) and not app.query("#remedies")
        assert not app.query_one(PointsView).children
        await view(pilot, "dst")
        dst = app.query_one(DstView)
        assert dst.styles.overflow_y == "auto" and dst.region.height > 10
        first = str(app.query_one("#remedies", OptionList).get_option_at_index(0).prompt)
        assert app.analysis.remedies[0].text == "run at 22:30 instead of 23:30" in first
        assert not app.query(DataTable)  # the points view is still not made
        await view(pilot, "points")
        assert app.query_one(DataTable).row_count > 0


async def test_the_calendar_draws_only_its_lines_on_screen_and_only_when_they_change(
        example, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A keystroke whose analysis draws the same grid (a new name) makes no calendar line;
    one that changes it makes only the lines on screen, not all 36 of the year."""
    from tui.widgets.calendar import CalendarGrid

    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        grid = app.query_one(CalendarGrid)
        made: list[int] = []
        line = grid._line
        monkeypatch.setattr(grid, "_line", lambda y, *a: made.append(y) or line(y, *a))
        app.query_one("#f-name", Input).focus()
        await pilot.press("end", "x")
        await settle(pilot)
        assert app.analysis is not None and app.analysis.policy.name.endswith("x")
        assert made == []
        await pilot.press("f5")
        await settle(pilot)
        app.query_one("#f-schedule-times", Input).value = "12:00"
        await settle(pilot)
        await pilot.pause()
        assert app.analysis is not None and app.analysis.policy.schedule.times[0].hour == 12
        assert 0 < len(set(made)) < grid.get_content_height(None, None, grid.size.width)
        assert "March 2026" in "".join(grid.plain_lines())


async def test_an_analysis_arriving_while_a_view_is_made_waits_for_it(example) -> None:  # type: ignore[no-untyped-def]
    """A click on a tab makes its view; an analysis shown meanwhile (the worker's result
    lands at any await) must not draw into half-made widgets, and the view shows it
    once made."""
    import asyncio

    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        errors: list[str] = []
        original = app._build_view

        async def build_view(tab: str) -> None:
            if tab == "summary":
                def arrive() -> None:
                    try:
                        app._show_analysis(app.analysis)  # what compute() calls from its thread
                    except Exception as exc:  # recorded for the assertion
                        errors.append(repr(exc))
                asyncio.get_running_loop().call_soon(arrive)
            await original(tab)

        app._build_view = build_view  # type: ignore[method-assign]
        await pilot.click("#--content-tab-summary")
        await settle(pilot)
        assert errors == []
        assert app._active_tab() == "summary" and app.views_current()
        assert "78 / 9,999" in str(app.query_one("#sum-peak").render())
