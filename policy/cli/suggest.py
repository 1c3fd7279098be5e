"""``retention suggest``: the cheapest Azure policy that meets a requirements file (SPEC §10).

The policy goes to stdout (or ``-o``, format by extension), commented tier by tier with the
requirements it serves; the peak, the runner-up policies and why the time was chosen go to
stderr (text) or into one JSON document (``--format json``). Exit 0 found, 1 infeasible
(the message names the requirement and the bound), 2 invalid input.
"""

from __future__ import annotations

import io
import json
import sys
import time as stopwatch
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from policy.cli.common import (
    DATE,
    EXIT_FINDINGS,
    EXIT_INVALID,
    EXIT_OK,
    fail,
    in_range,
    position_line,
    tzdata_option,
)
from policy.cli.interop import format_of_output, not_the_input, output_text
from policy.host import today

if TYPE_CHECKING:
    from datetime import date, time

    from policy.audit.suggest import Suggestion
    from policy.model.models import Window


def _times(value: str | None) -> list[time] | None:
    from policy.model.models import parse_schedule_time

    if value is None:
        return None
    out = []
    for part in value.split(","):
        try:
            out.append(parse_schedule_time(part.strip()))
        except ValueError as exc:
            fail(f"--times {part.strip()!r}: {exc}")
    if len({t for t in out}) != len(out):
        fail(f"--times {value!r} lists a time twice")
    return out


def _window(value: str | None) -> Window | None:
    from pydantic import ValidationError

    from policy.model.models import Window, parse_clock_time

    if value is None:
        return None
    start, sep, end = value.partition("-")
    if not sep:
        fail(f"--window {value!r} is not a window; write HH:MM-HH:MM, e.g. 20:00-06:00")
    try:
        return Window(start=parse_clock_time(start.strip()), end=parse_clock_time(end.strip()))
    except (ValidationError, ValueError) as exc:
        message = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
        fail(f"--window {value!r}: {message}")


def _load(path: str) -> Any:
    from policy.files.request import load_request
    from policy.model.errors import PolicyFileError, PolicyInvalid

    try:
        return load_request(path)
    except PolicyFileError as exc:
        click.echo(position_line(path, exc.line, exc.column, "error", "(file)", exc.message),
                   err=True)
    except PolicyInvalid as exc:
        for p in exc.problems:
            click.echo(position_line(path, p.line, p.column, p.severity, p.loc, p.message),
                       err=True)
    sys.exit(EXIT_INVALID)


@click.command()
@click.argument("file", type=click.Path())
@click.option("--target", type=click.Choice(["mars", "azure-vm"]), default="mars",
              show_default=True, help="Which Azure bounds apply (azure-vm: one time a day).")
@click.option("--times", "times_text", metavar="HH:MM,...",
              help="The run times allowed, the first one preferred (default: any half hour).")
@click.option("--window", "window_text", metavar="HH:MM-HH:MM",
              help="Local hours the runs must stay in, DST included (may wrap midnight).")
@click.option("--from", "start", type=DATE,
              help="First local date (YYYY-MM-DD) of the check horizon [default: today].")
@click.option("-o", "--output", metavar="FILE",
              help="Write the policy to FILE (.yaml, .yml, .toml or .json; atomically; never "
                   "over the requirements file) instead of stdout; - is stdout.")
@click.option("--format", "out_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True,
              help="text: the policy on stdout, the reasoning on stderr; json: one document.")
@tzdata_option
def suggest(file: str, target: str, times_text: str | None, window_text: str | None,
            start: date | None, output: str | None, out_format: str,
            tzdata_source: str) -> None:
    """Suggest the policy with the fewest recovery points that meets the requirements of
    FILE (timezone: and requirements:, optionally name:, data: and a schedule: to keep),
    with the clock saved in January or in July alike (Azure does not follow DST).

    Exit 0 when a policy is found, 1 when none can meet the requirements (the message says
    which and why), 2 on invalid input.
    """
    from policy.audit.suggest import suggest as search
    from policy.model.models import Target
    from policy.model.zones import tzdata_for

    first = in_range(start or today(), "--from")
    times, window = _times(times_text), _window(window_text)
    _check_output(file, output)
    loaded = _load(file)
    req = loaded.request

    began = stopwatch.perf_counter()

    def progress(message: str) -> None:
        # Only a search that takes a while says what it is doing (the domain reads no clock).
        if (out_format == "text" or output is not None) and stopwatch.perf_counter() - began > 1.0:
            click.echo(f"… {message}", err=True)

    result = search(req.requirements, req.timezone, Target(target), times, window, first,
                    tzdata_for(tzdata_source), req.data,  # type: ignore[arg-type]
                    name=req.name or "suggested", schedule=req.schedule, progress=progress)
    if out_format == "json":
        click.echo(json.dumps(_json(result), indent=2, ensure_ascii=False))
    if result.policy is None:
        if out_format == "text":
            click.echo(f"{file}: no policy meets the requirements: {result.infeasible}",
                       err=True)
        sys.exit(EXIT_FINDINGS)
    text = policy_text(result, format_of_output(output))
    if output is not None and output != "-":
        output_text(text, output, file)
    elif out_format == "text":
        click.echo(text, nl=False)
    if out_format == "text":
        for line in summary_lines(result):
            click.echo(line, err=True)
    sys.exit(EXIT_OK)


def _check_output(file: str, output: str | None) -> None:
    """Refuse, before the search, an output that is not a policy file or is the input.

    The same rules and words as ``import azure -o``: the policy is written in the format
    its extension names, so any other extension would be a silent YAML file."""
    if output is None or output == "-":
        return
    if Path(output).suffix.lower() not in (".yaml", ".yml", ".toml", ".json"):
        fail(f"{output}: a policy file ends in .yaml, .yml, .toml or .json")
    not_the_input(file, output, "the requirements file")


def policy_text(result: Suggestion, fmt: str) -> str:
    """The policy file, with a comment on each tier naming the requirements it serves."""
    from policy.files.document import dumps
    from policy.files.formats import yaml_engine

    assert result.policy is not None
    header = [f"Suggested by retention suggest: peak {result.peak:,} recovery points",
              "(meets every requirement with the policy saved in January or in July)."]
    if fmt == "json":
        return dumps(result.policy, "json")
    if fmt == "toml":
        body = dumps(result.policy, "toml")
        notes = [f"retention.{n}: serves {'; '.join(labels)}"
                 for n, labels in result.serves.items()]
        return "".join(f"# {line}\n" for line in [*header, *notes]) + body
    yaml = yaml_engine()
    tree = yaml.load(dumps(result.policy, "yaml"))
    tree.yaml_set_start_comment("\n".join(header))
    for name, labels in result.serves.items():
        tree["retention"].yaml_add_eol_comment(f"serves: {'; '.join(labels)}", name)
    buf = io.StringIO()
    yaml.dump(tree, buf)
    return buf.getvalue()


def summary_lines(result: Suggestion) -> list[str]:
    """What stderr says: the winner's peak, the runners-up, why the time."""
    assert result.policy is not None
    times = ", ".join(f"{t:%H:%M}" for t in result.policy.schedule.times)
    lines = [f"suggested: {result.words} at {times}: peak {result.peak:,} points"]
    if result.storage_gb is not None:
        lines[0] += f", about {result.storage_gb:,.0f} GB (estimate)"
    if result.alternatives:
        lines.append("alternatives: " + "; ".join(
            f"{a.words}: peak {a.peak:,}" for a in result.alternatives))
    for reason in result.reasons:
        lines.append(f"time: {reason}; chose {times}")
    return lines


def _json(result: Suggestion) -> dict[str, Any]:
    from policy.files.document import _jsonable as jsonable
    from policy.files.document import to_data

    if result.policy is None:
        return {"found": False, "infeasible": result.infeasible}
    return {
        "found": True, "policy": jsonable(to_data(result.policy)), "peak": result.peak,
        "storage_gb": result.storage_gb, "summary": result.words,
        "serves": {k: list(v) for k, v in result.serves.items()},
        "alternatives": [{"summary": a.words, "peak": a.peak,
                          "policy": jsonable(to_data(a.policy))} for a in result.alternatives],
        "reasons": list(result.reasons),
    }
