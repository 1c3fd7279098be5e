"""Building blocks of the policy form: one labelled row per field, with its error line.

Every editable widget gets the id ``f-`` + its field path joined by ``-``
(``f-retention-daily-keep``) and every row an error label ``err-…`` under it, so a
validation problem's ``loc`` finds its place by name, and tests and CSS can select on it.
A row's error label is mounted when the row first has a message: most rows never do, and
every widget mounted costs the designer's start (about 4 ms each on 2 cores).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from textual.containers import Horizontal, Vertical
from textual.widget import AwaitMount, Widget
from textual.widgets import Label

from policy.model.models import Month, Weekday, WeekOfMonth
from tui import draft, volumes
from tui.draft import Path
from tui.widgets.choice import Choice
from tui.widgets.ordered import OrderedInput
from tui.widgets.toggle_row import ToggleRow

Parser = Callable[[str], Any]

WEEKDAYS = [(d.value, d.value[:2].title()) for d in Weekday]
MONTHS = [(m.value, m.value[:3].title()) for m in Month]
WEEKS = [(w.value, w.value) for w in WeekOfMonth]  # "first second third fourth last"


def widget_id(path: Path) -> str:
    """The id of the widget that edits ``path``."""
    return "f-" + "-".join(path)


def error_id(path: Path) -> str:
    """The id of the error label under the row of ``path``."""
    return "err-" + "-".join(path)


def text_input(path: Path, parse: Parser, placeholder: str = "",
               suggester: Any = None) -> OrderedInput:
    """A compact one-line input for ``path``."""
    return OrderedInput(placeholder=placeholder, id=widget_id(path), compact=True,
                 suggester=suggester, classes="field", select_on_focus=False)


def choice(path: Path, options: list[tuple[str, str]]) -> Choice:
    """A one-line choice for an enum field."""
    return Choice(options, id=widget_id(path), classes="field")


def toggles(path: Path, values: list[tuple[str, str]], per_line: int = 7) -> ToggleRow:
    """A row of on/off choices for a list-of-enum field."""
    return ToggleRow(values, per_line=per_line, id=widget_id(path), classes="field")


class FieldRow(Horizontal):
    """``Label  editor  hint`` on one line. The field's error line goes under the row, in
    the row's parent, and exists once the row first has a message."""

    def __init__(self, *parts: Widget, error_id: str, classes: str) -> None:
        super().__init__(*parts, classes=classes)
        self.error_id = error_id
        self.error: Label | None = None
        """The error line: None until the row first has a message."""
        self.has_message = False

    def error_label(self) -> Label:
        """The row's error line, mounted under the row on first use."""
        if self.error is None:
            self.error = Label("", classes="error", id=self.error_id)
            parent = self.parent
            assert isinstance(parent, Widget)
            parent.mount(self.error, after=self)
        return self.error

    def show(self, on: bool) -> None:
        """Show or hide the row, and its error line with it."""
        if self.display != on:
            self.display = on
        if self.error is not None and self.error.display != (on and self.has_message):
            self.error.display = on and self.has_message


class LazyBody(Vertical):
    """The rows a switch shows (a tier, the window, the storage estimate …), mounted when
    the part is first switched on: a part that stays off costs the start nothing.

    ``ready`` turns True once the rows are mounted and hold the draft's values; until then
    the body stays hidden and what its widgets post while mounting is not an edit."""

    def __init__(self, rows: Callable[[], Iterable[Widget]], *, built: bool, id: str) -> None:
        super().__init__(*(rows() if built else ()), id=id, classes="body")
        self._rows: Callable[[], Iterable[Widget]] | None = None if built else rows
        self.ready = built

    @property
    def built(self) -> bool:
        return self._rows is None

    def build(self) -> AwaitMount:
        """Mount the rows (once); await the result before filling them."""
        rows, self._rows = self._rows, None
        assert rows is not None, "built twice"
        return self.mount_all(list(rows()))


def settled(widget: Widget) -> bool:
    """False for a widget of a body still being mounted: its messages are not edits."""
    return not any(isinstance(a, LazyBody) and not a.ready for a in widget.ancestors)


def row(label: str, editor: Widget, path: Path, hint: str | None = None,
        classes: str = "") -> FieldRow:
    """``Label  editor  hint`` with the field's error line underneath (no hint: None)."""
    parts = [Label(label, classes="label"), editor]
    if hint is not None:
        parts.append(Label(hint, classes="hint", id=f"hint-{'-'.join(path)}"))
    return FieldRow(*parts, error_id=error_id(path), classes=f"row {classes}".strip())


#: Text fields: path -> parser of the input text.
PARSERS: dict[Path, Parser] = {
    ("name",): str.strip,
    ("timezone",): str.strip,
    ("schedule", "every_weeks"): lambda t: draft.parse_int(t, optional=True),
    ("schedule", "times"): draft.parse_list,
    ("schedule", "every_hours"): lambda t: draft.parse_int(t, optional=True),
    ("schedule", "window_start"): lambda t: t.strip() or draft.MISSING,
    ("schedule", "window_hours"): lambda t: draft.parse_int(t, optional=True),
    ("instant_restore_days",): lambda t: draft.parse_int(t, optional=True),
    ("clock", "anchor"): draft.parse_date,
    ("window", "start"): str.strip,
    ("window", "end"): str.strip,
    ("data", "size_gb"): draft.parse_float,
    ("data", "daily_change_percent"): draft.parse_float,
    ("data", "hot_percent"): lambda t: draft.parse_float(t) if t.strip() else draft.MISSING,
    ("data", "yearly_growth_percent"):
        lambda t: draft.parse_float(t) if t.strip() else draft.MISSING,
    ("data", "compression_percent"):
        lambda t: draft.parse_float(t) if t.strip() else draft.MISSING,
    ("machine", "os"): str.strip,
    ("machine", "volumes"): volumes.parse_volumes,
    ("machine", "cache_free_gb"): lambda t: draft.parse_float(t) if t.strip() else draft.MISSING,
}
#: Text fields shown other than by ``draft.show``: path -> value to input text.
SHOWERS: dict[Path, Callable[[Any], str]] = {("machine", "volumes"): volumes.show_volumes}
for _tier in ("daily", "weekly", "monthly", "yearly"):
    PARSERS[("retention", _tier, "keep")] = draft.parse_int
    PARSERS[("retention", _tier, "times")] = lambda t: draft.parse_list(t, optional=True)
for _tier in ("monthly", "yearly"):
    PARSERS[("retention", _tier, "days_of_month")] = draft.parse_days_of_month


def path_of(widget_id_: str | None) -> Path | None:
    """The field path of a form widget id, or None for widgets that are not fields."""
    if not widget_id_ or not widget_id_.startswith("f-"):
        return None
    return tuple(widget_id_[2:].split("-"))
