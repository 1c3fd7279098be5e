"""The ``retention`` command line: a click group whose subcommands live in ``commands/``.

Nothing slow is imported here: ``retention validate`` starts in well under half a second.
The designer (Textual) is imported only by ``retention design``.
"""

from __future__ import annotations

import errno
import json
import os
import sys
from typing import Any

import click

from policy import __version__
from policy.cli.calendar import calendar
from policy.cli.check import check
from policy.cli.design import design
from policy.cli.diff import diff
from policy.cli.drift import drift
from policy.cli.interop import export_group, import_group
from policy.cli.next import next_runs
from policy.cli.project import project
from policy.cli.suggest import suggest
from policy.cli.validate import validate


class _Group(click.Group):
    """The command group; a reader that stops early (``retention project FILE | head``)
    ends every command quietly with status 0, as ripgrep does: a closed pipe is the
    reader's choice, not a finding (click alone would exit 1, the findings code)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OSError as exc:
            if not isinstance(exc, BrokenPipeError) and exc.errno != errno.EPIPE:
                raise
            _quiet_stdout()
            ctx.exit(0)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (tests): nothing to flush
        pass
    finally:
        os.close(devnull)


@click.group(cls=_Group,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", "-V", prog_name="retention")
def cli() -> None:
    """Design, validate and project Azure Backup retention policies, and catch the DST drift
    that Azure Backup does not correct.

    Policy files are YAML, TOML or JSON (see examples/). Exit codes: 0 success,
    1 findings (--strict, --fail-on-drift), 2 invalid input or usage.
    """


@cli.command()
def schema() -> None:
    """Print the policy file's JSON Schema (for editor completion and checks)."""
    from policy.model.models import Policy

    doc = Policy.model_json_schema()
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    doc["title"] = "retention policy"
    click.echo(json.dumps(doc, indent=2))


cli.add_command(validate)
cli.add_command(check)
cli.add_command(suggest)
cli.add_command(project)
cli.add_command(calendar)
cli.add_command(design)
cli.add_command(drift)
cli.add_command(diff)
cli.add_command(next_runs)
cli.add_command(import_group)
cli.add_command(export_group)


def main() -> None:
    """Console-script entry point."""
    # pydantic scans every installed distribution's entry points for plugins on first use
    # (~70 ms); the tool uses none, and a cold `retention validate` should feel instant.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    cli(prog_name="retention")
