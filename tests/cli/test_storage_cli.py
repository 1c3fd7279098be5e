"""``retention project`` storage figures (SPEC §12): JSON, prices, --chart, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from policy.cli.main import cli
from tests.conftest import EXAMPLES

COMPLIANCE = (EXAMPLES / "compliance-7-years.yaml").read_text()


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1"}).invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def _policy(tmp_path: Path, extra: str) -> str:
    path = tmp_path / "p.yaml"
    path.write_text(COMPLIANCE + extra)
    return str(path)


DATA = "data: {size_gb: 800, daily_change_percent: 2}\n"


def test_json_storage_object_has_the_spec_keys(tmp_path: Path) -> None:
    code, out, _ = _run("project", _policy(tmp_path, DATA), "--from", "2026-01-01",
                        "--format", "json")
    assert code == 0
    storage = json.loads(out)["storage"]
    assert list(storage) == ["estimate", "inputs", "as_of_gb", "peak_gb", "peak_at",
                             "instances", "instance_size_gb", "gb_months", "series"]
    assert storage["estimate"] is True
    assert storage["inputs"] == {"size_gb": 800.0, "daily_change_percent": 2.0,
                                 "hot_percent": 10.0, "yearly_growth_percent": 0.0,
                                 "compression_percent": 0.0}
    assert storage["peak_at"] == "2033-09-29T22:00:00Z"
    assert 8_100 < storage["peak_gb"] < 8_200
    assert storage["instances"] == 2
    assert len(storage["series"]) == 12
    assert storage["series"][1] == {
        "month": "2026-02", "points": {"daily": 26, "weekly": 4, "monthly": 1, "yearly": 0},
        "gb": storage["series"][1]["gb"]}
    assert "cost" not in storage  # no prices built in


def test_no_storage_key_without_data() -> None:
    code, out, _ = _run("project", str(EXAMPLES / "compliance-7-years.yaml"), "--from",
                        "2026-01-01", "--format", "json")
    assert code == 0 and "storage" not in json.loads(out)


def test_prices_from_the_file_and_the_command_line(tmp_path: Path) -> None:
    path = _policy(tmp_path, DATA + "pricing: {instance: 10, gb_month: 1, currency: EUR}\n")
    code, out, _ = _run("project", path, "--from", "2026-01-01", "--format", "json",
                        "--price-gb-month", "0.02")
    assert code == 0
    storage = json.loads(out)["storage"]
    cost = storage["cost"]
    assert cost["currency"] == "EUR"
    assert cost["monthly_at_as_of"]["instances"] == 20.0
    assert cost["monthly_at_as_of"]["storage"] == round(storage["as_of_gb"] * 0.02, 2)
    code, text, _ = _run("project", path, "--from", "2026-01-01", "--price-instance", "5")
    assert code == 0
    assert "cost at the peak: " in text and "EUR a month (instances 10.00 + storage" in text


def test_text_summary_is_labelled_an_estimate_with_inputs(tmp_path: Path) -> None:
    code, out, _ = _run("project", _policy(tmp_path, DATA), "--from", "2026-01-01")
    assert code == 0
    assert "Storage (an estimate): ~2,312 GB held at 2027-01-01" in out
    assert "steady-state peak ~8,141 GB, first on 2033-09-29" in out
    assert "billing: 2 protected instances (800 GB protected)" in out
    assert "inputs: 800 GB; 2 %/day on a hot set of 10 % (default: 5 × change)" in out
    assert "cost: needs prices" in out


def test_chart_reads_without_colour(tmp_path: Path) -> None:
    code, out, _ = _run("project", _policy(tmp_path, DATA), "--from", "2026-01-01",
                        "--years", "9", "--chart")
    assert code == 0
    assert "\x1b[" not in out
    for label in ("daily (d)", "weekly (w)", "monthly (m)", "yearly (y)", "GB (estimate)"):
        assert label in out
    assert "frame " not in out.splitlines()[0]  # the chart replaces the table of runs
    assert "Storage (an estimate)" in out


def test_chart_without_data_draws_points_only() -> None:
    code, out, _ = _run("project", str(EXAMPLES / "compliance-7-years.yaml"), "--chart")
    assert code == 0 and "monthly (m)" in out and "GB (estimate)" not in out


def test_chart_with_another_format_is_a_usage_error() -> None:
    code, _, err = _run("project", str(EXAMPLES / "berlin-file-server.yaml"), "--chart",
                        "--format", "json")
    assert code == 2 and "--chart" in err and "--format json" in err


def test_prices_without_data_are_noted(tmp_path: Path) -> None:
    code, _, err = _run("project", str(EXAMPLES / "compliance-7-years.yaml"),
                        "--price-instance", "10")
    assert code == 0 and "prices are ignored without a data: section" in err


def test_negative_price_is_rejected() -> None:
    code, _, err = _run("project", str(EXAMPLES / "berlin-file-server.yaml"),
                        "--price-gb-month", "-1")
    assert code == 2 and "--price-gb-month" in err


def test_hot_set_below_change_is_invalid_with_position(tmp_path: Path) -> None:
    path = _policy(tmp_path, "data: {size_gb: 800, daily_change_percent: 5, hot_percent: 2}\n")
    code, out, err = _run("validate", path)
    assert code == 2
    line = Path(path).read_text(encoding="utf-8").splitlines().index(
        "data: {size_gb: 800, daily_change_percent: 5, hot_percent: 2}") + 1
    assert (f"{path}:{line}:7: error: data: hot_percent 2 is less than daily_change_percent 5"
            in out + err)


def test_validate_does_not_import_plotext() -> None:
    code = ("import sys\nfrom policy.cli.main import main\nsys.argv = ['retention', 'validate', "
            f"{str(EXAMPLES / 'berlin-file-server.yaml')!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('plotext' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"
