"""Minutes import, measured on real minutes and on volume.

1. The corpus (tests/fixtures/minutes-corpus): per document and overall, recall and precision against the actions
   listed by hand, the share of found actions whose owner and whose deadline words are right, and time per page.
2. Volume: a deterministic 200-page text (about 100,000 words, some 800 actions) and, where reportlab is installed,
   the same rendered as a 200-page PDF, each read once; and the duplicate check on 5,000 action lines.

python benchmarks/import.py [--quiet]
"""

from __future__ import annotations

import io
import json
import random
import re
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.register.minutes import MinutesImport, parse_minutes, read_minutes
from bot.register.minutes.pdf import pdf_text

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "minutes-corpus"
WORDS = "forum members discussed the grant schemes regional delivery plan report partners guidance update".split()
OWNERS = ["Secretariat", "Regional Convenor (North Wales)", "Officials", "Chair", "Appointed Forum Member"]
DEADLINES = ["As soon as possible", "By June 2025", "Before next meeting", "In due course", "31/03/25", "end of Q2"]
_WORD = re.compile(r"[^\W_]+")
# A found action is the expected one when their words mostly agree (Dice coefficient of their word sets).
SAME_TEXT = 0.5


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.casefold()) if len(w) > 1}


def _dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / max(1, len(a) + len(b))


def _norm(value: str | None) -> str:
    words = " ".join(_WORD.findall((value or "").casefold()))
    return words[4:] if words.startswith("the ") else words


def score(found: MinutesImport, expected: list[dict[str, object]]) -> dict[str, float | int]:
    """One-to-one matching of found to expected actions by their words, best pairs first."""
    pairs = []
    found_words = [_words(a.text) for a in found.actions]
    for e_index, item in enumerate(expected):
        wanted = _words(str(item["text"]))
        for f_index, words in enumerate(found_words):
            similarity = _dice(wanted, words)
            if similarity >= SAME_TEXT:
                pairs.append((similarity, e_index, f_index))
    pairs.sort(reverse=True)
    used_e: set[int] = set()
    used_f: set[int] = set()
    owner_right = deadline_right = status_right = 0
    for _, e_index, f_index in pairs:
        if e_index in used_e or f_index in used_f:
            continue
        used_e.add(e_index)
        used_f.add(f_index)
        action, item = found.actions[f_index], expected[e_index]
        owner_right += _norm(action.owner) == _norm(item.get("owner"))  # type: ignore[arg-type]
        deadline_right += _norm(action.deadline_text) == _norm(item.get("deadline_text"))  # type: ignore[arg-type]
        status_right += action.status.value == item.get("status", "open")
    return {
        "expected": len(expected),
        "found": len(found.actions),
        "matched": len(used_e),
        "owner_right": owner_right,
        "deadline_right": deadline_right,
        "status_right": status_right,
    }


def corpus(quiet: bool = False) -> dict[str, float]:
    documents = json.loads((CORPUS / "corpus.json").read_text(encoding="utf-8"))
    totals = {"expected": 0, "found": 0, "matched": 0, "owner_right": 0, "deadline_right": 0, "status_right": 0}
    pages = 0
    seconds = 0.0
    if not quiet:
        print(f"{'document':<40} {'format':<5} {'exp':>4} {'found':>5} {'recall':>7} {'prec.':>6} {'owner':>6} "
              f"{'dline':>6} {'ms/page':>8}")  # fmt: skip
    for document in documents:
        folder = CORPUS / document["id"]
        data = (folder / document["file"]).read_bytes()
        held = date.fromisoformat(document["meeting_date"]) if document.get("meeting_date") else None
        began = time.perf_counter()
        found = read_minutes(data, document["file"], meeting_date=held, today=date(2026, 1, 5))
        took = time.perf_counter() - began
        expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        result = score(found, expected)
        for key in totals:
            totals[key] += int(result[key])
        pages += found.pages
        seconds += took
        if not quiet:
            matched = max(1, int(result["matched"]))
            print(
                f"{document['id'][:40]:<40} {found.format:<5} {result['expected']:>4} {result['found']:>5} "
                f"{result['matched'] / max(1, int(result['expected'])):>7.0%} "
                f"{result['matched'] / max(1, int(result['found'])):>6.0%} "
                f"{result['owner_right'] / matched:>6.0%} {result['deadline_right'] / matched:>6.0%} "
                f"{1000 * took / max(1, found.pages):>8.1f}"
            )
    overall = {
        "documents": len(documents),
        "recall": totals["matched"] / max(1, totals["expected"]),
        "precision": totals["matched"] / max(1, totals["found"]),
        "owner_right": totals["owner_right"] / max(1, totals["matched"]),
        "deadline_right": totals["deadline_right"] / max(1, totals["matched"]),
        "status_right": totals["status_right"] / max(1, totals["matched"]),
        "ms_per_page": 1000 * seconds / max(1, pages),
    }
    if not quiet:
        print(
            f"\nCorpus: {overall['documents']} documents, {totals['expected']} actions listed by hand, "
            f"{totals['found']} found, {totals['matched']} matched.\n"
            f"recall {overall['recall']:.1%}  precision {overall['precision']:.1%}  "
            f"owner right {overall['owner_right']:.1%}  deadline text right {overall['deadline_right']:.1%}  "
            f"status right {overall['status_right']:.1%}  ({overall['ms_per_page']:.1f} ms per page)"
        )
    return overall


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


def volume() -> None:
    text = minutes(200, random.Random(17))
    began = time.perf_counter()
    found = parse_minutes(text)
    elapsed = time.perf_counter() - began
    print(f"\n200 pages of text ({len(text.split())} words): {len(found.actions)} actions in {elapsed:.2f} s")
    lines = [f"Action: Secretariat to share item {n} with the forum by June 2025." for n in range(5000)]
    began = time.perf_counter()
    found = parse_minutes("\n".join(lines))
    print(f"5,000 action lines (duplicate check included): {len(found.actions)} actions in "
          f"{time.perf_counter() - began:.2f} s")  # fmt: skip
    try:
        pdf = _pdf(text)
    except ImportError:
        print("200-page PDF: skipped (reportlab is not installed)")
        return
    began = time.perf_counter()
    found = read_minutes(pdf, "year.pdf")
    elapsed = time.perf_counter() - began
    began = time.perf_counter()
    pdf_text(pdf)
    extraction = time.perf_counter() - began
    print(f"{found.pages}-page PDF: {len(found.actions)} actions in {elapsed:.2f} s "
          f"({1000 * elapsed / found.pages:.0f} ms per page; its layout text {extraction:.2f} s)")  # fmt: skip


def _pdf(text: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    y = 800
    count = 0
    for line in text.split("\n"):
        for start in range(0, max(1, len(line)), 95):
            page.drawString(40, y, line[start : start + 95].replace("\t", "    "))
            y -= 13
            if y < 60:
                page.showPage()
                count += 1
                y = 800
                if count >= 200:
                    page.save()
                    return buffer.getvalue()
    page.save()
    return buffer.getvalue()


def main() -> None:
    corpus(quiet="--quiet" in sys.argv)
    volume()


if __name__ == "__main__":
    main()
