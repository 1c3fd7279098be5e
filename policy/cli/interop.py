"""``retention import azure`` and ``retention export azure|powershell``: Azure's formats.

Results go to stdout (or ``-o``, written atomically); what a format cannot carry is named
on stderr as ``note:`` or ``warning:`` lines. Bad input exits 2 with the JSON path or field
at fault.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from policy.cli.common import (
    DATE,
    EXIT_FINDINGS,
    EXIT_INVALID,
    fail,
    load_or_exit,
    position_line,
    tzdata_option,
)
from policy.cli.output import output_option

if TYPE_CHECKING:
    from policy.azure.importer import Imported
    from policy.azure.vocabulary import AzureError
    from policy.files.formats import Format
    from policy.model.errors import Problem
    from policy.model.models import Policy

_date = DATE


def output_text(text: str, output: str | None, source: str) -> None:
    """``text`` on stdout, or written atomically to ``output`` (never over ``source``)."""
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    from policy.files.document import write_atomic
    from policy.model.errors import PolicyFileError

    try:
        write_atomic(output, text, not_over=[source])
    except PolicyFileError as exc:
        fail(f"{output}: {exc.message}")
    click.echo(f"wrote {output}", err=True)


def notes(kind: str, lines: list[str]) -> None:
    for line in lines:
        click.echo(f"{kind}: {line}", err=True)


@click.group("import")
def import_group() -> None:
    """Read a policy from another format into a policy file."""


@import_group.command("azure")
@click.argument("file", type=click.Path(allow_dash=True))
@click.option("-o", "--output", metavar="FILE", default=None,
              help="Policy file to write (atomically; never over the input file); its "
                   "extension picks YAML, TOML or JSON; for a list, the folder DIR/ "
                   "[default: YAML on stdout; - is stdout].")
@click.option("--name", default=None, help="Policy name [default: the resource's name or "
              "the file name].")
@click.option("--timezone", default=None,
              help="The server's zone, required for MAB policies (which have no timeZone); "
                   "overrides timeZone otherwise.")
@click.option("--force", is_flag=True,
              help="Lists: replace policy files that exist in the directory.")
def import_azure(file: str, output: str | None, name: str | None,
                 timezone: str | None, force: bool) -> None:
    """Import an Azure Backup policy (REST body or `az backup policy show` JSON).

    MAB and AzureIaasVM policies with SimpleSchedulePolicy and LongTermRetentionPolicy are
    read; anything else is an error naming the JSON path. What the policy does not model
    is kept in its azure: section, so `export azure` gives the body back.

    A list (`az backup policy list`, or the REST {"value": [...]}) is imported entry by
    entry into the directory -o DIR/, one file per policy named from the resource name;
    a table says what was imported and why the rest was not.

    Exit 0 when imported, 1 when Azure would refuse a value for a new policy (the file is
    written) or some list entries were not imported, 2 for bad input.
    """
    from policy.azure.importer import import_policy
    from policy.azure.lists import list_entries
    from policy.azure.vocabulary import AzureError

    doc = _read_json(file)
    if list_entries(doc) is not None:
        from policy.cli.import_list import import_list

        if name is not None:
            fail("--name names one policy; list entries are named from their resource names")
        import_list(file, doc, output, timezone, force)
    _check_output(file, output)
    default_name = None if file == "-" else Path(file).stem
    try:
        result = import_policy(doc, name=name or _resource_name(doc) or default_name,
                               timezone=timezone)
    except AzureError as exc:
        azure_error(file, exc)
    fmt = format_of_output(output)
    refusals = write_imported(file, result, fmt, output)
    sys.exit(EXIT_FINDINGS if refusals else 0)


def format_of_output(output: str | None) -> Format:
    """The policy format an ``-o`` path names (YAML for stdout)."""
    from policy.files.document import format_of

    return format_of(output) if output and output != "-" else "yaml"


def write_imported(file: str, result: Imported, fmt: Format, output: str | None) -> int:
    """Write one imported policy; print notes and the new-policy refusals; count those."""
    from policy.files.document import dumps
    from policy.model.rules import new_policy_refusals

    refusals = new_policy_refusals(result.policy)
    text = dumps(result.policy, fmt)
    if fmt != "json":
        text = _header("<stdin>" if file == "-" else file, result, refusals) + text
    else:
        notes("note", [f"mapped {m}" for m in result.mapped])
    notes("note", result.notes)
    for problem in refusals:
        click.echo(position_line(output or "<stdout>", None, None, "warning", problem.loc,
                                 problem.message), err=True)
    output_text(text, output, file)
    return len(refusals)


def _check_output(file: str, output: str | None) -> None:
    """Refuse an output that is not a policy file, or that would replace the input."""
    if output is None or output == "-":
        return
    if Path(output).suffix.lower() not in (".yaml", ".yml", ".toml", ".json"):
        fail(f"{output}: a policy file ends in .yaml, .yml, .toml or .json")
    not_the_input(file, output, "the Azure body being imported")


def not_the_input(file: str, output: str | None, what: str) -> None:
    """Exit 2 when ``-o`` names the input file (under any name, link or hard link)."""
    from policy.files.document import same_file

    if output is not None and output != "-" and file != "-" and same_file(output, file):
        fail(f"{output}: is {what}; write to another file")


def azure_error(file: str, exc: AzureError) -> NoReturn:
    """Each problem of an ``AzureError`` as ``file: error: json.path: message``; exit 2."""
    for path, message in ((exc.path, exc.message), *exc.more):
        click.echo(position_line(file, None, None, "error", path, message), err=True)
    sys.exit(EXIT_INVALID)


def _resource_name(doc: Any) -> str | None:
    name = doc.get("name") if isinstance(doc, dict) else None
    return name if isinstance(name, str) else None


def _read_json(file: str) -> Any:
    """The Azure body through the policy reader: same bounds, positions and JSON rules
    (repeated keys and NaN refused where they are) as ``validate``."""
    from policy.files.jsonpos import parse_json
    from policy.files.reader import MAX_LIST_ITEMS, read_source
    from policy.model.errors import PolicyFileError

    where = "<stdin>" if file == "-" else file
    try:
        name, text = read_source(file, max_items=MAX_LIST_ITEMS)
        return parse_json(text, name)[0]
    except PolicyFileError as exc:
        _file_error(where, exc.line, exc.column, exc.message)


def _file_error(file: str, line: int | None, column: int | None, message: str) -> NoReturn:
    click.echo(position_line(file, line, column, "error", "(file)", message), err=True)
    sys.exit(EXIT_INVALID)


def _header(source: str, result: Imported, refusals: list[Problem]) -> str:
    from policy import __version__

    lines = [f"Imported from {source} by retention {__version__} (import azure).",
             "Mapped:", *(f"  {m}" for m in result.mapped)]
    if result.notes:
        lines += ["Notes (not kept, or kept differently):", *(f"  {n}" for n in result.notes)]
    if refusals:
        lines += ["Azure would refuse as a new policy (kept: the vault's policy holds it):",
                  *(f"  {p.loc}: {p.message}" for p in refusals)]
    lines += ["Not in an Azure policy, so not set: clock (Azure freezes the offset when the",
              "policy is saved: set clock.anchor to that date), window, data, machine."]
    return "".join(f"# {line}\n" for line in _wrapped(lines))


def _wrapped(lines: list[str]) -> list[str]:
    import textwrap

    out = []
    for line in lines:
        if not line.startswith("  "):
            out.append(line)
            continue
        out += textwrap.wrap(line, 96, initial_indent="", subsequent_indent="    ",
                             break_long_words=False, break_on_hyphens=False)
    return out


@click.group("export")
def export_group() -> None:
    """Write a policy in another format: Azure REST JSON, MARS PowerShell, Bicep, Terraform."""


@export_group.command("azure")
@click.argument("file", type=click.Path(allow_dash=True))
@output_option
def export_azure(file: str, output: str | None) -> None:
    """Export a policy as the Azure Backup REST request body (JSON).

    An azure-vm body is PUT to .../vaults/VAULT/backupPolicies/NAME. A mars (MAB) body is
    the vault's read-only copy: MARS policies are set on the server (`export powershell`).
    An imported policy's azure: section is written back verbatim. What Azure has no field
    for (clock, window, data, machine) is named on stderr.
    """
    from policy.azure.exporter import export_policy
    from policy.azure.vocabulary import AzureError

    not_the_input(file, output, "the policy being exported")
    policy = load_or_exit(file).policy
    try:
        result = export_policy(policy)
    except AzureError as exc:
        azure_error(file, exc)
    notes("note", [*result.notes, *requirements_note(policy)])
    output_text(json.dumps(result.body, indent=2) + "\n", output, file)


def _as_frozen(policy: Policy) -> Policy:
    """The fixed-offset equivalent of a policy: what MARS runs whatever clock.mode says."""
    from policy.model.models import ClockMode

    if policy.clock.mode is ClockMode.FIXED_OFFSET:
        return policy
    clock = policy.clock.model_copy(update={"mode": ClockMode.FIXED_OFFSET})
    return policy.model_copy(update={"clock": clock})


@export_group.command("powershell")
@click.argument("file", type=click.Path(allow_dash=True))
@output_option
@click.option("--reanchor", is_flag=True,
              help="Add the dated steps that save the schedule again after each DST offset "
                   "change (run the script with -Reanchor on those dates).")
@click.option("--from", "start", type=_date, default=None,
              help="With --reanchor: first local date of the plan [default: today].")
@click.option("--to", "end", type=_date, default=None,
              help="With --reanchor: local date after the plan [default: --from + 1 year].")
@tzdata_option
def export_powershell(file: str, output: str | None, reanchor: bool, start: date | None,
                      end: date | None, tzdata_source: str) -> None:
    """Export a mars policy as a MARS agent PowerShell script (MSOnlineBackup cmdlets).

    Run it in an elevated PowerShell on the protected server. It changes the server's MARS
    policy, or on a fresh server creates one with the files of machine.volumes (without
    volumes it stops there: MARS saves no policy without files). MARS freezes the UTC
    offset when the schedule is saved; --reanchor adds the dates to save it again after
    each DST change (for a wall-clock policy: those of its fixed-offset equivalent).
    """
    from policy.azure.powershell import powershell_script
    from policy.model.models import Target
    from policy.model.zones import tzdata_for

    not_the_input(file, output, "the policy being exported")
    loaded = load_or_exit(file)
    policy = loaded.policy
    if policy.target is not Target.MARS:
        fail(f"{file}: the PowerShell cmdlets are the MARS agent's; target "
             f"{policy.target.value} policies are exported with `retention export azure`")
    if (start or end) and not reanchor:
        fail("--from and --to apply only with --reanchor")
    tz = tzdata_for(tzdata_source)  # type: ignore[arg-type]
    plan = None
    if reanchor:
        from policy.cli.drift import horizon
        from policy.dst.drift import reanchor_plan

        first, last = horizon(start, end, None)
        plan = (reanchor_plan(_as_frozen(policy), first, last, tz), first, last)
    script = powershell_script(policy, "-" if file == "-" else Path(file).name, tz.label, plan)
    notes("warning", script.warnings)
    notes("note", requirements_note(policy))
    output_text(script.text, output, file)


def requirements_note(policy: Any) -> list[str]:
    """Requirements are ours, not Azure's: say so instead of dropping them silently."""
    count = len(policy.requirements)
    if not count:
        return []
    return [f"requirements ({count}) are not an Azure concept and are not exported; they "
            "stay in the policy file (prove them with `retention check`)"]


def _register() -> None:
    from policy.cli.iac import export_bicep, export_terraform

    export_group.add_command(export_bicep)
    export_group.add_command(export_terraform)


_register()
