"""A reader that stops early (``retention … | head -c 10``) ends every command quietly with
status 0: no traceback, no "findings" exit code."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES, ROOT

BERLIN = str(EXAMPLES / "berlin-file-server.yaml")
COMMANDS = [
    ["project", BERLIN, "--years", "30"],
    ["project", BERLIN, "--years", "30", "--format", "json"],
    ["project", BERLIN, "--years", "30", "--format", "csv"],
    ["project", BERLIN, "--years", "30", "--format", "ics"],
    ["calendar", BERLIN, "--year", "2026"],
    ["drift", BERLIN, "--years", "30"],
    ["drift", BERLIN, "--years", "30", "--format", "json"],
    ["next", BERLIN, "-n", "1000", "--after", "2026-01-01"],
    ["schema"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:1] + a[2:]))
def test_a_closed_pipe_ends_quietly(args: list[str]) -> None:
    # The reader closes at once, so the writer hits a closed pipe on its first large write.
    proc = subprocess.Popen([sys.executable, "-m", "policy", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0, err
    assert "Traceback" not in err and "Broken pipe" not in err
