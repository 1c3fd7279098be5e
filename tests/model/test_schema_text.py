"""The JSON Schema's descriptions are what editors show on hover: plain sentences.

Each description must read as a sentence (capital or lower-case enum value first, ends with
a full stop), with no doubled words ("its its"), no reST markup and no references to
documents that are not in the repository.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from policy.model.models import Policy

_DOUBLED = re.compile(r"\b(\w+) \1\b", re.IGNORECASE)


def _descriptions(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        if isinstance(node.get("description"), str):
            yield path, node["description"]
        for key, value in node.items():
            yield from _descriptions(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _descriptions(value, f"{path}[{i}]")


def test_every_description_is_a_plain_sentence() -> None:
    found = list(_descriptions(Policy.model_json_schema()))
    assert len(found) > 40
    for path, text in found:
        assert text.endswith("."), (path, text)
        assert not _DOUBLED.search(text), (path, text)
        assert "``" not in text, (path, text)
        assert "SPEC" not in text, (path, text)
        assert "  " not in text, (path, text)


def test_the_clock_descriptions_say_what_happens() -> None:
    schema = Policy.model_json_schema()
    clock = schema["$defs"]["Clock"]["properties"]
    assert "offset of the anchor date is kept all year" in clock["mode"]["description"]
    assert "does not exist" in clock["gap"]["description"]
    assert "happens twice" in clock["fold"]["description"]
    combine = schema["$defs"]["Retention"]["properties"]["combine"]["description"]
    assert "its its" not in combine and "longest-kept tier" in combine


def test_unknown_field_suggests_the_nearest_name() -> None:
    from policy.model.errors import PolicyInvalid
    from policy.model.validation import build_policy

    data = {"name": "p", "timezone": "UTC", "schedule": {"frequency": "daily",
            "times": ["21:00"]}, "retention": {"daily": {"kepe": 30}}}
    with pytest.raises(PolicyInvalid) as err:
        build_policy(data)
    messages = [p.message for p in err.value.problems]
    assert any(m.startswith("unknown field 'kepe'; did you mean 'keep'? allowed here:")
               for m in messages), messages
    data["retention"] = {"daily": {"keep": 30}, "wekly": {"keep": 4, "days": ["sunday"]}}
    with pytest.raises(PolicyInvalid) as err:
        build_policy(data)
    assert any("did you mean 'weekly'?" in p.message for p in err.value.problems)
    data["retention"] = {"daily": {"keep": 30}, "zzz": 1}
    with pytest.raises(PolicyInvalid) as err:
        build_policy(data)
    assert all("did you mean" not in p.message for p in err.value.problems)
