"""From parsed data to a ``Policy``, or to every problem at once with field paths.

This is the one place where pydantic's error locations become field paths
(``retention.daily.keep``, ``schedule.times[3]``) and messages that name the bad value
and what is allowed.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any, Protocol

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from policy.model.errors import CrossFieldFailure, PolicyInvalid, Problem
from policy.model.models import Policy
from policy.model.requirements import OWN_ERROR_TYPES
from policy.model.values import shown


class Locator(Protocol):
    """Field path -> (line, column) in the file: the value's position, or with ``key`` the
    position of the field's own name (where an unknown field is to be fixed)."""

    def __call__(self, loc: str, key: bool = False) -> tuple[int | None, int | None]: ...


def build_policy(data: Any, locate: Locator | None = None) -> Policy:
    """Validate parsed data into a ``Policy``; raise ``PolicyInvalid`` with all problems."""
    if not isinstance(data, Mapping):
        raise PolicyInvalid(_placed([Problem("(root)", f"a policy is a mapping of fields "
                                             f"(name, timezone, schedule, retention, …), not "
                                             f"{_kind(data)}")], locate))
    try:
        return Policy.model_validate(data)
    except ValidationError as exc:
        problems = [_problem(err) for err in exc.errors(include_url=False)
                    if not _after_item_errors(err)]
        problems += _raw_keep_problems(data, {p.loc for p in problems})
    except CrossFieldFailure as exc:
        problems = exc.problems
    raise PolicyInvalid(_placed(problems, locate))


def _raw_keep_problems(data: Mapping[str, Any], reported: set[str]) -> list[Problem]:
    """Keep-range errors found on the raw data, so they show up beside field errors.

    Cross-field rules only run once every field is well-formed; the ranges are the rule
    people trip over most, so they are checked on the raw data too.
    """
    from policy.model.models import TIER_NAMES, Target
    from policy.model.rules import existing_only, keep_bounds, keep_message

    try:
        target = Target(data.get("target", "mars"))
    except ValueError:
        return []
    retention = data.get("retention")
    if not isinstance(retention, Mapping):
        return []
    found = []
    for name in TIER_NAMES:
        tier = retention.get(name)
        keep = tier.get("keep") if isinstance(tier, Mapping) else None
        loc = f"retention.{name}.keep"
        if isinstance(keep, bool) or not isinstance(keep, int) or loc in reported:
            continue
        bounds = keep_bounds(target, name)
        relaxed = data.get("azure") is not None and existing_only(target, name, keep)
        if not bounds.low <= keep <= bounds.high and not relaxed:
            found.append(Problem(loc, keep_message(keep, name, bounds, target.value)))
    return found


def _placed(problems: list[Problem], locate: Locator | None) -> list[Problem]:
    if locate is None:
        return problems
    return [p.at(*locate(p.loc, key=_on_key(p))) for p in problems]


def _on_key(problem: Problem) -> bool:
    """An unknown field is wrong in its name: its column is the key's, not the value's."""
    return problem.message.startswith("unknown field ")


def dotted(loc: tuple[int | str, ...]) -> str:
    """``('schedule', 'times', 3)`` -> ``schedule.times[3]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(root)"


def _after_item_errors(err: ErrorDetails) -> bool:
    """A length error that only counts items which already failed (reported on their own)."""
    ctx = err.get("ctx") or {}
    value = err.get("input")
    return (err["type"] == "too_short" and isinstance(value, list | tuple)
            and len(value) > int(ctx.get("actual_length", 0)))


def _problem(err: ErrorDetails) -> Problem:
    loc = tuple(err["loc"])
    return Problem(dotted(loc), _message(err, loc))


def _message(err: ErrorDetails, loc: tuple[int | str, ...]) -> str:
    kind, value, msg = err["type"], err.get("input"), err["msg"]
    ctx: Mapping[str, Any] = err.get("ctx") or {}
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        allowed = _allowed_fields(loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}? " if close else ""
        return f"unknown field {str(loc[-1])!r}; {hint}allowed here: {', '.join(allowed)}"
    if kind == "enum":
        return f"{_show(value)} is not allowed; use one of {ctx.get('expected', '')}"
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"{_show(value)} is not a whole number"
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        return f"{_show(value)} is out of range: {msg.lower()}"
    if kind == "string_pattern_mismatch" and loc == ("name",):
        return (f"{_show(value)} is not a valid name: 1–64 letters, digits, spaces, "
                ". _ or -")
    if kind in {"too_short", "too_long", "string_too_short", "string_too_long"}:
        return _length_message(kind.removeprefix("string_"), value, ctx)
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return f"expected a mapping of fields here, got {_show(value)}"
    if kind in {"tuple_type", "list_type"}:
        return f"expected a list here, e.g. [a, b], got {_show(value)}"
    if kind in {"string_type"}:
        return f"expected text here, got {_show(value)}"
    if kind in {"float_type", "float_parsing"}:
        return f"{_show(value)} is not a number"
    if kind == "finite_number":
        return f"{_show(value)} is not a number of GB (or percent); write a finite number"
    if kind in {"bool_type", "bool_parsing"}:
        return f"{_show(value)} is not true or false"
    if err["type"] in _OWN_TYPES:
        return msg
    return f"{msg} (got {_show(value)})"


def _length_message(kind: str, value: Any, ctx: Mapping[str, Any]) -> str:
    if isinstance(value, str):
        if kind == "too_short":
            return "must not be empty"
        return f"is too long: at most {ctx.get('max_length')} characters"
    count = len(value) if isinstance(value, list | tuple) else 0
    if kind == "too_short":
        low = ctx.get("min_length", 1)
        got = "an empty list" if count == 0 else f"{count}"
        return f"needs at least {low} value{'s' if low != 1 else ''}, got {got}"
    return f"takes at most {ctx.get('max_length')} values, got {count}"


_OWN_TYPES = {"time_format", "time_type", "time_range", "time_half_hour", "day_of_month",
              "date_type", "date_format", "date_range", "not_distinct", "tier_form", "window_empty",
              "unknown_zone", "hot_below_change", "name_type", "name_format", "int_text",
              "float_text", "datetime_format", "azure_extra", "hourly_interval", "tiering",
              "times_empty", *OWN_ERROR_TYPES}


def _show(value: Any) -> str:
    return shown(value)


def _kind(value: Any) -> str:
    if value is None:
        return "an empty document"
    if isinstance(value, str):
        return f"text ({_show(value)})"
    if isinstance(value, bool | int | float):
        return f"a single value ({_show(value)})"
    return _show(value)


def _allowed_fields(loc: tuple[int | str, ...]) -> list[str]:
    model: type[BaseModel] | None = Policy
    for part in loc:
        if model is None or isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        model = _model_of(field.annotation) if field else None
    return [f.alias or n for n, f in model.model_fields.items()] if model else []


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_of(arg)
        if found:
            return found
    return None
