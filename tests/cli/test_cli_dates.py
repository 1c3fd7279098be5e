"""Dates on the command line and in policies stay within the years the tool answers for."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from policy.cli.common import DateOption
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


def test_every_date_option_is_a_date_and_says_so_the_same_way() -> None:
    """--from/--to of every command: the one DATE type (parsed by click, so the same error
    text everywhere), the metavar DATE and defaults written [default: ...]."""
    import click

    def commands(group: click.Group) -> list[click.Command]:
        found: list[click.Command] = []
        for command in group.commands.values():
            found += commands(command) if isinstance(command, click.Group) else [command]
        return found

    seen = 0
    for command in commands(cli):
        for param in command.params:
            if not {"--from", "--to"} & set(getattr(param, "opts", ())):
                continue
            seen += 1
            assert isinstance(param.type, DateOption), (command.name, param.opts)
            assert param.make_metavar(click.Context(command)) == "DATE"
            assert "[default: " in (param.help or "") and "(default" not in param.help
    assert seen == 10  # project, check, drift, export powershell: 2; suggest, diff: 1
