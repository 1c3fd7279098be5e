"""Positions of a JSON document's values, and the JSON rules ``json.loads`` does not keep.

``json`` keeps no positions, accepts ``NaN``/``Infinity`` and lets a repeated key win
silently. This walk (run after ``json.loads`` accepted the syntax, on text already
screened for depth and size by ``policy.files.reader``) records the line and column of
every value by field path and refuses repeated keys and non-numbers *at their position*.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import re
from collections.abc import Callable
from typing import Any

from policy.model.errors import PolicyFileError

_SPACE = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null"
                     r"|-?Infinity|NaN")
_NOT_NUMBERS = {"NaN", "Infinity", "-Infinity"}
#: The C string scanner ``json`` itself uses: (text, index after the quote) -> (str, end).
_scanstring: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]

Position = tuple[int, int]


class JsonPositions:
    """Walk a JSON text once: ``positions[(key, 0, …)] = (line, column)`` of each value."""

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.positions: dict[tuple[str | int, ...], Position] = {}
        self.keys: dict[tuple[str | int, ...], Position] = {}
        end = self._value(self._skip(0), ())
        del end

    def at(self, offset: int) -> Position:
        """1-based (line, column) of a character offset."""
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def _skip(self, idx: int) -> int:
        match = _SPACE.match(self.text, idx)
        return match.end() if match else idx

    def _fail(self, offset: int, message: str) -> PolicyFileError:
        return PolicyFileError(f"JSON error: {message}", self.name, *self.at(offset))

    def _value(self, idx: int, path: tuple[str | int, ...]) -> int:
        self.positions[path] = self.at(idx)
        char = self.text[idx : idx + 1]
        if char == "{":
            return self._object(idx + 1, path)
        if char == "[":
            return self._array(idx + 1, path)
        if char == '"':
            return int(_scanstring(self.text, idx + 1)[1])
        match = _SCALAR.match(self.text, idx)
        if match is None:
            raise self._fail(idx, "expected a value")
        if match[0] in _NOT_NUMBERS:
            raise self._fail(idx, f"{match[0]} is not a JSON number; write a number")
        return match.end()

    def _object(self, idx: int, path: tuple[str | int, ...]) -> int:
        seen: dict[str, Position] = {}
        idx = self._skip(idx)
        if self.text.startswith("}", idx):
            return idx + 1
        while True:
            key_at = idx
            key, idx = _scanstring(self.text, idx + 1)
            if key in seen:
                first = seen[key]
                raise self._fail(key_at, f'key "{key}" appears twice (first at line '
                                 f"{first[0]}, column {first[1]}); keep one")
            seen[key] = self.keys[(*path, key)] = self.at(key_at)
            idx = self._skip(self._skip(idx) + 1)  # past ':'
            idx = self._skip(self._value(idx, (*path, key)))
            if self.text.startswith("}", idx):
                return idx + 1
            idx = self._skip(idx + 1)  # past ','

    def _array(self, idx: int, path: tuple[str | int, ...]) -> int:
        idx = self._skip(idx)
        if self.text.startswith("]", idx):
            return idx + 1
        number = 0
        while True:
            idx = self._skip(self._value(idx, (*path, number)))
            number += 1
            if self.text.startswith("]", idx):
                return idx + 1
            idx = self._skip(idx + 1)

    def locate(self, parts: list[str | int], key: bool = False) -> tuple[int | None, int | None]:
        """The position of the deepest value of ``parts`` that exists (1:1 for none); with
        ``key``, that of the last part's key (its opening quote) when it exists."""
        if key and tuple(parts) in self.keys:
            return self.keys[tuple(parts)]
        for size in range(len(parts), -1, -1):
            found = self.positions.get(tuple(parts[:size]))
            if found is not None:
                return found
        return 1, 1


def parse_json(text: str, name: str) -> tuple[Any, JsonPositions]:
    """JSON text as data and positions; every failure is a positioned ``PolicyFileError``."""
    try:
        data = json.loads(text, parse_constant=lambda value: value)
    except json.JSONDecodeError as exc:
        raise PolicyFileError(f"JSON syntax error: {_plain(exc.msg)}", name, exc.lineno,
                              exc.colno) from None
    except (ValueError, RecursionError):
        # Screening bounds digits and depth first; this is the guard behind it.
        raise PolicyFileError("JSON error: the document cannot be read as a policy", name,
                              1, 1) from None
    return data, JsonPositions(text, name)


def _plain(message: str) -> str:
    return message.replace("Extra data", "more text after the end of the document")
