"""The Summary view and the one-sentence finding under the views.

Peak alive against Azure's 9,999 limit as a bar, points and oldest point per tier at the
as-of date, the storage estimate, the findings and the tz data the answers rest on.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from policy.engine.storage_report import StorageReport
from policy.model.errors import Problem
from policy.model.models import TIER_NAMES, Policy
from policy.model.rules import MAX_POINTS, UNITS
from tui.analysis import Analysis
from tui.widgets.azure_kept import kept_line
from tui.widgets.lazy import LazyView
from tui.widgets.points import as_of_instant
from tui.widgets.updates import show_text

BAR_WIDTH = 20


def peak_bar(peak: int, width: int = BAR_WIDTH) -> str:
    """``▕████░░░░▏ 78 / 9,999 (0.8 %)`` as markup: theme colours, error past the limit."""
    share = peak / MAX_POINTS
    filled = min(width, round(share * width)) if peak else 0
    if peak and not filled:
        filled = 1
    style = "b $text-error" if peak > MAX_POINTS else (
        "$text-warning" if share > 0.8 else "$text-success")
    return (f"▕[{style}]{'█' * filled}[/][dim]{'░' * (width - filled)}[/]"
            f"▏ {peak:,} / {MAX_POINTS:,} ({share:.1%})")


def _tier_table(result: Analysis) -> Text:
    projection = result.projection
    at = as_of_instant(projection, result.as_of)
    counts = projection.alive_by_tier(at)
    oldest = projection.oldest_by_tier(at)
    tiers = result.policy.retention.tiers()
    text = Text(f"{'tier':<8}{'keep':>10}{'alive':>6}  oldest\n", "bold")
    for name in TIER_NAMES:
        if name not in tiers:
            text.append(f"{name:<8}{'off':>10}\n", "dim")
            continue
        run = oldest[name]
        when = run.local.strftime("%Y-%m-%d") if run and run.local else "—"
        keep = f"{tiers[name].keep} {UNITS[name]}"
        text.append(f"{name:<8}{keep:>10}{counts[name]:>6}  {when}\n")
    return text


class SummaryView(LazyView, VerticalScroll):
    """The numbers that decide whether a policy is acceptable."""

    def parts(self) -> ComposeResult:
        yield Static("PEAK RECOVERY POINTS  (Azure's limit: 9,999)", classes="section")
        yield Static("computing…", id="sum-peak")
        yield Static("PER TIER", classes="section", id="sum-tier-title")
        yield Static("", id="sum-tiers")
        yield Static("STORAGE", classes="section")
        yield Static("", id="sum-storage")
        from tui.widgets.charts import SummaryCharts  # plotext: imported when first shown

        yield SummaryCharts(id="sum-charts")
        yield Static("FINDINGS", classes="section")
        yield Static("", id="sum-findings")
        yield Static("", id="sum-tz", classes="muted")

    def show(self, result: Analysis) -> None:
        kept = kept_line(result.policy)  # the azure: section, read-only
        show_text(self.query_one("#sum-tz", Static), f"tz data {result.tz_label}"
                                                 + (f"\n{kept}" if kept else ""))
        show_text(self.query_one("#sum-findings", Static), Text(_findings(result)))
        projection = result.projection
        if projection is None:
            show_text(self.query_one("#sum-peak", Static), Text("; ".join(result.problems)))
            return
        peak = projection.peak_alive
        bar = peak_bar(peak) + (
            f"\nreached {projection.peak_at.astimezone(projection.zone):%d %b %Y}, "
            "starting from an empty vault today")
        show_text(self.query_one("#sum-peak", Static), bar)
        show_text(self.query_one("#sum-tier-title", Static), f"PER TIER  (as of {result.as_of})")
        show_text(self.query_one("#sum-tiers", Static), _tier_table(result))
        show_text(self.query_one("#sum-storage", Static), Text(_storage(result, result.storage)))
        from tui.widgets.charts import SummaryCharts

        self.query_one("#sum-charts", SummaryCharts).show(
            result.fill_series, tuple(result.policy.retention.tiers()))


def _storage(result: Analysis, report: StorageReport | None) -> str:
    """``policy.engine.storage_report``'s figures, as ``retention project`` prints them."""
    from policy.reports.storage import storage_lines

    policy = result.policy
    projection = result.projection
    if report is None or policy.data is None:
        return "Turn on STORAGE ESTIMATE in the form (data size, daily change) for an estimate."
    return "\n".join(line.strip() for line in storage_lines(report, policy.data,
                                                             projection.zone))


def _findings(result: Analysis) -> str:
    lines = [f"{'✗' if p.severity == 'error' else '⚠'} {p.loc}: {p.message}"
             for p in result.findings]
    lines.extend(f"⚠ {p}" for p in result.problems)
    return "\n".join(lines) or "✓ No errors, no warnings."


def finding_line(policy: Policy | None, errors: list[Problem], result: Analysis | None) -> str:
    """The one most important thing to know about the policy now, with the key that helps."""
    if policy is None:
        first = errors[0] if errors else None
        more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
        return (f"[b $text-error]✗ {first.loc}[/]: {_escape(first.message)}{more}" if first
                else "[b $text-error]✗ invalid[/]")
    if result is None:
        return "[dim]checking the policy and computing the views…[/]"
    # A result for an earlier draft stays until this one's arrives (no flicker per key).
    hard = [p for p in result.findings if p.severity == "error"]
    if hard:
        return f"[b $text-error]✗ {hard[0].loc}[/]: {_escape(hard[0].message)}"
    if result.problems:  # a part of the analysis is missing: claim nothing it would tell
        return f"[b $text-warning]⚠[/] {_escape(result.problems[0])}"
    peak = f"peak {result.projection.peak_alive:,} / {MAX_POINTS:,}" \
        if result.projection is not None else ""
    unmet = [v for v in getattr(result.check, "verdicts", ()) if not v.met]
    if unmet:  # what the policy must guarantee comes before any other finding
        first = unmet[0]
        why = first.failures[0].message if first.failures else first.message
        more = f" (+{len(unmet) - 1} more, F9)" if len(unmet) > 1 else " (F9)"
        return (f"[b $text-warning]✗ not met[/]: {_escape(first.label)}: "
                f"{_escape(why)}{more}")
    drift = _drift_sentence(result)
    if drift:
        return f"[b $text-warning]⚠[/] {drift}"
    warnings = [p for p in result.findings if p.severity == "warning"]
    if warnings:
        return f"[b $text-warning]⚠ {warnings[0].loc}[/]: {_escape(warnings[0].message)}"
    if result.drift_periods:
        return (f"[b $text-success]✓ valid[/] · {peak} · DST moves the run times (see DST) but "
                "every point stays on its day")
    return f"[b $text-success]✓ valid[/] · {peak} · no DST drift in the next year"


def _drift_sentence(result: Analysis) -> str:
    report: Any = result.drift
    if report is None or not report.periods or not (report.effects or result.remedies):
        return ""
    flagged = len(report.runs)
    first, last = report.periods[0], report.periods[-1]
    text = f"next year: {flagged} runs drift ({first.first} to {last.last}, planned dates)"
    if result.remedies:
        text += f" · [b]ctrl+r[/]: {_escape(result.remedies[0].text)}"
    if report.effects:
        text += f" · {_escape(report.effects[0].sentence)}"
    return text


def _escape(text: str) -> str:
    return text.replace("[", r"\[")
