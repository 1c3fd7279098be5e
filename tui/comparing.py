"""What saving does to the points the vault already has (SPEC §11, ``retention diff``).

Before ctrl+s writes over an existing file whose policy is another one, the designer runs
``policy.audit.diff.diff_policies(saved, draft, applied=now)`` in a worker and, when the
change can lose something (points pruned or shortened, the zone, or a requirement's
covering points), shows the summary and asks; otherwise (a new name, longer retention) it
saves at once. "Now" comes from the host's clock (``policy.host.now``), never from the domain. The
palette's "Compare with the saved file" shows the same report. Required periods that lose
their only covering point are those ``retention diff`` reports
(``policy.audit.diff_requirements``), kept to the periods of existing points.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import work
from textual.worker import get_current_worker

from policy.audit.diff import DiffReport, diff_policies
from policy.audit.diff_effects import storage_change, vault_change
from policy.audit.diff_report import text_lines
from policy.audit.diff_requirements import requirement_change
from policy.host import now
from policy.model.errors import PolicyError
from policy.model.models import Policy
from tui.file_actions import FileActions
from tui.screens.report import ReportScreen


@dataclass(frozen=True)
class Comparison:
    """The diff of the saved policy and the draft, in words."""

    headline: str
    lines: list[str]
    touches: bool
    """Whether existing points, the zone or required coverage change (then saving asks)."""


def lost_required(report: DiffReport) -> list[tuple[str, str]]:
    """(requirement label, period) of each due period whose only covering point the change
    prunes or shortens: the same verdict as ``retention diff``
    (``policy.audit.diff_requirements``), kept to the periods of existing points."""
    change = requirement_change(report)
    if change is None:
        return []
    applied = report.applied.astimezone(report.new_zone).date()
    return [(lost.verdict.label, lost.failure.period) for lost in change.lost
            if lost.failure.day < applied]


def compare(old: Policy, new: Policy, tz: Any) -> Comparison:
    """``retention diff OLD NEW --applied NOW``, with the headline the designer shows."""
    report = diff_policies(old, new, now(), None, tz)
    vault = vault_change(report)
    lines = text_lines(report, vault, storage_change(report, vault), False)
    counts = {kind: sum(per_tier.values()) for kind, per_tier in report.counts().items()}
    lost = lost_required(report)
    pruned = counts["pruned"]
    head = (f"This change prunes {pruned:,} existing point{'s' if pruned != 1 else ''} at the "
            "next clean-up" if pruned else "This change prunes no existing point")
    if lost:
        head += f"; {len(lost)} required period{'s' if len(lost) != 1 else ''} among them"
        lines += ["", "Required periods that lose their only covering point:",
                  *(f"  {period}: {label}" for label, period in lost[:20])]
        if len(lost) > 20:
            lines.append(f"  … and {len(lost) - 20} more")
    head += (f"; {counts['shortened']:,} shortened, {counts['extended']:,} extended"
             f" (peak {vault.peak_before:,} → {vault.peak_after:,})")
    # Only what can lose something asks first: extending retention keeps every point.
    touches = bool(pruned or counts["shortened"] or lost or report.zone_changed)
    return Comparison(head + ".", lines, touches)


class Comparing(FileActions):
    """Ask before a save that changes existing points; "Compare with the saved file"."""

    policy: Policy | None
    tz: Any

    def saved_policy(self) -> Policy | None:
        """The policy in the session's file as it is on disk (None: no file, or invalid)."""
        from policy.files.document import load

        path = self.session.path
        if path is None:
            return None
        try:
            return load(path).policy
        except (PolicyError, OSError):
            return None

    def action_save(self) -> None:
        old, new = self.saved_policy(), self.policy
        if old is None or new is None or old == new or self.blocking_problems():
            super().action_save()  # nothing to compare, or refused/saved as before
            return
        self.compare_worker(old, new, True)

    def action_compare(self) -> None:
        old, new = self.saved_policy(), self.policy
        if old is None or new is None:
            self.notify("Nothing to compare: the draft and a valid saved file are both "
                        "needed.", severity="warning")
            return
        if old == new:
            self.notify("The draft is the saved policy: nothing changes.")
            return
        self.notify("Comparing with the saved file… computing.", timeout=3)
        self.compare_worker(old, new, False)

    @work(thread=True, exclusive=True, exit_on_error=False, group="compare")
    def compare_worker(self, old: Policy, new: Policy, saving: bool) -> None:
        try:
            result = compare(old, new, self.tz)
        except (PolicyError, ValueError, KeyError, OverflowError) as exc:
            self.call_from_thread(self.notify, f"Cannot compare: {exc}", severity="error")
            if saving:
                self.call_from_thread(FileActions.action_save, self)
            return
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._show_comparison, result, saving)

    def _show_comparison(self, result: Comparison, saving: bool) -> None:
        if saving and not result.touches:
            FileActions.action_save(self)
            return
        if not saving:
            self.push_screen(ReportScreen(result.headline, result.lines,
                                          [("close", "Close")]))
            return

        def answer(choice: str | None) -> None:
            if choice == "save":
                FileActions.action_save(self)

        self.push_screen(ReportScreen(result.headline + " Save anyway?", result.lines,
                                      [("save", "Save"), ("cancel", "Cancel")]), answer)
