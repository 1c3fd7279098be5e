"""Pilot tests of files (save, comments kept, quit guard, export) and the live views."""

from __future__ import annotations

from datetime import date, time

from textual.widgets import Input, Label, OptionList, Static

from policy.files.document import load
from tests.tui.conftest import designer, settle, view
from tests.tui.test_editor import type_into
from tui.screens.confirm import Confirm
from tui.screens.file_prompt import FilePrompt
from tui.screens.help import HelpScreen
from tui.widgets.calendar import CalendarGrid


async def test_save_keeps_comments_and_clears_marker(example) -> None:  # type: ignore[no-untyped-def]
    path = example("berlin-file-server.yaml")
    app = designer(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        before = path.read_text()
        await type_into(pilot, "#f-retention-daily-keep", "5")
        await pilot.press("ctrl+s")  # refused: the policy is invalid
        await settle(pilot)
        assert app.session.dirty and path.read_text() == before
        await type_into(pilot, "#f-retention-daily-keep", "31")
        assert "●" in str(app.query_one("#title", Label).content)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not app.session.dirty
        assert "●" not in str(app.query_one("#title", Label).content)
    text = path.read_text()
    assert "daily: {keep: 31}" in text
    assert "# a month of dailies" in text and "# the day the policy was saved" in text
    assert load(path).policy.retention.daily.keep == 31  # type: ignore[union-attr]


async def test_save_as_toml_then_quit_without_asking(example, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = designer(example("berlin-file-server.yaml"))
    target = tmp_path / "copy.toml"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, FilePrompt)
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert app.session.path == str(target) and app.session.fmt == "toml"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not isinstance(app.screen, Confirm)
    assert load(target).policy.name == "file-server-nightly"


async def test_quit_with_unsaved_changes_asks_first(example) -> None:  # type: ignore[no-untyped-def]
    path = example("berlin-file-server.yaml")
    before = path.read_text()
    app = designer(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_into(pilot, "#f-name", "renamed")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, Confirm) and app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.click("#discard")
        await pilot.pause()
        assert not app.is_running
    assert path.read_text() == before


async def test_zone_change_moves_calendar_and_dst(example) -> None:  # type: ignore[no-untyped-def]
    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "Europe/Berlin · fixed +01:00" in str(app.query_one("#cal-frame", Label).content)
        berlin_cells = dict(app.query_one(CalendarGrid).cells)
        assert berlin_cells[date(2026, 3, 30)].rank == 2  # Sunday 29th's point, on Monday
        await type_into(pilot, "#f-timezone", "America/New_York")
        assert app.analysis is not None and app.analysis.policy.timezone == "America/New_York"
        assert "America/New_York · fixed -05:00" in str(app.query_one("#cal-frame", Label).content)
        cells = app.query_one(CalendarGrid).cells
        assert cells[date(2026, 3, 9)].rank == 2  # Sunday 8 Mar (US DST start) -> Monday
        await view(pilot, "dst")
        dst = str(app.query_one("#dst-transitions", Static).content)
        assert "Sun 08 Mar 2026 02:00 → 03:00" in dst and "-05:00 → -04:00" in dst


async def test_robust_time_remedy_applies_with_one_key(example) -> None:  # type: ignore[no-untyped-def]
    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.analysis is not None
        assert app.analysis.remedies[0].text == "run at 22:30 instead of 23:30"
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert app.policy is not None and app.policy.schedule.times == (time(22, 30),)
        assert app.query_one("#f-schedule-times", Input).value == "22:30"
        assert app.session.dirty
        assert app.analysis.policy == app.policy and not app.analysis.remedies
        assert all(r.robust for r in app.analysis.drift.robust_times)
        assert not app.analysis.drift.effects  # still +60 min in summer, but the same day


async def test_remedy_from_dst_list(example) -> None:  # type: ignore[no-untyped-def]
    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        options = app.query_one("#remedies", OptionList)
        options.focus()
        options.highlighted = 1  # the second suggestion: 00:00
        await pilot.press("enter")
        await settle(pilot)
        assert app.policy is not None and app.policy.schedule.times == (time(0, 0),)


async def test_views_help_and_commands(example) -> None:  # type: ignore[no-untyped-def]
    app = designer(example("compliance-7-years.yaml"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.click("#year-next")
        await settle(pilot)
        assert app.analysis is not None and app.analysis.year == 2027
        assert "2027" in str(app.query_one("#year-label", Label).content)
        await pilot.press("f6")
        await type_into(pilot, "#as-of", "2026-04-01")
        assert app.analysis.as_of == date(2026, 4, 1)
        count = str(app.query_one("#points-count", Label).content)
        # 1 – 31 March: at 00:00 on 1 April (as retention project --as-of 2026-04-01
        # counts) the run of 1 April is not taken yet.
        assert "31 restorable at 2026-04-01 00:00" in count
        await view(pilot, "summary")
        peak = str(app.query_one("#sum-peak", Static).content)
        assert "/ 9,999" in peak
        assert "2026f (bundled)" in str(app.query_one("#sum-tz", Static).content)
        assert "Turn on STORAGE" in str(app.query_one("#sum-storage", Static).content)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Validate", "Save a copy as JSON", "Export Azure REST JSON",
                "Export MARS PowerShell", "Save as", "Open", "Apply DST remedy"} <= titles
