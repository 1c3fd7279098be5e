"""``retention check``: prove a policy's ``requirements:`` or show where they fail (SPEC §9).

Text for people (one line per requirement, the first failures in words), JSON with the
SPEC's keys, GitHub annotations at each unmet requirement's line, and an evidence CSV with
one row per requirement and period. Exit 0 all met, 1 some not met, 2 invalid input.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import TYPE_CHECKING

import click

from policy.cli.common import (
    DATE,
    EXIT_FINDINGS,
    EXIT_OK,
    YEARS_HELP,
    WholeOption,
    add_years,
    fail,
    in_range,
    load_or_exit,
    tzdata_option,
)
from policy.cli.output import output_option, write_result
from policy.host import today

if TYPE_CHECKING:
    from policy.audit.verdicts import CheckReport, Verdict
    from policy.files.document import Loaded

#: Failures listed per requirement in text; the evidence CSV has them all.
SHOWN = 3


def _horizon(loaded: Loaded, first: date, last: date | None, years: int | None
             ) -> tuple[date, date]:
    from policy.audit.requirements import default_end

    if last is None:
        if years is not None:
            last = add_years(first, years)
        else:
            last = default_end(loaded.policy.requirements, first)
        last = in_range(last, "the horizon's end")
    if last <= first:
        fail(f"the horizon is empty: --to ({last}) must be after --from ({first})")
    return first, last


def _check(path: str, first: date, last: date | None, years: int | None,
           tz_source: str) -> tuple[Loaded, CheckReport]:
    from policy.audit.requirements import check
    from policy.model.errors import PolicyError
    from policy.model.zones import tzdata_for

    loaded = load_or_exit(path)
    start, end = _horizon(loaded, first, last, years)
    try:
        return loaded, check(loaded.policy, start, end, tzdata_for(tz_source))  # type: ignore[arg-type]
    except (PolicyError, KeyError) as exc:
        fail(f"{path}: cannot check: {exc}")


def _text(path: str, report: CheckReport) -> list[str]:
    from policy.reports.project import instants_words

    horizon = instants_words(report.start, report.end, report.zone)
    lines = [f"{path}: {report.policy} ({report.timezone}), {horizon}, "
             f"tzdata {report.tzdata}"]
    if not report.verdicts:
        lines.append("  no requirements to check (add a requirements: section)")
    for v in report.verdicts:
        lines.append(f"  {'✓' if v.met else '✗'} {v.label}: {_summary(v)}")
        for failure in v.failures[:SHOWN]:
            lines.append(f"      {failure.message} [uncovered from {failure.seen}]")
        if len(v.failures) > SHOWN:
            lines.append(f"      … and {len(v.failures) - SHOWN} more (--evidence FILE.csv "
                         "lists every period)")
    unmet = sum(not v.met for v in report.verdicts)
    if report.verdicts:
        lines.append(f"  {unmet} of {len(report.verdicts)} requirements not met" if unmet
                     else f"  all {len(report.verdicts)} requirements met")
    return lines


def _summary(v: Verdict) -> str:
    if v.kind != "coverage":
        return v.message
    if v.met:
        return f"{v.periods} period{'s' if v.periods != 1 else ''} covered"
    return f"{len(v.failures)} of {v.periods} periods fail"


def _github(path: str, loaded: Loaded, report: CheckReport) -> list[str]:
    from policy.cli.validate import _escape as escape

    out = []
    for v in report.verdicts:
        if v.met:
            continue
        loc = f"requirements[{v.index}]"
        props = [f"file={escape(path, True)}"]
        line, column = loaded.locate(loc) if loaded.locate else (None, None)
        if line is not None:
            props.append(f"line={line}")
        if column is not None:
            props.append(f"col={column}")
        props.append(f"title={escape(loc, True)}")
        detail = v.failures[0].message if v.failures else v.message
        more = f" ({len(v.failures)} of {v.periods} periods fail)" if v.failures else ""
        out.append(f"::error {','.join(props)}::{escape(f'{v.label}: {detail}{more}')}")
    return out


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--from", "start", type=DATE,
              help="First local date (YYYY-MM-DD) of the horizon; the vault is empty before "
                   "it [default: today].")
@click.option("--to", "end", type=DATE,
              help="Local date after the horizon's last day (the end is excluded) "
                   "[default: --from + the longest requirement depth + 1 year].")
@click.option("--years", type=WholeOption(1, 200), help=YEARS_HELP)
@click.option("--format", "out_format", type=click.Choice(["text", "json", "github"]),
              default="text", show_default=True,
              help="text: one line per requirement; json: keys in docs/commands.md (a list "
                   "under \"files\" for several files); github: ::error annotations.")
@click.option("--evidence", "evidence", metavar="FILE.csv", default=None,
              help="Write one CSV row per requirement and period: the covering point or "
                   "the cause.")
@output_option
@tzdata_option
def check(files: tuple[str, ...], start: date | None, end: date | None, years: int | None,
          out_format: str, evidence: str | None, output: str | None,
          tzdata_source: str) -> None:
    """Prove the requirements of policy FILES (requirements: section) or show where they
    fail: every due period, the first check date it is uncovered and why (no-run,
    skipped, moved by DST drift, not-retained, expired).

    Exit 0 when every requirement is met, 1 when some is not, 2 on invalid input.
    """
    if end is not None and years is not None:
        fail("use either --to or --years, not both")
    first = in_range(start or today(), "--from")
    last = end
    if last is not None:
        in_range(last, "--to")
    checked = [(path, *_check(path, first, last, years, tzdata_source)) for path in files]
    write_result(_render(checked, out_format), output, files)
    if evidence is not None:
        from policy.audit.evidence import evidence_csv

        write_result([evidence_csv([(path, report) for path, _, report in checked])],
                     evidence, files)
    sys.exit(EXIT_OK if all(r.met for _, _, r in checked) else EXIT_FINDINGS)


def _render(checked: list[tuple[str, Loaded, CheckReport]], out_format: str) -> list[str]:
    """The result as text pieces (``policy.cli.output.write_result``)."""
    if out_format == "json":
        from policy.audit.evidence import report_json

        docs = [report_json(report) for _, _, report in checked]
        return [json.dumps(docs[0] if len(docs) == 1 else {"files": [
            {"path": path, **doc} for (path, _, _), doc in zip(checked, docs, strict=True)]},
            indent=2), "\n"]
    pieces: list[str] = []
    for path, loaded, report in checked:
        lines = _text(path, report) if out_format == "text" else _github(path, loaded, report)
        pieces.extend(line + "\n" for line in lines)
    return pieces
