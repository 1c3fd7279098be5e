"""``retention design``: open the terminal designer (Textual is imported only here)."""

from __future__ import annotations

import click

from policy.commands.common import tzdata_option


@click.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@tzdata_option
def design(file: str | None, tzdata_source: str) -> None:
    """Design a policy in the terminal: edit FILE (or a new policy) and see its calendar,
    recovery points, DST drift and peak point count change as you type.

    A file that does not exist yet is created on the first save (ctrl+s).
    """
    from pathlib import Path

    from policy.zones import tzdata_for
    from tui.app import DesignerApp

    path = file if file is None or Path(file).exists() else None
    app = DesignerApp(file if path else None, tz=tzdata_for(tzdata_source))  # type: ignore[arg-type]
    if file and path is None:
        app.session.path = file
    app.run()
