"""The domain never imports the UI: ``import policy`` must not load Textual."""

from __future__ import annotations

import subprocess
import sys


def test_policy_does_not_import_textual() -> None:
    code = (
        "import sys, policy, policy.cli.main, policy.files.document, policy.model.models,"
        " policy.audit.findings\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'tui')]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""
