"""The drift report as text (for people) and as SPEC §8 JSON (for scripts and CI).

The text is written for an administrator who has never heard the word "frame": the
schedule's time is "planned", where the run really happens is "actual", and every
flag is said in words ("on the next day", "outside the window 20:00–07:00").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from policy.dst.drift import DriftReport
from policy.dst.flags import FlaggedRun, FlaggedRuns, Period, flag_sets
from policy.dst.transitions import Transition, format_offset
from policy.engine.projection import Run
from policy.model.enhanced import ASSUMED_CLOCK, clock_assumed, run_window
from policy.model.models import Policy, format_time
from policy.reports.project import drift_words, horizon_words, iso_local, iso_utc

#: How many flagged runs the text lists before summing up the rest.
RUN_LINES = 12

_WORDS = {
    "date-changed": "on another day",
    "outside-window": "outside the window",
    "nonexistent": "at a time the clock skips that day",
    "ambiguous": "at a time the clock shows twice that day",
}


# --- JSON -------------------------------------------------------------------------------


def run_json(flagged: FlaggedRun) -> dict[str, Any]:
    run = flagged.run
    return {"frame": run.frame.isoformat(), "instant": iso_utc(run.instant),
            "local": iso_local(run.local), "drift_minutes": run.drift_minutes,
            "flags": list(flagged.flags), "tiers": list(run.tiers)}


def header_json(policy: Policy, tzdata: str, frozen: timedelta | None) -> dict[str, Any]:
    """The keys every drift-like document starts with."""
    return {"policy": policy.name, "timezone": policy.timezone, "tzdata": tzdata,
            "mode": policy.clock.mode.value,
            "frozen_offset": None if frozen is None else format_offset(frozen)}


def _transition_json(t: Transition) -> dict[str, Any]:
    return {"at": iso_utc(t.at), "local_before": t.local_before.isoformat(),
            "local_after": t.local_after.isoformat(),
            "offset_before": format_offset(t.offset_before),
            "offset_after": format_offset(t.offset_after), "kind": t.kind,
            "minutes": t.minutes}


def _period_json(p: Period) -> dict[str, Any]:
    return {"first": p.first.isoformat(), "last": p.last.isoformat(),
            "drift_minutes": p.drift_minutes, "flags": list(p.flags),
            "affected": dict(p.affected)}


def drift_json(report: DriftReport, runs: Any = None) -> dict[str, Any]:
    """The SPEC §8 document of ``retention drift --format json``; ``runs`` replaces the
    list of flagged runs (``policy.reports.exports`` streams them from the rows)."""
    proj = report.projection
    return header_json(proj.policy, proj.tzdata, proj.frozen_offset) | {
        "transitions": [_transition_json(t) for t in report.transitions],
        "runs": [run_json(r) for r in report.runs] if runs is None else runs,
        "periods": [_period_json(p) for p in report.periods],
        "remedies": {
            "reanchor": [{"date": r.date.isoformat(), "offset": format_offset(r.offset)}
                         for r in report.reanchor],
            "robust_times": [{"time": format_time(r.time), "robust": r.robust,
                              "suggest": [format_time(s) for s in r.suggest]}
                             for r in report.robust_times],
        },
    }


# --- text -------------------------------------------------------------------------------


def drift_text(report: DriftReport, run_lines: int = RUN_LINES) -> str:
    """The human report: clock, clock changes, what happens, effects, runs, fixes."""
    lines = [*_heading(report), *_changes(report), *_happens(report), *_effects(report),
             *_runs(report, run_lines), *_fixes(report)]
    return "\n".join(lines).rstrip() + "\n"


def _heading(report: DriftReport) -> list[str]:
    proj, policy = report.projection, report.policy
    lines = [f"DST drift of {policy.name} ({zone_words(policy)}), tzdata {proj.tzdata}",
             f"Horizon {horizon_words(proj)}",
             clock_sentence(policy, proj.frozen_offset, proj.anchor)]
    if not report.drifting:
        lines.append("Every backup runs at its planned local time and date: no drift.")
    return [*lines, ""]


def clock_sentence(policy: Policy, frozen: timedelta | None, anchor: date) -> str:
    """One sentence on how the schedule's times map to real time."""
    if frozen is None:
        return (f"Clock: wall-clock: backups follow {zone_words(policy)}'s clock, DST "
                f"included (skipped times: {policy.clock.gap.value}, repeated times: "
                f"{policy.clock.fold.value}).")
    offset = format_offset(frozen)
    saved = (f"the day the policy was saved ({anchor}, {offset})" if policy.clock.anchor else
             f"{anchor} ({offset}; no clock.anchor, so the policy is taken as saved that day)")
    sentence = (f"Clock: fixed-offset, as Azure Backup does it: the UTC offset of {saved} is "
                "kept all year; backups do not move for DST.")
    return f"{sentence[:-1]} ({ASSUMED_CLOCK})." if clock_assumed(policy) else sentence


def zone_words(policy: Policy) -> str:
    """``Europe/Berlin``, or ``Pacific Standard Time = America/Los_Angeles``."""
    if policy.zone_name == policy.timezone:
        return policy.timezone
    return f"{policy.timezone} = {policy.zone_name}"


def _changes(report: DriftReport) -> list[str]:
    if not report.transitions:
        return [f"{zone_words(report.policy)} does not change its clocks in this period.", ""]
    lines = [f"Clock changes in {zone_words(report.policy)}:"]
    for t in report.transitions:
        way = "forward" if t.kind == "gap" else "back"
        after = (f"{t.local_after:%H:%M}" if t.local_after.date() == t.local_before.date()
                 else f"{t.local_after:%Y-%m-%d %H:%M}")
        lines.append(f"  {t.local_before:%Y-%m-%d %H:%M} → {after}   "
                     f"{format_offset(t.offset_before)} → {format_offset(t.offset_after)}   "
                     f"clocks go {way} {_minutes(t.minutes)}")
    return [*lines, ""]


def _happens(report: DriftReport) -> list[str]:
    if not report.periods:
        return []
    lines = ["What happens:"]
    for p in report.periods:
        count = p.count
        when = f"{p.first} to {p.last}" if p.last != p.first else f"{p.first}"
        words = _period_words(p, report.policy)
        if count == 1:
            words = (words.replace("do not run", "does not run", 1) if words.startswith("do ")
                     else words.replace("run ", "runs ", 1))
        lines.append(f"  {when}: {count} backup{'s' if count != 1 else ''} {words}")
        tiers = ", ".join(f"{n} {t}" for t, n in p.affected.items() if n)
        if tiers:
            lines.append(f"    points affected: {tiers}")
    return [*lines, ""]


def _period_words(p: Period, policy: Policy) -> str:
    if "skipped" in p.flags:
        return "do not run at all: the planned time does not exist that day (clock.gap: skip)"
    parts = []
    if p.drift_minutes:
        way = "later" if p.drift_minutes > 0 else "earlier"
        parts.append(f"run {_minutes(abs(p.drift_minutes))} {way} than planned")
    else:
        parts.append("run at the planned time")
    for flag, words in _WORDS.items():
        if flag == "date-changed" and p.drift_minutes and abs(p.drift_minutes) < 24 * 60:
            words = "on the next day" if p.drift_minutes > 0 else "on the day before"
        if flag in p.flags:
            window = run_window(policy)
            if flag == "outside-window" and window is not None:
                words += f" {format_time(window.start)}–{format_time(window.end)}"
            parts.append(words)
    return ", ".join(parts)


def _minutes(n: int) -> str:
    hours, minutes = divmod(n, 60)
    if not minutes:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{n} minutes"


def _effects(report: DriftReport) -> list[str]:
    if not report.effects:
        return []
    return ["Effects on the points you keep:",
            *(f"  - {e.sentence}" for e in report.effects), ""]


def _runs(report: DriftReport, limit: int) -> list[str]:
    if not report.runs:
        return []
    shown = report.runs[:limit]
    lines = [f"Backups that do not run as planned ({len(report.runs)}):",
             *run_table([(r.run, r.flags) for r in shown])]
    if len(report.runs) > limit:
        lines.append(f"  … and {len(report.runs) - limit} more (--format json lists all)")
    return [*lines, ""]


def run_table(runs: Sequence[tuple[Run, tuple[str, ...]]]) -> list[str]:
    """A header and one line per run: planned and actual local time, drift, points, flags."""
    width = max([len("points"), *(len(_points(run)) for run, _ in runs)])
    head = f"  {'planned':<20}  {'actual':<26}  {'drift':>6}  {'points':<{width}}  notes"
    return [head, *(_run_line(run, flags, width) for run, flags in runs)]


def _points(run: Run) -> str:
    return "+".join(run.tiers) or "-"


def _run_line(run: Run, flags: tuple[str, ...], width: int) -> str:
    planned = f"{run.frame:%a %Y-%m-%d %H:%M}"
    actual = "(not run)" if run.local is None else f"{run.local:%a %Y-%m-%d %H:%M %Z}"
    drift = drift_words(run.drift_minutes)
    return (f"  {planned:<20}  {actual:<26}  {drift:>6}  {_points(run):<{width}}  "
            f"{', '.join(flags) or '-'}").rstrip()


def _fixes(report: DriftReport) -> list[str]:
    bad = [r for r in report.robust_times if not r.robust]
    runs = report.runs
    skipped = (runs.skipped if isinstance(runs, FlaggedRuns)
               else sum(1 for flags in flag_sets(runs) if "skipped" in flags))
    resave = report.drifting and bool(report.reanchor)
    if not (bad or skipped or resave):
        return []
    lines = ["Fixes:"]
    window = run_window(report.policy)
    where = (f" or out of the window {format_time(window.start)}–{format_time(window.end)}"
             if window else "")
    if bad:
        lines.append(f"  - Use times that never move to another day{where}:")
        for r in bad:
            use = (f"use {' or '.join(format_time(s) for s in r.suggest)}" if r.suggest
                   else "no half-hour time within 12 hours stays on its day")
            lines.append(f"      {format_time(r.time)} moves: {use}")
    if skipped:
        they = "it runs" if skipped == 1 else "they run"
        lines.append(f"  - {_backups(skipped)} not run because the clock skips the planned "
                     f"time (clock.gap: skip): set clock.gap to next-valid or shift so that "
                     f"{they} just after the clock change")
    if resave:
        lead = "Or re-save" if bad else "Re-save"
        lines.append(f"  - {lead} the policy in Azure after each clock change, so that it "
                     f"keeps the new offset: {_saves(report)}")
    return lines


def _backups(n: int) -> str:
    return "1 backup is" if n == 1 else f"{n} backups are"


def _saves(report: DriftReport, limit: int = 4) -> str:
    """``2026-03-29 (then +02:00), 2026-10-25 (then +01:00)``, the first few of many."""
    saves = [f"{r.date} (then {format_offset(r.offset)})" for r in report.reanchor]
    if len(saves) <= limit:
        return ", ".join(saves)
    return (f"{', '.join(saves[:limit])}, … ({len(saves)} dates in all; --format json "
            "lists them)")
