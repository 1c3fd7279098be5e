"""The storage model of SPEC §12: the share formula, the steady-state peak by hand, growth,
compression, billing units, the monthly series, and the incremental sweep against a
brute-force recomputation at every event."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy.engine.billing import gb_months, instance_units, is_small, monthly_cost
from policy.engine.offsets import DAY, seconds_of
from policy.engine.projection import project
from policy.engine.storage import ChangeModel, held_gb, points_of, share, timeline
from policy.engine.storage_report import storage_report, value_at, window_series
from policy.files.document import load
from policy.model.errors import PolicyInvalid
from policy.model.models import TIER_NAMES, Data, Policy, Pricing
from policy.model.validation import build_policy
from tests.conftest import EXAMPLES
from tests.strategies import policies

# --- the share formula at its limits ------------------------------------------------------


def test_no_gap_costs_nothing() -> None:
    assert share(0, 0.02, 0.10) == 0.0
    assert share(0, 0.10, 0.10) == 0.0  # r = h: 0**0 must not count as a change


def test_one_day_costs_one_day_of_change() -> None:
    assert share(1, 0.02, 0.10) == pytest.approx(0.02, rel=1e-12)
    assert share(1, 0.25, 1.0) == pytest.approx(0.25, rel=1e-12)


def test_no_change_costs_nothing_whatever_the_gap() -> None:
    assert share(365, 0.0, 0.10) == 0.0
    assert share(365, 0.0, 0.0) == 0.0


def test_change_equal_to_hot_set_rewrites_it_in_a_day() -> None:
    for gap in (0.5, 1, 7, 400):
        assert share(gap, 0.05, 0.05) == pytest.approx(0.05)


def test_hot_set_of_100_percent_is_the_random_block_model() -> None:
    assert share(30, 0.02, 1.0) == pytest.approx(1 - 0.98**30, rel=1e-12)


def test_a_month_costs_most_of_the_hot_set_and_nothing_costs_more() -> None:
    assert share(30, 0.02, 0.10) == pytest.approx(0.10 * (1 - 0.8**30), rel=1e-12)
    assert 0.0998 < share(30, 0.02, 0.10) < 0.10
    assert share(10_000, 0.02, 0.10) <= 0.10


def test_real_valued_gaps_from_instants() -> None:
    model = ChangeModel(0.02, 0.10)
    assert model.share(DAY // 2) == pytest.approx(0.10 * (1 - 0.8**0.5), rel=1e-12)


@given(st.floats(0, 5000), st.floats(0.001, 1), st.floats(0, 1))
def test_share_is_bounded_by_hot_set_and_monotone(gap: float, hot: float, ratio: float) -> None:
    change = hot * ratio
    assert 0.0 <= share(gap, change, hot) <= hot + 1e-15
    assert share(gap, change, hot) <= share(gap + 1, change, hot) + 1e-15


# --- the data: section --------------------------------------------------------------------


def test_hot_percent_defaults_to_five_times_the_change_capped_at_100() -> None:
    assert Data(size_gb=1, daily_change_percent=2).hot == 10
    assert Data(size_gb=1, daily_change_percent=30).hot == 100
    assert Data(size_gb=1, daily_change_percent=2, hot_percent=40).hot == 40


def _compliance(data: dict[str, float]) -> Policy:
    doc = load(EXAMPLES / "compliance-7-years.yaml").policy.model_dump(mode="json")
    return build_policy({**doc, "data": data})


def test_hot_set_smaller_than_the_daily_change_is_an_error_naming_both() -> None:
    with pytest.raises(PolicyInvalid) as err:
        _compliance({"size_gb": 800, "daily_change_percent": 5, "hot_percent": 2})
    (problem,) = err.value.problems
    assert problem.loc == "data"
    assert "hot_percent 2 is less than daily_change_percent 5" in problem.message


@pytest.mark.parametrize(("field", "value"), [("compression_percent", 100),
                                              ("hot_percent", 0), ("hot_percent", 101),
                                              ("yearly_growth_percent", -60)])
def test_out_of_range_inputs_name_field_and_value(field: str, value: float) -> None:
    with pytest.raises(PolicyInvalid) as err:
        _compliance({"size_gb": 800, "daily_change_percent": 0, field: value})
    (problem,) = err.value.problems
    assert problem.loc == f"data.{field}"
    assert f"{value} is out of range" in problem.message


# --- the steady-state peak of the compliance example, by hand -------------------------------


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def test_compliance_example_peak_by_hand() -> None:
    """800 GB, 2 %/day (hot set 10 %), run daily 22:00 London frozen at +00:00.

    At 2033-09-29 22:00Z the vault holds: the month-ends of 2026-09-30 … 2033-07-31 (the
    84-month tier; 2033-08-31 is also a daily), the Saturdays 08-06, 08-13, 08-20 (the
    8-week tier beyond the dailies), and the 35 dailies 08-26 … 09-29: 121 points.
    """
    proj = project(_compliance({"size_gb": 800, "daily_change_percent": 2}),
                   date(2026, 1, 1), date(2027, 1, 1))
    report = storage_report(proj, proj.end)
    assert report is not None
    days = [_month_end(2026 + (8 + k) // 12, (8 + k) % 12 + 1) for k in range(83)]
    assert days[0] == date(2026, 9, 30) and days[-1] == date(2033, 7, 31)
    days += [date(2033, 8, 6), date(2033, 8, 13), date(2033, 8, 20)]
    days += [date(2033, 8, 26) + timedelta(days=k) for k in range(35)]
    assert len(days) == 121 == proj.peak_alive
    gb = 800.0 + sum(800 * 0.10 * (1 - 0.8 ** (b - a).days)
                     for a, b in pairwise(days))
    assert report.peak_gb == pytest.approx(gb, rel=1e-9)
    assert report.peak_at == datetime(2033, 9, 29, 22, tzinfo=UTC)
    assert 8_100 < report.peak_gb < 8_200  # the "~8,100 GB in 2033"
    # The first year is far from steady state: sizing from it runs out of space.
    assert report.as_of_gb < report.peak_gb / 3
    assert report.instances == 2 and not report.small_instance


def test_growth_and_compression_by_hand() -> None:
    """Daily keep 7 at 00:00 UTC: at day 10 the points of days 4…10 are alive."""
    policy = build_policy({
        "name": "g", "timezone": "UTC", "schedule": {"frequency": "daily", "times": ["00:00"]},
        "retention": {"daily": {"keep": 7}},
        "data": {"size_gb": 100, "daily_change_percent": 10, "hot_percent": 50,
                 "yearly_growth_percent": 20, "compression_percent": 40}})
    proj = project(policy, date(2026, 1, 1), date(2026, 2, 1))
    at = datetime(2026, 1, 11, 12, tzinfo=UTC)
    report = storage_report(proj, at)
    assert report is not None

    def size(day: int) -> float:
        return 100 * 1.2 ** (day / 365.25)

    one_day = 0.5 * (1 - (1 - 0.1 / 0.5))  # = 0.1
    expected = (size(4) + sum(size(d) * one_day for d in range(5, 11))) * 0.6
    assert report.as_of_gb == pytest.approx(expected, rel=1e-12)
    assert report.size_gb == pytest.approx(100 * 1.2 ** (10.5 / 365.25), rel=1e-12)
    assert report.inputs == {"size_gb": 100.0, "daily_change_percent": 10.0,
                             "hot_percent": 50.0, "yearly_growth_percent": 20.0,
                             "compression_percent": 40.0}


# --- billing --------------------------------------------------------------------------------


@pytest.mark.parametrize(("gb", "units", "small"), [
    (1, 1, True), (50, 1, True), (50.01, 1, False), (500, 1, False), (501, 2, False),
    (1000, 2, False), (1001, 3, False), (1500, 3, False), (1500.5, 4, False)])
def test_instance_units_at_the_boundaries(gb: float, units: int, small: bool) -> None:
    assert instance_units(gb) == units
    assert is_small(gb) is small


def test_cost_only_with_prices_and_the_small_instance_price() -> None:
    assert monthly_cost(None, 800, 1000) is None
    assert monthly_cost(Pricing(), 800, 1000) is None
    cost = monthly_cost(Pricing(instance=10, gb_month=0.02, currency="EUR"), 1001, 2000)
    assert cost is not None and (cost.instances, cost.storage) == (30, 40)
    assert cost.total == 70 and cost.currency == "EUR"
    small = monthly_cost(Pricing(instance=10, small_instance=5), 40, 100)
    assert small is not None and small.instances == 5 and small.storage is None


def test_gb_months_integrate_the_steps() -> None:
    month = DAY * 365.25 / 12
    xs, gbs = [0, int(month)], [100.0, 300.0]
    assert gb_months(xs, gbs, 0, int(2 * month)) == pytest.approx(400, rel=1e-6)
    assert gb_months(xs, gbs, -int(month), int(month)) == pytest.approx(100, rel=1e-6)


# --- the monthly series ---------------------------------------------------------------------


def test_series_has_one_entry_per_local_month_start_of_the_horizon() -> None:
    policy = _compliance({"size_gb": 800, "daily_change_percent": 2})
    proj = project(policy, date(2026, 1, 1), date(2027, 1, 1))
    report = storage_report(proj, proj.end)
    assert report is not None
    assert [s.month for s in report.series] == [f"2026-{m:02d}" for m in range(1, 13)]
    assert all(list(s.points) == list(TIER_NAMES) for s in report.series)
    first, feb = report.series[0], report.series[1]
    assert first.gb == 0.0 and sum(first.points.values()) == 0  # the vault is empty at start
    assert feb.at == datetime(2026, 2, 1, tzinfo=UTC)
    assert sum(feb.points.values()) == sum(proj.alive_by_tier(feb.at).values())
    mid = project(policy, date(2026, 1, 15), date(2027, 1, 15))
    later = storage_report(mid, mid.end)
    assert later is not None  # a mid-month start: the first sample is the next month
    assert [s.month for s in later.series] == [f"2026-{m:02d}" for m in range(2, 13)] + [
        "2027-01"]


def test_window_series_reaches_the_steady_state() -> None:
    proj = project(_compliance({"size_gb": 800, "daily_change_percent": 2}),
                   date(2026, 1, 1), date(2027, 1, 1))
    series = window_series(proj)
    assert series[-1].month == "2034-02"  # the window ends 2034-02-18
    assert max(s.gb or 0 for s in series) > 8_000
    report = storage_report(proj, proj.end)
    assert report is not None and report.fill_series == series
    longer = project(proj.policy, date(2026, 1, 1), date(2040, 1, 1))  # horizon past the window
    again = storage_report(longer, longer.end)
    assert again is not None and again.peak_gb == pytest.approx(report.peak_gb, rel=1e-12)
    assert [s.month for s in again.fill_series] == [s.month for s in series]
    assert [s.gb for s in again.fill_series] == pytest.approx([s.gb for s in series])


# --- incremental sweep = brute force --------------------------------------------------------


def _reference(points: list[tuple[int, int, float]], at: int, change: float, hot: float,
               compression: float) -> float:
    """Written apart from the engine: the alive set at ``at`` priced from scratch. Points
    at one instant hold the same data (gap 0): ties are ordered by expiry, then size."""
    alive = [(t, s) for t, e, s in sorted(points) if t <= at < e]
    total = 0.0
    for k, (t, s) in enumerate(alive):
        if k == 0:
            total += s
            continue
        g = (t - alive[k - 1][0]) / 86_400
        if g > 0 and change > 0:
            total += s * (hot if change >= hot else hot * (1 - (1 - change / hot) ** g))
    return total * (1 - compression)


point_sets = st.lists(st.tuples(st.integers(0, 40), st.integers(1, 30),
                                st.floats(1, 1000)), max_size=25)


@given(point_sets, st.floats(0, 0.5), st.floats(0.01, 1), st.floats(0, 0.9))
def test_sweep_equals_brute_force_on_any_point_set(raw: list[tuple[int, int, float]],
                                                   change: float, hot: float,
                                                   compression: float) -> None:
    change = min(change, hot)
    # Half-day grid: ties between arrivals, and expiries at another point's arrival.
    points = [(t * DAY // 2, (t + d) * DAY // 2, s) for t, d, s in raw]
    model = ChangeModel(change, hot, compression)
    xs, gbs = timeline(points, model)
    events = sorted({p[0] for p in points} | {p[1] for p in points})
    assert xs == events
    for x, gb in zip(xs, gbs, strict=True):
        ref = _reference(points, x, change, hot, compression)
        assert gb == pytest.approx(ref, rel=1e-9, abs=1e-9)
        assert held_gb(points, x, model) == pytest.approx(ref, rel=1e-9, abs=1e-9)


@given(policies(), st.sampled_from([0.5, 2.5, 10]), st.sampled_from([None, 30, 100]),
       st.sampled_from([0, 15]))
def test_sweep_equals_brute_force_on_projected_policies(policy: Policy, change: float,
                                                        hot: float | None,
                                                        growth: float) -> None:
    data = Data(size_gb=500, daily_change_percent=change, hot_percent=hot,
                yearly_growth_percent=growth, compression_percent=30)
    policy = policy.model_copy(update={"data": data})
    proj = project(policy, date(2026, 1, 1), date(2026, 4, 1))
    start = seconds_of(proj.start)
    points = points_of(proj.rows, data, start)
    steps = timeline(points, ChangeModel.of(data))
    for x in steps[0][:: max(1, len(steps[0]) // 40)]:
        ref = _reference(points, x, change / 100, data.hot / 100, 0.3)
        assert value_at(steps, x) == pytest.approx(ref, rel=1e-9, abs=1e-9)
    report = storage_report(proj, proj.end)
    assert report is not None
    ref_end = _reference(points, seconds_of(proj.end), change / 100, data.hot / 100, 0.3)
    assert report.as_of_gb == pytest.approx(ref_end, rel=1e-9, abs=1e-9)
    assert report.peak_gb >= report.as_of_gb - 1e-9 or proj.end > proj.window_end


def test_without_data_there_is_no_estimate() -> None:
    proj = project(load(EXAMPLES / "compliance-7-years.yaml").policy,
                   date(2026, 1, 1), date(2026, 3, 1))
    assert storage_report(proj, proj.end) is None
    assert all(s.gb is None for s in window_series(proj))
