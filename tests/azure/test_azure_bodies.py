"""Azure import/export against published bodies, and the CLI's handling of bad input.

The bodies are Microsoft's own: the azure-quickstart-templates
``recovery-services-daily-backup-policy-create`` and ``…-weekly-backup-policy-create``
templates with their ``azuredeploy.parameters.json`` values filled in, and the
azure-rest-api-specs 2021-12-01 ``IaaS_v2_hourly.json`` 200 response.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from policy.azure.exporter import export_policy
from policy.azure.importer import import_policy
from policy.azure.vocabulary import AzureError
from policy.cli.main import cli
from policy.files.document import dumps
from tests.conftest import EXAMPLES

T = "2017-01-26T05:30:00Z"
QUICKSTART_DAILY: dict[str, Any] = {"name": "DailyBackupPolicy1", "properties": {
    "backupManagementType": "AzureIaasVM", "instantRpRetentionRangeInDays": 2,
    "schedulePolicy": {"scheduleRunFrequency": "Daily", "scheduleRunDays": None,
                       "scheduleRunTimes": [T], "schedulePolicyType": "SimpleSchedulePolicy"},
    "retentionPolicy": {
        "dailySchedule": {"retentionTimes": [T],
                          "retentionDuration": {"count": 104, "durationType": "Days"}},
        "weeklySchedule": {"daysOfTheWeek": ["Sunday", "Tuesday", "Thursday"],
                           "retentionTimes": [T],
                           "retentionDuration": {"count": 104, "durationType": "Weeks"}},
        "monthlySchedule": {"retentionScheduleFormatType": "Daily",
                            "retentionScheduleDaily": {"daysOfTheMonth": [
                                {"date": 1, "isLast": False}]},
                            "retentionScheduleWeekly": None, "retentionTimes": [T],
                            "retentionDuration": {"count": 60, "durationType": "Months"}},
        "yearlySchedule": {"retentionScheduleFormatType": "Daily",
                           "monthsOfYear": ["January", "March", "August"],
                           "retentionScheduleDaily": {"daysOfTheMonth": [
                               {"date": 1, "isLast": False}]},
                           "retentionScheduleWeekly": None, "retentionTimes": [T],
                           "retentionDuration": {"count": 10, "durationType": "Years"}},
        "retentionPolicyType": "LongTermRetentionPolicy"},
    "timeZone": "UTC"}}

W = "2016-09-21T05:30:00Z"
_UNUSED_DAILY = {"daysOfTheMonth": [{"date": 1, "isLast": False}]}
_WEEKS = {"daysOfTheWeek": ["Sunday", "Tuesday"], "weeksOfTheMonth": ["First", "Third"]}
QUICKSTART_WEEKLY: dict[str, Any] = {"name": "WeeklyBackupPolicy1", "properties": {
    "backupManagementType": "AzureIaasVM", "instantRpRetentionRangeInDays": 5,
    "schedulePolicy": {"scheduleRunFrequency": "Weekly",
                       "scheduleRunDays": ["Sunday", "Tuesday", "Thursday"],
                       "scheduleRunTimes": [W], "schedulePolicyType": "SimpleSchedulePolicy"},
    "retentionPolicy": {
        "weeklySchedule": {"daysOfTheWeek": ["Sunday", "Tuesday", "Thursday"],
                           "retentionTimes": [W],
                           "retentionDuration": {"count": 104, "durationType": "Weeks"}},
        "monthlySchedule": {"retentionScheduleFormatType": "Weekly",
                            "retentionScheduleDaily": _UNUSED_DAILY,
                            "retentionScheduleWeekly": _WEEKS, "retentionTimes": [W],
                            "retentionDuration": {"count": 60, "durationType": "Months"}},
        "yearlySchedule": {"retentionScheduleFormatType": "Weekly",
                           "monthsOfYear": ["January", "March", "August"],
                           "retentionScheduleDaily": _UNUSED_DAILY,
                           "retentionScheduleWeekly": _WEEKS, "retentionTimes": [W],
                           "retentionDuration": {"count": 10, "durationType": "Years"}},
        "retentionPolicyType": "LongTermRetentionPolicy"},
    "timeZone": "UTC"}}

HOURLY_RESPONSE: dict[str, Any] = {"name": "v2-daily-sample", "properties": {
    "backupManagementType": "AzureIaasVM", "policyType": "V2",
    "instantRpRetentionRangeInDays": 30, "protectedItemsCount": 0,
    "retentionPolicy": {"retentionPolicyType": "LongTermRetentionPolicy", "dailySchedule": {
        "retentionDuration": {"count": 180, "durationType": "Days"},
        "retentionTimes": ["2021-12-17T08:00:00+00:00"]}},
    "schedulePolicy": {"hourlySchedule": {"interval": 4, "scheduleWindowDuration": 16,
                                          "scheduleWindowStartTime": "2021-12-17T08:00:00Z"},
                       "schedulePolicyType": None, "scheduleRunFrequency": "Hourly"},
    "timeZone": "India Standard Time"}}


def test_quickstart_daily_template_imports_field_by_field() -> None:
    result = import_policy(QUICKSTART_DAILY, name="DailyBackupPolicy1")
    assert dumps(result.policy, "yaml") == (
        "name: DailyBackupPolicy1\ntarget: azure-vm\ntimezone: UTC\nschedule:\n"
        "  frequency: daily\n  times: [\"05:30\"]\nretention:\n  daily: {keep: 104}\n"
        "  weekly:\n    keep: 104\n    days: [sunday, tuesday, thursday]\n"
        "  monthly:\n    keep: 60\n    days_of_month: [1]\n"
        "  yearly:\n    keep: 10\n    days_of_month: [1]\n    months: [january, march, august]\n"
        "instant_restore_days: 2\nazure:\n  datetimes: {date: '2017-01-26', suffix: :00Z}\n"
        "  extra:\n    properties.schedulePolicy.scheduleRunDays: 'null'\n"
        "    properties.retentionPolicy.monthlySchedule.retentionScheduleWeekly: 'null'\n"
        "    properties.retentionPolicy.yearlySchedule.retentionScheduleWeekly: 'null'\n")
    assert result.notes == []


def test_quickstart_daily_template_exports_the_same_body() -> None:
    body = export_policy(import_policy(QUICKSTART_DAILY).policy).body
    assert body == {"properties": QUICKSTART_DAILY["properties"]}


def test_quickstart_weekly_template_reads_only_the_named_format() -> None:
    """The template carries an unused retentionScheduleDaily next to the Weekly format."""
    policy = import_policy(QUICKSTART_WEEKLY).policy
    monthly = policy.retention.monthly
    assert monthly is not None and monthly.days_of_month is None
    assert [w.value for w in monthly.weeks or ()] == ["first", "third"]
    assert [d.value for d in monthly.weekdays or ()] == ["sunday", "tuesday"]
    yearly = export_policy(policy).body["properties"]["retentionPolicy"]["yearlySchedule"]
    assert yearly["retentionScheduleWeekly"] == _WEEKS
    assert yearly["retentionScheduleDaily"] == _UNUSED_DAILY  # kept verbatim in azure.extra
    assert yearly["retentionDuration"] == {"count": 10, "durationType": "Years"}


def test_hourly_get_response_with_null_type_is_the_enhanced_policy() -> None:
    result = import_policy(HOURLY_RESPONSE)
    assert result.policy.policy_type.value == "enhanced"
    assert result.notes[0] == ("properties.schedulePolicy.schedulePolicyType null is written "
                               "back as \"SimpleSchedulePolicyV2\" (policyType V2), which a "
                               "PUT needs")
    sched = export_policy(result.policy).body["properties"]["schedulePolicy"]
    assert sched["schedulePolicyType"] == "SimpleSchedulePolicyV2"


def test_messages_quote_values_as_json() -> None:
    body = json.loads(json.dumps(QUICKSTART_DAILY))
    body["properties"]["schedulePolicy"]["schedulePolicyType"] = None
    with pytest.raises(AzureError) as info:
        import_policy(body)
    assert info.value.message.startswith("null is not supported;")
    body["properties"]["backupManagementType"] = "AzureStorage"
    with pytest.raises(AzureError) as info:
        import_policy(body)
    assert info.value.message.startswith('"AzureStorage" is not supported;')


def test_arm_template_is_named_as_such() -> None:
    with pytest.raises(AzureError) as info:
        import_policy({"$schema": "https://schema.management.azure.com/x#",
                       "resources": [{"type": "Microsoft.RecoveryServices/vaults"}]})
    assert info.value.path == "resources"
    assert "ARM template" in info.value.message


# --- command line: bad input, -o ----------------------------------------------------------


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def test_json_syntax_error_has_the_position(tmp_path: Path) -> None:
    src = tmp_path / "bad.json"
    src.write_text('{"properties": ,}')
    res = _run("import", "azure", str(src))
    assert res.exit_code == 2
    assert res.stderr == f"{src}:1:16: error: (file): JSON syntax error: Expecting value\n"


def test_azure_error_line_format(tmp_path: Path) -> None:
    src = tmp_path / "hourly.json"
    body = json.loads(json.dumps(HOURLY_RESPONSE))
    body["properties"]["policyType"] = "V1"
    src.write_text(json.dumps(body))
    res = _run("import", "azure", str(src))
    assert res.exit_code == 2
    assert res.stderr.startswith(f"{src}: error: properties.schedulePolicy."
                                 "schedulePolicyType: null is not supported")


@pytest.mark.parametrize("name", ["policy.txt", "policy"])
def test_output_must_be_a_policy_file(tmp_path: Path, name: str) -> None:
    src = tmp_path / "daily.json"
    src.write_text(json.dumps(QUICKSTART_DAILY))
    res = _run("import", "azure", str(src), "-o", str(tmp_path / name))
    assert res.exit_code == 2
    assert "a policy file ends in .yaml, .yml, .toml or .json" in res.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["daily.json"]


def test_output_never_replaces_the_body_being_imported(tmp_path: Path) -> None:
    src = tmp_path / "daily.json"
    text = json.dumps(QUICKSTART_DAILY)
    src.write_text(text)
    res = _run("import", "azure", str(src), "-o", str(tmp_path / "." / "daily.json"))
    assert res.exit_code == 2
    assert "is the Azure body being imported" in res.stderr
    assert src.read_text() == text


def test_output_replaces_an_existing_file(tmp_path: Path) -> None:
    src = tmp_path / "daily.json"
    src.write_text(json.dumps(QUICKSTART_DAILY))
    out = tmp_path / "daily.yaml"
    out.write_text("old\n")
    res = _run("import", "azure", str(src), "-o", str(out))
    assert res.exit_code == 0
    assert "name: DailyBackupPolicy1\n" in out.read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["daily.json", "daily.yaml"]


@pytest.mark.parametrize("command", [
    ["import", "azure", "{src}", "-o", "{out}.yaml"],
    ["export", "azure", str(EXAMPLES / "berlin-file-server.yaml"), "-o", "{out}.json"],
    ["export", "powershell", str(EXAMPLES / "berlin-file-server.yaml"), "-o", "{out}.ps1"],
])
def test_output_into_a_missing_folder_writes_nothing(tmp_path: Path, command: list[str]) -> None:
    src = tmp_path / "daily.json"
    src.write_text(json.dumps(QUICKSTART_DAILY))
    out = tmp_path / "missing" / "policy"
    res = _run(*(c.format(src=src, out=out) for c in command))
    assert res.exit_code == 2
    assert "cannot write: No such file or directory" in res.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["daily.json"]
