"""Every bundled example loads, validates, and round-trips through its own format."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy.files import document as files
from tests.conftest import EXAMPLES

POLICY_FILES = sorted(p for p in EXAMPLES.iterdir() if p.suffix in {".yaml", ".toml", ".json"})


def test_there_are_examples_in_each_format() -> None:
    assert len(POLICY_FILES) >= 5
    assert {p.suffix for p in POLICY_FILES} == {".yaml", ".toml", ".json"}


@pytest.mark.parametrize("path", POLICY_FILES, ids=lambda p: p.name)
def test_example_is_valid_and_round_trips(path: Path) -> None:
    loaded = files.load(path)
    text = files.dumps(loaded.policy, loaded.format, loaded.tree)
    if loaded.format == "yaml":
        assert text == path.read_text(), "saving an unchanged YAML file must not change it"
    assert files.loads(text, str(path), loaded.format).policy == loaded.policy
