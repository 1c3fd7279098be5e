"""Azure policy bodies for the round-trip tests, each with where it comes from.

Written from azure-rest-api-specs (recoveryservicesbackup ``examples/AzureIaasVm/*.json``,
``BackupPolicies_List.json``), the azure-cli recording ``test_backup_policy.yaml``, the
quickstart templates and terraform-provider-azurerm's request shapes, as described in the
research notes (azure-policy.md §3.3-3.4, azure-real-bodies.md §1-2).
"""

from __future__ import annotations

import copy
from typing import Any

T = "2018-01-24T10:00:00Z"
_WEEKDAYS = ["Monday", "Wednesday", "Thursday"]

#: ProtectionPolicies_CreateOrUpdate_Complex.json, 200 response: weekly frequency 0,
#: protectedItemsCount (read-only), resource id/name/type.
SPECS_COMPLEX_RESPONSE: dict[str, Any] = {
    "id": "/Subscriptions/00000000/resourceGroups/SwaggerTestRg/providers/"
          "Microsoft.RecoveryServices/vaults/NetSDKTestRsVault/backupPolicies/testPolicy1",
    "name": "testPolicy1", "type": "Microsoft.RecoveryServices/vaults/backupPolicies",
    "properties": {
        "backupManagementType": "AzureIaasVM", "protectedItemsCount": 0,
        "timeZone": "Pacific Standard Time",
        "schedulePolicy": {"schedulePolicyType": "SimpleSchedulePolicy",
                           "scheduleRunFrequency": "Weekly", "scheduleRunDays": _WEEKDAYS,
                           "scheduleRunTimes": [T], "scheduleWeeklyFrequency": 0},
        "retentionPolicy": {
            "retentionPolicyType": "LongTermRetentionPolicy",
            "weeklySchedule": {"daysOfTheWeek": _WEEKDAYS, "retentionTimes": [T],
                               "retentionDuration": {"count": 1, "durationType": "Weeks"}},
            "monthlySchedule": {
                "retentionScheduleFormatType": "Weekly",
                "retentionScheduleWeekly": {"daysOfTheWeek": ["Wednesday", "Thursday"],
                                            "weeksOfTheMonth": ["First", "Third"]},
                "retentionTimes": [T],
                "retentionDuration": {"count": 2, "durationType": "Months"}},
            "yearlySchedule": {
                "retentionScheduleFormatType": "Weekly", "monthsOfYear": ["February", "November"],
                "retentionScheduleWeekly": {"daysOfTheWeek": ["Monday", "Thursday"],
                                            "weeksOfTheMonth": ["Fourth"]},
                "retentionTimes": [T],
                "retentionDuration": {"count": 4, "durationType": "Years"}}}}}

#: BackupPolicies_List.json element "DefaultPolicy": no timeZone.
SPECS_DEFAULT_POLICY: dict[str, Any] = {
    "name": "DefaultPolicy", "properties": {
        "backupManagementType": "AzureIaasVM", "protectedItemsCount": 0,
        "schedulePolicy": {"schedulePolicyType": "SimpleSchedulePolicy",
                           "scheduleRunFrequency": "Daily",
                           "scheduleRunTimes": ["2017-12-05T19:00:00Z"],
                           "scheduleWeeklyFrequency": 0},
        "retentionPolicy": {"retentionPolicyType": "LongTermRetentionPolicy",
                            "dailySchedule": {
                                "retentionTimes": ["2017-12-05T19:00:00Z"],
                                "retentionDuration": {"count": 30, "durationType": "Days"}}}}}

#: ProtectionPolicies_CreateOrUpdate_Simple.json: daily kept 1 day (refused for new policies).
SPECS_SIMPLE: dict[str, Any] = {"name": "testPolicy1", "properties": {
    "backupManagementType": "AzureIaasVM", "timeZone": "Pacific Standard Time",
    "schedulePolicy": {"schedulePolicyType": "SimpleSchedulePolicy",
                       "scheduleRunFrequency": "Daily", "scheduleRunTimes": [T]},
    "retentionPolicy": {"retentionPolicyType": "LongTermRetentionPolicy",
                        "dailySchedule": {"retentionTimes": [T], "retentionDuration": {
                            "count": 1, "durationType": "Days"}}}}}

#: azure-cli recording test_backup_policy.yaml, GET DefaultPolicy: instant restore 2, empty
#: instantRPDetails, policyType V1, tiering DoNotTier, milliseconds in the DateTimes.
AZCLI_DEFAULT: dict[str, Any] = {"name": "DefaultPolicy", "properties": {
    "backupManagementType": "AzureIaasVM", "instantRPDetails": {},
    "instantRpRetentionRangeInDays": 2, "policyType": "V1", "protectedItemsCount": 0,
    "tieringPolicy": {"ArchivedRP": {"tieringMode": "DoNotTier", "duration": 0,
                                     "durationType": "Invalid"}},
    "timeZone": "UTC",
    "schedulePolicy": {"schedulePolicyType": "SimpleSchedulePolicy",
                       "scheduleRunFrequency": "Daily",
                       "scheduleRunTimes": ["2021-06-01T17:30:00.000Z"],
                       "scheduleWeeklyFrequency": 0},
    "retentionPolicy": {"retentionPolicyType": "LongTermRetentionPolicy",
                        "dailySchedule": {"retentionTimes": ["2021-06-01T17:30:00.000Z"],
                                          "retentionDuration": {"count": 30,
                                                                "durationType": "Days"}}}}}

#: The same with a snapshot resource group and a field of a future api-version.
WITH_RESOURCE_GROUP: dict[str, Any] = copy.deepcopy(AZCLI_DEFAULT)
WITH_RESOURCE_GROUP["properties"]["instantRPDetails"] = {
    "azureBackupRGNamePrefix": "rg-backup-", "azureBackupRGNameSuffix": "-snap"}
WITH_RESOURCE_GROUP["properties"]["snapshotConsistencyType"] = "OnlyCrashConsistent"
WITH_RESOURCE_GROUP["properties"]["futureSetting"] = {"enabled": True, "level": [1, 2]}
WITH_RESOURCE_GROUP["properties"]["schedulePolicy"]["futureScheduleFlag"] = None

#: terraform-provider-azurerm request shape: time-only strings, days 1-10 and last.
TERRAFORM_DAYS: dict[str, Any] = {"name": "tf-days", "properties": {
    "backupManagementType": "AzureIaasVM", "policyType": "V1", "timeZone": "UTC",
    "instantRpRetentionRangeInDays": 5,
    "schedulePolicy": {"schedulePolicyType": "SimpleSchedulePolicy",
                       "scheduleRunFrequency": "Daily", "scheduleRunTimes": ["23:00:00Z"]},
    "retentionPolicy": {
        "retentionPolicyType": "LongTermRetentionPolicy",
        "dailySchedule": {"retentionTimes": ["23:00:00Z"],
                          "retentionDuration": {"count": 10, "durationType": "Days"}},
        "monthlySchedule": {
            "retentionScheduleFormatType": "Daily",
            "retentionScheduleDaily": {"daysOfTheMonth": [
                *({"date": d, "isLast": False} for d in range(1, 11)),
                {"date": 0, "isLast": True}]},
            "retentionTimes": ["23:00:00Z"],
            "retentionDuration": {"count": 7, "durationType": "Months"}}}}}

#: research azure-policy.md §3.4 (constructed: no real MAB body is published).
MAB_TWO_TIMES: dict[str, Any] = {"name": "lab", "properties": {
    "backupManagementType": "MAB",
    "schedulePolicy": {"schedulePolicyType": "SimpleSchedulePolicy",
                       "scheduleRunFrequency": "Daily",
                       "scheduleRunTimes": ["2024-01-01T00:00:00Z", "2024-01-01T18:00:00Z"],
                       "scheduleWeeklyFrequency": 0},
    "retentionPolicy": {
        "retentionPolicyType": "LongTermRetentionPolicy",
        "dailySchedule": {"retentionTimes": ["2024-01-01T00:00:00Z", "2024-01-01T18:00:00Z"],
                          "retentionDuration": {"count": 7, "durationType": "Days"}},
        "weeklySchedule": {"daysOfTheWeek": ["Saturday"],
                           "retentionTimes": ["2024-01-01T00:00:00Z", "2024-01-01T18:00:00Z"],
                           "retentionDuration": {"count": 4, "durationType": "Weeks"}},
        "yearlySchedule": {
            "retentionScheduleFormatType": "Weekly", "monthsOfYear": ["March"],
            "retentionScheduleWeekly": {"daysOfTheWeek": ["Saturday"],
                                        "weeksOfTheMonth": ["Last"]},
            "retentionTimes": ["2024-01-01T00:00:00Z"],
            "retentionDuration": {"count": 10, "durationType": "Years"}}}}}

#: (name, body, --timezone) of every body that must come back unchanged.
ROUND_TRIP: list[tuple[str, dict[str, Any], str | None]] = [
    ("specs-complex-response", SPECS_COMPLEX_RESPONSE, None),
    ("specs-default-no-timezone", SPECS_DEFAULT_POLICY, None),
    ("specs-simple-daily-1-day", SPECS_SIMPLE, None),
    ("terraform-time-only-days-1-10-last", TERRAFORM_DAYS, None),
    ("azcli-default-instant-restore-tiering", AZCLI_DEFAULT, None),
    ("resource-group-and-future-fields", WITH_RESOURCE_GROUP, None),
    ("mab-two-times", MAB_TWO_TIMES, "Europe/Berlin"),
]

#: The REST list shape (BackupPolicies_List.json): three importable (one enhanced, V2).
V2_HOURLY: dict[str, Any] = {"name": "v2-hourly", "properties": {
    "backupManagementType": "AzureIaasVM", "policyType": "V2",
    "schedulePolicy": {"schedulePolicyType": "SimpleSchedulePolicyV2",
                       "scheduleRunFrequency": "Hourly",
                       "hourlySchedule": {"interval": 4, "scheduleWindowDuration": 16,
                                          "scheduleWindowStartTime": "2021-12-17T08:00:00Z"}},
    "retentionPolicy": {"retentionPolicyType": "LongTermRetentionPolicy",
                        "dailySchedule": {"retentionTimes": ["2021-12-17T08:00:00Z"],
                                          "retentionDuration": {"count": 30,
                                                                "durationType": "Days"}}}}}
FILES_POLICY: dict[str, Any] = {"name": "files/daily", "properties": {
    "backupManagementType": "AzureStorage", "workLoadType": "AzureFileShare"}}
REST_LIST: dict[str, Any] = {"value": [SPECS_DEFAULT_POLICY, SPECS_COMPLEX_RESPONSE, V2_HOURLY,
                                       FILES_POLICY]}
