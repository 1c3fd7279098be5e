"""How fast are century exports? (run on demand: ``python benchmarks/exports.py``; not a test)

Issue 16's targets on the development machine, for ``--years 100`` of three runs a day:
``project --format json`` and ``csv`` under 0.4 s, ``ics`` under 2 s, ``drift`` under 0.3 s,
and each under 100 MB of memory. Every figure is a whole command as a user runs it (a fresh
interpreter, imports included, output written to a file): wall time, CPU time (user +
system, so other processes on a shared machine blur it less) and the peak resident set size,
each the best of several rounds. The targets are for the command's own work, so the
command is also timed in the same process after a one-year warm-up run has paid for the
interpreter and its imports (about 0.3 s of CPU here, the same for every command).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Three runs a day in a DST zone, all four tiers, fixed-offset (so half the runs drift).
POLICY = """\
name: bench-3x
timezone: Europe/Berlin
schedule: {frequency: daily, times: ["01:00", "09:00", "23:30"]}
clock: {mode: fixed-offset, anchor: 2026-01-15}
retention:
  daily: {keep: 30}
  weekly: {keep: 52, days: [sunday]}
  monthly: {keep: 60, days_of_month: [1, last]}
  yearly: {keep: 10, months: [december], days_of_month: [last]}
"""
HORIZON = ["--from", "2026-01-01", "--years", "100"]
#: (label, arguments, target CPU seconds of the command or None)
COMMANDS: list[tuple[str, list[str], float | None]] = [
    ("project --format json", ["project", "{file}", *HORIZON, "--format", "json"], 0.4),
    ("project --format csv", ["project", "{file}", *HORIZON, "--format", "csv"], 0.4),
    ("project --format ics", ["project", "{file}", *HORIZON, "--format", "ics"], 2.0),
    ("project (table)", ["project", "{file}", *HORIZON], None),
    ("drift", ["drift", "{file}", *HORIZON], 0.3),
    ("drift --format json", ["drift", "{file}", *HORIZON, "--format", "json"], None),
]
MEMORY_MB = 100


#: Run in the child: the command once over one year (imports), then timed over the century.
CHILD = """
import json, os, sys, time
from policy.cli.main import cli
def run(args):
    try:
        cli.main(args, prog_name="retention", standalone_mode=False)
    except SystemExit:
        pass
args = json.loads(sys.argv[1])
warm = [a if a != "100" else "1" for a in args]
run(warm)
sys.stdout.flush()
os.ftruncate(1, 0)
os.lseek(1, 0, 0)
wall, cpu = time.perf_counter(), time.process_time()
run(args)
sys.stdout.flush()
print(time.perf_counter() - wall, time.process_time() - cpu, file=sys.stderr)
"""


def measure(args: list[str], out: Path) -> tuple[float, float, float, float, float, int]:
    """(command wall s, command CPU s, process wall s, process CPU s, peak RSS MB, bytes
    written) of one command run in a fresh interpreter."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1",
           "PYDANTIC_DISABLE_PLUGINS": "__all__"}
    with out.open("wb") as sink:
        began = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-c", CHILD, json.dumps(args)], stdout=sink,
                                 stderr=subprocess.PIPE, env=env, cwd=ROOT)
        assert child.stderr is not None
        report = child.stderr.read().decode()
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - began
    if os.waitstatus_to_exitcode(status) != 0 or len(report.split()) < 2:
        raise SystemExit(f"{' '.join(args)} failed: {report[-500:]}")
    own_wall, own_cpu = map(float, report.split()[-2:])
    return (own_wall, own_cpu, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
            out.stat().st_size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds per command (best kept)")
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "bench-3x.yaml"
        file.write_text(POLICY, encoding="utf-8")
        out = Path(tmp) / "out"
        print(f"Europe/Berlin, 3 runs a day, 4 tiers, fixed-offset, 100 years; best of "
              f"{rounds}")
        print("command: its own time after the warm-up; process: the whole interpreter")
        print(f"{'':<24}{'command':>16}{'process':>16}")
        print(f"{'':<24}{'wall s':>8}{'CPU s':>8}{'wall s':>8}{'CPU s':>8}{'RSS MB':>8}"
              f"{'out MB':>8}  target (command CPU, RSS)")
        for label, template, target in COMMANDS:
            args = [a.replace("{file}", str(file)) for a in template]
            results = [measure(args, out) for _ in range(rounds)]
            best = [min(r[i] for r in results) for i in range(5)]
            size = results[0][5] / 1e6
            goal = f"< {target} s, < {MEMORY_MB} MB" if target is not None else "-"
            ok = "" if target is None else (
                "  ok" if best[1] < target and best[4] < MEMORY_MB else "  MISSED")
            print(f"{label:<24}" + "".join(f"{v:8.2f}" for v in best[:4])
                  + f"{best[4]:8.0f}{size:8.1f}  {goal}{ok}")


if __name__ == "__main__":
    main()
