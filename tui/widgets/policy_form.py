"""The policy form: every field of a policy file, in the file's order, with inline errors.

Attributes down, messages up: the app hands the form a draft (``load``) and the problems
of the latest validation (``show_problems``); the form never validates. Each user edit is
posted as ``PolicyForm.Edit`` carrying a function that applies it to the draft, so the app
stays the one owner of the policy being edited.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import Input, Label, Select, Static, Switch

from policy.errors import Problem
from policy.models import TIER_NAMES, Target, TierName
from policy.rules import TIMES_BOUNDS, keep_bounds
from policy.zones import is_windows_id, resolve_name
from tui import draft
from tui.draft import Path
from tui.widgets import fields as f
from tui.widgets.toggle_row import ToggleRow
from tui.widgets.zone_input import ZoneSuggester

Change = Callable[[dict[str, Any]], bool]

_TARGETS = [("MARS agent", "mars"), ("Azure VM", "azure-vm")]
_FREQ = [("daily", "daily"), ("weekly", "weekly")]
_MODES = [("fixed offset (Azure)", "fixed-offset"), ("wall clock (DST)", "wall-clock")]
_GAPS = [("shift", "shift"), ("skip", "skip"), ("next-valid", "next-valid")]
_FOLDS = [("first", "first"), ("second", "second"), ("both", "both")]
_COMBINE = [("longest tier", "longest"), ("highest tier", "tier")]
_FORMS = [("days of month", "days"), ("weeks + weekdays", "weeks")]
_TIER_TIMES_DEFAULT = {"daily": "all schedule times", "weekly": "earliest time",
                       "monthly": "earliest time", "yearly": "earliest time"}
#: Select widgets whose change reshapes the draft (and so reloads the form).
_STRUCTURAL: dict[Path, Callable[[dict[str, Any], str], bool]] = {
    ("schedule", "frequency"): draft.set_frequency,
    ("clock", "mode"): draft.set_mode,
}


class PolicyForm(VerticalScroll):
    """The left pane: a form over the draft policy."""

    class Edit(Message):
        """The user changed a field: ``change`` applies it to the draft."""

        def __init__(self, change: Change, reload: bool = False) -> None:
            super().__init__()
            self.change = change
            self.reload = reload

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._stash: dict[str, dict[str, Any]] = {}
        self._ready = False
        """False until the first ``load``: widgets post their initial values on mount."""

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("POLICY", classes="section")
        yield f.row("Name", f.text_input(("name",), str.strip, "letters, digits . _ -"),
                    ("name",))
        yield f.row("Target", f.choice(("target",), _TARGETS), ("target",))
        yield f.row("Zone", f.text_input(("timezone",), str.strip, "Europe/Berlin",
                                         suggester=ZoneSuggester()), ("timezone",), "")
        yield from self._schedule()
        yield from self._clock()
        yield from self._window()
        yield Static("RETENTION", classes="section")
        yield f.row("Combine", f.choice(("retention", "combine"), _COMBINE),
                    ("retention", "combine"))
        yield Label("", classes="error", id=f.error_id(("retention",)))
        for tier in TIER_NAMES:
            yield from self._tier(tier)
        yield from self._data()
        yield Label("", classes="error", id="err-root")

    def _schedule(self) -> ComposeResult:
        yield Static("SCHEDULE", classes="section")
        yield f.row("Runs", f.choice(("schedule", "frequency"), _FREQ), ("schedule", "frequency"))
        yield f.row("On", f.toggles(("schedule", "days"), f.WEEKDAYS), ("schedule", "days"),
                    classes="weekly-only")
        yield f.row("Every", f.text_input(("schedule", "every_weeks"), str, "1"),
                    ("schedule", "every_weeks"), "1–4 weeks", classes="weekly-only")
        yield f.row("Times", f.text_input(("schedule", "times"), str, "22:00, 02:30"),
                    ("schedule", "times"), "1–3 a day")

    def _clock(self) -> ComposeResult:
        yield Static("CLOCK", classes="section")
        yield f.row("Mode", f.choice(("clock", "mode"), _MODES), ("clock", "mode"))
        yield f.row("Saved", f.text_input(("clock", "anchor"), str, "YYYY-MM-DD"),
                    ("clock", "anchor"), "(anchor)")
        yield f.row("Gap", f.choice(("clock", "gap"), _GAPS), ("clock", "gap"),
                    classes="wall-only")
        yield f.row("Fold", f.choice(("clock", "fold"), _FOLDS), ("clock", "fold"),
                    classes="wall-only")

    def _window(self) -> ComposeResult:
        yield Horizontal(Switch(id="on-window"), Static("WINDOW", classes="section"),
                         classes="switch-line")
        with Vertical(id="body-window", classes="body"):
            yield f.row("From", f.text_input(("window", "start"), str, "20:00"),
                        ("window", "start"), "included")
            yield f.row("Until", f.text_input(("window", "end"), str, "06:00"),
                        ("window", "end"), "excluded")
        yield Label("", classes="error", id=f.error_id(("window",)))

    def _tier(self, tier: TierName) -> ComposeResult:
        yield Horizontal(Switch(id=f"on-{tier}"), Static(tier.title(), classes="tier-name"),
                         Label("", classes="tier-summary", id=f"summary-{tier}"),
                         classes=f"switch-line tier-{tier}")
        yield Label("", classes="error", id=f.error_id(("retention", tier)))
        base = ("retention", tier)
        with Vertical(id=f"body-{tier}", classes="body"):
            yield f.row("Keep", f.text_input((*base, "keep"), str), (*base, "keep"), "")
            yield f.row("Times", f.text_input((*base, "times"), str, _TIER_TIMES_DEFAULT[tier]),
                        (*base, "times"))
            if tier == "weekly":
                yield f.row("On", f.toggles((*base, "days"), f.WEEKDAYS), (*base, "days"))
            if tier == "yearly":
                yield f.row("Months", f.toggles((*base, "months"), f.MONTHS, per_line=6),
                            (*base, "months"))
            if tier in ("monthly", "yearly"):
                yield f.row("Placed", f.choice((*base, "form"), _FORMS), (*base, "form"))
                yield f.row("Days", f.text_input((*base, "days_of_month"), str, "1, 15, last"),
                            (*base, "days_of_month"), "1–28, last", classes="day-based")
                yield f.row("Weeks", f.toggles((*base, "weeks"), f.WEEKS), (*base, "weeks"),
                            classes="week-based")
                yield f.row("Weekday", f.toggles((*base, "weekdays"), f.WEEKDAYS),
                            (*base, "weekdays"), classes="week-based")

    def _data(self) -> ComposeResult:
        yield Horizontal(Switch(id="on-data"), Static("STORAGE ESTIMATE", classes="section"),
                         classes="switch-line")
        with Vertical(id="body-data", classes="body"):
            yield f.row("Data", f.text_input(("data", "size_gb"), str, "800"),
                        ("data", "size_gb"), "GB")
            yield f.row("Changes", f.text_input(("data", "daily_change_percent"), str, "2.5"),
                        ("data", "daily_change_percent"), "% a day")
        yield Label("", classes="error", id=f.error_id(("data",)))

    # --- attributes down -----------------------------------------------------------------

    def load(self, data: dict[str, Any]) -> None:
        """Show the draft in every widget, without posting edits."""
        with self.prevent(Input.Changed, Select.Changed, Switch.Changed, ToggleRow.Changed):
            for inp in self.query(Input):
                path = f.path_of(inp.id)
                if path is not None:
                    inp.value = draft.show(draft.get(data, path))
            for sel in self.query(Select):
                self._load_select(sel, data)
            for toggle in self.query(ToggleRow):
                path = f.path_of(toggle.id)
                if path is not None:
                    toggle.set_values(draft.as_list(draft.get(data, path)))
            for name in (*TIER_NAMES, "window", "data"):
                path = ("retention", name) if name in TIER_NAMES else (name,)
                self.query_one(f"#on-{name}", Switch).value = isinstance(
                    draft.get(data, path), dict)
        self._ready = True
        self.update_layout(data)

    def _load_select(self, sel: Select[str], data: dict[str, Any]) -> None:
        path = f.path_of(sel.id)
        if path is None:
            return
        if path[-1] == "form":
            value: Any = "days" if "days_of_month" in (draft.get(data, path[:-1]) or {}) \
                else "weeks"
        else:
            value = draft.get(data, path, _DEFAULTS.get(path))
        if value in _CHOICES.get(path[-1], ()):
            sel.value = value

    def update_layout(self, data: dict[str, Any]) -> None:
        """Show only what applies to the draft; ranges for its target."""
        weekly = draft.get(data, ("schedule", "frequency")) == "weekly"
        wall = draft.get(data, ("clock", "mode")) == "wall-clock"
        for node in self.query(".weekly-only"):
            node.display = weekly
        for node in self.query(".wall-only"):
            node.display = wall
        for name in ("window", "data"):
            self.query_one(f"#body-{name}").display = isinstance(draft.get(data, (name,)), dict)
        for tier in TIER_NAMES:
            node = draft.get(data, ("retention", tier))
            self.query_one(f"#body-{tier}").display = isinstance(node, dict)
            if tier in ("monthly", "yearly") and isinstance(node, dict):
                day_based = "days_of_month" in node
                for part in self.query(f"#body-{tier} .day-based"):
                    part.display = day_based
                for part in self.query(f"#body-{tier} .week-based"):
                    part.display = not day_based
        self._update_hints(data)

    def _update_hints(self, data: dict[str, Any]) -> None:
        raw = draft.get(data, ("target",))
        target = Target(raw) if raw in {t.value for t in Target} else Target.MARS
        for tier in TIER_NAMES:
            bounds = keep_bounds(target, tier)
            self._hint(("retention", tier, "keep"), bounds.text())
            node = draft.get(data, ("retention", tier))
            keep = node.get("keep") if isinstance(node, dict) else None
            on = isinstance(node, dict)
            summary = (f"{keep} {bounds.unit}" if isinstance(keep, int) else "") if on else "off"
            self.query_one(f"#summary-{tier}", Label).update(summary)
        low, high = TIMES_BOUNDS[target]
        self._hint(("schedule", "times"), "exactly 1" if low == high else f"{low}–{high} a day")
        zone = draft.get(data, ("timezone",))
        self._hint(("timezone",), f"= {resolve_name(zone)}" if isinstance(zone, str)
                   and is_windows_id(zone) else "")

    def _hint(self, path: Path, text: str) -> None:
        self.query_one(f"#hint-{'-'.join(path)}", Label).update(text)

    def show_problems(self, problems: list[Problem]) -> None:
        """Put each problem's message under its field (or the nearest section)."""
        messages: dict[str, list[str]] = {}
        for problem in problems:
            target = self._error_label_for(draft.field_path(problem.loc))
            loc = "" if target != "err-root" else f"{problem.loc}: "
            if problem.line is not None:
                loc += f"line {problem.line}: "
            text = problem.message if problem.severity == "error" else "⚠ " + _short(
                problem.message)
            messages.setdefault(target, []).append(f"{loc}{text}")
        for label in self.query(".error"):
            text = "\n".join(messages.get(label.id or "", []))
            assert isinstance(label, Label)
            label.update(Text(text))  # not markup: messages quote lists like [1, last]
            label.display = bool(text)
        bad = {lbl for lbl, _ in messages.items()}
        for widget in self.query(".field"):
            path = f.path_of(widget.id)
            widget.set_class(path is not None and f.error_id(path) in bad, "-invalid")

    def _error_label_for(self, path: Path) -> str:
        for end in range(len(path), 0, -1):
            label_id = f.error_id(path[:end])
            if not re.fullmatch(r"[\w-]+", label_id):
                break
            try:
                self.query_one(f"#{label_id}")
            except NoMatches:
                continue
            return label_id
        return "err-root"

    # --- messages up -----------------------------------------------------------------------

    def _post(self, change: Change, reload: bool = False) -> None:
        if not self._ready:
            return
        self.post_message(self.Edit(change, reload))

    def on_input_changed(self, event: Input.Changed) -> None:
        path = f.path_of(event.input.id)
        parse = f.PARSERS.get(path) if path else None
        if path is None or parse is None or event.value != event.input.value:
            return
        value = parse(event.value)
        self._post(lambda d: draft.put(d, path, value))

    def on_select_changed(self, event: Select.Changed) -> None:
        path = f.path_of(event.select.id)
        value = event.value
        if path is None or not isinstance(value, str) or value != event.select.value:
            return
        if path[-1] == "form":
            tier: Any = path[1]
            self._post(lambda d: draft.set_placement(d, tier, value == "weeks"), reload=True)
        elif path in _STRUCTURAL:
            apply = _STRUCTURAL[path]
            self._post(lambda d: apply(d, value), reload=True)
        else:
            self._post(lambda d: _put_choice(d, path, value), reload=path == ("target",))

    def on_toggle_row_changed(self, event: ToggleRow.Changed) -> None:
        path = f.path_of(event.row.id)
        if path is not None:
            values = event.values
            self._post(lambda d: draft.put(d, path, values))

    def on_switch_changed(self, event: Switch.Changed) -> None:
        name = (event.switch.id or "").removeprefix("on-")
        on = event.value
        if on != event.switch.value:  # a stale message (from before ``load``)
            return
        if name in TIER_NAMES:
            tier: Any = name
            self._post(lambda d: draft.set_tier(d, tier, on, self._stash), reload=True)
        elif name == "window":
            self._post(lambda d: draft.set_window(d, on), reload=True)
        elif name == "data":
            self._post(lambda d: draft.set_data(d, on), reload=True)

    def tier_switches(self) -> Iterator[Switch]:
        """The on/off switches of the four tiers."""
        for tier in TIER_NAMES:
            yield self.query_one(f"#on-{tier}", Switch)


#: The values each select offers, by the last part of its path.
_CHOICES: dict[str, set[str]] = {
    "target": {v for _, v in _TARGETS}, "frequency": {v for _, v in _FREQ},
    "mode": {v for _, v in _MODES}, "gap": {v for _, v in _GAPS},
    "fold": {v for _, v in _FOLDS}, "combine": {v for _, v in _COMBINE},
    "form": {v for _, v in _FORMS},
}
#: What a select shows when the draft leaves the field out (the model's default).
_DEFAULTS: dict[Path, str] = {
    ("target",): "mars", ("clock", "mode"): "fixed-offset", ("clock", "gap"): "shift",
    ("clock", "fold"): "first", ("retention", "combine"): "longest",
}


def _short(message: str, limit: int = 70) -> str:
    """A warning's gist for the form (the Summary tab has the full text)."""
    head = message.split(" (", 1)[0]
    if len(head) <= limit:
        return head
    return head[:limit].rsplit(" ", 1)[0] + " …"


def _put_choice(data: dict[str, Any], path: Path, value: str) -> bool:
    """Set an enum field, leaving it out while it equals an unset default."""
    if draft.get(data, path, draft.MISSING) is draft.MISSING and _DEFAULTS.get(path) == value:
        return False
    return draft.put(data, path, value)
