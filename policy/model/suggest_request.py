"""The input of ``retention suggest`` (SPEC §10): a zone and requirements, not yet a policy.

A requirements file has no tiers (finding them is the point), so it is its own small model
rather than a ``Policy`` with fields made optional; it reuses ``Requirement``, ``Schedule``
and ``Data`` so that every field means, and is checked, exactly as in a policy file, and
its errors go through the same field-path mapping (``requirements[2].for``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from policy.model.errors import PolicyInvalid, Problem
from policy.model.models import NAME_PATTERN, Data, Schedule, known_zone
from policy.model.requirements import Requirement
from policy.model.validation import Locator, _after_item_errors, _placed, _problem

__all__ = ["SuggestRequest", "build_request"]


class SuggestRequest(BaseModel):
    """What a policy must guarantee, and where: the file ``retention suggest`` reads."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str | None = Field(
        default=None, pattern=NAME_PATTERN,
        description="Name of the suggested policy (default: suggested).")
    timezone: str = Field(
        min_length=1, max_length=64,
        description="IANA zone (Europe/Berlin) or Windows time zone ID.")
    requirements: tuple[Requirement, ...] = Field(
        min_length=1, description="What the policy must guarantee (SPEC §9).")
    data: Data | None = Field(
        default=None, description="Optional: data size and change, for the storage estimate.")
    schedule: Schedule | None = Field(
        default=None, description="Optional: keep this schedule; only the tiers are searched.")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, v: str) -> str:
        return known_zone(v)


_FIELDS = ", ".join(SuggestRequest.model_fields)


def build_request(data: Any, locate: Locator | None = None) -> SuggestRequest:
    """Validate parsed data; raise ``PolicyInvalid`` with every problem, positioned."""
    if not isinstance(data, Mapping):
        raise PolicyInvalid([Problem("(root)", "a requirements file is a mapping with "
                                     "timezone and requirements")])
    try:
        return SuggestRequest.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            if _after_item_errors(err):
                continue
            if err["type"] == "extra_forbidden" and len(err["loc"]) == 1:
                problems.append(Problem(str(err["loc"][0]), (
                    f"unknown field {err['loc'][0]!r}; allowed here: {_FIELDS}")))
            else:
                problems.append(_problem(err))
        raise PolicyInvalid(_placed(problems, locate)) from None
