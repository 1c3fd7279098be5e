"""The designer's start does each expensive thing once (issue 14: a complete screen soon).

Speed itself is measured in ``benchmarks/designer.py``; these tests check the structure
that makes it fast, so that a change of Textual or of the form cannot undo it unnoticed.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.css.stylesheet import Stylesheet

from tests.tui.conftest import designer, settle


async def test_no_widget_is_styled_twice_while_the_screen_opens(
        example, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Textual restyles the whole screen when it first resumes and when the first resize
    adds the width class; every widget had just been styled as it mounted."""
    restyles: list[int] = []
    original = Stylesheet.update_nodes

    def counting(self: Stylesheet, nodes: Any, animate: bool = False) -> None:
        nodes = list(nodes)
        restyles.append(len(nodes))
        original(self, nodes, animate)

    monkeypatch.setattr(Stylesheet, "update_nodes", counting)
    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.screen.has_class("-wide") and not app.screen.has_class("-narrow")
        assert app.views_current()
    # The largest restyle is the views' result arriving (the dimmed tabs lit up).
    assert max(restyles) < 100, sorted(restyles)[-5:]


async def test_narrow_terminal_starts_with_the_narrow_form(example) -> None:  # type: ignore[no-untyped-def]
    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.has_class("-narrow")
        assert app.query_one("#form").outer_size.width == 38


async def test_rows_mount_their_error_line_when_it_is_first_needed(example) -> None:  # type: ignore[no-untyped-def]
    app = designer(example("berlin-file-server.yaml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not app.query("#err-retention-daily-keep")
        app.query_one("#f-retention-daily-keep").value = "0"  # type: ignore[attr-defined]
        await settle(pilot)
        label = app.query_one("#err-retention-daily-keep")
        assert label.display and "7 to 9999" in str(label.content)  # type: ignore[attr-defined]
        app.query_one("#f-retention-daily-keep").value = "30"  # type: ignore[attr-defined]
        await settle(pilot)
        assert not label.display
