"""The designer app: the policy form on the left, its consequences on the right.

The app owns the session (the draft and its file). The form posts edits up; the app
applies them, validates the draft at once (errors inline, while typing) and, for a valid
policy, recomputes the views in a worker thread so typing never waits for a projection.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from rich.markup import escape
from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Label, Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from policy.commands.common import today as real_today
from policy.errors import PolicyError, Problem
from policy.models import Policy
from policy.zones import BUNDLED, TzData
from tui import draft
from tui.analysis import Analysis, analyse
from tui.screens.confirm import Confirm
from tui.screens.file_prompt import FilePrompt
from tui.screens.help import HelpScreen
from tui.session import Session
from tui.widgets.calendar import CalendarView
from tui.widgets.dst import DstView
from tui.widgets.points import PointsView
from tui.widgets.policy_form import PolicyForm
from tui.widgets.summary import SummaryView, finding_line

TABS = ("calendar", "points", "dst", "summary")


class DesignerApp(App[None]):
    """``retention design``: build, check and save a policy."""

    CSS_PATH = "app.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (90, "-wide")]  # noqa: RUF012
    TITLE = "retention"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save"),
        Binding("f2", "save_as", "Save as"),
        Binding("ctrl+o", "open", "Open"),
        Binding("ctrl+n", "new", "New", show=False),
        Binding("ctrl+r", "remedy", "Fix DST"),
        Binding("question_mark,f1", "help", "Help"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("left_square_bracket", "year(-1)", "Year −1", show=False),
        Binding("right_square_bracket", "year(1)", "Year +1", show=False),
        Binding("f5", "tab('calendar')", "Calendar", show=False),
        Binding("f6", "tab('points')", "Points", show=False),
        Binding("f7", "tab('dst')", "DST", show=False),
        Binding("f8", "tab('summary')", "Summary", show=False),
    ]

    def __init__(self, path: str | None = None, *, today: date | None = None,
                 tz: TzData = BUNDLED, debounce: float = 0.15) -> None:
        super().__init__()
        self.today = today or real_today()
        self.tz = tz
        self.debounce = debounce
        self.session = Session.open(path, self.today) if path else Session.new(self.today)
        self.policy: Policy | None = None
        self.errors: list[Problem] = []
        self.analysis: Analysis | None = None
        self.year = self.today.year
        self.as_of: date | None = None
        self._timer: Timer | None = None

    # --- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="titlebar"):
            yield Label("", id="title")
            yield Label(f"tzdata {self.tz.label}", id="tzlabel")
        with Horizontal(id="main"):
            yield PolicyForm(id="form")
            with Vertical(id="views"):
                with TabbedContent(id="tabs"):
                    with TabPane("Calendar", id="calendar"):
                        yield CalendarView(id="calendar-view")
                    with TabPane("Recovery points", id="points"):
                        yield PointsView(id="points-view")
                    with TabPane("DST", id="dst"):
                        yield DstView(id="dst-view")
                    with TabPane("Summary", id="summary"):
                        yield SummaryView(id="summary-view")
                yield Static("", id="finding")
        yield Footer()

    def on_mount(self) -> None:
        # After the first refresh: every Select has run its own mount (which sets its
        # initial value) by then, so the draft's values are not overwritten.
        self.call_after_refresh(self._show_session)

    def on_resize(self) -> None:
        label = "Points" if self.size.width < 90 else "Recovery points"
        self.query_one("#tabs", TabbedContent).get_tab("points").label = label

    def _show_session(self) -> None:
        """Put the session's draft in the form and validate it."""
        self.query_one(PolicyForm).load(self.session.draft)
        self._validate()
        problems = self.session.load_problems
        if problems and problems[0].loc == "(file)":
            where = f" (line {problems[0].line})" if problems[0].line else ""
            self.notify(f"Could not read the file{where}: {problems[0].message}. "
                        "Showing a new policy instead.", severity="error", timeout=10)
        elif problems:
            self.notify(f"The file opened with {len(problems)} problem(s); they are marked "
                        "in red.", severity="warning")

    # --- editing ---------------------------------------------------------------------------

    def on_policy_form_edit(self, message: PolicyForm.Edit) -> None:
        if not message.change(self.session.draft):
            return
        self.session.dirty = True
        form = self.query_one(PolicyForm)
        if message.reload:
            form.load(self.session.draft)
        else:
            form.update_layout(self.session.draft)
        self._validate()

    def _validate(self) -> None:
        """Validate the draft now; schedule the views' recomputation if it is a policy."""
        self.policy, self.errors = self.session.validate()
        self._show_problems()
        self._update_title()
        self._update_finding()
        if self.policy is not None:
            self._schedule()

    def _schedule(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        if self.debounce <= 0:
            self._start_analysis()
            return
        self._timer = self.set_timer(self.debounce, self._start_analysis)

    def _start_analysis(self) -> None:
        if self.policy is not None:
            self.compute(self.policy, self.year, self.as_of)

    @work(thread=True, exclusive=True, exit_on_error=False, group="analysis")
    def compute(self, policy: Policy, year: int, as_of: date | None) -> None:
        """Project and analyse the policy off the UI thread; show it if still current."""
        result = analyse(policy, self.today, year, as_of, self.tz)
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._show_analysis, result)

    def _show_analysis(self, result: Analysis) -> None:
        if result.policy != self.policy:
            return
        self.analysis = result
        self.query_one(CalendarView).show(result)
        self.query_one(PointsView).show(result)
        self.query_one(DstView).show(result)
        self.query_one(SummaryView).show(result)
        count = len(result.drift_periods)
        self.query_one("#tabs", TabbedContent).get_tab("dst").label = (
            f"DST ({count})" if count else "DST")
        self._show_problems()
        self._update_finding()

    def _show_problems(self) -> None:
        """Errors of the draft, the file's parse error, and the current policy's warnings."""
        file_errors = [p for p in self.session.load_problems if p.loc == "(file)"]
        current = self.analysis is not None and self.policy is not None \
            and self.analysis.policy == self.policy
        warnings = list(self.analysis.findings) \
            if current and self.analysis is not None else []
        self.query_one(PolicyForm).show_problems([*file_errors, *self.errors, *warnings])

    def _update_title(self) -> None:
        mark = " ●" if self.session.dirty else ""
        state = "✓ valid" if self.policy is not None else f"✗ {len(self.errors)} problem(s)"
        self.query_one("#title", Label).update(
            f"retention · {escape(self.session.display_name)}{mark}  [dim]{state}[/]")
        self.sub_title = self.session.display_name

    def _update_finding(self) -> None:
        text = finding_line(self.policy, self.errors, self.analysis)
        self.query_one("#finding", Static).update(text)

    # --- views -------------------------------------------------------------------------------

    def action_year(self, step: int) -> None:
        self.year += step
        self._start_analysis()

    def set_as_of(self, value: date) -> None:
        """Show the recovery points at another date."""
        self.as_of = value
        self._start_analysis()

    def action_tab(self, tab: str) -> None:
        self.query_one("#tabs", TabbedContent).active = tab

    def action_remedy(self) -> None:
        """Apply the first robust-time suggestion of the DST analysis."""
        if self.analysis is None or not self.analysis.remedies:
            self.notify("No DST remedy to apply: every backup time is robust.")
            return
        self.apply_remedy(self.analysis.remedies[0].apply)

    def apply_remedy(self, apply: Any) -> None:
        """Replace the draft with a remedied policy (a function Policy -> Policy)."""
        if self.policy is None:
            return
        try:
            fixed: Policy = apply(self.policy)
        except PolicyError as exc:
            self.notify(str(exc), severity="error")
            return
        from policy.files import to_data

        new = to_data(fixed)
        for key in [k for k in self.session.draft if k not in new]:
            del self.session.draft[key]
        self.session.draft.update(new)
        self.session.dirty = True
        self.query_one(PolicyForm).load(self.session.draft)
        self._validate()
        self.notify("Remedy applied.")

    # --- files -------------------------------------------------------------------------------

    def action_save(self) -> None:
        if self.session.path is None:
            self.action_save_as()
            return
        self._save(None)

    def action_save_as(self) -> None:
        name = draft.get(self.session.draft, ("name",), "policy")
        suggested = self.session.path or f"{name}.yaml"
        self.push_screen(FilePrompt("Save as (.yaml, .toml, .json)", str(suggested)),
                         self._save_as_chosen)

    def _save_as_chosen(self, path: str | None) -> None:
        if not path:
            return
        if Path(path).exists() and path != self.session.path:
            def answer(choice: str | None) -> None:
                if choice == "replace":
                    self._save(path)

            self.push_screen(Confirm(f"{path} exists. Replace it?",
                                     [("replace", "Replace"), ("cancel", "Cancel")]), answer)
            return
        self._save(path)

    def _save(self, path: str | None) -> bool:
        try:
            saved = self.session.save(path)
        except PolicyError as exc:
            self.notify(str(exc), title="Not saved", severity="error", timeout=8)
            return False
        self.notify(f"Saved {saved}")
        self._update_title()
        return True

    def action_open(self) -> None:
        self._guard(lambda: self.push_screen(FilePrompt("Open a policy file"), self._open))

    def action_new(self) -> None:
        self._guard(lambda: self._replace(Session.new(self.today)))

    def _open(self, path: str | None) -> None:
        if path:
            self._replace(Session.open(path, self.today))

    def _replace(self, session: Session) -> None:
        self.session = session
        self.analysis = None
        self._show_session()

    def _guard(self, then: Any) -> None:
        """Run ``then`` after asking what to do with unsaved changes (if any)."""
        if not self.session.dirty:
            then()
            return

        def answer(choice: str | None) -> None:
            if choice == "discard" or (choice == "save" and self._save_or_ask()):
                then()

        self.push_screen(Confirm(f"{self.session.display_name} has unsaved changes.",
                                 [("save", "Save"), ("discard", "Discard"),
                                  ("cancel", "Cancel")]), answer)

    def _save_or_ask(self) -> bool:
        if self.session.path is None:
            self.action_save_as()
            return False
        return self._save(None)

    async def action_quit(self) -> None:
        self._guard(self.exit)

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    # --- command palette ---------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Validate", "Check the policy against Azure's rules",
                            self.action_validate)
        yield SystemCommand("Export JSON", "Save a JSON copy of the policy",
                            self.action_export_json)
        yield SystemCommand("Save as", "Save under another name or format",
                            self.action_save_as)
        yield SystemCommand("Open", "Open a policy file", self.action_open)
        yield SystemCommand("New policy", "Start from the template", self.action_new)
        yield SystemCommand("Apply DST remedy", "Move the backup to a robust time",
                            self.action_remedy)
        yield SystemCommand("Help", "Keys and views", self.action_help)

    def action_validate(self) -> None:
        if self.policy is None:
            first = self.errors[0]
            self.notify(f"{len(self.errors)} problem(s); first: {first.loc}: {first.message}",
                        title="Invalid", severity="error", timeout=8)
            return
        warnings = [p for p in (self.analysis.findings if self.analysis else [])
                    if p.severity == "warning"]
        errors = [p for p in (self.analysis.findings if self.analysis else [])
                  if p.severity == "error"]
        if errors:
            self.notify("\n".join(f"{p.loc}: {p.message}" for p in errors), title="Invalid",
                        severity="error", timeout=10)
        elif warnings:
            self.notify("\n".join(f"{p.loc}: {p.message}" for p in warnings),
                        title="Valid, with warnings", severity="warning", timeout=10)
        else:
            self.notify("Valid: no errors, no warnings.", title="Valid")

    def action_export_json(self) -> None:
        if self.policy is None:
            self.notify("Fix the problems first: only a valid policy is exported.",
                        severity="error")
            return
        base = self.session.path or f"{self.policy.name}.yaml"
        target = str(Path(base).with_suffix(".json"))
        self.push_screen(FilePrompt("Export JSON to", target), self._export_json)

    def _export_json(self, path: str | None) -> None:
        if not path or self.policy is None:
            return
        from policy.files import dumps, write_atomic

        try:
            write_atomic(path, dumps(self.policy, "json"))
        except OSError as exc:
            self.notify(f"cannot write {path}: {exc.strerror}", severity="error")
            return
        self.notify(f"Exported {path}")
