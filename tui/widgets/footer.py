"""The footer, rebuilt only when the keys it shows change.

Textual's ``Footer`` rebuilds its key widgets, and so lays the screen out, whenever the
screen's bindings are refreshed: every focus change, twice per Tab, about 85 ms each on 2
cores, while the keys shown are nearly always the same (a field's own bindings are not
shown). ``KeysFooter`` compares what it would show with what it shows and rebuilds only
on a difference.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


def shown_keys(screen: Screen[Any]) -> tuple[tuple[object, ...], ...]:
    """What a footer on ``screen`` shows: each shown binding's key, text and state."""
    return tuple((key, binding.action, binding.description, binding.group, enabled, tooltip)
                 for key, (_node, binding, enabled, tooltip)
                 in screen.active_bindings.items() if binding.show
                 or key == screen.app.COMMAND_PALETTE_BINDING)


class KeysFooter(Footer):
    """A ``Footer`` that keeps its widgets while the keys it shows stay the same."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[tuple[object, ...], ...] | None = None

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            shown = shown_keys(screen)
            if shown == self._shown:
                return
            self._shown = shown
        super().bindings_changed(screen)
