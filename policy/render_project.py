"""``retention project`` output: JSON (SPEC §8), CSV, iCalendar and the rich text report.

Instants are written in UTC with ``Z``, local times with their offset, frame times without
one. Text output says durations the way people do ("kept 2 years 3 months", via pendulum)
and always names the tz data version (SPEC §7).
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from policy.projection import Projection, Run
from policy.rules import MAX_POINTS
from policy.storage import estimate_gb

if TYPE_CHECKING:
    from rich.console import Console

TIER_STYLE = {"daily": "green", "weekly": "cyan", "monthly": "yellow", "yearly": "magenta"}


def iso_utc(instant: datetime | None) -> str | None:
    """``2026-01-04T20:00:00Z``."""
    if instant is None:
        return None
    return instant.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"


def iso_local(local: datetime | None) -> str | None:
    """``2026-01-04T21:00:00+01:00``."""
    return None if local is None else local.isoformat()


def point_json(run: Run) -> dict[str, Any]:
    """One entry of ``points`` (SPEC §8)."""
    return {
        "frame": run.frame.isoformat(), "instant": iso_utc(run.instant),
        "local": iso_local(run.local), "drift_minutes": run.drift_minutes,
        "tiers": list(run.tiers), "governing_tier": run.governing,
        "expires": iso_utc(run.expires),
    }


def to_json(proj: Projection, as_of: datetime) -> dict[str, Any]:
    """The ``retention project --format json`` document (SPEC §8), keys exactly as specified."""
    by_tier = proj.alive_by_tier(as_of)
    return {
        "policy": proj.policy.name, "timezone": proj.policy.timezone, "tzdata": proj.tzdata,
        "from": iso_local(proj.start.astimezone(proj.zone)),
        "to": iso_local(proj.end.astimezone(proj.zone)),
        "as_of": iso_utc(as_of),
        "summary": {"runs": len(proj.rows), "alive": sum(by_tier.values()),
                    "peak_alive": proj.peak_alive, "alive_by_tier": by_tier},
        "points": [point_json(r) for r in proj.points()],
    }


CSV_HEADER = ["frame", "instant", "local", "drift_minutes", "tiers", "governing_tier",
              "expires", "wall", "skipped"]


def to_csv(proj: Projection) -> str:
    """Every run (recovery point or not) as CSV with a header row; tiers joined by ``+``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for r in proj.runs:
        writer.writerow([r.frame.isoformat(), iso_utc(r.instant) or "", iso_local(r.local) or "",
                         "" if r.drift_minutes is None else r.drift_minutes,
                         "+".join(r.tiers), r.governing or "", iso_utc(r.expires) or "",
                         r.wall, "true" if r.skipped else "false"])
    return out.getvalue()


def to_ics(proj: Projection) -> bytes:
    """An iCalendar file: one event per recovery point, with its tiers and expiry."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//retention//recovery points//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{proj.policy.name} recovery points")
    for r in proj.points():
        assert r.instant is not None and r.expires is not None and r.local is not None
        event = Event()
        event.add("uid", f"{r.instant:%Y%m%dT%H%M%SZ}-{r.frame:%Y%m%dT%H%M}-"
                         f"{proj.policy.name.replace(' ', '_')}@retention")
        event.add("dtstamp", proj.start)
        event.add("dtstart", r.instant)
        event.add("dtend", r.instant)
        event.add("summary", f"Recovery point ({', '.join(r.tiers)})")
        event.add("description", (
            f"Policy {proj.policy.name}; taken {r.local.isoformat()} "
            f"(frame {r.frame:%Y-%m-%d %H:%M}, drift {r.drift_minutes} min); tiers "
            f"{', '.join(r.tiers)}; kept by {r.governing} until {iso_utc(r.expires)} "
            f"({kept_for(r.instant, r.expires)}); tzdata {proj.tzdata}"))
        event.add("categories", list(r.tiers))
        cal.add_component(event)
    ical: bytes = cal.to_ical()
    return ical


def kept_for(start: datetime, end: datetime) -> str:
    """The two largest calendar units between two instants: ``2 years 3 months``."""
    import pendulum

    interval = pendulum.instance(end) - pendulum.instance(start)
    parts = [(interval.years, "year"), (interval.months, "month"),
             (interval.weeks, "week"), (interval.remaining_days, "day"),
             (interval.hours, "hour"), (interval.minutes, "minute")]
    words = [f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n]
    return " ".join(words[:2]) if words else "0 minutes"


def ago(at: datetime, now: datetime) -> str:
    """``3 months ago`` / ``in 2 days`` relative to ``now``."""
    if at <= now:
        return f"{kept_for(at, now)} ago"
    return f"in {kept_for(now, at)}"


def summary_lines(proj: Projection, as_of: datetime) -> list[str]:
    """The summary as rich-markup lines."""
    by_tier = proj.alive_by_tier(as_of)
    alive = sum(by_tier.values())
    local_as_of = as_of.astimezone(proj.zone)
    tiers = ", ".join(f"[{TIER_STYLE[n]}]{n} {c}[/]" for n, c in by_tier.items()
                      if n in proj.policy.retention.tiers())
    peak_style = "bold red" if proj.peak_alive > MAX_POINTS else "bold"
    lines = [
        f"[bold]{proj.policy.name}[/] — {proj.policy.timezone}, "
        f"{proj.policy.clock.mode.value}, tzdata {proj.tzdata}",
        f"horizon {proj.start.astimezone(proj.zone):%Y-%m-%d %H:%M %Z} → "
        f"{proj.end.astimezone(proj.zone):%Y-%m-%d %H:%M %Z}: {len(proj.rows):,} runs, "
        f"{len(proj.points()):,} recovery points",
        f"alive at {local_as_of:%Y-%m-%d %H:%M %Z}: [bold]{alive:,}[/] ({tiers})",
        f"peak alive [{peak_style}]{proj.peak_alive:,}[/] of {MAX_POINTS:,} allowed, first "
        f"reached {proj.peak_at.astimezone(proj.zone):%Y-%m-%d %H:%M %Z}",
    ]
    for name, run in proj.oldest_by_tier(as_of).items():
        if run is not None and run.local is not None:
            lines.append(f"oldest restorable {name}: {run.local:%Y-%m-%d %H:%M %Z} "
                         f"({ago(run.local, local_as_of)})")
    storage = estimate_gb(proj.policy, alive)
    if storage is not None:
        lines.append(f"storage estimate at as-of: ~{storage:,.0f} GB (initial copy plus "
                     "changed data of the alive points; an estimate)")
    return lines


def print_text(proj: Projection, as_of: datetime, console: Console) -> None:
    """The table of recovery points followed by the summary."""
    from rich import box
    from rich.table import Table

    table = Table(title=f"Runs of {proj.policy.name}", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False)
    for column, justify in (("frame", "left"), ("taken (local)", "left"), ("drift", "right"),
                            ("tiers", "left"), ("expires, kept", "left")):
        table.add_column(column, justify=justify, no_wrap=column[0] in "ftd")  # type: ignore[arg-type]
    for r in proj.runs:
        table.add_row(*_cells(r, proj))
    console.print(table)
    for line in summary_lines(proj, as_of):
        console.print(line, highlight=False)


def _cells(r: Run, proj: Projection) -> list[str]:
    if r.skipped:
        return [f"{r.frame:%Y-%m-%d %H:%M}", "[red]skipped (gap)[/]", "", ", ".join(r.tiers), ""]
    assert r.local is not None and r.instant is not None
    drift = f"[red]{r.drift_minutes:+d}m[/]" if r.drift_minutes else "0"
    if r.local.date() != r.frame.date():
        drift = "[red]date[/] " + drift
    tiers = ", ".join(f"[{TIER_STYLE[t]}]{t}[/]" for t in r.tiers) or "[dim]not kept[/]"
    expires = ""
    if r.expires is not None:
        expires = (f"{r.expires.astimezone(proj.zone):%Y-%m-%d}, "
                   f"{kept_for(r.instant, r.expires)}")
    taken = f"{r.local:%m-%d %H:%M}{r.local:%z}"[:-2]
    return [f"{r.frame:%Y-%m-%d %H:%M}", taken, drift, tiers, expires]
