"""Bicep and Terraform exports of azure-vm policies, golden-tested (issue 17, item 6).

Set ``UPDATE_GOLDEN=1`` to rewrite the golden files after an intended change.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy import __version__
from policy.azure.exporter import export_policy
from policy.azure.iac import bicep, terraform
from policy.azure.importer import import_policy
from policy.cli.main import cli
from policy.files.document import dumps, load
from tests.azure.bodies import SPECS_COMPLEX_RESPONSE, WITH_RESOURCE_GROUP
from tests.azure.bodies_v2 import PS_WEEKLY_GET, REST_DAILY, REST_HOURLY, WEEKLY_TIER_AFTER
from tests.conftest import EXAMPLES, ROOT

GOLDEN = ROOT / "tests" / "azure" / "golden"
CASES = {"vm-pacific": (EXAMPLES / "azure-vm-pacific.json"),
         "vm-weekly-imported": SPECS_COMPLEX_RESPONSE,
         "vm-instant-restore-imported": WITH_RESOURCE_GROUP,
         # Enhanced (V2, issue 18): hourly, daily with retention times of their own,
         # weekly with TierRecommended (real traffic) and TierAfter.
         "vm-enhanced-hourly": (EXAMPLES / "azure-vm-enhanced-hourly.yaml"),
         "v2-hourly-imported": REST_HOURLY, "v2-daily-imported": REST_DAILY,
         "v2-weekly-tier-recommended": PS_WEEKLY_GET,
         "v2-weekly-tier-after": WEEKLY_TIER_AFTER}


def _policy(case: str, tmp_path: Path) -> Path:
    source = CASES[case]
    if isinstance(source, Path):
        return source
    path = tmp_path / f"{case}.yaml"
    path.write_text(dumps(import_policy(source).policy, "yaml"))
    return path


@pytest.mark.parametrize("kind", ["bicep", "terraform"])
@pytest.mark.parametrize("case", list(CASES))
def test_golden(case: str, kind: str, tmp_path: Path) -> None:
    path = _policy(case, tmp_path)
    res = CliRunner().invoke(cli, ["export", kind, str(path)])
    assert res.exit_code == 0, res.output
    text = res.stdout.replace(__version__, "VERSION")
    golden = GOLDEN / f"{case}.{'bicep' if kind == 'bicep' else 'tf'}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def _bicep_to_json(text: str) -> object:
    """The properties object of the Bicep resource, read back as JSON (an independent check)."""
    block = text[text.index("  properties: {") + len("  properties: "):text.rindex("\n}\n")]
    out = re.sub(r"'((?:[^'\\]|\\.)*)'", lambda m: json.dumps(m[1].replace("\\'", "'")), block)
    out = re.sub(r"^(\s*)([A-Za-z_]\w*): ", r'\1"\2": ', out, flags=re.M)
    out = re.sub(r"([^\s{\[])\n(\s*)(?=[\"\[{\d-]|true|false|null)", r"\1,\n\2", out)
    return json.loads(out)


@pytest.mark.parametrize("case", list(CASES))
def test_bicep_properties_are_the_rest_body(case: str, tmp_path: Path) -> None:
    policy = load(_policy(case, tmp_path)).policy
    assert _bicep_to_json(bicep(policy, "x").text) == export_policy(policy).body["properties"]


def test_terraform_names_what_azurerm_cannot_carry() -> None:
    policy = import_policy(WITH_RESOURCE_GROUP).policy
    notes = terraform(policy, "x").notes
    assert "snapshotConsistencyType 'OnlyCrashConsistent': azurerm_backup_policy_vm has no " \
        "argument for it" in notes
    assert "azure.extra properties.futureSetting: azurerm_backup_policy_vm has no argument " \
        "for it" in notes
    assert any(n.startswith("tieringPolicy (DoNotTier)") for n in notes)
    assert "instant_restore_resource_group {" in terraform(policy, "x").text


@pytest.mark.parametrize("kind", ["bicep", "terraform"])
def test_mars_policies_are_refused(kind: str) -> None:
    res = CliRunner().invoke(cli, ["export", kind, str(EXAMPLES / "berlin-file-server.yaml")])
    assert res.exit_code == 2
    assert "use `retention export powershell`" in res.stderr
    assert "Traceback" not in res.output
