"""Widgets that apply their own key bindings the moment a key arrives, in typing order.

Textual runs a printable key in the focused widget, but a bound key (Backspace, ctrl+u,
←) only after the key event has bubbled up to the app, one message queue per ancestor.
Keys that arrive together (fast typing, a held key, a terminal that sends a burst) are
then applied out of order: ``3 0 ⌫ 5`` became ``30``. These widgets look their own
bindings up as the key arrives, so every key is applied in the order it was typed.
Bindings of the ancestors and the app still work as before (the key bubbles on).
"""

from __future__ import annotations

from textual import events
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Input


async def run_own_binding(widget: Widget, event: events.Key) -> bool:
    """Run the widget's own (non-priority) binding of the key now; True when one ran."""
    for binding in widget._bindings.key_to_bindings.get(event.key, ()):
        if not binding.priority and await widget.app.run_action(binding.action, widget):
            event.stop()
            event.prevent_default()
            return True
    return False


class OrderedInput(Input):
    """An ``Input`` whose editing keys are applied in the order they are typed.

    Its scrollable width follows its text, and ``Input`` asks for a layout of the whole
    screen each time that width changes, so every keystroke reflowed all the designer's
    widgets. A field's size never depends on its text (the form sets it), so here the
    change only repaints the field.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    async def _on_key(self, event: events.Key) -> None:
        if not await run_own_binding(self, event):
            await super()._on_key(event)
