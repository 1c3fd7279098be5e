"""The Requirements view: each requirement ✓ or ✗, with its first failure in words.

The verdicts are ``retention check --from TODAY``'s (``policy.audit.requirements.check``,
computed in the analysis worker), so the view, the title's warnings and the command line
tell the same thing; drawing here is formatting only.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.analysis import Analysis, window_words
from tui.widgets.lazy import LazyView
from tui.widgets.updates import show_text


class RequirementsView(LazyView, VerticalScroll, can_focus=True):
    """One block per requirement: the verdict, the count of failing periods, the first."""

    def parts(self) -> ComposeResult:
        yield Static("computing…", id="req-window", classes="muted")
        yield Static("", id="req-list")
        yield Static("ctrl+p → \"Suggest a policy from these requirements\" finds the "
                     "cheapest policy that meets all of them.", id="req-hint",
                     classes="muted")

    def show(self, result: Analysis) -> None:
        report = result.check
        if report is None and result.policy.requirements:  # the check failed
            show_text(self.query_one("#req-window", Static), "; ".join(result.problems))
            show_text(self.query_one("#req-list", Static), "")
            return
        if report is None:
            show_text(self.query_one("#req-window", Static), 
                "No requirements yet: add one in the form's REQUIREMENTS section (+ add) "
                "to state what this policy must keep, e.g. any day of the last 30 days.")
            show_text(self.query_one("#req-list", Static), "")
            return
        first = report.start.astimezone(report.zone).date()
        end = report.end.astimezone(report.zone).date()
        show_text(self.query_one("#req-window", Static), 
            f"Checked from today, {window_words(first, end)} (as retention check --from "
            f"{first}); failing days are marked ! on the calendar.")
        show_text(self.query_one("#req-list", Static), verdict_text(report.verdicts))


def verdict_text(verdicts: Any) -> Text:
    """``✓ label`` / ``✗ label — 7 of 36 periods fail`` and the first failure under it."""
    text = Text()
    for v in verdicts:
        if v.met:
            text.append("✓ ", "bold green")
            text.append(f"{v.label}\n")
            continue
        text.append("✗ ", "bold red")
        text.append(v.label, "bold")
        if v.failures:
            text.append(f" — {len(v.failures)} of {v.periods} periods fail\n")
            first = v.failures[0]
            text.append(f"  first: {first.period} ({first.cause}): {first.message}\n")
        else:
            text.append(f"\n  {v.message}\n")
    text.rstrip()
    return text
