"""Azure REST import/export: the research examples, every unsupported construct, round trips."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given

from policy.azure.exporter import export_policy
from policy.azure.importer import import_policy
from policy.azure.vocabulary import AzureError, parse_time
from policy.cli.main import cli
from policy.files.document import load
from policy.model import zones
from policy.model.models import Policy, Target
from policy.model.rules import effective_times
from policy.model.validation import build_policy
from tests.azure.bodies import MAB_TWO_TIMES
from tests.conftest import EXAMPLES
from tests.strategies import policies

# research/azure-policy.md §3.3, with the yearly schedule the text describes.
IAAS_BODY: dict[str, Any] = {"properties": {
    "backupManagementType": "AzureIaasVM",
    "timeZone": "Pacific Standard Time",
    "schedulePolicy": {"schedulePolicyType": "SimpleSchedulePolicy",
                       "scheduleRunFrequency": "Weekly",
                       "scheduleRunTimes": ["2018-01-24T10:00:00Z"],
                       "scheduleRunDays": ["Monday", "Wednesday", "Thursday"]},
    "retentionPolicy": {
        "retentionPolicyType": "LongTermRetentionPolicy",
        "weeklySchedule": {"daysOfTheWeek": ["Monday", "Wednesday", "Thursday"],
                           "retentionTimes": ["2018-01-24T10:00:00Z"],
                           "retentionDuration": {"count": 1, "durationType": "Weeks"}},
        "monthlySchedule": {"retentionScheduleFormatType": "Weekly",
                            "retentionScheduleWeekly": {
                                "daysOfTheWeek": ["Wednesday", "Thursday"],
                                "weeksOfTheMonth": ["First", "Third"]},
                            "retentionTimes": ["2018-01-24T10:00:00Z"],
                            "retentionDuration": {"count": 2, "durationType": "Months"}},
        "yearlySchedule": {"retentionScheduleFormatType": "Weekly",
                           "monthsOfYear": ["February", "November"],
                           "retentionScheduleWeekly": {"daysOfTheWeek": ["Monday", "Thursday"],
                                                       "weeksOfTheMonth": ["Fourth"]},
                           "retentionTimes": ["2018-01-24T10:00:00Z"],
                           "retentionDuration": {"count": 4, "durationType": "Years"}}}}}

# research/azure-policy.md §3.4 (illustrative MAB body), without its resource name.
MAB_BODY: dict[str, Any] = {"properties": MAB_TWO_TIMES["properties"]}


def test_iaas_example_imports_to_the_expected_policy() -> None:
    result = import_policy(IAAS_BODY, name="vm-weekly")
    assert result.policy.azure is not None
    assert result.policy.model_copy(update={"azure": None}) == build_policy({
        "name": "vm-weekly", "target": "azure-vm", "timezone": "Pacific Standard Time",
        "schedule": {"frequency": "weekly", "days": ["monday", "wednesday", "thursday"],
                     "times": ["10:00"]},
        "retention": {
            "weekly": {"keep": 1, "days": ["monday", "wednesday", "thursday"]},
            "monthly": {"keep": 2, "weeks": ["first", "third"],
                        "weekdays": ["wednesday", "thursday"]},
            "yearly": {"keep": 4, "months": ["february", "november"], "weeks": ["fourth"],
                       "weekdays": ["monday", "thursday"]}}})
    assert result.policy.zone_name == "America/Los_Angeles"


def test_mab_example_imports_to_the_expected_policy() -> None:
    result = import_policy(MAB_BODY, name="lab", timezone="Europe/Berlin")
    assert result.policy.model_copy(update={"azure": None}) == build_policy({
        "name": "lab", "target": "mars", "timezone": "Europe/Berlin",
        "schedule": {"frequency": "daily", "times": ["00:00", "18:00"]},
        "retention": {
            "daily": {"keep": 7},
            "weekly": {"keep": 4, "days": ["saturday"], "times": ["00:00", "18:00"]},
            "yearly": {"keep": 10, "months": ["march"], "weeks": ["last"],
                       "weekdays": ["saturday"]}}})


def test_whole_resource_and_bare_properties_import_alike() -> None:
    resource = {"id": "/subscriptions/x/…/backupPolicies/NightlyVm", "name": "NightlyVm",
                "type": "Microsoft.RecoveryServices/vaults/backupPolicies", **IAAS_BODY}
    whole = import_policy(resource).policy
    bare = import_policy(IAAS_BODY["properties"], name="NightlyVm").policy
    assert whole == bare
    assert whole.name == "NightlyVm"


def test_day_based_format_and_is_last() -> None:
    body = copy.deepcopy(MAB_BODY)
    body["properties"]["retentionPolicy"]["monthlySchedule"] = {
        "retentionScheduleFormatType": "Daily",
        "retentionScheduleDaily": {"daysOfTheMonth": [{"date": 1, "isLast": False},
                                                      {"date": 0, "isLast": True}]},
        "retentionScheduleWeekly": None,
        "retentionTimes": ["2024-01-01T18:00:00Z"],
        "retentionDuration": {"count": 36, "durationType": "Months"}}
    monthly = import_policy(body, name="x", timezone="UTC").policy.retention.monthly
    assert monthly is not None
    assert monthly.days_of_month == (1, "last")
    assert [t.isoformat() for t in monthly.times or ()] == ["18:00:00"]


def test_weekly_frequency_is_read_for_mab_and_refused_for_vm() -> None:
    body = copy.deepcopy(IAAS_BODY)
    body["properties"]["schedulePolicy"]["scheduleWeeklyFrequency"] = 2
    with pytest.raises(AzureError, match="azure-vm policies run every week") as info:
        import_policy(body, name="x")
    assert info.value.path == "properties.schedulePolicy.scheduleWeeklyFrequency"
    body["properties"]["backupManagementType"] = "MAB"
    del body["properties"]["timeZone"]
    ret = body["properties"]["retentionPolicy"]
    ret["weeklySchedule"]["retentionDuration"]["count"] = 4
    ret["monthlySchedule"]["retentionDuration"]["count"] = 3
    policy = import_policy(body, name="x", timezone="UTC").policy
    assert policy.schedule.every_weeks == 2


UNSUPPORTED: list[tuple[str, Any, str]] = [
    ("schedulePolicy.scheduleRunFrequency", "Hourly",
     "properties.schedulePolicy.scheduleRunFrequency"),
    ("schedulePolicy.hourlySchedule", {"interval": 4},
     "properties.schedulePolicy.hourlySchedule"),
    # An enhanced schedule keeps its runs in weeklySchedule, not scheduleRunTimes.
    ("schedulePolicy.schedulePolicyType", "SimpleSchedulePolicyV2",
     "properties.schedulePolicy.weeklySchedule"),
    ("schedulePolicy.schedulePolicyType", "LongTermSchedulePolicy",
     "properties.schedulePolicy.schedulePolicyType"),
    ("retentionPolicy", {"retentionPolicyType": "SimpleRetentionPolicy",
                         "retentionDuration": {"count": 30, "durationType": "Days"}},
     "properties.retentionPolicy.retentionPolicyType"),
    ("tieringPolicy", {"SnapshotRP": {"tieringMode": "TierAfter", "duration": 3,
                                      "durationType": "Months"}},
     "properties.tieringPolicy.SnapshotRP.tieringMode"),
    ("tieringPolicy", {"ArchivedRP": {"tieringMode": "TierAfter", "duration": 3,
                                      "durationType": "Invalid"}},
     "properties.tieringPolicy.ArchivedRP.durationType"),
    ("policyType", "V2", "properties.policyType"),
    ("backupManagementType", "AzureStorage", "properties.backupManagementType"),
    ("retentionPolicy.monthlySchedule.retentionScheduleFormatType", "Invalid",
     "properties.retentionPolicy.monthlySchedule.retentionScheduleFormatType"),
    ("retentionPolicy.weeklySchedule.retentionDuration.durationType", "Days",
     "properties.retentionPolicy.weeklySchedule.retentionDuration.durationType"),
    ("retentionPolicy.yearlySchedule.retentionScheduleWeekly.weeksOfTheMonth", ["Fifth"],
     "properties.retentionPolicy.yearlySchedule.retentionScheduleWeekly.weeksOfTheMonth[0]"),
    ("schedulePolicy.scheduleRunTimes", ["2018-01-24T10:00:00+01:00"],
     "properties.schedulePolicy.scheduleRunTimes[0]"),
    ("schedulePolicy.scheduleRunTimes", ["2018-01-24T10:00:30Z"],
     "properties.schedulePolicy.scheduleRunTimes[0]"),
    ("schedulePolicy.scheduleRunDays", ["Funday"],
     "properties.schedulePolicy.scheduleRunDays[0]"),
    ("retentionPolicy.weeklySchedule.retentionDuration.count", 0,
     "properties.retentionPolicy.weeklySchedule.retentionDuration.count"),
    ("schedulePolicy.scheduleWeeklyFrequency", 5,
     "properties.schedulePolicy.scheduleWeeklyFrequency"),
]


def _with(path: str, value: Any) -> dict[str, Any]:
    body = copy.deepcopy(IAAS_BODY)
    node = body["properties"]
    *parents, last = path.split(".")
    for part in parents:
        node = node[part]
    node[last] = value
    return body


@pytest.mark.parametrize(("field", "value", "json_path"), UNSUPPORTED,
                         ids=[f"{f}={v!r}"[:60] for f, v, _ in UNSUPPORTED])
def test_unsupported_constructs_name_their_json_path(field: str, value: Any,
                                                     json_path: str) -> None:
    with pytest.raises(AzureError) as info:
        import_policy(_with(field, value), name="x")
    assert info.value.path == json_path


def test_mab_without_timezone_asks_for_one() -> None:
    with pytest.raises(AzureError, match="--timezone") as info:
        import_policy(MAB_BODY, name="x")
    assert info.value.path == "properties.timeZone"


def test_instant_restore_days_are_kept_and_written_back() -> None:
    body = copy.deepcopy(IAAS_BODY)
    body["properties"]["instantRpRetentionRangeInDays"] = 2
    result = import_policy(body, name="x")
    assert result.notes == []
    assert result.policy.instant_restore_days == 2  # the policy's own field (issue 18)
    assert export_policy(result.policy).body["properties"]["instantRpRetentionRangeInDays"] == 2


def test_bad_timezone_option_is_blamed_on_the_option() -> None:
    with pytest.raises(AzureError) as info:
        import_policy(MAB_BODY, name="x", timezone="Europe/Berln")
    assert info.value.path == "--timezone"
    assert "did you mean Europe/Berlin" in info.value.message


def test_a_list_of_policies_is_refused() -> None:
    with pytest.raises(AzureError, match="one policy at a time"):
        import_policy({"value": [IAAS_BODY]})


def test_every_rule_breach_is_reported_with_its_json_path() -> None:
    body = _with("retentionPolicy.weeklySchedule.retentionDuration.count", 0)
    body["properties"]["retentionPolicy"]["monthlySchedule"]["retentionDuration"]["count"] = 0
    with pytest.raises(AzureError) as info:
        import_policy(body, name="x")
    assert [line.split(":")[0] for line in info.value.lines()] == [
        "properties.retentionPolicy.weeklySchedule.retentionDuration.count",
        "properties.retentionPolicy.monthlySchedule.retentionDuration.count"]


@pytest.mark.parametrize(("text", "expected"), [
    ("2018-01-24T10:00:00Z", "10:00"), ("2024-01-01T23:30:00.000Z", "23:30"),
    ("2024-01-01T00:00:00+00:00", "00:00"), ("2024-01-01T18:00", "18:00")])
def test_azure_datetimes_give_their_time_of_day(text: str, expected: str) -> None:
    assert parse_time(text, "t") == expected


# --- export ---------------------------------------------------------------------------------


def test_export_of_the_pacific_example_is_the_exact_rest_body() -> None:
    policy = load(EXAMPLES / "azure-vm-pacific.json").policy
    result = export_policy(policy)
    t = "2026-02-10T23:30:00Z"  # the anchor's date, the policy's wall-clock time
    assert result.body == {"properties": {
        "backupManagementType": "AzureIaasVM",
        "timeZone": "Pacific Standard Time",
        "schedulePolicy": {"schedulePolicyType": "SimpleSchedulePolicy",
                           "scheduleRunFrequency": "Daily", "scheduleRunTimes": [t],
                           "scheduleWeeklyFrequency": 0},
        "retentionPolicy": {
            "retentionPolicyType": "LongTermRetentionPolicy",
            "dailySchedule": {"retentionTimes": [t],
                              "retentionDuration": {"count": 14, "durationType": "Days"}},
            "weeklySchedule": {"daysOfTheWeek": ["Sunday"], "retentionTimes": [t],
                               "retentionDuration": {"count": 4, "durationType": "Weeks"}},
            "monthlySchedule": {"retentionScheduleFormatType": "Weekly",
                                "retentionScheduleWeekly": {"daysOfTheWeek": ["Sunday"],
                                                            "weeksOfTheMonth": ["First"]},
                                "retentionTimes": [t],
                                "retentionDuration": {"count": 12, "durationType": "Months"}},
            "yearlySchedule": {"retentionScheduleFormatType": "Weekly",
                               "monthsOfYear": ["January"],
                               "retentionScheduleWeekly": {"daysOfTheWeek": ["Sunday"],
                                                           "weeksOfTheMonth": ["First"]},
                               "retentionTimes": [t],
                               "retentionDuration": {"count": 3, "durationType": "Years"}}}}}
    assert any(n.startswith("clock:") for n in result.notes)
    assert any(n.startswith("retention.combine:") for n in result.notes)


def test_mab_export_never_invents_a_timezone_and_names_what_it_leaves_out() -> None:
    policy = load(EXAMPLES / "berlin-file-server.yaml").policy
    result = export_policy(policy)
    props = result.body["properties"]
    assert props["backupManagementType"] == "MAB"
    assert "timeZone" not in props
    left_out = {n.split(":")[0] for n in result.notes}
    assert {"timezone", "clock", "window", "data", "machine"} <= left_out
    monthly = props["retentionPolicy"]["monthlySchedule"]
    assert monthly["retentionScheduleDaily"] == {"daysOfTheMonth": [{"date": 0, "isLast": True}]}
    assert monthly["retentionTimes"] == ["2026-01-15T23:30:00Z"]


def test_imported_timezone_comes_back_unchanged() -> None:
    policy = import_policy(IAAS_BODY, name="x").policy
    again = export_policy(policy).body
    assert again["properties"]["timeZone"] == "Pacific Standard Time"
    assert import_policy(again, name="x").policy == policy


def test_iana_zone_is_exported_as_its_windows_id() -> None:
    data = json.loads((EXAMPLES / "azure-vm-pacific.json").read_text())
    berlin = build_policy(data | {"timezone": "Europe/Berlin"})
    assert export_policy(berlin).body["properties"]["timeZone"] == "W. Europe Standard Time"
    dublin = build_policy(data | {"timezone": "Europe/Dublin"})
    result = export_policy(dublin)
    assert result.body["properties"]["timeZone"] == "GMT Standard Time"
    assert any("maps back to Europe/London" in n for n in result.notes)


def carried(policy: Policy) -> dict[str, Any]:
    """What an Azure body carries of a policy: target, zone, schedule and retention."""
    sched = policy.schedule
    tiers: dict[str, Any] = {}
    for name, tier in policy.retention.tiers().items():
        tiers[name] = (tier.keep, effective_times(policy, name),
                       *(getattr(tier, f, None) for f in
                         ("days", "days_of_month", "weeks", "weekdays", "months")))
    return {"target": policy.target, "schedule": (sched.frequency, sched.days,
                                                  sched.weeks_interval, sched.times),
            "retention": tiers}


@given(policies())
def test_round_trip_keeps_everything_azure_can_carry(policy: Policy) -> None:
    result = export_policy(policy)
    body = json.loads(json.dumps(result.body))
    mars = policy.target is Target.MARS
    back = import_policy(body, name=policy.name,
                         timezone=policy.timezone if mars else None).policy
    assert carried(back) == carried(policy)
    if mars:
        assert back.timezone == policy.timezone
    else:
        same = zones.resolve_name(back.timezone) == policy.zone_name
        assert same or any("maps back" in n for n in result.notes)
    for name in ("clock", "window", "data"):
        if getattr(policy, name) is not None:
            assert any(n.startswith(f"{name}:") for n in result.notes)


# --- command line --------------------------------------------------------------------------


def test_cli_import_writes_commented_yaml(tmp_path: Any) -> None:
    src = tmp_path / "vm.json"
    src.write_text(json.dumps({"name": "NightlyVm", **IAAS_BODY}))
    out = tmp_path / "vm.yaml"
    res = CliRunner().invoke(cli, ["import", "azure", str(src), "-o", str(out)])
    assert res.exit_code == 0, res.output
    text = out.read_text()
    assert text.startswith(f"# Imported from {src} by retention")
    assert '#   timeZone "Pacific Standard Time" -> timezone (IANA America/Los_Angeles' in text
    loaded = load(out)
    assert loaded.policy == import_policy(IAAS_BODY, name="NightlyVm").policy


def test_cli_import_to_stdout_and_toml(tmp_path: Any) -> None:
    src = tmp_path / "lab.json"
    src.write_text(json.dumps(MAB_BODY))
    res = CliRunner().invoke(cli, ["import", "azure", str(src), "--timezone", "Europe/Berlin"])
    assert res.exit_code == 0, res.output
    assert "name: lab\n" in res.stdout
    out = tmp_path / "lab.toml"
    res = CliRunner().invoke(cli, ["import", "azure", str(src), "--timezone",
                                   "Europe/Berlin", "-o", str(out)])
    assert res.exit_code == 0
    assert load(out).policy.name == "lab"


@pytest.mark.parametrize(("field", "value", "json_path"), UNSUPPORTED[:7])
def test_cli_import_errors_exit_2_with_the_path(tmp_path: Any, field: str, value: Any,
                                                json_path: str) -> None:
    src = tmp_path / "bad.json"
    src.write_text(json.dumps(_with(field, value)))
    res = CliRunner().invoke(cli, ["import", "azure", str(src)])
    assert res.exit_code == 2
    assert f"error: {json_path}: " in res.stderr
    assert "Traceback" not in res.output


@pytest.mark.parametrize("text", ["{", "[1, 2]", "", "\x00\x01"])
def test_cli_import_garbage_exits_2(tmp_path: Any, text: str) -> None:
    src = tmp_path / "garbage.json"
    src.write_text(text)
    res = CliRunner().invoke(cli, ["import", "azure", str(src)])
    assert res.exit_code == 2
    assert res.stderr.strip() and "Traceback" not in res.output


def test_cli_export_azure_prints_json_and_notes(tmp_path: Any) -> None:
    res = CliRunner().invoke(cli, ["export", "azure", str(EXAMPLES / "berlin-file-server.yaml")])
    assert res.exit_code == 0
    assert json.loads(res.stdout)["properties"]["backupManagementType"] == "MAB"
    assert "note: window: not in the Azure body" in res.stderr
