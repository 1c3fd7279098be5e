"""``-o/--output FILE`` on every command that writes a result: the file holds exactly what
stdout would show, it is written through the one save routine, and never over an input."""

from __future__ import annotations

import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from policy.cli.main import cli
from tests.conftest import EXAMPLES

BERLIN = "berlin.yaml"
CHANGE = "change.yaml"
GRACE = "grace.yaml"
COMMANDS = [
    ["project", BERLIN, "--from", "2026-01-01", "--years", "1"],
    ["project", BERLIN, "--from", "2026-01-01", "--years", "1", "--format", "json"],
    ["project", BERLIN, "--from", "2026-01-01", "--years", "1", "--format", "csv"],
    ["project", BERLIN, "--from", "2026-01-01", "--years", "1", "--format", "ics"],
    ["project", BERLIN, "--from", "2026-01-01", "--as-of", "2026-07-01T12:00", "--list"],
    ["calendar", BERLIN, "--year", "2026"],
    ["drift", BERLIN, "--from", "2026-01-01"],
    ["drift", BERLIN, "--from", "2026-01-01", "--format", "json"],
    ["next", BERLIN, "-n", "3", "--after", "2026-03-28"],
    ["next", BERLIN, "-n", "3", "--after", "2026-03-28", "--format", "json"],
    ["check", GRACE, "--from", "2026-01-01"],
    ["check", GRACE, "--from", "2026-01-01", "--format", "json"],
    ["diff", BERLIN, CHANGE, "--applied", "2026-03-01T09:00"],
    ["diff", BERLIN, CHANGE, "--applied", "2026-03-01T09:00", "--format", "json"],
    ["validate", BERLIN],
    ["validate", BERLIN, "--format", "json"],
    ["validate", BERLIN, "--format", "github"],
]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(EXAMPLES / "berlin-file-server.yaml", tmp_path / BERLIN)
    shutil.copy(EXAMPLES / "berlin-month-end-grace.yaml", tmp_path / GRACE)
    shutil.copy(EXAMPLES / "changes" / "berlin-14-dailies.yaml", tmp_path / CHANGE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(args: list[str]) -> tuple[int, bytes, str]:
    result = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "80"}).invoke(cli, args)
    return result.exit_code, result.stdout_bytes, result.stderr


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:1] + a[-2:]))
def test_output_file_holds_what_stdout_shows(folder: Path, args: list[str]) -> None:
    code, shown, _ = _run(args)
    saved_code, nothing, note = _run([*args, "-o", "result.out"])
    assert (saved_code, nothing) == (code, b"")
    assert note.strip().splitlines()[-1] == "wrote result.out"
    assert (folder / "result.out").read_bytes() == shown
    assert _run([*args, "--output", "-"])[1] == shown


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:1] + a[-2:]))
def test_output_never_over_an_input(folder: Path, args: list[str]) -> None:
    target = args[1]
    before = (folder / target).read_bytes()
    code, out, err = _run([*args, "-o", target])
    assert code == 2 and out == b""
    assert err == f"error: {target}: is the input file; write to another file\n"
    assert (folder / target).read_bytes() == before


def test_evidence_is_never_written_over_the_policy(folder: Path) -> None:
    before = (folder / GRACE).read_bytes()
    code, _, err = _run(["check", GRACE, "--from", "2026-01-01", "--evidence", GRACE])
    assert code == 2 and "is the input file" in err
    assert (folder / GRACE).read_bytes() == before


def test_every_result_command_offers_output() -> None:
    for name in ("project", "calendar", "drift", "next", "check", "diff", "validate",
                 "suggest"):
        code, out, _ = _run([name, "--help"])
        assert code == 0 and b"-o, --output" in out, name


def _commands(group: click.Group, prefix: tuple[str, ...] = ()
              ) -> list[tuple[tuple[str, ...], click.Command]]:
    found = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += _commands(command, (*prefix, name))
        else:
            found.append(((*prefix, name), command))
    return found


def test_every_output_option_is_spelled_the_same() -> None:
    """``-o/--output FILE`` with '- is stdout' on every command that has one (import and
    export said TEXT and 'replaced if it exists'; suggest said OUT)."""
    seen = []
    for path, command in _commands(cli):
        [option] = [p for p in command.params if "--output" in getattr(p, "opts", ())] or [None]
        if option is None:
            continue
        seen.append(" ".join(path))
        assert option.opts == ["-o", "--output"], path
        assert option.metavar == "FILE", path
        assert "- is stdout" in (option.help or ""), path
    assert sorted(seen) == ["calendar", "check", "diff", "drift", "export azure",
                            "export bicep", "export powershell", "export terraform",
                            "import azure", "next", "project", "suggest", "validate"]
