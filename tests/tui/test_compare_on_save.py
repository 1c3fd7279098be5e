"""Saving over a file whose policy differs shows what the change does first (issue 12)."""

from __future__ import annotations

from textual.widgets import Input, Label

from policy.audit.diff import diff_policies
from policy.files.document import load
from tests.tui.conftest import burst, designer, settle
from tui import comparing
from tui.screens.report import ReportScreen


async def _screen(pilot) -> ReportScreen:  # type: ignore[no-untyped-def]
    for _ in range(200):
        await pilot.pause(0.05)
        if isinstance(pilot.app.screen, ReportScreen):
            return pilot.app.screen
    raise AssertionError("no report was shown")


async def test_shorter_dailies_ask_first_with_the_diff(example, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    applied = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    monkeypatch.setattr(comparing, "now", lambda: applied)
    path = example("berlin-file-server.yaml")
    before = path.read_text()
    old = load(str(path)).policy
    app = designer(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.query_one("#f-retention-daily-keep", Input).focus()
        await pilot.pause()
        burst(app, ["ctrl+u", "1", "4"])
        await settle(pilot)
        assert app.policy is not None
        report = diff_policies(old, app.policy, applied, None, app.tz)
        pruned = sum(report.counts()["pruned"].values())
        # 30 -> 14: of the 16 dailies beyond 14 days, the 3 that are also weekly points
        # stay (shortened to their weekly retention); 13 are pruned.
        assert pruned == 13
        await pilot.press("ctrl+s")
        screen = await _screen(pilot)
        head = str(screen.query_one("#report-head", Label).content)
        assert head.startswith("This change prunes 13 existing points at the next clean-up")
        await pilot.press("escape")  # cancel: nothing written
        await settle(pilot)
        assert path.read_text() == before and app.session.dirty
        app.action_compare()
        screen = await _screen(pilot)
        assert "prunes 13" in str(screen.query_one("#report-head", Label).content)
        await pilot.click("#close")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await _screen(pilot)
        await pilot.pause()
        await pilot.click("#save")
        await settle(pilot)
        assert not app.session.dirty
        assert load(str(path)).policy.retention.daily.keep == 14  # type: ignore[union-attr]


async def test_a_rename_saves_without_asking(example) -> None:  # type: ignore[no-untyped-def]
    path = example("berlin-file-server.yaml")
    app = designer(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.query_one("#f-name", Input).focus()
        await pilot.pause()
        burst(app, ["x"])
        await settle(pilot)
        await pilot.press("ctrl+s")
        for _ in range(100):
            await pilot.pause(0.05)
            if not app.session.dirty:
                break
        assert not isinstance(app.screen, ReportScreen) and not app.session.dirty
        assert load(str(path)).policy.name.endswith("x")
