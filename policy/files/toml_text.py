"""TOML policy text: parsing with positions, and saves that keep the file's comments.

``tomllib`` keeps no positions and says "at end of document" for a file that stops
short; both become line:column here. Field positions come from one pass over the
lines (tables, array tables and keys), so locating thousands of problems stays linear.
Saves edit the file's own ``tomlkit`` document, so comments, order and layout survive.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from typing import Any

import tomlkit
import tomlkit.exceptions
from tomlkit.items import Item

from policy.model.errors import PolicyFileError

Position = tuple[int | None, int | None]
_TOML_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)")
_END = re.compile(r"\s*\(at end of document\)")
_HEADER = re.compile(r"\s*\[\[?\s*([\w.\" -]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"\s*([\w\"-]+(?:\s*\.\s*[\w\"-]+)*)\s*=")


def parse_toml(text: str, name: str) -> Any:
    """TOML text as data; every failure is a ``PolicyFileError`` with line and column."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        match = _TOML_POS.search(msg)
        if match:
            line, col = int(match[1]), int(match[2])
        else:
            last = text.rsplit("\n", 1)[-1]
            line, col = text.count("\n") + 1, len(last) + 1
        clean = _END.sub("", _TOML_POS.sub("", msg)).strip()
        where = "" if match else " (at the end of the file)"
        raise PolicyFileError(f"TOML syntax error: {clean}{where}", name, line, col) from None
    except (ValueError, RecursionError, OverflowError):
        raise PolicyFileError("TOML error: the document cannot be read as a policy", name,
                              1, 1) from None


def toml_locator(text: str) -> Callable[..., Position]:
    """Field path (``retention.daily.keep``) -> (line, column), indexed in one pass; with
    ``key=True`` the column of the field's name (an unknown field), else of its value."""
    index: dict[tuple[str, ...], tuple[int, int, str, bool, int]] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER.match(line)
        if header:
            table = tuple(h.strip().strip('"') for h in header[1].split("."))
            name_at = header.start(1) + header[1].rfind(table[-1]) + 1
            index.setdefault(table, (number, line.index("[") + 1, line, False, name_at))
            continue
        key = _KEY.match(line)
        if key:
            path = (*table, *(k.strip().strip('"') for k in key[1].split(".")))
            index.setdefault(path, (number, _value_column(line, key.end()), line, True,
                                    key.start(1) + 1))

    def locate(loc: str, key: bool = False) -> Position:
        parts = tuple(p for p in re.sub(r"\[\d+\]", "", loc).split(".") if p)
        for size in range(len(parts), 0, -1):
            found = index.get(parts[:size])
            if found is None:
                continue
            number, col, line, is_key, name_at = found
            if size < len(parts) and is_key:
                inline = line.find(f"{parts[-1]} ", line.index("=") + 1)
                return number, inline + 1 if inline >= 0 else col
            return number, name_at if key else col
        return 1, 1  # a field of the root table that is missing: the document's start

    return locate


def _value_column(line: str, after_eq: int) -> int:
    idx = after_eq
    while idx < len(line) and line[idx] == " ":
        idx += 1
    return idx + 1


def dumps_keeping(source: str, data: Mapping[str, Any]) -> str:
    """``data`` written into the TOML document ``source``, keeping its comments and layout."""
    try:
        doc = tomlkit.parse(source)
    except (tomlkit.exceptions.TOMLKitError, ValueError, RecursionError):
        return tomlkit.dumps(dict(data))
    _merge(doc, data)
    return tomlkit.dumps(doc)


def _merge(node: Any, new: Mapping[str, Any]) -> None:
    for key in [k for k in node if k not in new]:
        del node[key]
    for key, value in new.items():
        old = node.get(key)
        if isinstance(value, Mapping) and isinstance(old, Mapping):
            _merge(old, value)
        elif _unwrap(old) != value:
            node[key] = value


def _unwrap(value: Any) -> Any:
    if isinstance(value, Item):
        return value.unwrap()
    return value
