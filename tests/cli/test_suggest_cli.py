"""``retention suggest`` on the command line: outputs, exit codes, messages."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from policy.cli.main import cli
from policy.files.document import load

EXAMPLE = "examples/requirements/berlin-month-ends.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_text_writes_a_valid_commented_policy(tmp_path: Path) -> None:
    code, out, err = run("suggest", EXAMPLE, "--times", "23:30", "--window", "20:00-02:00",
                         "--from", "2026-01-01")
    assert code == 0, err
    assert "# serves: month-end close; year-end" in out
    assert 'times: ["22:30"]' in out
    assert "suggested: monthly 84 + weekly 12 + daily 30 at 22:30: peak 122 points" in err
    assert "time: 23:30 would move points taken from 2026-03-30 to 2026-10-25" in err
    target = tmp_path / "p.yaml"
    target.write_text(out)
    assert load(target).policy.retention.monthly is not None


def test_json_and_output_file(tmp_path: Path) -> None:
    out_file = tmp_path / "suggested.toml"
    code, out, _ = run("suggest", EXAMPLE, "--from", "2026-01-01", "--format", "json",
                       "-o", str(out_file))
    assert code == 0
    doc = json.loads(out)
    assert doc["found"] and doc["peak"] == 122
    assert doc["policy"]["schedule"]["times"] == ["21:00"]
    assert load(out_file).policy.requirements


def test_infeasible_exit_1(tmp_path: Path) -> None:
    f = tmp_path / "r.yaml"
    f.write_text("timezone: Europe/Berlin\nrequirements:\n  - {every: year, for: 100 years}\n")
    code, _, err = run("suggest", str(f), "--from", "2026-01-01")
    assert code == 1
    assert "requirement 1 (any year of the last 100 years) cannot be met" in err


def test_invalid_input_exit_2_with_position(tmp_path: Path) -> None:
    f = tmp_path / "r.yaml"
    f.write_text("timezone: Europe/Berlin\nrequirements:\n  - {every: month, for: 84 moons}\n")
    code, _, err = run("suggest", str(f))
    assert code == 2
    assert f"{f}:3:" in err and "requirements[0].for" in err
    f.write_text("timezone: Europe/Berlin\nretention: {}\nrequirements: [{rpo: 25h}]\n")
    code, _, err = run("suggest", str(f))
    assert code == 2 and "unknown field 'retention'; allowed here: name, timezone" in err
    code, _, err = run("suggest", str(f), "--times", "23:15")
    assert code == 2 and "not on the half hour" in err
    code, _, err = run("suggest", EXAMPLE, "-o", EXAMPLE)
    assert code == 2 and f"error: {EXAMPLE}: is the requirements file; write to another" in err


def test_output_is_checked_like_every_other_command(tmp_path: Path) -> None:
    """A folder, a missing folder or a non-policy name is a plain exit 2 (it was a
    traceback, or a YAML file named .txt), and ``-o -`` is stdout, not a file named -."""
    folder = tmp_path / "out.yaml"
    folder.mkdir()
    code, out, err = run("suggest", EXAMPLE, "--from", "2026-01-01", "-o", str(folder))
    assert (code, out) == (2, "")
    assert err.startswith(f"error: {folder}: is a folder; give a file name")
    missing = tmp_path / "nope" / "p.yaml"
    code, _, err = run("suggest", EXAMPLE, "--from", "2026-01-01", "-o", str(missing))
    assert code == 2 and err.startswith(f"error: {missing}: cannot write:")
    text_file = tmp_path / "p.txt"
    code, _, err = run("suggest", EXAMPLE, "-o", str(text_file))
    assert code == 2
    assert err == f"error: {text_file}: a policy file ends in .yaml, .yml, .toml or .json\n"
    code, out, err = run("suggest", EXAMPLE, "--from", "2026-01-01", "-o", "-")
    assert code == 0 and "wrote" not in err
    assert out.startswith("# Suggested by retention suggest: peak 122 recovery points")
