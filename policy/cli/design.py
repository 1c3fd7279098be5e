"""``retention design``: open the terminal designer (Textual is imported only here)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from policy.cli.common import EXIT_INVALID, position_line, tzdata_option


def _refuse_unusable(file: str) -> None:
    """Exit 2, in the words every other command uses, for a FILE that can never be saved:
    a folder, or a new file in a folder that does not exist."""
    path = Path(file)
    problem = None
    if path.is_dir():
        problem = "is a folder, not a policy file; give a regular file"
    elif not path.exists() and not path.parent.is_dir():
        problem = f"cannot be created: the folder {path.parent} does not exist"
    if problem is not None:
        click.echo(position_line(file, None, None, "error", "(file)", problem), err=True)
        sys.exit(EXIT_INVALID)


@click.command()
@click.argument("file", required=False, type=click.Path())
@tzdata_option
def design(file: str | None, tzdata_source: str) -> None:
    """Design a policy in the terminal: edit FILE (or a new policy) and see its calendar,
    recovery points, DST drift and peak point count change as you type.

    A file that does not exist yet is created on the first save (ctrl+s).
    """
    import importlib

    from policy.model.zones import tzdata_for

    if file is not None:
        _refuse_unusable(file)

    # The one door from the domain to the UI (STYLE: "the CLI's design command imports
    # tui lazily"): loaded by name at run time, so importing ``policy`` never pulls in
    # Textual and no module of ``policy`` depends on ``tui`` at import time.
    DesignerApp = importlib.import_module("tui.app").DesignerApp

    path = file if file is None or Path(file).exists() else None
    app = DesignerApp(file if path else None, tz=tzdata_for(tzdata_source))  # type: ignore[arg-type]
    if file and path is None:
        app.session.path = file
    app.run()
