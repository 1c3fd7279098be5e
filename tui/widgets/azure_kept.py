"""The Summary's read-only line about an imported policy's ``azure:`` section.

The designer does not edit the section (it mirrors a body that already exists in a vault,
``policy.model.azure_section``); it says what ``export azure`` will write back verbatim, so
nobody is surprised that the export carries fields the form does not show.
"""

from __future__ import annotations

from policy.model.models import Policy


def kept_line(policy: Policy | None) -> str:
    """``azure: kept verbatim: …`` for a policy with an ``azure:`` section, else ``""``."""
    section = policy.azure if policy is not None else None
    if section is None:
        return ""
    kept = []
    if section.write_policy_type is not None:
        kept.append("policyType " + ("stated" if section.write_policy_type else "left out"))
    if section.instant_restore_resource_group is not None:
        kept.append("snapshot resource group")
    if section.snapshot_consistency is not None:
        kept.append(f"snapshot consistency {section.snapshot_consistency}")
    if section.tiering is not None:
        kept.append("DoNotTier rules" if section.tiering else "empty tieringPolicy")
    if section.archive_rule is not None:
        kept.append("TierRecommended duration")
    if section.schedule_weekly_frequency is not None:
        kept.append(f"scheduleWeeklyFrequency {section.schedule_weekly_frequency}")
    if section.omit_time_zone:
        kept.append("no timeZone")
    if section.datetimes is not None:
        exact = len(section.datetimes.exact)
        kept.append("DateTime form" + (f" (+{exact} exact)" if exact else ""))
    if section.extra:
        kept.append(f"{len(section.extra)} other field{'s' * (len(section.extra) != 1)}")
    return "azure: kept verbatim for export azure (read-only): " + (", ".join(kept) or
                                                                  "nothing")
