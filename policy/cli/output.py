"""Where command results go: stdout or ``-o FILE``, the same way for every command.

A result is a sequence of text pieces (a century export is streamed, never held whole).
On stdout the pieces are written as UTF-8 as they come; with ``-o/--output FILE`` they go
through the one save routine (``policy.files.document.write_atomic``): atomic, through
symlinks, and never over an input file of the command.

A reader that stops early (``| head``) ends a command quietly with status 0 (see
``policy.cli.main``); rich's console would exit 1 on its own, so the table renderers get
a console that reports the closed pipe like any other write.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterable, Sequence
from typing import Any

import click

#: The help text of every command's ``-o/--output`` option.
OUTPUT_HELP = ("Write the result to this file (atomically; never over an input file) "
               "instead of stdout; - is stdout.")


def output_option(func: Any) -> Any:
    """The ``-o/--output FILE`` option, the same on every command that writes a result."""
    return click.option("-o", "--output", metavar="FILE", default=None,
                        help=OUTPUT_HELP)(func)


def write_result(pieces: Iterable[str], output: str | None, inputs: Sequence[str]) -> None:
    """Send a result to stdout, or save it to ``output`` (refused over any of ``inputs``)."""
    if output is None or output == "-":
        sys.stdout.flush()
        buffer = sys.stdout.buffer
        for piece in pieces:
            buffer.write(piece.encode("utf-8"))
        buffer.flush()
        return
    from policy.cli.common import fail
    from policy.files.document import write_atomic
    from policy.model.errors import PolicyFileError

    try:
        write_atomic(output, pieces, not_over=inputs)
    except PolicyFileError as exc:
        fail(f"{output}: {exc.message}")
    click.echo(f"wrote {output}", err=True)


def stdout_console(**options: Any) -> Any:
    """A rich ``Console`` on stdout whose broken pipe is an ordinary ``BrokenPipeError``."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    return _Console(**options)


def text_console() -> Any:
    """A rich ``Console`` that records plain text (no colour, 80 columns) for ``-o``."""
    import io

    from rich.console import Console

    return Console(file=io.StringIO(), no_color=True, color_system=None, width=80,
                   highlight=False)
