"""The Requirements view and the form's REQUIREMENTS section (issue 10, designer part).

The verdicts are ``retention check --from TODAY``'s; the Berlin 23:30 month-end example
fails 28 of its 47 periods from 2026-03-01, the first one 2026-03 (moved by DST).
"""

from __future__ import annotations

from textual.widgets import Input, Static

from policy.audit.requirements import check, default_end
from policy.files.document import load
from tests.tui.conftest import TODAY, burst, designer, settle, view
from tui.widgets.choice import Choice


async def test_verdicts_failing_days_and_finding_line(example) -> None:  # type: ignore[no-untyped-def]
    path = example("berlin-month-end-drift.yaml")
    app = designer(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        assert app.screen.focused is app.query_one("#requirements-view")
        text = str(app.query_one("#req-list", Static).content)
        assert text.startswith("✗ any month-end of the last 36 months — 28 of 47 periods fail")
        assert "first: 2026-03 (moved)" in text and "grace: 31m would accept it" in text
        assert str(app.query_one("#tabs").get_tab("requirements").label) == \
            "Requirements (1 ✗)"
        assert "✗ not met" in str(app.query_one("#finding", Static).content)
        # The same verdict as the domain's check over validate's window.
        policy = load(str(path)).policy
        report = check(policy, TODAY, default_end(policy.requirements, TODAY))
        failing = {f.day for v in report.verdicts for f in v.failures if f.day.year == 2026}
        assert app.analysis is not None and set(app.analysis.unmet) == failing
        grid = app.query_one("#cal-grid")
        from datetime import date
        assert date(2026, 3, 31) in grid.unmet and date(2026, 12, 31) not in grid.unmet


async def test_add_edit_remove_and_save_keeps_them(example) -> None:  # type: ignore[no-untyped-def]
    path = example("berlin-month-end-drift.yaml")
    app = designer(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.query_one("#rq-add").press()
        await settle(pilot)
        reqs = app.session.draft["requirements"]
        assert reqs[1] == {"every": "day", "for": "30 days"}
        assert app.query_one("#rq-pick", Choice).value == 1
        field = app.query_one("#rq-for", Input)
        field.focus()
        await pilot.pause()
        burst(app, ["ctrl+u", *"14 days"])
        await settle(pilot)
        assert reqs[1]["for"] == "14 days" and field.value == "14 days"
        app.query_one("#rq-label", Input).focus()
        await pilot.pause()
        burst(app, [*"dailies"])
        await settle(pilot)
        assert reqs[1] == {"every": "day", "for": "14 days", "label": "dailies"}
        await view(pilot, "requirements")
        text = str(app.query_one("#req-list", Static).content)
        assert "✗ dailies — " in text  # the 23:30 dailies move too (DST)
        # A bad duration: the message under the field, named by its path.
        app.query_one("#rq-for", Input).focus()
        await pilot.pause()
        burst(app, ["ctrl+u", *"14 fortnights"])
        await settle(pilot)
        assert app.policy is None
        assert "fortnights" in str(app.query_one("#err-requirements-for").content)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert app.session.draft["requirements"][1]["for"] == "14 days"
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = path.read_text()
        assert "# Month-ends for three years" in saved  # comments kept
        assert [r.label for r in load(str(path)).policy.requirements] == [None, "dailies"]
        # Remove the second one again: one undo step, and saved without it.
        app.query_one("#rq-remove").press()
        await settle(pilot)
        assert len(app.session.draft["requirements"]) == 1
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert len(load(str(path)).policy.requirements) == 1


async def test_kind_switch_and_storage_inputs(example) -> None:  # type: ignore[no-untyped-def]
    path = example("compliance-7-years.yaml")
    app = designer(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        count = len(app.session.draft.get("requirements", []))
        app.query_one("#rq-add").press()
        await settle(pilot)
        app.query_one("#rq-kind", Choice).value = "rpo"
        await settle(pilot)
        assert app.session.draft["requirements"][count] == {"rpo": "25h"}
        assert app.query_one(".rq-rpo-row").display
        assert not app.query_one(".rq-every-row").display
        app.query_one("#on-data").value = True  # type: ignore[attr-defined]
        await settle(pilot)
        for selector, typed, key, value in (
                ("#f-data-hot_percent", "12.5", "hot_percent", 12.5),
                ("#f-data-yearly_growth_percent", "10", "yearly_growth_percent", 10),
                ("#f-data-compression_percent", "30", "compression_percent", 30)):
            app.query_one(selector, Input).focus()
            await pilot.pause()
            burst(app, ["ctrl+u", *typed])
            await settle(pilot)
            assert app.session.draft["data"][key] == value
        assert app.policy is not None and app.policy.data is not None
        assert app.policy.data.hot_percent == 12.5
        assert app.policy.data.compression_percent == 30
        # Empty: the model's default again (the key leaves the file).
        app.query_one("#f-data-hot_percent", Input).focus()
        await pilot.pause()
        burst(app, ["ctrl+u"])
        await settle(pilot)
        assert "hot_percent" not in app.session.draft["data"]
