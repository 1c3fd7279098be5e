"""``retention import azure LIST.json -o DIR/``: a whole vault's policies, one file each.

The summary table (stdout) says for each entry whether it was imported, into which file,
or why not; nothing is replaced without ``--force``. Exit 0 when every entry was imported
cleanly, 1 when some were not (or Azure would refuse a value for a new policy), 2 when the
directory cannot be used.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from policy.cli.common import EXIT_FINDINGS, EXIT_OK, fail


def import_list(file: str, doc: Any, output: str | None, timezone: str | None,
                force: bool) -> None:
    """Import every entry of ``doc`` into ``output`` (a directory) and print the summary."""
    from policy.azure.lists import file_stem, import_entries
    from policy.cli.interop import write_imported

    count = len(doc["value"] if isinstance(doc, dict) else doc)
    is_file = Path(output or "-").suffix.lower() in (".yaml", ".yml", ".toml", ".json")
    if output is None or output == "-" or is_file or (Path(output).exists() and
                                                      not Path(output).is_dir()):
        fail(f"{file}: a list of {count} policies; import it into a directory with "
             "-o DIRECTORY/ (one policy file per entry)")
    folder = Path(output)
    if not folder.is_dir():
        if not output.endswith(("/", "\\")):
            fail(f"{output}: no such directory (end it with / to create it)")
        try:
            folder.mkdir(parents=True)
        except OSError as exc:
            fail(f"{output}: cannot create the directory: {exc.strerror or exc}")
    rows: list[tuple[str, str, str, str]] = []
    taken: set[str] = set()
    trouble = 0
    for entry in import_entries(doc, timezone):
        if entry.result is None:
            assert entry.error is not None
            trouble += 1
            rows.append((entry.path, entry.name, "-", f"unsupported: {entry.error.lines()[0]}"))
            continue
        target = folder / f"{file_stem(entry.result.policy.name, taken)}.yaml"
        if target.exists() and not force:
            trouble += 1
            rows.append((entry.path, entry.name, str(target), "skipped: the file exists "
                         "(--force replaces it)"))
            continue
        refusals = write_imported(f"{file} {entry.path}", entry.result, "yaml", str(target))
        trouble += bool(refusals)
        state = (f"imported; {refusals} value(s) Azure refuses for a new policy"
                 if refusals else "imported")
        rows.append((entry.path, entry.name, str(target), state))
    _table(rows)
    imported = sum(r[3].startswith("imported") for r in rows)
    click.echo(f"{imported} of {len(rows)} policies imported into {folder}", err=True)
    sys.exit(EXIT_FINDINGS if trouble else EXIT_OK)


def _table(rows: list[tuple[str, str, str, str]]) -> None:
    head = ("entry", "policy", "file", "result")
    widths = [max(len(r[i]) for r in (head, *rows)) for i in range(3)]
    for row in (head, *rows):
        cells = [row[i].ljust(widths[i]) for i in range(3)]
        click.echo("  ".join([*cells, row[3]]).rstrip())
