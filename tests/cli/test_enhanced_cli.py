"""Enhanced (V2) Azure VM policies on the command line: project's instant-restore summary,
the clock mode every report states, and positioned errors for bad hourly fields."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from policy.cli.main import cli
from tests.conftest import EXAMPLES

HOURLY = str(EXAMPLES / "azure-vm-enhanced-hourly.yaml")


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner(env={"COLUMNS": "120"}).invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_project_json_counts_snapshots_apart_from_the_vault() -> None:
    code, out, _ = _run("project", HOURLY, "--from", "2026-03-28", "--to", "2026-03-30",
                        "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert list(doc) == ["policy", "timezone", "tzdata", "from", "to", "as_of", "summary",
                         "points"]
    assert doc["summary"] == {
        "runs": 8, "alive": 2, "peak_alive": 101, "peak_at": "2036-01-29T07:00:00Z",
        "alive_by_tier": {"daily": 1, "weekly": 1, "monthly": 0, "yearly": 0},
        "instant_restore": {"days": 7, "snapshots": 8, "peak": 28,
                            "peak_at": "2026-04-03T19:00:00Z"},
        "clock": {"mode": "fixed-offset", "frozen_offset": "+01:00", "assumed": False}}
    # Only the 08:00 runs are vault points; the Sunday one moved to 09:00 CEST.
    assert [p["local"] for p in doc["points"]] == ["2026-03-28T08:00:00+01:00",
                                                   "2026-03-29T09:00:00+02:00"]


def test_project_text_names_snapshots_and_an_assumed_clock(tmp_path: Path) -> None:
    text = Path(HOURLY).read_text().replace(
        "clock: {mode: fixed-offset, anchor: 2026-01-15}", "clock: {anchor: 2026-01-15}")
    path = tmp_path / "p.yaml"
    path.write_text(text)
    code, out, _ = _run("project", str(path), "--from", "2026-03-28", "--to", "2026-03-30")
    assert code == 0
    assert "Instant restore: 8 snapshots on the VM's disks then (kept 7 d; not vault points)" \
        in out
    assert "mode assumed: Azure says VM backups ignore DST" in out
    code, out, _ = _run("drift", str(path), "--from", "2026-03-28", "--to", "2026-04-02")
    assert code == 0 and "mode assumed" in out
    code, out, _ = _run("drift", str(path), "--from", "2026-03-28", "--to", "2026-04-02",
                        "--format", "json")
    assert json.loads(out)["mode"] == "fixed-offset"


def test_bad_hourly_field_is_positioned_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text('name: x\ntarget: azure-vm\npolicy_type: enhanced\ntimezone: UTC\n'
                    'schedule: {frequency: hourly, every_hours: 5, window_start: "08:00", '
                    'window_hours: 16}\nretention:\n  daily: {keep: 30}\n')
    code, out, err = _run("validate", str(path))
    assert code == 2
    assert (out + err).strip() == (f"{path}:5:44: error: schedule.every_hours: 5 is not allowed; "
                           "Azure runs hourly backups every 4, 6, 8 or 12 hours")
