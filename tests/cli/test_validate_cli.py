"""``retention validate``, ``schema`` and ``--version`` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy import __version__
from policy.cli.main import cli
from tests.conftest import EXAMPLES

GOOD = """\
name: t
timezone: Europe/Berlin
schedule: {frequency: daily, times: ["21:00"]}
retention:
  daily: {keep: 30}
clock: {anchor: 2026-01-15}
"""


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_valid_file_exits_0(tmp_path: Path) -> None:
    path = write(tmp_path, "p.yaml", GOOD)
    assert run("validate", path) == (0, f"{path}: ok\n", "")


def test_daily_keep_5(tmp_path: Path) -> None:
    path = write(tmp_path, "p.yaml", GOOD.replace("keep: 30", "keep: 5"))
    code, out, _ = run("validate", path)
    assert code == 2
    assert out == (f"{path}:5:17: error: retention.daily.keep: 5 is out of range: daily "
                   "points are kept 7 to 9999 days for target mars\n")


@pytest.mark.parametrize(("text", "name", "fragment"), [
    ("name: [", "a.yaml", "YAML syntax error"),
    ('{"name": ', "a.json", "JSON syntax error"),
    ("name = ", "a.toml", "TOML syntax error"),
    ("", "a.yaml", "empty"),
    ("- 1\n- 2\n", "a.yaml", "not a list"),
    (GOOD + "hourly: true\n", "a.yaml", "unknown field 'hourly'"),
    (GOOD.replace("Europe/Berlin", "Mars/Olympus"), "a.yaml", "not a time zone"),
    (GOOD.replace("21:00", "21:15"), "a.yaml", "not on the half hour"),
    (GOOD.replace('["21:00"]', '["01:00", "02:00", "03:00", "04:00"]'), "a.yaml",
     "4 times given"),
    (GOOD.replace("daily, times", "weekly, days: [sunday], times"), "a.yaml",
     "cannot keep daily points"),
    (GOOD.replace("daily: {keep: 30}", "daily: {keep: 30}\n  monthly: {keep: 3, "
                  "days_of_month: [31]}"), "a.yaml", 'use "last"'),
])
def test_bad_files_exit_2_with_one_line_per_problem(tmp_path: Path, text: str, name: str,
                                                    fragment: str) -> None:
    path = write(tmp_path, name, text)
    code, out, err = run("validate", path)
    assert code == 2
    assert fragment in out
    assert "Traceback" not in out + err
    assert all(line.startswith(path) for line in out.splitlines())


def test_binary_and_huge_files(tmp_path: Path) -> None:
    binary = tmp_path / "b.yaml"
    binary.write_bytes(bytes(range(256)) * 4)
    huge = tmp_path / "h.yaml"
    huge.write_bytes(b"a" * (10 * 1024 * 1024))
    code, out, _ = run("validate", str(binary), str(huge))
    assert code == 2
    assert "not UTF-8" in out and "larger than" in out


def test_stdin(tmp_path: Path) -> None:
    assert run("validate", "-", stdin=GOOD)[:2] == (0, "-: ok\n")
    code, out, _ = run("validate", "-", stdin=GOOD.replace("keep: 30", "keep: 5"))
    assert code == 2 and out.startswith("-:5:17: error: retention.daily.keep")


def test_json_format_is_spec_shaped(tmp_path: Path) -> None:
    good = write(tmp_path, "g.yaml", GOOD)
    bad = write(tmp_path, "b.yaml", GOOD.replace("keep: 30", "keep: 5"))
    code, out, _ = run("validate", "--format", "json", good, bad)
    assert code == 2
    doc = json.loads(out)
    assert doc == {"files": [
        {"path": good, "valid": True, "errors": [], "warnings": []},
        {"path": bad, "valid": False, "warnings": [], "errors": [
            {"loc": "retention.daily.keep", "line": 5, "column": 17,
             "message": "5 is out of range: daily points are kept 7 to 9999 days for "
                        "target mars"}]}]}


def test_github_format(tmp_path: Path) -> None:
    bad = write(tmp_path, "b.yaml", GOOD.replace("keep: 30", "keep: 5"))
    code, out, _ = run("validate", "--format", "github", bad)
    assert code == 2
    assert out == (f"::error file={bad},line=5,col=17,title=retention.daily.keep::"
                   "retention.daily.keep: 5 is out of range: daily points are kept 7 to "
                   "9999 days for target mars\n")


def test_strict_fails_on_warnings(tmp_path: Path) -> None:
    path = write(tmp_path, "w.yaml", GOOD.replace("keep: 30}", "keep: 400}\n  weekly: "
                                                  "{keep: 4, days: [sunday]}"))
    code, out, _ = run("validate", path)
    assert code == 0 and "warning: retention.combine" in out
    assert run("validate", "--strict", path)[0] == 1


def test_missing_file_and_bad_usage(tmp_path: Path) -> None:
    code, out, _ = run("validate", str(tmp_path / "none.yaml"))
    assert code == 2 and "no such file" in out
    assert run("validate")[0] == 2
    assert run("validate", "--format", "xml", "x")[0] == 2


def test_schema_is_json_schema() -> None:
    code, out, _ = run("schema")
    doc = json.loads(out)
    assert code == 0 and doc["title"] == "retention policy"
    assert set(doc["required"]) == {"name", "timezone", "schedule", "retention"}
    assert doc["additionalProperties"] is False


def test_version() -> None:
    assert run("--version") == (0, f"retention, version {__version__}\n", "")


def test_examples_validate_from_a_real_process() -> None:
    paths = sorted(str(p) for p in EXAMPLES.iterdir() if p.suffix in {".yaml", ".toml",
                                                                       ".json"})
    out = subprocess.run([sys.executable, "-m", "policy", "validate", *paths],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Traceback" not in out.stderr
