"""Dates on the command line and in policies stay within the years the tool answers for."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from policy.cli.main import cli
from tests.conftest import EXAMPLES
from tests.model.test_models import BASE, problems, with_

POLICY = str(EXAMPLES / "compliance-7-years.yaml")


@pytest.mark.parametrize(("args", "message"), [
    (["project", POLICY, "--from", "9999-01-01", "--to", "9999-12-31"],
     "--from 9999-01-01 is outside the supported dates 1900-01-01 to 2200-12-31"),
    (["project", POLICY, "--from", "0001-01-01", "--years", "1"], "--from 0001-01-01"),
    (["drift", POLICY, "--from", "2199-01-01", "--years", "5"],
     "the horizon's end (--from + --years) 2204-01-01 is outside"),
    (["next", POLICY, "--after", "0001-01-01"], "--after 0001-01-01 is outside"),
    (["project", POLICY, "--from", "2026-01-01", "--as-of", "9999-01-01"],
     "--as-of 9999-01-01 is outside"),
])
def test_out_of_range_dates_exit_2_with_a_message(args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("anchor", ["1899-12-31", "2201-01-01", "9999-12-31"])
def test_anchor_outside_supported_dates(anchor: str) -> None:
    found = problems(with_(BASE, "clock", {"anchor": anchor}))
    assert found["clock.anchor"] == (f"{anchor} is outside the supported dates 1900-01-01 to "
                                     "2200-12-31")


@pytest.mark.parametrize("args", [
    ["check", POLICY, "--from", "20260101"],
    ["check", POLICY, "--years", "٣"],
    ["diff", POLICY, POLICY, "--applied", "20260301"],
    ["diff", POLICY, POLICY, "--applied", "2026-03-01", "--from", "20250101"],
    ["suggest", str(EXAMPLES / "requirements" / "berlin-month-ends.yaml"), "--from", "2026-W03-4"],
])
def test_new_commands_parse_dates_and_numbers_like_the_others(args: list[str]) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert ("is not a date" in result.stderr or "is not a whole number" in result.stderr
            or "is not a date-time" in result.stderr), result.stderr
