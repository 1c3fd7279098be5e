"""The streamed exports (``policy.reports.exports``) write exactly the bytes of the
``Run``-based renderers (``tests.reports.reference_exports``): on DST drift, wall-clock gaps
(shift, skip, next-valid), folds (first, both), merged runs, half-hour zones, a date line
jump and a storage section, plus the iCalendar line folding against ``icalendar``'s own."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy.engine.projection import Projection, project
from policy.files.document import load
from policy.model.validation import build_policy
from policy.reports import exports
from tests.conftest import EXAMPLES
from tests.reports import reference_exports as reference
from tests.strategies import policies

RETENTION = {"daily": {"keep": 7}, "weekly": {"keep": 4, "days": ["sunday"]},
             "monthly": {"keep": 3, "days_of_month": [1, "last"]}}


def _policy(zone: str, times: list[str], clock: dict[str, Any], **extra: Any) -> Any:
    return build_policy({"name": "stream test", "timezone": zone,
                         "schedule": {"frequency": "daily", "times": times},
                         "clock": clock, "retention": RETENTION, **extra})


def _cases() -> list[tuple[str, Projection]]:
    wall = {"mode": "wall-clock", "anchor": "2026-01-15"}
    berlin = load(EXAMPLES / "berlin-file-server.yaml").policy
    return [
        ("berlin fixed-offset drift", project(berlin, date(2026, 1, 1), date(2027, 3, 1))),
        ("new york wall-clock shift", project(load(EXAMPLES / "new-york-three-a-day.yaml")
                                              .policy, date(2026, 1, 1), date(2027, 1, 1))),
        ("lord howe next-valid, fold both", project(
            load(EXAMPLES / "lord-howe-wall-clock.yaml").policy, date(2026, 1, 1),
            date(2027, 1, 1))),
        ("berlin merged 02:30 onto 03:30", project(
            _policy("Europe/Berlin", ["02:30", "03:30"], wall | {"gap": "shift"}),
            date(2026, 3, 1), date(2026, 11, 1))),
        ("berlin skip and fold both", project(
            _policy("Europe/Berlin", ["02:30", "23:30"],
                    wall | {"gap": "skip", "fold": "both"}), date(2026, 3, 1),
            date(2026, 11, 1))),
        ("apia 2011 date line", project(
            _policy("Pacific/Apia", ["00:00", "23:30"], wall), date(2011, 12, 1),
            date(2012, 1, 15))),
        ("kathmandu fixed offset with storage", project(
            _policy("Asia/Kathmandu", ["21:00"], {"mode": "fixed-offset",
                                                  "anchor": "2026-01-15"},
                    data={"size_gb": 800, "daily_change_percent": 2.5}),
            date(2026, 1, 1), date(2026, 6, 1))),
        ("fixed-offset daily points across DST", project(build_policy({
            "name": "daily", "timezone": "Europe/Berlin",
            "schedule": {"frequency": "daily", "times": ["09:00", "23:30"]},
            "clock": {"mode": "fixed-offset", "anchor": "2026-01-15"},
            "retention": {"daily": {"keep": 7}}}), date(2026, 1, 1), date(2027, 1, 1))),
        ("no point in the horizon", project(build_policy({
            "name": "weekly", "timezone": "Europe/London",
            "schedule": {"frequency": "weekly", "days": ["sunday"], "times": ["23:00"]},
            "retention": {"weekly": {"keep": 4, "days": ["sunday"]}}}),
            date(2026, 5, 1), date(2026, 5, 2))),
    ]


CASES = _cases()


def _text(pieces: Any) -> str:
    return "".join(pieces)


@pytest.mark.parametrize(("label", "proj"), CASES, ids=[c[0] for c in CASES])
def test_streamed_json_is_byte_identical(label: str, proj: Projection) -> None:
    for as_of in (proj.end, proj.start, datetime.fromtimestamp(
            (proj.start.timestamp() + proj.end.timestamp()) // 2, proj.start.tzinfo)):
        assert _text(exports.json_chunks(proj, as_of)) == reference.to_json(proj, as_of)


@pytest.mark.parametrize(("label", "proj"), CASES, ids=[c[0] for c in CASES])
def test_streamed_csv_is_byte_identical(label: str, proj: Projection) -> None:
    assert _text(exports.csv_chunks(proj)) == reference.to_csv(proj)


@settings(max_examples=30)
@given(policies(), st.dates(date(2010, 1, 1), date(2030, 1, 1)), st.integers(1, 500))
def test_streamed_json_and_csv_are_byte_identical_for_any_policy(policy: Any, start: date,
                                                                days: int) -> None:
    """Rows are written from shapes (the text around their dates) reused across days:
    any schedule, tiers, clock and zone against the run-by-run renderers."""
    proj = project(policy, start, start + timedelta(days=days))
    middle = proj.start + (proj.end - proj.start) / 2
    # Compared line by line: a failing example is then reported (and shrunk) quickly.
    assert (_text(exports.json_chunks(proj, middle)).splitlines()
            == reference.to_json(proj, middle).splitlines())
    assert _text(exports.csv_chunks(proj)).splitlines() == reference.to_csv(proj).splitlines()


@pytest.mark.parametrize(("label", "proj"), CASES, ids=[c[0] for c in CASES])
def test_streamed_ics_is_byte_identical(label: str, proj: Projection) -> None:
    assert _text(exports.ics_chunks(proj)).encode() == reference.to_ics(proj)


def test_the_cases_hold_what_they_are_named_for() -> None:
    runs = {label: proj.runs for label, proj in CASES}
    assert any(r.merged for r in runs["berlin merged 02:30 onto 03:30"])
    assert any(r.skipped for r in runs["berlin skip and fold both"])
    assert sum(r.wall == "ambiguous" for r in runs["berlin skip and fold both"]) == 2
    assert any(r.drift_minutes == 60 for r in runs["berlin fixed-offset drift"])
    assert any(r.wall == "nonexistent" for r in runs["lord howe next-valid, fold both"])
    assert runs["no point in the horizon"] == ()


def test_a_long_export_comes_in_pieces() -> None:
    proj = CASES[0][1]
    pieces = list(exports.csv_chunks(proj))
    assert len(pieces) >= 2 and pieces[0].startswith("frame,instant,local")


@given(st.text(alphabet=st.sampled_from("ab\\^;, é"), max_size=400))
def test_folding_matches_icalendar(line: str) -> None:
    from icalendar.parser.string import _foldline

    assert exports.fold(line) == _foldline(line)


DRIFT_CASES = [
    (load(EXAMPLES / "berlin-file-server.yaml").policy, date(2026, 1, 1), date(2027, 1, 1)),
    (load(EXAMPLES / "lord-howe-wall-clock.yaml").policy, date(2026, 1, 1), date(2027, 1, 1)),
    (_policy("Europe/Berlin", ["02:30", "23:30"], {"mode": "wall-clock", "anchor": "2026-01-15",
                                                   "gap": "skip", "fold": "both"}),
     date(2026, 3, 1), date(2026, 11, 1)),
    (_policy("Pacific/Apia", ["00:00", "23:30"], {"mode": "wall-clock"}), date(2011, 12, 1),
     date(2012, 1, 15)),
    (_policy("Asia/Tokyo", ["21:00"], {"mode": "fixed-offset"}), date(2026, 1, 1),
     date(2026, 2, 1)),
]


@pytest.mark.parametrize(("policy", "start", "end"), DRIFT_CASES,
                         ids=["berlin", "lord-howe", "skip-fold", "apia", "no-drift"])
def test_streamed_drift_json_is_byte_identical(policy: Any, start: date, end: date) -> None:
    import json

    from policy.dst.drift import analyse
    from policy.reports.drift import drift_json

    report = analyse(policy, start, end)
    streamed = _text(exports.drift_json_chunks(report))
    assert streamed == json.dumps(drift_json(report), indent=2) + "\n"
    assert (json.loads(streamed)["runs"] == []) == (not report.runs)


@pytest.mark.parametrize(("label", "proj"), CASES, ids=[c[0] for c in CASES])
def test_streamed_table_is_byte_identical(label: str, proj: Projection) -> None:
    from policy.reports.project_text import ansi, plain, table_lines

    for paint in (plain, ansi):
        assert list(table_lines(proj, paint)) == reference.table_lines(proj, paint)
