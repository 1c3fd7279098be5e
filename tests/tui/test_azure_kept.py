"""The Summary's read-only azure: line (issue 18): what export azure writes back verbatim."""

from __future__ import annotations

import json

from policy.azure.importer import import_policy
from policy.files.document import load
from tests.azure.bodies_v2 import PS_WEEKLY_GET, REST_DAILY
from tests.conftest import EXAMPLES
from tui.widgets.azure_kept import kept_line


def test_an_imported_policy_lists_what_is_kept() -> None:
    assert kept_line(import_policy(PS_WEEKLY_GET).policy) == (
        "azure: kept verbatim for export azure (read-only): policyType stated, snapshot "
        "resource group, TierRecommended duration, DateTime form")
    assert kept_line(import_policy(REST_DAILY).policy) == (
        "azure: kept verbatim for export azure (read-only): policyType stated, snapshot "
        "consistency OnlyCrashConsistent, DateTime form (+5 exact), 3 other fields")


def test_a_policy_without_the_section_says_nothing() -> None:
    assert kept_line(load(EXAMPLES / "azure-vm-enhanced-hourly.yaml").policy) == ""
    assert kept_line(None) == ""


async def test_the_designer_analyses_an_imported_policy(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An imported body keeps mappings in ``azure:`` (exact DateTimes, other fields); the
    designer remembers analyses by policy, so such a policy must hash (it did not: the
    views stayed at "computing…")."""
    from click.testing import CliRunner

    from policy.cli.main import cli
    from tests.tui.conftest import designer, settle

    body, path = tmp_path / "body.json", tmp_path / "imported.yaml"
    body.write_text(json.dumps(REST_DAILY))
    assert CliRunner().invoke(cli, ["import", "azure", str(body), "-o", str(path)]).exit_code == 0
    app = designer(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.analysis is not None and app.analysis.problems == []
        assert app.analysis.policy.azure is not None and app.analysis.policy.azure.extra
        assert app.analysis.projection.peak_alive > 0


async def test_an_analysis_that_raises_is_shown_not_lost(example, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A failure no engine reports (a bug) ends the computing: every view says it failed
    and none claims what it would have told (no "no DST drift"); the verdict stays
    ``retention validate``'s own."""
    import tui.app
    from tests.tui.conftest import designer, settle, view

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr(tui.app, "analyse_recent", broken)
    app = designer(example("berlin-file-server.yaml"))
    failure = "the analysis failed (RuntimeError: boom); please report this with the policy file"
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.analysis is not None and app.analysis.problems == [failure]
        # validate's findings still hold: the file's DST warning, no error.
        assert [p.severity for p in app.analysis.findings] == ["warning"]
        assert app.blocking_problems() == []
        assert "the analysis failed" in str(app.query_one("#finding").render())
        assert "no DST drift" not in str(app.query_one("#finding").render())
        for tab, part in (("summary", "#sum-peak"), ("dst", "#dst-window"),
                          ("points", "#points-count")):
            await view(pilot, tab)
            assert str(app.query_one(part).render()) == failure


async def test_when_even_the_checks_raise_the_draft_is_not_valid(example, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import tui.analysis
    import tui.app
    from tests.tui.conftest import designer, settle

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr(tui.app, "analyse_recent", broken)
    monkeypatch.setattr(tui.analysis, "findings", broken)
    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.analysis is not None
        assert [(p.loc, p.severity) for p in app.analysis.findings] == [("analysis", "error")]
        assert "✗ 1 problem(s)" in str(app.query_one("#title").render())
        assert [p.loc for p in app.blocking_problems()] == ["analysis"]
