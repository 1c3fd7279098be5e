"""``retention export bicep|terraform``: azure-vm policies as infrastructure as code.

What the target cannot carry is named on stderr (``note:``) and in the file's header.
"""

from __future__ import annotations

import click

from policy.cli.common import load_or_exit
from policy.cli.output import output_option


def _export(kind: str, file: str, output: str | None) -> None:
    from policy.azure import iac
    from policy.azure.vocabulary import AzureError
    from policy.cli.interop import azure_error, not_the_input, notes, output_text, requirements_note

    not_the_input(file, output, "the policy being exported")
    policy = load_or_exit(file).policy
    source = "<stdin>" if file == "-" else click.format_filename(file, shorten=True)
    try:
        code = iac.bicep(policy, source) if kind == "bicep" else iac.terraform(policy, source)
    except AzureError as exc:
        azure_error(file, exc)
    notes("note", [*code.notes, *requirements_note(policy)])
    output_text(code.text, output, file)


@click.command("bicep")
@click.argument("file", type=click.Path(allow_dash=True))
@output_option
def export_bicep(file: str, output: str | None) -> None:
    """Export an azure-vm policy as a Bicep backupPolicies resource of an existing vault.

    Deploy with `az deployment group create -f FILE.bicep -p vaultName=VAULT`. The
    resource's properties are the `export azure` body, so an imported policy's azure:
    section comes along.
    """
    _export("bicep", file, output)


@click.command("terraform")
@click.argument("file", type=click.Path(allow_dash=True))
@output_option
def export_terraform(file: str, output: str | None) -> None:
    """Export an azure-vm policy as a Terraform azurerm_backup_policy_vm resource.

    Set the variables resource_group_name and recovery_vault_name. Fields azurerm has no
    argument for (e.g. snapshotConsistencyType, azure.extra) are named as not carried.
    """
    _export("terraform", file, output)
