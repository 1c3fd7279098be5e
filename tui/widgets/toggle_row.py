"""A compact row of on/off choices (weekdays, months, weeks of the month).

Seven Textual ``Checkbox`` widgets take 56 columns; a policy form at 80×24 has about 40.
This widget draws ``☑Su ☐Mo …`` on one or two lines: ←/→ move, space or enter toggles,
a click toggles the item under the pointer. It posts ``ToggleRow.Changed`` with the
selected values in their canonical order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from tui.widgets.ordered import run_own_binding


class ToggleRow(Widget, can_focus=True):
    """Pick any subset of a fixed list of values."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", "Previous", show=False),
        Binding("right", "move(1)", "Next", show=False),
        Binding("up", "move_line(-1)", "Up", show=False),
        Binding("down", "move_line(1)", "Down", show=False),
        Binding("space,enter", "flip", "Toggle", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "toggle-row--on", "toggle-row--off", "toggle-row--cursor",
    }
    DEFAULT_CSS = """
    ToggleRow { height: auto; width: 1fr; }
    ToggleRow > .toggle-row--on { text-style: bold; color: $text; }
    ToggleRow > .toggle-row--off { color: $text-muted; }
    ToggleRow > .toggle-row--cursor { background: $block-cursor-background;
                                      color: $block-cursor-foreground; }
    """

    cursor: reactive[int] = reactive(0)
    selected: reactive[frozenset[str]] = reactive(frozenset(), always_update=True)

    class Changed(Message):
        """The selection changed (by the user)."""

        def __init__(self, row: ToggleRow, values: list[str]) -> None:
            super().__init__()
            self.row = row
            self.values = values

        @property
        def control(self) -> ToggleRow:
            return self.row

    def __init__(self, values: Sequence[tuple[str, str]], *, per_line: int = 7,
                 id: str | None = None, classes: str | None = None) -> None:
        """``values``: (value, short label) pairs in canonical order."""
        super().__init__(id=id, classes=classes)
        self.values = list(values)
        self.per_line = per_line
        self._width = max(len(label) for _, label in values) + 2

    def set_values(self, chosen: Iterable[str]) -> None:
        """Show ``chosen`` as selected without posting ``Changed``."""
        self.selected = frozenset(chosen)

    def lined(self, width: int | None = None) -> int:
        """Items per line: at most ``per_line``, fewer (in balanced lines) when narrow."""
        width = self.size.width if width is None else width
        most = min(self.per_line, (width + 1) // self._width) if width > 0 else self.per_line
        lines = -(-len(self.values) // max(most, 1))
        return -(-len(self.values) // lines)

    @property
    def chosen(self) -> list[str]:
        """The selected values in canonical order."""
        return [v for v, _ in self.values if v in self.selected]

    def render(self) -> Text:
        on = self.get_component_rich_style("toggle-row--on")
        off = self.get_component_rich_style("toggle-row--off")
        cur = self.get_component_rich_style("toggle-row--cursor")
        text = Text(no_wrap=True, overflow="crop")
        per_line = self.lined()
        for i, (value, label) in enumerate(self.values):
            if i and i % per_line == 0:
                text.append("\n")
            is_on = value in self.selected
            cell = f"{'☑' if is_on else '☐'}{label}".ljust(self._width)
            style = cur if self.has_focus and i == self.cursor else (on if is_on else off)
            text.append(cell[:-1], style)
            text.append(" ")
        return text

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return -(-len(self.values) // self.lined(width))

    def action_move(self, step: int) -> None:
        self.cursor = (self.cursor + step) % len(self.values)

    def action_move_line(self, step: int) -> None:
        target = self.cursor + step * self.lined()
        if 0 <= target < len(self.values):
            self.cursor = target

    def action_flip(self) -> None:
        self._toggle(self.cursor)

    def _toggle(self, index: int) -> None:
        value = self.values[index][0]
        self.selected = self.selected ^ {value}
        self.post_message(self.Changed(self, self.chosen))

    def on_click(self, event: events.Click) -> None:
        per_line = self.lined()
        index = event.y * per_line + event.x // self._width
        if 0 <= event.x // self._width < per_line and 0 <= index < len(self.values):
            self.cursor = index
            self._toggle(index)

    async def _on_key(self, event: events.Key) -> None:
        if not await run_own_binding(self, event):
            await super()._on_key(event)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
