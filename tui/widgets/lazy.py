"""Views whose widgets are made when they are first shown.

The designer opens on one view (the calendar); the others sit in hidden tabs. Making their
widgets at start (the points table, the charts, the remedies list: about 70 widgets with
their style parts) cost about a fifth of the time to the first complete screen, for views
the user may never open. A ``LazyView`` is mounted empty and makes its widgets (``parts``)
the first time it is shown; the app awaits ``build`` before it draws or focuses a view.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widget import Widget

if TYPE_CHECKING:
    _Mixin = Widget
else:
    # Not a widget class itself: Textual takes a widget's CSS type names from the first
    # widget class among its bases only, and a view must keep its container's (the
    # scrolling and sizing of ``VerticalScroll``).
    _Mixin = object


class LazyView(_Mixin):
    """A view (``class V(LazyView, Container)``) that composes ``parts`` once ``build``
    has been awaited, and nothing before."""

    built = False
    """Whether the widgets are made and mounted (``show`` may query them)."""
    _making = False
    _lock: asyncio.Lock | None = None

    def compose(self) -> ComposeResult:
        if self._making or self.built:
            yield from self.parts()

    def parts(self) -> ComposeResult:
        """The view's widgets, as a ``compose`` method yields them."""
        yield from ()

    async def build(self) -> None:
        """Make the view's widgets now, if they are not made yet. ``built`` turns true
        only once they are mounted: an analysis shown meanwhile skips the view, and the
        caller draws it after this returns. Two calls at once make them once."""
        if self.built:
            return
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if not self.built:
                self._making = True
                try:
                    await self.recompose()
                finally:
                    self._making = False
                self.built = True


def is_built(widget: Widget) -> bool:
    """Whether a view's widgets exist (a view that is not lazy always has them)."""
    return not isinstance(widget, LazyView) or widget.built
