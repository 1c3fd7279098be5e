"""Parsing policy text: YAML, TOML and JSON into plain data, with file positions.

- Anything that cannot be a policy (too big, not UTF-8, binary, alias bombs) is refused
  with a ``PolicyFileError`` before or while parsing; nothing else escapes.
- Parse errors carry ``line``/``column`` (1-based) where the format gives them: always
  for YAML and JSON, for TOML syntax errors; field paths are located in the YAML tree,
  in a YAML reading of the JSON text, and by a search of TOML text.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from policy.model.errors import PolicyFileError
from policy.model.validation import Locator

Format = Literal["yaml", "toml", "json"]
FORMATS: tuple[Format, ...] = ("yaml", "toml", "json")
#: A policy is a few hundred bytes; anything this big is not one.
MAX_BYTES = 1024 * 1024
#: Nodes allowed after expanding YAML aliases (guards against "billion laughs").
MAX_NODES = 50_000


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
    except ValueError:
        return False
    return True


def read_text(path: str | Path, raw: bytes | None = None) -> str:
    """A file's text, refusing what cannot be a policy (too big, not UTF-8, binary)."""
    name = str(path)
    if raw is None:
        try:
            with open(path, "rb") as fobj:
                raw = fobj.read(MAX_BYTES + 1)
        except FileNotFoundError:
            raise PolicyFileError("no such file", name) from None
        except IsADirectoryError:
            raise PolicyFileError("is a folder, not a policy file", name) from None
        except OSError as exc:
            raise PolicyFileError(f"cannot read: {exc.strerror}", name) from None
    if len(raw) > MAX_BYTES:
        raise PolicyFileError(f"the file is larger than {MAX_BYTES // 1024} KiB; policy "
                              "files are small text files", name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _position_of_offset(raw, exc.start)
        raise PolicyFileError(f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); is this a "
                              "binary file?", name, line, col) from None
    if "\x00" in text:
        line, col = _position_of_offset(raw, raw.index(b"\x00"))
        raise PolicyFileError("contains NUL bytes; is this a binary file?", name, line, col)
    return text


def _position_of_offset(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    return line, offset - (before.rfind(b"\n") + 1) + 1


def parse(text: str, name: str, fmt: Format) -> tuple[Any, Any, Locator]:
    """Parse text into plain data, the YAML tree (if any) and a field-path locator."""
    if not text.strip():
        raise PolicyFileError("the file is empty; a policy needs at least name, timezone, "
                              "schedule and retention", name, 1, 1)
    if fmt == "json":
        data = _parse_json(text, name)
        return data, None, _tree_locator(_yaml_tree_quiet(text))
    if fmt == "toml":
        return _parse_toml(text, name), None, _toml_locator(text)
    tree = _parse_yaml(text, name)
    return plain(tree), tree, _tree_locator(tree)


def yaml_engine() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _parse_yaml(text: str, name: str) -> Any:
    try:
        tree = yaml_engine().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(s for s in (exc.context, exc.problem) if s) or "invalid YAML"
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise PolicyFileError(f"YAML syntax error: {what}", name, line, col) from None
    except (YAMLError, ValueError, TypeError, RecursionError) as exc:
        raise PolicyFileError(f"YAML error: {exc}", name) from None
    _count_nodes(tree, name)
    return tree


def _count_nodes(tree: Any, name: str) -> None:
    budget = [MAX_NODES]

    def walk(node: Any, depth: int) -> None:
        budget[0] -= 1
        if budget[0] < 0 or depth > 50:
            raise PolicyFileError("the document is too large or too deeply nested "
                                  "(YAML aliases?)", name)
        if isinstance(node, Mapping):
            for key, value in node.items():
                walk(key, depth + 1)
                walk(value, depth + 1)
        elif isinstance(node, list):
            for item in node:
                walk(item, depth + 1)

    walk(tree, 0)


def _yaml_tree_quiet(text: str) -> Any:
    try:
        return yaml_engine().load(text)
    except Exception:  # positions are a nicety for JSON; the JSON parser has spoken
        return None


def _parse_json(text: str, name: str) -> Any:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                raise PolicyFileError(f"JSON error: key {key!r} appears twice", name)
            out[key] = value
        return out

    def no_constant(value: str) -> Any:
        raise PolicyFileError(f"JSON error: {value} is not a JSON number", name)

    try:
        return json.loads(text, object_pairs_hook=no_duplicates, parse_constant=no_constant)
    except json.JSONDecodeError as exc:
        raise PolicyFileError(f"JSON syntax error: {exc.msg}", name, exc.lineno,
                              exc.colno) from None
    except RecursionError:
        raise PolicyFileError("JSON error: nested too deeply", name) from None


_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")


def _parse_toml(text: str, name: str) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        match = _TOML_POS.search(msg)
        clean = _TOML_POS.sub("", msg).strip()
        line, col = (int(match[1]), int(match[2])) if match else (None, None)
        raise PolicyFileError(f"TOML syntax error: {clean}", name, line, col) from None
    except RecursionError:
        raise PolicyFileError("TOML error: nested too deeply", name) from None


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

    def locate(loc: str) -> tuple[int | None, int | None]:
        node, best = tree, (1, 1) if tree is not None else (None, None)
        for part in _path_parts(loc):
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


def _toml_locator(text: str) -> Locator:
    """Positions in TOML text by a search (tomllib keeps none): tables, then keys."""
    lines = text.splitlines()

    def locate(loc: str) -> tuple[int | None, int | None]:
        parts = [p for p in _path_parts(loc) if isinstance(p, str)]
        table: list[str] = []
        best: tuple[int | None, int | None] = (None, None)
        for number, line in enumerate(lines, 1):
            header = re.match(r"\s*\[\s*([\w.\" -]+?)\s*\]\s*(#.*)?$", line)
            if header:
                table = [h.strip().strip('"') for h in header[1].split(".")]
                if table == parts[: len(table)] and best == (None, None):
                    best = (number, line.index("[") + 1)
                continue
            key = re.match(r"\s*([\w\"-]+)\s*=", line)
            if key and [*table, key[1].strip('"')] == parts[: len(table) + 1]:
                exact = len(table) + 1 == len(parts)
                inline = line.find(f"{parts[-1]} ", key.end()) if not exact else -1
                col = key.end() + 1 if exact else (inline + 1 if inline >= 0 else 1)
                return number, _value_column(line, col) if exact else col
        return best

    return locate


def _value_column(line: str, after_eq: int) -> int:
    idx = after_eq - 1
    while idx < len(line) and line[idx] == " ":
        idx += 1
    return idx + 1
