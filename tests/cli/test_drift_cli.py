"""``retention drift`` and ``retention next`` as a user runs them, and ``validate --strict``
failing on the SPEC §3 drift warning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy.cli.main import cli
from tests.conftest import EXAMPLES

BERLIN = str(EXAMPLES / "berlin-file-server.yaml")
NOON = """\
name: noon
timezone: Europe/Berlin
schedule: {frequency: daily, times: ["12:00"]}
clock: {anchor: 2026-01-15}
retention:
  daily: {keep: 30}
"""
NY_SKIP = """\
name: ny-skip
timezone: America/New_York
schedule: {frequency: daily, times: ["02:30"]}
clock: {mode: wall-clock, gap: skip}
retention:
  daily: {keep: 30}
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, text: str, name: str = "p.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_drift_json_has_the_spec_keys() -> None:
    code, out, err = run("drift", BERLIN, "--from", "2026-01-01", "--to", "2027-01-01",
                         "--format", "json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert list(doc) == ["policy", "timezone", "tzdata", "mode", "frozen_offset",
                         "transitions", "runs", "periods", "remedies"]
    assert (doc["mode"], doc["frozen_offset"]) == ("fixed-offset", "+01:00")
    assert doc["tzdata"].endswith("(bundled)")
    assert doc["transitions"][0] == {
        "at": "2026-03-29T01:00:00Z", "local_before": "2026-03-29T02:00:00",
        "local_after": "2026-03-29T03:00:00", "offset_before": "+01:00",
        "offset_after": "+02:00", "kind": "gap", "minutes": 60}
    assert doc["runs"][0] == {
        "frame": "2026-03-29T23:30:00", "instant": "2026-03-29T22:30:00Z",
        "local": "2026-03-30T00:30:00+02:00", "drift_minutes": 60,
        "flags": ["shifted", "date-changed", "weekday-changed"], "tiers": ["daily", "weekly"]}
    assert doc["periods"] == [{
        "first": "2026-03-29", "last": "2026-10-24", "drift_minutes": 60,
        "flags": ["shifted", "date-changed", "weekday-changed", "month-changed"],
        "affected": {"daily": 210, "weekly": 30, "monthly": 7, "yearly": 0}}]
    assert doc["remedies"] == {
        "reanchor": [{"date": "2026-03-29", "offset": "+02:00"},
                     {"date": "2026-10-25", "offset": "+01:00"}],
        "robust_times": [{"time": "23:30", "robust": False, "suggest": ["22:30", "00:00"]}]}


def test_drift_text_reads_in_plain_words() -> None:
    code, out, _ = run("drift", BERLIN, "--from", "2026-01-01", "--years", "1")
    assert code == 0
    assert "tzdata 2026" in out.splitlines()[0]
    assert ("the Sunday weekly point is taken Monday 00:30 CEST from 2026-03-29 to "
            "2026-10-24: 30 points") in out
    assert ("2026-03-29 to 2026-10-24: 210 backups run 1 hour later than planned, on the "
            "next day") in out
    assert "23:30 moves: use 22:30 or 00:00" in out
    assert "frame" not in out.lower()
    assert ("Clock: fixed-offset, as Azure Backup does it: the UTC offset of the day the policy "
            "was saved (2026-01-15, +01:00) is kept all year; backups do not move for DST.") in out


def test_fail_on_drift(tmp_path: Path) -> None:
    # 23:30 lands on the next day all summer: the month-end point moves to the 1st.
    assert run("drift", BERLIN, "--from", "2026-01-01", "--fail-on-drift")[0] == 1
    # Noon under fixed-offset is an hour off in summer ("shifted") but stays on its day:
    # nothing kept changes, so the gate passes.
    noon = write(tmp_path, NOON)
    assert run("drift", noon, "--from", "2026-01-01", "--fail-on-drift")[0] == 0
    # ... unless the gate asks for exactly that flag.
    assert run("drift", noon, "--from", "2026-01-01", "--fail-on", "shifted")[0] == 1
    wall = NOON.replace("{anchor: 2026-01-15}", "{mode: wall-clock}")
    code, out, _ = run("drift", write(tmp_path, wall), "--from", "2026-01-01", "--fail-on-drift")
    assert code == 0
    assert "no drift" in out


def test_the_tools_own_robust_time_passes_the_gate(tmp_path: Path) -> None:
    # `retention drift` suggests 22:30 or 00:00 for Berlin 23:30 (SPEC §6): both must pass.
    text = Path(BERLIN).read_text(encoding="utf-8")
    assert '"23:30"' in text
    for robust in ("22:30", "00:00"):
        path = write(tmp_path, text.replace('"23:30"', f'"{robust}"'), f"{robust[:2]}.yaml")
        code, _, err = run("drift", path, "--from", "2026-01-01", "--fail-on-drift")
        assert code == 0, (robust, err)


def test_fail_on_names_the_unknown_flag() -> None:
    code, _, err = run("drift", BERLIN, "--fail-on", "shifted,moved")
    assert code == 2
    assert "unknown flag 'moved'" in err and "date-changed" in err
    assert run("drift", BERLIN, "--from", "2026-01-01", "--fail-on", "date-changed")[0] == 1


def test_skipped_runs_are_reported(tmp_path: Path) -> None:
    code, out, _ = run("drift", write(tmp_path, NY_SKIP), "--from", "2026-01-01",
                       "--format", "json")
    assert code == 0
    run_, = json.loads(out)["runs"]
    assert run_ == {"frame": "2026-03-08T02:30:00", "instant": None, "local": None,
                    "drift_minutes": None, "flags": ["nonexistent", "skipped"],
                    "tiers": ["daily"]}
    assert json.loads(out)["remedies"]["reanchor"] == []


@pytest.mark.parametrize("args", [
    ["--to", "2026-01-01"],                      # empty horizon
    ["--to", "2027-01-01", "--years", "2"],      # both
    ["--to", "soon"],                            # not a date
    ["--years", "0"],
])
def test_bad_horizons_exit_2(args: list[str]) -> None:
    code, out, err = run("drift", BERLIN, "--from", "2026-01-01", *args)
    assert code == 2
    assert out == ""
    assert "Traceback" not in err


def test_invalid_policy_exits_2(tmp_path: Path) -> None:
    code, _, err = run("drift", write(tmp_path, NOON.replace("30}", "3}")))
    assert code == 2
    assert "retention.daily.keep" in err


def test_next_lists_planned_and_actual_times() -> None:
    code, out, _ = run("next", BERLIN, "-n", "3", "--after", "2026-03-28T12:00")
    assert code == 0
    lines = out.splitlines()
    assert "Sat 2026-03-28 23:30  Sat 2026-03-28 23:30 CET" in lines[3]
    assert "Sun 2026-03-29 23:30  Mon 2026-03-30 00:30 CEST" in lines[4]
    assert "+60m" in lines[4] and "daily+weekly" in lines[4]
    assert "shifted, date-changed, weekday-changed" in lines[4]
    assert len(lines) == 6


def test_next_json_and_offsets() -> None:
    code, out, _ = run("next", BERLIN, "-n", "2", "--after", "2026-03-29T21:30:00Z",
                       "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["frozen_offset"] == "+01:00"
    assert [r["local"] for r in doc["runs"]] == ["2026-03-30T00:30:00+02:00",
                                                "2026-03-31T00:30:00+02:00"]


def test_next_shows_skipped_runs(tmp_path: Path) -> None:
    code, out, _ = run("next", write(tmp_path, NY_SKIP), "-n", "2", "--after", "2026-03-07T12:00")
    assert code == 0
    assert "Sun 2026-03-08 02:30  (not run)" in out.splitlines()[3]
    assert "nonexistent, skipped" in out


def test_next_rejects_a_bad_datetime() -> None:
    code, out, err = run("next", BERLIN, "--after", "yesterday")
    assert (code, out) == (2, "")
    assert "--after" in err


def test_validate_strict_fails_on_the_drift_warning(tmp_path: Path) -> None:
    code, out, _ = run("validate", BERLIN)
    assert code == 0
    assert "warning: schedule.times: 23:30 runs at 00:30 CEST the next day" in out
    assert run("validate", "--strict", BERLIN)[0] == 1
    assert run("validate", "--strict", write(tmp_path, NOON))[0] == 0


@pytest.mark.parametrize("args", [
    ["drift", BERLIN, "--from", "9999-01-01", "--to", "9999-12-31"],
    ["drift", BERLIN, "--from", "0001-01-01", "--to", "0001-02-01"],
    ["next", BERLIN, "--after", "0001-01-01T00:00"],
    ["next", BERLIN, "--after", "9999-12-31T23:00"],
    ["next", BERLIN, "-n", "0"],
    ["next", BERLIN, "-n", "100000"],
])
def test_dates_at_the_ends_of_the_calendar_exit_2(args: list[str]) -> None:
    code, out, err = run(*args)
    assert (code, out) == (2, "")
    assert "Traceback" not in err and err


def test_a_skipped_backup_gets_a_fix_in_words(tmp_path: Path) -> None:
    code, out, _ = run("drift", write(tmp_path, NY_SKIP), "--from", "2026-01-01")
    assert code == 0
    assert ("2026-03-08: 1 backup does not run at all: the planned time does not exist that "
            "day (clock.gap: skip)") in out
    assert ("  - 1 backup is not run because the clock skips the planned time (clock.gap: "
            "skip): set clock.gap to next-valid or shift so that it runs just after the clock "
            "change") in out


def test_a_long_resave_plan_is_cut_short() -> None:
    code, out, _ = run("drift", BERLIN, "--from", "2026-01-01", "--years", "50")
    assert code == 0
    resave = next(line for line in out.splitlines() if "re-save" in line)
    assert resave.endswith("2026-03-29 (then +02:00), 2026-10-25 (then +01:00), 2027-03-28 "
                           "(then +02:00), 2027-10-31 (then +01:00), … (100 dates in all; "
                           "--format json lists them)")


def test_without_an_anchor_the_report_says_when_the_offset_was_taken(tmp_path: Path) -> None:
    text = NOON.replace("clock: {anchor: 2026-01-15}\n", "")
    code, out, _ = run("drift", write(tmp_path, text), "--from", "2026-07-01")
    assert code == 0
    assert ("Clock: fixed-offset, as Azure Backup does it: the UTC offset of 2026-07-01 "
            "(+02:00; no clock.anchor, so the policy is taken as saved that day) is kept all "
            "year; backups do not move for DST.") in out


APIA_FIXED = """\
name: apia-fixed
timezone: Pacific/Apia
schedule: {frequency: daily, times: ["23:30"]}
clock: {anchor: 2011-11-01}
retention:
  daily: {keep: 30}
  weekly: {keep: 12, days: [sunday]}
  monthly: {keep: 36, days_of_month: [1, last]}
  yearly: {keep: 7, months: [december], days_of_month: [last]}
"""


def test_apia_report_keeps_its_columns_and_says_no_time_helps(tmp_path: Path) -> None:
    """Apia skipped 2011-12-30: a frozen -10:00 puts every time a day late from then on."""
    code, out, _ = run("drift", write(tmp_path, APIA_FIXED), "--from", "2011-12-01",
                       "--to", "2012-02-01")
    assert code == 0
    lines = out.splitlines()
    head = lines.index("Backups that do not run as planned (32):") + 1
    assert lines[head] == ("  planned               actual                       drift  "
                           "points                notes")
    assert lines[head + 2] == (
        "  Sat 2011-12-31 23:30  Sun 2012-01-01 23:30 +14    +1440m  daily+monthly+yearly  "
        "shifted, date-changed, weekday-changed, month-changed, year-changed")
    assert "      23:30 moves: no half-hour time within 12 hours stays on its day" in lines
    assert lines[-1].endswith("keeps the new offset: 2011-12-31 (then +14:00)")
