"""Where command results go: stdout, the same way for every command.

A reader that stops early (``| head``) ends a command quietly with status 0 (see
``policy.cli.main``); rich's console would exit 1 on its own, so the table renderers get
a console that reports the closed pipe like any other write.
"""

from __future__ import annotations

import errno
import os
from typing import Any


def stdout_console(**options: Any) -> Any:
    """A rich ``Console`` on stdout whose broken pipe is an ordinary ``BrokenPipeError``."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    return _Console(**options)
