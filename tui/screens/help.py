"""The ``?`` help screen: what the designer shows and every key."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# retention designer

The policy is on the left; what it does is on the right, recomputed as you type.
A field that breaks a rule turns red with the reason underneath. Only a valid policy
can be saved.

| key | does |
|---|---|
| `tab` / `shift+tab` | next / previous field |
| `space` / `enter` | toggle a day, month or week; open a list |
| `ctrl+s` | save (YAML keeps its comments and key order) |
| `f2` | save as (`.yaml`, `.toml` or `.json`) |
| `ctrl+o` | open a policy file |
| `ctrl+n` | new policy from the template |
| `ctrl+r` | apply the top DST remedy (a robust backup time) |
| `f5` … `f8` | Calendar, Recovery points, DST, Summary |
| `[` / `]` | previous / next year in the calendar |
| `ctrl+p` | commands: validate, save a JSON copy, Azure and MARS exports, theme, … |
| `?` / `f1` | this help |
| `ctrl+q` | quit (asks first when there are unsaved changes) |

## The views

- **Calendar**: a year, one cell per day, lettered and coloured by the highest tier
  taken that day (`d` daily, `w` weekly, `m` monthly, `y` yearly, `·` a run that is not
  kept, `×` a skipped run). Underlined cells are days whose backup drifted away from
  its scheduled wall-clock time (DST); the count at the end of a row is that month's.
- **Recovery points**: what is restorable at the as-of date, with its expiry and the
  tier that governs it, if the policy starts today with an empty vault.
- **DST**: offset changes, runs that drift, what that does to each tier, and the
  remedies: a robust time (`enter` or `ctrl+r` applies it) or a re-anchor plan.
- **Summary**: the peak number of recovery points against Azure's 9,999 limit, counts
  and oldest point per tier, the storage estimate and the tz data in use.

Azure Backup freezes the UTC offset in force on the day a policy is saved
(`fixed-offset`); `wall-clock` shows what the administrator meant.
"""


class HelpScreen(ModalScreen[None]):
    """Keys and views, dismissed with escape, q or ?."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog"):
            yield Markdown(HELP)
