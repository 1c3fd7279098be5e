"""The file behind the designer: open, validate, save (no Textual here).

A file that parses but breaks rules still opens, with its data in the form and its
problems shown; a file that cannot be parsed at all opens the template, with the parse
error shown and no path, so that saving never overwrites what could not be read.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from policy.files import document as files
from policy.model.errors import PolicyError, PolicyFileError, PolicyInvalid, Problem
from policy.model.models import Policy
from policy.model.validation import build_policy
from tui import draft


@dataclass
class Session:
    """The draft being edited, where it came from and whether it was changed."""

    draft: dict[str, Any]
    path: str | None = None
    fmt: files.Format = "yaml"
    tree: Any = None
    dirty: bool = False
    load_problems: list[Problem] = field(default_factory=list)

    @classmethod
    def new(cls, today: date) -> Session:
        """A new policy from the template, not yet saved anywhere."""
        return cls(draft.template(today))

    @classmethod
    def open(cls, path: str, today: date) -> Session:
        """Open a file; never raises for bad input (problems land in ``load_problems``)."""
        try:
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
        session = cls(copy.deepcopy(data), path, fmt, tree)
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

    def save(self, path: str | None = None, errors: Sequence[Problem] = ()) -> str:
        """Save the draft atomically (to ``path`` or its own); returns the path.

        ``errors`` are the draft's findings of severity error (``policy.audit.findings``,
        e.g. over Azure's point limit): ``retention validate`` rejects such a file, so it
        is never written over the file being edited; a new name may take it (the caller
        lists the problems). Raises ``PolicyError`` when the draft is not a policy, when
        ``errors`` stop the save, or when the file cannot be written.
        """
        target = path or self.path
        if target is None:
            raise PolicyError("no file name yet: use save as")
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
        except OSError as exc:
            raise PolicyError(f"cannot write {target}: {exc.strerror or exc}") from None
        self.path, self.fmt, self.tree, self.dirty = target, fmt, saved.tree, False
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
