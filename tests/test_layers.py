"""The layer contract of ``policy/`` (pyproject ``[tool.importlinter]``) can fail.

``make test`` runs ``lint-imports`` on the real tree; here a copy of the tree gets one
upward import (the ground floor importing the engine), and the contract must break.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

LINT = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run([str(LINT), "--no-cache", "--config", str(tree / "pyproject.toml")],
                          cwd=tree, env=env, capture_output=True, text=True, check=False)


def _copy(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    for name in ("policy", "tui"):
        shutil.copytree(ROOT / name, tree / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return tree


def test_the_real_tree_keeps_the_contract(tmp_path: Path) -> None:
    result = _lint(_copy(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_upward_import_breaks_the_contract(tmp_path: Path) -> None:
    tree = _copy(tmp_path)
    errors = tree / "policy" / "model" / "errors.py"
    errors.write_text(errors.read_text(encoding="utf-8")
                      + "\nimport policy.engine.projection  # noqa\n", encoding="utf-8")
    result = _lint(tree)
    assert result.returncode == 1
    assert "policy.model.errors -> policy.engine.projection" in result.stdout


def test_the_designer_may_not_import_the_cli(tmp_path: Path) -> None:
    tree = _copy(tmp_path)
    app = tree / "tui" / "draft.py"
    app.write_text(app.read_text(encoding="utf-8") + "\nimport policy.cli.common  # noqa\n",
                   encoding="utf-8")
    assert _lint(tree).returncode == 1
