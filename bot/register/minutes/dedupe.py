"""One action reported once, in linear time.

Two rules, both exact about what they merge:
- The same action repeated (a long tracker carrying a row forward, a summary restating a line word for word) is one
  action when text, owner and deadline are equal after normalising case, spacing and punctuation: a dictionary
  lookup per action.
- Minutes that end with a summary table restate their inline actions in other words ("Action: Secretariat to share
  the toolkit." is row 1, "Share the Misinformation Toolkit with Forum members."). An inline action is dropped when
  one table row not already matched shares at least half of its content words and no conflicting number ("item 1"
  is never "item 2"). Rows are found through an index of their words, skipping words too common to tell rows apart,
  so each inline action costs a bounded number of look-ups rather than a pass over the table.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from bot.register.minutes.found import Found

SAME_ACTION = 0.5
# A word in more rows than this says nothing about which row an inline action is.
_COMMON_IN = 40
# How many of an action's rarest words pick the rows it is compared with.
_RAREST = 3
_WORD = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
_STOP = frozenset(
    """the a an to of and or for with in on at by be is are was were will it its this that from as about more
    their them they our we i all any has have had been would should could can may into also via per out up
    y yr a'r i'r o ac neu ar am yn i'w gan ei eu""".split()
)


def _normal(text: str | None) -> str:
    return " ".join(_WORD.findall((text or "").casefold()))


def same_key(found: Found) -> tuple[str, str, str, str]:
    # Rows the document numbers differently are different actions, however alike their words.
    number = found.ref or (str(found.no) if found.no is not None else "")
    return number, _normal(found.text), _normal(found.owner), _normal(found.deadline_text)


def _stem(word: str) -> str:
    # Enough to see "invite"/"invited", "share"/"sharing" as one word when comparing restatements.
    return word[:5] if len(word) > 5 else word


def _tokens(text: str) -> tuple[frozenset[str], frozenset[str]]:
    words = _WORD.findall(text.casefold())
    content = frozenset(_stem(w) for w in words if not w.isdigit() and w not in _STOP and len(w) > 1)
    numbers = frozenset(w for w in words if w.isdigit())
    return content, numbers


def exact_unique(found: Iterable[Found]) -> list[Found]:
    seen: dict[tuple[str, str, str, str], Found] = {}
    kept: list[Found] = []
    for item in found:
        key = same_key(item)
        first = seen.get(key)
        if first is None:
            seen[key] = item
            kept.append(item)
        elif item.done and not first.done and item.first > first.first:
            first.done = True  # carried forward, then closed: the latest row says it is done
    return kept


def restated(inline: Sequence[Found], rows: Sequence[Found]) -> list[Found]:
    """The inline actions that no table row restates."""
    row_tokens = [_tokens(row.text + " " + (row.owner or "")) for row in rows]
    postings: dict[str, list[int]] = defaultdict(list)
    for index, (words, numbers) in enumerate(row_tokens):
        for token in words | {f"#{n}" for n in numbers}:
            postings[token].append(index)
    claimed: set[int] = set()
    kept: list[Found] = []
    for item in inline:
        words, numbers = _tokens(item.text + " " + (item.owner or ""))
        # Candidates: the rows holding this action's rarest words (numbers included); a bounded number of rows.
        present = (postings[token] for token in words | {f"#{n}" for n in numbers} if token in postings)
        rarest = sorted(present, key=len)[:_RAREST]
        candidates = {index for rows_with in rarest for index in rows_with[:_COMMON_IN] if index not in claimed}
        best, best_score = None, 0.0
        for index in candidates:
            row_words, row_numbers = row_tokens[index]
            if numbers and row_numbers and not numbers & row_numbers:
                continue
            count = len(words & row_words) + len(numbers & row_numbers)
            score = count / max(1, min(len(words) + len(numbers), len(row_words) + len(row_numbers)))
            if count >= min(2, len(words)) and score >= SAME_ACTION and score > best_score:
                best, best_score = index, score
        if best is None:
            kept.append(item)
        else:
            claimed.add(best)
    return kept
