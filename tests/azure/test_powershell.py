"""MARS PowerShell export: golden scripts, only documented parameters, the re-anchor steps.

Set ``UPDATE_GOLDEN=1`` to rewrite the golden scripts after an intended change.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given

from policy import __version__
from policy.azure.powershell import offset_text, powershell_script
from policy.cli.main import cli
from policy.dst.drift import reanchor_plan
from policy.files.document import load
from policy.model.models import Policy
from tests.conftest import EXAMPLES, ROOT
from tests.strategies import policies

GOLDEN = ROOT / "tests" / "azure" / "golden"
TZ = "2026f (bundled)"

_DAYS = r"(Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday)"
_MONTHS = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
_TIME = r"([01]\d|2[0-3]):(00|30)"
_INT = r"[1-9]\d*"


def _list(item: str) -> str:
    return rf"^{item}(, {item})*$"


#: research/azure-policy.md §4: each cmdlet's documented parameters and their value forms
#: (None = a switch; "" = any PowerShell expression such as $policy).
PARAMETERS: dict[str, dict[str, str | None]] = {
    "New-OBSchedule": {"DaysOfWeek": _list(_DAYS), "TimesOfDay": _list(_TIME),
                       "WeeklyFrequency": "^[1-4]$"},
    "New-OBRetentionPolicy": {
        "RetentionDays": f"^{_INT}$", "RetentionWeeklyPolicy": None,
        "WeekDaysOfWeek": _list(_DAYS), "WeekTimesOfDay": _list(_TIME),
        "RetentionWeeks": f"^{_INT}$", "RetentionMonthlyPolicy": None,
        "MonthDaysOfMonth": _list("([1-9]|1\\d|2[0-8])"), "MonthDaysOfWeek": _list(_DAYS),
        "MonthTimesOfDay": _list(_TIME),
        "MonthWeeksOfMonth": _list("(First|Second|Third|Fourth|Last)"),
        "RetentionMonths": f"^{_INT}$", "RetentionYearlyPolicy": None,
        "RetentionYears": f"^{_INT}$", "YearMonthsOfYear": _list(_MONTHS),
        "YearDaysOfMonth": _list("([1-9]|1\\d|2[0-8])"), "YearDaysOfWeek": _list(_DAYS),
        "YearTimesOfDay": _list(_TIME),
        "YearWeeksOfMonth": _list("(First|Second|Third|Fourth|Last)")},
    "Set-OBSchedule": {"Policy": "", "Schedule": ""},
    "Set-OBRetentionPolicy": {"Policy": "", "RetentionPolicy": ""},
    "Set-OBPolicy": {"Policy": "", "Confirm": "^:\\$false$"},
    "Get-OBPolicy": {},
    "Get-OBRetentionPolicy": {"Policy": ""},
    "New-OBPolicy": {},
    "New-OBFileSpec": {"FileSpec": ""},
    "Add-OBFileSpec": {"Policy": "", "FileSpec": ""},
}


def calls(script: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every MSOnlineBackup call as (cmdlet, [(parameter, value)]), comments left out."""
    joined = re.sub(r" `\n\s*", " ", script)
    found = []
    for line in joined.splitlines():
        code = line.split("#", 1)[0]
        starts = list(re.finditer(r"\b[A-Z][a-z]+-OB\w+", code))
        for i, match in enumerate(starts):
            end = starts[i + 1].start() if i + 1 < len(starts) else len(code)
            rest = code[match.end():end].strip()
            tokens = [t for t in re.split(r"\s+(?=-\w)", rest) if t]
            params = []
            for token in tokens:
                parsed = re.match(r"-(\w+)(:\S+)?\s*(.*)$", token)
                assert parsed, f"{match[0]}: cannot read {token!r}"
                params.append((parsed[1], (parsed[2] or parsed[3]).strip()))
            found.append((match[0], params))
    return found


def assert_documented(script: str) -> None:
    assert calls(script), "no cmdlet found"
    for cmdlet, params in calls(script):
        assert cmdlet in PARAMETERS, cmdlet
        for name, value in params:
            assert name in PARAMETERS[cmdlet], f"{cmdlet} -{name}"
            form = PARAMETERS[cmdlet][name]
            if form is None:
                assert value == "", f"{cmdlet} -{name} is a switch, got {value!r}"
            elif form:
                assert re.match(form, value), f"{cmdlet} -{name} {value!r}"


@dataclass(frozen=True)
class Step:
    date: date
    offset: timedelta


BERLIN_PLAN = ([Step(date(2026, 3, 29), timedelta(hours=2)),
                Step(date(2026, 10, 25), timedelta(hours=1))],
               date(2026, 1, 1), date(2027, 1, 1))


@pytest.mark.parametrize(("fixture", "plan"), [("berlin-daily", BERLIN_PLAN),
                                               ("sydney-fortnightly", None)])
def test_golden_script(fixture: str, plan: tuple[list[Step], date, date] | None) -> None:
    policy = load(GOLDEN / f"{fixture}.yaml").policy
    script = powershell_script(policy, f"{fixture}.yaml", TZ, plan)
    text = script.text.replace(f"retention {__version__} ", "retention VERSION ")
    golden = GOLDEN / f"{fixture}.ps1"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
    assert_documented(script.text)


def test_last_day_of_month_is_named_not_dropped() -> None:
    policy = load(GOLDEN / "berlin-daily.yaml").policy
    script = powershell_script(policy, "x", TZ)
    assert len(script.warnings) == 1
    assert "monthly point on the last day of the month" in script.warnings[0]
    assert "# NOT SET: the monthly point on the last day" in script.text
    assert "-MonthDaysOfMonth 1, 15 `" in script.text


def test_berlin_example_uses_only_documented_parameters() -> None:
    policy = load(EXAMPLES / "berlin-file-server.yaml").policy
    script = powershell_script(policy, "berlin-file-server.yaml", TZ)
    assert_documented(script.text)
    assert "-TimesOfDay 23:30" in script.text
    assert "-DaysOfWeek Sunday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday" \
        in script.text


@given(policies())
def test_every_mars_policy_uses_only_documented_parameters(policy: Policy) -> None:
    if policy.target.value != "mars":
        return
    assert_documented(powershell_script(policy, "p.yaml", TZ).text)


def test_checker_catches_an_undocumented_parameter() -> None:
    with pytest.raises(AssertionError):
        assert_documented("$s = New-OBSchedule -WeeksOfMonth Last -TimesOfDay 21:00\n")
    with pytest.raises(AssertionError):
        assert_documented("$s = New-OBSchedule -TimesOfDay 21:15\n")


@pytest.mark.parametrize(("offset", "text"), [(timedelta(hours=2), "+02:00"),
                                              (timedelta(hours=-3, minutes=-30), "-03:30"),
                                              (timedelta(hours=10, minutes=30), "+10:30"),
                                              (timedelta(0), "+00:00"),
                                              # LMT (Africa/Monrovia until 1972): truncated
                                              (timedelta(minutes=-44, seconds=-30), "-00:44")])
def test_offset_text_matches_get_date_zzz(offset: timedelta, text: str) -> None:
    assert offset_text(offset) == text


def test_reanchor_steps_come_from_the_drift_plan() -> None:
    policy = load(EXAMPLES / "berlin-file-server.yaml").policy
    plan = reanchor_plan(policy, date(2026, 1, 1), date(2027, 1, 1))
    assert [(s.date, s.offset) for s in plan] == [(date(2026, 3, 29), timedelta(hours=2)),
                                                  (date(2026, 10, 25), timedelta(hours=1))]
    res = CliRunner().invoke(cli, ["export", "powershell", str(EXAMPLES /
                                                              "berlin-file-server.yaml"),
                                   "--reanchor", "--from", "2026-01-01", "--to", "2027-01-01"])
    assert res.exit_code == 0, res.output
    assert "    '2026-03-29' = '+02:00'\n    '2026-10-25' = '+01:00'\n" in res.stdout
    assert "#   Step 1: 2026-03-29, after the change to UTC+02:00" in res.stdout
    assert res.stdout.index("param(") < res.stdout.index("$ErrorActionPreference")


def test_wall_clock_policy_gets_the_plan_of_its_fixed_offset_equivalent() -> None:
    """MARS freezes the offset whatever clock.mode says (research §5, SPEC §4)."""
    res = CliRunner().invoke(cli, ["export", "powershell", str(EXAMPLES /
                                                              "lord-howe-wall-clock.yaml"),
                                   "--reanchor", "--from", "2026-01-01", "--to", "2027-01-01"])
    assert res.exit_code == 0, res.output
    text = res.stdout
    assert "# clock.mode wall-clock: MARS freezes the UTC offset in force when the schedule" \
        in text
    assert "Nothing to re-anchor" not in text
    assert "    '2026-04-05' = '+10:30'\n    '2026-10-04' = '+11:00'\n" in text
    assert "warning: clock.mode wall-clock: MARS freezes the UTC offset" in res.stderr
    assert_documented(text)


def test_fresh_server_gets_the_files_of_machine_volumes() -> None:
    text = (GOLDEN / "berlin-daily.ps1").read_text(encoding="utf-8")
    branch = text[text.index("if ($null -eq $policy) {"):]
    branch = branch[:branch.index("\n}\n")]
    assert branch.splitlines()[1:] == [
        "    $policy = New-OBPolicy",
        "    # What to back up (machine.volumes); MARS saves no policy without files.",
        "    $files = New-OBFileSpec -FileSpec @('D:\\', 'E:\\')",
        "    Add-OBFileSpec -Policy $policy -FileSpec $files"]
    assert text.index("Add-OBFileSpec") < text.rindex("Set-OBPolicy -Policy $policy")


def test_without_volumes_a_fresh_server_stops_before_any_change() -> None:
    policy = load(GOLDEN / "sydney-fortnightly.yaml").policy
    assert policy.machine is None
    script = powershell_script(policy, "x", TZ)
    text = script.text
    stop = text.index("    throw 'This server has no MARS backup policy yet, and the policy "
                      "file lists no machine.volumes: MARS refuses to save a policy without "
                      "files and folders (MicrosoftDocs/azure-docs#90595).")
    assert "New-OBPolicy" not in text
    assert stop < text.index("Set-OBSchedule -Policy $policy")
    assert any(w.startswith("no machine.volumes:") for w in script.warnings)


#: Parameters on Microsoft's current MSOnlineBackup pages (research §4, real-bodies §4).
CURRENT_PAGE = {"DaysOfWeek", "TimesOfDay", "RetentionDays", "RetentionWeeklyPolicy",
                "WeekDaysOfWeek", "WeekTimesOfDay", "RetentionWeeks", "RetentionMonthlyPolicy",
                "Policy", "Schedule", "RetentionPolicy", "Confirm", "FileSpec"}


@given(policies())
def test_every_parameter_off_the_current_page_says_where_it_is_documented(
        policy: Policy) -> None:
    if policy.target.value != "mars":
        return
    text = powershell_script(policy, "x", TZ).text
    comments = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    for _, params in calls(text):
        for name, _ in params:
            if name not in CURRENT_PAGE:
                assert f"-{name}" in comments, name
    assert "Set-OBSystemStatePolicy" not in text


def test_cli_refuses_azure_vm_and_stray_dates(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["export", "powershell", str(EXAMPLES /
                                                              "azure-vm-pacific.json")])
    assert res.exit_code == 2
    assert "export azure" in res.stderr
    res = CliRunner().invoke(cli, ["export", "powershell", str(EXAMPLES /
                                                              "berlin-file-server.yaml"),
                                   "--from", "2026-01-01"])
    assert res.exit_code == 2


def test_cli_writes_the_script_file(tmp_path: Path) -> None:
    out = tmp_path / "policy.ps1"
    res = CliRunner().invoke(cli, ["export", "powershell", str(GOLDEN / "berlin-daily.yaml"),
                                   "-o", str(out)])
    assert res.exit_code == 0
    assert "warning: the monthly point on the last day" in res.stderr
    assert out.read_text().startswith("# MARS backup policy 'berlin-daily'")


def test_missing_last_day_stops_the_script_unless_accepted() -> None:
    """Applying the rest would replace the retention and prune month-end points (§2.5)."""
    policy = load(EXAMPLES / "berlin-file-server.yaml").policy
    text = powershell_script(policy, "x", TZ).text
    assert "param(\n    # Apply what the cmdlets can set" in text
    assert "    [switch]$WithoutLastDayTiers\n)\n" in text
    stop = text.index("if (-not $WithoutLastDayTiers) {\n    throw 'Nothing changed. "
                      "MSOnlineBackup cannot set: monthly: the last day of the month at 23:30, "
                      "kept 36 months; yearly: the last day of December at 23:30, kept 7 years.")
    assert stop < text.index("$policy = Get-OBPolicy\n")
    assert stop < text.index("Set-OBRetentionPolicy -Policy $policy -RetentionPolicy $retention")
    assert text.endswith(
        "Write-Warning 'Set in the MARS console now: monthly: the last day of the month at "
        "23:30, kept 36 months.'\nWrite-Warning 'Set in the MARS console now: yearly: the last "
        "day of December at 23:30, kept 7 years.'\n")
    retention = dict(calls(text))["New-OBRetentionPolicy"]
    assert [name for name, _ in retention] == ["RetentionDays", "RetentionWeeklyPolicy",
                                                "WeekDaysOfWeek", "WeekTimesOfDay",
                                                "RetentionWeeks"]
    assert_documented(text)


def test_no_guard_when_every_tier_can_be_set() -> None:
    text = (GOLDEN / "sydney-fortnightly.ps1").read_text(encoding="utf-8")
    assert "WithoutLastDayTiers" not in text and "MSOnlineBackup cannot set" not in text
    assert "Write-Warning" not in text and "param(" not in text


def test_reanchor_keeps_the_servers_retention() -> None:
    """Re-saving $retention would wipe tiers the operator set in the MARS console."""
    text = (GOLDEN / "berlin-daily.ps1").read_text(encoding="utf-8")
    block = text[text.index("if ($Reanchor) {"):text.index("    exit 0\n}")]
    assert ("    $kept = Get-OBRetentionPolicy -Policy $policy\n"
            "    Set-OBRetentionPolicy -Policy $policy -RetentionPolicy $kept\n") in block
    assert "$retention" not in block
    assert text.index("    exit 0\n}") < text.index("if (-not $WithoutLastDayTiers)")


def test_get_obpolicy_is_called_as_documented() -> None:
    """Get-OBPolicy documents no parameters; Microsoft's sample tests its result for $null."""
    for name in ("berlin-daily", "sydney-fortnightly"):
        text = (GOLDEN / f"{name}.ps1").read_text(encoding="utf-8")
        assert "$policy = Get-OBPolicy\nif ($null -eq $policy) {\n" in text
        assert "-ErrorAction" not in text
