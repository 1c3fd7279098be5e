"""Every command line of README.md and docs/ runs as written, and exits as the text says.

A shell block (```sh) is run line by line, in order, in a temporary copy of ``examples/``
laid out as in a fresh clone (so ``examples/berlin-file-server.yaml`` means the bundled
file and outputs land in the temporary folder). A line may end in ``# exit N`` to declare
its exit code (default 0); ``# interactive`` marks a line that opens the designer and is
not run; lines that do not start with ``retention`` (``make``, ``.``, comments) are skipped.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

_BLOCK = re.compile(r"^```(?:sh|bash|console)\n(.*?)^```", re.M | re.S)
_EXIT = re.compile(r"#\s*exit\s+(\d+)\b")
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def command_lines(path: Path) -> list[tuple[int, str, int]]:
    """(line number, command, expected exit code) of each runnable line of ``path``."""
    text = path.read_text(encoding="utf-8")
    found = []
    for block in _BLOCK.finditer(text):
        first = text[:block.start(1)].count("\n") + 1
        for offset, line in enumerate(block.group(1).splitlines()):
            line = line.strip()
            if not line.startswith("retention") or "# interactive" in line:
                continue
            code = _EXIT.search(line)
            found.append((first + offset, line, int(code.group(1)) if code else 0))
    return found


def test_the_docs_have_command_lines() -> None:
    assert (ROOT / "docs").is_dir()
    assert sum(len(command_lines(p)) for p in DOCS) >= 20


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_command_line_runs_as_written(doc: Path, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "NO_COLOR": "1", "COLUMNS": "100"}
    failures = []
    for number, line, expected in command_lines(doc):
        result = subprocess.run(["bash", "-o", "pipefail", "-c", line], cwd=tmp_path, env=env,
                                capture_output=True, text=True, stdin=subprocess.DEVNULL,
                                timeout=120, check=False)
        if result.returncode != expected or "Traceback" in result.stderr:
            failures.append(f"{doc.name}:{number}: `{line}` exited {result.returncode} "
                            f"(expected {expected}): {result.stderr.strip()[-300:]}")
    assert not failures, "\n".join(failures)
