"""The REQUIREMENTS section of the form: pick one requirement, edit its fields, add, remove.

A policy has any number of requirements, but the form is composed once (its widgets are
indexed for speed), so one set of fields edits the requirement picked in ``Edit``. Every
change is posted as a ``PolicyForm.Edit`` like any other field, so undo, validation and
the analysis worker treat it the same way. Problems of the picked requirement appear under
its fields; those of the others under the section, with their ``requirements[i]`` path.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from policy.model.requirements import Every
from tui import requirements_draft as rq
from tui.draft import MISSING
from tui.widgets import fields as f
from tui.widgets.choice import Choice
from tui.widgets.ordered import OrderedInput
from tui.widgets.toggle_row import ToggleRow
from tui.widgets.updates import show_text

KIND_CHOICES = [("coverage (every …)", "coverage"), ("RPO", "rpo"), ("max age", "max_age"),
                ("max points", "max_points")]
EVERY_CHOICES = [(e.value, e.value) for e in Every]
#: Text fields: field name -> (label, placeholder, hint, parser).
_TEXTS: dict[str, tuple[str, str, str, Callable[[str], Any]]] = {
    "day": ("Day", "any", "first last 1–28 sunday", rq.parse_day),
    "for": ("For", "84 months", "kept this long", rq.parse_text),
    "grace": ("Grace", "0m", "late, still counts", rq.parse_text),
    "rpo": ("RPO", "25h", "newest at most", rq.parse_text),
    "max_age": ("Max age", "10 years", "no point older", rq.parse_text),
    "max_points": ("Max", "9999", "points at peak", rq.parse_count),
    "label": ("Label", "month-end", "in reports", rq.parse_text),
}


def _input(name: str) -> OrderedInput:
    return OrderedInput(placeholder=_TEXTS[name][1], id=f"rq-{name}", compact=True,
                        classes="rq-field", select_on_focus=False)


def _row(name: str, editor: Any) -> f.FieldRow:
    label = _TEXTS[name][0] if name in _TEXTS else name.title()
    hint = _TEXTS[name][2] if name in _TEXTS else None
    return f.row(label, editor, ("requirements", name), hint, classes=f"rq-row rq-{name}-row")


def _rows() -> list[Widget]:
    return [
        f.row("Edit", Choice([("", 0)], id="rq-pick", classes="rq-field"),
              ("requirements", "pick")),
        f.row("Kind", Choice(KIND_CHOICES, id="rq-kind", classes="rq-field"),
              ("requirements", "kind")),
        _row("every", Choice(EVERY_CHOICES, id="rq-every", classes="rq-field")),
        _row("day", _input("day")),
        _row("months", ToggleRow(f.MONTHS, per_line=6, id="rq-months", classes="rq-field")),
        *(_row(name, _input(name))
          for name in ("for", "grace", "rpo", "max_age", "max_points", "label")),
    ]


class RequirementsEditor(Vertical):
    """The requirements of the draft, one at a time (``selected``)."""

    DEFAULT_CSS = "RequirementsEditor { height: auto; }"

    def __init__(self, *, built: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self._built = built
        """Whether the fields of a requirement are mounted with the editor (the draft has
        requirements); otherwise the first one added mounts them."""
        self.selected = 0
        self._draft: dict[str, Any] = {}
        self._loading = False
        self._ready = False
        """False until the first ``load``: the fields post their initial values on mount."""

    def compose(self) -> ComposeResult:
        yield Horizontal(Static("REQUIREMENTS", classes="section"),
                         Label("", classes="tier-summary", id="summary-requirements"),
                         classes="switch-line")
        yield Label("", classes="error", id=f.error_id(("requirements",)))
        with Horizontal(classes="rq-buttons"):
            yield Button("+ add", id="rq-add", compact=True,
                         tooltip="add a requirement (any day of the last 30 days)")
            yield Button("− remove", id="rq-remove", compact=True,
                         tooltip="remove the requirement shown")
        yield f.LazyBody(_rows, built=self._built, id="body-requirements")

    # --- attributes down ---------------------------------------------------------------

    def load(self, data: dict[str, Any]) -> None:
        """Show the draft's requirements (the picked one in the fields) without posting."""
        self._draft = data
        reqs = rq.items(data)
        self.selected = min(self.selected, max(len(reqs) - 1, 0))
        self._loading = True
        try:
            with self.prevent(Input.Changed, Choice.Changed, ToggleRow.Changed):
                self._fill(reqs)
        finally:
            self._loading = False
        self._ready = True

    def _fill(self, reqs: list[Any]) -> None:
        count = len(reqs)
        words = f"{count} requirement{'s' if count != 1 else ''}" if count else "none"
        show_text(self.query_one("#summary-requirements", Label), words)
        body = self.query_one("#body-requirements", f.LazyBody)
        body.display = bool(count) and body.ready  # the form mounts it when first needed
        self.query_one("#rq-remove").display = bool(count)
        if not count or not body.ready:
            return
        pick = self.query_one("#rq-pick", Choice)
        options = [(f"{i + 1}. {rq.summary(item)}", i) for i, item in enumerate(reqs)]
        pick.set_options(options)
        pick.value = self.selected
        item = reqs[self.selected]
        kind = rq.kind_of(item)
        self.query_one("#rq-kind", Choice).value = kind
        every = rq.get_field(self._draft, self.selected, "every")
        if every in {v for _, v in EVERY_CHOICES}:
            self.query_one("#rq-every", Choice).value = every
        months = rq.get_field(self._draft, self.selected, "months")
        self.query_one("#rq-months", ToggleRow).set_values(
            [str(m) for m in months] if isinstance(months, list) else [])
        for name in _TEXTS:
            value = rq.get_field(self._draft, self.selected, name)
            self.query_one(f"#rq-{name}", Input).value = "" if value is None else str(value)
        used = rq.KINDS[kind]
        for name in ("every", "day", "months", *_TEXTS):
            on = name in used and (name != "months" or every == "month")
            self.query_one(f".rq-{name}-row", f.FieldRow).show(on)

    # --- messages up ---------------------------------------------------------------------

    def _post(self, change: Callable[[dict[str, Any]], bool], what: str,
              reload: bool = True, field: str | None = None) -> None:
        from tui.widgets.policy_form import PolicyForm, deliver

        if self._ready and not self._loading:
            deliver(self, PolicyForm.Edit(change, reload, what, field))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "rq-add":
            self.selected = len(rq.items(self._draft))
            self._post(lambda d: rq.add(d) >= 0, "add a requirement")
        elif event.button.id == "rq-remove":
            index = self.selected
            self.selected = max(index - 1, 0)
            self._post(lambda d: rq.remove(d, index), f"remove requirement {index + 1}")

    def on_choice_changed(self, event: Choice.Changed) -> None:
        event.stop()
        value, index = event.value, self.selected
        if self._loading or value != event.choice.value or not f.settled(event.choice):
            return
        if event.choice.id == "rq-pick" and isinstance(value, int):
            if value != self.selected:
                self.selected = value
                self.load(self._draft)
        elif event.choice.id == "rq-kind" and isinstance(value, str):
            self._post(lambda d: rq.set_kind(d, index, value), f"requirement {index + 1} kind")
        elif event.choice.id == "rq-every" and isinstance(value, str):
            self._post(lambda d: _set_every(d, index, value), f"requirement {index + 1} every")

    def on_input_changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("rq-")
        if name not in _TEXTS or event.value != event.input.value \
                or not f.settled(event.input):
            return
        event.stop()
        value, index = _TEXTS[name][3](event.value), self.selected
        where = f"requirements[{index}].{name}"
        self._post(lambda d: rq.set_field(d, index, name, value), where, reload=False,
                   field=where)

    def on_toggle_row_changed(self, event: ToggleRow.Changed) -> None:
        if event.row.id != "rq-months" or not f.settled(event.row):
            return
        event.stop()
        values, index = event.values, self.selected
        self._post(lambda d: rq.set_field(d, index, "months", values or MISSING),
                   f"requirements[{index}].months", reload=False)

    # --- problems ----------------------------------------------------------------------------

    def route(self, loc: str) -> tuple[str, str] | None:
        """Where a problem at ``loc`` goes: (error label id, prefix); None: not ours."""
        if not loc.startswith("requirements"):
            return None
        head, _, rest = loc.partition("].")
        index = head.removeprefix("requirements[").rstrip("]")
        if not index.isdigit():
            return f.error_id(("requirements",)), ""
        if int(index) != self.selected:
            return f.error_id(("requirements",)), f"requirement {int(index) + 1}: "
        name = rest.split(".", 1)[0].split("[", 1)[0]
        if name in (*_TEXTS, "every", "months"):
            return f.error_id(("requirements", name)), ""
        return f.error_id(("requirements",)), f"requirement {int(index) + 1}: "


def _set_every(draft: dict[str, Any], index: int, every: str) -> bool:
    """Change the period; ``months`` only means something for months."""
    changed = rq.set_field(draft, index, "every", every)
    if every != "month":
        changed = rq.set_field(draft, index, "months", MISSING) or changed
    return changed
