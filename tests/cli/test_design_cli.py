"""``retention design`` refuses, before the designer opens, a FILE it could never save."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from policy.cli.main import cli


def test_a_folder_or_a_missing_folder_is_exit_2_in_the_usual_words(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["design", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == (f"{tmp_path}: error: (file): is a folder, not a policy file; "
                             "give a regular file\n")
    missing = tmp_path / "nope" / "p.yaml"
    result = CliRunner().invoke(cli, ["design", str(missing)])
    assert result.exit_code == 2
    assert result.stderr == (f"{missing}: error: (file): cannot be created: the folder "
                             f"{missing.parent} does not exist\n")
