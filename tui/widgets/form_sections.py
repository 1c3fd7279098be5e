"""The sections of the policy form, in the order of a policy file (SPEC §2).

Each function yields the rows of one section for ``PolicyForm.compose``; the widget ids
follow ``tui.widgets.fields`` (``f-…`` editors, ``err-…`` error lines, ``on-…`` switches,
``body-…`` the part a switch hides), which is all ``PolicyForm`` relies on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Checkbox, Label, Static, Switch

from policy.azure.machine import SYSTEMS
from policy.model.models import TIER_NAMES, TierName
from tui import draft
from tui.draft import Path
from tui.widgets import fields as f
from tui.widgets.zone_input import ZoneSuggester

TARGETS = [("MARS agent", "mars"), ("Azure VM", "azure-vm")]
FREQ = [("daily", "daily"), ("weekly", "weekly"), ("hourly (enhanced VM)", "hourly")]
POLICY_TYPES = [("standard (V1)", "standard"), ("enhanced (V2)", "enhanced")]
MODES = [("fixed offset (Azure)", "fixed-offset"), ("wall clock (DST)", "wall-clock")]
GAPS = [("shift", "shift"), ("skip", "skip"), ("next-valid", "next-valid")]
FOLDS = [("first", "first"), ("second", "second"), ("both", "both")]
COMBINE = [("longest tier", "longest"), ("highest tier", "tier")]
FORMS = [("days of month", "days"), ("weeks + weekdays", "weeks")]
_TIER_TIMES_DEFAULT = {"daily": "all schedule times", "weekly": "earliest time",
                       "monthly": "earliest time", "yearly": "earliest time"}


def identity() -> ComposeResult:
    yield Static("POLICY", classes="section")
    yield f.row("Name", f.text_input(("name",), str.strip, "letters, digits . _ -"), ("name",))
    yield f.row("Target", f.choice(("target",), TARGETS), ("target",))
    yield f.row("Type", f.choice(("policy_type",), POLICY_TYPES), ("policy_type",),
                classes="vm-only")
    yield f.row("Snapshot", f.text_input(("instant_restore_days",), str, "default"),
                ("instant_restore_days",), "days (instant restore)", classes="vm-only")
    yield f.row("Zone", f.text_input(("timezone",), str.strip, "Europe/Berlin",
                                     suggester=ZoneSuggester()), ("timezone",))
    # A Windows ID's IANA zone, on its own line: beside the input it would crop the ID.
    yield Label("", classes="zone-hint", id="hint-timezone")


def schedule() -> ComposeResult:
    yield Static("SCHEDULE", classes="section")
    yield f.row("Runs", f.choice(("schedule", "frequency"), FREQ), ("schedule", "frequency"))
    yield f.row("On", f.toggles(("schedule", "days"), f.WEEKDAYS), ("schedule", "days"),
                classes="weekly-only")
    yield f.row("Every", f.text_input(("schedule", "every_weeks"), str, "1"),
                ("schedule", "every_weeks"), "1–4 weeks", classes="weekly-only")
    yield f.row("Times", f.text_input(("schedule", "times"), str, "22:00, 02:30"),
                ("schedule", "times"), "1–3 a day", classes="not-hourly")
    yield f.row("Every", f.text_input(("schedule", "every_hours"), str, "4"),
                ("schedule", "every_hours"), "4, 6, 8, 12 hours", classes="hourly-only")
    yield f.row("From", f.text_input(("schedule", "window_start"), str, "08:00"),
                ("schedule", "window_start"), "first run", classes="hourly-only")
    yield f.row("For", f.text_input(("schedule", "window_hours"), str, "16"),
                ("schedule", "window_hours"), "4–24 hours", classes="hourly-only")

def clock() -> ComposeResult:
    yield Static("CLOCK", classes="section")
    yield f.row("Mode", f.choice(("clock", "mode"), MODES), ("clock", "mode"))
    yield f.row("Saved", f.text_input(("clock", "anchor"), str, "YYYY-MM-DD"),
                ("clock", "anchor"), "(anchor)")
    yield f.row("Gap", f.choice(("clock", "gap"), GAPS), ("clock", "gap"),
                classes="wall-only")
    yield f.row("Fold", f.choice(("clock", "fold"), FOLDS), ("clock", "fold"),
                classes="wall-only")

def window(on: bool) -> ComposeResult:
    yield Horizontal(Switch(id="on-window"), Static("WINDOW", classes="section"),
                     Label("", classes="tier-summary", id="summary-window"),
                     classes="switch-line")
    yield f.LazyBody(_window_rows, built=on, id="body-window")
    yield Label("", classes="error", id=f.error_id(("window",)))


def _window_rows() -> list[Widget]:
    return [f.row("From", f.text_input(("window", "start"), str, "20:00"),
                  ("window", "start"), "included"),
            f.row("Until", f.text_input(("window", "end"), str, "06:00"),
                  ("window", "end"), "excluded")]

def tier(tier: TierName, on: bool) -> ComposeResult:
    yield Horizontal(Switch(id=f"on-{tier}"), Static(tier.title(), classes="tier-name"),
                     Label("", classes="tier-summary", id=f"summary-{tier}"),
                     classes=f"switch-line tier-{tier}")
    yield Label("", classes="error", id=f.error_id(("retention", tier)))
    yield f.LazyBody(lambda: _tier_rows(tier), built=on, id=f"body-{tier}")


def _tier_rows(tier: TierName) -> Iterator[Widget]:
    base = ("retention", tier)
    yield f.row("Keep", f.text_input((*base, "keep"), str), (*base, "keep"), "")
    yield f.row("Times", f.text_input((*base, "times"), str, _TIER_TIMES_DEFAULT[tier]),
                (*base, "times"))
    if tier == "weekly":
        yield f.row("On", f.toggles((*base, "days"), f.WEEKDAYS), (*base, "days"))
    if tier == "yearly":
        yield f.row("Months", f.toggles((*base, "months"), f.MONTHS, per_line=6),
                    (*base, "months"))
    if tier in ("monthly", "yearly"):
        yield f.row("Placed", f.choice((*base, "form"), FORMS), (*base, "form"))
        yield f.row("Days", f.text_input((*base, "days_of_month"), str, "1, 15, last"),
                    (*base, "days_of_month"), "1–28, last", classes="day-based")
        yield f.row("Weeks", f.toggles((*base, "weeks"), f.WEEKS), (*base, "weeks"),
                    classes="week-based")
        yield f.row("Weekday", f.toggles((*base, "weekdays"), f.WEEKDAYS),
                    (*base, "weekdays"), classes="week-based")

def data(on: bool) -> ComposeResult:
    yield Horizontal(Switch(id="on-data"), Static("STORAGE ESTIMATE", classes="section"),
                     Label("", classes="tier-summary", id="summary-data"),
                     classes="switch-line")
    yield f.LazyBody(_data_rows, built=on, id="body-data")
    yield Label("", classes="error", id=f.error_id(("data",)))


def _data_rows() -> list[Widget]:
    return [
        f.row("Data", f.text_input(("data", "size_gb"), str, "800"),
              ("data", "size_gb"), "GB"),
        f.row("Changes", f.text_input(("data", "daily_change_percent"), str, "2.5"),
              ("data", "daily_change_percent"), "% a day"),
        # SPEC §12: the knobs of the storage model; empty means the model's default.
        f.row("Hot set", f.text_input(("data", "hot_percent"), str, "5 × changes"),
              ("data", "hot_percent"), "% of data"),
        f.row("Growth", f.text_input(("data", "yearly_growth_percent"), str, "0"),
              ("data", "yearly_growth_percent"), "% a year"),
        f.row("Compress", f.text_input(("data", "compression_percent"), str, "0"),
              ("data", "compression_percent"), "% smaller"),
    ]

def retention(on: Callable[[str], bool]) -> ComposeResult:
    yield Static("RETENTION", classes="section")
    yield f.row("Combine", f.choice(("retention", "combine"), COMBINE), ("retention", "combine"))
    yield Label("", classes="error", id=f.error_id(("retention",)))
    for name in TIER_NAMES:
        yield from tier(name, on(name))



#: What the OS input completes: the support matrix's systems, then with their editions.
OS_NAMES = [s.name for s in SYSTEMS] + [f"{s.name} {e}" for s in SYSTEMS for e in s.editions]


def machine(on: bool) -> ComposeResult:
    """The ``machine:`` section: the MARS support-matrix facts about the server."""
    yield Horizontal(Switch(id="on-machine"), Static("MACHINE", classes="section"),
                     Label("", classes="tier-summary", id="summary-machine"),
                     classes="switch-line")
    yield Label("", classes="error", id=f.error_id(("machine",)))
    yield f.LazyBody(_machine_rows, built=on, id="body-machine")


def _machine_rows() -> list[Widget]:
    return [
        f.row("OS", f.text_input(("machine", "os"), str, "Windows Server 2022",
                                 suggester=SuggestFromList(OS_NAMES, case_sensitive=False)),
              ("machine", "os")),
        f.row("State", Checkbox("back up system state", id="f-machine-system_state",
                                compact=True, classes="field"),
              ("machine", "system_state")),
        f.row("Volumes", f.text_input(("machine", "volumes"), str, "D: 800, E: 200"),
              ("machine", "volumes"), "GB"),
        f.row("Cache", f.text_input(("machine", "cache_free_gb"), str, "120"),
              ("machine", "cache_free_gb"), "GB free"),
    ]


#: What a choice shows when the draft leaves the field out (the model's default).
DEFAULTS: dict[Path, str] = {
    ("target",): "mars", ("policy_type",): "standard", ("clock", "mode"): "fixed-offset",
    ("clock", "gap"): "shift",
    ("clock", "fold"): "first", ("retention", "combine"): "longest",
}


def put_choice(data: dict[str, Any], path: Path, value: str) -> bool:
    """Set an enum field, leaving it out while it equals an unset default."""
    unset = draft.get(data, path, draft.MISSING) is draft.MISSING
    if unset and DEFAULTS.get(path) == value:
        return False
    return draft.put(data, path, value)
