"""Pilot tests of the policy form: each kind of field, inline errors, tiers, new/bad files."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from textual.widgets import Input, Label, OptionList, Switch

from tests.tui.conftest import designer, settle
from tui.widgets.choice import Choice
from tui.widgets.toggle_row import ToggleRow


async def type_into(pilot, selector: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Clear an input and type ``text`` key by key, as a user would."""
    inp = pilot.app.query_one(selector, Input)
    inp.focus()
    await pilot.pause()
    inp.value = text[:-1]  # one edit for the head, then a real key press for the last
    inp.cursor_position = len(inp.value)
    await pilot.press(text[-1])
    await settle(pilot)


async def test_typing_in_fields_validates_inline(example) -> None:  # type: ignore[no-untyped-def]
    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        # The example opens valid, clean, and every kind of widget shows its value.
        assert app.policy is not None and app.policy.name == "file-server-nightly"
        assert not app.session.dirty
        assert app.query_one("#f-timezone", Input).value == "Europe/Berlin"
        assert app.query_one("#f-schedule-times", Input).value == "23:30"
        assert app.query_one("#f-clock-mode", Choice).value == "fixed-offset"
        assert app.query_one("#on-yearly", Switch).value is True
        assert app.query_one("#f-retention-yearly-months", ToggleRow).chosen == ["december"]
        assert "7–9999 days" in str(app.query_one("#hint-retention-daily-keep", Label).content)
        # A count out of range: red, with the allowed range under it; fixed by typing on.
        await type_into(pilot, "#f-retention-daily-keep", "5")
        error = app.query_one("#err-retention-daily-keep", Label)
        assert app.policy is None and app.session.dirty
        assert error.display
        assert "7" in str(error.content) and "9999" in str(error.content)
        assert app.query_one("#f-retention-daily-keep").has_class("-invalid")
        await pilot.press("0")
        await settle(pilot)
        assert app.policy is not None and app.policy.retention.daily.keep == 50
        assert not error.display
        assert not app.query_one("#f-retention-daily-keep").has_class("-invalid")
        # Times on the half hour; zones known to tzdata or mapped Windows IDs.
        await type_into(pilot, "#f-schedule-times", "23:15")
        assert "half hour" in str(app.query_one("#err-schedule-times", Label).content)
        await type_into(pilot, "#f-schedule-times", "22:00, 23:00")
        assert app.policy is not None
        await type_into(pilot, "#f-timezone", "Europe/Berlim")
        assert "Europe/Berlin" in str(app.query_one("#err-timezone", Label).content)
        await type_into(pilot, "#f-timezone", "Eastern Standard Time")
        assert app.policy is not None and app.policy.zone_name == "America/New_York"
        assert "America/New_York" in str(app.query_one("#hint-timezone", Label).content)


async def test_switches_and_selects_reshape_the_draft(example) -> None:  # type: ignore[no-untyped-def]
    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.query_one("#on-yearly", Switch).toggle()
        await settle(pilot)
        assert "yearly" not in app.session.draft["retention"]
        assert not app.query_one("#body-yearly").display
        assert app.policy is not None and app.policy.retention.yearly is None
        app.query_one("#on-yearly", Switch).toggle()
        await settle(pilot)
        assert app.session.draft["retention"]["yearly"]["keep"] == 7
        app.query_one("#on-daily", Switch).toggle()
        await settle(pilot)
        assert "daily tier" in str(app.query_one("#err-retention-daily", Label).content)
        app.query_one("#on-daily", Switch).toggle()
        await settle(pilot)
        app.query_one("#f-retention-monthly-form", Choice).value = "weeks"
        await settle(pilot)
        monthly = app.session.draft["retention"]["monthly"]
        assert "days_of_month" not in monthly and monthly["weeks"] == ["last"]
        assert app.query_one("#f-retention-monthly-weeks").display
        app.query_one("#f-clock-mode", Choice).value = "wall-clock"
        await settle(pilot)
        assert app.query_one("#f-clock-gap").parent.display  # type: ignore[union-attr]
        assert app.policy is not None and app.policy.clock.mode.value == "wall-clock"
        before = copy.deepcopy(app.session.draft["retention"])
        app.query_one("#f-schedule-frequency", Choice).value = "weekly"
        await settle(pilot)
        assert app.session.draft["schedule"]["days"] == ["sunday"]
        # A weekly schedule keeps no daily points: the daily tier goes, the policy stays valid.
        assert "daily" not in app.session.draft["retention"]
        assert app.policy is not None and app.policy.retention.daily is None
        assert not app.query_one("#on-daily", Switch).value
        app.query_one("#f-schedule-frequency", Choice).value = "daily"
        await settle(pilot)
        assert app.session.draft["retention"] == before  # the round trip restores it all
        assert app.policy is not None and app.policy.retention.daily is not None


async def test_weekly_schedule_and_toggle_rows(example) -> None:  # type: ignore[no-untyped-def]
    app = designer(example("sydney-weekly.toml"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.policy is not None and not app.session.dirty
        days = app.query_one("#f-schedule-days", ToggleRow)
        assert days.chosen == ["wednesday", "sunday"]
        days.focus()
        await pilot.press("right", "space")  # cursor Mo -> Tu, turn Tuesday on
        await settle(pilot)
        assert app.session.draft["schedule"]["days"] == ["tuesday", "wednesday", "sunday"]
        weeks = app.query_one("#f-retention-monthly-weeks", ToggleRow)
        weeks.focus()
        await pilot.press("space")  # "first" off: only "last" remains
        await settle(pilot)
        assert app.session.draft["retention"]["monthly"]["weeks"] == ["last"]
        assert app.policy is not None


async def test_new_policy_from_template_is_valid() -> None:
    app = designer()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.policy is not None and app.session.path is None
        assert app.analysis is not None and app.analysis.projection is not None


async def test_invalid_file_opens_with_its_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("# keep me\nname: x\ntimezone: Europe/Berlin\nschedule: {frequency: daily, "
                   "times: ['22:00']}\nretention:\n  daily: {keep: 5}\n")
    app = designer(bad)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.policy is None and app.session.path == str(bad)
        assert "9999" in str(app.query_one("#err-retention-daily-keep", Label).content)
        await type_into(pilot, "#f-retention-daily-keep", "7")
        assert app.policy is not None
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "# keep me" in bad.read_text() and "keep: 7" in bad.read_text()


async def test_unreadable_file_opens_template_without_path(tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("name: [unclosed\n")
    app = designer(bad)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.session.path is None
        assert "YAML syntax error" in str(app.query_one("#err-root", Label).content)
        assert bad.read_text() == "name: [unclosed\n"


async def test_opening_an_invalid_file_dims_the_previous_views(tmp_path: Path) -> None:
    bad = tmp_path / "rules.yaml"
    bad.write_text("name: x\ntimezone: Europe/Berlin\nschedule: {frequency: daily, "
                   "times: ['22:00']}\nretention:\n  daily: {keep: 5}\n")
    app = designer()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        tabs = app.query_one("#tabs")
        assert not tabs.has_class("-stale")
        await pilot.press("ctrl+o")
        await pilot.pause()
        app.screen.query_one(Input).value = str(bad)
        await pilot.press("enter")
        await settle(pilot)
        # The views still hold the template's consequences: dimmed, not passed off as the file's.
        assert app.policy is None and tabs.has_class("-stale")
        await type_into(pilot, "#f-retention-daily-keep", "7")
        assert app.policy is not None and not tabs.has_class("-stale")


async def test_saving_into_a_missing_folder_is_an_error_not_a_crash(example) -> None:  # type: ignore[no-untyped-def]
    path = example("berlin-file-server.yaml")
    app = designer(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_into(pilot, "#f-retention-daily-keep", "31")
        await pilot.press("f2")
        await pilot.pause()
        app.screen.query_one(Input).value = str(path.parent / "no-such-folder" / "p.yaml")
        await pilot.press("enter")
        await settle(pilot)
        assert app.session.dirty and app.session.path == str(path)
        assert any("cannot write" in n.message for n in app._notifications)
        assert "keep: 30" in path.read_text()


async def test_a_choice_by_keyboard_and_mouse(example) -> None:  # type: ignore[no-untyped-def]
    """Enter opens the options under the field, the arrow keys and Enter pick one (an
    undoable edit of the draft), Escape or a click beside the list closes it unchanged;
    a mouse click on the field opens it too."""
    from tui.widgets.choice import ChoiceMenu

    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        mode = app.query_one("#f-clock-mode", Choice)
        mode.focus()
        await pilot.pause()
        assert mode.label == "fixed offset (Azure)"
        await pilot.press("enter")
        await pilot.pause()
        menu = app.screen
        assert isinstance(menu, ChoiceMenu)
        options = menu.query_one(OptionList)
        assert options.highlighted == 0 and options.option_count == 2
        assert options.region.y == mode.region.bottom  # right under the field
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.main and mode.value == "fixed-offset"
        await pilot.press("enter", "down", "enter")
        await settle(pilot)
        assert app.screen is app.main and app.focused is mode
        assert mode.value == "wall-clock" and app.session.draft["clock"]["mode"] == "wall-clock"
        assert app.policy is not None and app.policy.clock.mode.value == "wall-clock"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert mode.value == "fixed-offset" and app.session.draft["clock"].get(
            "mode", "fixed-offset") == "fixed-offset"
        target = app.query_one("#f-target", Choice)
        target.focus()
        await pilot.pause()
        await pilot.press("enter", "a", "enter")  # a letter: the next option starting with it
        await settle(pilot)
        assert target.value == "azure-vm" and app.session.draft["target"] == "azure-vm"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert target.value == "mars"
        await pilot.click(mode)
        await pilot.pause()
        assert isinstance(app.screen, ChoiceMenu)
        await pilot.click(offset=(99, 29))  # beside the list
        await pilot.pause()
        assert app.screen is app.main and mode.value == "fixed-offset"


def test_a_choice_refuses_a_value_it_does_not_offer() -> None:
    from tui.widgets.choice import InvalidChoice

    choice = Choice([("one", 1), ("two", 2)])
    assert choice.value == 1 and choice.label == "one"
    with pytest.raises(InvalidChoice, match=r"3 is not one of the options \(1, 2\)"):
        choice.value = 3
    choice.set_options([("two", 2), ("three", 3)])
    assert choice.value == 2
    choice.set_options([("four", 4)])
    assert choice.value == 4 and choice.label == "four"
    with pytest.raises(InvalidChoice):
        Choice([])
