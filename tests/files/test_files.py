"""Policy files: positions in YAML/JSON/TOML, garbage in, round trips, atomic saves."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy.files import document as files
from policy.model.errors import PolicyError, PolicyFileError, PolicyInvalid
from policy.model.models import Policy
from tests.strategies import policies

YAML_BAD_KEEP = """\
name: t
timezone: Europe/Berlin
schedule:
  frequency: daily
  times: ["23:30"]
retention:
  daily:
    keep: 5
"""
JSON_BAD_KEEP = """{
  "name": "t", "timezone": "Europe/Berlin",
  "schedule": {"frequency": "daily", "times": ["23:30"]},
  "retention": {"daily": {"keep": 5}}
}
"""
TOML_BAD_KEEP = """\
name = "t"
timezone = "Europe/Berlin"

[schedule]
frequency = "daily"
times = ["23:30"]

[retention.daily]
keep = 5
"""


def only_problem(text: str, fmt: files.Format) -> tuple[str, int | None, int | None]:
    with pytest.raises(PolicyInvalid) as info:
        files.loads(text, f"p.{fmt}", fmt)
    [problem] = info.value.problems
    return problem.loc, problem.line, problem.column


@pytest.mark.parametrize(("text", "fmt", "line", "column"), [
    (YAML_BAD_KEEP, "yaml", 8, 11),
    (JSON_BAD_KEEP, "json", 4, 35),
    (TOML_BAD_KEEP, "toml", 9, 8),
])
def test_field_error_positions(text: str, fmt: files.Format, line: int, column: int) -> None:
    assert only_problem(text, fmt) == ("retention.daily.keep", line, column)


_TYPO_YAML = """name: t
timezone: UTC
schedule: {frequency: daily, times: ["12:00"]}
retention:
  daily: {keep: 30, kepp: 3}
  dayly:
    keep: 3
clok: {}
"""
_TYPO_TOML = """name = "t"
timezone = "UTC"
schedule = {frequency = "daily", times = ["12:00"]}
[retention.daily]
keep = 30
  kepp = 3
[retention.dayly]
keep = 3
"""
_TYPO_JSON = """{"name": "t", "timezone": "UTC",
 "schedule": {"frequency": "daily", "times": ["12:00"]},
 "retention": {"daily": {"keep": 30, "kepp": {"a": 1}}}}"""


@pytest.mark.parametrize(("text", "fmt", "expected"), [
    (_TYPO_YAML, "yaml", [("retention.daily.kepp", 5, 21), ("retention.dayly", 6, 3),
                          ("clok", 8, 1)]),
    (_TYPO_TOML, "toml", [("retention.daily.kepp", 6, 3), ("retention.dayly", 7, 12)]),
    (_TYPO_TOML.replace("[retention.daily]\nkeep = 30\n  kepp = 3\n",
                        "retention.daily = {keep = 30, kepp = 3}\n").replace(
        "[retention.dayly]\nkeep = 3\n", ""), "toml", [("retention.daily.kepp", 4, 31)]),
    (_TYPO_JSON, "json", [("retention.daily.kepp", 3, 38)]),
])
def test_unknown_field_is_placed_on_its_name(text: str, fmt: files.Format,
                                             expected: list[tuple[str, int, int]]) -> None:
    """The column of an unknown field is that of its name (the typo to fix), not of its
    value: 'kepp: 3' points at the k, in every format."""
    with pytest.raises(PolicyInvalid) as info:
        files.loads(text, f"p.{fmt}", fmt)
    found = [(p.loc, p.line, p.column) for p in info.value.problems]
    assert found == expected
    assert all("did you mean" in p.message for p in info.value.problems)


def test_list_item_position_in_yaml() -> None:
    text = YAML_BAD_KEEP.replace('["23:30"]', '["23:30", "21:15"]').replace("keep: 5",
                                                                          "keep: 7")
    assert only_problem(text, "yaml") == ("schedule.times[1]", 5, 20)


def test_missing_field_points_at_parent() -> None:
    text = YAML_BAD_KEEP.replace("    keep: 5\n", "    times: ['23:30']\n")
    assert only_problem(text, "yaml") == ("retention.daily.keep", 8, 5)


@pytest.mark.parametrize(("text", "fmt", "fragment", "line", "column"), [
    ("name: [unclosed\n", "yaml", "YAML syntax error", 2, 1),
    ("a: 1\na: 2\n", "yaml", 'key "a" appears twice', 2, 1),
    ('{"name": "t",\n "x": }', "json", "JSON syntax error: Expecting value", 2, 7),
    ('{"a": 1, "a": 2}', "json", "appears twice", 1, 10),
    ("name = \n", "toml", "TOML syntax error", 1, 8),
    ("", "yaml", "the file is empty", 1, 1),
    ("   \n\n", "toml", "the file is empty", 1, 1),
])
def test_syntax_errors(text: str, fmt: files.Format, fragment: str, line: int | None,
                       column: int | None) -> None:
    with pytest.raises(PolicyFileError) as info:
        files.loads(text, "p", fmt)
    assert fragment in info.value.message
    assert (info.value.line, info.value.column) == (line, column)


@pytest.mark.parametrize(("text", "fmt"), [("- a\n- b\n", "yaml"), ("[1, 2]", "json"),
                                           ("42\n", "yaml"), ("null\n", "yaml")])
def test_non_mapping_documents(text: str, fmt: files.Format) -> None:
    with pytest.raises(PolicyInvalid) as info:
        files.loads(text, "p", fmt)
    assert "a policy is a mapping of fields" in info.value.problems[0].message


def test_binary_garbage(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(b"name: x\n\xff\xfe\x00garbage")
    with pytest.raises(PolicyFileError, match="not UTF-8"):
        files.load(path)


def test_nul_bytes(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_bytes(b'{"name": "x\x00"}')
    with pytest.raises(PolicyFileError, match="NUL"):
        files.load(path)


def test_huge_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(b"# " + b"x" * (10 * 1024 * 1024))
    with pytest.raises(PolicyFileError, match="larger than 1024 KiB"):
        files.load(path)


def test_alias_bomb_is_refused() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}]"
              for i in range(1, 9)]
    with pytest.raises(PolicyFileError, match="too large"):
        files.loads("\n".join(lines), "p", "yaml")


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(PolicyFileError, match="no such file"):
        files.load(tmp_path / "nope.yaml")
    with pytest.raises(PolicyFileError, match="folder"):
        files.load(tmp_path)


@given(st.text(max_size=300), st.sampled_from(files.FORMATS))
def test_arbitrary_text_only_raises_policy_errors(text: str, fmt: files.Format) -> None:
    with contextlib.suppress(PolicyError):
        files.loads(text, "p", fmt)


@given(st.binary(max_size=300))
def test_arbitrary_bytes_only_raise_policy_errors(raw: bytes) -> None:
    for fmt in files.FORMATS:
        with contextlib.suppress(PolicyError):
            files.loads(files.read_text("p", raw), "p", fmt)


@given(policies(hourly=True), st.sampled_from(files.FORMATS))
def test_load_save_round_trip(policy: Policy, fmt: files.Format) -> None:
    text = files.dumps(policy, fmt)
    assert files.loads(text, "p", fmt).policy == policy


def test_yaml_save_keeps_comments_and_order(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    text = YAML_BAD_KEEP.replace("keep: 5", "keep: 30  # a month")
    path.write_text("# header comment\n" + text)
    loaded = files.load(path)
    daily = loaded.policy.retention.daily
    assert daily is not None
    new_daily = daily.model_copy(update={"keep": 40})
    changed = loaded.policy.model_copy(update={
        "retention": loaded.policy.retention.model_copy(update={"daily": new_daily})})
    files.save(changed, path, loaded)
    out = path.read_text()
    assert out == "# header comment\n" + text.replace("keep: 30", "keep: 40")
    assert files.load(path).policy == changed


def test_save_is_atomic_and_keeps_mode(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(JSON_BAD_KEEP.replace('"keep": 5', '"keep": 7'))
    os.chmod(path, 0o640)
    loaded = files.load(path)
    files.save(loaded.policy, path, loaded)
    assert os.stat(path).st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["p.json"]
    assert files.load(path).policy == loaded.policy


def test_failed_save_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         ) -> None:
    path = tmp_path / "p.yaml"
    original = YAML_BAD_KEEP.replace("keep: 5", "keep: 7")
    path.write_text(original)
    loaded = files.load(path)

    def boom(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(PolicyFileError, match="cannot write: disk full"):
        files.save(loaded.policy, path, loaded)
    assert path.read_text() == original
    assert [p.name for p in tmp_path.iterdir()] == ["p.yaml"]


@pytest.mark.parametrize(("name", "text", "fmt"), [
    ("-", '{"a": 1}', "json"), ("-", "[schedule]\nx = 1\n", "toml"),
    ("-", "name = 'x'\n", "toml"), ("-", "name: x\n", "yaml"), ("p.YML", "", "yaml"),
])
def test_format_detection(name: str, text: str, fmt: str) -> None:
    assert files.format_of(name, text) == fmt


def test_a_tab_in_yaml_is_named_plainly() -> None:
    """No scanner jargon ('while scanning for the next token'): just the tab and the fix."""
    with pytest.raises(PolicyFileError) as info:
        files.loads("name: t\nschedule:\n\tfrequency: daily\n", "p.yaml", "yaml")
    assert info.value.message == ("YAML syntax error: found a tab; YAML indents with spaces, "
                                  "not tabs")
    assert (info.value.line, info.value.column) == (3, 1)
