"""Fixtures for the designer's Pilot and snapshot tests: a fixed today, copies of examples."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.conftest import EXAMPLES
from tui.app import DesignerApp

TODAY = date(2026, 3, 1)


@pytest.fixture
def example(tmp_path: Path):
    """Copy an example into a temporary folder and return its path."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copy(EXAMPLES / name, target)
        return target

    return copy


def designer(path: Path | str | None = None) -> DesignerApp:
    """The app on ``path`` with a fixed today and no debounce (deterministic tests)."""
    return DesignerApp(str(path) if path else None, today=TODAY, debounce=0)


async def settle(pilot: Pilot[None]) -> None:
    """Wait until edits are applied and the analysis worker has shown its result in
    every view (a worker superseded by a newer edit is cancelled: wait for the newer)."""
    from textual.worker import WorkerCancelled

    app = pilot.app
    await pilot.pause()
    for _ in range(50):
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:
            continue
        await pilot.pause()
        current = getattr(app, "views_current", None)
        if current is None or getattr(app, "policy", None) is None or current():
            return
    raise AssertionError("the views did not catch up with the form")


async def view(pilot: Pilot[None], tab: str) -> None:
    """Show a view as the user does (its F key) and wait until it shows the analysis: a
    hidden view is drawn when its tab is chosen."""
    key = {"calendar": "f5", "points": "f6", "dst": "f7", "summary": "f8",
           "requirements": "f9"}[tab]
    await pilot.press(key)
    await settle(pilot)


def burst(app: DesignerApp, keys: list[str]) -> None:
    """Send ``keys`` at once, as a terminal does for fast typing (no wait between keys)."""
    from textual import events
    from textual.keys import _character_to_key

    driver = app._driver
    assert driver is not None
    for key in keys:
        char = key if len(key) == 1 else None
        name = _character_to_key(key) if char is not None and not key.isalnum() else key
        event = events.Key(name, char)
        event.set_sender(app)
        driver.send_message(event)
