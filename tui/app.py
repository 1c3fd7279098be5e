"""The designer app: the policy form on the left, its consequences on the right.

The app owns the session (the draft and its file). The form posts edits up; the app
applies them, validates the draft at once (errors inline, while typing) and, for a valid
policy, recomputes the views in a worker thread so typing never waits for a projection.
File actions live in ``tui.file_actions`` and the palette's commands in ``tui.commands``
(mixins this class inherits), so each module stays small.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from rich.markup import escape
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Footer, Label, Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from policy.audit.findings import findings
from policy.host import today as real_today
from policy.model.errors import PolicyError, Problem
from policy.model.models import Policy
from policy.model.zones import BUNDLED, TzData
from tui.analysis import Analysis, analyse
from tui.commands import PaletteCommands
from tui.screens.help import HelpScreen
from tui.session import Session
from tui.widgets.calendar import CalendarView
from tui.widgets.dst import DstView
from tui.widgets.points import PointsView
from tui.widgets.policy_form import PolicyForm
from tui.widgets.summary import SummaryView, finding_line

TABS = ("calendar", "points", "dst", "summary")
#: The view of each tab, by widget class.
VIEWS: dict[type[Any], str] = {CalendarView: "calendar", PointsView: "points", DstView: "dst",
                               SummaryView: "summary"}


class DesignerApp(PaletteCommands):
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
        self._shown: dict[str, str] = {}

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
        self.call_after_refresh(self.show_session)

    def on_resize(self) -> None:
        label = "Points" if self.size.width < 90 else "Recovery points"
        self.query_one("#tabs", TabbedContent).get_tab("points").label = label

    def show_session(self) -> None:
        """Put the session's draft in the form and validate it."""
        self.analysis = None
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
        # Views showing no result for this session (another file's, or none) are dimmed.
        self.query_one("#tabs").set_class(self.analysis is None, "-stale")
        self._show_problems()
        self.update_title()
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
        self.query_one("#tabs").remove_class("-stale")
        count = len(result.drift_periods)
        self.query_one("#tabs", TabbedContent).get_tab("dst").label = (
            f"DST ({count})" if count else "DST")
        self._show_problems()
        self.update_title()
        self._update_finding()
        # One view per message, the visible one first: keys typed meanwhile are handled
        # between them, so no handler holds the event loop for more than a few ms.
        active = self.query_one("#tabs", TabbedContent).active
        for view in sorted(VIEWS, key=lambda v: VIEWS[v] != active):
            self.call_later(self._show_view, view, result)

    def _show_view(self, view: type[Any], result: Analysis) -> None:
        if self.analysis is result:
            self.query_one(view).show(result)

    def _show_problems(self) -> None:
        """Errors of the draft, the file's parse error, and the current policy's warnings."""
        file_errors = [p for p in self.session.load_problems if p.loc == "(file)"]
        current = self.analysis is not None and self.policy is not None \
            and self.analysis.policy == self.policy
        warnings = list(self.analysis.findings) \
            if current and self.analysis is not None else []
        self.query_one(PolicyForm).show_problems([*file_errors, *self.errors, *warnings])

    # --- the verdict: exactly ``retention validate``'s --------------------------------------

    def current_findings(self) -> list[Problem] | None:
        """The findings of the current policy (``policy.audit.findings``, as ``retention
        validate`` reports them): from its analysis, else computed now; None if no policy."""
        if self.policy is None:
            return None
        if self.analysis is not None and self.analysis.policy == self.policy:
            return self.analysis.findings
        return findings(self.policy, self.today, self.tz)

    def blocking_problems(self) -> list[Problem]:
        """What makes ``retention validate`` exit 2 on the draft: rule errors, then the
        errors among the findings (the 9,999 point limit …)."""
        found = self.current_findings()
        if found is None:
            return list(self.errors)
        return [p for p in found if p.severity == "error"]

    def verdict(self) -> str:
        """``✓ valid`` only when ``retention validate`` would find no error (markup)."""
        if self.policy is None:
            return f"[b $text-error]✗ {len(self.errors)} problem(s)[/]"
        if self.analysis is None or self.analysis.policy != self.policy:
            return "[dim]checking…[/]"
        errors = [p for p in self.analysis.findings if p.severity == "error"]
        if errors:
            return f"[b $text-error]✗ {len(errors)} problem(s)[/]"
        warnings = len(self.analysis.findings) - len(errors)
        more = f" [$text-warning]⚠ {warnings} warning(s)[/]" if warnings else ""
        return f"[b $text-success]✓ valid[/]{more}"

    def update_title(self) -> None:
        mark = " ●" if self.session.dirty else ""
        self._set("#title", f"retention · {escape(self.session.display_name)}{mark}  "
                  f"{self.verdict()}")
        self.sub_title = self.session.display_name

    def _update_finding(self) -> None:
        self._set("#finding", finding_line(self.policy, self.errors, self.analysis))

    def _set(self, selector: str, markup: str) -> None:
        """Update a label only when its text changes (each update reflows the screen)."""
        if self._shown.get(selector) != markup:
            self._shown[selector] = markup
            self.query_one(selector, Static).update(markup)

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
        from policy.files.document import to_data

        new = to_data(fixed)
        for key in [k for k in self.session.draft if k not in new]:
            del self.session.draft[key]
        self.session.draft.update(new)
        self.session.dirty = True
        self.query_one(PolicyForm).load(self.session.draft)
        self._validate()
        self.notify("Remedy applied.")

    def action_help(self) -> None:
        self.push_screen(HelpScreen())
