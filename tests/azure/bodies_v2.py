"""Enhanced (V2) Azure VM policy bodies for the round-trip tests, each with its source.

REST: azure-rest-api-specs recoveryservicesbackup stable/2025-02-01
``examples/AzureIaasVm/V2Policy/`` (``IaaS_v2_hourly.json``, ``IaaS_v2_daily.json``,
``v2-Get-Policy.json``, ``v2-List-Policies.json``). Real service traffic: azure-powershell
session record ``PolicyTests/TestAzureVMSmartTieringPolicy.json`` (policy
hiagaVMArchiveTierRecomm: the PUT request body and the GET response that followed).
"""

from __future__ import annotations

import copy
from typing import Any

_R = "2021-12-17T08:00:00+00:00"


def _ltr(count: tuple[int, int, int, int], time: str, daily: bool = True) -> dict[str, Any]:
    week = {"daysOfTheWeek": ["Sunday"], "weeksOfTheMonth": ["First"]}
    out: dict[str, Any] = {"retentionPolicyType": "LongTermRetentionPolicy"}
    if daily:
        out["dailySchedule"] = {"retentionDuration": {"count": count[0], "durationType": "Days"},
                                "retentionTimes": [time]}
    out["weeklySchedule"] = {"daysOfTheWeek": ["Sunday"], "retentionTimes": [time],
                             "retentionDuration": {"count": count[1], "durationType": "Weeks"}}
    out["monthlySchedule"] = {"retentionDuration": {"count": count[2], "durationType": "Months"},
                              "retentionScheduleDaily": None,
                              "retentionScheduleFormatType": "Weekly",
                              "retentionScheduleWeekly": dict(week), "retentionTimes": [time]}
    out["yearlySchedule"] = {"monthsOfYear": ["January"],
                             "retentionDuration": {"count": count[3], "durationType": "Years"},
                             "retentionScheduleDaily": None,
                             "retentionScheduleFormatType": "Weekly",
                             "retentionScheduleWeekly": dict(week), "retentionTimes": [time]}
    return out


#: IaaS_v2_hourly.json, 200 response: every 4 h in a 16 h window from 08:00 (India), 30 days
#: of instant restore, the window start written with Z and the retention times with +00:00.
REST_HOURLY: dict[str, Any] = {
    "id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/SwaggerTestRg/"
          "providers/Microsoft.RecoveryServices/vaults/NetSDKTestRsVault/backupPolicies/"
          "v2-daily-sample",
    "name": "v2-daily-sample",
    "properties": {
        "backupManagementType": "AzureIaasVM", "instantRpRetentionRangeInDays": 30,
        "policyType": "V2", "snapshotConsistencyType": "OnlyCrashConsistent",
        "protectedItemsCount": 0, "resourceGuardOperationRequests": None,
        "retentionPolicy": _ltr((180, 12, 60, 10), _R),
        "schedulePolicy": {
            "hourlySchedule": {"interval": 4, "scheduleWindowDuration": 16,
                               "scheduleWindowStartTime": "2021-12-17T08:00:00Z"},
            "schedulePolicyType": "SimpleSchedulePolicyV2", "scheduleRunFrequency": "Hourly"},
        "timeZone": "India Standard Time"},
    "type": "Microsoft.RecoveryServices/vaults/backupPolicies"}

#: IaaS_v2_hourly.json, the PUT request body (no read-only fields).
REST_HOURLY_REQUEST: dict[str, Any] = {"properties": {
    k: v for k, v in REST_HOURLY["properties"].items()
    if k not in ("protectedItemsCount", "resourceGuardOperationRequests")}}

#: IaaS_v2_daily.json, 200 response: runs 10:00, every retention time 08:00 (+00:00).
REST_DAILY: dict[str, Any] = copy.deepcopy(REST_HOURLY)
REST_DAILY["properties"]["schedulePolicy"] = {
    "dailySchedule": {"scheduleRunTimes": ["2018-01-24T10:00:00Z"]},
    "schedulePolicyType": "SimpleSchedulePolicyV2", "scheduleRunFrequency": "Daily"}

#: v2-Get-Policy.json: daily V2 kept 1 day (an existing policy), retention time 02:00.
REST_GET_DAILY: dict[str, Any] = {
    "id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/SwaggerTestRg/"
          "providers/Microsoft.RecoveryServices/vaults/NetSDKTestRsVault/backupPolicies/"
          "v2-daily-sample",
    "name": "v2-daily-sample", "type": "Microsoft.RecoveryServices/vaults/backupPolicies",
    "properties": {
        "backupManagementType": "AzureIaasVM", "instantRpRetentionRangeInDays": 30,
        "policyType": "V2", "snapshotConsistencyType": "OnlyCrashConsistent",
        "schedulePolicy": {"dailySchedule": {"scheduleRunTimes": ["2018-01-24T10:00:00Z"]},
                           "schedulePolicyType": "SimpleSchedulePolicyV2",
                           "scheduleRunFrequency": "Daily"},
        "retentionPolicy": {"retentionPolicyType": "LongTermRetentionPolicy",
                            "dailySchedule": {"retentionTimes": ["2018-01-24T02:00:00Z"],
                                              "retentionDuration": {"count": 1,
                                                                    "durationType": "Days"}}},
        "timeZone": "Pacific Standard Time", "protectedItemsCount": 0,
        "resourceGuardOperationRequests": None}}

#: v2-List-Policies.json, third entry: SimpleSchedulePolicyV2 without policyType.
REST_LIST_V2_ENTRY: dict[str, Any] = {
    "id": "/Subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/SwaggerTestRg/"
          "providers/Microsoft.RecoveryServices/vaults/NetSDKTestRsVault/backupPolicies/"
          "v2-daily-policy",
    "name": "v2-daily-policy", "type": "Microsoft.RecoveryServices/vaults/backupPolicies",
    "properties": {
        "backupManagementType": "AzureIaasVM",
        "schedulePolicy": {"schedulePolicyType": "SimpleSchedulePolicyV2",
                           "scheduleRunFrequency": "Daily",
                           "dailySchedule": {"scheduleRunTimes": ["2018-01-24T10:00:00Z"]}},
        "retentionPolicy": {"retentionPolicyType": "LongTermRetentionPolicy",
                            "dailySchedule": {"retentionTimes": ["2018-01-24T02:00:00Z"],
                                              "retentionDuration": {"count": 1,
                                                                    "durationType": "Days"}}},
        "timeZone": "Pacific Standard Time", "protectedItemsCount": 0}}

_PS_T = "2025-01-06T19:00:00Z"
_PS_WEEKLY_LTR = _ltr((0, 104, 60, 10), _PS_T, daily=False)
for _key in ("monthlySchedule", "yearlySchedule"):
    del _PS_WEEKLY_LTR[_key]["retentionScheduleDaily"]

#: TestAzureVMSmartTieringPolicy.json, GET of hiagaVMArchiveTierRecomm (real traffic):
#: weekly V2, TierRecommended with duration 0 / Invalid, 7 days of instant restore.
PS_WEEKLY_GET: dict[str, Any] = {
    "id": "/subscriptions/38304e13-357e-405e-9e9a-220351dcce8c/resourceGroups/hiagarg/"
          "providers/Microsoft.RecoveryServices/vaults/hiagaVault/backupPolicies/"
          "hiagaVMArchiveTierRecomm",
    "name": "hiagaVMArchiveTierRecomm",
    "type": "Microsoft.RecoveryServices/vaults/backupPolicies",
    "properties": {
        "backupManagementType": "AzureIaasVM", "policyType": "V2",
        "instantRPDetails": {"azureBackupRGNamePrefix": "rgpref1",
                             "azureBackupRGNameSuffix": "suffix1"},
        "schedulePolicy": {"schedulePolicyType": "SimpleSchedulePolicyV2",
                           "scheduleRunFrequency": "Weekly",
                           "weeklySchedule": {"scheduleRunDays": ["Sunday"],
                                              "scheduleRunTimes": [_PS_T]}},
        "retentionPolicy": _PS_WEEKLY_LTR,
        "tieringPolicy": {"ArchivedRP": {"tieringMode": "TierRecommended", "duration": 0,
                                         "durationType": "Invalid"}},
        "instantRpRetentionRangeInDays": 7, "timeZone": "UTC", "protectedItemsCount": 0}}

#: The same session's PUT request body: TierRecommended without a duration.
PS_WEEKLY_PUT: dict[str, Any] = {"properties": {
    k: v for k, v in PS_WEEKLY_GET["properties"].items() if k != "protectedItemsCount"}}
PS_WEEKLY_PUT["properties"]["tieringPolicy"] = {"ArchivedRP": {"tieringMode": "TierRecommended"}}

#: PS_WEEKLY_GET with TierAfter 3 months (the mode azurerm's tiering_policy also takes).
WEEKLY_TIER_AFTER: dict[str, Any] = copy.deepcopy(PS_WEEKLY_GET)
WEEKLY_TIER_AFTER["properties"]["tieringPolicy"] = {
    "ArchivedRP": {"tieringMode": "TierAfter", "duration": 3, "durationType": "Months"}}

#: IaaS_v2_hourly.json with a DoNotTier rule, as the MicrosoftDocs REST walkthrough
#: (backup-azure-arm-userestapi-createorupdatepolicy.md) writes the enhanced policy.
HOURLY_DO_NOT_TIER: dict[str, Any] = copy.deepcopy(REST_HOURLY_REQUEST)
HOURLY_DO_NOT_TIER["properties"]["tieringPolicy"] = {
    "ArchivedRP": {"tieringMode": "DoNotTier", "duration": 0, "durationType": "Invalid"}}

#: (name, body) of every V2 body that must come back unchanged.
V2_ROUND_TRIP: list[tuple[str, dict[str, Any]]] = [
    ("rest-hourly-response", REST_HOURLY),
    ("rest-hourly-request", REST_HOURLY_REQUEST),
    ("rest-daily-response", REST_DAILY),
    ("rest-get-daily-1-day", REST_GET_DAILY),
    ("rest-list-v2-no-policy-type", REST_LIST_V2_ENTRY),
    ("powershell-weekly-tier-recommended-get", PS_WEEKLY_GET),
    ("powershell-weekly-tier-recommended-put", PS_WEEKLY_PUT),
    ("weekly-tier-after", WEEKLY_TIER_AFTER),
    ("hourly-do-not-tier", HOURLY_DO_NOT_TIER),
]
