"""The footer, rebuilt only when the keys it shows change.

Textual's ``Footer`` rebuilds its key widgets, and so lays the screen out, whenever the
screen's bindings are refreshed: every focus change, twice per Tab, about 85 ms each on 2
cores, while the keys shown are nearly always the same (a field's own bindings are not
shown). ``KeysFooter`` compares what it would show with what it shows: the same keys
with another state (ctrl+z once there is an edit to undo) are restyled in place, and
only other keys rebuild it.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

_ENABLED = 4


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
            shown, before = shown_keys(screen), self._shown
            if shown == before:
                return
            self._shown = shown
            if before is not None and _keys(shown) == _keys(before) and self._restate(shown):
                return
        super().bindings_changed(screen)

    def _restate(self, shown: tuple[tuple[object, ...], ...]) -> bool:
        """Enable or disable the keys shown in place; False if one is not found."""
        enabled = {item[0]: bool(item[_ENABLED]) for item in shown}
        keys = list(self.query(FooterKey))
        if not keys or any(key.key not in enabled for key in keys):
            return False
        for key in keys:
            key._disabled = not enabled[key.key]  # what a click on it checks
            key.set_class(key._disabled, "-disabled")
        return True


def _keys(shown: tuple[tuple[object, ...], ...]) -> tuple[tuple[object, ...], ...]:
    return tuple(item[:_ENABLED] + item[_ENABLED + 1:] for item in shown)
