"""The Recovery points view: what can be restored at an as-of date the user picks.

The vault starts empty today (the policy applied now); the table lists every point alive
at the first instant (00:00 local) of the as-of day, as ``retention project --as-of DATE``
counts them, newest first, with when it was taken, its tiers, the tier that governs its
expiry, and that expiry, in the policy's local time.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Label

from policy.engine.projection import local_midnight
from policy.model.values import parse_iso_date
from tui.analysis import Analysis
from tui.widgets.lazy import LazyView
from tui.widgets.ordered import OrderedInput
from tui.widgets.updates import show_text

#: Rows shown at most (a policy can hold up to 9,999 points; the counts say the rest).
MAX_ROWS = 400


def as_of_instant(projection: Any, day: date) -> datetime:
    """The first instant of local date ``day``, as ``retention project --as-of DATE``
    reads a date (a point taken later that day does not count yet)."""
    return local_midnight(projection.zone, day)


#: (taken, expires) formats: with room, and beside the form at 80 columns.
_FORMATS = {False: ("%Y-%m-%d %a %H:%M", "%Y-%m-%d %H:%M"), True: ("%Y-%m-%d %H:%M", "%Y-%m-%d")}
#: Narrower than this, the table drops the weekday and the expiry time.
_COMPACT_BELOW = 52


def _local(value: datetime | None, zone: Any, form: str) -> str:
    return value.astimezone(zone).strftime(form) if value else "—"


class PointsView(LazyView, Vertical):
    """An as-of date input, the counts, and the table of alive points."""

    def parts(self) -> ComposeResult:
        with Horizontal(classes="as-of-line"):
            yield Label("As of ", classes="label")
            yield OrderedInput(placeholder="YYYY-MM-DD", id="as-of", compact=True, max_length=10)
        yield Label("", classes="error", id="as-of-error")
        yield Label("computing…", id="points-count")
        table: DataTable[str] = DataTable(id="points-table", cursor_type="row", zebra_stripes=True)
        yield table

    _result: Analysis | None = None
    _compact = False

    def on_resize(self) -> None:
        if self._result is not None and self._compact != self._is_compact():
            self.show(self._result)

    def _is_compact(self) -> bool:
        return 0 < self.size.width < _COMPACT_BELOW

    def show(self, result: Analysis) -> None:
        self._result, self._compact = result, self._is_compact()
        taken, expires = _FORMATS[self._compact]
        inp = self.query_one("#as-of", Input)
        if not inp.has_focus:
            with self.prevent(Input.Changed):
                inp.value = result.as_of.isoformat()
        projection = result.projection
        table = self.query_one(DataTable)
        table.clear(columns=True)
        # Tiers before the expiry: a narrow view crops the last column, never the tiers.
        table.add_columns("Taken (local)", "Tiers", "Kept by", "Expires")
        if projection is None:
            show_text(self.query_one("#points-count", Label), "; ".join(result.problems))
            return
        at = as_of_instant(projection, result.as_of)
        alive = sorted(projection.alive_at(at), key=lambda r: r.instant, reverse=True)
        counts = projection.alive_by_tier(at)
        parts = ", ".join(f"{n} {t}" for t, n in counts.items() if n)
        show_text(self.query_one("#points-count", Label), 
            f"{len(alive)} restorable at {result.as_of} 00:00"
            + (f": {parts}" if parts else ""))
        zone = projection.zone
        for run in alive[:MAX_ROWS]:
            tiers = "+".join(t[0] for t in run.tiers) if self._compact else "+".join(run.tiers)
            table.add_row(_local(run.instant, zone, taken), tiers, run.governing or "",
                          _local(run.expires, zone, expires))
        if len(alive) > MAX_ROWS:
            table.add_row(f"… {len(alive) - MAX_ROWS} older", "", "", "")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._set(event.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        if len(event.value.strip()) == 10:
            self._set(event.value)
        event.stop()

    def _set(self, text: str) -> None:
        error = self.query_one("#as-of-error", Label)
        try:
            day = parse_iso_date(text)
        except ValueError:
            show_text(error, f"{text!r} is not a date; write YYYY-MM-DD")
            error.display = True
            return
        error.display = False
        set_as_of = getattr(self.app, "set_as_of", None)
        if set_as_of is not None:
            set_as_of(day)
