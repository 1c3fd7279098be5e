"""Hostile inputs for the fuzz properties and ``benchmarks/fuzz.py``: one generator of each.

Plain functions of a ``random.Random`` (so a seed replays an input): prefixes and byte
or text edits of the examples, garbage, and structural mutations that put one of the
``HOSTILE_VALUES`` at a field path of an example and write the result in each format.
``outcome`` runs one input through the reader, parser and validation as every command does.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import tomli_w
from ruamel.yaml import YAML

from policy.files import document as files
from policy.model.errors import PolicyError, PolicyFileError, PolicyInvalid

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SOURCES = {p.name: p.read_bytes() for p in sorted(EXAMPLES.iterdir())
           if p.suffix in (".yaml", ".toml", ".json")}
FORMATS: dict[str, files.Format] = {".yaml": "yaml", ".toml": "toml", ".json": "json"}

HOSTILE_VALUES: list[Any] = [
    "²", "①", "٢٣:٣٠", "２３:３０", "7:30", "23:30:00", "20260115", "2026-W03-4", "..", "   ",
    "", "x" * 5000, "\u202e", "9" * 30, -1, 0, 10**18, 1e308, -0.0, True, None, [], {},
    [[[[]]]], {"a": {"b": {"c": {}}}}, ["23:30"] * 500, "last", "2026-02-30", 3.5,
    "Europe/Nowhere", {"keep": "x"}, date(1, 1, 1),
]
SPICE = ["\x00", "\x01", "\t", "\ufeff", "\u2028", "[", "{", "]", "}", ":", "- ", "&a ", "*a",
         "!!binary ", "NaN", "1e999", "9" * 50, '"', "'", "#", "\n", "=", ",", "\\", "\xff"]


@dataclass(frozen=True)
class Outcome:
    """What one input did: ``kind`` is ok, file-error, invalid or crash (a defect)."""

    kind: str
    positioned: bool = True
    detail: str = ""


def outcome(raw: bytes, fmt: files.Format) -> Outcome:
    """Run ``raw`` through ``read_text`` + ``loads``; anything but a ``PolicyError`` is a crash."""
    try:
        text = files.read_text(f"p.{fmt}", raw)
        files.loads(text, f"p.{fmt}", fmt)
    except PolicyFileError as exc:
        return Outcome("file-error", exc.line is not None and exc.column is not None,
                       exc.message)
    except PolicyInvalid as exc:
        return Outcome("invalid", all(p.line is not None for p in exc.problems),
                       "; ".join(f"{p.loc}@{p.line}" for p in exc.problems[:3]))
    except PolicyError as exc:
        return Outcome("file-error", False, str(exc))
    except BaseException as exc:  # the defect this module hunts for
        if isinstance(exc, KeyboardInterrupt):
            raise
        return Outcome("crash", False, f"{type(exc).__name__}: {exc}"[:300])
    return Outcome("ok")


def prefix(rng: random.Random) -> tuple[bytes, files.Format]:
    name, raw = rng.choice(sorted(SOURCES.items()))
    return raw[: rng.randrange(len(raw) + 1)], FORMATS[Path(name).suffix]


def byte_edit(rng: random.Random) -> tuple[bytes, files.Format]:
    name, raw = rng.choice(sorted(SOURCES.items()))
    data = bytearray(raw)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(data) + 1)
        spice = rng.choice(SPICE).encode("utf-8", "surrogateescape") if rng.random() < 0.7 \
            else bytes([rng.randrange(256)])
        if spice == b"\xc3\xbf":
            spice = b"\xff"
        cut = rng.randint(0, 3)
        data[at : at + cut] = spice
    return bytes(data), FORMATS[Path(name).suffix]


def garbage(rng: random.Random) -> tuple[bytes, files.Format]:
    size = rng.choice([1, 8, 64, 512, 4096])
    if rng.random() < 0.5:
        raw = bytes(rng.randrange(256) for _ in range(size))
    else:
        raw = "".join(rng.choice([*SPICE, "a", "1", " ", "x: "]) for _ in range(size)).encode()
    return raw, rng.choice(["yaml", "toml", "json"])


def _paths(node: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield here
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*here, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*here, i))


_PICK: Any = object()


def structural(rng: random.Random, value: Any = _PICK) -> tuple[bytes, files.Format]:
    """An example's data with one path deleted or replaced by a hostile value (``value``,
    else one picked), written in any format."""
    name = rng.choice(sorted(SOURCES))
    data = copy.deepcopy(files.load(EXAMPLES / name).policy.model_dump(
        mode="json", exclude_unset=True, exclude_none=True))
    path = rng.choice(list(_paths(data))[1:])
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    action = rng.random()
    if action < 0.15 and isinstance(parent, dict) and value is _PICK:
        del parent[path[-1]]
    else:
        parent[path[-1]] = copy.deepcopy(rng.choice(HOSTILE_VALUES) if value is _PICK
                                         else value)
    fmt: files.Format = rng.choice(["yaml", "toml", "json"])
    return _dump(data, fmt), fmt


def _dump(data: Any, fmt: files.Format) -> bytes:
    if fmt == "json":
        return json.dumps(data, default=str).encode()
    if fmt == "toml":
        try:
            return tomli_w.dumps(_no_nulls(data)).encode()
        except (TypeError, ValueError):
            return json.dumps(data, default=str).encode()
    import io

    buf = io.StringIO()
    YAML(typ="safe", pure=True).dump(data, buf)
    return buf.getvalue().encode()


def _no_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _no_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_no_nulls(v) for v in value if v is not None]
    return value


GENERATORS = {"prefix": prefix, "byte-edit": byte_edit, "garbage": garbage,
              "structural": structural}
