"""``retention diff``: the report in words, the JSON keys, --immutable, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy.cli.main import cli
from tests.conftest import EXAMPLES

BERLIN = EXAMPLES / "berlin-file-server.yaml"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner(env={"COLUMNS": "120"}).invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout, result.stderr


def _variant(tmp_path: Path, old: str, new: str, name: str = "new.yaml") -> str:
    text = BERLIN.read_text()
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new))
    return str(path)


@pytest.fixture
def daily14(tmp_path: Path) -> str:
    return _variant(tmp_path, "daily: {keep: 30}", "daily: {keep: 14}")


def test_text_report_counts_and_examples_in_words(daily14: str) -> None:
    code, out, _ = _run("diff", str(BERLIN), daily14, "--applied", "2026-03-01")
    assert code == 0
    assert "NEW applied 2026-03-01 00:00 CET" in out
    assert "  pruned           13        0        0        0       13" in out
    assert "  shortened        11        0        0        0       11" in out
    assert ("the 2026-01-30 daily point, kept until 2026-03-01, is pruned on 2026-03-01"
            in out)
    assert "the 2026-02-16 daily point, kept until 2026-03-18, now expires 2026-03-02" in out
    assert "Alive at 2026-03-01 00:00 CET: 76 before, 63 after" in out
    assert "78 before" in out and "64 after" in out
    assert "Storage at each peak (estimate): 5,816 GB before, 5,604 GB after" in out
    assert "zones differ" not in out


def test_json_keys_and_summary(daily14: str) -> None:
    code, out, _ = _run("diff", str(BERLIN), daily14, "--applied", "2026-03-01T00:00",
                        "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert list(doc)[:7] == ["policy", "old_policy", "timezone", "old_timezone", "tzdata",
                             "applied", "from"]
    assert doc["applied"] == "2026-03-01T00:00:00+01:00"
    assert doc["from"] == "2019-02-24T00:00:00+01:00"  # 7 × 366 days before
    assert {"pruned", "shortened", "extended", "unchanged", "summary"} <= set(doc)
    summary = doc["summary"]
    assert summary["pruned"] == {"daily": 13, "weekly": 0, "monthly": 0, "yearly": 0}
    assert summary["shortened"] == {"daily": 11, "weekly": 0, "monthly": 0, "yearly": 0}
    assert summary["extended"] == {"daily": 0, "weekly": 0, "monthly": 0, "yearly": 0}
    assert (summary["alive_before"], summary["alive_after"]) == (76, 63)
    assert (summary["peak_before"], summary["peak_after"]) == (78, 64)
    first = doc["pruned"][0]
    assert first == {
        "frame": "2026-01-30T23:30:00", "instant": "2026-01-30T22:30:00Z",
        "local": "2026-01-30T23:30:00+01:00", "drift_minutes": 0, "tiers": ["daily"],
        "governing_tier": "daily", "expires": "2026-02-28T23:00:00Z",
        "new_expires": "2026-02-28T23:00:00Z", "old_expires": "2026-03-01T22:30:00Z",
        "reason": "expired"}
    assert doc["shortened"][0]["new_expires"] == "2026-03-02T22:30:00Z"
    assert doc["storage"] == {"estimate": True, "before_gb": 5815.9, "after_gb": 5604.1}
    assert doc["immutable"] is None


def test_immutable_exits_1_when_a_point_loses_retention(daily14: str) -> None:
    code, out, _ = _run("diff", str(BERLIN), daily14, "--applied", "2026-03-01", "--immutable")
    assert code == 1
    assert "immutable vault: 24 existing points would lose retention" in out
    code, out, _ = _run("diff", str(BERLIN), daily14, "--applied", "2026-03-01", "--immutable",
                        "--format", "json")
    assert code == 1
    assert json.loads(out)["immutable"] == {"allowed": False, "violations": 24}


def test_immutable_allows_extending(tmp_path: Path) -> None:
    longer = _variant(tmp_path, "monthly: {keep: 36,", "monthly: {keep: 48,")
    code, out, _ = _run("diff", str(BERLIN), longer, "--applied", "2026-03-01", "--immutable")
    assert code == 0
    assert "  extended          0        0       33        0       33" in out
    assert "immutable vault: no existing point loses retention" in out


def test_zone_change_is_said_plainly(tmp_path: Path) -> None:
    ny = _variant(tmp_path, "timezone: Europe/Berlin", "timezone: America/New_York")
    code, out, _ = _run("diff", str(BERLIN), ny, "--applied", "2026-03-01T09:00")
    assert code == 0
    assert ("zones differ: OLD runs in Europe/Berlin, NEW in America/New_York; a zone change "
            "moves every future run") in out
    assert "NEW applied 2026-03-01 09:00 EST" in out


@pytest.mark.parametrize(("extra", "message"), [
    (["--applied", "March 1st"], "--applied 'March 1st' is not a date-time"),
    (["--applied", "2026-03-01", "--from", "2026-13-01"], "--from '2026-13-01' is not a date"),
    (["--applied", "2026-03-01", "--from", "2026-04-01"],
     "not after the vault starts filling on 2026-04-01"),
    (["--applied", "9999-01-01"], "--applied 9999-01-01 is outside the supported dates"),
])
def test_bad_input_exits_2_with_a_message(daily14: str, extra: list[str], message: str) -> None:
    code, out, err = _run("diff", str(BERLIN), daily14, *extra)
    assert code == 2
    assert message in err
    assert out == ""


def test_missing_applied_and_missing_file_exit_2(tmp_path: Path) -> None:
    code, _, err = _run("diff", str(BERLIN), str(BERLIN))
    assert code == 2 and "--applied" in err
    code, _, err = _run("diff", str(BERLIN), str(tmp_path / "nope.yaml"), "--applied",
                        "2026-03-01")
    assert code == 2 and "nope.yaml" in err


def test_help_explains_the_command() -> None:
    code, out, _ = _run("diff", "--help")
    assert code == 0
    assert "--immutable" in out and "--applied" in out and "pruned" in out


MONTH_ENDS_OLD = """\
name: o
timezone: Europe/Berlin
schedule: {frequency: daily, times: ["22:00"]}
clock: {mode: fixed-offset, anchor: 2026-01-15}
retention:
  daily: {keep: 30}
  monthly: {keep: 12, days_of_month: [last]}
requirements:
  - {every: month, day: last, for: 12 months}
"""


def test_requirements_lose_their_only_covering_points(tmp_path: Path) -> None:
    # SPEC §11: shortening the month-ends from 12 to 6 months prunes the month-ends of
    # 2025-09 … 2026-02 on the day of the change, while each is still required.
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    old.write_text(MONTH_ENDS_OLD, encoding="utf-8")
    new.write_text(MONTH_ENDS_OLD.replace("keep: 12, days", "keep: 6, days"), encoding="utf-8")
    args = ["diff", str(old), str(new), "--applied", "2026-09-15T09:00", "--from", "2025-09-01"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert ("any month-end of the last 12 months: 2025-09, still required until 2026-09-30, "
            "is pruned on 2026-09-15") in out
    assert "the change breaks: any month-end of the last 12 months" in out
    doc = json.loads(CliRunner().invoke(cli, [*args, "--format", "json"]).stdout)
    req = doc["requirements"]
    assert req["met"] is False and req["broken"] == [0]
    pruned = [lost["period"] for lost in req["lost"] if lost["seen"] == "2026-09-16"]
    assert pruned == ["2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02"]
    assert req["lost"][0]["required_until"] == "2026-09-30"
    assert req["requirements"][0]["kind"] == "coverage"
    # No change, nothing lost: exit 0.
    same = CliRunner().invoke(cli, ["diff", str(old), str(old), "--applied", "2026-09-15T09:00",
                                    "--from", "2025-09-01", "--format", "json"])
    assert same.exit_code == 0
    assert json.loads(same.stdout)["requirements"]["lost"] == []


def test_no_requirements_no_requirements_key_value(tmp_path: Path) -> None:
    new14 = EXAMPLES / "changes" / "berlin-14-dailies.yaml"
    result = CliRunner().invoke(cli, ["diff", str(BERLIN), str(new14), "--applied",
                                      "2026-03-01", "--format", "json"])
    assert json.loads(result.stdout)["requirements"] is None
