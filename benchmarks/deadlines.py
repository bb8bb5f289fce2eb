"""Deadline phrases read per second: 10,000 mixed English and Welsh phrases, as minutes write them.

Phrases are built from templates with varied days, months, years and numbers. The headline figure is cold:
each phrase is read against a different reference day, so the reader's cache never answers. A second
scenario reads them all against one day, as a day's traffic would, with the cache on (cleared first).

    python benchmarks/deadlines.py [--phrases 10000] [--runs 3] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.register.deadlines import fallback, parse_deadline, reader  # noqa: E402

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip
SHORT_MONTHS = [m[:3] for m in MONTHS]
MISOEDD = ["Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi", "Hydref",
           "Tachwedd", "Rhagfyr"]  # fmt: skip
MUTATED = ["Ionawr", "Chwefror", "Fawrth", "Ebrill", "Fai", "Fehefin", "Orffennaf", "Awst", "Fedi", "Hydref",
           "Dachwedd", "Ragfyr"]  # fmt: skip
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Mon", "Tue", "Wed", "Thu", "Fri"]
DYDDIAU = ["dydd Llun", "dydd Mawrth", "dydd Mercher", "dydd Iau", "dydd Gwener"]
FIXED = [
    "As soon as possible", "ASAP", "Urgent", "In due course", "Ongoing", "As required", "TBC", "TBA",
    "Before next meeting", "By the next meeting", "Next Forum meeting", "When published", "Once available",
    "Ahead of grant launch", "Following Easter recess", "end of the month", "end of month", "next week",
    "this week", "tomorrow", "today", "EOD", "COB Friday", "end of Q2", "end of the financial year",
    "cyn gynted â phosibl", "cyn gynted ag y bo modd", "cyn y cyfarfod nesaf", "maes o law", "parhaus",
    "i'w gadarnhau", "wythnos nesaf", "yr wythnos hon", "erbyn diwedd y mis", "yfory", "heddiw",
    "by finance", "shared with the team", "see notes", "n/a", "when the consultation closes",
]  # fmt: skip


def phrases(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)

    def day() -> int:
        return rng.randint(1, 28)

    def year() -> int:
        return rng.choice([2025, 2026])

    def ordinal(n: int) -> str:
        return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"

    templates = [
        lambda: f"By {rng.choice(MONTHS)} {year()}",
        lambda: f"{day():02d}/{rng.randint(1, 12):02d}/{rng.choice(['25', '2025', '26'])}",
        lambda: f"{day()}/{rng.randint(1, 12)}",
        lambda: f"{year()}-{rng.randint(1, 12):02d}-{day():02d}",
        lambda: f"w/c {day()} {rng.choice(MONTHS)}",
        lambda: f"{ordinal(day())} {rng.choice(MONTHS)} {year()}",
        lambda: f"{rng.choice(MONTHS)} {day()}",
        lambda: f"{rng.choice(DAYS)} {day()} {rng.choice(SHORT_MONTHS)}",
        lambda: f"{rng.choice(['next ', 'this ', 'by ', ''])}{rng.choice(DAYS)}",
        lambda: f"{rng.choice(DAYS)} {rng.randint(1, 12)}{rng.choice(['pm', 'am'])}",
        lambda: f"before the end of {rng.choice(MONTHS)}",
        lambda: f"{rng.choice(['mid', 'early', 'late'])}-{rng.choice(MONTHS)}",
        lambda: f"within {rng.randint(1, 6)} weeks",
        lambda: f"in {rng.randint(1, 30)} days",
        lambda: f"Q{rng.randint(1, 4)} {rng.choice(['2025', '2025/26', '2026/27'])}",
        lambda: f"{rng.choice(['Spring', 'Summer', 'Autumn', 'Winter'])} {year()}",
        lambda: f"When published ({rng.choice(['Spring', 'Summer', 'Autumn'])} {year()})",
        lambda: f"Ahead of grant launch (by {rng.choice(MONTHS)} {year()})",
        lambda: f"erbyn diwedd mis {rng.choice(MISOEDD)}",
        lambda: f"erbyn {day()} {rng.choice(MISOEDD)} {year()}",
        lambda: f"{rng.choice(DYDDIAU)} {rng.choice(['', 'nesaf'])}".strip(),
        lambda: f"erbyn {rng.choice(DYDDIAU)}",
        lambda: f"o fewn {rng.randint(1, 20)} diwrnod",
        lambda: f"ym mis {rng.choice(MUTATED) if rng.random() < 0.5 else rng.choice(MISOEDD)} {year()}",
        lambda: f"Action {rng.randint(1, 999)} agreed by the board",
        lambda: rng.choice(FIXED),
    ]
    return [rng.choice(templates)() for _ in range(count)]


def run(words: list[str], references: list[date]) -> tuple[float, Counter[str], int]:
    reader._parse_cached.cache_clear()
    fallback._dateparser.cache_clear()
    kinds: Counter[str] = Counter()
    began = time.perf_counter()
    for text, reference in zip(words, references, strict=True):
        kinds[parse_deadline(text, reference=reference, locale="en").kind] += 1
    rate = len(words) / (time.perf_counter() - began)
    return rate, kinds, reader._parse_cached.cache_info().hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phrases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    words = phrases(args.phrases, args.seed)
    base = date(2025, 3, 17)
    parse_deadline("next Friday", reference=base)  # imports and compiled patterns, not the phrases
    print(f"{len(words)} phrases, {len(set(words))} distinct words")
    scenarios = {
        # A different reference day for every phrase: no two calls share a cache entry.
        "cold (every phrase read afresh)": [base + timedelta(days=i) for i in range(len(words))],
        # One reference day, as a day's traffic in the service: repeated words come from the cache.
        "one day's traffic (cache on)": [base] * len(words),
    }
    cold: list[float] = []
    for label, references in scenarios.items():
        for number in range(1, args.runs + 1):
            rate, kinds, hits = run(words, references)
            if label.startswith("cold"):
                cold.append(rate)
            print(f"{label}, run {number}: {rate:,.0f} phrases/s ({hits} cache hits)")
        print("  kinds: " + ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items())))
    print(f"phrases parsed per second (cold, median of {len(cold)}): {sorted(cold)[len(cold) // 2]:,.0f}")


if __name__ == "__main__":
    main()
