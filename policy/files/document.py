"""Reading and writing policy files, with atomic saves that keep a YAML file's comments.

- ``load``/``loads`` parse (``policy.files.formats``) and validate (``policy.model.validation``).
- Saving goes through ``policy.files.saving.write_atomic`` (atomic, through symlinks,
  hard links refused, umask modes, stale temporaries cleaned).
- A YAML file that was loaded is saved by updating its own parse tree, and a TOML file by
  updating its own ``tomlkit`` document, so the user's comments, key order and quoting
  survive.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from datetime import date, time
from enum import Enum
from pathlib import Path
from typing import Any, BinaryIO

import tomli_w
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from policy.files.formats import (
    FORMATS,
    MAX_BYTES,
    Format,
    format_of,
    parse,
    plain,
    read_text,
    yaml_engine,
)
from policy.files.reader import read_source
from policy.files.saving import same_file, write_atomic
from policy.files.toml_text import dumps_keeping
from policy.model.errors import PolicyInvalid
from policy.model.models import Policy, format_time
from policy.model.validation import Locator, build_policy

__all__ = ["FORMATS", "MAX_BYTES", "Format", "Loaded", "dumps", "format_of", "load", "load_source",
           "loads",
           "parse", "read_text", "same_file", "save", "to_data", "write_atomic"]


@dataclass(frozen=True)
class Loaded:
    """A policy read from a file, with what is needed to write it back faithfully."""

    policy: Policy
    path: str
    format: Format
    tree: Any = None
    """The YAML round-trip tree (YAML) or the source text (TOML): keeps comments on save."""
    locate: Locator | None = None
    """Field path -> (line, column) in the file, for findings made after loading."""


def load(path: str | Path, fmt: Format | None = None) -> Loaded:
    """Load and validate a policy file; raise ``PolicyFileError`` or ``PolicyInvalid``."""
    text = read_text(path)
    return loads(text, str(path), fmt or format_of(path, text))


def load_source(path: str | Path, fmt: Format | None = None,
                stdin: BinaryIO | None = None) -> Loaded:
    """``load``, or for ``-`` the same from stdin (same bounds; format guessed from text)."""
    name, text = read_source(path, stdin)
    return loads(text, name, fmt or format_of(path, text))


def loads(text: str, name: str = "<text>", fmt: Format = "yaml") -> Loaded:
    """Parse and validate policy text in a given format."""
    data, tree, locate = parse(text, name, fmt)
    try:
        policy = build_policy(data, locate)
    except PolicyInvalid as exc:
        exc.path = name
        raise
    return Loaded(policy, name, fmt, tree, locate)


# --- saving -----------------------------------------------------------------------------


def to_data(policy: Policy) -> dict[str, Any]:
    """The policy as plain data: only fields that were set, no nulls, dates as dates."""
    dumped = policy.model_dump(mode="python", exclude_unset=True, exclude_none=True)
    return {k: _data(v) for k, v in dumped.items()}


def _data(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, time):
        return format_time(value)
    if isinstance(value, dict):
        return {k: _data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_data(v) for v in value]
    return value


def dumps(policy: Policy, fmt: Format, tree: Any = None) -> str:
    """Policy text in a format; a loaded YAML ``tree`` is updated in place, a TOML source
    text (``tree`` of a loaded TOML file) keeps its comments."""
    data = to_data(policy)
    if fmt == "json":
        return json.dumps(_jsonable(data), indent=2, ensure_ascii=False) + "\n"
    if fmt == "toml":
        return dumps_keeping(tree, data) if isinstance(tree, str) else tomli_w.dumps(data)
    root = _merge(tree, data) if isinstance(tree, CommentedMap) else _fresh(data)
    buf = io.StringIO()
    yaml_engine().dump(root, buf)
    return buf.getvalue()


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


_TIME_TEXT = re.compile(r"^\d{2}:\d{2}$")


def _fresh(value: Any, depth: int = 0) -> Any:
    """New YAML nodes: block mappings, flow lists, times quoted."""
    if isinstance(value, dict):
        node = CommentedMap((k, _fresh(v, depth + 1)) for k, v in value.items())
        if depth >= 2 and all(not isinstance(v, dict | list) for v in value.values()) \
                and sum(len(str(k)) + len(str(v)) for k, v in value.items()) < 72:
            node.fa.set_flow_style()
        return node
    if isinstance(value, list):
        seq = CommentedSeq(_fresh(v, depth + 1) for v in value)
        if all(not isinstance(v, dict) for v in value):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str) and _TIME_TEXT.match(value):
        return DoubleQuotedScalarString(value)
    return value


def _merge(old: Any, new: Any) -> Any:
    """``new`` written into ``old``'s nodes where they differ, keeping comments and order."""
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        for key in [k for k in old if k not in new]:
            del old[key]
        for key, value in new.items():
            old[key] = _merge(old[key], value) if key in old else _fresh(value, 1)
        return old
    if plain(old) == new:
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        seq = _fresh(new)
        if old.fa.flow_style() is False:
            seq.fa.set_block_style()
        return seq
    return _fresh(new, 1)


def save(policy: Policy, path: str | Path, loaded: Loaded | None = None,
         fmt: Format | None = None) -> Loaded:
    """Save atomically; keeps a loaded YAML or TOML file's comments in the same format.

    Raises ``PolicyFileError`` when the target is refused or cannot be written.
    """
    fmt = fmt or format_of(path)
    tree = loaded.tree if loaded is not None and loaded.format == fmt else None
    text = dumps(policy, fmt, tree)
    write_atomic(path, text)
    _, new_tree, locate = parse(text, str(path), fmt)
    return Loaded(policy, str(path), fmt, new_tree, locate)
