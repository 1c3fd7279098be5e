"""The integer wall-clock map (policy.engine.offsets) and the frame (policy.engine.frame)
against zoneinfo."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy.engine.frame import frozen_offset
from policy.engine.offsets import (
    instant_of,
    local_seconds_of,
    naive_of,
    offset_map,
    seconds_of,
)
from policy.model.zones import BUNDLED
from tests.reference import classify, to_utc

ZONES = ("Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Havana",
         "Pacific/Apia", "Europe/Dublin", "Antarctica/Troll", "America/Santiago")
# Half-hour wall times within a day of real transitions (and Apia's missing day).
NEAR = [datetime(2011, 12, 29, 12), datetime(2011, 12, 31), datetime(2025, 3, 9),
        datetime(2025, 3, 30), datetime(2025, 4, 6), datetime(2025, 9, 7),
        datetime(2025, 10, 5), datetime(2025, 10, 26), datetime(2025, 11, 2),
        datetime(2026, 3, 8), datetime(2026, 4, 5)]


@given(st.sampled_from(ZONES), st.sampled_from(NEAR), st.integers(-48, 48))
def test_wall_map_agrees_with_zoneinfo(name: str, near: datetime, half_hours: int) -> None:
    zone = BUNDLED.zone(name)
    naive = near + timedelta(minutes=30 * half_hours)
    local = local_seconds_of(naive)
    omap = offset_map(zone, local - 3 * 86_400, local + 3 * 86_400)
    assert omap.classify(local) == classify(naive, zone)
    assert instant_of(omap.fold0(local)) == to_utc(naive, zone, 0)


@given(st.sampled_from(ZONES), st.datetimes(datetime(2005, 1, 1), datetime(2035, 1, 1)))
def test_offset_at_agrees_with_zoneinfo(name: str, moment: datetime) -> None:
    zone = BUNDLED.zone(name)
    instant = moment.replace(tzinfo=UTC, microsecond=0)
    u = seconds_of(instant)
    omap = offset_map(zone, u - 86_400, u + 86_400)
    expected = instant.astimezone(zone).utcoffset()
    assert expected is not None
    assert omap.offset_at(u) == expected.total_seconds()


def test_seconds_round_trip() -> None:
    moment = datetime(2026, 3, 29, 1, 30)
    assert naive_of(local_seconds_of(moment)) == moment
    assert instant_of(seconds_of(moment.replace(tzinfo=UTC))) == moment.replace(tzinfo=UTC)


@pytest.mark.parametrize(("zone", "anchor", "hours"), [
    ("Europe/Berlin", date(2026, 1, 15), 1),
    ("Europe/Berlin", date(2026, 7, 1), 2),
    ("Europe/Berlin", date(2026, 3, 29), 2),  # noon on the change day is already summer
    ("America/New_York", date(2026, 1, 15), -5),
    ("Australia/Lord_Howe", date(2026, 1, 15), 11),
    ("Pacific/Apia", date(2011, 12, 29), -10),
])
def test_frozen_offset_is_the_offset_at_local_noon_on_the_anchor(
        zone: str, anchor: date, hours: float) -> None:
    tz = BUNDLED.zone(zone)
    assert frozen_offset(tz, anchor) == timedelta(hours=hours)
    assert datetime.combine(anchor, time(12), tz).utcoffset() == timedelta(hours=hours)
