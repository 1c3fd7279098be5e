"""``retention project``: JSON key by key (SPEC §8), CSV, iCalendar, text, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy.cli.main import cli
from tests.conftest import EXAMPLES

BERLIN = str(EXAMPLES / "berlin-file-server.yaml")


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner(env={"COLUMNS": "120"}).invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_has_exactly_the_spec_keys_and_values() -> None:
    code, out, _ = _run("project", BERLIN, "--from", "2026-03-28", "--to", "2026-04-01",
                        "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert list(doc) == ["policy", "timezone", "tzdata", "from", "to", "as_of", "summary",
                         "points", "storage"]
    assert doc["policy"] == "file-server-nightly"
    assert doc["timezone"] == "Europe/Berlin"
    assert doc["tzdata"].endswith("(bundled)")
    assert doc["from"] == "2026-03-28T00:00:00+01:00"
    assert doc["to"] == "2026-04-01T00:00:00+02:00"
    assert doc["as_of"] == "2026-03-31T22:00:00Z"
    assert doc["summary"] == {
        "runs": 3, "alive": 3, "peak_alive": 78, "peak_at": "2033-03-30T22:30:00Z",
        "alive_by_tier": {"daily": 2, "weekly": 1, "monthly": 0, "yearly": 0}}
    first, sunday, _ = doc["points"]
    assert list(first) == ["frame", "instant", "local", "drift_minutes", "tiers",
                           "governing_tier", "expires", "alive"]
    assert first == {"frame": "2026-03-28T23:30:00", "instant": "2026-03-28T22:30:00Z",
                     "local": "2026-03-28T23:30:00+01:00", "drift_minutes": 0,
                     "tiers": ["daily"], "governing_tier": "daily",
                     "expires": "2026-04-27T22:30:00Z", "alive": True}
    assert sunday == {"frame": "2026-03-29T23:30:00", "instant": "2026-03-29T22:30:00Z",
                      "local": "2026-03-30T00:30:00+02:00", "drift_minutes": 60,
                      "tiers": ["daily", "weekly"], "governing_tier": "weekly",
                      "expires": "2026-06-21T22:30:00Z", "alive": True}


def test_as_of_counts_what_is_alive_then() -> None:
    code, out, _ = _run("project", BERLIN, "--from", "2026-01-01", "--years", "1",
                        "--as-of", "2026-06-30T12:00", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["as_of"] == "2026-06-30T10:00:00Z"
    assert doc["to"] == "2027-01-01T00:00:00+01:00"
    # 30 days of dailies: 4 June Sundays are weekly points and 31 May a month-end point;
    # Sundays 12 April..28 June (31 May counted as monthly); month-ends January..May.
    assert doc["summary"]["alive_by_tier"] == {"daily": 25, "weekly": 11, "monthly": 5,
                                               "yearly": 0}
    assert doc["summary"]["runs"] == 365


def test_csv_lists_every_run_under_a_header() -> None:
    code, out, _ = _run("project", BERLIN, "--from", "2026-03-29", "--to", "2026-03-31",
                        "--format", "csv")
    assert code == 0
    assert out.splitlines() == [
        "frame,instant,local,drift_minutes,tiers,governing_tier,expires,wall,skipped",
        "2026-03-29T23:30:00,2026-03-29T22:30:00Z,2026-03-30T00:30:00+02:00,60,daily+weekly,"
        "weekly,2026-06-21T22:30:00Z,normal,false",
    ]


def test_ics_has_one_event_per_point() -> None:
    from icalendar import Calendar

    result = CliRunner().invoke(cli, ["project", BERLIN, "--from", "2026-03-01", "--to",
                                      "2026-04-01", "--format", "ics"])
    cal = Calendar.from_ical(result.stdout_bytes)
    events = [c for c in cal.walk("VEVENT")]
    assert result.exit_code == 0
    # 1..30 March: the run of 31 March 23:30 lands on 1 April 00:30 CEST, outside.
    assert len(events) == 30
    assert len({str(e["uid"]) for e in events}) == 30
    assert str(events[0]["summary"]) == "Recovery point (daily, weekly)"
    assert "kept by weekly until 2026-05-24T22:30:00Z" in str(events[0]["description"])
    assert "tzdata" in str(events[0]["description"])


def test_text_report_names_tzdata_peak_and_natural_durations() -> None:
    code, out, _ = _run("project", BERLIN, "--from", "2026-03-28", "--to", "2026-04-02")
    assert code == 0
    assert "tzdata 2026f (bundled)" in out
    assert "fixed-offset: UTC+01:00 frozen on 2026-01-15" in out
    assert "Peak: 78 points alive at once (limit 9,999)" in out
    assert "4 runs, 4 recovery points" in out
    assert "Restorable at 2026-04-02 00:00 CEST: 4 points" in out
    assert "  monthly      1   oldest 2026-04-01 00:30 CEST, 23 hours 30 minutes old" in out
    # 800 GB full + 3 one-day gaps of 800 × 12.5 % × (1 − (1 − 2.5/12.5)^1) = 20 GB each
    assert "Storage (an estimate): ~860 GB held at 2026-04-02" in out


def test_text_table_is_one_line_per_run_within_80_columns() -> None:
    result = CliRunner(env={"COLUMNS": "80", "NO_COLOR": "1"}).invoke(
        cli, ["project", BERLIN, "--from", "2026-03-28", "--to", "2026-04-02"])
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "\x1b[" not in result.stdout
    assert lines[:6] == [
        "planned           actual          drift  tiers    expires (kept)",
        "────────────────  ──────────────  ─────  ───────  ──────────────────",
        "2026-03-28 23:30  03-28 23:30+01      0  d · · ·  2026-04-28 (30 d)",
        "2026-03-29 23:30  03-30 00:30+02   +60m  d w · ·  2026-06-22 (12 wk)",
        "2026-03-30 23:30  03-31 00:30+02   +60m  d · · ·  2026-04-30 (30 d)",
        "2026-03-31 23:30  04-01 00:30+02   +60m  d · m ·  2029-04-01 (36 mo)",
    ]


def test_text_shows_half_hour_offsets_and_skipped_runs(tmp_path: Path) -> None:
    policy = tmp_path / "stjohns.yaml"
    policy.write_text("name: nl\ntimezone: America/St_Johns\nschedule: {frequency: daily, "
                      "times: ['02:30']}\nclock: {mode: wall-clock, gap: skip}\n"
                      "retention:\n  daily: {keep: 7}\n")
    code, out, _ = _run("project", str(policy), "--from", "2026-03-07", "--to", "2026-03-10")
    assert code == 0
    lines = out.splitlines()
    assert lines[2] == "2026-03-07 02:30  03-07 02:30-03:30      0  d      2026-03-14 (7 d)"
    assert lines[3] == "2026-03-08 02:30  skipped (gap)" + " " * 13 + "d"
    assert lines[4] == "2026-03-09 02:30  03-09 02:30-02:30      0  d      2026-03-16 (7 d)"
    assert "2 runs, 2 recovery points; 1 run skipped in DST gaps (gap: skip)" in out
    assert "wall-clock (gap: skip, fold: first)" in out


def test_json_runs_count_only_runs_that_happen(tmp_path: Path) -> None:
    policy = tmp_path / "ny.yaml"
    policy.write_text("name: ny\ntimezone: America/New_York\nschedule: {frequency: daily, "
                      "times: ['02:30', '12:00']}\nclock: {mode: wall-clock, gap: skip}\n"
                      "retention:\n  daily: {keep: 7}\n")
    code, out, _ = _run("project", str(policy), "--from", "2026-03-07", "--to", "2026-03-10",
                        "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["summary"]["runs"] == 5  # 6 scheduled, 02:30 of 8 March dropped by the gap
    assert len(doc["points"]) == 5


@pytest.mark.parametrize(("as_of", "note"), [
    ("2030-01-01", "is after the horizon ends"),
    ("2020-01-01T00:00Z", "is before the horizon starts"),
])
def test_as_of_outside_the_horizon_is_noted_on_stderr(as_of: str, note: str) -> None:
    code, out, err = _run("project", BERLIN, "--from", "2026-05-01", "--to", "2026-06-01",
                          "--as-of", as_of, "--format", "json")
    assert code == 0
    assert note in err
    assert json.loads(out)["summary"]["alive"] == 0 if "before" in note else True


def test_drift_and_offset_read_short() -> None:
    from datetime import timedelta

    from policy.reports.project import drift_words
    from policy.reports.project_text import offset_text

    assert [drift_words(m) for m in (0, 60, -30, 90, 1440, -60, None)] == [
        "0", "+60m", "-30m", "+90m", "+1440m", "-60m", ""]
    assert [offset_text(timedelta(minutes=m)) for m in (120, -300, 630, -150, 0)] == [
        "+02", "-05", "+10:30", "-02:30", "+00"]


@pytest.mark.parametrize(("args", "message"), [
    (["--from", "2026-13-01"], "--from '2026-13-01' is not a date"),
    (["--from", "2026-02-01", "--to", "2026-01-01"], "must be after --from"),
    (["--to", "2027-01-01", "--years", "2"], "either --to or --years"),
    (["--from", "2026-01-01", "--as-of", "tomorrow"], "--as-of 'tomorrow'"),
])
def test_bad_options_exit_2_without_traceback(args: list[str], message: str) -> None:
    code, out, err = _run("project", BERLIN, *args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err + out


def test_invalid_policy_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ntimezone: Mars/Olympus\n")
    code, out, err = _run("project", str(bad))
    assert code == 2 and out == ""
    assert "bad.yaml" in err


def test_validate_reports_the_point_limit_with_its_origin(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("name: big\ntimezone: Europe/Berlin\nschedule: {frequency: daily, "
                   "times: ['01:00', '09:00', '17:00']}\nretention:\n  daily: {keep: 9999}\n")
    code, out, _ = _run("validate", str(big))
    assert code == 2
    assert "29,997 recovery points" in out
    assert "3 runs a day kept 9,999 days → 29,997 points" in out
    assert "9,999 per protected instance" in out


def test_durations_read_naturally() -> None:
    from datetime import UTC, datetime

    from policy.reports.project import ago, kept_for

    start = datetime(2026, 1, 4, 20, tzinfo=UTC)
    assert kept_for(start, datetime(2028, 4, 25, 20, tzinfo=UTC)) == "2 years 3 months"
    assert kept_for(start, datetime(2026, 1, 28, 22, tzinfo=UTC)) == "3 weeks 3 days"
    assert ago(start, datetime(2026, 1, 5, 21, tzinfo=UTC)) == "1 day 1 hour ago"
    assert ago(datetime(2026, 2, 4, 20, tzinfo=UTC), start) == "in 1 month"
    # Across a DST change a span of years has no stray "30 minutes".
    assert kept_for(start, datetime(2032, 1, 4, 20, 30, tzinfo=UTC)) == "6 years"
