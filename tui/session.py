"""The file behind the designer: open, validate, save (no Textual here).

A file that parses but breaks rules still opens, with its data in the form and its
problems shown; a file that cannot be parsed at all opens the template, with the parse
error shown and no path, so that saving never overwrites what could not be read. A save
over the session's own file first checks that no other program changed it since it was
read (mtime, size and SHA-256), so another program's edit is never silently lost.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from policy.files import document as files
from policy.files.saving import DiskStamp, disk_stamp
from policy.model.errors import PolicyError, PolicyFileError, PolicyInvalid, Problem
from policy.model.models import Policy
from policy.model.validation import build_policy
from tui import draft


class ChangedOnDisk(PolicyError):
    """The file was changed by another program since the designer read it."""


@dataclass
class Session:
    """The draft being edited, where it came from and whether it was changed."""

    draft: dict[str, Any]
    path: str | None = None
    fmt: files.Format = "yaml"
    tree: Any = None
    dirty: bool = False
    load_problems: list[Problem] = field(default_factory=list)
    disk: DiskStamp | None = None
    """The file as it was opened or last saved: a save first checks it did not change."""

    @classmethod
    def new(cls, today: date) -> Session:
        """A new policy from the template, not yet saved anywhere."""
        return cls(draft.template(today))

    @classmethod
    def open(cls, path: str, today: date) -> Session:
        """Open a file; never raises for bad input (problems land in ``load_problems``)."""
        try:
            disk = disk_stamp(path)
            text = files.read_text(path)
            fmt = files.format_of(path, text)
            data, tree, locate = files.parse(text, path, fmt)
        except PolicyFileError as exc:
            session = cls.new(today)
            session.load_problems = [exc.problem]
            return session
        if not isinstance(data, dict):
            session = cls.new(today)
            session.load_problems = [Problem("(root)", "the file holds no policy mapping")]
            return session
        session = cls(copy.deepcopy(data), path, fmt, tree, disk=disk)
        try:
            build_policy(data, locate)
        except PolicyInvalid as exc:
            session.load_problems = list(exc.problems)
        return session

    def validate(self) -> tuple[Policy | None, list[Problem]]:
        """The draft as a policy, or the problems that stop it being one."""
        try:
            return build_policy(self.draft), []
        except PolicyInvalid as exc:
            return None, list(exc.problems)

    def changed_on_disk(self) -> bool:
        """Whether the session's own file holds other bytes than when it was opened/saved."""
        if self.path is None or self.disk is None:
            return False
        return not self.disk.same_content(disk_stamp(self.path))

    def save(self, path: str | None = None, errors: Sequence[Problem] = (),
             overwrite: bool = False) -> str:
        """Save the draft atomically (to ``path`` or its own); returns the path.

        ``errors`` are the draft's findings of severity error (``policy.audit.findings``,
        e.g. over Azure's point limit): ``retention validate`` rejects such a file, so it
        is never written over the file being edited; a new name may take it (the caller
        lists the problems). Raises ``ChangedOnDisk`` when the own file was changed by
        another program since it was opened (unless ``overwrite``), ``PolicyError`` when the
        draft is not a policy, when ``errors`` stop the save, or when the file cannot be
        written.
        """
        target = path or self.path
        if target is None:
            raise PolicyError("no file name yet: use save as")
        if not overwrite and target == self.path and self.changed_on_disk():
            raise ChangedOnDisk(f"{self.display_name} was changed on disk since it was "
                                "opened")
        policy, problems = self.validate()
        if policy is None:
            first = problems[0]
            raise PolicyError(f"{len(problems)} problem(s) stop saving; first: "
                              f"{first.loc}: {first.message}")
        if errors and self.path is not None and _same_file(target, self.path):
            first = errors[0]
            raise PolicyError(f"retention validate would reject it ({len(errors)} "
                              f"problem(s); first: {first.loc}: {first.message}). "
                              f"{self.display_name} is left as it was; f2 saves the draft "
                              "under another name.")
        fmt = files.format_of(target)
        loaded = files.Loaded(policy, target, self.fmt, self.tree) if self.tree is not None \
            else None
        try:
            saved = files.save(policy, target, loaded, fmt)
        except PolicyFileError as exc:
            raise PolicyError(f"cannot save {target}: {exc.message}") from None
        self.path, self.fmt, self.tree, self.dirty = target, fmt, saved.tree, False
        self.disk = disk_stamp(target)
        self.load_problems = []
        return target

    @property
    def display_name(self) -> str:
        """The file name for the title bar."""
        if self.path is None:
            return "(new policy)"
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]


def _same_file(one: str, other: str) -> bool:
    """Whether two paths name the same file (also through links and ``..``)."""
    try:
        return os.path.samefile(one, other)
    except OSError:
        return os.path.abspath(one) == os.path.abspath(other)
