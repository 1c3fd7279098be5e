"""The designer app: the policy form on the left, its consequences on the right.

The app owns the session (the draft and its file). The form posts edits up; the app
applies them, validates the draft at once (errors inline, while typing) and, for a valid
policy, recomputes the views in a worker thread so typing never waits for a projection.
File actions live in ``tui.file_actions`` and the palette's commands in ``tui.commands``
(mixins this class inherits), so each module stays small.
"""

from __future__ import annotations

import asyncio
import copy
import gc
import time
from datetime import date
from functools import cache
from typing import Any, ClassVar

from rich.markup import escape
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Label, Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from policy.audit.findings import findings
from policy.host import today as real_today
from policy.model.errors import PolicyError, Problem
from policy.model.models import Policy
from policy.model.zones import BUNDLED, TzData
from tui.analysis import Analysis, analyse_recent, failed
from tui.commands import PaletteCommands
from tui.history import History, Step, placement_changes
from tui.session import Session
from tui.widgets.calendar import CalendarView
from tui.widgets.dst import DstView
from tui.widgets.footer import KeysFooter
from tui.widgets.lazy import LazyView, is_built
from tui.widgets.points import PointsView
from tui.widgets.policy_form import PolicyForm
from tui.widgets.requirements_view import RequirementsView
from tui.widgets.summary import SummaryView, finding_line

TABS = ("calendar", "points", "dst", "summary", "requirements")
#: The view of each tab, by widget class.
VIEWS: dict[type[Any], str] = {CalendarView: "calendar", PointsView: "points", DstView: "dst",
                               SummaryView: "summary", RequirementsView: "requirements"}


class ViewsPane(Vertical):
    """The right pane; escape goes back to the form from anywhere in it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.leave", "Form")]


@cache
def collect_less() -> None:
    """Make Python's cycle collector cheap for the designer's process (once).

    Building the screen allocates hundreds of thousands of objects, and the collector's
    default thresholds then scan the whole heap again and again: a third of the start's
    time on 2 cores. What is loaded by then (Textual, the policy code, the zone data)
    lives as long as the process, so it is frozen out of every later scan, and the
    youngest generation is collected every 10,000 allocations instead of every 700."""
    gc.freeze()
    gc.set_threshold(10_000, 50, 100)


@cache
def collect_often() -> None:
    """Once the first screen is complete: freeze it too, and collect in small steps.

    The screen's widgets live as long as the app, but under ``collect_less``'s thresholds
    they would be scanned by every young collection while the user types (4 ms each), and
    a middle-generation collection every 50 of them held the loop for about 200 ms. Frozen,
    with a young generation of 3,000 allocations, no collection takes more than about
    20 ms (``benchmarks/designer.py``: "loop held")."""
    gc.freeze()
    gc.set_threshold(3_000, 10, 10)


class DesignerScreen(Screen[None]):
    """The designer's own screen: no focus of its own choosing. The first widget that
    can take focus while the form is being built is not the first field (a switch), so
    ``show_session`` puts the focus on the first field itself."""

    AUTO_FOCUS = ""

    def __init__(self, width: int, breakpoints: list[tuple[int, str]]) -> None:
        # The width class the first resize would add, set before the widgets are styled:
        # adding it after restyles every widget of the screen (about half a second).
        classes = self._get_breakpoint_classes(width, breakpoints)
        super().__init__(id="_default", classes=" ".join(sorted(classes)))
        self._styled = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual restyles the whole screen when it resumes. The first resume comes right
        # after every widget was styled as it mounted, so that pass is skipped; later
        # resumes (after a dialog) restyle as usual.
        if not self._styled:
            self._styled = True
            event.refresh_styles = False
        super()._on_screen_resume(event)


class DesignerApp(PaletteCommands):
    """``retention design``: build, check and save a policy."""

    CSS_PATH = "app.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (90, "-wide")]  # noqa: RUF012
    TITLE = "retention"
    _VIEWS = Binding.Group("views", compact=True)
    _YEAR = Binding.Group("year", compact=True)
    BINDINGS: ClassVar[list[BindingType]] = [
        # No printable key is bound: a text field always gets what is typed.
        Binding("ctrl+s", "save", "Save"),
        Binding("f2", "save_as", "Save as", show=False),
        Binding("ctrl+o", "open", "Open", show=False),
        Binding("ctrl+n", "new", "New", show=False),
        Binding("ctrl+z", "undo", "Undo"),
        Binding("ctrl+y", "redo", "Redo", show=False),
        Binding("ctrl+r", "remedy", "Fix DST"),
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
        # Priority: page keys change the year wherever the focus is, while the calendar
        # is shown (they would otherwise scroll the form).
        Binding("pageup", "year(-1)", "Year −1", priority=True, key_display="PgUp",
                group=_YEAR),
        Binding("pagedown", "year(1)", "Year +1", priority=True, key_display="PgDn",
                group=_YEAR),
        Binding("f5", "tab('calendar')", "Calendar", group=_VIEWS),
        Binding("f6", "tab('points')", "Points", group=_VIEWS),
        Binding("f7", "tab('dst')", "DST", group=_VIEWS),
        Binding("f8", "tab('summary')", "Summary", group=_VIEWS),
        Binding("f9", "tab('requirements')", "Requirements", group=_VIEWS),
    ]

    def __init__(self, path: str | None = None, *, today: date | None = None,
                 tz: TzData = BUNDLED, debounce: float = 0.05) -> None:
        collect_less()
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
        self._views_shown: set[type[Any]] = set()
        self._had_remedies = False
        self._last_field: Widget | None = None
        self.history = History()
        self._started = False
        """True once the first field has the focus (the screen is then ready to type in)."""
        self._applying = 0
        """Edits being applied now (``after_action`` waits for them)."""
        self._edits = 0

    # --- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="titlebar"):
            yield Label(f"retention · {escape(self.session.display_name)}  [dim]loading…[/]",
                        id="title")
            yield Label(f"tzdata {self.tz.label}", id="tzlabel")
        with Horizontal(id="main"):
            yield PolicyForm(self.session.draft, id="form")
            with ViewsPane(id="views"):
                with TabbedContent(id="tabs", classes="-stale"):  # no result yet
                    with TabPane("Calendar", id="calendar"):
                        yield CalendarView(id="calendar-view")
                    with TabPane("Recovery points", id="points"):
                        yield PointsView(id="points-view")
                    with TabPane("DST", id="dst"):
                        yield DstView(id="dst-view")
                    with TabPane("Summary", id="summary"):
                        yield SummaryView(id="summary-view")
                    with TabPane("Requirements", id="requirements"):
                        yield RequirementsView(id="requirements-view")
                yield Static("[dim]computing…[/]", id="finding")
        yield KeysFooter()

    def get_default_screen(self) -> Screen[None]:
        return DesignerScreen(self.size.width, self.HORIZONTAL_BREAKPOINTS)

    def on_mount(self) -> None:
        # Before the first frame: the form never shows the defaults instead of the file.
        self.show_session()

    # --- keys by context -------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Year keys only while the calendar is shown; ctrl+r only with a remedy; escape
        says where it goes."""
        if action == "year":
            return self._active_tab() == "calendar"
        if action == "remedy":
            return bool(self.analysis and self.analysis.remedies) or None
        if action in ("undo", "redo"):
            return self.history.can(action) or None
        return True

    def _active_tab(self) -> str:
        try:
            return self.main.query_one("#tabs", TabbedContent).active
        except NoMatches:
            return ""

    def _in_form(self, widget: Widget | None = None) -> bool:
        if widget is None:
            if not self.screen_stack:  # the app is closing
                return False
            widget = self.screen.focused
        return widget is not None and any(isinstance(a, PolicyForm) for a in widget.ancestors)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.history.seal()  # typing into another field is another undo step
        # The event's own widget: a focus that arrives while the app closes has no screen.
        if self._in_form(event.widget):
            self._last_field = event.widget

    # --- undo / redo -------------------------------------------------------------------------

    async def action_undo(self) -> None:
        await self._travel(self.history.undo(self.session.draft), "Undone")

    async def action_redo(self) -> None:
        await self._travel(self.history.redo(self.session.draft), "Redone")

    async def _travel(self, step: Step | None, verb: str) -> None:
        if step is None:
            self.notify(f"Nothing to {verb.lower().removesuffix('ne')}.")
            return
        self.session.draft = step.before
        self.session.dirty = True
        await self.main.query_one(PolicyForm).load(self.session.draft)
        self._validate()
        self.refresh_bindings()
        self.notify(f"{verb}: {step.what}", timeout=3)

    def action_leave(self) -> None:
        """Escape: from a form field into the view shown; from a view back to the field."""
        if self._in_form():
            self.focus_view(self._active_tab())
            return
        target = self._last_field
        if target is None or not target.is_attached:
            target = self.main.query_one("#f-name")
        self.focus_now(target)

    def focus_view(self, tab: str) -> None:
        """Put the focus on the part of a view one works with (F5–F9, escape)."""
        target = {"calendar": "#cal-grid", "points": "#as-of", "dst": "#remedies",
                  "summary": "#summary-view", "requirements": "#requirements-view"}.get(tab)
        found = self.main.query(target) if target else None
        if found:
            # The month grids are taller than the view: focusing them must not scroll it
            # by however much of them happens to be laid out yet.
            self.focus_now(found.first(), scroll=tab != "calendar")

    def focus_now(self, widget: Widget, scroll: bool = True) -> None:
        """Focus ``widget`` before the next key is handled (``Widget.focus`` queues the
        change behind the keys already typed, which then land in the field being left),
        and scroll it into view once the screen is laid out."""
        self.main.set_focus(widget, scroll_visible=False)
        if scroll:
            self.call_after_refresh(widget.scroll_visible)

    def on_resize(self, event: events.Resize) -> None:
        # The event's size: ``self.size`` may still be the previous one here.
        label = "Points" if event.size.width < 90 else "Recovery points"
        self.main.query_one("#tabs", TabbedContent).get_tab("points").label = label

    def show_session(self) -> None:
        """Put the session's draft in the form and validate it."""
        self.analysis = None
        self.history = History()
        form = self.main.query_one(PolicyForm)
        form.load(self.session.draft)
        if not self._in_form():  # typing goes into the first field from the start
            # After the first frame: a focus given while the screen is still being built
            # leaves its highlight behind when the focus moves on.
            self.call_after_refresh(self._focus_first_field)
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

    def _focus_first_field(self) -> None:
        if not self.screen_stack:
            return  # closed before its first frame
        if not self._in_form():
            self.main.query_one("#f-name").focus()
        self._started = True

    def first_focus(self) -> Widget | None:
        """A key typed before the first frame goes into the first field, not nowhere."""
        if self._started or not self.screen_stack or self.screen is not self.main:
            return None
        field = self.main.query_one("#f-name")
        self.focus_now(field)
        self._started = True
        return field

    async def after_action(self) -> None:
        """Wait, after a key acted on a switch or a choice, until the edit it causes (if
        any) is applied: it comes through the widget's and the form's queues."""
        edits = self._edits
        for _ in range(40):  # a few turns of the loop carry it to ``apply_edit``
            if self._applying or self._edits != edits:
                break
            await asyncio.sleep(0)
        deadline = time.monotonic() + 2  # never hold the keys for long, whatever happens
        while self._applying and time.monotonic() < deadline:
            await asyncio.sleep(0.001)
        screen = self.main
        if self._edits != edits and screen._layout_required:
            # Tab follows the fields' places on screen: fields the edit mounted or showed
            # have none until laid out, so the screen is laid out before the next key.
            screen._refresh_layout()
            screen._layout_required = False

    async def apply_edit(self, message: PolicyForm.Edit) -> None:
        """Apply a user's edit to the draft (``PolicyForm`` hands it over directly)."""
        self._applying += 1
        try:
            await self._apply_edit(message)
        finally:
            self._applying -= 1
            self._edits += 1

    async def _apply_edit(self, message: PolicyForm.Edit) -> None:
        before = copy.deepcopy(self.session.draft)
        if not message.change(self.session.draft):
            return
        could = self.history.can("undo")
        self.history.record(before, message.what, message.field)
        if not could:
            self.refresh_bindings()  # ctrl+z appears in the footer
        moved = placement_changes(before, self.session.draft)
        if moved:
            self.notify("\n".join(moved) + "\nctrl+z undoes the change.",
                        title="Where points are taken changed", severity="warning",
                        timeout=12)
        self.session.dirty = True
        form = self.main.query_one(PolicyForm)
        if message.reload:
            # Awaited: a part switched on for the first time is mounted before the next
            # key (a Tab into its first field) is handled.
            await form.load(self.session.draft)
        else:
            form.update_layout(self.session.draft)
        # Typing waits for a pause before the views are recomputed; a choice, a switch or
        # a button is one action and is shown at once.
        self._validate(typing=message.field is not None)

    def _validate(self, typing: bool = False) -> None:
        """Validate the draft now; recompute the views if it is a policy (after the
        debounce while the user types)."""
        self.policy, self.errors = self.session.validate()
        # Views showing no result for this session (another file's, or none) are dimmed.
        self.main.query_one("#tabs").set_class(self.analysis is None, "-stale")
        self._show_problems()
        self.update_title()
        self._update_finding()
        if self.policy is not None:
            self._schedule(typing)

    def _schedule(self, typing: bool) -> None:
        if self._timer is not None:
            self._timer.stop()
        if self.debounce <= 0 or not typing:
            self._start_analysis()
            return
        self._timer = self.set_timer(self.debounce, self._start_analysis)

    def _start_analysis(self) -> None:
        if self.policy is not None:
            self.compute(self.policy, self.year, self.as_of)

    @work(thread=True, exclusive=True, exit_on_error=False, group="analysis")
    def compute(self, policy: Policy, year: int, as_of: date | None) -> None:
        """Project and analyse the policy off the UI thread; show it if still current.

        A failure the engines do not report themselves (a bug) is shown in the views as
        the analysis's problem: a worker's error would otherwise leave them computing."""
        try:
            result = analyse_recent(policy, self.today, year, as_of, self.tz)
        except Exception as exc:  # shown in the views, not swallowed
            result = failed(policy, self.today, year, as_of, self.tz, exc)
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._show_analysis, result)

    def _show_analysis(self, result: Analysis) -> None:
        if result.policy != self.policy or not self.screen_stack:
            return  # another draft's, or the app is closing
        self.analysis = result
        collect_often()
        self._views_shown = set()
        self.main.query_one("#tabs").remove_class("-stale")
        count = len(result.drift_periods)
        self._tab_label("dst", f"DST ({count})" if count else "DST")
        unmet = result.unmet_count
        self._tab_label("requirements", f"Requirements ({unmet} ✗)" if unmet else "Requirements")
        self._show_problems()
        self.update_title()
        self._update_finding()
        remedies = bool(result.remedies)
        if remedies != self._had_remedies:
            self._had_remedies = remedies
            self.refresh_bindings()  # ctrl+r shows when there is a remedy
        # The visible view only: a hidden one is drawn when its tab is chosen. Drawing a
        # view costs a repaint at most (a screen layout only when its shape changes), so
        # the keys typed meanwhile are not held up.
        self._show_views([v for v in VIEWS if VIEWS[v] == self._active_tab()], result)

    def _tab_label(self, tab: str, label: str) -> None:
        """Rename a tab only when its label changes (a rename lays the screen out)."""
        if self._shown.get(f"tab:{tab}") != label:
            self._shown[f"tab:{tab}"] = label
            self.main.query_one("#tabs", TabbedContent).get_tab(tab).label = label

    def _show_views(self, views: list[type[Any]], result: Analysis) -> None:
        if self.analysis is result and self.is_running:
            for view in views:
                widget = self.main.query_one(view)
                if is_built(widget):  # else drawn once made, when its tab is chosen
                    widget.show(result)
                    self._views_shown.add(view)

    def views_current(self) -> bool:
        """Whether the screen shows the analysis of the policy in the form: the title,
        the finding and the visible view (tests and benchmarks wait for this; a hidden
        view is drawn when its tab is chosen)."""
        result = self.analysis
        wanted = {v for v in VIEWS if VIEWS[v] == self._active_tab()}
        return self._started and self.policy is not None and result is not None \
            and result.policy == self.policy and result.year == self.year \
            and (self.as_of is None or result.as_of == self.as_of) \
            and wanted <= self._views_shown

    def _show_problems(self) -> None:
        """Errors of the draft, the file's parse error, and the current policy's warnings."""
        file_errors = [p for p in self.session.load_problems if p.loc == "(file)"]
        # While a valid draft is being checked, the previous analysis's warnings stay:
        # dropping them for a moment would reflow the form twice per keystroke.
        warnings = list(self.analysis.findings) \
            if self.analysis is not None and self.policy is not None else []
        self.main.query_one(PolicyForm).show_problems([*file_errors, *self.errors, *warnings])

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
        if self.analysis is None:
            return "[dim]checking…[/]"
        # While an edit is being checked (a fraction of a second), the title keeps the
        # previous analysis's verdict rather than flickering; saving never relies on it
        # (``blocking_problems`` checks the draft itself).
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
            # Fixed-size labels: a repaint, not a layout of the whole screen.
            self.main.query_one(selector, Static).update(markup, layout=False)

    # --- views -------------------------------------------------------------------------------

    def action_year(self, step: int) -> None:
        self.year += step
        self._start_analysis()

    def set_as_of(self, value: date) -> None:
        """Show the recovery points at another date."""
        self.as_of = value
        self._start_analysis()

    async def action_tab(self, tab: str) -> None:
        # Made and drawn before it is shown: the layout that shows it, and the focus after
        # it, see its final content (the focus never scrolls to where a line used to be).
        await self._build_view(tab)
        self._draw_view(tab)
        self.main.query_one("#tabs", TabbedContent).active = tab
        self.focus_view(tab)

    async def on_tabbed_content_tab_activated(self) -> None:
        self.refresh_bindings()  # the year keys come and go with the calendar
        tab = self._active_tab()  # a tab chosen with the mouse
        await self._build_view(tab)
        self._draw_view(tab)

    async def _build_view(self, tab: str) -> None:
        """Make a view's widgets the first time it is shown (``tui.widgets.lazy``)."""
        for view in (v for v in VIEWS if VIEWS[v] == tab):
            widget = self.main.query_one(view)
            if isinstance(widget, LazyView):
                await widget.build()

    def _draw_view(self, tab: str) -> None:
        """Draw a view that does not show the latest analysis yet (hidden meanwhile)."""
        if self.analysis is not None:
            self._show_views([v for v in VIEWS if VIEWS[v] == tab
                              and v not in self._views_shown], self.analysis)

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
        self.history.record(self.session.draft, "DST remedy")
        for key in [k for k in self.session.draft if k not in new]:
            del self.session.draft[key]
        self.session.draft.update(new)
        self.session.dirty = True
        self.main.query_one(PolicyForm).load(self.session.draft)
        self._validate()
        self.refresh_bindings()
        self.notify("Remedy applied (ctrl+z undoes it).")

    def replace_parts(self, new: Policy, parts: tuple[str, ...], what: str) -> None:
        """Replace top-level sections of the draft by ``new``'s, as one undo step."""
        from policy.files.document import to_data

        data = to_data(new)
        self.history.record(self.session.draft, what)
        for part in parts:
            if part in data:
                self.session.draft[part] = data[part]
            else:
                self.session.draft.pop(part, None)
        self.session.dirty = True
        self.main.query_one(PolicyForm).load(self.session.draft)
        self._validate()
        self.refresh_bindings()
        self.notify(f"Applied the {what} (ctrl+z undoes it).")

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen  # Markdown: imported when first asked for

        self.push_screen(HelpScreen())
