"""The one save routine: atomic, through symlinks, never over a hard link or the input.

Every write of the tool (``import -o``, ``export -o``, the designer's saves and exports)
goes through ``write_atomic``:

- The text goes to a temporary ``.NAME.XXXXXXXX.tmp`` beside the real target, is flushed
  and renamed over it, so a reader sees the old file or the new one, never half of one.
- A symlink is followed: the file it points to changes and the link stays a link (as
  every editor does); a dangling link creates its target.
- A file with several hard links is **refused**: a rename would split the links (the
  other names keep the old text) and writing in place could leave a half-written file
  after a crash, so neither is silently done; the message says how to proceed.
- A new file gets the mode the umask gives (0644 under umask 022), an existing file keeps
  its own mode.
- The temporary file is locked while it is written; temporaries of ours that nobody
  holds locked any more (left by a kill) are removed on the next save to the same name.
- ``not_over`` names files that must not be written (the input of an export): writing
  to one of them, under any name or link, is refused.
- ``disk_stamp`` records a file as read (mtime, size, SHA-256) so that the designer can
  tell, before saving, that another program changed it meanwhile.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from policy.files.reader import read_bytes
from policy.model.errors import PolicyFileError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no stale-temporary cleanup
    fcntl = None  # type: ignore[assignment]


@dataclass(frozen=True)
class DiskStamp:
    """What a file was when it was read: a later save can tell whether it changed since."""

    mtime_ns: int
    size: int
    sha256: str

    def same_content(self, other: DiskStamp | None) -> bool:
        """Whether ``other`` (the file now) holds the same bytes (a touch is no change)."""
        if other is None:
            return False
        if (other.mtime_ns, other.size) == (self.mtime_ns, self.size):
            return True
        return other.sha256 == self.sha256


def disk_stamp(path: str | Path) -> DiskStamp | None:
    """The stamp of a regular file now, or None when it is missing or unreadable."""
    try:
        info = os.stat(path)
        raw = read_bytes(path)
    except (OSError, PolicyFileError):
        return None
    return DiskStamp(info.st_mtime_ns, info.st_size, hashlib.sha256(raw).hexdigest())


def real_target(path: str | Path) -> Path:
    """The file a save of ``path`` changes: symlinks followed, the name itself kept."""
    return Path(os.path.realpath(path))


def same_file(first: str | Path, second: str | Path) -> bool:
    """Whether two names are the same file (through links, ``..`` and hard links)."""
    try:
        return os.path.samefile(first, second)
    except OSError:
        return real_target(first) == real_target(second)


def write_atomic(path: str | Path, text: str | Iterable[str], *,
                 not_over: Iterable[str | Path] = ()) -> Path:
    """Write ``text`` to ``path`` atomically; returns the file written (links followed).

    ``text`` may be an iterable of pieces (a long export streamed from the engine): they are
    written one after the other, and the file appears only once the last one is written.

    Raises ``PolicyFileError`` for a refused target (a folder, a hard-linked file, one of
    ``not_over``) and for a failed write; nothing is changed then.
    """
    name = str(path)
    for source in not_over:
        if str(source) != "-" and same_file(path, source):
            raise PolicyFileError("is the input file; write to another file", name)
    target = real_target(path)
    mode = _existing_mode(target, name)
    _clean_stale(target)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # umask applies
    except OSError as exc:
        raise PolicyFileError(f"cannot write: {exc.strerror or exc or 'error'}", name) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fobj:
            if fcntl is not None:
                fcntl.flock(fobj.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            if isinstance(text, str):
                fobj.write(text)
            else:
                for piece in text:
                    fobj.write(piece)
            fobj.flush()
            os.fsync(fobj.fileno())
            if mode is not None:
                os.chmod(tmp, mode)
            os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise PolicyFileError(f"cannot write: {exc.strerror or exc or 'error'}", name) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def _existing_mode(target: Path, name: str) -> int | None:
    """The mode to keep (None for a new file); refuses folders and hard-linked files."""
    try:
        info = target.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise PolicyFileError(f"cannot write: {exc.strerror or exc or 'error'}", name) from None
    if target.is_dir():
        raise PolicyFileError("is a folder; give a file name", name)
    if not target.is_file():
        raise PolicyFileError("is not a regular file (a FIFO or device?); give a file name",
                              name)
    if info.st_nlink > 1:
        raise PolicyFileError(
            f"has {info.st_nlink} hard links; saving would leave the other names with the "
            "old text, so it is not saved. Save to another name, or remove the other links "
            "first", name)
    return info.st_mode & 0o7777


def stale_pattern(name: str) -> re.Pattern[str]:
    """Names of our temporaries for target ``name`` (this and earlier versions' spelling)."""
    return re.compile(rf"\.{re.escape(name)}\.[A-Za-z0-9_]{{8}}\.tmp")


def _clean_stale(target: Path) -> None:
    """Remove temporaries of ours for ``target`` that no running save holds locked."""
    if fcntl is None:
        return
    pattern = stale_pattern(target.name)
    try:
        names = [n for n in os.listdir(target.parent) if pattern.fullmatch(n)]
    except OSError:
        return
    for stale in names:
        path = target.parent / stale
        with contextlib.suppress(OSError):
            if path.is_symlink() or not path.is_file():
                continue
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # held: a save in progress
                path.unlink()
            finally:
                os.close(fd)
