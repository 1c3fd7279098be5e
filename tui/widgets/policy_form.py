"""The policy form: every field of a policy file, in the file's order, with inline errors.

Attributes down, messages up: the app hands the form a draft (``load``) and the problems
of the latest validation (``show_problems``); the form never validates. Each user edit is
handed to the app as a ``PolicyForm.Edit`` carrying a function that applies it to the
draft (``deliver``), so the app stays the one owner of the policy being edited.
"""

from __future__ import annotations

from asyncio import gather
from collections.abc import Callable, Iterator
from typing import Any, ClassVar, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Switch

from policy.model.errors import Problem
from policy.model.models import TIER_NAMES, Target
from policy.model.rules import TIMES_BOUNDS, keep_bounds
from policy.model.zones import is_windows_id, resolve_name
from tui import draft, volumes
from tui import requirements_draft as rq
from tui.draft import Path
from tui.widgets import fields as f
from tui.widgets import form_sections as sections
from tui.widgets.choice import Choice
from tui.widgets.requirements_editor import RequirementsEditor
from tui.widgets.toggle_row import ToggleRow
from tui.widgets.updates import show_text

Change = Callable[[dict[str, Any]], bool]
W = TypeVar("W", bound=Widget)

#: Choices whose change reshapes the draft (and so reloads the form).
_STRUCTURAL: dict[Path, Callable[[dict[str, Any], str], bool]] = {
    ("clock", "mode"): draft.set_mode,
}


class PolicyForm(VerticalScroll, can_focus=False):
    """The left pane: a form over the draft policy (its fields are the tab stops)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.leave", "Views")]

    class Edit(Message):
        """The user changed a field: ``change`` applies it to the draft."""

        def __init__(self, change: Change, reload: bool = False, what: str = "an edit",
                     field: str | None = None) -> None:
            super().__init__()
            self.change = change
            self.reload = reload
            self.what = what
            """The edit in words, for undo (``retention.daily.keep``)."""
            self.field = field
            """The text field typed into: such edits in a row are one undo step."""

    def __init__(self, data: dict[str, Any] | None = None, *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._initial = data or {}
        """The draft the form opens on: the parts it switches on are mounted at once."""
        self._data: dict[str, Any] = self._initial
        self._problems: list[Problem] = []
        self._stash: dict[str, dict[str, Any]] = {}
        self._ready = False
        """False until the first ``load``: widgets post their initial values on mount."""
        self._ids: dict[str, Widget] = {}
        self._groups: dict[str, list[Widget]] = {}
        self._errors: dict[str, f.FieldRow | Label] = {}
        """Where each error label id shows its messages: a row (its label may not exist
        yet) or a section's own label."""
        self._texts: dict[str, str] = {}

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield from sections.identity()
        yield from sections.schedule()
        yield from sections.clock()
        def on(name: str) -> bool:
            return wants(name, self._initial)

        yield from sections.window(on("window"))
        yield from sections.retention(on)
        yield from sections.data(on("data"))
        yield from sections.machine(on("machine"))
        yield RequirementsEditor(built=on("requirements"), id="requirements-editor")
        yield Label("", classes="error", id="err-root")

    # --- attributes down -----------------------------------------------------------------

    def load(self, data: dict[str, Any]) -> AwaitComplete:
        """Show the draft in every widget, without posting edits.

        A part of the form switched on for the first time is mounted first and filled when
        it is: await the result for the form to be complete (a key typed next must find
        the part's fields)."""
        self._data = data
        pending = [body for body in self.query(f.LazyBody)
                   if not body.built and wants((body.id or "").removeprefix("body-"), data)]
        mounts = [body.build() for body in pending]
        if mounts:
            self._forget()
        self._fill(data)
        if not mounts:
            return AwaitComplete.nothing()  # type: ignore[no-untyped-call,no-any-return]

        async def fill_when_mounted() -> None:
            await gather(*mounts)
            for body in pending:
                body.ready = True
            self._forget()
            self._fill(self._data)  # the latest draft: edits may have come meanwhile
            self.show_problems(self._problems)

        return AwaitComplete(fill_when_mounted())

    def _forget(self) -> None:
        """The form changed shape: look its widgets up again."""
        self._ids, self._groups, self._errors = {}, {}, {}

    def _fill(self, data: dict[str, Any]) -> None:
        with self.prevent(Input.Changed, Choice.Changed, Switch.Changed, ToggleRow.Changed,
                          Checkbox.Changed):
            for inp in self.query(Input):
                path = f.path_of(inp.id)
                if path is not None:
                    inp.value = f.SHOWERS.get(path, draft.show)(draft.get(data, path))
            for choice in self.query(Choice):
                self._load_choice(choice, data)
            for toggle in self.query(ToggleRow):
                path = f.path_of(toggle.id)
                if path is not None:
                    toggle.set_values(draft.as_list(draft.get(data, path)))
            state = self._index().get("f-machine-system_state")
            if isinstance(state, Checkbox):
                state.value = bool(draft.get(data, ("machine", "system_state")))
            for name in (*TIER_NAMES, "window", "data", "machine"):
                self.node(f"on-{name}", Switch).value = wants(name, data)
        self.node("requirements-editor", RequirementsEditor).load(data)
        self._ready = True
        self.update_layout(data)

    def _load_choice(self, choice: Choice, data: dict[str, Any]) -> None:
        path = f.path_of(choice.id)
        if path is None:
            return
        if path[-1] == "form":
            value: Any = "days" if "days_of_month" in (draft.get(data, path[:-1]) or {}) \
                else "weeks"
        else:
            value = draft.get(data, path, sections.DEFAULTS.get(path))
        if value in {v for _, v in choice.options}:  # else the file's error says why
            choice.value = value

    # The form is composed once and never changes shape, so the widgets each edit touches
    # are looked up once, and labels and visibility are only touched when they change: a
    # keystroke then costs a few milliseconds, not a walk over the whole form and a reflow.

    def _index(self) -> dict[str, Widget]:
        if not self._ids:
            self._ids = {w.id: w for w in self.query("*") if w.id}
            self._errors = {w.id: w for w in self.query(Label).filter(".error") if w.id}
            self._errors.update((r.error_id, r) for r in self.query(f.FieldRow))
            for group in ("weekly-only", "wall-only", "hourly-only", "not-hourly", "vm-only",
                          "field"):
                self._groups[group] = list(self.query(f".{group}"))
            for tier in ("monthly", "yearly"):
                for part in ("day-based", "week-based"):
                    self._groups[f"{tier}-{part}"] = list(self.query(f"#body-{tier} .{part}"))
        return self._ids

    def node(self, widget_id: str, kind: type[W] = Widget) -> W:  # type: ignore[assignment]
        """The form's widget with this id (without a DOM query after the first call)."""
        widget = self._index()[widget_id]
        assert isinstance(widget, kind)
        return widget

    def group(self, name: str) -> list[Widget]:
        """The widgets of a class (``weekly-only``, ``error`` …), found once."""
        self._index()
        return self._groups[name]

    def _set_text(self, label: Label, text: str, markup: bool = True) -> None:
        if self._texts.get(label.id or "") != text:
            self._texts[label.id or ""] = text
            show_text(label, text if markup else Text(text))

    def update_layout(self, data: dict[str, Any]) -> None:
        """Show only what applies to the draft; ranges for its target."""
        weekly = draft.get(data, ("schedule", "frequency")) == "weekly"
        hourly = draft.get(data, ("schedule", "frequency")) == "hourly"
        wall = draft.get(data, ("clock", "mode")) == "wall-clock"
        for node in self.group("weekly-only"):
            _show(node, weekly)
        for name, on in (("hourly-only", hourly), ("not-hourly", not hourly),
                         ("vm-only", draft.get(data, ("target",)) == "azure-vm")):
            for node in self.group(name):
                _show(node, on)
        for node in self.group("wall-only"):
            _show(node, wall)
        for name in ("window", "data", "machine"):
            body = self.node(f"body-{name}", f.LazyBody)
            _show(body, body.ready and wants(name, data))
        for tier in TIER_NAMES:
            tier_node = draft.get(data, ("retention", tier))
            body = self.node(f"body-{tier}", f.LazyBody)
            _show(body, body.ready and isinstance(tier_node, dict))
            if tier in ("monthly", "yearly") and isinstance(tier_node, dict):
                day_based = "days_of_month" in tier_node
                for part in self.group(f"{tier}-day-based"):
                    _show(part, day_based)
                for part in self.group(f"{tier}-week-based"):
                    _show(part, not day_based)
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
            summary = (f"on · {keep} {bounds.unit}" if isinstance(keep, int) else "on") \
                if on else "off"
            self._set_text(self.node(f"summary-{tier}", Label), summary)
        low, high = TIMES_BOUNDS[target]
        self._hint(("schedule", "times"), "exactly 1" if low == high else f"{low}–{high} a day")
        # Every switch says "on"/"off" in words: its state must not depend on colour.
        for name in ("window", "data", "machine"):
            on = isinstance(draft.get(data, (name,)), dict)
            self._set_text(self.node(f"summary-{name}", Label), "on" if on else "off")
        zone = draft.get(data, ("timezone",))
        windows = isinstance(zone, str) and is_windows_id(zone)
        self._hint(("timezone",), f"= {resolve_name(zone)}" if windows else "")
        _show(self.node("hint-timezone"), windows)

    def _hint(self, path: Path, text: str) -> None:
        label = self._index().get(f"hint-{'-'.join(path)}")
        if isinstance(label, Label):  # None: its part of the form is not mounted yet
            self._set_text(label, text, markup=False)

    def show_problems(self, problems: list[Problem]) -> None:
        """Put each problem's message under its field (or the nearest section)."""
        self._problems = problems
        messages: dict[str, list[str]] = {}
        errors: dict[str, int] = {}
        editor = self.node("requirements-editor", RequirementsEditor)
        volumes_input = self._index().get("f-machine-volumes")
        typed_volumes = volumes_input.value if isinstance(volumes_input, Input) else ""
        for problem in problems:
            routed = editor.route(problem.loc)
            if routed is not None:
                target, loc = routed
            else:
                target = self._error_label_for(draft.field_path(problem.loc))
                loc = "" if target != "err-root" else f"{problem.loc}: "
            if problem.line is not None:
                loc += f"line {problem.line}: "
            message = volumes.volume_message(problem, typed_volumes)
            if problem.severity == "error":
                errors[target] = errors.get(target, 0) + 1
                if errors[target] > 1:  # one error per field: garbage gives one message
                    continue
                text = message
            else:
                text = "⚠ " + _short(message)
            messages.setdefault(target, []).append(f"{loc}{text}")
        self._index()
        for label_id, place in self._errors.items():
            lines = messages.get(label_id, [])
            more = errors.get(label_id, 0) - 1
            if more > 0 and label_id != "err-root":
                lines = [*lines[:1], f"(and {more} more problem(s) in this field)",
                         *lines[1:]]
            text = "\n".join(lines)
            shown = bool(text)
            if isinstance(place, f.FieldRow):
                if place.error is None and not text:
                    continue  # never had a message: no label to clear
                place.has_message = shown
                shown = shown and place.display  # a hidden row's message stays hidden
                place = place.error_label()
            self._set_text(place, text, markup=False)  # messages quote lists like [1, last]
            _show(place, shown)
            # Warnings only: the line is styled as a warning, not as an error.
            place.set_class(bool(text) and not errors.get(label_id), "-warning")
        bad = {lbl for lbl in messages if errors.get(lbl)}
        for widget in self.group("field"):
            path = f.path_of(widget.id)
            widget.set_class(path is not None and f.error_id(path) in bad, "-invalid")
        self.call_after_refresh(self._keep_focus_visible)

    def _keep_focus_visible(self) -> None:
        """Messages appearing above the field being edited must not push it out of sight."""
        focused = self.screen.focused
        if focused is None or self not in focused.ancestors:
            return
        row = next((a for a in focused.ancestors if isinstance(a, Widget) and a.has_class("row")),
                   focused)
        self.scroll_to_widget(row, animate=False, immediate=True)

    def _error_label_for(self, path: Path) -> str:
        self._index()
        for end in range(len(path), 0, -1):
            label_id = f.error_id(path[:end])
            if label_id in self._errors:
                return label_id
        return "err-root"

    # --- messages up -----------------------------------------------------------------------

    def _post(self, source: Widget, change: Change, reload: bool = False,
              what: str = "an edit", field: str | None = None) -> None:
        """Hand the edit of ``source`` to the app (not while a body is still mounting)."""
        if not self._ready or not f.settled(source):
            return
        deliver(self, self.Edit(change, reload, what, field))

    def on_input_changed(self, event: Input.Changed) -> None:
        path = f.path_of(event.input.id)
        parse = f.PARSERS.get(path) if path else None
        if path is None or parse is None or event.value != event.input.value:
            return
        value = parse(event.value)
        where = ".".join(path)
        self._post(event.input, lambda d: draft.put(d, path, value), what=where, field=where)

    def on_choice_changed(self, event: Choice.Changed) -> None:
        path = f.path_of(event.choice.id)
        value = event.value
        if path is None or not isinstance(value, str) or value != event.choice.value:
            return
        if path[-1] == "form":
            tier: Any = path[1]
            self._post(event.choice, lambda d: draft.set_placement(d, tier, value == "weeks"),
                       reload=True, what=f"{tier} placement")
        elif path == ("schedule", "frequency"):
            self._post(event.choice, lambda d: draft.switch_frequency(d, value, self._stash),
                       reload=True, what=f"runs {value}")
        elif path in _STRUCTURAL:
            apply = _STRUCTURAL[path]
            self._post(event.choice, lambda d: apply(d, value), reload=True, what=".".join(path))
        else:
            self._post(event.choice, lambda d: sections.put_choice(d, path, value),
                       reload=path == ("target",), what=".".join(path))

    def on_toggle_row_changed(self, event: ToggleRow.Changed) -> None:
        path = f.path_of(event.row.id)
        if path is not None:
            values = event.values
            self._post(event.row, lambda d: draft.put(d, path, values), what=".".join(path))

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        path = f.path_of(event.checkbox.id)
        on = event.value
        if path is None or on != event.checkbox.value:
            return
        self._post(event.checkbox, lambda d: draft.put(d, path, True if on else draft.MISSING),
                   what=".".join(path))

    def on_switch_changed(self, event: Switch.Changed) -> None:
        name = (event.switch.id or "").removeprefix("on-")
        on = event.value
        if on != event.switch.value:  # a stale message (from before ``load``)
            return
        what = f"{name} {'on' if on else 'off'}"
        if name in TIER_NAMES:
            tier: Any = name
            self._post(event.switch, lambda d: draft.set_tier(d, tier, on, self._stash),
                       reload=True, what=what)
        elif name == "window":
            self._post(event.switch, lambda d: draft.set_window(d, on), reload=True, what=what)
        elif name == "data":
            self._post(event.switch, lambda d: draft.set_data(d, on), reload=True, what=what)
        elif name == "machine":
            self._post(event.switch, lambda d: draft.set_machine(d, on, self._stash),
                       reload=True, what=what)

    def tier_switches(self) -> Iterator[Switch]:
        """The on/off switches of the four tiers."""
        for tier in TIER_NAMES:
            yield self.node(f"on-{tier}", Switch)


def deliver(sender: Widget, edit: PolicyForm.Edit) -> None:
    """Hand an edit to the app's ``apply_edit`` right after the message being handled:
    posted, it would wait behind the keys already queued in the app (a Tab typed after a
    switch)."""
    sender.call_next(sender.app.apply_edit, edit)  # type: ignore[attr-defined]


def wants(part: str, data: dict[str, Any]) -> bool:
    """Whether the draft switches on a part of the form (a tier, ``window``, ``data``,
    ``machine``, or ``requirements``: any requirement)."""
    if part == "requirements":
        return bool(rq.items(data))
    path = ("retention", part) if part in TIER_NAMES else (part,)
    return isinstance(draft.get(data, path), dict)


def _show(widget: Widget, on: bool) -> None:
    if isinstance(widget, f.FieldRow):
        widget.show(on)
    elif widget.display != on:
        widget.display = on


def _short(message: str, limit: int = 70) -> str:
    """A warning's gist for the form (the Summary tab has the full text)."""
    head = message.split(" (", 1)[0]
    if len(head) <= limit:
        return head
    return head[:limit].rsplit(" ", 1)[0] + " …"
