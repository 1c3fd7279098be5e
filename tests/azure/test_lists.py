"""Vault-wide lists: `az backup policy list` arrays and REST `{"value": [...]}` (issue 17)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from policy.azure.lists import file_stem, import_entries
from policy.cli.main import cli
from policy.files.document import load
from tests.azure.bodies import REST_LIST, SPECS_COMPLEX_RESPONSE, SPECS_DEFAULT_POLICY


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def test_entries_import_one_by_one_with_their_json_paths() -> None:
    entries = import_entries(REST_LIST)
    assert [(e.path, e.name, e.result is not None) for e in entries] == [
        ("value[0]", "DefaultPolicy", True), ("value[1]", "testPolicy1", True),
        ("value[2]", "v2-hourly", True), ("value[3]", "files/daily", False)]
    hourly = entries[2].result
    assert hourly is not None and hourly.policy.policy_type.value == "enhanced"
    assert hourly.policy.schedule.every_hours == 4
    assert entries[3].error is not None
    assert entries[3].error.path == "value[3].properties.backupManagementType"


def test_a_bare_array_reports_bracket_paths() -> None:
    entries = import_entries([SPECS_DEFAULT_POLICY, 7])
    assert entries[1].error is not None
    assert entries[1].error.lines() == ["[1]: expected a JSON object: an Azure Backup policy "
                                        "resource or its properties"]


@pytest.mark.parametrize(("name", "stem"), [
    ("DefaultPolicy", "DefaultPolicy"), ("files/daily", "files-daily"),
    ("..\\..\\evil", "evil"), ("con", "con-policy"), ("", "policy"), ("a b:c", "a-b-c")])
def test_file_names_are_safe(name: str, stem: str) -> None:
    assert file_stem(name, set()) == stem


def test_same_names_get_numbered_case_insensitively() -> None:
    taken: set[str] = set()
    assert [file_stem(n, taken) for n in ("Nightly", "nightly", "Nightly")] == [
        "Nightly", "nightly-2", "Nightly-3"]


@pytest.mark.parametrize("shape", ["rest", "array"])
def test_cli_imports_a_list_into_a_directory(tmp_path: Path, shape: str) -> None:
    src = tmp_path / "list.json"
    src.write_text(json.dumps(REST_LIST if shape == "rest" else REST_LIST["value"]))
    out = tmp_path / "vault"
    res = _run("import", "azure", str(src), "-o", f"{out}/")
    assert res.exit_code == 1, res.output
    lines = res.stdout.splitlines()
    assert lines[0].split() == ["entry", "policy", "file", "result"]
    assert lines[1].split()[1:] == ["DefaultPolicy", str(out / "DefaultPolicy.yaml"), "imported"]
    assert lines[3].split()[1:] == ["v2-hourly", str(out / "v2-hourly.yaml"), "imported"]
    assert '"AzureStorage" is not supported' in lines[4]
    assert sorted(p.name for p in out.iterdir()) == ["DefaultPolicy.yaml", "testPolicy1.yaml",
                                                     "v2-hourly.yaml"]
    assert load(out / "testPolicy1.yaml").policy.name == "testPolicy1"
    assert "3 of 4 policies imported" in res.stderr
    res = _run("validate", *(str(p) for p in sorted(out.iterdir())))
    assert res.exit_code == 0, res.output


def test_existing_files_are_kept_unless_forced(tmp_path: Path) -> None:
    src = tmp_path / "list.json"
    src.write_text(json.dumps([SPECS_DEFAULT_POLICY, SPECS_COMPLEX_RESPONSE]))
    (tmp_path / "DefaultPolicy.yaml").write_text("mine\n")
    res = _run("import", "azure", str(src), "-o", str(tmp_path))
    assert res.exit_code == 1
    assert "skipped: the file exists (--force replaces it)" in res.stdout
    assert (tmp_path / "DefaultPolicy.yaml").read_text() == "mine\n"
    res = _run("import", "azure", str(src), "-o", str(tmp_path), "--force")
    assert res.exit_code == 0, res.output
    assert load(tmp_path / "DefaultPolicy.yaml").policy.name == "DefaultPolicy"


@pytest.mark.parametrize("args", [[], ["-o", "one.yaml"], ["--name", "x", "-o", "d/"]])
def test_a_list_needs_a_directory(tmp_path: Path, args: list[str]) -> None:
    src = tmp_path / "list.json"
    src.write_text(json.dumps({"value": [SPECS_DEFAULT_POLICY]}))
    res = CliRunner().invoke(cli, ["import", "azure", str(src), *args],
                             catch_exceptions=False)
    assert res.exit_code == 2
    assert "Traceback" not in res.output
    assert "-o DIRECTORY/" in res.stderr or "--name names one policy" in res.stderr


def test_a_vault_list_of_many_policies_imports(tmp_path: Path) -> None:
    # A real vault's `az backup policy list` is thousands of lines: the policy-file bound
    # of 600 lines must not apply to Azure bodies (the 1 MiB bound still does).
    entries = []
    for i in range(40):
        for body in (SPECS_DEFAULT_POLICY, SPECS_COMPLEX_RESPONSE):
            entry = json.loads(json.dumps(body))
            entry["name"] = f"{body['name']}-{i}"
            entries.append(entry)
    source = tmp_path / "list.json"
    source.write_text(json.dumps(entries, indent=2), encoding="utf-8")
    assert source.read_text(encoding="utf-8").count("\n") > 3000
    result = _run("import", "azure", str(source), "-o", str(tmp_path / "vault") + "/")
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "vault").glob("*.yaml"))) == 80
