"""Parsing policy text: YAML, TOML and JSON into plain data, with file positions.

- Anything that cannot be a policy (not a regular file, too big, not UTF-8, control
  characters, huge numbers, deep nesting, too many items, alias bombs) is refused with a
  ``PolicyFileError`` before or while parsing (``policy.files.reader``); nothing else
  escapes, and no message quotes Python.
- Every error carries ``line``/``column`` (1-based): field paths are located in the YAML
  tree, by a walk of the JSON text (``jsonpos``) and by an index of TOML lines.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from policy.files.jsonpos import parse_json
from policy.files.reader import MAX_BYTES, read_bytes, screen_bytes, screen_text
from policy.files.toml_text import parse_toml, toml_locator
from policy.files.yaml_text import MAX_NODES, parse_yaml, yaml_engine
from policy.model.errors import PolicyFileError
from policy.model.validation import Locator

Format = Literal["yaml", "toml", "json"]
FORMATS: tuple[Format, ...] = ("yaml", "toml", "json")
__all__ = ["FORMATS", "MAX_BYTES", "MAX_NODES", "Format", "format_of", "parse", "plain",
           "read_text", "yaml_engine"]


def format_of(path: str | Path, text: str | None = None) -> Format:
    """The format a path's extension names, or a guess from the text (for stdin)."""
    suffix = Path(path).suffix.lower()
    if suffix in {".yaml", ".yml"}:
        return "yaml"
    if suffix == ".toml":
        return "toml"
    if suffix == ".json":
        return "json"
    if text is not None:
        stripped = text.lstrip()
        if stripped.startswith(("{", "[")) and not stripped.startswith("[["):
            return "json" if stripped.startswith("{") or _looks_json(stripped) else "toml"
        if re.search(r"^\s*\[[\w.\" -]+\]\s*$", text, re.M) or re.search(
                r"^\s*[\w\"-]+\s*=", text, re.M):
            return "toml"
    return "yaml"


def _looks_json(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def read_text(path: str | Path, raw: bytes | None = None) -> str:
    """A file's text (or ``raw``'s, for stdin), refusing what cannot be a policy.

    See ``policy.files.reader``: regular files only, at most ``MAX_BYTES``, UTF-8, no
    control characters, no shapes (digits, depth, items) that no policy has.
    """
    name = str(path)
    return screen_bytes(read_bytes(path) if raw is None else raw, name)


def parse(text: str, name: str, fmt: Format) -> tuple[Any, Any, Locator]:
    """Parse text into plain data, the format's tree (if any) and a field-path locator.

    The tree is the ruamel round-trip tree for YAML and the source text for TOML (what a
    comment-keeping save needs); None for JSON.
    """
    if not text.strip():
        raise PolicyFileError("the file is empty; a policy needs at least name, timezone, "
                              "schedule and retention", name, 1, 1)
    screen_text(text, name)
    if fmt == "json":
        data, positions = parse_json(text, name)
        return data, None, lambda loc, key=False: positions.locate(_path_parts(loc), key)
    if fmt == "toml":
        return parse_toml(text, name), text, toml_locator(text)
    tree = parse_yaml(text, name)
    return plain(tree), tree, _tree_locator(tree)


def plain(node: Any) -> Any:
    """The round-trip YAML tree as plain dicts, lists and scalars."""
    if isinstance(node, Mapping):
        return {(str(k) if not isinstance(k, str | int) else k): plain(v)
                for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    return node


# --- positions --------------------------------------------------------------------------

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _path_parts(loc: str) -> list[str | int]:
    return [m[1] if m[1] is not None else int(m[2]) for m in _PART.finditer(loc)]


def _tree_locator(tree: Any) -> Locator:
    """Positions from a ruamel tree: the deepest node of the path that exists."""

    def locate(loc: str, key: bool = False) -> tuple[int | None, int | None]:
        node, best = tree, (1, 1)
        parts = _path_parts(loc)
        for number, part in enumerate(parts):
            if key and number == len(parts) - 1 and isinstance(node, CommentedMap) \
                    and part in node:
                line, col = node.lc.key(part)
                return line + 1, col + 1
            pos = _child_position(node, part)
            if pos is None:
                break
            best, node = pos[0], pos[1]
        return best

    return locate


def _child_position(node: Any, part: str | int) -> tuple[tuple[int, int], Any] | None:
    if isinstance(node, CommentedMap) and part in node:
        line, col = node.lc.value(part) if node[part] is not None else node.lc.key(part)
        return (line + 1, col + 1), node[part]
    if isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
        line, col = node.lc.item(part)
        return (line + 1, col + 1), node[part]
    return None
