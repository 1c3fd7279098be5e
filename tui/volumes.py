"""The machine's volumes as one line of text: ``D: 800, E: 200`` (name, then GB).

A part that does not read as ``name size`` is kept as far as it goes, so validation
reports it at ``machine.volumes[i]`` and the form can name the part it is about.
Plain Python, no Textual.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from policy.model.errors import Problem
from tui import draft

_NUMBER = r"[-+]?[0-9]+(?:\.[0-9]+)?"
_VOLUME = re.compile(rf"(?P<name>.*?[\s:])\s*(?P<size>{_NUMBER})")


def parse_volumes(text: str) -> Any:
    """``"D: 800, E: 200"`` -> ``[{"name": "D:", "size_gb": 800}, …]``; nothing -> MISSING."""
    volumes = [_volume(part) for part in volume_parts(text)]
    return volumes or draft.MISSING


def _volume(part: str) -> dict[str, Any]:
    part = re.sub(r"\s*gb$", "", part, flags=re.I)
    match = _VOLUME.fullmatch(part)
    if match:
        name, size = match["name"].strip(), match["size"]
    elif re.fullmatch(_NUMBER, part):
        name, size = "", part
    else:
        words = part.rsplit(None, 1)
        name, size = (words[0], words[1]) if len(words) == 2 else (part, "")
    volume: dict[str, Any] = {"name": name} if name else {}
    if size:
        number = draft.parse_int(size)
        volume["size_gb"] = draft.parse_float(size) if isinstance(number, str) else number
    return volume


def volume_parts(text: str) -> list[str]:
    """The comma-separated parts of a volumes input, in order, empty ones left out."""
    return [p.strip() for p in text.split(",") if p.strip()]


def show_volumes(value: Any) -> str:
    """``[{"name": "D:", "size_gb": 800}]`` -> ``"D: 800"`` (the volumes input's text)."""
    if not isinstance(value, list | tuple):
        return draft.show(value)
    parts = []
    for volume in value:
        if isinstance(volume, Mapping):
            name, size = draft.show(volume.get("name")), draft.show(volume.get("size_gb"))
            parts.append(f"{name} {size}".strip())
    return ", ".join(parts)


def volume_message(problem: Problem, text: str) -> str:
    """A problem of ``machine.volumes[i]`` naming the part of ``text`` it is about."""
    match = re.match(r"machine\.volumes\[(\d+)\]\.?(\w*)", problem.loc)
    parts = volume_parts(text)
    if match is None or int(match[1]) >= len(parts):
        return problem.message
    message = problem.message
    if message == "required field is missing":
        message = "no name" if match[2] == "name" else "no size in GB"
    return f"\"{parts[int(match[1])]}\": {message} (write name and GB, e.g. D: 800, E: 200)"
