"""The ``?`` help screen: what the designer shows and every key."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from tui.widgets.calendar import SYMBOLS

_KEYS = """\
# retention designer

The policy is on the left; what it does is on the right, recomputed as you type.
A field that breaks a rule turns red with the reason underneath; warnings are marked ⚠.
The title says ✓ valid exactly when `retention validate` would accept the file (the
9,999 point limit included); a rejected draft is never saved over its file.

| key | does |
|---|---|
| `tab` / `shift+tab` | next / previous field |
| `escape` | from a field into the view shown; from a view back to the field |
| `space` / `enter` | toggle a day, month or week; open a list |
| `ctrl+z` / `ctrl+y` | undo / redo an edit (remedies too) |
| `ctrl+s` | save (YAML keeps its comments and key order) |
| `f2` | save as (`.yaml`, `.toml` or `.json`) |
| `ctrl+o` | open a policy file |
| `ctrl+n` | new policy from the template |
| `ctrl+r` | apply the top DST remedy (a robust backup time) |
| `f5` … `f9` | Calendar, Recovery points, DST, Summary, Requirements (and focus into it) |
| `PgUp` / `PgDn` | previous / next year in the calendar |
| `←` `→` `↑` `↓` / `home` | in the calendar: select a day / today |
| `ctrl+p` | commands: validate, save a JSON copy, Azure and MARS exports, theme, … |
| `f1` (or `?` outside a text field) | this help |
| `ctrl+q` | quit (asks first when there are unsaved changes) |

## The views

- **Calendar**: the calendar year as Mo–Su month grids. A cell shows the highest tier
  taken that local day: `d` daily, `w` weekly, `m` monthly, `y` yearly, then:
"""

_VIEWS = """
  The selected day (arrow keys) is described under the grid; the year's DST drift
  periods follow, in planned dates, as `retention drift` prints them for that year.
- **Recovery points**: what is restorable at 00:00 of the as-of date (as
  `retention project --as-of DATE`), with its expiry and the tier that governs it, if
  the policy starts today with an empty vault.
- **DST**: the next year from today (as `retention drift` by default): offset
  changes, drift periods, what that does to each tier, and the remedies (`enter` or
  `ctrl+r` applies one, `ctrl+z` undoes it).
- **Summary**: the peak number of recovery points against Azure's 9,999 limit, counts
  and oldest point per tier, the storage estimate and the tz data in use.
- **Requirements**: each requirement of the form's REQUIREMENTS section ✓ met or ✗ not
  met, checked from today as `retention check --from TODAY` does, with the first failing
  period in words; the days a failing period needed a point on are marked `!` on the
  calendar. `ctrl+p` → "Suggest a policy from these requirements" finds the cheapest
  policy that meets them; "Compare with the saved file" shows what saving would do to
  the existing points (as `retention diff`).

Azure Backup freezes the UTC offset in force on the day a policy is saved
(`fixed-offset`); `wall-clock` shows what the administrator meant.
"""

HELP = _KEYS + "".join(f"  `{sym}` {words};\n" for sym, words in SYMBOLS) + _VIEWS


class HelpScreen(ModalScreen[None]):
    """Keys and views, dismissed with escape, q or ?."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog"):
            yield Markdown(HELP)
