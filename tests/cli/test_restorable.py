"""Restorable-at: ``project --as-of --list``, ``alive`` on JSON points and ``peak_at``."""

from __future__ import annotations

import json

from click.testing import CliRunner

from policy.cli.main import cli
from tests.conftest import EXAMPLES

BERLIN = str(EXAMPLES / "berlin-file-server.yaml")


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "80"}).invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_list_prints_every_point_alive_at_as_of_oldest_first() -> None:
    code, out, _ = _run("project", BERLIN, "--from", "2026-03-20", "--to", "2026-04-10",
                        "--as-of", "2026-04-02T12:00", "--list")
    assert code == 0
    lines = out.splitlines()
    assert lines[:4] == [
        "Points restorable at 2026-04-02 12:00 CEST (13 points), oldest first:",
        "kept by  planned           actual                 drift  expires",
        "───────  ────────────────  ─────────────────────  ─────  ─────────────────────",
        "daily    2026-03-20 23:30  2026-03-20 23:30 CET       0  2026-04-20 00:30 CEST",
    ]
    # Sunday 29 March 23:30 runs at 00:30 CEST on Monday (Azure keeps the winter offset).
    assert ("weekly   2026-03-29 23:30  2026-03-30 00:30 CEST   +60m  2026-06-22 00:30 CEST"
            in lines)
    assert ("monthly  2026-03-31 23:30  2026-04-01 00:30 CEST   +60m  2029-04-01 00:30 CEST"
            in lines)
    assert lines[16] == ""  # then the summary, whose count agrees
    assert "Restorable at 2026-04-02 12:00 CEST: 13 points" in out
    assert "planned           actual" not in "\n".join(lines[17:])  # no table of runs


def test_list_before_the_first_point_says_so() -> None:
    code, out, _ = _run("project", BERLIN, "--from", "2026-03-20", "--to", "2026-04-10",
                        "--as-of", "2026-03-20T12:00", "--list")
    assert code == 0
    assert out.splitlines()[0] == "No point is restorable at 2026-03-20 12:00 CET."


def test_list_is_text_only() -> None:
    code, out, err = _run("project", BERLIN, "--format", "json", "--list")
    assert (code, out) == (2, "")
    assert err == ('error: --list prints the restorable points as text; it cannot be combined '
                   'with --format json (whose points carry "alive" at --as-of)\n')
    code, _, err = _run("project", BERLIN, "--chart", "--list")
    assert code == 2 and "--list" in err and "--chart" in err


def test_json_points_say_whether_they_are_alive_at_as_of() -> None:
    code, out, _ = _run("project", BERLIN, "--from", "2026-03-20", "--to", "2026-04-10",
                        "--as-of", "2026-04-02T12:00", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    alive = [p["frame"][:10] for p in doc["points"] if p["alive"]]
    assert len(alive) == doc["summary"]["alive"] == 13
    assert alive[0] == "2026-03-20" and alive[-1] == "2026-04-01"
    # The runs planned 2-8 April are taken after --as-of; the one planned 9 April 23:30
    # runs 10 April 00:30 CEST, after the horizon.
    assert [p["alive"] for p in doc["points"]][13:] == [False] * 7
    assert doc["summary"]["peak_alive"] == 78
    assert doc["summary"]["peak_at"] == "2033-03-30T22:30:00Z"
    assert list(doc["summary"]) == ["runs", "alive", "peak_alive", "peak_at", "alive_by_tier"]


def test_peak_at_is_the_instant_the_text_names() -> None:
    _, out, _ = _run("project", BERLIN, "--from", "2026-03-20", "--to", "2026-04-10")
    assert "Peak: 78 points alive at once (limit 9,999), first on 2033-03-31 00:30 CEST" in out
