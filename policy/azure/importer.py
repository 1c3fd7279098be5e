"""Read an Azure Backup REST policy (``az backup policy show`` or the REST body) into a Policy.

Accepted: the whole resource or just its ``properties``; ``MAB`` and ``AzureIaasVM``;
``SimpleSchedulePolicy`` (daily or weekly) and, for the enhanced VM policy (``policyType``
V2), ``SimpleSchedulePolicyV2`` (``hourlySchedule``, ``dailySchedule`` or
``weeklySchedule``), with ``LongTermRetentionPolicy`` in both the day-based and the
week-based monthly/yearly formats; instant restore and archive tiering (``TierAfter``,
``TierRecommended``) become the policy's own fields. Everything else
(``SimpleRetentionPolicy``, other workloads) is an ``AzureError`` naming the JSON path, never
a guess. Rules the policy model enforces (bounds, the half hour, subsets) are reported with
the JSON path of the value that broke them.

Nothing else is lost: what the policy does not model goes to its ``azure:`` section
(``policy.azure.fidelity``), so ``export azure`` writes the body back unchanged, down to
each DateTime's text. Enum values are read in any case, as Azure does (``modelAsString``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from policy.azure.fidelity import leftovers, resource_path, typed_fields
from policy.azure.import_retention import Reader, list_of, mapping_of, read_retention
from policy.azure.vocabulary import (
    TARGET_OF,
    AzureError,
    datetime_form,
    join,
    matches,
    show,
    weekday_of,
)
from policy.model import zones
from policy.model.errors import PolicyInvalid
from policy.model.models import Policy, Target
from policy.model.validation import build_policy


@dataclass
class Imported:
    """An imported policy and what the import did, for the file's header comment."""

    policy: Policy
    mapped: list[str] = field(default_factory=list)
    """Lines saying which Azure field became which policy field."""
    notes: list[str] = field(default_factory=list)
    """Things in the body the policy does not keep (printed on stderr)."""


def import_policy(doc: Any, *, name: str | None = None,
                  timezone: str | None = None) -> Imported:
    """A ``Policy`` from an Azure body; ``timezone`` is required for MAB bodies.

    ``name`` defaults to the resource's ``name``. Raises ``AzureError``.
    """
    props, base = _properties(doc)
    reader = Reader()
    reader.put("name", _name(name or (doc.get("name") if props is not doc else None)), "name")
    section: dict[str, Any] = {}
    _target_and_zone(reader, props, base, timezone, section)
    _schedule(reader, mapping_of(props, "schedulePolicy", base), join(base, "schedulePolicy"),
              section, matches(props.get("policyType"), "V2") is not None)
    read_retention(reader, mapping_of(props, "retentionPolicy", base),
                   join(base, "retentionPolicy"))
    section.update(typed_fields(reader, props, base))
    extra, dropped = leftovers(doc, reader.used, base)
    if extra:
        section["extra"] = extra
    reader.notes += dropped
    _datetime_form(reader, section, base)
    reader.data["azure"] = section
    reader.origin["azure"] = base or "(root)"
    reader.mapped.append("everything else -> azure (written back verbatim by export azure)")
    try:
        policy = build_policy(reader.data)
    except PolicyInvalid as exc:
        found = tuple((_json_path(reader.origin, p.loc), f"{p.message} (policy field {p.loc})")
                      for p in exc.problems)
        raise AzureError(*found[0], more=found[1:]) from None
    return Imported(policy, reader.mapped, reader.notes)


def _datetime_form(reader: Reader, section: dict[str, Any], base: str) -> None:
    """Record the body's DateTime form in ``azure.datetimes``: the commonest date part and
    suffix, and each DateTime written otherwise by its JSON path (``exact``)."""
    forms = Counter(datetime_form(text) for _, text, _ in reader.datetimes)
    day, suffix = forms.most_common(1)[0][0]
    if not re.fullmatch(r"(:00(\.0{1,7})?)?(Z|\+00:00)?", suffix):
        day, suffix = None, ":00Z"  # every DateTime is then kept exactly
    form: dict[str, Any] = {"suffix": suffix} if day is None else {"date": day,
                                                                   "suffix": suffix}
    exact: dict[str, Any] = {}
    for path, text, parsed in reader.datetimes:
        stands_for = reader.stands_for.get(path, parsed)
        if text != f"{day + 'T' if day else ''}{stands_for}{suffix}":
            kept = {"text": text}
            if stands_for != parsed:
                kept["policy_time"] = stands_for
            exact[resource_path(path, base)] = kept
    if exact:
        form["exact"] = exact
    section["datetimes"] = form


def _properties(doc: Any) -> tuple[Mapping[str, Any], str]:
    if not isinstance(doc, Mapping):
        what = ("a list of policies; import them with -o DIRECTORY/"
                if isinstance(doc, list) else "an Azure Backup policy resource or its properties")
        raise AzureError("(root)", f"expected a JSON object: {what}")
    if isinstance(doc.get("value"), list):
        raise AzureError("value", "this is a list of policies; import one policy at a time, "
                         "or all with -o DIRECTORY/")
    if isinstance(doc.get("resources"), list):
        raise AzureError("resources", "this is an ARM template; import the properties of its "
                         "Microsoft.RecoveryServices/vaults/backupPolicies resource, with the "
                         "parameters filled in")
    if isinstance(doc.get("properties"), Mapping):
        return doc["properties"], "properties"
    if "backupManagementType" in doc or "schedulePolicy" in doc:
        return doc, ""
    raise AzureError("properties", "not an Azure Backup policy: no properties, "
                     "backupManagementType or schedulePolicy")


def _name(raw: Any) -> str:
    text = raw if isinstance(raw, str) else ""
    clean = re.sub(r"[^A-Za-z0-9 ._-]+", "-", text).strip(" -")[:64]
    return clean or "imported-policy"


def _target_and_zone(reader: Reader, props: Mapping[str, Any], base: str,
                     timezone: str | None, section: dict[str, Any]) -> None:
    path = join(base, "backupManagementType")
    kind = props.get("backupManagementType")
    target = TARGET_OF.get(kind.lower()) if isinstance(kind, str) else None
    if target is None:
        raise AzureError(path, f"{show(kind)} is not supported; import MAB (MARS agent) or "
                         "AzureIaasVM policies")
    reader.put("target", target.value, path)
    reader.mapped.append(f"backupManagementType {kind} -> target {target.value}")
    zone_path = join(base, "timeZone")
    zone = props.get("timeZone")
    if zone is not None and not isinstance(zone, str):
        raise AzureError(zone_path, f"{show(zone)} is not a time zone name")
    if timezone is not None:
        if zone and zone != timezone:
            reader.notes.append(f"timeZone {show(zone)} in the body replaced by --timezone "
                                f"{show(timezone)}")
        reader.put("timezone", timezone, "--timezone")
        reader.mapped.append(f"--timezone -> timezone {timezone}")
    elif zone:
        reader.put("timezone", zone, zone_path)
        iana = zones.resolve_name(zone)
        how = f" (IANA {iana}, CLDR mapping)" if iana != zone else ""
        reader.mapped.append(f"timeZone {show(zone)} -> timezone{how}, kept for export")
    elif target is Target.AZURE_VM:
        reader.put("timezone", "UTC", zone_path)
        reader.used.discard(zone_path)  # a "timeZone": null is kept in azure.extra
        section["omit_time_zone"] = True
        reader.mapped.append("no timeZone: Azure reads the times as UTC -> timezone UTC "
                             "(azure.omit_time_zone: export leaves it out again)")
    else:
        raise AzureError(zone_path, "a MAB policy has no timeZone: its times are the MARS "
                         "agent's local clock; name the server's zone with --timezone "
                         "(e.g. --timezone Europe/Berlin)")


def _schedule(reader: Reader, sched: Mapping[str, Any], path: str,
              section: dict[str, Any], v2: bool) -> None:
    freq_path = join(path, "scheduleRunFrequency")
    freq = matches(sched.get("scheduleRunFrequency"), "Daily", "Weekly", "Hourly")
    type_path = join(path, "schedulePolicyType")
    kind = matches(sched.get("schedulePolicyType"), "SimpleSchedulePolicy",
                   "SimpleSchedulePolicyV2")
    if kind is None and sched.get("schedulePolicyType") is None and v2:
        # GET responses of enhanced policies may carry schedulePolicyType null (the REST
        # walkthrough's hourly response); a PUT needs the discriminator.
        kind = "SimpleSchedulePolicyV2"
        reader.notes.append(f"{type_path} null is written back as \"SimpleSchedulePolicyV2\" "
                            "(policyType V2), which a PUT needs")
    if kind is None:
        raise AzureError(type_path, f"{show(sched.get('schedulePolicyType'))} is not "
                         "supported; use SimpleSchedulePolicy (standard: daily or weekly) or "
                         "SimpleSchedulePolicyV2 (enhanced: hourly, daily or weekly)")
    reader.used.add(type_path)
    if freq is None:
        raise AzureError(freq_path, f"{show(sched.get('scheduleRunFrequency'))} is not "
                         "supported; use Daily, Weekly or Hourly (enhanced only)")
    reader.origin["schedule"] = path
    reader.put("schedule.frequency", freq.lower(), freq_path)
    if kind == "SimpleSchedulePolicyV2":
        reader.put("policy_type", "enhanced", type_path)
        _schedule_v2(reader, sched, path, freq)
        reader.mapped.append(f"schedulePolicy (SimpleSchedulePolicyV2, {freq}) -> schedule, "
                             "policy_type enhanced")
        return
    if freq == "Hourly" or sched.get("hourlySchedule"):
        raise AzureError(freq_path if freq == "Hourly" else join(path, "hourlySchedule"),
                         "hourly VM schedules are enhanced policies: schedulePolicyType "
                         "SimpleSchedulePolicyV2 with policyType V2; a SimpleSchedulePolicy "
                         "runs daily or weekly")
    _run_times(reader, sched, path, freq)
    every_path = join(path, "scheduleWeeklyFrequency")
    every = sched.get("scheduleWeeklyFrequency")
    if every in (0, 1) and not isinstance(every, bool):
        section["schedule_weekly_frequency"] = every
        reader.used.add(every_path)
    elif every is not None and freq == "Weekly":
        reader.put("schedule.every_weeks", every, every_path)
    reader.mapped.append(f"schedulePolicy ({freq}) -> schedule")


def _run_times(reader: Reader, sched: Mapping[str, Any], path: str, freq: str) -> None:
    """``scheduleRunTimes`` (and, weekly, ``scheduleRunDays``) of ``sched`` at ``path``."""
    times_path = join(path, "scheduleRunTimes")
    times = [reader.time(v, join(times_path, i))
             for i, v in enumerate(list_of(sched, times_path))]
    reader.put("schedule.times", times, times_path)
    days_path = join(path, "scheduleRunDays")
    if freq == "Weekly":
        reader.put("schedule.days", [weekday_of(d, join(days_path, i)).value
                                     for i, d in enumerate(list_of(sched, days_path))], days_path)


def _schedule_v2(reader: Reader, sched: Mapping[str, Any], path: str, freq: str) -> None:
    """The enhanced schedule: its runs are in ``hourlySchedule``, ``dailySchedule`` or
    ``weeklySchedule`` (bms.json ``SimpleSchedulePolicyV2``), by frequency."""
    if freq == "Hourly":
        hourly = mapping_of(sched, "hourlySchedule", path)
        here = join(path, "hourlySchedule")
        reader.put("schedule.every_hours", hourly.get("interval"), join(here, "interval"))
        start_path = join(here, "scheduleWindowStartTime")
        start = hourly.get("scheduleWindowStartTime")
        if start is None:
            raise AzureError(start_path, "required: the window's start, a DateTime")
        reader.put("schedule.window_start", reader.time(start, start_path), start_path)
        reader.put("schedule.window_hours", hourly.get("scheduleWindowDuration"),
                   join(here, "scheduleWindowDuration"))
        return
    key = "dailySchedule" if freq == "Daily" else "weeklySchedule"
    _run_times(reader, mapping_of(sched, key, path), join(path, key), freq)


def _json_path(origin: dict[str, str], loc: str) -> str:
    """The JSON path a policy field came from: the longest recorded prefix of ``loc``."""
    bare = re.sub(r"\[\d+\]$", "", loc)
    index = loc[len(bare):]
    if bare in origin:
        return origin[bare] + index
    parts = bare.split(".")
    while parts:
        key = ".".join(parts)
        if key in origin:
            return origin[key]
        parts.pop()
    return "(root)"
