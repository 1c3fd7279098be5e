"""Offset changes found at the instants the TZif data names (policy.engine.tzif) against the
brute-force daily scan of ``zoneinfo`` (``scan_year``), over every zone of the bundled data,
and on made-up files with changes closer together than any scan step."""

from __future__ import annotations

import struct
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy.dst.transitions import offset_at, transitions
from policy.engine.offsets import _year_changes, _zone_data, scan_year
from policy.engine.tzif import posix_rule, read
from policy.model.zones import BUNDLED, tzdata_for, tzif_data, zone_from_tzif

NAMES = sorted(BUNDLED.names())
HOUR = 3600


def _tzif(first: int, changes: list[tuple[int, int]], footer: str) -> bytes:
    """A version-2 TZif file: offset ``first`` (seconds east), then each (instant, offset)
    change, then ``footer`` (a POSIX TZ string) beyond the last one."""
    offsets = list(dict.fromkeys([first, *(o for _, o in changes)]))
    names = b"".join(b"Z%02d\x00" % i for i in range(len(offsets)))
    v1 = struct.pack(">4sc15x6l", b"TZif", b"2", 0, 0, 0, 0, 1, 4) + b"\0\0\0\0\0\0UTC\0"
    head = struct.pack(">4sc15x6l", b"TZif", b"2", 0, 0, 0, len(changes), len(offsets),
                       len(names))
    body = b"".join(struct.pack(">q", at) for at, _ in changes)
    body += bytes(offsets.index(o) for _, o in changes)
    body += b"".join(struct.pack(">lbB", o, 0, 4 * i) for i, o in enumerate(offsets)) + names
    return v1 + head + body + b"\n" + footer.encode() + b"\n"


def _at(*args: int) -> int:
    return int(datetime(*args, tzinfo=UTC).timestamp())  # type: ignore[misc]


def _utc_years(zone_name: str) -> list[int]:
    """The years worth checking in a zone: where its data hands over to its footer rule,
    and years of the century the product works in."""
    found = read(tzif_data(BUNDLED.zone(zone_name)) or b"").transitions
    years = {1969, 2026, 2027, 2100}
    if found:
        handover = datetime.fromtimestamp(found[-1], UTC).year
        years |= {handover - 1, handover, handover + 1}
    return sorted(years)


def test_every_bundled_zone_is_read_from_its_tzif_data() -> None:
    assert all(_zone_data(BUNDLED.zone(n)) is not None for n in NAMES)
    berlin = read(tzif_data(BUNDLED.zone("Europe/Berlin")) or b"")
    assert berlin.rule is not None and berlin.footer_known
    assert berlin.rule.instants(2026)[0] == _at(2026, 3, 29, 1)  # 02:00 CET


def test_every_bundled_zone_agrees_with_the_daily_scan() -> None:
    """Every zone, where its data hands over to its footer rule and in the years used."""
    for name in NAMES:
        zone = BUNDLED.zone(name)
        for year in _utc_years(name):
            assert _year_changes(zone, year) == scan_year(zone, year), (name, year)


@given(st.sampled_from(NAMES), st.integers(1850, 2400))
def test_any_zone_and_year_agrees_with_the_daily_scan(name: str, year: int) -> None:
    zone = BUNDLED.zone(name)
    assert _year_changes(zone, year) == scan_year(zone, year)


@pytest.mark.parametrize(("name", "first", "last"), [
    ("Pacific/Apia", 2009, 2013), ("Africa/Casablanca", 2018, 2028), ("Asia/Gaza", 1998, 2004),
    ("America/Recife", 1998, 2002), ("Europe/Moscow", 2010, 2015),
    ("Antarctica/Troll", 2004, 2008), ("Australia/Lord_Howe", 2024, 2027),
])
def test_crowded_zones_agree_with_an_hourly_scan(name: str, first: int, last: int) -> None:
    zone = BUNDLED.zone(name)
    for year in range(first, last):
        assert _year_changes(zone, year) == scan_year(zone, year, HOUR), (name, year)


def test_a_change_at_the_first_second_of_a_year_is_kept() -> None:
    """Casey went from -00 to +08 at 1969-01-01 00:00 UTC, the first second of a year."""
    casey = BUNDLED.zone("Antarctica/Casey")
    found = transitions(casey, datetime(1968, 6, 1, tzinfo=UTC), datetime(1969, 6, 1, tzinfo=UTC))
    assert [(t.at, t.offset_before, t.offset_after) for t in found] == [
        (datetime(1969, 1, 1, tzinfo=UTC), timedelta(0), timedelta(hours=8))]


def test_changes_an_hour_apart_are_found_where_a_daily_scan_sees_none() -> None:
    """+00 → +01 → +00 within one hour, then +02 and back ten minutes later: no day-long
    step can see either pair; the TZif transitions name every instant."""
    t, u = _at(2030, 6, 1, 12), _at(2030, 7, 1, 6)
    zone = zone_from_tzif(_tzif(0, [(t, HOUR), (t + HOUR, 0), (u, 2 * HOUR), (u + 600, 0)],
                                "UTC0"), "Test/Crowded")
    found = transitions(zone, datetime(2030, 1, 1, tzinfo=UTC), datetime(2031, 1, 1, tzinfo=UTC))
    assert [(int(c.at.timestamp()), c.offset_after // timedelta(seconds=1)) for c in found] == [
        (t, HOUR), (t + HOUR, 0), (u, 2 * HOUR), (u + 600, 0)]
    for c in found:
        assert offset_at(zone, c.at - timedelta(seconds=1)) == c.offset_before
        assert offset_at(zone, c.at) == c.offset_after
    assert scan_year(zone, 2030) == (0, ())  # why the scan is only the reference


@pytest.mark.parametrize("footer", [
    "AAA3BBB,M3.5.0/-30,M10.5.0/167",  # times far outside the day
    "IST-1GMT0,M10.5.0,M3.5.0/1",  # negative DST (Dublin)
    "AAA3BBB,J60/2,J300/2", "AAA3BBB,J59/2,J300/2", "AAA3BBB,59/2,300/2",  # day numbers
    "EST5EDT,0/0,J365/25",  # DST all year: changes at New Year, left to the scan
    "AAA3BBB,M12.5.0/23,M1.1.0/1",  # DST over New Year
    "<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45",
])
def test_footer_rules_agree_with_an_hourly_scan(footer: str) -> None:
    """Rules alone (no transitions: a rule that disagrees with the last transition's offset
    is no valid file, and ``zoneinfo`` then changes the offset back and forth there)."""
    zone = zone_from_tzif(_tzif(0, [], footer), f"Test/{footer}")
    for year in (2000, 2023, 2024, 2025, 2100):
        assert _year_changes(zone, year) == scan_year(zone, year, HOUR), (footer, year)


def test_a_rule_changing_near_new_year_leaves_its_year_to_the_scan() -> None:
    data = read(_tzif(0, [(_at(2000, 1, 1), 3600)], "EST5EDT,0/0,J365/25"))
    lo, hi = _at(2024, 1, 1), _at(2025, 1, 1)
    assert data.candidates(2024, lo, hi) is None
    assert data.candidates(1990, _at(1990, 1, 1), _at(1991, 1, 1)) == [_at(1990, 1, 1)]


def test_an_unreadable_footer_leaves_the_years_after_the_data_to_the_scan() -> None:
    data = read(_tzif(0, [(_at(2000, 1, 1), 3600)], "CET-1CEST,M3.5.0/x,M10.5.0"))
    assert not data.footer_known
    assert data.candidates(2024, _at(2024, 1, 1), _at(2025, 1, 1)) is None
    assert data.candidates(1999, _at(1999, 1, 1), _at(2000, 1, 1)) == [_at(1999, 1, 1)]


def test_a_version_one_file_keeps_its_last_offset() -> None:
    v1 = struct.pack(">4sc15x6l", b"TZif", b"\0", 0, 0, 0, 1, 2, 8)
    v1 += struct.pack(">l", _at(2020, 3, 1)) + b"\x01"
    v1 += struct.pack(">lbB", 0, 0, 0) + struct.pack(">lbB", 7200, 0, 4) + b"Z00\0Z01\0"
    data = read(v1)
    assert (data.transitions, data.rule, data.footer_known) == ((_at(2020, 3, 1),), None, True)
    zone = zone_from_tzif(v1, "Test/V1")
    assert _year_changes(zone, 2020) == (0, ((_at(2020, 3, 1), 7200),))
    assert _year_changes(zone, 2040) == (7200, ()) == scan_year(zone, 2040)


def test_posix_rules_are_read_as_zoneinfo_reads_them() -> None:
    rule = posix_rule("EET-2EEST,M3.5.0/3,M10.5.0/4")
    assert rule is not None
    assert (rule.std, rule.dst, rule.start.seconds, rule.end.seconds) == (
        7200, 10800, 3 * HOUR, 4 * HOUR)
    assert posix_rule("<+0330>-3:30") is None and posix_rule("") is None
    nst = posix_rule("NST3:30NDT,M3.2.0,M11.1.0")
    assert nst is not None and (nst.std, nst.dst) == (-12600, -9000)
    for bad in ("CET-1CEST", "CET-1,M3.5.0,M10.5.0", "CET-1CEST,M13.5.0,M10.5.0",
                "CET-1CEST,M3.5.0"):
        with pytest.raises(ValueError):
            posix_rule(bad)


def test_zones_without_tzif_data_are_scanned() -> None:
    fixed = timezone(timedelta(hours=5, minutes=30))
    assert tzif_data(fixed) is None and _zone_data(fixed) is None
    assert _year_changes(fixed, 2026) == (19800, ())


@pytest.mark.parametrize("name", ["Europe/Berlin", "America/Santiago", "Australia/Lord_Howe",
                                  "Africa/Casablanca", "Pacific/Apia"])
def test_system_zones_agree_with_the_daily_scan(name: str) -> None:
    data = tzdata_for("system")
    if name not in data.names():
        pytest.skip(f"the system tz data has no {name}")
    zone = data.zone(name)
    for year in (2011, 2026, 2037, 2038, 2060):
        assert _year_changes(zone, year) == scan_year(zone, year), (name, year)
