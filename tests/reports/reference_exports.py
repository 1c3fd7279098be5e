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
