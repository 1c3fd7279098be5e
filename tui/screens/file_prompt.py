"""Ask for a file name (open, save as), completing paths as you type."""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label


class PathSuggester(Suggester):
    """Complete a path with the first matching entry of its folder."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        folder, _, stem = value.rpartition(os.sep)
        base = Path(folder or ".").expanduser()
        try:
            names = sorted(p.name + (os.sep if p.is_dir() else "") for p in base.iterdir())
        except OSError:
            return None
        for name in names:
            if name.startswith(stem) and name != stem and not name.startswith("."):
                return f"{folder}{os.sep if folder else ''}{name}"
        return None


class FilePrompt(ModalScreen[str | None]):
    """A one-line dialog that returns the entered path, or None on escape."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, value: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label(self.title_text, id="prompt-title")
            yield Input(self.value, placeholder="examples/berlin-file-server.yaml",
                        suggester=PathSuggester(), id="path")
            yield Label("enter: confirm · →: complete · escape: cancel", classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        self.dismiss(str(Path(value).expanduser()) if value else None)
