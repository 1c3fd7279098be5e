"""SVG snapshots of each view at a fixed size (baselines: ``pytest --snapshot-update``)."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.conftest import EXAMPLES
from tests.tui.conftest import designer, settle

BERLIN = EXAMPLES / "berlin-file-server.yaml"


def steady(pilot: Pilot[None]) -> None:
    """No blinking cursor: the focused input would differ between two pictures."""
    for inp in pilot.app.query(Input):
        inp.cursor_blink = False


def _on_tab(key: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        steady(pilot)
        await settle(pilot)
        await pilot.press(key)
        steady(pilot)  # the view's own fields are made when it is first shown
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("key", ["f5", "f6", "f7", "f8"],
                         ids=["calendar", "points", "dst", "summary"])
def test_view_120x40(snap_compare, key: str) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(designer(BERLIN), terminal_size=(120, 40), run_before=_on_tab(key))


@pytest.mark.parametrize("key", ["f5", "f6", "f7"], ids=["calendar", "points", "dst"])
def test_view_80x24(snap_compare, key: str) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(designer(BERLIN), terminal_size=(80, 24), run_before=_on_tab(key))


def test_light_theme_inline_error(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        pilot.app.theme = "textual-light"
        steady(pilot)
        await settle(pilot)
        pilot.app.query_one("#f-retention-daily-keep").value = "5"  # type: ignore[attr-defined]
        await settle(pilot)

    assert snap_compare(designer(BERLIN), terminal_size=(80, 24), run_before=run_before)


def test_over_the_point_limit_120x40(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        steady(pilot)
        await settle(pilot)
        app = pilot.app
        app.query_one("#f-schedule-times").value = "01:00, 09:00, 17:00"  # type: ignore[attr-defined]
        app.query_one("#f-retention-daily-keep").value = "9999"  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)

    assert snap_compare(designer(BERLIN), terminal_size=(120, 40), run_before=run_before)
