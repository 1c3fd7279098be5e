"""YAML policy text: the round-trip parser, and its failures as positioned plain words.

ruamel.yaml's messages are written for programmers (``found ('[',)``, ``"<unicode
string>", position 100``, ``found duplicate key "a" with value …``), and some failures
are bare Python errors without a position (an unquoted ``2026-02-30``). Here every one
becomes a ``PolicyFileError`` with line and column; the tree is then checked for what a
policy never holds (keys that are not text, tags, binary data, sets, alias bombs).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.constructor import ConstructorError, DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from policy.files.reader import MAX_DEPTH, position_of_offset
from policy.model.errors import PolicyFileError

#: Nodes allowed after expanding YAML aliases (guards against "billion laughs").
MAX_NODES = 20_000
#: Characters of YAML read at most: the pure-Python parser needs about 1-2 µs a character
#: (a comment-only 1 MiB file took 1.7 s on a loaded 2-core machine), so the 1 MiB read
#: bound alone would not keep every refusal under half a second. Policies are ~1 KiB.
MAX_YAML_CHARS = 128 * 1024


class _Constructor(RoundTripConstructor):
    """Python errors raised while building a value (``2026-02-30``) get the node's mark."""

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, OverflowError, ArithmeticError) as exc:
            if isinstance(exc, YAMLError):
                raise
            value = node.value if isinstance(node.value, str) else "this value"
            raise ConstructorError(problem=f"{value!r} cannot be read: {exc}",
                                   problem_mark=node.start_mark) from None


def yaml_engine() -> YAML:
    """The round-trip YAML reader/writer every load and save uses."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.preserve_quotes = True
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def parse_yaml(text: str, name: str) -> Any:
    """The round-trip tree of YAML text; every failure is a positioned ``PolicyFileError``."""
    if len(text) > MAX_YAML_CHARS:
        raise PolicyFileError(f"the YAML text is longer than {MAX_YAML_CHARS // 1024} KiB; "
                              "a policy is a few KiB (YAML is limited to keep reading it fast)",
                              name, *position_of_offset(text, MAX_YAML_CHARS))
    try:
        tree = yaml_engine().load(text)
    except DuplicateKeyError as exc:
        raise _duplicate(exc, name) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        parts = [_plain(s) for s in (exc.context, exc.problem) if s]
        if any(p.startswith(_TAB) for p in parts):
            parts = [_TAB]  # the scanner's context ("while scanning …") says nothing more
        what = "; ".join(parts) or "invalid YAML"
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        kind = "YAML error" if isinstance(exc, ConstructorError) else "YAML syntax error"
        raise PolicyFileError(f"{kind}: {what}", name, line, col) from None
    except ReaderError as exc:
        line, col = position_of_offset(text, exc.position)
        raise PolicyFileError(f"YAML error: character U+{exc.character:04X} is not allowed "
                              "in YAML", name, line, col) from None
    except (YAMLError, ValueError, TypeError, RecursionError, AttributeError):
        raise PolicyFileError("YAML error: the document cannot be read as a policy", name,
                              1, 1) from None
    check_tree(tree, name)
    return tree


def _duplicate(exc: DuplicateKeyError, name: str) -> PolicyFileError:
    mark = exc.problem_mark or exc.context_mark
    key = re.search(r'duplicate key "(.*?)" with value', exc.problem or "")
    first = exc.context_mark
    where = f" (first in the mapping at line {first.line + 1})" if first else ""
    what = f'key "{key[1]}"' if key else "a key"
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return PolicyFileError(f"YAML error: {what} appears twice in one mapping{where}; keep "
                           "one", name, line, col)


_TAB = "found a tab; YAML indents with spaces, not tabs"
_WORDS = (
    (re.compile(r"found character '\\t' that cannot start any token"), _TAB),
    (re.compile(r"\('(.+?)',\)"), r"'\1'"),
    (re.compile(r"<stream end>|<stream start>|end of stream"), "the end of the file"),
    (re.compile(r"<document start>"), "the end of the document"),
    (re.compile(r"<block end>"), "the end of the indented block"),
    (re.compile(r"<block mapping start>|<block sequence start>"), "an indented block"),
    (re.compile(r"'\\t'"), "a tab"),
)


def _plain(message: str) -> str:
    for pattern, words in _WORDS:
        message = pattern.sub(words, message)
    return message


def check_tree(tree: Any, name: str) -> None:
    """Refuse what a policy never holds; count nodes with aliases expanded."""
    budget = [MAX_NODES]

    def walk(node: Any, depth: int, where: tuple[int, int]) -> None:
        budget[0] -= 1
        if budget[0] < 0 or depth > MAX_DEPTH:
            raise PolicyFileError("YAML error: the document is too large or too deeply "
                                  "nested once its aliases are expanded", name, *where)
        if isinstance(node, Mapping):
            for key, value in node.items():
                at = _key_position(node, key, where)
                if not isinstance(key, str):
                    raise PolicyFileError(f"YAML error: a key must be a name, not "
                                          f"{_kind(key)}", name, *at)
                walk(value, depth + 1, _value_position(node, key, at))
        elif isinstance(node, list):
            for number, item in enumerate(node):
                walk(item, depth + 1, _item_position(node, number, where))
        elif not isinstance(node, str | int | float | bool | date) and node is not None:
            raise PolicyFileError(f"YAML error: {_kind(node)} is not a policy value", name,
                                  *where)

    walk(tree, 0, (1, 1))


def _kind(value: Any) -> str:
    if isinstance(value, TaggedScalar):
        return f"a value tagged {value.tag.value}"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, bytes):
        return "binary data (!!binary)"
    if isinstance(value, set | frozenset):
        return "a set (!!set)"
    if value is None:
        return "empty (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, date):
        return f"a date ({value.isoformat()})"
    return f"a value of YAML type {type(value).__name__}"


def _key_position(node: Any, key: Any, default: tuple[int, int]) -> tuple[int, int]:
    return _mark(node, "key", key, default) if isinstance(node, CommentedMap) else default


def _value_position(node: Any, key: Any, default: tuple[int, int]) -> tuple[int, int]:
    return _mark(node, "value", key, default) if isinstance(node, CommentedMap) else default


def _item_position(node: Any, number: int, default: tuple[int, int]) -> tuple[int, int]:
    return _mark(node, "item", number, default) if isinstance(node, CommentedSeq) else default


def _mark(node: Any, kind: str, which: Any, default: tuple[int, int]) -> tuple[int, int]:
    """ruamel's recorded (line, column) of a key, value or item, 1-based; else ``default``."""
    try:
        line, col = getattr(node.lc, kind)(which)
    except (KeyError, TypeError, AttributeError, IndexError):
        return default
    if not isinstance(line, int) or not isinstance(col, int):
        return default
    return line + 1, col + 1
