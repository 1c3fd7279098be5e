"""Keys that never collide with typing, focus, undo/redo, and one vocabulary with the CLI.

Issue 14: ``[``/``]`` typed into fields, nothing had focus at start, escape did nothing,
and the designer's drift dates, windows and as-of instant differed from the CLI's.
"""

from __future__ import annotations

import json
from datetime import date, time

from click.testing import CliRunner
from textual.widgets import Input, Static

from policy.cli.main import cli
from tests.tui.conftest import TODAY, burst, designer, settle, view
from tui.screens.help import HELP
from tui.widgets.calendar import SYMBOLS, CalendarGrid, day_text, legend
from tui.widgets.policy_form import PolicyForm


async def test_focus_escape_and_year_keys(example) -> None:  # type: ignore[no-untyped-def]
    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "f-name"
        assert not app.query_one(PolicyForm).can_focus
        # Brackets and ? are typed, not taken as keys.
        burst(app, ["end", "[", "]", "?"])
        await settle(pilot)
        assert app.query_one("#f-name", Input).value == "file-server-nightly[]?"
        assert app.year == TODAY.year and app.screen.__class__.__name__ != "HelpScreen"
        burst(app, ["backspace"] * 3)
        await settle(pilot)
        assert app.policy is not None and app.policy.name == "file-server-nightly"
        # The year keys work from a text field while the calendar is shown …
        await pilot.press("pagedown")
        await settle(pilot)
        assert app.year == TODAY.year + 1 and app.analysis is not None
        assert app.analysis.year == TODAY.year + 1
        assert "pagedown" in app.screen.active_bindings
        await pilot.press("pageup")
        await settle(pilot)
        assert app.year == TODAY.year
        # … and are not offered on another view.
        await pilot.press("f7")
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "remedies"
        await pilot.press("pagedown")  # pages the list of remedies, not the year
        assert app.year == TODAY.year
        await pilot.press("escape")  # back to the field
        assert app.focused is not None and app.focused.id == "f-name"
        await pilot.press("f5")
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "cal-grid"
        await pilot.press("escape")
        await pilot.press("escape")  # from the field into the view shown
        assert app.focused is not None and app.focused.id == "cal-grid"
        await pilot.press("f6")
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "as-of"


async def test_undo_redo_of_typing_and_remedy(example) -> None:  # type: ignore[no-untyped-def]
    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.query_one("#f-retention-daily-keep", Input).focus()
        await pilot.pause()
        burst(app, ["ctrl+u", "4", "5"])
        await settle(pilot)
        await pilot.press("ctrl+r")  # the remedy: 22:30 instead of 23:30
        await settle(pilot)
        assert app.policy is not None and app.policy.schedule.times == (time(22, 30),)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert app.session.draft["schedule"]["times"] == ["23:30"]
        assert app.query_one("#f-schedule-times", Input).value == "23:30"
        await pilot.press("ctrl+z")  # the typing is one step
        await settle(pilot)
        assert app.session.draft["retention"]["daily"]["keep"] == 30
        assert app.query_one("#f-retention-daily-keep", Input).value == "30"
        await pilot.press("ctrl+y")
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert app.session.draft["retention"]["daily"]["keep"] == 45
        assert app.session.draft["schedule"]["times"] == ["22:30"]


def _cli(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.output


async def test_drift_periods_and_as_of_are_the_clis(example) -> None:  # type: ignore[no-untyped-def]
    path = example("berlin-file-server.yaml")
    app = designer(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        notes = str(app.query_one("#cal-notes", Static).content)
        await view(pilot, "dst")
        dst = str(app.query_one("#dst-periods", Static).content)
        window = str(app.query_one("#dst-window", Static).content)
        finding = str(app.query_one("#finding", Static).content)
        # The next year, as retention drift --from today (its default window).
        cli_next = _cli("drift", str(path), "--from", str(TODAY))
        assert "Horizon 2026-03-01 00:00 CET to 2027-03-01 00:00 CET" in cli_next
        assert "2026-03-01 to 2027-03-01, end excluded" in window
        assert "2026-03-29 to 2026-10-24: 210 backups" in cli_next
        assert "2026-03-29 to 2026-10-24: 210 runs +60 min" in dst
        assert "2026-03-29 to 2026-10-24" in finding
        # The calendar year, as retention drift for that year.
        cli_year = _cli("drift", str(path), "--from", "2026-01-01", "--to", "2027-01-01")
        assert "2026-03-29 to 2026-10-24: 210 backups" in cli_year
        assert "DST in 2026 (2026-01-01 to 2027-01-01, end excluded" in notes
        assert "2026-03-29 to 2026-10-24: 210 runs +60 min" in notes
        # As of 2027-07-01 means 00:00 local in both.
        await pilot.press("f6")
        await settle(pilot)
        as_of = app.query_one("#as-of", Input)
        as_of.value = "2027-07-01"
        await settle(pilot)
        assert app.analysis is not None and app.analysis.as_of == date(2027, 7, 1)
        count = str(app.query_one("#points-count").render())
        cli_json = json.loads(_cli("project", str(path), "--from", str(TODAY), "--to",
                                   "2027-07-02", "--as-of", "2027-07-01", "--format", "json"))
        by_tier = cli_json["summary"]["alive_by_tier"]
        assert f"{cli_json['summary']['alive']} restorable at 2027-07-01 00:00" in count
        assert ", ".join(f"{n} {t}" for t, n in by_tier.items() if n) in count


async def test_calendar_grid_start_drift_and_selected_day(example) -> None:  # type: ignore[no-untyped-def]
    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        grid = app.query_one(CalendarGrid)
        styles = {n: grid.get_component_rich_style(n) for n in grid.COMPONENT_CLASSES}
        assert grid._cell(date(2026, 2, 28), styles)[:2] == ("<", " ")  # before today
        assert grid._cell(date(2026, 3, 1), styles)[:2] == ("w", " ")   # Sunday point
        # DST: Sunday 29 March's weekly point is taken on Monday 30 March, 00:30 CEST.
        # Nothing is taken on Sunday 29 March itself (its run is Monday's first).
        assert grid._cell(date(2026, 3, 29), styles)[:2] == ("·", " ")
        assert grid._cell(date(2026, 3, 30), styles)[:2] == ("w", "▴")
        # The Mo–Su grid: March 2026 starts on a Sunday, so its first line ends with it.
        lines = grid.plain_lines()
        march = next(i for i, line in enumerate(lines) if "March 2026" in line)
        col = lines[march].index("March 2026")
        assert lines[march + 1][col:col + 20] == "Mo Tu We Th Fr Sa Su"
        assert lines[march + 2][col:col + 21].rstrip().endswith("w")
        await pilot.press("f5")
        await settle(pilot)
        for _ in range(29):
            await pilot.press("right")
        assert grid.selected == date(2026, 3, 30)
        day = str(app.query_one("#cal-day", Static).content)
        assert app.analysis is not None
        assert day == day_text(app.analysis, date(2026, 3, 30))
        assert day.startswith("Mon 30 Mar 2026: taken 00:30 CEST (planned Sun 29 Mar 23:30)")
        assert "+60 min, daily+weekly" in day


def test_help_and_legend_name_the_same_symbols() -> None:
    key = legend().plain
    for symbol, words in SYMBOLS:
        assert f"{symbol} {words}" in key
        assert f"`{symbol}` {words}" in HELP
    assert "`[`" not in HELP and "`]`" not in HELP  # the year keys are PgUp/PgDn
