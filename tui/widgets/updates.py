"""Show new text in a label without laying out the whole screen when its size stays.

Textual lays out the whole screen (some 400 widgets in the designer: tens of milliseconds,
then a full repaint) whenever a widget may have changed size, and ``Static.update`` asks
for that by default. A view showing new numbers in the same shape only needs a repaint.
``show_text`` compares the new text's shape with what the label shows (the number of
lines, whether every line fits the label's width, and the widest line where the label's
width follows its text) and asks for a layout only when the shape changed; the same text
is not touched at all.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from rich.cells import cell_len
from rich.text import Text
from textual.content import Content
from textual.widgets import Static

#: What each label shows: (the content, its line widths).
_SHOWN: WeakKeyDictionary[Static, tuple[str | Text, tuple[int, ...]]] = WeakKeyDictionary()


def _widths(content: str | Text, markup: bool) -> tuple[int, ...]:
    if isinstance(content, Text):
        plain = content.plain
    else:
        plain = Content.from_markup(content).plain if markup else content
    return tuple(cell_len(line) for line in plain.split("\n"))


def needs_layout(widget: Static, old: tuple[int, ...] | None, new: tuple[int, ...]) -> bool:
    """Whether a label showing lines of widths ``old`` can change size showing ``new``."""
    styles = widget.styles
    auto_width = styles.width is None or styles.width.is_auto
    auto_height = styles.height is None or styles.height.is_auto
    if not auto_width and not auto_height:
        return False  # a fixed box: its size never depends on its text
    width = widget.content_region.width
    if old is None or width <= 0:
        return True
    if auto_width:
        return max(old) != max(new) or (auto_height and len(old) != len(new))
    # The width is set: the height is the number of lines as long as none wraps.
    return len(old) != len(new) or max(old) > width or max(new) > width


def show_text(widget: Static, content: str | Text, *, markup: bool = True) -> None:
    """``widget.update(content)``, with a screen layout only when its size can change."""
    shown = _SHOWN.get(widget)
    if shown is not None and type(shown[0]) is type(content) and shown[0] == content:
        return
    widths = _widths(content, markup)
    layout = needs_layout(widget, shown[1] if shown else None, widths)
    _SHOWN[widget] = (content, widths)
    widget.update(content, layout=layout)
