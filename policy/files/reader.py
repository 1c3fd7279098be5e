"""The one way policy text enters the tool: bounded, decoded and screened before parsing.

Every command, the Azure importer and the designer read through ``read_source``. It
refuses, with a ``PolicyFileError`` in plain words and a position where there is one:

- anything that is not a regular file (FIFOs, devices, folders) *before* reading it, so
  a FIFO with no writer cannot block (the file is opened non-blocking, then checked);
- more than ``MAX_BYTES`` (files and stdin alike), bytes that are not UTF-8, NUL bytes
  and raw control characters (they break every parser's positions);
- shapes no policy has, found by a linear scan so that refusing is fast: numbers of
  more than ``MAX_DIGITS`` digits (Python refuses to convert 4,300), nesting deeper
  than ``MAX_DEPTH``, more than ``MAX_ITEMS`` lines, list entries and brackets. The parsers (pure
  Python YAML and TOML) then always finish in well under half a second.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from policy.model.errors import PolicyFileError

#: A policy is a few hundred bytes; anything this big is not one.
MAX_BYTES = 1024 * 1024
#: Digits a number may have: no policy value needs more, and Python refuses 4,300.
MAX_DIGITS = 40
#: Nesting of lists and mappings: a policy is 4 deep (machine.volumes[0].size_gb).
MAX_DEPTH = 24
#: Lines, list entries and brackets: the examples have 24–56, an ``az backup policy show``
#: body about 150. The bound keeps the pure-Python YAML parser (~0.3 ms an item on a
#: loaded machine) well under half a second.
MAX_ITEMS = 600
#: Lines and entries of an Azure body or list: a vault's ``az backup policy list`` holds
#: a hundred lines per policy; the size bound (1 MiB) keeps the time bounded.
MAX_LIST_ITEMS = 60_000

STDIN = "-"

_KINDS = (
    (stat.S_ISDIR, "is a folder"),
    (stat.S_ISFIFO, "is a FIFO (named pipe)"),
    (stat.S_ISSOCK, "is a socket"),
    (stat.S_ISCHR, "is a character device"),
    (stat.S_ISBLK, "is a block device"),
)


def read_source(path: str | Path, stdin: BinaryIO | None = None,
                max_items: int = MAX_ITEMS) -> tuple[str, str]:
    """``(name, text)`` of a policy file, or of stdin when ``path`` is ``-``.

    ``max_items`` bounds lines and list entries: a policy has a few dozen; an Azure list
    (``az backup policy list`` of a whole vault) passes ``MAX_LIST_ITEMS``.
    """
    if str(path) == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        return "<stdin>", screen_bytes(stream.read(MAX_BYTES + 1), "<stdin>", max_items)
    return str(path), screen_bytes(read_bytes(path), str(path), max_items)


def not_regular(path: str | Path) -> str | None:
    """Why ``path`` is not a regular file ("is a FIFO (named pipe)"), or None if it is one."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    return _kind(mode)


def _kind(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    for test, text in _KINDS:
        if test(mode):
            return text
    return "is not a regular file"


def read_bytes(path: str | Path) -> bytes:
    """At most ``MAX_BYTES + 1`` bytes of a regular file; never blocks on a FIFO."""
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise PolicyFileError("no such file", name) from None
    except IsADirectoryError:
        raise PolicyFileError("is a folder, not a policy file", name) from None
    except OSError as exc:
        raise PolicyFileError(f"cannot read: {exc.strerror or exc or 'error'}", name) from None
    try:
        kind = _kind(os.fstat(fd).st_mode)
        if kind is not None:
            raise PolicyFileError(f"{kind}, not a policy file; give a regular file", name)
        with os.fdopen(fd, "rb", closefd=False) as fobj:
            return fobj.read(MAX_BYTES + 1)
    except OSError as exc:
        raise PolicyFileError(f"cannot read: {exc.strerror or exc or 'error'}", name) from None
    finally:
        os.close(fd)


def screen_bytes(raw: bytes, name: str, max_items: int = MAX_ITEMS) -> str:
    """The text of ``raw`` once it is known to be small, UTF-8 and free of hostile shapes."""
    if len(raw) > MAX_BYTES:
        raise PolicyFileError(f"the file is larger than {MAX_BYTES // 1024} KiB; policy "
                              "files are small text files", name,
                              *position_of_offset(raw, MAX_BYTES))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = position_of_offset(raw, exc.start)
        raise PolicyFileError(f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); is this a "
                              "binary file?", name, line, col) from None
    screen_text(text, name, max_items)
    return text


def position_of_offset(data: bytes | str, offset: int) -> tuple[int, int]:
    """1-based line and column of an offset (columns count bytes in bytes, characters in text)."""
    before = data[:offset]
    newline = b"\n" if isinstance(before, bytes) else "\n"
    line = before.count(newline) + 1  # type: ignore[arg-type]
    return line, offset - (before.rfind(newline) + 1) + 1  # type: ignore[arg-type]


# Control characters (tab, LF and CR aside), C1 controls, non-characters, and the Unicode
# line breaks that YAML counts as new lines (they would shift every position after them).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_LONG_NUMBER = re.compile(r"\d{" + str(MAX_DIGITS + 1) + ",}")
_STRUCTURE = re.compile(r"[\[\]{},\n]")


def screen_text(text: str, name: str, max_items: int = MAX_ITEMS) -> None:
    """Refuse control characters, huge numbers, deep nesting and too many items."""
    bad = _CONTROL.search(text)
    if bad:
        line, col = position_of_offset(text, bad.start())
        what = "a NUL byte" if bad[0] == "\x00" else f"control character U+{ord(bad[0]):04X}"
        raise PolicyFileError(f"contains {what}, which a policy file cannot hold; is this a "
                              "binary file?", name, line, col)
    long = _LONG_NUMBER.search(text)
    if long:
        line, col = position_of_offset(text, long.start())
        raise PolicyFileError(f"a number of {len(long[0]):,} digits is far too long; policy "
                              f"values have at most {MAX_DIGITS} digits", name, line, col)
    _screen_structure(text, name, max_items)


def _screen_structure(text: str, name: str, max_items: int) -> None:
    """Bracket depth, block indentation and item count, in one pass over the text."""
    depth = items = 0
    for match in _STRUCTURE.finditer(text):
        char = match[0]
        if char in "]}":
            depth = max(depth - 1, 0)
            continue
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                _refuse(text, match.start(), name, f"is nested more than {MAX_DEPTH} levels "
                        "deep; a policy is a few levels deep")
        items += 1
        if items > max_items:
            _refuse(text, match.start(), name, f"has more than {max_items:,} lines and "
                    "list entries; a policy has a few dozen")
    for number, line in enumerate(text.split("\n"), 1):
        indent = len(line) - len(line.lstrip(" \t-?:"))
        if indent > 2 * MAX_DEPTH and line.strip() and not line.lstrip().startswith("#"):
            raise PolicyFileError(f"is indented or nested more than {MAX_DEPTH} levels deep; "
                                  "a policy is a few levels deep", name, number, indent + 1)


def _refuse(text: str, offset: int, name: str, what: str) -> None:
    line, col = position_of_offset(text, offset)
    raise PolicyFileError(f"the document {what}", name, line, col)
