"""Enhanced (V2) Azure VM policies through import, projection, drift and export (issue 18).

The bodies are Azure's REST API examples and real azure-powershell traffic
(``tests/azure/bodies_v2.py``); each must come back field by field (read-only fields aside)
through a policy file in every format, project its hourly runs exactly on a DST day, and
drift-check.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from policy.azure.exporter import export_policy
from policy.azure.importer import import_policy
from policy.azure.vocabulary import AzureError
from policy.cli.main import cli
from policy.dst.drift import analyse
from policy.engine.projection import project
from policy.files.document import dumps, load, loads
from policy.model.models import Policy
from policy.model.validation import build_policy
from tests.azure.bodies_v2 import (
    PS_WEEKLY_GET,
    PS_WEEKLY_PUT,
    REST_DAILY,
    REST_HOURLY,
    REST_HOURLY_REQUEST,
    V2_ROUND_TRIP,
    WEEKLY_TIER_AFTER,
)
from tests.conftest import EXAMPLES

READ_ONLY = ("protectedItemsCount",)


def _writable(body: dict[str, Any]) -> dict[str, Any]:
    return {"properties": {k: v for k, v in body["properties"].items() if k not in READ_ONLY}}


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@pytest.mark.parametrize("fmt", ["yaml", "toml", "json"])
@pytest.mark.parametrize(("name", "body"), V2_ROUND_TRIP, ids=[n for n, _ in V2_ROUND_TRIP])
def test_every_v2_body_comes_back_field_by_field(name: str, body: dict[str, Any],
                                                 fmt: str) -> None:
    imported = import_policy(body)
    again = loads(dumps(imported.policy, fmt), fmt=fmt).policy  # type: ignore[arg-type]
    assert again == imported.policy
    assert export_policy(again).body == _writable(body)


def test_hourly_body_maps_onto_the_policy_fields() -> None:
    policy = import_policy(REST_HOURLY).policy
    sched = policy.schedule
    assert (policy.policy_type.value, policy.instant_restore_days) == ("enhanced", 30)
    assert (sched.frequency.value, sched.every_hours, sched.window_hours) == ("hourly", 4, 16)
    assert [t.isoformat("minutes") for t in sched.times] == ["08:00", "12:00", "16:00",
                                                            "20:00"]
    assert policy.retention.daily is not None and policy.retention.daily.times is None
    assert policy.azure is not None and policy.azure.datetimes is not None
    # The commonest form is the retention times' +00:00; the window start keeps its Z.
    assert policy.azure.datetimes.suffix == ":00+00:00"
    assert {p: e.text for p, e in policy.azure.datetimes.exact.items()} == {
        "properties.schedulePolicy.hourlySchedule.scheduleWindowStartTime":
            "2021-12-17T08:00:00Z"}


def test_tiering_is_the_policys_own_field() -> None:
    recommended = import_policy(PS_WEEKLY_GET).policy
    assert recommended.tiering is not None and recommended.tiering.recommended
    assert recommended.azure is not None and recommended.azure.archive_rule is not None
    after = import_policy(WEEKLY_TIER_AFTER).policy
    assert after.tiering is not None
    assert (after.tiering.tier_after, after.tiering.unit.value) == (3, "months")
    assert after.azure is not None and after.azure.archive_rule is None
    put = import_policy(PS_WEEKLY_PUT).policy
    assert put.azure is not None and put.azure.archive_rule is None


def test_daily_v2_retention_times_of_their_own_are_kept_and_noted() -> None:
    result = import_policy(REST_DAILY)
    assert [t.isoformat("minutes") for t in result.policy.schedule.times] == ["10:00"]
    assert result.notes[0] == (
        "properties.retentionPolicy.dailySchedule.retentionTimes[0] 08:00 is not the backup "
        "time 10:00; with one backup a day it can only be that backup (written back as it "
        "was: azure.datetimes.exact)")
    daily = export_policy(result.policy).body["properties"]["retentionPolicy"]["dailySchedule"]
    assert daily["retentionTimes"] == ["2021-12-17T08:00:00+00:00"]


def _berlin(body: dict[str, Any], **extra: Any) -> Policy:
    imported = import_policy(body).policy
    data = json.loads(dumps(imported, "json"))
    data.update(timezone="W. Europe Standard Time", **extra)
    return build_policy(data)


def test_imported_hourly_projects_exactly_on_a_dst_day_fixed_offset() -> None:
    policy = _berlin(REST_HOURLY, clock={"anchor": "2026-01-15"})
    proj = project(policy, date(2026, 3, 29), date(2026, 3, 30))
    # +01:00 frozen in January: 08:00 frame is 07:00Z, 09:00 CEST after the change.
    assert [r.instant for r in proj.runs] == [_utc(2026, 3, 29, h) for h in (7, 11, 15, 19)]
    assert [r.drift_minutes for r in proj.runs] == [60, 60, 60, 60]
    assert proj.runs[0].tiers == ("daily", "weekly")  # a Sunday: daily and weekly point
    assert [r.tiers for r in proj.runs[1:]] == [(), (), ()]  # instant-restore snapshots
    assert export_policy(policy).body["properties"]["schedulePolicy"] == (
        REST_HOURLY["properties"]["schedulePolicy"])


def test_imported_hourly_projects_exactly_on_a_dst_day_wall_clock() -> None:
    policy = _berlin(REST_HOURLY, clock={"mode": "wall-clock"})
    proj = project(policy, date(2026, 3, 29), date(2026, 3, 30))
    assert [r.instant for r in proj.runs] == [_utc(2026, 3, 29, h) for h in (6, 10, 14, 18)]
    assert [r.drift_minutes for r in proj.runs] == [0, 0, 0, 0]


def test_india_has_no_drift_and_berlin_drifts() -> None:
    india = import_policy(REST_HOURLY).policy
    assert not analyse(india, date(2026, 1, 1), date(2027, 1, 1)).drifting
    berlin = _berlin(REST_HOURLY, clock={"anchor": "2026-01-15"})
    assert analyse(berlin, date(2026, 1, 1), date(2027, 1, 1)).drifting


@pytest.mark.parametrize("body", [REST_HOURLY_REQUEST, PS_WEEKLY_GET])
def test_cli_imports_projects_drift_checks_and_exports_back(body: dict[str, Any],
                                                            tmp_path: Path) -> None:
    src, out = tmp_path / "body.json", tmp_path / "policy.yaml"
    src.write_text(json.dumps(body))
    runner = CliRunner()
    res = runner.invoke(cli, ["import", "azure", str(src), "-o", str(out)])
    assert res.exit_code == 0, res.output
    for args in (["validate", str(out)], ["project", str(out), "--from", "2026-01-01"],
                 ["drift", str(out), "--from", "2026-01-01"]):
        res = runner.invoke(cli, args)
        assert res.exit_code == 0, (args, res.output)
    res = runner.invoke(cli, ["export", "azure", str(out)])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout) == _writable(body)


def test_the_exporter_writes_an_hourly_policy_as_simple_schedule_policy_v2() -> None:
    props = export_policy(load(EXAMPLES / "azure-vm-enhanced-hourly.yaml").policy).body[
        "properties"]
    assert props["policyType"] == "V2"
    assert props["schedulePolicy"] == {
        "schedulePolicyType": "SimpleSchedulePolicyV2", "scheduleRunFrequency": "Hourly",
        "hourlySchedule": {"interval": 4, "scheduleWindowDuration": 16,
                           "scheduleWindowStartTime": "2026-01-15T08:00:00Z"}}
    assert props["tieringPolicy"] == {
        "ArchivedRP": {"tieringMode": "TierAfter", "duration": 3, "durationType": "Months"}}
    assert props["instantRpRetentionRangeInDays"] == 7


def _set(body: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(body)
    node = out["properties"]
    *parents, last = path.split(".")
    for key in parents:
        node = node[key]
    node[last] = value
    return out


_HOURLY = "schedulePolicy.hourlySchedule"


@pytest.mark.parametrize(("path", "value"), [
    ("instantRpRetentionRangeInDays", 1), ("instantRpRetentionRangeInDays", 30),
    (f"{_HOURLY}.interval", 12), (f"{_HOURLY}.scheduleWindowDuration", 24),
    (f"{_HOURLY}.scheduleWindowDuration", 4),
])
def test_bounds_at_their_limits_import(path: str, value: Any) -> None:
    body = _set(REST_HOURLY_REQUEST, path, value)
    if path.endswith("interval"):
        body = _set(body, f"{_HOURLY}.scheduleWindowDuration", 24)
    assert export_policy(import_policy(body).policy).body == _writable(body)


@pytest.mark.parametrize(("path", "value", "json_path", "text"), [
    ("instantRpRetentionRangeInDays", 31, "properties.instantRpRetentionRangeInDays",
     "31 is out of range: a enhanced Azure VM policy keeps instant-restore snapshots 1 to 30"),
    ("instantRpRetentionRangeInDays", 0, "properties.instantRpRetentionRangeInDays",
     "0 is out of range"),
    (f"{_HOURLY}.interval", 5, "properties.schedulePolicy.hourlySchedule.interval",
     "5 is not allowed; Azure runs hourly backups every 4, 6, 8 or 12 hours"),
    (f"{_HOURLY}.scheduleWindowDuration", 25,
     "properties.schedulePolicy.hourlySchedule.scheduleWindowDuration", "25"),
    (f"{_HOURLY}.scheduleWindowDuration", 3,
     "properties.schedulePolicy.hourlySchedule.scheduleWindowDuration", "3"),
    (f"{_HOURLY}.scheduleWindowDuration", 18,
     "properties.schedulePolicy.hourlySchedule.scheduleWindowDuration",
     "18 is not a multiple of every_hours 4"),
])
def test_bounds_past_their_limits_name_the_json_path(path: str, value: Any, json_path: str,
                                                     text: str) -> None:
    with pytest.raises(AzureError) as info:
        import_policy(_set(REST_HOURLY_REQUEST, path, value))
    assert info.value.path == json_path
    assert text in info.value.message


@pytest.mark.parametrize(("count", "ok"), [(3, True), (2, False)])
def test_tier_after_at_its_limit(count: int, ok: bool) -> None:
    body = _set(WEEKLY_TIER_AFTER, "tieringPolicy.ArchivedRP.duration", count)
    if ok:
        assert export_policy(import_policy(body).policy).body == _writable(body)
        return
    with pytest.raises(AzureError) as info:
        import_policy(body)
    assert info.value.path == "properties.tieringPolicy.ArchivedRP.duration"
    assert "2 is out of range" in info.value.message


def test_standard_policies_keep_five_days_at_most() -> None:
    v1 = copy.deepcopy(REST_DAILY)
    v1["properties"]["policyType"] = "V1"
    v1["properties"]["schedulePolicy"] = {
        "schedulePolicyType": "SimpleSchedulePolicy", "scheduleRunFrequency": "Daily",
        "scheduleRunTimes": ["2021-12-17T08:00:00Z"]}
    for days, ok in ((5, True), (6, False)):
        body = _set(v1, "instantRpRetentionRangeInDays", days)
        if ok:
            assert export_policy(import_policy(body).policy).body == _writable(body)
            continue
        with pytest.raises(AzureError, match="1 to 5 days") as info:
            import_policy(body)
        assert info.value.path == "properties.instantRpRetentionRangeInDays"


def test_contradicting_legacy_section_is_refused_with_its_position(tmp_path: Path) -> None:
    path = tmp_path / "legacy.yaml"
    path.write_text("name: x\ntarget: azure-vm\ntimezone: UTC\npolicy_type: enhanced\n"
                    "schedule: {frequency: daily, times: ['22:00']}\n"
                    "retention: {daily: {keep: 30}}\nazure:\n  policy_type: V1\n")
    res = CliRunner().invoke(cli, ["validate", str(path)])
    assert res.exit_code == 2
    assert f"{path}:8:16: error: azure.policy_type: V1 contradicts policy_type: enhanced" in (
        res.output)
