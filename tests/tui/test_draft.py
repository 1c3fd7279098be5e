"""The draft behind the form (plain data edits), the session's files, zone completion."""

from __future__ import annotations

import copy
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from policy.model.validation import build_policy
from tests.tui.conftest import TODAY
from tui import draft
from tui.session import Session
from tui.widgets.zone_input import ZoneSuggester


def test_template_is_a_valid_policy() -> None:
    policy = build_policy(draft.template(TODAY))
    assert policy.clock.anchor == TODAY and set(policy.retention.tiers()) == {
        "daily", "weekly", "monthly", "yearly"}


def test_put_and_remove_report_changes() -> None:
    data: dict[str, object] = {"a": {"b": 1}}
    assert not draft.put(data, ("a", "b"), 1)
    assert draft.put(data, ("a", "c"), [1])
    assert draft.put(data, ("a", "b"), draft.MISSING)
    assert not draft.put(data, ("a", "b"), draft.MISSING)
    assert not draft.put(data, ("x", "y"), draft.MISSING)
    assert data == {"a": {"c": [1]}}


def test_text_parsers_keep_bad_text_for_validation() -> None:
    assert draft.parse_int(" 30 ") == 30
    assert draft.parse_int("3o") == "3o"
    # A long number stays a number (validation names the range), a huge one stays text.
    assert draft.parse_int("123412341234") == 123412341234
    assert draft.parse_int("9" * 5000) == "9" * 5000
    assert draft.parse_int("", optional=True) is draft.MISSING
    assert draft.parse_list("21:00, 02:30") == ["21:00", "02:30"]
    assert draft.parse_list(" ", optional=True) is draft.MISSING
    assert draft.parse_days_of_month("1, 15 LAST") == [1, 15, "last"]
    assert draft.parse_date("2026-01-15") == date(2026, 1, 15)
    assert draft.parse_date("15.01.2026") == "15.01.2026"
    assert draft.parse_float("2.5") == 2.5 and draft.parse_float("x") == "x"


@given(st.lists(st.sampled_from(["21:00", "02:30", "last", "7"]), max_size=4))
def test_show_then_parse_round_trips_lists(values: list[str]) -> None:
    assert draft.parse_list(draft.show(values)) == values


def test_tier_off_then_on_restores_it() -> None:
    data = draft.template(TODAY)
    stash: dict[str, dict[str, object]] = {}
    data["retention"]["monthly"]["keep"] = 60
    assert draft.set_tier(data, "monthly", False, stash)
    assert "monthly" not in data["retention"]
    assert draft.set_tier(data, "monthly", True, stash)
    assert data["retention"]["monthly"] == {"keep": 60, "days_of_month": ["last"]}
    assert not draft.set_tier(data, "monthly", True, stash)


def test_weekly_schedule_gets_week_based_tiers() -> None:
    data = draft.template(TODAY)
    draft.set_frequency(data, "weekly")
    assert data["schedule"]["days"] == ["sunday"]
    assert draft.tier_default(data, "yearly") == {
        "keep": 7, "months": ["december"], "weeks": ["last"], "weekdays": ["sunday"]}
    assert not draft.set_placement(data, "monthly", True)  # converted by set_frequency
    assert data["retention"]["monthly"] == {"keep": 36, "weeks": ["last"],
                                            "weekdays": ["sunday"]}
    draft.set_tier(data, "daily", False, {})
    assert build_policy(data).schedule.frequency.value == "weekly"
    draft.set_frequency(data, "daily")
    assert "days" not in data["schedule"]


def test_fixed_offset_drops_wall_clock_rules() -> None:
    data = draft.template(TODAY)
    draft.set_mode(data, "wall-clock")
    draft.put(data, ("clock", "gap"), "skip")
    draft.set_mode(data, "fixed-offset")
    assert "gap" not in data["clock"]


def test_field_path_strips_indices() -> None:
    assert draft.field_path("retention.weekly.days[1]") == ("retention", "weekly", "days")


async def test_zone_suggester_completes_iana_and_windows() -> None:
    suggester = ZoneSuggester()
    assert await suggester.get_suggestion("america/new") == "America/New_York"
    assert await suggester.get_suggestion("w. europe") == "W. Europe Standard Time"
    assert await suggester.get_suggestion("") is None


def test_session_open_missing_file_is_a_new_policy(tmp_path) -> None:  # type: ignore[no-untyped-def]
    session = Session.open(str(tmp_path / "nope.yaml"), TODAY)
    assert session.path is None and session.load_problems[0].loc == "(file)"
    assert session.validate()[0] is not None


def test_volumes_text_round_trips_and_keeps_bad_parts() -> None:
    from tui.volumes import parse_volumes, show_volumes

    assert parse_volumes("D: 800, E: 200") == [{"name": "D:", "size_gb": 800},
                                               {"name": "E:", "size_gb": 200}]
    assert parse_volumes("D:800GB, /mnt/disk2 12.5 gb") == [
        {"name": "D:", "size_gb": 800}, {"name": "/mnt/disk2", "size_gb": 12.5}]
    assert parse_volumes(" , ") is draft.MISSING
    # What does not read as "name size" stays, so validation points at that part.
    assert parse_volumes("D: lots, E:, 300") == [
        {"name": "D:", "size_gb": "lots"}, {"name": "E:"}, {"size_gb": 300}]
    assert show_volumes([{"name": "D:", "size_gb": 800.0}, {"name": "E:", "size_gb": 2.5}]) \
        == "D: 800, E: 2.5"


def test_weekly_and_back_restores_the_retention() -> None:
    data = draft.template(TODAY)
    before = copy.deepcopy(data["retention"])
    stash: dict[str, dict[str, object]] = {}
    assert draft.switch_frequency(data, "weekly", stash)
    assert "daily" not in data["retention"]
    assert data["retention"]["monthly"] == {"keep": 36, "weeks": ["last"],
                                            "weekdays": ["sunday"]}
    build_policy(data)  # valid as it is
    assert draft.switch_frequency(data, "daily", stash)
    assert data["retention"] == before
    # After an edit in between, only the daily tier comes back.
    draft.switch_frequency(data, "weekly", stash)
    data["retention"]["weekly"]["keep"] = 20
    draft.switch_frequency(data, "daily", stash)
    assert data["retention"]["daily"] == {"keep": 30}
    assert data["retention"]["monthly"]["weeks"] == ["last"]
    build_policy(data)


def test_machine_switch_restores_what_it_removed() -> None:
    data = draft.template(TODAY)
    stash: dict[str, dict[str, object]] = {}
    assert draft.set_machine(data, True, stash)
    assert data["machine"] == {"os": "Windows Server 2022"}
    data["machine"]["cache_free_gb"] = 50
    assert draft.set_machine(data, False, stash) and "machine" not in data
    assert draft.set_machine(data, True, stash)
    assert data["machine"] == {"os": "Windows Server 2022", "cache_free_gb": 50}


def test_hourly_and_back_keeps_a_valid_policy() -> None:
    data = draft.template(TODAY)
    stash: dict[str, dict[str, object]] = {}
    assert draft.switch_frequency(data, "hourly", stash)
    assert data["schedule"] == {"frequency": "hourly", "every_hours": 4,
                                "window_start": "22:00", "window_hours": 16}
    assert (data["target"], data["policy_type"]) == ("azure-vm", "enhanced")
    policy = build_policy(data)
    assert len(policy.schedule.times) == 4
    assert draft.switch_frequency(data, "daily", stash)
    assert data["schedule"] == {"frequency": "daily", "times": ["22:00"]}
    assert build_policy(data).schedule.times == policy.schedule.times[-1:]
