"""Pilot tests of the palette's exports, the machine section and the storage estimate."""

from __future__ import annotations

import json

from textual.widgets import Checkbox, Input, Label, Static, Switch

from policy.azure.exporter import export_policy
from policy.azure.powershell import powershell_script
from policy.engine.storage_report import storage_report
from policy.files.document import load
from policy.model.models import Volume
from tests.tui.conftest import designer, settle, view
from tests.tui.test_editor import type_into
from tui.screens.confirm import Confirm
from tui.screens.file_prompt import FilePrompt
from tui.widgets.points import as_of_instant


def toasts(app) -> list[str]:  # type: ignore[no-untyped-def]
    """Title and message of every notification shown so far."""
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def answer_prompt(pilot, path: str) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(pilot.app.screen, FilePrompt)
    pilot.app.screen.query_one("#path", Input).value = path
    await pilot.press("enter")
    await pilot.pause()


async def test_palette_exports_write_what_the_cli_writes(example, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        policy = app.policy
        assert policy is not None
        # Through the palette, as a user would: ctrl+p, a few letters, enter.
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"export azure", "enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, FilePrompt)
        assert app.screen.query_one("#path", Input).value.endswith(
            "berlin-file-server.azure.json")
        await answer_prompt(pilot, str(tmp_path / "body.json"))
        body = json.loads((tmp_path / "body.json").read_text())
        assert body == export_policy(policy).body
        assert body["properties"]["backupManagementType"] == "MAB"
        assert any("not in the Azure body (no field for them): clock, window, data, machine"
                   in t for t in toasts(app))
        # The MARS script, with what MARS cannot be told as notes.
        app.action_export_powershell()
        await pilot.pause()
        await answer_prompt(pilot, str(tmp_path / "apply.ps1"))
        script = powershell_script(policy, "berlin-file-server.yaml", app.tz.label)
        assert (tmp_path / "apply.ps1").read_text() == script.text
        assert any("WithoutLastDayTiers" in t for t in toasts(app))
        # An existing file is replaced only after a yes.
        app.action_export_json()
        await pilot.pause()
        await answer_prompt(pilot, str(tmp_path / "apply.ps1"))
        assert isinstance(app.screen, Confirm)
        await pilot.click("#replace")
        await pilot.pause()
        assert load(tmp_path / "apply.ps1", "json").policy == policy


async def test_exports_refuse_what_they_cannot_do(example) -> None:  # type: ignore[no-untyped-def]
    path = example("azure-vm-pacific.json")
    before = path.read_text()
    app = designer(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_export_powershell()  # target azure-vm: no MARS script
        await pilot.pause()
        assert not isinstance(app.screen, FilePrompt)
        assert any("Not exported" in t and "azure-vm" in t for t in toasts(app))
        app.action_export_json()  # suggested beside the policy, never over it
        await pilot.pause()
        assert app.screen.query_one("#path", Input).value.endswith("azure-vm-pacific.copy.json")
        await answer_prompt(pilot, str(path))
        assert path.read_text() == before
        assert any("is the policy being edited" in t for t in toasts(app))


async def test_machine_fields_edit_the_policy(example) -> None:  # type: ignore[no-untyped-def]
    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.query_one("#on-machine", Switch).value
        assert app.query_one("#f-machine-os", Input).value == "Windows Server 2022"
        assert app.query_one("#f-machine-system_state", Checkbox).value is True
        assert app.query_one("#f-machine-volumes", Input).value == "D: 800"
        await type_into(pilot, "#f-machine-volumes", "D: 800, E: 200")
        assert app.policy is not None and app.policy.machine is not None
        assert app.policy.machine.volumes == (Volume(name="D:", size_gb=800),
                                              Volume(name="E:", size_gb=200))
        # A part that is not "name size" is named in the error under the field.
        await type_into(pilot, "#f-machine-volumes", "D: 800, E: lots")
        error = str(app.query_one("#err-machine-volumes", Label).content)
        assert app.policy is None and '"E: lots"' in error and "not a number" in error
        await type_into(pilot, "#f-machine-volumes", "D: 800")
        # Support-matrix findings (policy.azure.machine) show under their fields.
        await type_into(pilot, "#f-machine-os", "Windows 10 Pro")
        assert "System state: No" in str(app.query_one("#err-machine-system_state",
                                                       Label).content)
        app.query_one("#f-machine-system_state", Checkbox).toggle()
        await settle(pilot)
        assert "system_state" not in app.session.draft["machine"]
        assert not app.query_one("#err-machine-system_state", Label).display
        await type_into(pilot, "#f-machine-cache_free_gb", "20")
        assert app.policy is not None and app.policy.machine is not None
        assert app.policy.machine.cache_free_gb == 20
        assert "at least 40 GB" in str(app.query_one("#err-machine-cache_free_gb",
                                                     Label).content)
        # The switch removes the section and brings it back as it was.
        app.query_one("#on-machine", Switch).toggle()
        await settle(pilot)
        assert "machine" not in app.session.draft and app.policy.machine is None
        assert not app.query_one("#body-machine").display
        app.query_one("#on-machine", Switch).toggle()
        await settle(pilot)
        assert app.session.draft["machine"]["os"] == "Windows 10 Pro"


async def test_storage_estimate_is_the_domain_one(example) -> None:  # type: ignore[no-untyped-def]
    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        result = app.analysis
        assert result is not None and result.policy == app.policy
        projection = result.projection
        report = storage_report(projection, as_of_instant(projection, result.as_of))
        assert report is not None and report.peak_gb >= report.as_of_gb > 800
        await view(pilot, "summary")
        text = str(app.query_one("#sum-storage", Static).content)
        assert text.startswith(f"Storage (an estimate): ~{report.as_of_gb:,.0f} GB held at ")
        assert f"steady-state peak ~{report.peak_gb:,.0f} GB" in text
        assert "inputs: 800 GB; 2.5 %/day on a hot set of 12.5 % (default: 5 × change)" in text