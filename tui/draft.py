"""The policy being edited, as plain data: read, write and reshape it by field path.

The designer edits a *draft* (the dict a policy file parses into), not a ``Policy``: a
half-typed value ("5", "23:3") must live somewhere while it is invalid. Every edit goes
through here; ``policy.model.validation.build_policy`` then says whether the draft is a policy.
Only fields the user set are in the draft, so saving writes back only what the file had.
This module is plain Python (no Textual), so it is tested on its own.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from policy.model.models import TIER_NAMES, TierName
from policy.model.values import parse_decimal, parse_iso_date, parse_whole

Path = tuple[str, ...]
#: Sentinel: "remove this key from the draft".
MISSING: Any = object()

_SPLIT = re.compile(r"[,\s]+")


def template(today: date) -> dict[str, Any]:
    """A sensible new policy: nightly at 22:00, 30 days / 12 weeks / 36 months / 7 years."""
    return {
        "name": "new-policy",
        "target": "mars",
        "timezone": "Europe/Berlin",
        "schedule": {"frequency": "daily", "times": ["22:00"]},
        "clock": {"mode": "fixed-offset", "anchor": today},
        "retention": {
            "daily": {"keep": 30},
            "weekly": {"keep": 12, "days": ["sunday"]},
            "monthly": {"keep": 36, "days_of_month": ["last"]},
            "yearly": {"keep": 7, "months": ["december"], "days_of_month": ["last"]},
        },
    }


def get(draft: Mapping[str, Any], path: Path, default: Any = None) -> Any:
    """The value at ``path``, or ``default`` when any part of the path is absent."""
    node: Any = draft
    for key in path:
        if not isinstance(node, Mapping) or key not in node:
            return default
        node = node[key]
    return node


def put(draft: dict[str, Any], path: Path, value: Any) -> bool:
    """Set (or with ``MISSING`` remove) the value at ``path``; True when the draft changed."""
    if value is not MISSING and get(draft, path, MISSING) == value:
        return False
    node = draft
    for key in path[:-1]:
        child = node.get(key)
        if not isinstance(child, dict):
            if value is MISSING:
                return False
            child = node[key] = {}
        node = child
    if value is MISSING:
        if path[-1] not in node:
            return False
        del node[path[-1]]
        return True
    node[path[-1]] = value
    return True


# --- text <-> values ----------------------------------------------------------------------


def parse_int(text: str, optional: bool = False) -> Any:
    """A whole number from an input; the raw text when it is none (validation says why)."""
    stripped = text.strip()
    if not stripped and optional:
        return MISSING
    # ASCII digits only, up to 18 (``values.parse_whole``): "²" or 4,301 digits stay text
    # and validation names what is allowed, never a crash.
    try:
        return parse_whole(stripped)
    except ValueError:
        return stripped


def parse_float(text: str) -> Any:
    """A finite number from an input (``values.parse_decimal``), or the raw text."""
    stripped = text.strip()
    try:
        return parse_decimal(stripped)
    except ValueError:
        return stripped


def parse_list(text: str, optional: bool = False) -> Any:
    """``"21:00, 02:30"`` -> ``["21:00", "02:30"]``; nothing -> MISSING when optional."""
    items = [i for i in _SPLIT.split(text.strip()) if i]
    if not items and optional:
        return MISSING
    return items


def parse_days_of_month(text: str) -> Any:
    """``"1, last"`` -> ``[1, "last"]``: numbers as numbers, the rest as written."""
    return [_day(i) for i in parse_list(text)]


def _day(item: str) -> Any:
    try:
        return parse_whole(item)
    except ValueError:
        return item.lower()


def parse_date(text: str, optional: bool = True) -> Any:
    """A date from ``YYYY-MM-DD``, MISSING when empty, the raw text when not a date."""
    stripped = text.strip()
    if not stripped and optional:
        return MISSING
    try:
        return parse_iso_date(stripped)
    except ValueError:
        return stripped


def show(value: Any) -> str:
    """A draft value as input text."""
    if value is None or value is MISSING:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def as_list(value: Any) -> list[str]:
    """A draft list value as strings (for the toggle rows); [] when not a list."""
    return [str(v) for v in value] if isinstance(value, list | tuple) else []


# --- structural edits -----------------------------------------------------------------------


def tier_default(draft: Mapping[str, Any], tier: TierName) -> dict[str, Any]:
    """A fitting new tier for the draft's schedule (week-based when the schedule is weekly)."""
    weekly = get(draft, ("schedule", "frequency")) == "weekly"
    days = as_list(get(draft, ("schedule", "days"))) or ["sunday"]
    placed: dict[str, Any] = (
        {"weeks": ["last"], "weekdays": [days[0]]} if weekly else {"days_of_month": ["last"]}
    )
    if tier == "daily":
        return {"keep": 30}
    if tier == "weekly":
        return {"keep": 12, "days": [days[0] if weekly else "sunday"]}
    if tier == "monthly":
        return {"keep": 36, **placed}
    return {"keep": 7, "months": ["december"], **placed}


def set_tier(draft: dict[str, Any], tier: TierName, on: bool,
             stash: dict[str, dict[str, Any]]) -> bool:
    """Turn a tier on (restoring what it was) or off (remembering it); True if changed."""
    current = get(draft, ("retention", tier))
    if on == isinstance(current, dict):
        return False
    if on:
        put(draft, ("retention", tier), stash.pop(tier, None) or tier_default(draft, tier))
    else:
        stash[tier] = copy.deepcopy(current)
        put(draft, ("retention", tier), MISSING)
    return True


def set_placement(draft: dict[str, Any], tier: TierName, week_based: bool) -> bool:
    """Switch a monthly/yearly tier between day-based and week-based placement."""
    node = get(draft, ("retention", tier))
    if not isinstance(node, dict) or week_based == ("days_of_month" not in node):
        return False
    if week_based:
        node.pop("days_of_month", None)
        days = as_list(get(draft, ("schedule", "days"))) or ["sunday"]
        node["weeks"], node["weekdays"] = ["last"], [days[0]]
    else:
        node.pop("weeks", None)
        node.pop("weekdays", None)
        node["days_of_month"] = ["last"]
    return True


def set_frequency(draft: dict[str, Any], frequency: str) -> bool:
    """Change the schedule's frequency, adding or removing what the other one needs."""
    if not put(draft, ("schedule", "frequency"), frequency):
        return False
    if frequency == "hourly":
        _to_hourly(draft)
        return True
    _from_hourly(draft)
    if frequency == "weekly":
        put(draft, ("schedule", "days"), get(draft, ("schedule", "days")) or ["sunday"])
        # A weekly schedule cannot place points on days of the month (SPEC §3).
        set_placement(draft, "monthly", True)
        set_placement(draft, "yearly", True)
    else:
        put(draft, ("schedule", "days"), MISSING)
        put(draft, ("schedule", "every_weeks"), MISSING)
    return True


_HOURLY = ("every_hours", "window_start", "window_hours")


def _to_hourly(draft: dict[str, Any]) -> None:
    """Hourly runs exist only in enhanced Azure VM policies: say so in the draft, and open
    the window at the first time the schedule had (every 4 hours for 16 hours)."""
    times = get(draft, ("schedule", "times"))
    first = times[0] if isinstance(times, list) and times else "08:00"
    for field in ("days", "every_weeks", "times"):
        put(draft, ("schedule", field), MISSING)
    for field, value in zip(_HOURLY, (4, first, 16), strict=True):
        if get(draft, ("schedule", field)) in (None, MISSING):
            put(draft, ("schedule", field), value)
    put(draft, ("target",), "azure-vm")
    put(draft, ("policy_type",), "enhanced")
    put(draft, ("window",), MISSING)  # the schedule has its own window


def _from_hourly(draft: dict[str, Any]) -> None:
    """Back to daily/weekly: one time a day, the window's start."""
    start = get(draft, ("schedule", "window_start"))
    for field in _HOURLY:
        put(draft, ("schedule", field), MISSING)
    if get(draft, ("schedule", "times")) in (None, MISSING):
        put(draft, ("schedule", "times"), [start if isinstance(start, str) else "22:00"])


def switch_frequency(draft: dict[str, Any], frequency: str,
                     stash: dict[str, dict[str, Any]]) -> bool:
    """``set_frequency`` for the form: weekly drops the daily tier (a weekly schedule keeps
    no daily points), daily brings it back; a round trip with no edit in between restores
    the retention exactly (placements included)."""
    before = copy.deepcopy(get(draft, ("retention",)))
    if not set_frequency(draft, frequency):
        return False
    if frequency == "weekly":
        set_tier(draft, "daily", False, stash)
        stash["@daily"] = {"before": before, "after": copy.deepcopy(get(draft, ("retention",)))}
        return True
    saved = stash.pop("@daily", None)
    if saved and isinstance(saved["before"], dict) and saved["after"] == get(draft,
                                                                           ("retention",)):
        draft["retention"] = saved["before"]
        stash.pop("daily", None)
    else:
        set_tier(draft, "daily", True, stash)
    return True


def set_mode(draft: dict[str, Any], mode: str) -> bool:
    """Change the clock mode; gap/fold only mean something on the wall clock."""
    if not put(draft, ("clock", "mode"), mode):
        return False
    if mode == "fixed-offset":
        put(draft, ("clock", "gap"), MISSING)
        put(draft, ("clock", "fold"), MISSING)
    return True


def set_window(draft: dict[str, Any], on: bool) -> bool:
    """Add a 20:00–06:00 window or remove the window."""
    has = isinstance(get(draft, ("window",)), dict)
    if on == has:
        return False
    put(draft, ("window",), {"start": "20:00", "end": "06:00"} if on else MISSING)
    return True


def set_data(draft: dict[str, Any], on: bool) -> bool:
    """Add or remove the storage-estimate inputs."""
    has = isinstance(get(draft, ("data",)), dict)
    if on == has:
        return False
    put(draft, ("data",), {"size_gb": 500, "daily_change_percent": 2} if on else MISSING)
    return True


def set_machine(draft: dict[str, Any], on: bool, stash: dict[str, dict[str, Any]]) -> bool:
    """Add the ``machine:`` section (restoring what it was) or remove it (remembering it)."""
    current = get(draft, ("machine",))
    if on == isinstance(current, dict):
        return False
    if on:
        put(draft, ("machine",), stash.pop("machine", None) or {"os": "Windows Server 2022"})
    else:
        stash["machine"] = copy.deepcopy(current)
        put(draft, ("machine",), MISSING)
    return True


def field_path(loc: str) -> Path:
    """``retention.weekly.days[1]`` -> ``("retention", "weekly", "days")``."""
    return tuple(p for p in re.sub(r"\[\d+\]", "", loc).split(".") if p)


def tiers_on(draft: Mapping[str, Any]) -> list[TierName]:
    """The tiers present in the draft."""
    return [t for t in TIER_NAMES if isinstance(get(draft, ("retention", t)), dict)]
