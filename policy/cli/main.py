"""The ``retention`` command line: a click group whose subcommands live in ``commands/``.

Nothing slow is imported here: ``retention validate`` starts in well under half a second.
The designer (Textual) is imported only by ``retention design``.
"""

from __future__ import annotations

import json
import os

import click

from policy import __version__
from policy.cli.calendar import calendar
from policy.cli.check import check
from policy.cli.design import design
from policy.cli.drift import drift
from policy.cli.interop import export_group, import_group
from policy.cli.next import next_runs
from policy.cli.project import project
from policy.cli.suggest import suggest
from policy.cli.validate import validate


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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
cli.add_command(next_runs)
cli.add_command(import_group)
cli.add_command(export_group)


def main() -> None:
    """Console-script entry point."""
    # pydantic scans every installed distribution's entry points for plugins on first use
    # (~70 ms); the tool uses none, and a cold `retention validate` should feel instant.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    cli(prog_name="retention")
