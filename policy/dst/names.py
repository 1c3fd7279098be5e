"""The names of the run flags (SPEC §6), apart from the code that computes them, so that
the command line can list them in ``--help`` without loading the engine."""

from __future__ import annotations

#: Every flag, in the order reports list them (SPEC §6).
FLAGS: tuple[str, ...] = ("shifted", "date-changed", "weekday-changed", "month-changed",
                          "year-changed", "outside-window", "nonexistent", "ambiguous",
                          "skipped", "merged")
#: Flags that change what is kept or when, the default of ``drift --fail-on-drift``: every
#: flag but ``shifted`` alone, which any fixed-offset run in a DST zone carries half the
#: year (a gate on it could never pass, even with the tool's own robust time).
GATE_FLAGS = frozenset(FLAGS) - {"shifted"}
