"""``retention check`` results as JSON (SPEC §9, exact keys) and as the evidence CSV.

The evidence CSV has one row per (requirement, due period) of a coverage requirement, with
the covering point that lives longest or the cause of the failure, and one row per other
requirement: what an auditor asks for.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from policy.model.values import Weekday

if TYPE_CHECKING:
    from policy.audit.verdicts import CheckReport, Failure, Verdict
    from policy.engine.projection import Run


def _utc(instant: datetime | None) -> str | None:
    if instant is None:
        return None
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _point(run: Run | None) -> dict[str, Any] | None:
    if run is None:
        return None
    return {"frame": run.frame.isoformat(),
            "local": run.local.isoformat() if run.local is not None else None,
            "expires": _utc(run.expires)}


def _failure(f: Failure) -> dict[str, Any]:
    return {"period": f.period, "day": f.day.isoformat(), "seen": f.seen.isoformat(),
            "cause": f.cause, "drift_minutes": f.drift_minutes, "point": _point(f.point),
            "message": f.message}


def _day(value: object) -> object:
    return value.value if isinstance(value, Weekday) else value


def verdict_json(v: Verdict) -> dict[str, Any]:
    """One requirement's verdict with the keys of SPEC §9."""
    req = v.requirement
    out: dict[str, Any] = {"index": v.index, "label": v.label, "kind": v.kind}
    if v.kind == "coverage":
        assert req.every is not None
        out |= {"every": req.every.value, "day": _day(req.day), "for": str(req.depth),
                "grace_minutes": req.grace.minutes, "met": v.met, "periods": v.periods,
                "failing": len(v.failures), "failures": [_failure(f) for f in v.failures]}
    elif v.kind == "rpo":
        out |= {"met": v.met, "worst_gap_minutes": v.worst_gap_minutes}
    elif v.kind == "max_age":
        out |= {"max_age": str(req.max_age), "met": v.met, "message": v.message}
    else:
        out |= {"max_points": req.max_points, "met": v.met, "peak_alive": v.peak,
                "message": v.message}
    return out


def report_json(report: CheckReport) -> dict[str, Any]:
    """The whole check of one policy (SPEC §9 ``retention check --format json``)."""
    zone = report.zone
    return {"policy": report.policy, "timezone": report.timezone, "tzdata": report.tzdata,
            "from": report.start.astimezone(zone).isoformat(),
            "to": report.end.astimezone(zone).isoformat(), "met": report.met,
            "requirements": [verdict_json(v) for v in report.verdicts]}


EVIDENCE_COLUMNS = ("file", "requirement", "label", "period", "day", "due_from", "due_until",
                    "status", "point_frame", "point_local", "point_expires", "cause", "seen",
                    "message")


def evidence_csv(reports: Iterable[tuple[str, CheckReport]]) -> str:
    """The evidence of every requirement of every file, one row per due period."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(EVIDENCE_COLUMNS)
    for path, report in reports:
        for v in report.verdicts:
            for row in _evidence_rows(v):
                writer.writerow([path, v.index, v.label, *row])
    return buf.getvalue()


def _evidence_rows(v: Verdict) -> Iterable[list[object]]:
    if v.kind != "coverage":
        yield ["", "", "", "", "met" if v.met else "not met", *_cells(v.point), "", "",
               v.message]
        return
    for e in v.evidence:
        f = e.failure
        status = "covered" if f is None else "failing"
        point = e.point if f is None else f.point
        yield [e.period, (f.day if f else e.day).isoformat(), e.due_from.isoformat(),
               e.due_until.isoformat(), status, *_cells(point), f.cause if f else "",
               f.seen.isoformat() if f else "", f.message if f else ""]


def _cells(run: Run | None) -> list[str]:
    if run is None:
        return ["", "", ""]
    return [run.frame.isoformat(), run.local.isoformat() if run.local else "",
            _utc(run.expires) or ""]
