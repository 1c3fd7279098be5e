"""A modal with a report in words (a suggestion, a diff) and the choices it asks about."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static


class ReportScreen(ModalScreen[str]):
    """A headline, the report under it (scrolls), and buttons; escape is ``cancel``."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss('cancel')", "Cancel")]
    DEFAULT_CSS = """
    ReportScreen { align: center middle; }
    ReportScreen > #report-dialog { width: 90%; height: 80%; border: thick $accent;
                                    background: $surface; padding: 0 1; }
    ReportScreen #report-head { text-style: bold; margin-bottom: 1; }
    ReportScreen #report-body { height: 1fr; }
    ReportScreen .buttons { height: 1; margin-top: 1; }
    ReportScreen .buttons Button { margin-right: 2; }
    """

    def __init__(self, headline: str, lines: list[str], choices: list[tuple[str, str]]) -> None:
        """``choices``: (button id, label) pairs, the first one focused."""
        super().__init__()
        self.headline = headline
        self.lines = lines
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(id="report-dialog"):
            yield Label(Text(self.headline), id="report-head")
            with VerticalScroll(id="report-body"):
                yield Static(Text("\n".join(self.lines)), id="report-text")
            with Horizontal(classes="buttons"):
                for i, (choice_id, label) in enumerate(self.choices):
                    yield Button(label, id=choice_id, compact=True,
                                 variant="primary" if i == 0 else "default")

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "cancel")
