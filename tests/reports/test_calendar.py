"""``retention calendar``: fits 80 columns and reads without colour."""

from __future__ import annotations

from click.testing import CliRunner

from policy.cli.main import cli
from tests.conftest import EXAMPLES


def _calendar(name: str, year: str) -> str:
    result = CliRunner(env={"NO_COLOR": "1"}).invoke(
        cli, ["calendar", str(EXAMPLES / name), "--year", year])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_fits_80_columns_and_has_every_month() -> None:
    out = _calendar("berlin-file-server.yaml", "2026")
    assert max(len(line) for line in out.splitlines()) <= 80
    for month in ("January 2026", "June 2026", "December 2026"):
        assert month in out
    assert "tzdata" in out
    assert "\x1b[" not in out  # no colour codes when piped / NO_COLOR


def test_berlin_summer_days_are_marked_as_drifting_with_tier_letters() -> None:
    lines = _calendar("berlin-file-server.yaml", "2026").splitlines()
    # Sunday 29 March's run lands on Monday 30 March 00:30 CEST: the weekly point moves.
    march = next(i for i, line in enumerate(lines) if line.startswith("March 2026"))
    block = "\n".join(lines[march:march + 8])
    assert "30w~" in block
    assert "29  " in block  # nothing is taken on the Sunday itself
    december = next(i for i, line in enumerate(lines) if "December 2026" in line)
    assert "31y" in "\n".join(lines[december:december + 8])
    assert lines[-3:] == [
        "highest tier taken that day: d daily  w weekly  m monthly  y yearly",
        "- a run, not kept  ! a run skipped (its planned time does not exist)",
        "~ a run drifts (actual local time or date is not the planned one)"]


def test_skipped_runs_are_marked() -> None:
    out = _calendar("new-york-three-a-day.yaml", "2026")
    assert "~" in out  # the 02:00 run of 8 March is shifted to 03:00


def test_a_run_that_is_no_point_is_marked_with_the_not_kept_symbol(tmp_path: object) -> None:
    from pathlib import Path

    from policy.reports.calendar import SYMBOLS

    path = Path(str(tmp_path)) / "weekly.yaml"
    path.write_text("name: weekly\ntimezone: Europe/London\nschedule: {frequency: weekly, "
                    "days: [sunday, wednesday], times: ['21:00']}\nclock: {anchor: 2026-01-15}"
                    "\nretention:\n  weekly: {keep: 4, days: [sunday]}\n", encoding="utf-8")
    result = CliRunner(env={"NO_COLOR": "1"}).invoke(cli, ["calendar", str(path), "--year",
                                                           "2026"])
    assert result.exit_code == 0, result.output
    january = result.stdout.splitlines()
    start = next(i for i, line in enumerate(january) if line.startswith("January 2026"))
    block = "\n".join(january[start:start + 8])
    # Wednesday 7 January runs but keeps nothing; Sunday 4 January is a weekly point.
    assert f" 7{SYMBOLS['not-kept']}" in block and " 4w" in block
