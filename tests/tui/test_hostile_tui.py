"""Pilot tests of issue 15's designer items: hostile typing, FIFOs, files changed on disk,
TOML comments (items 3, 5, 7 and 9)."""

from __future__ import annotations

import os
from pathlib import Path

from textual.widgets import Input, Label

from tests.tui.conftest import designer, settle
from tests.tui.test_editor import type_into
from tui.screens.changed_on_disk import ChangedOnDisk
from tui.screens.file_prompt import FilePrompt


async def test_item03_typing_superscripts_or_huge_numbers_is_an_inline_error(example) -> None:  # type: ignore[no-untyped-def]
    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        for typed in ("1, ²", "①", "¹"):
            await type_into(pilot, "#f-retention-monthly-days_of_month", typed)
            error = str(app.query_one("#err-retention-monthly-days_of_month", Label).content)
            assert "is not a day of the month" in error
        await type_into(pilot, "#f-retention-daily-keep", "9" * 4301)
        assert str(app.query_one("#err-retention-daily-keep", Label).content)
        assert app.is_running and app.session.dirty


async def test_item05_ctrl_o_on_a_fifo_is_refused_and_the_app_stays_responsive(  # type: ignore[no-untyped-def]
        example, tmp_path: Path) -> None:
    path = example("berlin-file-server.yaml")
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    app = designer(path)
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, FilePrompt)
        app.screen.query_one("#path", Input).value = str(fifo)
        await pilot.press("enter")
        await settle(pilot)
        assert app.session.path == str(path)
        assert any("FIFO" in str(n.message) for n in app._notifications)
        await type_into(pilot, "#f-retention-daily-keep", "31")  # still responsive
        assert app.session.dirty


async def test_item07_a_file_changed_on_disk_asks_before_saving(example) -> None:  # type: ignore[no-untyped-def]
    path = example("berlin-file-server.yaml")
    app = designer(path)
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        await type_into(pilot, "#f-retention-daily-keep", "31")
        path.write_text(path.read_text().replace("# a month of dailies", "# edited elsewhere"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ChangedOnDisk)
        assert "# edited elsewhere" in path.read_text()  # nothing written yet
        await pilot.press("escape")  # cancel: still nothing written, edits kept
        await settle(pilot)
        assert "# edited elsewhere" in path.read_text() and app.session.dirty
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.click("#reload")
        await settle(pilot)
        assert not app.session.dirty
        assert app.session.draft["retention"]["daily"]["keep"] == 30
        await type_into(pilot, "#f-retention-daily-keep", "32")
        path.write_text(path.read_text() + "# appended elsewhere\n")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.click("#overwrite")
        await settle(pilot)
        assert "daily: {keep: 32}" in path.read_text() and not app.session.dirty


async def test_item07_save_as_from_the_changed_on_disk_question(example, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = example("berlin-file-server.yaml")
    app = designer(path)
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        await type_into(pilot, "#f-retention-daily-keep", "31")
        path.write_text(path.read_text() + "# appended elsewhere\n")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.click("#save-as")
        await settle(pilot)
        assert isinstance(app.screen, FilePrompt)
        other = tmp_path / "mine.yaml"
        app.screen.query_one("#path", Input).value = str(other)
        await pilot.press("enter")
        await settle(pilot)
        assert "keep: 31" in other.read_text()
        assert path.read_text().endswith("# appended elsewhere\n")


async def test_item09_designer_save_of_toml_keeps_comments(example) -> None:  # type: ignore[no-untyped-def]
    path = example("sydney-weekly.toml")
    before = path.read_text()
    comments = [line.split("#", 1)[1] for line in before.splitlines() if "#" in line]
    app = designer(path)
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        await type_into(pilot, "#f-name", "renamed")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not app.session.dirty
    text = path.read_text()
    assert 'name = "renamed"' in text
    assert all(c in text for c in comments)
