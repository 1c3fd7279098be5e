"""A one-line choice among a few values, with its menu made only when it is opened.

Textual's ``Select`` is six widgets (the current value as a row of three labels, the
option list that pops up) and six more style parts, kept for every choice of the form:
a dozen of them were a fifth of the widgets the designer styled and laid out at start.
A ``Choice`` is one widget that draws ``value ▼`` itself; Enter, Space, the arrow keys or a
click open ``ChoiceMenu``, a small dialog with the options under the field (a letter
moves to the next option starting with it; Escape or a click beside it closes it
unchanged). Setting ``value`` posts ``Choice.Changed``, as
``Select`` does.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import OptionList

Options = Sequence[tuple[str, Hashable]]


class InvalidChoice(ValueError):
    """A value that is not one of the choice's options."""


class Choice(Widget, can_focus=True):
    """The current option's label and ``▼``; the options in a menu when opened."""

    DEFAULT_CSS = """
    Choice {
        height: 1;
        width: 1fr;
        padding: 0 1 0 0;
        color: $foreground;
        background: $surface;
        pointer: pointer;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space,down,up", "open", "Choose", show=False),
    ]

    class Changed(Message):
        """The value changed (by the menu or by setting ``value``)."""

        def __init__(self, choice: Choice, value: Any) -> None:
            super().__init__()
            self.choice = choice
            self.value = value

        @property
        def control(self) -> Choice:
            return self.choice

    def __init__(self, options: Iterable[tuple[str, Hashable]], *, value: Any = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._options: list[tuple[str, Hashable]] = list(options)
        if not self._options:
            raise InvalidChoice("a choice needs at least one option")
        self._value: Any = self._options[0][1] if value is None else self._checked(value)

    @property
    def options(self) -> list[tuple[str, Hashable]]:
        return list(self._options)

    @property
    def value(self) -> Any:
        return self._value

    @value.setter
    def value(self, value: Any) -> None:
        value = self._checked(value)
        if value != self._value:
            self._value = value
            self.refresh()
            self.post_message(self.Changed(self, value))

    @property
    def label(self) -> str:
        """The current option's label."""
        return next(text for text, v in self._options if v == self._value)

    def set_options(self, options: Iterable[tuple[str, Hashable]]) -> None:
        """Replace the options; the value stays if it is still one, else the first."""
        found = list(options)
        if not found:
            raise InvalidChoice("a choice needs at least one option")
        self._options = found
        if self._value not in {v for _, v in found}:
            self.value = found[0][1]
        self.refresh()

    def _checked(self, value: Any) -> Any:
        if value not in {v for _, v in self._options}:
            allowed = ", ".join(repr(v) for _, v in self._options)
            raise InvalidChoice(f"{value!r} is not one of the options ({allowed})")
        return value

    def render(self) -> Text:
        width = self.content_size.width
        label = self.label
        room = max(width - 2, 0)
        shown = label if len(label) <= room else label[:max(room - 1, 0)] + "…"
        background, color = self.background_colors[1], self.styles.color
        arrow = Style(color=background.blend(color, 0.5).rich_color)
        return Text.assemble(shown.ljust(room), " ", ("▼", arrow), no_wrap=True, end="")

    def action_open(self) -> None:
        """Show the options under the field; the one picked becomes the value."""
        self.app.push_screen(ChoiceMenu(self._options, self._value, self.region),
                             self._picked)

    def _picked(self, value: Any) -> None:
        if value is not None and self.is_attached:
            self.value = value
            self.focus()

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.focus()
        self.action_open()


class ChoiceMenu(ModalScreen[Any]):
    """The options of a ``Choice``, drawn under it; dismissed with the value picked, or
    with None (Escape, or a click beside the list)."""

    DEFAULT_CSS = """
    ChoiceMenu { background: transparent; align: left top; }
    ChoiceMenu > OptionList {
        height: auto;
        max-height: 12;
        border: tall $border;
        background: $surface;
        padding: 0;
    }
    ChoiceMenu > OptionList > .option-list--option { padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Close")]

    def __init__(self, options: Options, current: Any, anchor: Region) -> None:
        super().__init__()
        self._values = [v for _, v in options]
        self._labels = [text for text, _ in options]
        self._current = current
        self._anchor = anchor

    def compose(self) -> Any:
        yield OptionList(*self._labels)

    def on_mount(self) -> None:
        menu = self.query_one(OptionList)
        menu.highlighted = self._values.index(self._current) \
            if self._current in self._values else 0
        # Under the field, or over it when the screen ends first; as wide as the field.
        height = min(len(self._labels), 10) + 2
        width = max(self._anchor.width, max(len(t) for t in self._labels) + 4)
        x = max(min(self._anchor.x, self.size.width - width), 0)
        y = self._anchor.bottom
        if y + height > self.size.height:
            y = max(self._anchor.y - height, 0)
        menu.styles.width = width
        menu.styles.offset = (x, y)
        menu.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self._values[event.option_index])

    def on_key(self, event: events.Key) -> None:
        """A letter highlights the next option that starts with it (as Select's list)."""
        if not (event.is_printable and event.character and event.character.isalnum()):
            return
        menu = self.query_one(OptionList)
        start = menu.highlighted or 0
        count = len(self._labels)
        for step in range(1, count + 1):
            index = (start + step) % count
            if self._labels[index][:1].casefold() == event.character.casefold():
                menu.highlighted = index
                event.stop()
                return

    def on_click(self, event: events.Click) -> None:
        if event.widget is self:  # beside the list
            self.dismiss(None)
