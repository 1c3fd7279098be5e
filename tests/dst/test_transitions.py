"""The transition scanner against the dated corpus of research/dst.md §3 and §3.1.

Every row was computed independently (tzdata 2026c compiled with ``zic``) and checked
against the tz source files; the scanner must reproduce each one to the second. Rows
that depend on the data version (§3.2) are tested per data copy and skip, with a reason,
when the copy's version has no known answer.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy.dst.transitions import Transition, format_offset, offset_at, transitions
from policy.engine.offsets import scan_year
from policy.model.zones import BUNDLED, tzdata_for

# zone, instant (UTC), local before, local after, offset before, offset after, kind, minutes
CORPUS = """
Australia/Lord_Howe 2024-10-05T15:30Z 2024-10-06T02:00 2024-10-06T02:30 +10:30 +11:00 gap 30
Australia/Lord_Howe 2024-04-06T15:00Z 2024-04-07T02:00 2024-04-07T01:30 +11:00 +10:30 fold 30
Australia/Lord_Howe 2025-10-04T15:30Z 2025-10-05T02:00 2025-10-05T02:30 +10:30 +11:00 gap 30
Australia/Lord_Howe 2025-04-05T15:00Z 2025-04-06T02:00 2025-04-06T01:30 +11:00 +10:30 fold 30
Australia/Lord_Howe 2026-10-03T15:30Z 2026-10-04T02:00 2026-10-04T02:30 +10:30 +11:00 gap 30
Australia/Lord_Howe 2026-04-04T15:00Z 2026-04-05T02:00 2026-04-05T01:30 +11:00 +10:30 fold 30
Australia/Lord_Howe 2027-10-02T15:30Z 2027-10-03T02:00 2027-10-03T02:30 +10:30 +11:00 gap 30
Australia/Lord_Howe 2027-04-03T15:00Z 2027-04-04T02:00 2027-04-04T01:30 +11:00 +10:30 fold 30
Antarctica/Troll 2024-03-31T01:00Z 2024-03-31T01:00 2024-03-31T03:00 +00:00 +02:00 gap 120
Antarctica/Troll 2024-10-27T01:00Z 2024-10-27T03:00 2024-10-27T01:00 +02:00 +00:00 fold 120
Antarctica/Troll 2025-03-30T01:00Z 2025-03-30T01:00 2025-03-30T03:00 +00:00 +02:00 gap 120
Antarctica/Troll 2025-10-26T01:00Z 2025-10-26T03:00 2025-10-26T01:00 +02:00 +00:00 fold 120
Antarctica/Troll 2026-03-29T01:00Z 2026-03-29T01:00 2026-03-29T03:00 +00:00 +02:00 gap 120
Antarctica/Troll 2026-10-25T01:00Z 2026-10-25T03:00 2026-10-25T01:00 +02:00 +00:00 fold 120
Antarctica/Troll 2027-03-28T01:00Z 2027-03-28T01:00 2027-03-28T03:00 +00:00 +02:00 gap 120
Antarctica/Troll 2027-10-31T01:00Z 2027-10-31T03:00 2027-10-31T01:00 +02:00 +00:00 fold 120
America/Santiago 2024-09-08T04:00Z 2024-09-08T00:00 2024-09-08T01:00 -04:00 -03:00 gap 60
America/Santiago 2024-04-07T03:00Z 2024-04-07T00:00 2024-04-06T23:00 -03:00 -04:00 fold 60
America/Santiago 2025-09-07T04:00Z 2025-09-07T00:00 2025-09-07T01:00 -04:00 -03:00 gap 60
America/Santiago 2025-04-06T03:00Z 2025-04-06T00:00 2025-04-05T23:00 -03:00 -04:00 fold 60
America/Santiago 2026-09-06T04:00Z 2026-09-06T00:00 2026-09-06T01:00 -04:00 -03:00 gap 60
America/Santiago 2026-04-05T03:00Z 2026-04-05T00:00 2026-04-04T23:00 -03:00 -04:00 fold 60
America/Santiago 2027-09-05T04:00Z 2027-09-05T00:00 2027-09-05T01:00 -04:00 -03:00 gap 60
America/Santiago 2027-04-04T03:00Z 2027-04-04T00:00 2027-04-03T23:00 -03:00 -04:00 fold 60
America/Havana 2024-03-10T05:00Z 2024-03-10T00:00 2024-03-10T01:00 -05:00 -04:00 gap 60
America/Havana 2024-11-03T05:00Z 2024-11-03T01:00 2024-11-03T00:00 -04:00 -05:00 fold 60
America/Havana 2025-03-09T05:00Z 2025-03-09T00:00 2025-03-09T01:00 -05:00 -04:00 gap 60
America/Havana 2025-11-02T05:00Z 2025-11-02T01:00 2025-11-02T00:00 -04:00 -05:00 fold 60
America/Havana 2026-03-08T05:00Z 2026-03-08T00:00 2026-03-08T01:00 -05:00 -04:00 gap 60
America/Havana 2027-11-07T05:00Z 2027-11-07T01:00 2027-11-07T00:00 -04:00 -05:00 fold 60
Asia/Beirut 2025-03-29T22:00Z 2025-03-30T00:00 2025-03-30T01:00 +02:00 +03:00 gap 60
Asia/Beirut 2025-10-25T21:00Z 2025-10-26T00:00 2025-10-25T23:00 +03:00 +02:00 fold 60
Asia/Beirut 2026-03-28T22:00Z 2026-03-29T00:00 2026-03-29T01:00 +02:00 +03:00 gap 60
Asia/Beirut 2026-10-24T21:00Z 2026-10-25T00:00 2026-10-24T23:00 +03:00 +02:00 fold 60
Africa/Cairo 2025-04-24T22:00Z 2025-04-25T00:00 2025-04-25T01:00 +02:00 +03:00 gap 60
Africa/Cairo 2025-10-30T21:00Z 2025-10-31T00:00 2025-10-30T23:00 +03:00 +02:00 fold 60
Africa/Cairo 2026-04-23T22:00Z 2026-04-24T00:00 2026-04-24T01:00 +02:00 +03:00 gap 60
Africa/Cairo 2026-10-29T21:00Z 2026-10-30T00:00 2026-10-29T23:00 +03:00 +02:00 fold 60
Africa/Casablanca 2024-04-14T02:00Z 2024-04-14T02:00 2024-04-14T03:00 +00:00 +01:00 gap 60
Africa/Casablanca 2024-03-10T02:00Z 2024-03-10T03:00 2024-03-10T02:00 +01:00 +00:00 fold 60
Africa/Casablanca 2025-04-06T02:00Z 2025-04-06T02:00 2025-04-06T03:00 +00:00 +01:00 gap 60
Africa/Casablanca 2025-02-23T02:00Z 2025-02-23T03:00 2025-02-23T02:00 +01:00 +00:00 fold 60
Africa/Casablanca 2026-03-22T02:00Z 2026-03-22T02:00 2026-03-22T03:00 +00:00 +01:00 gap 60
Africa/Casablanca 2026-02-15T02:00Z 2026-02-15T03:00 2026-02-15T02:00 +01:00 +00:00 fold 60
Africa/Casablanca 2026-09-20T01:00Z 2026-09-20T02:00 2026-09-20T01:00 +01:00 +00:00 fold 60
Europe/Dublin 2025-03-30T01:00Z 2025-03-30T01:00 2025-03-30T02:00 +00:00 +01:00 gap 60
Europe/Dublin 2025-10-26T01:00Z 2025-10-26T02:00 2025-10-26T01:00 +01:00 +00:00 fold 60
Europe/Dublin 2026-03-29T01:00Z 2026-03-29T01:00 2026-03-29T02:00 +00:00 +01:00 gap 60
Europe/Dublin 2026-10-25T01:00Z 2026-10-25T02:00 2026-10-25T01:00 +01:00 +00:00 fold 60
America/St_Johns 2025-03-09T05:30Z 2025-03-09T02:00 2025-03-09T03:00 -03:30 -02:30 gap 60
America/St_Johns 2025-11-02T04:30Z 2025-11-02T02:00 2025-11-02T01:00 -02:30 -03:30 fold 60
America/St_Johns 2026-03-08T05:30Z 2026-03-08T02:00 2026-03-08T03:00 -03:30 -02:30 gap 60
America/St_Johns 2026-11-01T04:30Z 2026-11-01T02:00 2026-11-01T01:00 -02:30 -03:30 fold 60
Pacific/Chatham 2025-09-27T14:00Z 2025-09-28T02:45 2025-09-28T03:45 +12:45 +13:45 gap 60
Pacific/Chatham 2025-04-05T14:00Z 2025-04-06T03:45 2025-04-06T02:45 +13:45 +12:45 fold 60
Pacific/Chatham 2026-09-26T14:00Z 2026-09-27T02:45 2026-09-27T03:45 +12:45 +13:45 gap 60
Pacific/Chatham 2026-04-04T14:00Z 2026-04-05T03:45 2026-04-05T02:45 +13:45 +12:45 fold 60
Australia/Sydney 2026-10-03T16:00Z 2026-10-04T02:00 2026-10-04T03:00 +10:00 +11:00 gap 60
Australia/Sydney 2026-04-04T16:00Z 2026-04-05T03:00 2026-04-05T02:00 +11:00 +10:00 fold 60
Pacific/Auckland 2026-09-26T14:00Z 2026-09-27T02:00 2026-09-27T03:00 +12:00 +13:00 gap 60
Pacific/Auckland 2026-04-04T14:00Z 2026-04-05T03:00 2026-04-05T02:00 +13:00 +12:00 fold 60
America/New_York 2026-03-08T07:00Z 2026-03-08T02:00 2026-03-08T03:00 -05:00 -04:00 gap 60
America/New_York 2026-11-01T06:00Z 2026-11-01T02:00 2026-11-01T01:00 -04:00 -05:00 fold 60
Europe/Berlin 2026-03-29T01:00Z 2026-03-29T02:00 2026-03-29T03:00 +01:00 +02:00 gap 60
Europe/Berlin 2026-10-25T01:00Z 2026-10-25T03:00 2026-10-25T02:00 +02:00 +01:00 fold 60
Pacific/Apia 2011-09-24T14:00Z 2011-09-24T03:00 2011-09-24T04:00 -11:00 -10:00 gap 60
Pacific/Apia 2011-12-30T10:00Z 2011-12-30T00:00 2011-12-31T00:00 -10:00 +14:00 gap 1440
Pacific/Apia 2011-04-02T14:00Z 2011-04-02T04:00 2011-04-02T03:00 -10:00 -11:00 fold 60
Pacific/Apia 2021-04-03T14:00Z 2021-04-04T04:00 2021-04-04T03:00 +14:00 +13:00 fold 60
Europe/Moscow 2011-03-26T23:00Z 2011-03-27T02:00 2011-03-27T03:00 +03:00 +04:00 gap 60
Europe/Moscow 2014-10-25T22:00Z 2014-10-26T02:00 2014-10-26T01:00 +04:00 +03:00 fold 60
America/Sao_Paulo 2018-11-04T03:00Z 2018-11-04T00:00 2018-11-04T01:00 -03:00 -02:00 gap 60
America/Sao_Paulo 2018-02-18T02:00Z 2018-02-18T00:00 2018-02-17T23:00 -02:00 -03:00 fold 60
America/Sao_Paulo 2019-02-17T02:00Z 2019-02-17T00:00 2019-02-16T23:00 -02:00 -03:00 fold 60
America/Asuncion 2024-10-06T04:00Z 2024-10-06T00:00 2024-10-06T01:00 -04:00 -03:00 gap 60
America/Asuncion 2024-03-24T03:00Z 2024-03-24T00:00 2024-03-23T23:00 -03:00 -04:00 fold 60
Asia/Almaty 2024-02-29T18:00Z 2024-03-01T00:00 2024-02-29T23:00 +06:00 +05:00 fold 60
Asia/Tehran 2022-03-21T20:30Z 2022-03-22T00:00 2022-03-22T01:00 +03:30 +04:30 gap 60
Asia/Tehran 2022-09-21T19:30Z 2022-09-22T00:00 2022-09-21T23:00 +04:30 +03:30 fold 60
America/Mexico_City 2022-04-03T08:00Z 2022-04-03T02:00 2022-04-03T03:00 -06:00 -05:00 gap 60
America/Mexico_City 2022-10-30T07:00Z 2022-10-30T02:00 2022-10-30T01:00 -05:00 -06:00 fold 60
""".strip().splitlines()


def _offset(text: str) -> timedelta:
    sign = -1 if text[0] == "-" else 1
    return sign * timedelta(hours=int(text[1:3]), minutes=int(text[4:6]))


def _row(line: str) -> tuple[str, Transition]:
    zone, at, before, after, off_a, off_b, kind, minutes = line.split()
    return zone, Transition(
        at=datetime.fromisoformat(at), local_before=datetime.fromisoformat(before),
        local_after=datetime.fromisoformat(after), offset_before=_offset(off_a),
        offset_after=_offset(off_b), kind=kind,  # type: ignore[arg-type]
        minutes=int(minutes))


ROWS = [_row(line) for line in CORPUS]


def _year(zone: str, year: int, source: str = "bundled") -> list[Transition]:
    return transitions(tzdata_for(source).zone(zone),  # type: ignore[arg-type]
                       datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize(("zone", "expected"), ROWS,
                         ids=[f"{z}-{t.at:%Y-%m-%d}-{t.kind}" for z, t in ROWS])
def test_corpus_row_is_found_exactly(zone: str, expected: Transition) -> None:
    around = transitions(BUNDLED.zone(zone), expected.at - timedelta(days=2),
                         expected.at + timedelta(days=2))
    assert around == [expected]


def test_corpus_years_have_no_other_transitions() -> None:
    by_year: dict[tuple[str, int], list[Transition]] = {}
    for zone, t in ROWS:
        by_year.setdefault((zone, t.at.year), []).append(t)
    for (zone, year), expected in by_year.items():
        assert _year(zone, year) == sorted(expected, key=lambda t: t.at), (zone, year)


def test_lord_howe_shifts_by_thirty_minutes() -> None:
    gap, = [t for t in _year("Australia/Lord_Howe", 2025) if t.kind == "gap"]
    assert (gap.minutes, gap.delta) == (30, timedelta(minutes=30))
    assert gap.local_after - gap.local_before == timedelta(minutes=30)


def test_troll_shifts_by_two_hours() -> None:
    assert [(t.kind, t.minutes) for t in _year("Antarctica/Troll", 2025)] == [
        ("gap", 120), ("fold", 120)]


def test_dublin_negative_dst_is_classified_by_offset_not_dst() -> None:
    zone = BUNDLED.zone("Europe/Dublin")
    january = datetime(2026, 1, 15, 12, tzinfo=zone)
    assert january.dst() == timedelta(hours=-1)  # winter is "DST" in Dublin's data
    spring, autumn = _year("Europe/Dublin", 2026)
    assert (spring.kind, spring.offset_before, spring.offset_after) == (
        "gap", timedelta(0), timedelta(hours=1))
    assert (autumn.kind, autumn.offset_after) == ("fold", timedelta(0))


def test_apia_loses_a_whole_local_day() -> None:
    jump = _year("Pacific/Apia", 2011)[-1]
    assert (jump.kind, jump.minutes) == ("gap", 1440)
    assert jump.local_before == datetime(2011, 12, 30)
    assert jump.local_after == datetime(2011, 12, 31)
    zone = BUNDLED.zone("Pacific/Apia")
    # No instant of 2011 in Apia has the local date 2011-12-30.
    assert (jump.at - timedelta(seconds=1)).astimezone(zone).date() == date(2011, 12, 29)
    assert jump.at.astimezone(zone).date() == date(2011, 12, 31)


def test_permanent_offset_changes_count() -> None:
    assert [(t.kind, format_offset(t.offset_after)) for t in _year("Europe/Moscow", 2014)] == [
        ("fold", "+03:00")]
    assert _year("Europe/Moscow", 2015) == []


@pytest.mark.parametrize(("zone", "day"), [
    ("America/Havana", date(2025, 3, 9)), ("America/Santiago", date(2025, 9, 7)),
    ("Asia/Beirut", date(2025, 3, 30)), ("Africa/Cairo", date(2025, 4, 25))])
def test_midnight_gap_starts_the_day_at_one(zone: str, day: date) -> None:
    gap, = [t for t in _year(zone, day.year) if t.kind == "gap"]
    assert gap.local_before == datetime.combine(day, datetime.min.time())
    assert gap.local_after == gap.local_before + timedelta(hours=1)


@pytest.mark.parametrize(("zone", "previous_day"), [
    ("America/Santiago", date(2025, 4, 5)), ("Asia/Beirut", date(2025, 10, 25)),
    ("Africa/Cairo", date(2025, 10, 30)), ("Asia/Almaty", date(2024, 2, 29))])
def test_midnight_fold_repeats_the_previous_evening(zone: str, previous_day: date) -> None:
    fold, = [t for t in _year(zone, previous_day.year) if t.kind == "fold"]
    assert fold.local_after == datetime.combine(previous_day, datetime.min.time()) + timedelta(
        hours=23)


@pytest.mark.parametrize(("zone", "day", "hours"), [
    ("America/New_York", date(2025, 3, 9), 23), ("America/New_York", date(2025, 11, 2), 25),
    ("Australia/Lord_Howe", date(2025, 10, 5), 23.5), ("Antarctica/Troll", date(2025, 3, 30), 22)])
def test_day_lengths_follow_from_transitions(zone: str, day: date, hours: float) -> None:
    start = datetime.combine(day, datetime.min.time(), tzinfo=UTC)
    changes = transitions(BUNDLED.zone(zone), start - timedelta(days=1), start + timedelta(days=2))
    lost = sum((t.delta for t in changes if t.local_before.date() == day), timedelta(0))
    assert timedelta(hours=24) - lost == timedelta(hours=hours)


def test_non_hour_offsets() -> None:
    assert [format_offset(t.offset_before) for t in _year("America/St_Johns", 2026)] == [
        "-03:30", "-02:30"]
    assert [format_offset(t.offset_after) for t in _year("Pacific/Chatham", 2026)] == [
        "+12:45", "+13:45"]


def test_southern_hemisphere_gap_in_spring_of_the_south() -> None:
    assert [(t.at.month, t.kind) for t in _year("Australia/Sydney", 2026)] == [
        (4, "fold"), (10, "gap")]
    assert [(t.at.month, t.kind) for t in _year("Pacific/Auckland", 2026)] == [
        (4, "fold"), (9, "gap")]


def test_fixed_zones_have_no_transitions() -> None:
    assert _year("UTC", 2026) == []
    assert _year("Asia/Kolkata", 2026) == []
    start, end = datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
    assert transitions(timezone(timedelta(hours=5, minutes=30)), start, end) == []


def test_horizon_is_half_open_to_the_second() -> None:
    zone = BUNDLED.zone("Europe/Berlin")
    at = datetime(2026, 3, 29, 1, tzinfo=UTC)
    assert len(transitions(zone, at, at + timedelta(hours=1))) == 1
    assert transitions(zone, at - timedelta(hours=1), at) == []
    assert transitions(zone, at + timedelta(seconds=1), at + timedelta(days=1)) == []


def test_naive_bounds_are_rejected() -> None:
    with pytest.raises(ValueError, match="aware"):
        transitions(BUNDLED.zone("UTC"), datetime(2026, 1, 1), datetime(2027, 1, 1))


def test_format_offset() -> None:
    assert [format_offset(timedelta(minutes=m)) for m in (0, 60, -210, 765, -660)] == [
        "+00:00", "+01:00", "-03:30", "+12:45", "-11:00"]
    assert format_offset(timedelta(minutes=53, seconds=28)) == "+00:53:28"


ZONES = ("Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Antarctica/Troll",
         "Europe/Dublin", "Africa/Casablanca", "Pacific/Chatham", "America/Havana")


@given(zone=st.sampled_from(ZONES),
       start=st.datetimes(datetime(2020, 1, 1), datetime(2030, 1, 1)),
       days=st.integers(1, 400))
def test_offsets_are_constant_between_transitions(zone: str, start: datetime, days: int) -> None:
    tz = BUNDLED.zone(zone)
    lo, hi = start.replace(tzinfo=UTC), start.replace(tzinfo=UTC) + timedelta(days=days)
    found = transitions(tz, lo, hi)
    edges = [lo, *[t.at for t in found], hi]
    for a, b in itertools.pairwise(edges):
        probes = [a, a + (b - a) / 3, a + 2 * (b - a) / 3, b - timedelta(seconds=1)]
        assert len({offset_at(tz, p) for p in probes if p >= a}) == 1
    for t in found:
        assert offset_at(tz, t.at - timedelta(seconds=1)) == t.offset_before
        assert offset_at(tz, t.at) == t.offset_after
        assert t.kind == ("gap" if t.offset_after > t.offset_before else "fold")


# --- tz-data-version-sensitive cases (research/dst.md §3.2) -------------------------------
# zone, year, newest version with the old answer, oldest version with the new answer,
# old answer, new answer; an answer lists "instant kind local_before local_after".
VERSIONED = [
    ("America/Havana", 2026, "2026c", "2026f",
     ["2026-03-08T05:00Z gap 00:00 01:00", "2026-11-01T05:00Z fold 01:00 00:00"],
     ["2026-03-08T05:00Z gap 00:00 01:00"]),
    ("America/Havana", 2027, "2026c", "2026f",
     ["2027-03-14T05:00Z gap 00:00 01:00", "2027-11-07T05:00Z fold 01:00 00:00"],
     ["2027-11-07T05:00Z fold 01:00 00:00"]),
    ("America/Winnipeg", 2026, "2026c", "2026f",
     ["2026-03-08T08:00Z gap 02:00 03:00", "2026-11-01T07:00Z fold 02:00 01:00"],
     ["2026-03-08T08:00Z gap 02:00 03:00"]),
    ("Africa/Casablanca", 2026, "2025b", "2026c",
     ["2026-02-15T02:00Z fold 03:00 02:00", "2026-03-22T02:00Z gap 02:00 03:00"],
     ["2026-02-15T02:00Z fold 03:00 02:00", "2026-03-22T02:00Z gap 02:00 03:00",
      "2026-09-20T01:00Z fold 02:00 01:00"]),
    ("Africa/Casablanca", 2027, "2025b", "2026c",
     ["2027-02-07T02:00Z fold 03:00 02:00", "2027-03-14T02:00Z gap 02:00 03:00"], []),
    ("America/Vancouver", 2026, "2025b", "2026c",
     ["2026-03-08T10:00Z gap 02:00 03:00", "2026-11-01T09:00Z fold 02:00 01:00"],
     ["2026-03-08T10:00Z gap 02:00 03:00"]),
    ("Europe/Chisinau", 2026, "2025b", "2026a",
     ["2026-03-29T00:00Z gap 02:00 03:00", "2026-10-25T00:00Z fold 03:00 02:00"],
     ["2026-03-29T01:00Z gap 03:00 04:00", "2026-10-25T01:00Z fold 04:00 03:00"]),
]


def _answer(found: list[Transition]) -> list[str]:
    return [f"{t.at:%Y-%m-%dT%H:%MZ} {t.kind} {t.local_before:%H:%M} {t.local_after:%H:%M}"
            for t in found]


@pytest.mark.parametrize("source", ["bundled", "system"])
@pytest.mark.parametrize(("zone", "year", "old_max", "new_min", "old", "new"), VERSIONED,
                         ids=[f"{c[0]}-{c[1]}" for c in VERSIONED])
def test_version_sensitive_cases(source: str, zone: str, year: int, old_max: str,
                                 new_min: str, old: list[str], new: list[str]) -> None:
    data = tzdata_for(source)  # type: ignore[arg-type]
    version = data.version
    if version == "unknown" or zone not in data.names():
        pytest.skip(f"{source} tz data has no version or no {zone}")
    if version <= old_max:
        expected = old
    elif version >= new_min:
        expected = new
    else:
        pytest.skip(f"tzdata {version} lies between {old_max} and {new_min}: answer unknown")
    assert _answer(_year(zone, year, source)) == expected


@pytest.mark.parametrize(("zone", "first", "last"), [
    ("Pacific/Apia", 2009, 2013), ("Africa/Casablanca", 2018, 2028),
    ("Asia/Gaza", 1998, 2004), ("America/Recife", 1998, 2002), ("Europe/Moscow", 2010, 2015),
    ("Antarctica/Troll", 2004, 2008), ("Australia/Lord_Howe", 2024, 2027),
])
def test_a_daily_step_finds_what_an_hourly_step_finds(zone: str, first: int, last: int) -> None:
    """The reference scan's one-day step misses nothing an hourly scan sees, where changes
    crowd (tests/engine/test_tzif.py holds the transitions found to that reference)."""
    tz = BUNDLED.zone(zone)
    years = range(first, last)
    daily = [scan_year(tz, y) for y in years]
    assert daily == [scan_year(tz, y, 3600) for y in years]
    assert any(changes for _, changes in daily)


def test_two_changes_inside_one_step_are_both_found() -> None:
    """Apia 2011: -10 → +14 on 2011-12-30 and back to +13 on 2012-04-01; a 200-day step
    holds both ends of several changes and must report each one."""
    tz = BUNDLED.zone("Pacific/Apia")
    expected = transitions(tz, datetime(2011, 1, 1, tzinfo=UTC), datetime(2013, 1, 1, tzinfo=UTC))
    wide = [scan_year(tz, y, 200 * 86_400) for y in (2011, 2012)]
    assert [c for _, changes in wide for c in changes] == [
        (int(t.at.timestamp()), t.offset_after // timedelta(seconds=1)) for t in expected]
    assert [(t.at.date(), format_offset(t.offset_after)) for t in expected] == [
        (date(2011, 4, 2), "-11:00"), (date(2011, 9, 24), "-10:00"),
        (date(2011, 12, 30), "+14:00"), (date(2012, 3, 31), "+13:00"),
        (date(2012, 9, 29), "+14:00")]
