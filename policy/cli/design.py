"""``retention design``: open the terminal designer (Textual is imported only here)."""

from __future__ import annotations

import click

from policy.cli.common import tzdata_option


@click.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@tzdata_option
def design(file: str | None, tzdata_source: str) -> None:
    """Design a policy in the terminal: edit FILE (or a new policy) and see its calendar,
    recovery points, DST drift and peak point count change as you type.

    A file that does not exist yet is created on the first save (ctrl+s).
    """
    import importlib
    from pathlib import Path

    from policy.model.zones import tzdata_for

    # The one door from the domain to the UI (STYLE: "the CLI's design command imports
    # tui lazily"): loaded by name at run time, so importing ``policy`` never pulls in
    # Textual and no module of ``policy`` depends on ``tui`` at import time.
    DesignerApp = importlib.import_module("tui.app").DesignerApp

    path = file if file is None or Path(file).exists() else None
    app = DesignerApp(file if path else None, tz=tzdata_for(tzdata_source))  # type: ignore[arg-type]
    if file and path is None:
        app.session.path = file
    app.run()
