"""Every key of the designer's screen is applied in the order it was typed, wherever it goes.

Textual forwards a key to the focused widget's message queue, and a key that is bound
(Backspace, ctrl+u, Tab …) only takes effect after it has bubbled back up to the app
through one queue per ancestor. Keys that arrive together (fast typing, a held key, a
terminal's burst) then overtake each other: ``3 0 ⌫ 5`` became ``30``, and text typed
after a Tab landed in the field being left. This mixin handles each key completely, in
the app's own queue, before the next one: priority bindings, then a character typed into
a text field, then the bindings from the focused widget up to the app, and only what
none of them wants is forwarded as before. Dialogs (other screens) keep Textual's way.
A key that acts on a switch, a choice or a button changes the app through messages of
its own; ``after_action`` lets the app finish that before the next key (Space on a tier's
switch, then Tab at once, must land in the tier's new first field).
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import App
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input


class OrderedKeys(App[None]):
    """An app whose main screen applies keys strictly in order."""

    @property
    def main(self) -> Screen[Any]:
        """The designer's own screen (queries must not land on a dialog shown over it)."""
        return self.screen_stack[0] if self.screen_stack else self.screen

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded \
                and self.screen_stack and self.screen is self.main:
            await self._key_in_order(event)
            return
        await super().on_event(event)

    async def _key_in_order(self, event: events.Key) -> None:
        self.app_focus = True
        if await self._check_bindings(event.key, priority=True):
            return
        focused = self.focused or self.first_focus()
        if isinstance(focused, Input) and event.is_printable and event.character:
            type_into(focused, event.character)
            return
        if await self._check_bindings(event.key):
            if focused is not None and not isinstance(focused, Input):
                await self.after_action()
            return
        (focused or self.screen)._forward_event(event)

    async def after_action(self) -> None:
        """Called after a key acted on a widget other than a text field (a switch, a
        choice, a button): wait here for what it changes, so the next key sees it."""

    def first_focus(self) -> Widget | None:
        """Where a key typed before anything has the focus goes (None: nowhere)."""
        return None


def type_into(field: Input, character: str) -> None:
    """What ``Input`` does with a printable key: insert it, or replace the selection."""
    field._restart_blink()
    selection = field.selection
    if selection.is_empty:
        field.insert_text_at_cursor(character)
    else:
        field.replace(character, *selection)
