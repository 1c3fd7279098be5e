"""Support-matrix checks for the optional ``machine:`` section (SPEC §2).

The rules are the MARS agent support matrix (seed/backup-support-matrix-mars-agent.md,
learn.microsoft.com/azure/backup/backup-support-matrix-mars-agent, ms.date 12/28/2022),
and every message quotes the rule it applies:

- the operating system must be one the matrix lists, 64-bit, not a Server Core SKU;
  systems in "Operating Systems at end of support" give a warning;
- system state only where the matrix's "System state" column says Yes;
- data backed up from one volume within the size limit of that system;
- free cache space at least 5% of the backup data (error), and a warning under 10%;
- system state is backed up once a day, so a policy that backs it up has one schedule
  time (Microsoft in MicrosoftDocs/azure-docs#94020; the matrix's on-premises table: files
  and folders "three times a day", system state "once a day").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from policy.model.errors import Problem
from policy.model.models import Machine, Policy, Target

MATRIX = "MARS agent support matrix"
_BIG, _SMALL = 54_400, 1_700
_RULE_CORE = "\"The MARS agent does not support Windows Server Core SKUs.\""
_RULE_64 = "\"The operating systems must be 64 bit\""
_RULE_EOS = ("\"The following operating systems are at the end of support and it's strongly "
             "recommended to upgrade the operating system to continue to stay protected.\"")
_RULE_SIZE = ("\"The items that you back up from a single volume can't exceed the sizes "
              "summarized in this table\"")
_RULE_CACHE = ("\"Free space in the cache folder should be at least 5 to 10 percent of the "
               "overall size of your backup data.\"")


@dataclass(frozen=True)
class System:
    """One row of the matrix's operating-system tables, with its size limit."""

    name: str
    editions: tuple[str, ...]
    system_state: bool
    size_limit_gb: int
    size_row: str
    """The row of the size-limit table that applies."""
    end_of_support: bool = False


_CLIENT = ("Enterprise", "Pro", "Home", "IoT Enterprise")
_SERVER_NEW = ("Standard", "Datacenter", "Essentials", "Server IoT")
SYSTEMS: tuple[System, ...] = (
    System("Windows 11", _CLIENT, False, _BIG, "Windows 8 or later"),
    System("Windows 10", _CLIENT, False, _BIG, "Windows 8 or later"),
    System("Windows 8.1", ("Enterprise", "Pro"), False, _BIG, "Windows 8 or later"),
    System("Windows 8", ("Enterprise", "Pro"), False, _BIG, "Windows 8 or later"),
    System("Windows Server 2022", _SERVER_NEW, True, _BIG, "Windows Server 2012 or later"),
    System("Windows Server 2019", _SERVER_NEW, True, _BIG, "Windows Server 2012 or later"),
    System("Windows Server 2016", ("Standard", "Datacenter", "Essentials"), True, _BIG,
           "Windows Server 2012 or later"),
    *(System(f"Windows Storage Server {v}", ("Standard", "Workgroup"), False, _BIG,
             "Windows Server 2012 or later") for v in ("2016", "2012 R2", "2012")),
    System("Windows Server 2012 R2", ("Standard", "Datacenter", "Foundation", "Essentials"),
           True, _BIG, "Windows Server 2012 or later"),
    System("Windows Server 2012", ("Standard", "Datacenter", "Foundation"), True, _BIG,
           "Windows Server 2012 or later"),
    System("Windows 7", ("Ultimate", "Enterprise", "Pro", "Professional", "Home Premium",
                         "Home Basic", "Starter"), False, _SMALL, "Windows 7", True),
    System("Windows Server 2008 R2", ("Standard", "Enterprise", "Datacenter", "Foundation"),
           True, _SMALL, "Windows Server 2008 R2 SP1", True),
    System("Windows Server 2008", ("Standard", "Datacenter", "Foundation"), False, _SMALL,
           "Windows Server 2008 SP2", True),
)
_BY_LENGTH = sorted(SYSTEMS, key=lambda s: len(s.name), reverse=True)
_NOISE = re.compile(r"\b(sp\d|service pack \d|(32|64)-bit|x64|x86|edition)\b|[(),]", re.I)
_CORE = re.compile(r"\bcore\b", re.I)
_32BIT = re.compile(r"\b(32-bit|x86)\b", re.I)


def _fold(text: str) -> str:
    return " ".join(text.lower().split())


def find_system(os_text: str) -> tuple[System | None, str]:
    """The matrix row whose name starts ``os_text`` and the rest of the text (the edition)."""
    folded = _fold(os_text)
    for system in _BY_LENGTH:
        name = _fold(system.name)
        if folded == name or folded.startswith(name + " "):
            return system, os_text.strip()[len(system.name):].strip()
    return None, ""


def machine_findings(policy: Policy) -> list[Problem]:
    """Errors and warnings of the ``machine:`` section against the support matrix."""
    machine = policy.machine
    if machine is None:
        return []
    if policy.target is not Target.MARS:
        return [Problem("machine", "the support-matrix checks are for the MARS agent; target "
                        f"{policy.target.value} does not use them", "warning")]
    system, found = _os_findings(machine)
    if system is not None:
        found.extend(_system_state(machine, system))
        found.extend(_volumes(machine, system))
    found.extend(_cache(machine, policy))
    found.extend(_system_state_once_a_day(machine, policy))
    return found


_RULE_ONCE = ("\"when scheduling System State backup, we are allowed to perform a single "
              "backup per day only\" (Microsoft, MicrosoftDocs/azure-docs#94020)")


def _system_state_once_a_day(machine: Machine, policy: Policy) -> Iterator[Problem]:
    times = policy.schedule.times
    if machine.system_state and len(times) > 1:
        given = ", ".join(t.strftime("%H:%M") for t in times)
        yield Problem("schedule.times", f"{len(times)} times a day ({given}) with "
                      f"machine.system_state: true: {_RULE_ONCE}; use one time, or back up "
                      "system state with a policy of its own")


def _os_findings(machine: Machine) -> tuple[System | None, list[Problem]]:
    text = machine.os
    if _CORE.search(text):
        return None, [Problem("machine.os", f"{text}: {_RULE_CORE} ({MATRIX})")]
    found = []
    if _32BIT.search(text):
        found.append(Problem("machine.os", f"{text}: {_RULE_64} ({MATRIX})"))
    system, rest = find_system(text)
    if system is None:
        return None, [*found, Problem("machine.os", _unknown(text))]
    edition = _fold(_NOISE.sub(" ", rest))
    if edition and edition not in {_fold(e) for e in system.editions}:
        found.append(Problem("machine.os", f"{text}: the matrix lists {system.name} only in "
                             f"the editions {', '.join(system.editions)} ({MATRIX})"))
    if system.end_of_support:
        found.append(Problem("machine.os", f"{system.name} is at end of support: {_RULE_EOS} "
                             f"({MATRIX})", "warning"))
    return system, found


def _unknown(text: str) -> str:
    names = [s.name for s in SYSTEMS]
    close = difflib.get_close_matches(text, names, n=2, cutoff=0.6)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    return (f"{text!r} is not an operating system the {MATRIX} lists (supported: "
            f"{', '.join(names)}){hint}")


def _system_state(machine: Machine, system: System) -> Iterator[Problem]:
    if machine.system_state and not system.system_state:
        yield Problem("machine.system_state", f"system state backup is not supported on "
                      f"{system.name}: the {MATRIX} says \"System state: No\" for it "
                      f"(Yes only for {_with_system_state()})")


def _with_system_state() -> str:
    return ", ".join(s.name for s in SYSTEMS if s.system_state)


def _volumes(machine: Machine, system: System) -> Iterator[Problem]:
    for i, volume in enumerate(machine.volumes):
        if Decimal(str(volume.size_gb)) > system.size_limit_gb:
            yield Problem(f"machine.volumes[{i}].size_gb",
                          f"{_gb(volume.size_gb)} on {volume.name} exceeds the "
                          f"{system.size_limit_gb:,} GB limit for {system.name}: {_RULE_SIZE} "
                          f"({system.size_row}: {system.size_limit_gb:,} GB; {MATRIX})")


def _cache(machine: Machine, policy: Policy) -> Iterator[Problem]:
    if machine.cache_free_gb is None:
        return
    if machine.volumes:
        data = sum((Decimal(str(v.size_gb)) for v in machine.volumes), Decimal(0))
        what = "the data of machine.volumes"
    elif policy.data is not None:
        data = Decimal(str(policy.data.size_gb))
        what = "data.size_gb"
    else:
        return
    free = Decimal(str(machine.cache_free_gb))
    share = free * 100 / data
    text = (f"{_gb(machine.cache_free_gb)} free in the cache is {share:.1f}% of "
            f"{_gb(float(data))} ({what}): {_RULE_CACHE} ({MATRIX})")
    if free * 100 < data * 5:
        yield Problem("machine.cache_free_gb", f"{text}; at least {_gb(float(data / 20))} "
                      "is needed")
    elif free * 100 < data * 10:
        yield Problem("machine.cache_free_gb", f"{text}; {_gb(float(data / 10))} is "
                      "recommended", "warning")


def _gb(value: float) -> str:
    return f"{value:,.0f} GB" if value == int(value) else f"{value:,.1f} GB"
