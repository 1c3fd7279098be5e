"""A longer fuzz campaign against the policy reader (run on demand; not a test).

``python benchmarks/fuzz.py [N] [SEED]`` runs N inputs (default 5,000) of each generator
of ``tests/files/mutations.py`` plus ``bloat`` (inputs just under and over the reader's
bounds: 1 MiB strings, thousands of items, deep nesting, long numbers) through
``read_text`` + ``loads``, as every command does. It prints, per generator, the counts by
outcome (ok, file-error, invalid, crash), how many errors lacked a position, and the
slowest input; then the overall slowest. Issue 15's targets: no crash, every error
positioned, every input refused or accepted in under 0.5 s. Exit 1 when a target is missed.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from policy.files import document as files
from policy.files.reader import MAX_BYTES, MAX_DEPTH, MAX_DIGITS, MAX_ITEMS
from tests.files import mutations

TARGET_SECONDS = 0.5


def bloat(rng: random.Random) -> tuple[bytes, files.Format]:
    """Inputs at the reader's bounds: the slowest shapes that are still read or refused."""
    fmt: files.Format = rng.choice(["yaml", "toml", "json"])
    items = rng.choice([MAX_ITEMS - 50, MAX_ITEMS + 1, 50_000])
    shape = rng.randrange(6)
    if shape == 0:
        text = "name: '" + "x" * (MAX_BYTES - 20) + "'\n"
    elif shape == 1:
        text = "".join(f"- {i}\n" for i in range(items))
    elif shape == 2:
        text = "{" + ",".join(f'"k{i}": [1, 2]' for i in range(items // 3)) + "}"
    elif shape == 3:
        depth = rng.choice([MAX_DEPTH - 1, MAX_DEPTH + 1, 10_000])
        text = "[" * depth + "]" * depth
    elif shape == 4:
        text = "keep: " + "9" * rng.choice([MAX_DIGITS, MAX_DIGITS + 1, 5000]) + "\n"
    else:
        text = "# " + "comment " * 100 + "\n"
        text = text * (MAX_BYTES // len(text))
    return text.encode(), fmt


def campaign(count: int, seed: int) -> bool:
    generators = {**mutations.GENERATORS, "bloat": bloat}
    slowest: tuple[float, str, bytes] = (0.0, "", b"")
    good = True
    for kind, make in generators.items():
        rng = random.Random(seed)
        counts: Counter[str] = Counter()
        unpositioned = 0
        worst: tuple[float, bytes] = (0.0, b"")
        for _ in range(count if kind != "bloat" else max(count // 50, 12)):
            raw, fmt = make(rng)
            start = time.perf_counter()
            result = mutations.outcome(raw, fmt)
            elapsed = time.perf_counter() - start
            counts[result.kind] += 1
            unpositioned += result.kind != "ok" and not result.positioned
            if result.kind == "crash":
                print(f"  crash ({kind}, {fmt}): {result.detail}\n    input: {raw[:120]!r}")
            worst = max(worst, (elapsed, raw), key=lambda w: w[0])
        slowest = max(slowest, (worst[0], kind, worst[1]), key=lambda w: w[0])
        shown = ", ".join(f"{k} {counts[k]}" for k in ("ok", "file-error", "invalid", "crash"))
        print(f"{kind:>10}: {shown}; without position {unpositioned}; slowest "
              f"{worst[0] * 1000:.0f} ms ({len(worst[1]):,} bytes)")
        good = good and not counts["crash"] and not unpositioned
    print(f"slowest overall: {slowest[0] * 1000:.0f} ms ({slowest[1]}, {len(slowest[2]):,} "
          f"bytes: {slowest[2][:60]!r}…); target {TARGET_SECONDS * 1000:.0f} ms")
    return good and slowest[0] < TARGET_SECONDS


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    sys.exit(0 if campaign(n, int(sys.argv[2]) if len(sys.argv) > 2 else 15) else 1)
