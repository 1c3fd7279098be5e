"""One verdict: the designer calls a draft valid exactly when ``retention validate`` does.

Issue 14: three runs a day kept 9,999 days is a policy (the rules pass) but holds 29,997
points, over Azure's 9,999; ``retention validate`` exits 2 on it, so the designer must
show ✗ and never write it over the file being edited.
"""

from __future__ import annotations

from textual.widgets import Input, Label

from policy.cli.validate import check_file
from tests.tui.conftest import TODAY, burst, designer, settle
from tui.screens.file_prompt import FilePrompt


async def _over_limit(pilot) -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    for selector, text in (("#f-schedule-times", "01:00, 09:00, 17:00"),
                           ("#f-retention-daily-keep", "9999")):
        app.query_one(selector, Input).focus()
        await pilot.pause()
        burst(app, ["ctrl+u", *text])
        await settle(pilot)
        await settle(pilot)


async def test_over_the_point_limit_is_invalid_and_not_saved_over_the_file(
        example, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = example("berlin-file-server.yaml")
    before = path.read_text()
    app = designer(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "✓ valid" in str(app.query_one("#title", Label).content)
        await _over_limit(pilot)
        assert app.policy is not None  # the rules pass …
        title = str(app.query_one("#title", Label).content)
        # The point limit, and system state allows one backup a day (azure-docs#94020).
        assert "✗ 2 problem(s)" in title and "valid" not in title  # … the limit does not
        blocking = app.blocking_problems()
        assert [p.loc for p in blocking] == ["schedule.times", "retention"]
        assert "29,997" in blocking[1].message
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert path.read_text() == before and app.session.dirty
        # Save as a new name: allowed, with the problems listed.
        target = tmp_path / "over-limit.yaml"
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, FilePrompt)
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert app.session.path == str(target)
        # … and from now on that file is the one not to be saved over while invalid.
        target_text = target.read_text()
        app.query_one("#f-name", Input).focus()
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert target.read_text() == target_text
    # The CLI's verdict on the saved file is the designer's, message for message.
    monkeypatch.setattr("policy.cli.validate.today", lambda: TODAY)
    report = check_file(str(target), None, "bundled")
    assert [(p.loc, p.message) for p in report.errors] == \
        [(p.loc, p.message) for p in blocking]


async def test_valid_and_clean_agree_with_validate(example, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = example("berlin-file-server.yaml")
    app = designer(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        found = app.current_findings()
        assert found is not None and not app.blocking_problems()
        title = str(app.query_one("#title", Label).content)
        assert "✓ valid" in title and "⚠ 1 warning(s)" in title
    monkeypatch.setattr("policy.cli.validate.today", lambda: TODAY)
    report = check_file(str(path), None, "bundled")
    assert report.valid
    assert [p.message for p in report.warnings] == [p.message for p in found]
