"""Importing a year of minutes: a deterministic 200-page file (about 100,000 words, some 800 actions) parsed once.

python benchmarks/import.py
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.register.minutes import parse_minutes

WORDS = "forum members discussed the grant schemes regional delivery plan report partners guidance update".split()
OWNERS = ["Secretariat", "Regional Convenor (North Wales)", "Officials", "Chair", "Appointed Forum Member"]
DEADLINES = ["As soon as possible", "By June 2025", "Before next meeting", "In due course", "31/03/25", "end of Q2"]


def minutes(pages: int, rng: random.Random) -> str:
    lines = ["Wales Race Forum", "Monday 17th March 2025", ""]
    rows = []
    for page in range(pages):
        for paragraph in range(10):
            lines.append(" ".join(rng.choice(WORDS) for _ in range(50)))
            if paragraph % 2 == 0:
                owner = rng.choice(OWNERS)
                text = f"{owner} to share item {page}-{paragraph} " + " ".join(rng.choice(WORDS) for _ in range(6))
                lines.append(f"Action: {text}.")
                rows.append((text, owner, rng.choice(DEADLINES)))
    lines += ["", "Summary of Actions", "", "No.\tAction Item\tOwner\tDeadline / Status"]
    lines += [f"{n}\t{t}\t{o}\t{d}" for n, (t, o, d) in enumerate(rows, start=1)]
    return "\n".join(lines)


def main() -> None:
    text = minutes(200, random.Random(17))
    words = len(text.split())
    began = time.perf_counter()
    found = parse_minutes(text)
    elapsed = time.perf_counter() - began
    print(f"200 pages ({words} words, {len(text) // 1024} KB): {len(found.actions)} actions in {elapsed:.2f} s")


if __name__ == "__main__":
    main()
