"""The DST view: offset changes, drifting runs in words, tier effects and one-key remedies.

Everything here comes from ``policy.dst.drift.analyse`` over the next year (as
``retention drift --from TODAY``); this module
only words it. Remedies are an option list: ``enter`` (or ``ctrl+r`` anywhere for the
first) applies one to the policy.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from policy.dst.drift import apply_anchor
from policy.model.models import Policy
from tui.analysis import Analysis, Remedy, period_lines, window_words
from tui.widgets.lazy import LazyView
from tui.widgets.updates import show_text


def offset_text(offset: timedelta) -> str:
    """``+02:00`` / ``-04:00`` / ``+10:30``."""
    total = int(offset.total_seconds()) // 60
    sign = "-" if total < 0 else "+"
    return f"{sign}{abs(total) // 60:02d}:{abs(total) % 60:02d}"


def transitions_text(report: Any) -> str:
    if not report.transitions:
        return "No offset change in this window."
    lines = []
    for tr in report.transitions:
        verb = "forward" if tr.kind == "gap" else "back"
        lines.append(f"• {tr.local_before:%a %d %b %Y %H:%M} → {tr.local_after:%H:%M}  "
                     f"clocks go {verb} {tr.minutes} min "
                     f"({offset_text(tr.offset_before)} → {offset_text(tr.offset_after)})")
    return "\n".join(lines)


def periods_text(report: Any) -> str:
    """The periods as ``retention drift`` dates them (planned dates, with the year)."""
    if not report.periods:
        return "No run drifts: every backup runs at its scheduled local time and date."
    lines = []
    for p, line in zip(report.periods, period_lines(report), strict=True):
        affected = ", ".join(f"{n} {t}" for t, n in p.affected.items() if n)
        lines.append(f"• {line}" + (f"; points: {affected}" if affected else ""))
    return "\n".join(lines)


def effects_text(report: Any) -> str:
    if not report.effects:
        return "Weekly, monthly and yearly points all land on the days chosen."
    shown = [f"• {e.sentence}" for e in report.effects[:12]]
    if len(report.effects) > 12:
        shown.append(f"… and {len(report.effects) - 12} more (retention drift lists all)")
    return "\n".join(shown)


def reanchor_remedies(report: Any) -> list[Remedy]:
    """Re-save the policy after an offset change: one remedy per change."""
    return [Remedy(f"re-save on {r.date:%d %b %Y}: freezes {offset_text(r.offset)}",
                   partial(_anchored, day=r.date)) for r in report.reanchor]


def _anchored(policy: Policy, day: date) -> Policy:
    return apply_anchor(policy, day)


class DstView(LazyView, VerticalScroll):
    """Sections of words and the list of remedies."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.remedies: list[Remedy] = []

    def parts(self) -> ComposeResult:
        yield Static("computing…", id="dst-window", classes="muted")
        yield Static("REMEDIES  (enter applies, ctrl+z undoes)", classes="section")
        yield OptionList(id="remedies", compact=True)
        yield Static("DRIFTING RUNS", classes="section")
        yield Static("", id="dst-periods")
        yield Static("WHAT IT DOES TO THE POINTS", classes="section")
        yield Static("", id="dst-effects")
        yield Static("OFFSET CHANGES", classes="section")
        yield Static("", id="dst-transitions")

    def show(self, result: Analysis) -> None:
        report = result.drift
        if report is None:  # the analysis failed: say so where "computing…" was
            show_text(self.query_one("#dst-window", Static), Text("; ".join(result.problems)))
            for part in ("#dst-periods", "#dst-effects", "#dst-transitions"):
                show_text(self.query_one(part, Static), "")
            self.remedies = []
            self.query_one("#remedies", OptionList).clear_options()
            return
        show_text(self.query_one("#dst-window", Static), Text(
            f"Next year: {window_words(result.today, result.drift_end)}, as retention drift "
            f"--from {result.today} shows it"))
        # Plain Text, not markup: flags are written in brackets ("[shifted, …]").
        show_text(self.query_one("#dst-transitions", Static), Text(transitions_text(report)))
        show_text(self.query_one("#dst-periods", Static), Text(periods_text(report)))
        show_text(self.query_one("#dst-effects", Static), Text(effects_text(report)))
        self.remedies = [*result.remedies, *(reanchor_remedies(report) if report.runs else [])]
        options = self.query_one("#remedies", OptionList)
        options.clear_options()
        if not self.remedies:
            options.add_option(Option("Nothing to fix: every schedule time is robust.",
                                      disabled=True))
        for i, remedy in enumerate(self.remedies):
            options.add_option(Option(remedy.text, id=f"remedy-{i}"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        index = event.option_index
        if 0 <= index < len(self.remedies):
            apply_remedy = getattr(self.app, "apply_remedy", None)
            if apply_remedy is not None:
                apply_remedy(self.remedies[index].apply)
        event.stop()
