"""Regression tests for issue 15: one per defect found by fuzzing (hostile input, saves).

Each test is named for its item. The CLI runs in-process (click's runner); every refusal
must be exit 2, a positioned message in plain words, and no traceback.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from policy.cli.main import cli
from policy.files import document as files
from policy.files.reader import MAX_BYTES, read_source
from policy.files.saving import stale_pattern, write_atomic
from policy.model.errors import PolicyFileError, PolicyInvalid
from policy.model.validation import build_policy
from tests.conftest import EXAMPLES
from tui import draft

BERLIN = (EXAMPLES / "berlin-file-server.yaml").read_text()
SYDNEY = EXAMPLES / "sydney-weekly.toml"
#: An example without a ``machine:`` section, to add one.
PLAIN = (EXAMPLES / "compliance-7-years.yaml").read_text()
#: What a message must never show: Python's reprs and internals.
PYTHON_TEXT = re.compile(r"Traceback|datetime\.date\(|ordereddict|ScalarFloat|not a int\b|"
                         r"set_int_max_str_digits|<unicode string>|\('.',\)|Keys should be "
                         r"strings|unable to parse raw data|None: unknown field")


def run(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=stdin)


def refused(result: Result, where: str | None = None) -> str:
    """Exit 2 without a traceback or Python text; returns what was printed (validate prints
    its findings on stdout, the other commands on stderr)."""
    out = result.output
    assert result.exit_code == 2, out
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not PYTHON_TEXT.search(out), out
    if where is not None:
        assert re.search(rf"{re.escape(where)}:\d+:\d+: error", out), out
    return out


def write(tmp_path: Path, name: str, text: str | bytes) -> str:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return str(path)


# --- crashes and hangs ------------------------------------------------------------------


@pytest.mark.parametrize(("name", "text"), ids=["json", "toml", "yaml"], argvalues=[
    ("p.json", '{"name": "x", "retention": {"daily": {"keep": ' + "9" * 4301 + "}}}"),
    ("p.toml", 'name = "x"\n[retention.daily]\nkeep = ' + "9" * 4301 + "\n"),
    ("p.yaml", "name: x\nretention: {daily: {keep: " + "9" * 4301 + "}}\n"),
])
def test_item01_huge_integer_is_a_positioned_error(tmp_path: Path, name: str,
                                                   text: str) -> None:
    path = write(tmp_path, name, text)
    for command in ("validate", "project", "export"):
        args = ["export", "azure", path] if command == "export" else [command, path]
        err = refused(run(*args), path)
        assert "4,301 digits is far too long" in err


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan"])
@pytest.mark.parametrize("field", ["size_gb", "cache_free_gb"])
def test_item02_infinite_sizes_are_refused_by_every_command(tmp_path: Path, value: str,
                                                            field: str) -> None:
    volume = f"{{name: 'D:', size_gb: {value if field == 'size_gb' else 10}}}"
    cache = f"\n  cache_free_gb: {value}" if field == "cache_free_gb" else ""
    path = write(tmp_path, "p.yaml", PLAIN + f"machine:\n  os: Windows Server 2022\n"
                 f"  volumes: [{volume}]{cache}\n")
    for args in (["validate", path], ["project", path, "--from", "2026-01-01"],
                 ["export", "azure", path]):
        err = refused(run(*args), path)
        assert "write a finite number" in err


@pytest.mark.parametrize("typed", ["²", "①", "¹", "٢", "9" * 4301, "１"])
def test_item03_designer_parsers_take_ascii_digits_only(typed: str) -> None:
    assert draft.parse_int(typed) == typed  # left as text: validation names the rule
    assert draft.parse_days_of_month(f"1, {typed}") == [1, typed.lower()]
    assert draft.parse_float(typed) == typed
    data = files.to_data(files.loads(BERLIN).policy)
    data["retention"]["monthly"]["days_of_month"] = draft.parse_days_of_month(typed)
    with pytest.raises(PolicyInvalid) as info:
        build_policy(data)
    assert info.value.problems[0].loc.startswith("retention.monthly.days_of_month")


def test_item04_stdin_has_the_file_size_limit() -> None:
    err = refused(run("validate", "-", stdin=b"\0" * (MAX_BYTES + 10)))
    assert "larger than 1024 KiB" in err
    with pytest.raises(PolicyFileError, match="larger than"):
        read_source("-", io.BytesIO(b"a" * (MAX_BYTES + 1)))


def test_item05_a_fifo_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "p.yaml"
    os.mkfifo(fifo)  # no writer: opening it for reading the ordinary way would block
    err = refused(run("validate", str(fifo)))
    assert "is a FIFO (named pipe), not a policy file" in err
    for args in (["project", str(fifo)], ["export", "azure", str(fifo)],
                 ["import", "azure", str(fifo)]):
        refused(run(*args))
    assert "is a folder" in refused(run("validate", str(tmp_path)))
    assert "character device" in refused(run("validate", "/dev/null"))


@pytest.mark.parametrize(("name", "text", "fragment"), ids=[
    "json-items", "yaml-list", "json-keys", "yaml-flow-depth", "json-depth", "yaml-indent",
    "yaml-dashes"], argvalues=[
    ("p.json", '{"machine": {"volumes": [' + ",".join(['{"name": 1}'] * 60_000) + "]}}",
     "more than 600 lines and list entries"),
    ("p.yaml", "- 1\n" * 200_000, "more than 600 lines"),
    ("p.json", "{" + ",".join(f'"k{i}": 1' for i in range(60_000)) + "}",
     "more than 600"),
    ("p.yaml", "a: " + "[" * 10_000 + "]" * 10_000, "nested more than 24 levels"),
    ("p.json", "[" * 1000 + "]" * 1000, "nested more than 24 levels"),
    ("p.yaml", "".join("  " * i + f"k{i}:\n" for i in range(200)), "indented or nested"),
    ("p.yaml", "- " * 500 + "x\n", "indented or nested"),
])
def test_item06_big_inputs_are_refused_fast_with_few_lines(tmp_path: Path, name: str,
                                                           text: str, fragment: str) -> None:
    path = write(tmp_path, name, text)
    err = refused(run("validate", path), path)  # refused by the screen, before parsing;
    assert fragment in err                       # benchmarks/fuzz.py measures the time
    assert len(err.splitlines()) <= 21


def test_item06_many_problems_print_twenty_lines_and_a_count(tmp_path: Path) -> None:
    volumes = ", ".join("{name: ''}" for _ in range(100))
    path = write(tmp_path, "p.yaml", PLAIN + f"machine:\n  os: W\n  volumes: [{volumes}]\n")
    for args in (["validate", path], ["project", path]):
        lines = refused(run(*args)).splitlines()
        assert len(lines) == 21 and re.fullmatch(r"… and \d+ more problems", lines[-1])


# Item 7 (the designer and a file changed on disk) is in tests/tui/test_hostile_tui.py;
# its domain half, the stamp, is here.
def test_item07_disk_stamp_sees_another_programs_edit(tmp_path: Path) -> None:
    from tui.session import ChangedOnDisk, Session

    path = tmp_path / "p.yaml"
    path.write_text(BERLIN)
    session = Session.open(str(path), __import__("datetime").date(2026, 3, 1))
    os.utime(path, (1, 1))  # a touch is not a change
    assert not session.changed_on_disk()
    path.write_text(BERLIN.replace("# a month of dailies", "# edited elsewhere"))
    assert session.changed_on_disk()
    with pytest.raises(ChangedOnDisk):
        session.save()
    assert "# edited elsewhere" in path.read_text()
    session.save(overwrite=True)
    assert not session.changed_on_disk()


# --- lost or clobbered data -------------------------------------------------------------


@pytest.mark.parametrize(("kind", "name"), [("powershell", "p.yaml"), ("azure", "p.json"),
                                            ("azure", "p.yaml")])
def test_item08_export_never_overwrites_its_input(tmp_path: Path, kind: str,
                                                  name: str) -> None:
    source = EXAMPLES / ("azure-vm-pacific.json" if name.endswith("json")
                         else "berlin-file-server.yaml")
    path = tmp_path / name
    shutil.copy(source, path)
    before = path.read_bytes()
    link = tmp_path / "link.yaml"
    link.symlink_to(path)
    hard = tmp_path / "hard.yaml"
    os.link(path, hard)
    for output in (str(path), str(link), str(hard), f"{tmp_path}/../{tmp_path.name}/{name}"):
        err = refused(run("export", kind, str(path), "-o", output))
        assert "is the policy being exported; write to another file" in err
    assert path.read_bytes() == before


def test_item09_toml_save_keeps_every_comment(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    shutil.copy(SYDNEY, path)
    comments = [line.split("#", 1)[1] for line in SYDNEY.read_text().splitlines()
                if "#" in line]
    assert len(comments) == 10
    loaded = files.load(path)
    policy = loaded.policy.model_copy(update={"name": "renamed"})
    files.save(policy, path, loaded)
    text = path.read_text()
    assert all(c in text for c in comments)
    assert files.load(path).policy == policy


def test_item10_saving_through_a_symlink_changes_its_target(tmp_path: Path) -> None:
    target = tmp_path / "real.yaml"
    target.write_text("old\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    write_atomic(link, "new\n")
    assert link.is_symlink() and target.read_text() == "new\n"


def test_item10_hard_linked_files_are_refused_not_split(tmp_path: Path) -> None:
    first = tmp_path / "a.yaml"
    first.write_text(BERLIN)
    os.link(first, tmp_path / "b.yaml")
    loaded = files.load(first)
    with pytest.raises(PolicyFileError, match="has 2 hard links"):
        files.save(loaded.policy, first, loaded)
    assert (tmp_path / "b.yaml").read_text() == BERLIN and first.stat().st_nlink == 2
    err = refused(run("export", "powershell", str(EXAMPLES / "berlin-file-server.yaml"), "-o",
                      str(first)))
    assert "hard links" in err and first.read_text() == BERLIN


def test_item11_new_files_get_the_umask_mode_existing_keep_theirs(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        fresh = tmp_path / "new.yaml"
        write_atomic(fresh, "x\n")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
        os.umask(0o077)
        write_atomic(tmp_path / "private.yaml", "x\n")
        assert stat.S_IMODE((tmp_path / "private.yaml").stat().st_mode) == 0o600
        fresh.chmod(0o640)
        write_atomic(fresh, "y\n")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o640
    finally:
        os.umask(old)
    out = tmp_path / "out.ps1"
    os.umask(0o022)
    try:
        run("export", "powershell", str(EXAMPLES / "berlin-file-server.yaml"), "-o", str(out))
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_item12_stale_temporaries_of_ours_are_cleaned(tmp_path: Path) -> None:
    target = tmp_path / "p.yaml"
    stale = [tmp_path / ".p.yaml.ab_cd12x.tmp", tmp_path / ".p.yaml.0123abcd.tmp"]
    for path in stale:
        path.write_text("half")
    other = tmp_path / ".q.yaml.0123abcd.tmp"
    other.write_text("someone else's")
    write_atomic(target, "x\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == [other.name, "p.yaml"]
    assert stale_pattern("p.yaml").fullmatch(".p.yaml.deadbeef.tmp")


# --- messages that leak Python or lose the position ---------------------------------------


@pytest.mark.parametrize(("text", "fragment"), [
    ("name: 2026-01-15\n", "2026-01-15"),
    ("? {a: b}\n: 1\n", "a key must be a name, not a mapping"),
    ("~: 1\n", "a key must be a name, not empty"),
    ("1: x\n", "a key must be a name, not a number (1)"),
    ("8.0\n", "not a single value (8.0)"),
    ("7\n", "not a single value (7)"),
    ("name: !!binary aGVsbG8=\n", "binary data (!!binary) is not a policy value"),
    ("a: b\na: c\n", 'key "a" appears twice'),
    ("- [a, b]]\n", "found ']'"),
    ("{a: b}}\n", "found '}'"),
    ("a: 'x\n", "the end of the file"),
    ("a:\n\t- 1\n", "found a tab; YAML indents with spaces"),
])
def test_item13_messages_never_print_python(tmp_path: Path, text: str, fragment: str) -> None:
    if text.startswith("name"):
        text = BERLIN.replace("name: file-server-nightly\n", text)
    path = write(tmp_path, "p.yaml", text)
    result = run("validate", path)
    out = result.stdout + result.stderr
    assert result.exit_code == 2 and fragment in out, out
    assert not PYTHON_TEXT.search(out), out
    assert re.search(r"p\.yaml:\d+:\d+:", out), out


@pytest.mark.parametrize(("name", "text", "line", "column"), [
    ("p.json", '{"name": "x",\n "size": NaN}', 2, 10),
    ("p.json", '{"name": "x",\n "size": -Infinity}', 2, 10),
    ("p.json", '{"name": "x",\n "name": "y"}', 2, 2),
    ("p.json", '{"name": "a\x01b"}', 1, 12),
    ("p.yaml", "name: a\x07b\n", 1, 8),
    ("p.yaml", "name: x\nclock: {anchor: 2026-02-30}\n", 2, 17),
    ("p.toml", 'name = "x"\ntimes = [', 2, 10),
    ("p.toml", 'name = "x"\n[a', 2, 3),
])
def test_item14_errors_keep_their_position(tmp_path: Path, name: str, text: str, line: int,
                                           column: int) -> None:
    path = write(tmp_path, name, text)
    assert f"{path}:{line}:{column}: error" in refused(run("validate", path))


def test_item14_json_with_a_control_character_keeps_field_positions() -> None:
    text = '{"name": "x",\n "timezone": "Nowhere/City", "os": "a\\u0001"}'
    with pytest.raises(PolicyInvalid) as info:
        files.loads(text, "p.json", "json")
    assert all(p.line is not None for p in info.value.problems)
    tz = next(p for p in info.value.problems if p.loc == "timezone")
    assert (tz.line, tz.column) == (2, 14)


def test_item14_import_azure_not_utf8_has_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", b'{"a":\n  "x\xff"}')
    err = refused(run("import", "azure", path))
    assert f"{path}:2:5: error: (file): not UTF-8 text (byte 0xff)" in err
    assert f"{path}:2:5:" in run("validate", path).output


@pytest.mark.parametrize(("field", "value"), [
    ("times", "٢٣:٣٠"), ("times", "२३:३०"), ("times", "２３:３０"), ("times", "7:30"),
    ("anchor", "20260115"), ("anchor", "2026-W03-4"), ("name", ".."), ("name", "   "),
])
def test_item15_values_the_schema_refuses_are_refused(field: str, value: str) -> None:
    text = {"times": BERLIN.replace('["23:30"]', f'["{value}"]'),
            "anchor": BERLIN.replace("anchor: 2026-01-15", f"anchor: '{value}'"),
            "name": BERLIN.replace("name: file-server-nightly", f"name: '{value}'")}[field]
    assert text != BERLIN
    with pytest.raises(PolicyInvalid) as info:
        files.loads(text)
    assert any(value in p.message for p in info.value.problems), info.value.problems


@pytest.mark.parametrize("args", [
    ["project", "{f}", "--from", "20260101"], ["drift", "{f}", "--from", "20260101"],
    ["calendar", "{f}", "--year", "٢٠٢٦"], ["next", "{f}", "--after", "20260101"],
    ["project", "{f}", "--from", "2026-01-01", "--as-of", "2026-W03-4"],
    ["export", "powershell", "{f}", "--reanchor", "--from", "20260101"],
    ["project", "{f}", "--from", "２０２６-01-01"],
])
def test_item15_cli_dates_share_one_parser(args: list[str]) -> None:
    path = str(EXAMPLES / "berlin-file-server.yaml")
    result = run(*[a.replace("{f}", path) for a in args])
    assert (result.exit_code == 2 and result.exception is None) or isinstance(
        result.exception, SystemExit)
    if args[0] != "calendar":
        assert re.search(r"error: --\w+(-\w+)? '.*' is not a date", result.stderr), \
            result.stderr


def test_item15_duplicate_keys_in_an_azure_body_are_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", '{"properties": {\n  "timeZone": "UTC",\n'
                 '  "timeZone": "W. Europe Standard Time"}}')
    err = refused(run("import", "azure", path))
    assert f"{path}:3:3: error" in err
    assert 'key "timeZone" appears twice (first at line 2, column 3)' in err
