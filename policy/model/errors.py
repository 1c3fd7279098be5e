"""One error hierarchy for everything a user can get wrong.

Every problem carries the field path it concerns (``retention.daily.keep``), a message
that names the bad value and what is allowed, and, where the file format gives one, the
position in the file. Errors reach people only at the boundary (CLI, TUI).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One finding about a policy: an error or a warning, optionally positioned."""

    loc: str
    message: str
    severity: Severity = "error"
    line: int | None = None
    column: int | None = None

    def at(self, line: int | None, column: int | None) -> Problem:
        """The same problem placed at a (1-based) file position."""
        return replace(self, line=line, column=column)


class PolicyError(ValueError):
    """Root of the tool's own errors: bad input of any kind."""


class PolicyInvalid(PolicyError):
    """A policy that breaks one or more validation rules; all problems at once."""

    def __init__(self, problems: list[Problem], path: str | None = None) -> None:
        self.problems = problems
        self.path = path
        lines = [f"{p.loc}: {p.message}" for p in problems]
        super().__init__("; ".join(lines) if lines else "invalid policy")


class PolicyFileError(PolicyError):
    """A file that cannot be read or parsed at all (syntax, encoding, size, type)."""

    def __init__(
        self, message: str, path: str | None = None, line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        super().__init__(message)

    @property
    def problem(self) -> Problem:
        """This error as a positioned problem at the document root."""
        return Problem(loc="(file)", message=self.message, line=self.line, column=self.column)


class CrossFieldFailure(Exception):
    """Raised by ``Policy``'s model validator to carry several problems out of pydantic.

    Deliberately not a ``ValueError``: pydantic would wrap that into a single error at the
    root. ``policy.model.validation.build_policy`` converts it into ``PolicyInvalid``.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.loc}: {p.message}" for p in problems))
