"""SPEC §11: what a policy change does to existing points, on real zones and dates, and
against a point-by-point reference written apart from the fast path."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from policy.audit.diff import DiffReport, diff_policies
from policy.audit.diff_effects import peak, storage_change, vault_change
from policy.engine.frame import BITS, EXPIRES, GOVERNING, INSTANT
from policy.engine.offsets import seconds_of
from policy.engine.projection import project
from policy.model.errors import PolicyError
from policy.model.models import ClockMode, Frequency, Policy
from policy.model.validation import build_policy
from policy.model.zones import BUNDLED
from tests.strategies import policies

BERLIN: dict[str, Any] = {
    "name": "berlin", "timezone": "Europe/Berlin",
    "schedule": {"frequency": "daily", "times": ["23:30"]},
    "clock": {"mode": "fixed-offset", "anchor": "2026-01-15"},
    "retention": {
        "daily": {"keep": 30},
        "weekly": {"keep": 12, "days": ["sunday"]},
        "monthly": {"keep": 36, "days_of_month": ["last"]},
        "yearly": {"keep": 7, "months": ["december"], "days_of_month": ["last"]},
    },
}
SYDNEY_WEEKLY: dict[str, Any] = {
    "name": "sydney", "timezone": "Australia/Sydney",
    "schedule": {"frequency": "weekly", "days": ["sunday", "wednesday"], "times": ["21:00"]},
    "clock": {"mode": "fixed-offset", "anchor": "2026-01-15"},
    "retention": {
        "weekly": {"keep": 12, "days": ["sunday"]},
        "monthly": {"keep": 24, "weeks": ["first", "last"], "weekdays": ["sunday"]},
    },
}


def pol(base: dict[str, Any], **retention: Any) -> Policy:
    data = copy.deepcopy(base)
    for tier, value in retention.items():
        if value is None:
            data["retention"].pop(tier, None)
        else:
            data["retention"][tier] = value
    return build_policy(data)


def local(zone: str, *args: int) -> datetime:
    return datetime(*args, tzinfo=BUNDLED.zone(zone)).astimezone(UTC)  # type: ignore[misc]


def at_berlin(old: Policy, new: Policy) -> DiffReport:
    return diff_policies(old, new, local("Europe/Berlin", 2026, 3, 1))


def counts(report: DiffReport, kind: str) -> dict[str, int]:
    return report.counts()[kind]  # type: ignore[index]


def zero() -> dict[str, int]:
    return {"daily": 0, "weekly": 0, "monthly": 0, "yearly": 0}


def test_shorten_daily_30_to_14_prunes_exactly_16_dailies_on_the_day() -> None:
    old = pol(BERLIN, weekly=None, monthly=None)
    report = at_berlin(old, pol(BERLIN, weekly=None, monthly=None, daily={"keep": 14}))
    # Alive at 2026-03-01 00:00 CET: the dailies of 30 Jan..28 Feb; 30 Jan..14 Feb are older
    # than 14 days then, 15..28 Feb stay 14 days from their frame time.
    assert counts(report, "pruned") == {**zero(), "daily": 16}
    assert counts(report, "shortened") == {**zero(), "daily": 14}
    assert counts(report, "unchanged") == {**zero(), "yearly": 7}  # 2019-12-31..2025-12-31
    assert counts(report, "extended") == zero()
    pruned, shortened = report.of_kind("pruned"), report.of_kind("shortened")
    assert report.run(pruned[0]).frame == datetime(2026, 1, 30, 23, 30)
    assert report.run(pruned[-1]).frame == datetime(2026, 2, 14, 23, 30)
    assert all(c.new_expires == seconds_of(report.applied) for c in pruned)
    first = report.run(shortened[0])
    assert first.frame == datetime(2026, 2, 15, 23, 30)
    assert first.expires == datetime(2026, 3, 17, 22, 30, tzinfo=UTC)
    assert shortened[0].new_expires == seconds_of(datetime(2026, 3, 1, 22, 30, tzinfo=UTC))
    vault = vault_change(report)
    assert sum(vault.alive_before.values()) == 37
    assert vault.alive_after == {**zero(), "daily": 14, "yearly": 7}


def test_berlin_example_counts_per_tier_on_real_dates() -> None:
    report = at_berlin(pol(BERLIN), pol(BERLIN, daily={"keep": 14}))
    # Sundays 1, 8, 15, 22 Feb are weekly points and 31 Jan, 28 Feb month-ends: their other
    # tiers keep them, so they do not count as dailies.
    assert counts(report, "pruned") == {**zero(), "daily": 13}
    assert counts(report, "shortened") == {**zero(), "daily": 11}
    assert counts(report, "unchanged") == {"daily": 0, "weekly": 12, "monthly": 33, "yearly": 7}
    vault = vault_change(report)
    assert (vault.peak_before, vault.peak_after) == (78, 64)
    storage = storage_change(report, vault)
    assert storage is None  # neither file has data:


def test_extend_monthly_extends_every_monthly_point() -> None:
    report = at_berlin(pol(BERLIN), pol(BERLIN, monthly={"keep": 48, "days_of_month": ["last"]}))
    # Month-ends March 2023..February 2026 are alive; the three Decembers stay yearly.
    assert counts(report, "extended") == {**zero(), "monthly": 33}
    assert counts(report, "pruned") == counts(report, "shortened") == zero()
    oldest = report.of_kind("extended")[0]
    assert report.run(oldest).frame == datetime(2023, 3, 31, 23, 30)
    assert oldest.new_expires == seconds_of(datetime(2027, 3, 31, 22, 30, tzinfo=UTC))


def test_drop_the_yearly_tier() -> None:
    report = at_berlin(pol(BERLIN), pol(BERLIN, yearly=None))
    # Year-ends now live 36 months: 2019..2022 are past that, 2023..2025 shortened.
    assert counts(report, "pruned") == {**zero(), "yearly": 4}
    assert counts(report, "shortened") == {**zero(), "yearly": 3}
    assert [report.run(c).frame.year for c in report.of_kind("pruned")] == [2019, 2020, 2021,
                                                                           2022]
    kept = report.of_kind("shortened")[0]
    assert kept.new_expires == seconds_of(datetime(2026, 12, 31, 22, 30, tzinfo=UTC))


def test_daily_to_weekly_schedule_prunes_the_daily_points() -> None:
    weekly = copy.deepcopy(BERLIN)
    weekly["schedule"] = {"frequency": "weekly", "days": ["sunday"], "times": ["23:30"]}
    del weekly["retention"]["daily"]
    weekly["retention"]["monthly"] = {"keep": 36, "weeks": ["last"], "weekdays": ["sunday"]}
    weekly["retention"]["yearly"] = {"keep": 7, "months": ["december"], "weeks": ["last"],
                                     "weekdays": ["sunday"]}
    report = at_berlin(pol(BERLIN), build_policy(weekly))
    # A weekly schedule has no daily tier: the daily-only points have no tier left.
    assert counts(report, "pruned") == {**zero(), "daily": 24}
    assert all(not c.new_governing for c in report.of_kind("pruned"))
    assert counts(report, "unchanged") == {"daily": 0, "weekly": 12, "monthly": 33, "yearly": 7}


def test_day_based_to_week_based_monthly_keeps_existing_tiers() -> None:
    week_based = {"keep": 24, "weeks": ["last"], "weekdays": ["sunday"]}
    report = at_berlin(pol(BERLIN), pol(BERLIN, monthly=week_based))
    # Existing month-end points stay monthly points: only the keep (36 -> 24) matters.
    assert counts(report, "pruned") == {**zero(), "monthly": 11}   # 2023-03..2024-02
    assert counts(report, "shortened") == {**zero(), "monthly": 22}  # 2024-03..2026-02
    after = [r for r in report.history if r[INSTANT] >= seconds_of(report.applied)]
    march = {r[INSTANT]: r[BITS] for r in after[:31]}
    last_sunday = seconds_of(datetime(2026, 3, 29, 22, 30, tzinfo=UTC))
    month_end = seconds_of(datetime(2026, 3, 31, 22, 30, tzinfo=UTC))
    assert march[last_sunday] & 4 and not march[month_end] & 4


def test_zone_change_keeps_existing_expiries_and_moves_future_runs() -> None:
    ny = copy.deepcopy(BERLIN) | {"timezone": "America/New_York"}
    applied = local("America/New_York", 2026, 3, 1)
    report = diff_policies(pol(BERLIN), build_policy(ny), applied)
    assert report.zone_changed
    assert counts(report, "pruned") == counts(report, "shortened") == zero()
    assert sum(counts(report, "unchanged").values()) == 76
    first_new = next(r for r in report.history if r[INSTANT] >= seconds_of(applied))
    assert first_new[INSTANT] == seconds_of(datetime(2026, 3, 2, 4, 30, tzinfo=UTC))


def test_weekly_to_daily_schedule_keeps_weekly_points_remaining_retention() -> None:
    daily = copy.deepcopy(SYDNEY_WEEKLY)
    daily["schedule"] = {"frequency": "daily", "times": ["21:00"]}
    daily["retention"]["daily"] = {"keep": 30}
    daily["retention"]["weekly"] = {"keep": 4, "days": ["sunday"]}
    applied = local("Australia/Sydney", 2026, 3, 1)
    report = diff_policies(pol(SYDNEY_WEEKLY), build_policy(daily), applied)
    assert report.schedule_weekly_to_daily
    # Weekly-only Sundays 14, 21 Dec, 11, 18 Jan, 8, 15 Feb keep their 12 weeks.
    assert counts(report, "unchanged")["weekly"] == 6
    assert counts(report, "pruned") == counts(report, "shortened") == zero()
    # Without the rule (weekly stays weekly) the same keep 4 cuts them.
    weekly4 = pol(SYDNEY_WEEKLY, weekly={"keep": 4, "days": ["sunday"]})
    same_schedule = diff_policies(pol(SYDNEY_WEEKLY), weekly4, applied)
    assert counts(same_schedule, "pruned") == {**zero(), "weekly": 4}
    assert counts(same_schedule, "shortened") == {**zero(), "weekly": 2}
    # And with no weekly tier in NEW at all, they are still kept.
    del daily["retention"]["weekly"]
    no_weekly = diff_policies(pol(SYDNEY_WEEKLY), build_policy(daily), applied)
    assert counts(no_weekly, "unchanged")["weekly"] == 6


def test_run_exactly_at_applied_belongs_to_new() -> None:
    applied = datetime(2026, 2, 27, 22, 30, tzinfo=UTC)  # the 23:30 CET run of 27 Feb
    report = diff_policies(pol(BERLIN), pol(BERLIN, daily={"keep": 14}), applied)
    assert all(c.row[INSTANT] < seconds_of(applied) for c in report.changes)
    at = [r for r in report.history if r[INSTANT] == seconds_of(applied)]
    assert len(at) == 1 and at[0][EXPIRES] == seconds_of(applied + timedelta(days=14))


def test_applied_before_from_is_an_error() -> None:
    with pytest.raises(PolicyError, match="not after the vault starts filling on 2026-04-01"):
        diff_policies(pol(BERLIN), pol(BERLIN), local("Europe/Berlin", 2026, 3, 1),
                      start=date(2026, 4, 1))


def test_peak_counts_expiry_before_creation_at_one_instant() -> None:
    rows = [(0, 0, 1, 1, 10, 0, False), (10, 0, 1, 1, 20, 0, False),
            (5, 0, 1, 1, 30, 0, False)]
    assert peak(rows, 0, 40) == (2, 5)
    assert peak(rows, 25, 40) == (1, 25)


# --- a point-by-point reference, written apart from the fast path -------------------------

ORDER = ("daily", "weekly", "monthly", "yearly")


def _duration(policy: Policy, tier: str) -> relativedelta:
    keep = policy.retention.tiers()[tier].keep  # type: ignore[index]
    return {"daily": relativedelta(days=keep), "weekly": relativedelta(weeks=keep),
            "monthly": relativedelta(months=keep), "yearly": relativedelta(years=keep)}[tier]


def reference(old: Policy, new: Policy, applied: datetime, start: date
              ) -> dict[str, dict[str, int]]:
    """Project OLD with ``project`` and judge each point alive at ``applied`` on its own."""
    zone = BUNDLED.zone(old.timezone)
    proj = project(old, start, applied.astimezone(zone).date() + timedelta(days=2))
    anchor = old.clock.anchor or start
    offset = datetime.combine(anchor, time(12), zone).utcoffset()
    assert offset is not None
    w2d = (old.schedule.frequency is Frequency.WEEKLY
           and new.schedule.frequency is Frequency.DAILY and old.retention.weekly is not None)

    def to_instant(frame: datetime) -> datetime:
        if old.clock.mode is ClockMode.FIXED_OFFSET:
            return (frame - offset).replace(tzinfo=UTC)
        return frame.replace(tzinfo=zone).astimezone(UTC)

    out = {k: dict.fromkeys(ORDER, 0) for k in ("pruned", "shortened", "extended",
                                                  "unchanged")}
    for run in proj.runs:
        if not run.retained or run.instant is None or run.instant >= applied:
            continue
        assert run.expires is not None and run.governing is not None
        if run.expires <= applied:
            continue
        left = [t for t in run.tiers
                if t in new.retention.tiers() or (t == "weekly" and w2d)]
        ends = {t: to_instant(run.frame + _duration(old if (t == "weekly" and w2d) else new, t))
                for t in left}
        if not left:
            kind = "pruned"
        else:
            by_tier = new.retention.combine.value == "tier"
            expiry = ends[left[-1]] if by_tier else max(ends.values())
            kind = ("pruned" if expiry <= applied else "shortened" if expiry < run.expires
                    else "extended" if expiry > run.expires else "unchanged")
        out[kind][run.governing] += 1
    return out


@st.composite
def _applied(draw: st.DrawFn, zone_name: str) -> datetime:
    naive = draw(st.datetimes(datetime(2024, 1, 1), datetime(2028, 12, 31)))
    return naive.replace(second=0, microsecond=0, tzinfo=BUNDLED.zone(zone_name)).astimezone(UTC)


@given(old=policies(hourly=True), new=policies(hourly=True), data=st.data())
def test_counts_equal_the_point_by_point_reference(old: Policy, new: Policy,
                                                   data: st.DataObject) -> None:
    applied = data.draw(_applied(new.timezone))
    report = diff_policies(old, new, applied)
    start = report.start.astimezone(BUNDLED.zone(old.timezone)).date()
    assert report.counts() == reference(old, new, applied, start)
    rows = report.history
    assert all(a[INSTANT] <= b[INSTANT] for a, b in pairwise(rows))
    at = seconds_of(applied)
    for c in report.changes:
        assert c.row[INSTANT] < at < c.row[EXPIRES]
        assert (c.kind == "pruned") == (c.new_expires <= at)
    alive = vault_change(report).alive_after
    assert sum(alive.values()) == sum(1 for r in rows if r[GOVERNING]
                                      and r[INSTANT] <= at < r[EXPIRES])
