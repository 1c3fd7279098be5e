"""What the machine running the tool tells it: today's date and the current instant.

The domain never reads the clock (every function takes its dates as arguments); only the
front ends, the command line (``policy.cli``) and the designer (``tui``), ask the host what
"today" is, here, so that neither has to import the other.
"""

from __future__ import annotations

from datetime import UTC, date, datetime


def today() -> date:
    """Today's date on this machine: only the CLI and TUI decide what today is."""
    return date.today()


def now() -> datetime:
    """The current instant (aware, UTC): when the designer saves a change (``diff``)."""
    return datetime.now(UTC)
