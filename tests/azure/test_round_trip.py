"""Import -> policy file -> export gives the body back, field by field (issue 17).

Only read-only fields (``protectedItemsCount``, the resource ``id``/``type``; ``name`` is
the URL's) are left out, and each is named in a note.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given

from policy.azure.exporter import export_policy
from policy.azure.importer import import_policy
from policy.azure.vocabulary import AzureError
from policy.cli.main import cli
from policy.files.document import dumps, load, loads
from policy.model.errors import PolicyInvalid
from policy.model.models import Policy
from policy.model.validation import build_policy
from tests.azure.bodies import (
    AZCLI_DEFAULT,
    ROUND_TRIP,
    SPECS_COMPLEX_RESPONSE,
    SPECS_DEFAULT_POLICY,
    SPECS_SIMPLE,
    TERRAFORM_DAYS,
    V2_HOURLY,
    WITH_RESOURCE_GROUP,
)
from tests.strategies import policies


def _writable(body: dict[str, Any]) -> dict[str, Any]:
    props = {k: v for k, v in body["properties"].items() if k != "protectedItemsCount"}
    return {"properties": props}


@pytest.mark.parametrize("fmt", ["yaml", "toml", "json"])
@pytest.mark.parametrize(("name", "body", "zone"), ROUND_TRIP, ids=[r[0] for r in ROUND_TRIP])
def test_every_body_comes_back_unchanged(name: str, body: dict[str, Any], zone: str | None,
                                         fmt: str) -> None:
    imported = import_policy(body, timezone=zone)
    again = loads(dumps(imported.policy, fmt), fmt=fmt).policy  # type: ignore[arg-type]
    assert again == imported.policy
    assert export_policy(again).body == _writable(body)


def test_read_only_fields_are_named_when_dropped() -> None:
    notes = import_policy(SPECS_COMPLEX_RESPONSE).notes
    assert notes == ["id (\"/Subscriptions/00000000/resourceGroups/SwaggerTestRg/provi…) "
                     "is read-only and not kept: Azure sets it",
                     "type (\"Microsoft.RecoveryServices/vaults/backupPolicies\") is read-only "
                     "and not kept: Azure sets it",
                     "properties.protectedItemsCount (0) is read-only and not kept: Azure "
                     "sets it"]


def test_weekly_frequency_zero_and_absent_timezone_are_kept() -> None:
    policy = import_policy(SPECS_DEFAULT_POLICY).policy
    assert policy.azure is not None
    assert policy.azure.schedule_weekly_frequency == 0
    assert policy.azure.omit_time_zone is True
    assert policy.timezone == "UTC"
    assert "timeZone" not in export_policy(policy).body["properties"]


def test_instant_restore_policy_type_and_tiering_are_typed_fields() -> None:
    section = import_policy(WITH_RESOURCE_GROUP).policy.azure
    assert section is not None
    policy = import_policy(WITH_RESOURCE_GROUP).policy
    assert (policy.policy_type.value, policy.instant_restore_days) == ("standard", 2)
    assert section.model_dump(exclude_none=True, mode="json") == {
        "write_policy_type": True,
        "instant_restore_resource_group": {"prefix": "rg-backup-", "suffix": "-snap"},
        "snapshot_consistency": "OnlyCrashConsistent",
        "tiering": {"ArchivedRP": {"tiering_mode": "DoNotTier", "duration": 0,
                                   "duration_type": "Invalid"}},
        "schedule_weekly_frequency": 0, "omit_time_zone": False,
        "datetimes": {"date": "2021-06-01", "suffix": ":00.000Z", "exact": {}},
        "extra": {"properties.futureSetting": '{"enabled": true, "level": [1, 2]}',
                  "properties.schedulePolicy.futureScheduleFlag": "null"}}


def test_a_policy_edit_wins_over_a_kept_field() -> None:
    policy = import_policy(SPECS_DEFAULT_POLICY).policy
    weekly = build_policy({**json.loads(dumps(policy, "json")),
                           "schedule": {"frequency": "weekly", "days": ["sunday"],
                                        "times": ["19:00"]},
                           "retention": {"weekly": {"keep": 4, "days": ["sunday"]}}})
    props = export_policy(weekly).body["properties"]
    assert props["schedulePolicy"]["scheduleRunDays"] == ["Sunday"]
    assert props["schedulePolicy"]["scheduleWeeklyFrequency"] == 0
    assert "dailySchedule" not in props["retentionPolicy"]


def test_time_only_strings_import_and_come_back_so() -> None:
    result = import_policy(TERRAFORM_DAYS)
    assert [t.isoformat() for t in result.policy.schedule.times] == ["23:00:00"]
    assert result.notes == []
    monthly = result.policy.retention.monthly
    assert monthly is not None and monthly.days_of_month == (*range(1, 11), "last")
    assert export_policy(result.policy).body == _writable(TERRAFORM_DAYS)


def test_enum_values_are_read_in_any_case() -> None:
    body = copy.deepcopy(SPECS_DEFAULT_POLICY)
    props = body["properties"]
    props["backupManagementType"] = "azureiaasvm"
    props["schedulePolicy"]["scheduleRunFrequency"] = "daily"
    props["schedulePolicy"]["schedulePolicyType"] = "simpleschedulepolicy"
    props["retentionPolicy"]["retentionPolicyType"] = "longtermretentionpolicy"
    props["retentionPolicy"]["dailySchedule"]["retentionDuration"]["durationType"] = "days"
    policy = import_policy(body).policy
    assert policy.timezone == "UTC"  # not the MAB "--timezone" message
    assert export_policy(policy).body == _writable(SPECS_DEFAULT_POLICY)


def test_daily_count_1_imports_with_a_warning_saying_what_azure_refuses() -> None:
    policy = import_policy(SPECS_SIMPLE).policy
    assert policy.retention.daily is not None and policy.retention.daily.keep == 1
    without_section = json.loads(dumps(policy, "json"))
    del without_section["azure"]
    with pytest.raises(PolicyInvalid, match="out of range: daily points are kept 7 to 9999"):
        build_policy(without_section)


def test_cli_import_of_daily_1_writes_the_file_and_exits_1(tmp_path: Path) -> None:
    src = tmp_path / "simple.json"
    src.write_text(json.dumps(SPECS_SIMPLE))
    out = tmp_path / "simple.yaml"
    res = CliRunner().invoke(cli, ["import", "azure", str(src), "-o", str(out)])
    assert res.exit_code == 1, res.output
    assert "warning: retention.daily.keep: 1 days: Azure refuses this for a new azure-vm" \
        in res.stderr
    assert "# Azure would refuse as a new policy" in out.read_text()
    res = CliRunner().invoke(cli, ["validate", str(out)])
    assert res.exit_code == 0
    assert "warning: retention.daily.keep: 1 days: Azure refuses this" in res.stdout
    assert CliRunner().invoke(cli, ["validate", "--strict", str(out)]).exit_code == 1


def test_cli_import_comments_what_it_drops(tmp_path: Path) -> None:
    src = tmp_path / "complex.json"
    src.write_text(json.dumps(SPECS_COMPLEX_RESPONSE))
    out = tmp_path / "complex.yaml"
    res = CliRunner().invoke(cli, ["import", "azure", str(src), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "note: properties.protectedItemsCount (0) is read-only and not kept" in res.stderr
    text = out.read_text()
    assert "#   properties.protectedItemsCount (0) is read-only and not kept" in text
    exported = CliRunner().invoke(cli, ["export", "azure", str(out)])
    assert json.loads(exported.stdout) == _writable(SPECS_COMPLEX_RESPONSE)
    assert load(out).policy == import_policy(SPECS_COMPLEX_RESPONSE).policy


def test_policy_type_must_agree_with_the_schedule_type() -> None:
    body = copy.deepcopy(AZCLI_DEFAULT)
    body["properties"]["policyType"] = "V2"
    with pytest.raises(AzureError, match="contradicts schedulePolicyType") as info:
        import_policy(body)
    assert info.value.path == "properties.policyType"
    assert import_policy(V2_HOURLY).policy.policy_type.value == "enhanced"


@pytest.mark.parametrize(("section", "loc", "text"), [
    ({"extra": {"properties.schedulePolicy.scheduleRunTimes": "[]"}}, "azure.extra",
     "is written from the policy itself"),
    ({"extra": {"properties.x": "{not json"}}, "azure.extra", "is not JSON text"),
    ({"extra": {"a..b": "1"}}, "azure.extra", "is not a JSON path"),
    ({"instant_restore_days": 9}, "instant_restore_days", "out of range"),
    ({"policy_type": "V3"}, "azure.policy_type", "is not V1 or V2"),
    ({"tiering": {"ArchivedRP": {"tiering_mode": "TierAfter"}}},
     "azure.tiering.ArchivedRP.tiering_mode", "not allowed"),
    ({"omit_time_zone": True}, "azure.omit_time_zone", "reads as UTC"),
    ({"unknown": 1}, "azure.unknown", "unknown field"),
])
def test_validate_checks_the_section_shape(section: dict[str, Any], loc: str,
                                           text: str) -> None:
    data = {"name": "x", "target": "azure-vm", "timezone": "Europe/Berlin",
            "schedule": {"frequency": "daily", "times": ["22:00"]},
            "retention": {"daily": {"keep": 30}}, "azure": section}
    with pytest.raises(PolicyInvalid) as info:
        build_policy(data)
    assert [(p.loc, text in p.message) for p in info.value.problems] == [(loc, True)]


def test_legacy_section_fields_move_to_the_policy() -> None:
    """Files of issue 17 kept policy type and instant restore in azure:; they migrate."""
    data = {"name": "x", "target": "azure-vm", "timezone": "UTC",
            "schedule": {"frequency": "daily", "times": ["22:00"]},
            "retention": {"daily": {"keep": 30}},
            "azure": {"policy_type": "V1", "instant_restore_days": 3}}
    policy = build_policy(data)
    assert (policy.policy_type.value, policy.instant_restore_days) == ("standard", 3)
    assert policy.azure is not None and policy.azure.write_policy_type is True
    assert export_policy(policy).body["properties"]["policyType"] == "V1"
    assert build_policy({**data, "instant_restore_days": 3}) == policy


@pytest.mark.parametrize(("top", "loc", "text"), [
    ({"policy_type": "enhanced"}, "azure.policy_type",
     "V1 contradicts policy_type: enhanced (V1 is standard, V2 enhanced); the top-level "
     "policy_type is the one setting now: remove azure.policy_type"),
    ({"instant_restore_days": 5}, "azure.instant_restore_days",
     "3 contradicts instant_restore_days: 5; the top-level instant_restore_days is the one "
     "setting now: remove azure.instant_restore_days"),
])
def test_contradicting_legacy_fields_are_refused(top: dict[str, Any], loc: str,
                                                 text: str) -> None:
    data = {"name": "x", "target": "azure-vm", "timezone": "UTC",
            "schedule": {"frequency": "daily", "times": ["22:00"]},
            "retention": {"daily": {"keep": 30}}, **top,
            "azure": {"policy_type": "V1", "instant_restore_days": 3}}
    with pytest.raises(PolicyInvalid) as info:
        build_policy(data)
    assert [(p.loc, p.message) for p in info.value.problems] == [(loc, text)]


def test_mab_policies_have_no_vm_fields() -> None:
    data = {"name": "x", "timezone": "Europe/Berlin",
            "schedule": {"frequency": "daily", "times": ["22:00"]},
            "retention": {"daily": {"keep": 30}},
            "azure": {"instant_restore_resource_group": {}}}
    with pytest.raises(PolicyInvalid, match="MAB \\(mars\\) policy has no instantRPDetails"):
        build_policy(data)


def test_nulls_everywhere_come_back_as_nulls() -> None:
    body = copy.deepcopy(AZCLI_DEFAULT)
    props = body["properties"]
    for key in ("timeZone", "policyType", "instantRPDetails", "tieringPolicy"):
        props[key] = None
    props["schedulePolicy"].update(scheduleWeeklyFrequency=None, hourlySchedule=None)
    props["retentionPolicy"]["weeklySchedule"] = None
    props["resourceGuardOperationRequests"] = ["/subscriptions/x/resourceGuards/g"]
    policy = import_policy(body).policy
    again = loads(dumps(policy, "toml"), fmt="toml").policy
    assert export_policy(again).body == _writable(body)


@given(policies())
def test_export_import_export_is_stable(policy: Policy) -> None:
    """A policy exported and imported again exports the same body (its azure: section)."""
    first = export_policy(policy).body
    zone = policy.timezone if policy.target.value == "mars" else None
    back = import_policy(json.loads(json.dumps(first)), name=policy.name, timezone=zone).policy
    assert export_policy(back).body == first


def test_mab_export_says_how_mars_policies_are_set() -> None:
    res = CliRunner().invoke(cli, ["export", "azure", "examples/berlin-file-server.yaml"])
    assert res.exit_code == 0
    assert "PUT …/" not in res.stderr and "backupPolicies/" not in res.stderr
    assert ("note: this MAB body is the vault's read-only copy of a MARS policy: MARS "
            "policies are set on the protected server, in the MARS console or with the "
            "MSOnlineBackup cmdlets (`retention export powershell`)") in res.stderr
