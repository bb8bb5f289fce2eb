"""How well the action-sentence reader reads actions as people write them, and what hostile input costs it.

Part 1 reads every row of the phrasing table (tests/fixtures/phrasings/: real actions from published minutes, each
with its source, and the owner, deadline as written and cleaned text expected, written by hand) and prints the
share read right per group and overall. A row is right only when owner, deadline and text are all right.

Part 2 times the reader on hostile sentences (``/action x by by by …``, long runs of spaces, hundreds of
brackets or dashes), cold (the deadline reader's cache cleared before each run), best of ``--runs``.

    python benchmarks/capture.py [--misses] [--runs 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.register.deadlines import reader as deadline_reader  # noqa: E402
from bot.register.sentence import read_action  # noqa: E402
from tests.support.phrasings import GROUPS, phrasings  # noqa: E402

HOSTILE = {
    "/action x by by by … (1,800 chars)": "x " + "by " * 600,
    "2,000 spaces then a deadline": "Share" + " " * 2000 + "the toolkit by Friday",
    "'by aN' × 300 (each phrase new)": "x " + " ".join(f"by a{i}" for i in range(300)),
    "'when bN,' × 200": "x " + " ".join(f"when b{i}," for i in range(200)),
    "300 bracketed dates": "x " + " ".join(f"(Spring {2000 + i % 50})" for i in range(300)),
    "400 dash segments": " - ".join(f"Owner{i}" for i in range(400)),
    "1,000 numbers": " ".join(str(i) for i in range(1000)),
    "a typical action": "Share the Misinformation Toolkit with Forum members - Secretariat - ASAP",
}


def accuracy(show_misses: bool) -> None:
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for row in phrasings():
        misses = row.misses(row.read())
        total[row.group] += 1
        right[row.group] += not misses
        if misses and show_misses:
            print(f"  [{row.group}] {row.sentence}\n      " + "; ".join(misses))
    print(f"Phrasings read right ({sum(total.values())} rows from published minutes):")
    for group in GROUPS:
        if total[group]:
            print(f"  {group:<18} {right[group]:>4} / {total[group]:<4} {right[group] / total[group]:6.1%}")
    overall = sum(right.values()) / max(1, sum(total.values()))
    print(f"  {'overall':<18} {sum(right.values()):>4} / {sum(total.values()):<4} {overall:6.1%}")


def hostile(runs: int) -> None:
    print(f"\nHostile sentences, cold, best of {runs} (ms):")
    reference = date(2025, 3, 17)
    read_action("warm up by Friday", reference=reference)
    for name, sentence in HOSTILE.items():
        best = float("inf")
        for _ in range(runs):
            deadline_reader._parse_cached.cache_clear()
            started = time.perf_counter()
            read_action(sentence, reference=reference)
            best = min(best, time.perf_counter() - started)
        print(f"  {name:<40} {len(sentence):>6} chars {best * 1000:8.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every row read wrong, and how")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    accuracy(args.misses)
    hostile(args.runs)


if __name__ == "__main__":
    main()
