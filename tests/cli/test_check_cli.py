"""``retention check`` as a user runs it: text, JSON keys, GitHub annotations, the evidence
CSV, exit codes; and requirements in validate and the Azure exports."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from click.testing import CliRunner

from policy.cli.main import cli
from tests.conftest import EXAMPLES

DRIFT = str(EXAMPLES / "berlin-month-end-drift.yaml")
GRACE = str(EXAMPLES / "berlin-month-end-grace.yaml")
COMPLIANCE = str(EXAMPLES / "compliance-7-years.yaml")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_text_names_each_requirement_and_the_first_failures_in_words() -> None:
    code, out, _ = run("check", DRIFT, "--from", "2026-01-01")
    assert code == 1
    lines = out.splitlines()
    # The horizon as project and drift print it: first instants, the end excluded.
    assert lines[0] == (f"{DRIFT}: month-ends-berlin (Europe/Berlin), 2026-01-01 00:00 CET "
                        "to 2030-01-01 00:00 CET (4 years), tzdata 2026f (bundled)")
    assert lines[1] == "  ✗ any month-end of the last 36 months: 28 of 47 periods fail"
    assert lines[2] == (
        "      2026-03: the month-end point of 2026-03-31 was taken 2026-04-01 00:30 CEST, "
        "30 min after the day ended (DST drift +60m); grace: 31m would accept it "
        "[uncovered from 2026-05-01]")
    assert "… and 25 more" in lines[5]


def test_met_requirements_exit_0() -> None:
    code, out, _ = run("check", GRACE, COMPLIANCE, "--from", "2026-01-01")
    assert code == 0
    assert "  ✓ month-end close (up to 1 h late): 47 periods covered" in out
    assert "  all 5 requirements met" in out


def test_json_has_exactly_the_spec_keys() -> None:
    code, out, _ = run("check", DRIFT, "--from", "2026-01-01", "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert list(doc) == ["policy", "timezone", "tzdata", "from", "to", "met", "requirements"]
    assert (doc["from"], doc["to"], doc["met"]) == (
        "2026-01-01T00:00:00+01:00", "2030-01-01T00:00:00+01:00", False)
    (req,) = doc["requirements"]
    assert list(req) == ["index", "label", "kind", "every", "day", "for", "grace_minutes",
                         "met", "periods", "failing", "failures"]
    assert (req["periods"], req["failing"], req["for"]) == (47, 28, "36 months")
    failure = req["failures"][0]
    assert list(failure) == ["period", "day", "seen", "cause", "drift_minutes", "point",
                             "message"]
    assert failure["point"] == {"frame": "2026-03-31T23:30:00",
                                "local": "2026-04-01T00:30:00+02:00",
                                "expires": "2029-03-31T22:30:00Z"}
    assert (failure["period"], failure["day"], failure["cause"]) == (
        "2026-03", "2026-03-31", "moved")


def test_json_rpo_keys() -> None:
    doc = json.loads(run("check", GRACE, "--from", "2026-01-01", "--format", "json")[1])
    rpo = doc["requirements"][2]
    assert rpo == {"index": 2, "label": "rpo 25h", "kind": "rpo", "met": True,
                   "worst_gap_minutes": 1440}


def test_github_annotation_points_at_the_requirement_line() -> None:
    code, out, _ = run("check", DRIFT, "--from", "2026-01-01", "--format", "github")
    assert code == 1
    line = next(n for n, text in enumerate(Path(DRIFT).read_text().splitlines(), 1)
                if text.startswith("  - every: month"))
    assert out.startswith(f"::error file={DRIFT},line={line},col=5,title=requirements[0]::")
    assert "(28 of 47 periods fail)" in out


def test_evidence_csv_has_a_row_per_period(tmp_path: Path) -> None:
    target = tmp_path / "evidence.csv"
    code, _, err = run("check", DRIFT, "--from", "2026-01-01", "--evidence", str(target))
    assert code == 1 and f"wrote {target}" in err
    rows = list(csv.DictReader(target.open()))
    assert len(rows) == 47
    assert sum(r["status"] == "failing" for r in rows) == 28
    jan, mar = rows[0], rows[2]
    assert (jan["period"], jan["status"], jan["point_local"], jan["point_expires"]) == (
        "2026-01", "covered", "2026-01-31T23:30:00+01:00", "2029-01-31T22:30:00Z")
    assert (mar["period"], mar["cause"], mar["seen"], mar["due_until"]) == (
        "2026-03", "moved", "2026-05-01", "2029-03-31")


def test_horizon_options_and_bad_input_exit_2(tmp_path: Path) -> None:
    assert run("check", DRIFT, "--from", "2026-01-01", "--to", "2026-03-01")[0] == 0
    assert run("check", DRIFT, "--from", "2026-01-01", "--years", "1")[0] == 1
    code, _, err = run("check", DRIFT, "--from", "2026-13-01")
    assert code == 2 and "--from '2026-13-01' is not a date" in err
    code, _, err = run("check", DRIFT, "--to", "2026-01-01", "--years", "1")
    assert code == 2 and "either --to or --years" in err
    bad = tmp_path / "bad.yaml"
    bad.write_text(Path(DRIFT).read_text().replace("for: 36 months", "for: 36 moons"))
    code, _, err = run("check", str(bad))
    assert code == 2 and "requirements[0].for" in err and "'36 moons'" in err
    assert "Traceback" not in err


def test_validate_warns_about_unmet_requirements() -> None:
    code, out, _ = run("validate", DRIFT)
    assert code == 0
    assert "warning: requirements[0]: not met: any month-end of the last 36 months" in out
    assert run("validate", "--strict", DRIFT)[0] == 1
    assert "requirements[" not in run("validate", GRACE)[1]


def test_exports_say_requirements_are_not_exported() -> None:
    for kind in ("azure", "powershell"):
        code, out, err = run("export", kind, GRACE)
        assert code == 0 and out
        assert "note: requirements (3) are not an Azure concept and are not exported" in err
