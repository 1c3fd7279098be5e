"""The palette's "Suggest a policy from these requirements" (issue 11, designer part)."""

from __future__ import annotations

import copy

from textual.widgets import Static

from policy.audit.suggest import suggest
from tests.tui.conftest import TODAY, designer, settle
from tui.screens.report import ReportScreen


async def _offered(pilot) -> ReportScreen:  # type: ignore[no-untyped-def]
    app = pilot.app
    app.action_suggest()
    for _ in range(200):
        await pilot.pause(0.05)
        if isinstance(app.screen, ReportScreen):
            return app.screen
    raise AssertionError("no suggestion was offered")


async def test_suggest_replaces_schedule_and_tiers_as_one_undo_step(example) -> None:  # type: ignore[no-untyped-def]
    app = designer(example("berlin-month-end-drift.yaml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = copy.deepcopy(app.session.draft)
        policy = app.policy
        assert policy is not None
        screen = await _offered(pilot)
        text = str(screen.query_one("#report-text", Static).content)
        # 23:30 cannot meet the month-ends (DST): the search used any half hour, as the
        # domain's suggest does without --times.
        expected = suggest(policy.requirements, policy.timezone, policy.target, None,
                           policy.window, TODAY, app.tz, policy.data, name=policy.name)
        assert expected.policy is not None
        assert f"Winner: {expected.words}: peak {expected.peak:,} points" in text
        assert "Not at the form's times:" in text
        await pilot.pause()
        await pilot.click("#replace")
        await settle(pilot)
        await settle(pilot)
        assert app.policy is not None
        assert app.policy.schedule == expected.policy.schedule
        assert app.policy.retention == expected.policy.retention
        assert app.analysis is not None and app.analysis.unmet_count == 0
        assert app.session.draft["requirements"] == before["requirements"]
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert app.session.draft == before


async def test_suggest_needs_requirements(example) -> None:  # type: ignore[no-untyped-def]
    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_suggest()
        await pilot.pause()
        assert not isinstance(app.screen, ReportScreen)
        assert any("Add requirements first" in str(n.message)
                   for n in app._notifications)
