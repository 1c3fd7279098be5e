"""The Summary's read-only azure: line (issue 18): what export azure writes back verbatim."""

from __future__ import annotations

from policy.azure.importer import import_policy
from policy.files.document import load
from tests.azure.bodies_v2 import PS_WEEKLY_GET, REST_DAILY
from tests.conftest import EXAMPLES
from tui.widgets.azure_kept import kept_line


def test_an_imported_policy_lists_what_is_kept() -> None:
    assert kept_line(import_policy(PS_WEEKLY_GET).policy) == (
        "azure: kept verbatim for export azure (read-only): policyType stated, snapshot "
        "resource group, TierRecommended duration, DateTime form")
    assert kept_line(import_policy(REST_DAILY).policy) == (
        "azure: kept verbatim for export azure (read-only): policyType stated, snapshot "
        "consistency OnlyCrashConsistent, DateTime form (+5 exact), 3 other fields")


def test_a_policy_without_the_section_says_nothing() -> None:
    assert kept_line(load(EXAMPLES / "azure-vm-enhanced-hourly.yaml").policy) == ""
    assert kept_line(None) == ""
