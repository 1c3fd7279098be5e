"""Time zones: which tz data, which names, and the one place where zones are loaded.

SPEC §7: by default the zones come from the ``tzdata`` package the product depends on
("bundled"), so an answer does not depend on the machine; ``system`` uses the operating
system's copy. Every report states the version it used. Windows time zone IDs (as Azure
stores them) are mapped to IANA names through the CLDR table that ``tzlocal`` ships.
"""

from __future__ import annotations

import difflib
import importlib.resources
import io
import weakref
import zoneinfo
from dataclasses import dataclass, field
from datetime import tzinfo
from functools import cache
from pathlib import Path
from typing import Literal

from tzlocal.windows_tz import win_tz

Source = Literal["bundled", "system"]

#: Windows time zone ID -> IANA name (CLDR "001" territory mapping).
WINDOWS_TO_IANA: dict[str, str] = dict(win_tz)


def _iana_for_windows() -> dict[str, str]:
    """IANA name -> Windows ID, preferring the ID whose CLDR default is that zone."""
    return {iana: win for win, iana in WINDOWS_TO_IANA.items()}


IANA_TO_WINDOWS: dict[str, str] = _iana_for_windows()


@dataclass(frozen=True)
class TzData:
    """A copy of the tz database: where it comes from, its version, its zones."""

    source: Source = "bundled"
    _cache: dict[str, tzinfo] = field(default_factory=dict, compare=False, repr=False)

    @property
    def version(self) -> str:
        """The IANA release, e.g. ``2026f``, or ``unknown``."""
        return _bundled_version() if self.source == "bundled" else _system_version()

    @property
    def label(self) -> str:
        """The text every report carries, e.g. ``2026f (bundled)``."""
        return f"{self.version} ({self.source})"

    def names(self) -> frozenset[str]:
        """Every zone name this copy knows."""
        return _bundled_names() if self.source == "bundled" else _system_names()

    def zone(self, name: str) -> tzinfo:
        """The zone called ``name`` (IANA or Windows ID) from this copy of the data.

        Raises ``KeyError`` when the name is unknown.
        """
        iana = resolve_name(name)
        if iana not in self._cache:
            self._cache[iana] = self._load(iana)
        return self._cache[iana]

    def _load(self, iana: str) -> tzinfo:
        if iana not in self.names():
            raise KeyError(iana)
        if self.source == "bundled":
            res = importlib.resources.files("tzdata.zoneinfo").joinpath(*iana.split("/"))
            return zone_from_tzif(res.read_bytes(), iana)
        for base in zoneinfo.TZPATH:
            path = Path(base, iana)
            if path.is_file():
                return zone_from_tzif(path.read_bytes(), iana)
        raise KeyError(iana)


#: The TZif bytes each zone loaded here was read from (``tzif_data``).
_TZIF: weakref.WeakKeyDictionary[tzinfo, bytes] = weakref.WeakKeyDictionary()


def zone_from_tzif(data: bytes, iana: str) -> tzinfo:
    """A zone read from the bytes of a TZif file, which ``tzif_data`` will return for it."""
    zone = zoneinfo.ZoneInfo.from_file(io.BytesIO(data), key=iana)
    _TZIF[zone] = data
    return zone


def tzif_data(zone: tzinfo) -> bytes | None:
    """The TZif file (RFC 8536) a zone of ``TzData`` was loaded from; ``None`` for any other
    ``tzinfo``. The engine reads in it where the zone's offset can change
    (``policy.engine.tzif``) instead of sampling the zone every day."""
    try:
        return _TZIF.get(zone)
    except TypeError:  # not weakly referenceable (``datetime.timezone``): not loaded here
        return None


BUNDLED = TzData("bundled")


def tzdata_for(source: Source) -> TzData:
    """The shared ``TzData`` for a source (zones are cached per source)."""
    return BUNDLED if source == "bundled" else _SYSTEM


_SYSTEM = TzData("system")


def resolve_name(name: str) -> str:
    """The IANA name for ``name``: itself, or the CLDR mapping of a Windows ID."""
    return WINDOWS_TO_IANA.get(name, name)


def is_windows_id(name: str) -> bool:
    """Whether ``name`` is a Windows time zone ID with a CLDR mapping."""
    return name in WINDOWS_TO_IANA


def known(name: str, data: TzData = BUNDLED) -> bool:
    """Whether ``name`` is a zone of ``data`` or a mapped Windows ID."""
    return resolve_name(name) in data.names()


def suggest(name: str, data: TzData = BUNDLED, limit: int = 3) -> list[str]:
    """The closest zone names (IANA and Windows) to a misspelt ``name``."""
    candidates = sorted(data.names() | set(WINDOWS_TO_IANA))
    folded = {c.lower(): c for c in candidates}
    exact = folded.get(name.strip().lower().replace(" ", "_"))
    exact = exact or folded.get(name.strip().lower())
    if exact:
        return [exact]
    by_lower = difflib.get_close_matches(name.lower(), list(folded), n=limit, cutoff=0.6)
    found = [folded[m] for m in by_lower]
    if not found:
        tails = {c.rsplit("/", 1)[-1].lower(): c for c in candidates if "/" in c}
        tail = name.rsplit("/", 1)[-1].lower().replace(" ", "_")
        found = [tails[m] for m in difflib.get_close_matches(tail, list(tails), n=limit)]
    return found


def completions(prefix: str, data: TzData = BUNDLED, limit: int = 20) -> list[str]:
    """Zone names (IANA, then Windows IDs) that start with or contain ``prefix``."""
    low = prefix.lower()
    names = sorted(data.names()) + sorted(WINDOWS_TO_IANA)
    starts = [n for n in names if n.lower().startswith(low)]
    contains = [n for n in names if low in n.lower() and n not in starts]
    return (starts + contains)[:limit]


@cache
def _bundled_version() -> str:
    import tzdata

    return str(tzdata.IANA_VERSION)


@cache
def _bundled_names() -> frozenset[str]:
    text = importlib.resources.files("tzdata").joinpath("zones").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


@cache
def _system_version() -> str:
    for base in zoneinfo.TZPATH:
        zi = Path(base, "tzdata.zi")
        if zi.is_file():
            with zi.open(encoding="utf-8") as fobj:
                first = fobj.readline()
            if first.startswith("# version"):
                return first.split()[-1]
        ver = Path(base, "+VERSION")
        if ver.is_file():
            return ver.read_text(encoding="utf-8").strip()
    return "unknown"


@cache
def _system_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones() & _system_files())


def _system_files() -> set[str]:
    found: set[str] = set()
    for base in zoneinfo.TZPATH:
        root = Path(base)
        if not root.is_dir():
            continue
        for path in root.rglob("*"):
            if path.is_file() and path.name[0].isupper():
                found.add(str(path.relative_to(root)))
    return found
