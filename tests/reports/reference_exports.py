"""The ``Run``-based renderers of ``retention project`` JSON, CSV and iCalendar: one object
per run, ``json.dumps``, ``csv.writer`` and the ``icalendar`` library. They are slow (a
century takes seconds) and serve as the reference that the streamed writers of
``policy.reports.exports`` must match byte for byte.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from typing import Any

from policy.engine.projection import Projection, Run
from policy.reports.project import drift_words, iso_local, iso_utc, kept_for, summary_json

CSV_HEADER = ["frame", "instant", "local", "drift_minutes", "tiers", "governing_tier",
              "expires", "wall", "skipped"]


def point_json(run: Run, as_of: datetime) -> dict[str, Any]:
    assert run.instant is not None and run.expires is not None
    return {
        "frame": run.frame.isoformat(), "instant": iso_utc(run.instant),
        "local": iso_local(run.local), "drift_minutes": run.drift_minutes,
        "tiers": list(run.tiers), "governing_tier": run.governing,
        "expires": iso_utc(run.expires), "alive": run.instant <= as_of < run.expires,
    }


def to_json(proj: Projection, as_of: datetime) -> str:
    doc = summary_json(proj, as_of)
    storage = doc.pop("storage", None)
    doc["points"] = [point_json(r, as_of) for r in proj.points()]
    if storage is not None:
        doc["storage"] = storage
    return json.dumps(doc, indent=2) + "\n"


def to_csv(proj: Projection) -> str:
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
            f"(planned {r.frame:%Y-%m-%d %H:%M}, drift {drift_words(r.drift_minutes)}); tiers "
            f"{', '.join(r.tiers)}; kept by {r.governing} until {iso_utc(r.expires)} "
            f"({kept_for(r.instant, r.expires)}); tzdata {proj.tzdata}"))
        event.add("categories", list(r.tiers))
        cal.add_component(event)
    ical: bytes = cal.to_ical()
    return ical


def table_lines(proj: Projection, paint: Any) -> list[str]:
    """The ``project`` table built from one ``Run`` per run (the former renderer)."""
    from datetime import timedelta

    from policy.model.models import TIER_NAMES
    from policy.reports.project import drift_words
    from policy.reports.project_text import GAP, HEADERS, TIER_STYLE, UNIT, offset_text

    tiers = proj.policy.retention.tiers()
    on = tuple(n for n in TIER_NAMES if n in tiers)
    kept = {n: f" ({t.keep} {UNIT[n]})" for n, t in tiers.items()}
    not_kept = ("not kept", paint("not kept", "dim"))

    def tier_cell(run: Run) -> tuple[str, str]:
        if not run.tiers:
            return not_kept
        slots = [(n[0], TIER_STYLE[n]) if n in run.tiers else ("·", "dim") for n in on]
        return (" ".join(t for t, _ in slots), " ".join(paint(t, style) for t, style in slots))

    def cells(run: Run) -> list[tuple[str, str]]:
        frame = run.frame.isoformat(" ", "minutes")
        if run.local is None:
            return [(frame, frame), ("skipped (gap)", paint("skipped (gap)", "red")), ("", ""),
                    tier_cell(run), ("", "")]
        local = run.local.isoformat()
        day = local[5:10]
        clock = f" {local[11:16]}{offset_text(run.local.utcoffset() or timedelta(0))}"
        moved = local[:10] != frame[:10]
        drift = drift_words(run.drift_minutes or 0)
        expires = not_kept
        if run.expires is not None and run.governing is not None:
            text = run.expires.astimezone(proj.zone).isoformat()[:10] + kept[run.governing]
            expires = (text, text)
        return [(frame, frame), (day + clock, (paint(day, "red") if moved else day) + clock),
                (drift, paint(drift, "red") if run.drift_minutes else drift), tier_cell(run),
                expires]

    rows = [cells(r) for r in proj.runs]
    widths = [max([len(h), *{len(row[i][0]) for row in rows}]) for i, h in enumerate(HEADERS)]
    header = GAP.join(f"{h:>{w}}" if i == 2 else f"{h:<{w}}"
                      for i, (h, w) in enumerate(zip(HEADERS, widths, strict=True)))
    out = [paint(header.rstrip(), "bold"), paint(GAP.join("─" * w for w in widths), "dim")]
    for row in rows:
        line = [text + " " * (width - len(bare)) for (bare, text), width in
                zip(row, widths, strict=True)]
        line[2] = " " * (widths[2] - len(row[2][0])) + row[2][1]
        out.append(GAP.join(line).rstrip())
    names = ", ".join(f"{n[0]} {n}" for n in on)
    out.append(paint(f"tiers: {names}; (kept) by the governing tier", "dim"))
    return out
