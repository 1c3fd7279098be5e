"""The text report of ``retention project``: a table of runs that fits 80 columns, then a
summary that reads as sentences.

One line per run: the planned time (the schedule's time on its day), the actual local time
it runs at (with its offset), the drift in minutes,
the run's tiers as letters in fixed slots (``d w m y``, the letters of ``retention
calendar``) and the expiry date with how long the governing tier keeps it. Rows are
formatted here, not by a rich ``Table``, so a century of runs prints in a second.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from itertools import islice
from typing import TYPE_CHECKING

from policy.engine.frame import GOVERNING
from policy.engine.offsets import DAY
from policy.engine.retention import NAMES_OF, rules_of
from policy.engine.snapshots import instant_restore
from policy.engine.storage_report import storage_report
from policy.model.enhanced import ASSUMED_CLOCK, clock_assumed
from policy.model.models import TIER_NAMES, Pricing, Target
from policy.model.rules import MAX_POINTS
from policy.reports.project import drift_words, horizon_words, kept_for
from policy.reports.row_text import POINT_TIER, Offsets, RowText
from policy.reports.storage import storage_lines

if TYPE_CHECKING:
    from rich.console import Console

    from policy.engine.projection import Projection

TIER_STYLE = {"daily": "green", "weekly": "cyan", "monthly": "yellow", "yearly": "magenta"}
UNIT = {"daily": "d", "weekly": "wk", "monthly": "mo", "yearly": "yr"}
HEADERS = ("planned", "actual", "drift", "tiers", "expires (kept)")
GAP = "  "


def offset_text(off: timedelta | None) -> str:
    """``+02``, ``-05``, ``+10:30``, ``-02:30``: a UTC offset, short."""
    off = off or timedelta(0)
    sign = "-" if off < timedelta(0) else "+"
    minutes = abs(off) // timedelta(minutes=1)
    hours, rest = divmod(minutes, 60)
    return f"{sign}{hours:02d}" + (f":{rest:02d}" if rest else "")


Cell = tuple[str, str]
"""A table cell: its plain text (for the width) and its text as printed."""
Paint = Callable[[str, str], str]

#: SGR codes of the few styles the table uses; the table is written without rich's
#: renderer (ten times slower) but keeps the same colours.
_SGR = {"green": "32", "cyan": "36", "yellow": "33", "magenta": "35", "red": "31",
        "dim": "2", "bold": "1"}


def plain(text: str, style: str) -> str:
    """No colour: piped output and ``NO_COLOR``."""
    return text


def ansi(text: str, style: str) -> str:
    """``text`` in the terminal colour of ``style``."""
    return f"\x1b[{_SGR[style]}m{text}\x1b[0m" if style and text else text


class _Columns:
    """What every row of one projection needs, computed once; cells are made from the
    compact rows (``policy.reports.row_text``), never from a ``Run`` per run."""

    def __init__(self, proj: Projection, paint: Paint) -> None:
        tiers = proj.policy.retention.tiers()
        self.on = tuple(n for n in TIER_NAMES if n in tiers)
        self.kept = {n: f" ({t.keep} {UNIT[n]})" for n, t in tiers.items()}
        self.paint = paint
        self.not_kept = ("not kept", paint("not kept", "dim"))
        self.skipped = ("skipped (gap)", paint("skipped (gap)", "red"))
        self.text = RowText(proj)
        # Expiries lie up to the longest tier after the horizon: their own offset walk.
        self.expiry_offsets = Offsets(proj, reach=proj.end + timedelta(
            days=rules_of(proj.policy).longest_days() + 2))
        self._tiers: dict[int, Cell] = {}
        self._drifts: dict[int, Cell] = {}
        self._shorts: dict[int, str] = {}

    def tiers(self, bits: int) -> Cell:
        found = self._tiers.get(bits)
        if found is None:
            found = self.not_kept
            names = NAMES_OF[bits]
            if names:
                slots = [(n[0], TIER_STYLE[n]) if n in names else ("·", "dim")
                         for n in self.on]
                found = (" ".join(t for t, _ in slots),
                         " ".join(self.paint(t, style) for t, style in slots))
            self._tiers[bits] = found
        return found

    def drift(self, minutes: int) -> Cell:
        found = self._drifts.get(minutes)
        if found is None:
            text = drift_words(minutes)
            found = self._drifts[minutes] = (text, self.paint(text, "red") if minutes else text)
        return found

    def short(self, offset: int) -> str:
        found = self._shorts.get(offset)
        if found is None:
            found = self._shorts[offset] = offset_text(timedelta(seconds=offset))
        return found

    def lines(self, proj: Projection) -> Iterator[list[Cell]]:
        """The cells of every run, in time order."""
        paint, days, clocks = self.paint, self.text.days, self.text.clocks
        span, expiry_span = self.text.offsets.span, self.expiry_offsets.span
        offset, since, until = 0, 0, -1
        expiry_offset, expiry_since, expiry_until = 0, 0, -1
        for at, frame, bits, gov, expires, _, skipped in proj.rows:
            planned_day = days[frame // DAY]
            planned = planned_day + " " + clocks[frame % DAY][1:6]
            if skipped:  # dropped by gap: skip
                yield [(planned, planned), self.skipped, ("", ""), self.tiers(bits), ("", "")]
                continue
            if not since <= at < until:
                offset, since, until = span(at)
            wall = at + offset
            local_day = days[wall // DAY]
            day, clock = local_day[5:10], f" {clocks[wall % DAY][1:6]}{self.short(offset)}"
            taken = (day + clock, (paint(day, "red") if local_day != planned_day else day)
                     + clock)
            until_cell = self.not_kept
            if gov:
                if not expiry_since <= expires < expiry_until:
                    expiry_offset, expiry_since, expiry_until = expiry_span(expires)
                local = expires + expiry_offset
                text = days[local // DAY] + self.kept[POINT_TIER[gov]]
                until_cell = (text, text)
            yield [(planned, planned), taken, self.drift((wall - frame) // 60),
                   self.tiers(bits), until_cell]


def table_lines(proj: Projection, paint: Paint = plain) -> Iterator[str]:
    """The table of every run, one line each, columns padded to their widest cell.

    Two passes over the rows (widths, then lines) so that a century of runs is written
    line by line without holding its cells."""
    columns = _Columns(proj, paint)
    widths = [len(h) for h in HEADERS]
    for row in columns.lines(proj):
        for i, (bare, _) in enumerate(row):
            if len(bare) > widths[i]:
                widths[i] = len(bare)
    right = 2  # the drift column
    header = GAP.join(f"{h:>{w}}" if i == right else f"{h:<{w}}"
                      for i, (h, w) in enumerate(zip(HEADERS, widths, strict=True)))
    yield paint(header.rstrip(), "bold")
    yield paint(GAP.join("─" * w for w in widths), "dim")
    for row in _Columns(proj, paint).lines(proj):
        cells = [text + " " * (width - len(bare)) for (bare, text), width in
                 zip(row, widths, strict=True)]
        drift_bare, drift = row[right]
        cells[right] = " " * (widths[right] - len(drift_bare)) + drift
        yield GAP.join(cells).rstrip()
    names = ", ".join(f"{n[0]} {n}" for n in columns.on)
    yield paint(f"tiers: {names}; (kept) by the governing tier", "dim")


def _when(at: datetime, proj: Projection) -> str:
    return f"{at.astimezone(proj.zone):%Y-%m-%d %H:%M %Z}"


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def summary_lines(proj: Projection, as_of: datetime, pricing: Pricing | None = None
                  ) -> list[str]:
    """The summary as rich-markup lines, each short enough for 80 columns; ``pricing``
    overrides the policy's own (SPEC §12)."""
    policy = proj.policy
    clock = policy.clock
    if proj.frozen_offset is not None:
        off = offset_text(proj.frozen_offset)
        off += "" if ":" in off else ":00"
        mode = f"fixed-offset: UTC{off} frozen on {proj.anchor}"
    else:
        mode = f"wall-clock (gap: {clock.gap.value}, fold: {clock.fold.value})"
    points = sum(1 for row in proj.rows if row[GOVERNING])  # no Run per point
    runs = f"{_count(proj.taken, 'run')}, {_count(points, 'recovery point')}"
    if proj.skipped:
        runs += f"; {_count(proj.skipped, 'run')} skipped in DST gaps (gap: skip)"
    if proj.merged:
        runs += (f"; {_count(proj.merged, 'run')} landed on the instant of another and "
                 "merged into its point")
    lines = [
        f"[bold]{policy.name}[/] ({policy.timezone})",
        f"{mode}; tzdata {proj.tzdata}",
        *([f"  {ASSUMED_CLOCK}"] if clock_assumed(policy) else []),
        f"Horizon {horizon_words(proj)}",
        f"  {runs}",
        *_alive_lines(proj, as_of),
        _peak_line(proj),
        *_snapshot_lines(proj, as_of),
    ]
    report = storage_report(proj, as_of, pricing)
    if report is not None and policy.data is not None:
        lines.extend(_escape(line) for line in storage_lines(report, policy.data, proj.zone))
    return lines


def _escape(text: str) -> str:
    """Plain text inside rich markup."""
    return text.replace("[", r"\[")


def _alive_lines(proj: Projection, as_of: datetime) -> list[str]:
    by_tier = proj.alive_by_tier(as_of)
    oldest = proj.oldest_by_tier(as_of)
    total = _count(sum(by_tier.values()), "point")
    lines = [f"Restorable at {_when(as_of, proj)}: [bold]{total}[/]"]
    for name in TIER_NAMES:
        if name not in proj.policy.retention.tiers():
            continue
        line = f"  [{TIER_STYLE[name]}]{name:<8}[/]{by_tier[name]:>6,}"
        run = oldest[name]
        if run is not None and run.local is not None:
            line += f"   oldest {run.local:%Y-%m-%d %H:%M %Z}, {kept_for(run.local, as_of)} old"
        lines.append(line)
    return lines


def alive_lines(proj: Projection, as_of: datetime) -> list[str]:
    """Every point restorable at ``as_of``, oldest first (``project --list``): the tier that
    keeps it, its planned and actual local time, the drift and when it expires."""
    runs = proj.alive_at(as_of)
    if not runs:
        return [f"No point is restorable at {_when(as_of, proj)}."]
    head = ("kept by", "planned", "actual", "drift", "expires")
    rows = [(run.governing or "", f"{run.frame:%Y-%m-%d %H:%M}",
             f"{run.local:%Y-%m-%d %H:%M %Z}" if run.local else "",
             drift_words(run.drift_minutes),
             f"{run.expires.astimezone(proj.zone):%Y-%m-%d %H:%M %Z}" if run.expires else "")
            for run in runs]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]

    def line(cells: tuple[str, ...]) -> str:
        return GAP.join(f"{c:>{w}}" if i == 3 else f"{c:<{w}}"
                        for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    return [f"Points restorable at {_when(as_of, proj)} ({_count(len(runs), 'point')}), "
            "oldest first:", line(head), GAP.join("─" * w for w in widths),
            *(line(r) for r in rows)]


def _snapshot_lines(proj: Projection, as_of: datetime) -> list[str]:
    """Instant-restore snapshots, apart from the vault (``policy.engine.snapshots``)."""
    found = instant_restore(proj, as_of)
    if found is None:
        if proj.policy.target is Target.AZURE_VM:
            return ["Instant restore: instant_restore_days not set (Azure applies its default)"]
        return []
    lines = [f"Instant restore: [bold]{_count(found.snapshots, 'snapshot')}[/] on the VM's "
             f"disks then (kept {found.days} d; not vault points)"]
    if found.peak_at is not None:
        lines.append(f"  at most {found.peak:,} at once, first on {_when(found.peak_at, proj)}")
    return lines


def _peak_line(proj: Projection) -> str:
    peak = proj.peak_alive
    when = _when(proj.peak_at, proj)
    if peak > MAX_POINTS:
        return (f"Peak: [bold red]{peak:,} points alive[/], over Azure's limit of "
                f"{MAX_POINTS:,} (first on {when})")
    return f"Peak: [bold]{peak:,} points[/] alive at once (limit {MAX_POINTS:,}), first on {when}"


def print_text(proj: Projection, as_of: datetime, console: Console,
               pricing: Pricing | None = None, table: bool = True) -> None:
    """The table of runs (unless ``table`` is false) followed by the summary."""
    paint = plain if console.no_color or console.color_system is None else ansi
    if table:
        write = console.file.write
        lines = table_lines(proj, paint)
        while batch := list(islice(lines, 4096)):
            write("\n".join(batch) + "\n")
        write("\n")
    for line in summary_lines(proj, as_of, pricing):
        console.print(line, highlight=False)
