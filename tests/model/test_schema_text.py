"""The JSON Schema's descriptions are what editors show on hover: plain sentences.

Each description must read as a sentence (capital or lower-case enum value first, ends with
a full stop), with no doubled words ("its its"), no reST markup and no references to
documents that are not in the repository.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

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
