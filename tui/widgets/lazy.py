"""Views whose widgets are made when they are first shown.

The designer opens on one view (the calendar); the others sit in hidden tabs. Making their
widgets at start (the points table, the charts, the remedies list: about 70 widgets with
their style parts) cost about a fifth of the time to the first complete screen, for views
the user may never open. A ``LazyView`` is mounted empty and makes its widgets (``parts``)
the first time it is shown; the app awaits ``build`` before it draws or focuses a view.
"""

from __future__ import annotations

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

    def compose(self) -> ComposeResult:
        if self.built:
            yield from self.parts()

    def parts(self) -> ComposeResult:
        """The view's widgets, as a ``compose`` method yields them."""
        yield from ()

    async def build(self) -> None:
        """Make the view's widgets now, if they are not made yet."""
        if not self.built:
            self.built = True
            await self.recompose()


def is_built(widget: Widget) -> bool:
    """Whether a view's widgets exist (a view that is not lazy always has them)."""
    return not isinstance(widget, LazyView) or widget.built
