"""The designer's command-palette commands (ctrl+p): validate, save a JSON copy, exports.

A mixin of ``DesignerApp`` over ``FileActions``. The exports call the same domain
functions as ``retention export azure`` and ``retention export powershell``
(``policy.azure.exporter.export_policy``, ``policy.azure.powershell.powershell_script``), so the
designer and the CLI write the same bytes; what a format cannot carry is shown as notes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from textual.app import SystemCommand
from textual.screen import Screen

from policy.model.errors import PolicyError, Problem
from policy.model.models import Policy, Target
from policy.model.zones import TzData
from tui.analysis import Analysis
from tui.comparing import Comparing
from tui.suggesting import Suggesting


class PaletteCommands(Suggesting, Comparing):
    """Commands offered in the palette next to Textual's own (theme, keys, quit …)."""

    policy: Policy | None
    errors: list[Problem]
    analysis: Analysis | None
    tz: TzData

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Validate", "Check the policy against Azure's rules",
                            self.action_validate)
        yield SystemCommand("Save a copy as JSON",
                            "Write the policy file in JSON; the open file stays as it is",
                            self.action_export_json)
        yield SystemCommand("Export Azure REST JSON",
                            "The Azure Backup policy request body (PUT …/backupPolicies)",
                            self.action_export_azure)
        yield SystemCommand("Export MARS PowerShell",
                            "A MARS agent script that applies the policy (target mars)",
                            self.action_export_powershell)
        yield SystemCommand("Save as", "Save under another name or format",
                            self.action_save_as)
        yield SystemCommand("Open", "Open a policy file", self.action_open)
        yield SystemCommand("New policy", "Start from the template", self.action_new)
        yield SystemCommand("Suggest a policy from these requirements",
                            "The cheapest schedule and tiers that meet every requirement, "
                            "robust to DST (retention suggest)", self.action_suggest)
        yield SystemCommand("Compare with the saved file",
                            "What saving the draft does to the existing points "
                            "(retention diff, applied now)", self.action_compare)
        yield SystemCommand("Apply DST remedy", "Move the backup to a robust time",
                            self.action_remedy)
        yield SystemCommand("Help", "Keys and views", self.action_help)

    def current_findings(self) -> list[Problem] | None:
        """The current policy's findings, as ``retention validate`` has them (the app's)."""
        raise NotImplementedError

    def action_remedy(self) -> None:
        """Apply the top DST remedy (the app's part)."""
        raise NotImplementedError

    def action_help(self) -> None:
        """Show the help screen (the app's part)."""
        raise NotImplementedError

    def action_validate(self) -> None:
        if self.policy is None:
            first = self.errors[0]
            self.notify(f"{len(self.errors)} problem(s); first: {first.loc}: {first.message}",
                        title="Invalid", severity="error", timeout=8)
            return
        found = self.current_findings() or []
        errors = [p for p in found if p.severity == "error"]
        warnings = [p for p in found if p.severity == "warning"]
        if errors:
            self.notify("\n".join(f"{p.loc}: {p.message}" for p in errors), title="Invalid",
                        severity="error", timeout=10)
        elif warnings:
            self.notify("\n".join(f"{p.loc}: {p.message}" for p in warnings),
                        title="Valid, with warnings", severity="warning", timeout=10)
        else:
            self.notify("Valid: no errors, no warnings.", title="Valid")

    def _valid_policy(self, what: str) -> Policy | None:
        if self.policy is None:
            self.notify(f"Fix the problems first: only a valid policy is {what}.",
                        severity="error")
        return self.policy

    def action_export_json(self) -> None:
        """Write the policy file in JSON elsewhere (no comments: JSON has none)."""
        from policy.files.document import dumps

        policy = self._valid_policy("saved")
        if policy is None:
            return
        own = self.session.path or ""
        suffix = ".copy.json" if own.lower().endswith(".json") else ".json"
        self.write_after_prompt("Save a copy as JSON (a policy file)",
                                self.export_name(suffix, policy.name), dumps(policy, "json"),
                                [])

    def action_export_azure(self) -> None:
        """``retention export azure``: the REST body, and what it leaves out as notes."""
        from policy.azure.exporter import export_policy

        policy = self._valid_policy("exported")
        if policy is None:
            return
        try:
            result = export_policy(policy)
        except PolicyError as exc:  # AzureError: e.g. a zone with no Windows ID
            self.notify(str(exc), title="Not exported", severity="error", timeout=10)
            return
        self.write_after_prompt("Export the Azure REST body (JSON) to",
                                self.export_name(".azure.json", policy.name),
                                json.dumps(result.body, indent=2) + "\n",
                                fold_notes(result.notes))

    def action_export_powershell(self) -> None:
        """``retention export powershell``: the MARS agent script (mars policies only)."""
        from policy.azure.powershell import powershell_script

        policy = self._valid_policy("exported")
        if policy is None:
            return
        if policy.target is not Target.MARS:
            self.notify(f"The PowerShell cmdlets are the MARS agent's; a target "
                        f"{policy.target.value} policy is exported with \"Export Azure REST "
                        "JSON\".", title="Not exported", severity="error", timeout=10)
            return
        script = powershell_script(policy, self.session.display_name, self.tz.label)
        self.write_after_prompt("Export the MARS PowerShell script to",
                                self.export_name(".ps1", policy.name), script.text,
                                script.warnings)


_NOT_CARRIED = re.compile(r"(\w+): not in the Azure body\b")


def fold_notes(notes: list[str]) -> list[str]:
    """The export's notes for a toast: the fields Azure has no place for, in one line."""
    fields = [m[1] for m in map(_NOT_CARRIED.match, notes) if m]
    kept = [n for n in notes if not _NOT_CARRIED.match(n)]
    if fields:
        kept.append(f"not in the Azure body (no field for them): {', '.join(fields)}")
    return kept
