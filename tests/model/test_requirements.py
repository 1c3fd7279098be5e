"""The ``requirements:`` section (SPEC §9): values, field paths in errors, round trips."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy.files import document as files
from policy.model.durations import Depth, Span
from policy.model.errors import PolicyError, PolicyInvalid
from policy.model.models import Policy
from policy.model.requirements import Every, Requirement
from policy.model.validation import build_policy
from tests.model.test_models import BASE
from tests.strategies import requirement_data


def reqs(*items: Any) -> dict[str, Any]:
    return {**BASE, "requirements": list(items)}


def problems(*items: Any) -> dict[str, str]:
    with pytest.raises(PolicyInvalid) as info:
        build_policy(reqs(*items))
    return {p.loc: p.message for p in info.value.problems}


def test_every_kind_parses() -> None:
    policy = build_policy(reqs(
        {"every": "month", "day": "last", "for": "84 months", "grace": "1h"},
        {"every": "week", "day": "sunday", "for": "12 weeks"},
        {"every": "month", "day": 15, "months": ["june"], "for": "7 years", "label": "FY"},
        {"rpo": "25h"}, {"max_age": "10 years"}, {"max_points": 500}))
    cov, week, fiscal, rpo, age, points = policy.requirements
    assert (cov.every, cov.day, cov.depth, cov.grace.minutes) == (
        Every.MONTH, "last", Depth(84, "months"), 60)
    assert week.day == "sunday" and fiscal.day == 15 and fiscal.label == "FY"
    assert [r.kind for r in policy.requirements] == [
        "coverage", "coverage", "coverage", "rpo", "max_age", "max_points"]
    assert rpo.rpo == Span(25, "h") and rpo.rpo.minutes == 1500
    assert age.max_age == Depth(10, "years") and points.max_points == 500
    assert BASE.get("requirements") is None and build_policy(BASE).requirements == ()


@pytest.mark.parametrize(("item", "loc", "words"), [
    ({"every": "week", "day": 15, "for": "2 weeks"}, "requirements[0].day",
     "day 15 is a day of the month, which only every: month allows"),
    ({"every": "year", "day": "monday", "for": "3 years"}, "requirements[0].day",
     "only every: week allows"),
    ({"every": "month", "day": 31, "for": "1 year"}, "requirements[0].day", "use last"),
    ({"every": "month", "for": "84 month", "grace": "1x"}, "requirements[0].grace",
     "'1x' is not a grace"),
    ({"every": "month", "for": "eighty"}, "requirements[0].for", "'eighty' is not a duration"),
    ({"every": "day", "for": "0 days"}, "requirements[0].for", "1 to 36600 days"),
    ({"every": "fortnight", "for": "3 days"}, "requirements[0].every", "'fortnight'"),
    ({"every": "month"}, "requirements[0]", "every: month needs for"),
    ({"rpo": "25h", "max_points": 3}, "requirements[0]", "got rpo, max_points"),
    ({}, "requirements[0]", "got none"),
    ({"rpo": "25h", "day": "last"}, "requirements[0].day", "coverage requirements only"),
    ({"max_age": "1 year", "for": "3 days"}, "requirements[0].for", "coverage requirements"),
    ({"every": "day", "months": ["june"], "for": "3 days"}, "requirements[0].months",
     "month periods only"),
    ({"every": "month", "for": "3 days", "on": "last"}, "requirements[0].on",
     "allowed here: every, day, months, for, grace"),
    ({"rpo": "0m"}, "requirements[0].rpo", "out of range"),
    ({"max_points": 0}, "requirements[0].max_points", "0 is out of range"),
    ({"max_points": True}, "requirements[0].max_points", "not a whole number"),
    (3, "requirements[0]", "expected a mapping"),
])
def test_errors_name_the_field_the_value_and_what_is_allowed(item: Any, loc: str,
                                                              words: str) -> None:
    found = problems({"rpo": "1h"}, item)
    loc = loc.replace("[0]", "[1]")
    assert loc in found, found
    assert words in found[loc]


def test_error_positions_come_from_the_file() -> None:
    text = ("name: t\ntimezone: UTC\nschedule: {frequency: daily, times: ['21:00']}\n"
            "retention:\n  daily: {keep: 30}\nrequirements:\n  - rpo: 25h\n"
            "  - every: week\n    day: 15\n    for: 2 weeks\n")
    with pytest.raises(PolicyInvalid) as info:
        files.loads(text, "p.yaml")
    (p,) = info.value.problems
    assert (p.loc, p.line, p.column) == ("requirements[1].day", 9, 10)


@pytest.mark.parametrize("fmt", ["yaml", "toml", "json"])
def test_requirements_round_trip_in_every_format(fmt: str) -> None:
    policy = build_policy(reqs(
        {"every": "month", "day": "last", "for": "84 months", "grace": "31m"},
        {"every": "week", "day": "sunday", "for": "1 week", "label": "Sundays"},
        {"every": "month", "day": 1, "months": ["june", "december"], "for": "7 years"},
        {"rpo": "2d"}, {"max_age": "10 years"}, {"max_points": 500}))
    text = files.dumps(policy, fmt)  # type: ignore[arg-type]
    assert files.loads(text, "p", fmt).policy == policy  # type: ignore[arg-type]
    data = files.to_data(policy)["requirements"]
    assert data[0] == {"every": "month", "day": "last", "for": "84 months", "grace": "31m"}
    assert data[1]["for"] == "1 week" and data[3] == {"rpo": "2d"}


def test_yaml_save_keeps_requirements_and_their_comments() -> None:
    text = ("name: t\ntimezone: UTC\nschedule: {frequency: daily, times: ['21:00']}\n"
            "retention:\n  daily: {keep: 30}\nrequirements:\n"
            "  - every: day   # audit rule 4.2\n    for: 30 days\n")
    loaded = files.loads(text, "p.yaml")
    assert files.dumps(loaded.policy, "yaml", loaded.tree) == text
    changed = loaded.policy.model_copy(update={"name": "u"})
    assert "# audit rule 4.2" in files.dumps(changed, "yaml", loaded.tree)


def test_schema_describes_requirements() -> None:
    schema = Policy.model_json_schema()
    req = schema["$defs"]["Requirement"]
    assert {"every", "day", "months", "for", "grace", "rpo", "max_age", "max_points",
            "label"} == set(req["properties"])
    assert all(p.get("description") for p in req["properties"].values())
    assert req["properties"]["grace"]["default"] == "0m"
    assert schema["properties"]["requirements"]["default"] == []


@given(st.lists(requirement_data(short=False), max_size=4))
def test_generated_requirements_are_valid_and_round_trip(items: list[dict[str, Any]]) -> None:
    policy = build_policy(reqs(*items))
    assert files.loads(files.dumps(policy, "yaml"), "p.yaml").policy == policy


@given(st.dictionaries(st.sampled_from(["every", "day", "for", "grace", "rpo", "max_age",
                                        "max_points", "months", "label", "x"]),
                       st.one_of(st.none(), st.integers(-5, 40), st.text(max_size=8),
                                 st.sampled_from(["month", "last", "3 days", "1h", "june"]),
                                 st.lists(st.sampled_from(["june", "x", 3]), max_size=3))))
def test_garbage_raises_only_policy_errors(item: dict[str, Any]) -> None:
    with contextlib.suppress(PolicyError):
        build_policy(reqs(item))


def test_requirement_models_are_frozen() -> None:
    r = Requirement.model_validate({"rpo": "25h"})
    with pytest.raises(ValueError, match="frozen"):
        r.rpo = None  # type: ignore[misc]
