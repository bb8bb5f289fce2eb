"""The one place the importer asks the action-sentence reader what a sentence says (owner, deadline, clean text).

Every shape reader finds *where* an action is; what its words mean is the sentence reader's job, shared with
/action. Inputs are bounded here (a sentence past MAX_SENTENCE characters is read only for its owner at the start),
so a pasted wall of text costs the reader no more than a long /action.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.register.commands import parse_action
from bot.register.deadlines import parse_deadline
from bot.register.errors import InvalidInput
from bot.register.model import Deadline, DeadlineKind

MAX_SENTENCE = 1000
# Deadline words are short; longer "deadline" cells are notes, read for their first words only.
MAX_DEADLINE = 160


@dataclass(frozen=True)
class Reading:
    text: str
    owner: str | None
    deadline_text: str | None


def read_sentence(sentence: str) -> Reading:
    """Owner and deadline in an action sentence as minutes write it."""
    words = " ".join(sentence.split())
    if not words:
        return Reading("", None, None)
    if len(words) > MAX_SENTENCE:
        # A wall of text: only its start is read, for the owner ("Clerk to …"); the words are kept whole.
        head = read_sentence(words[: MAX_SENTENCE // 4])
        return Reading(words, head.owner, None)
    try:
        draft = parse_action(words, (), read_deadline=_soft_deadline)
    except InvalidInput:
        return Reading(words, None, None)
    owner = draft.owner.name if draft.owner else None
    text = draft.text
    without, trailing = _trailing_owner(text)
    if trailing is not None and (owner is None or trailing.casefold() == owner.casefold()):
        text, owner = without, trailing
    return Reading(text, owner, draft.deadline.text or None)


def read_deadline(words: str | None, reference: date, tz: str) -> Deadline:
    if not words:
        return Deadline.none()
    return parse_deadline(words[:MAX_DEADLINE], reference=reference, tz=tz)


def _soft_deadline(words: str) -> Deadline:
    # Only whether the words read as a deadline matters here; the real reading is against the meeting's date.
    if len(words) > MAX_DEADLINE:
        return Deadline(words, DeadlineKind.UNKNOWN)
    return parse_deadline(words, reference=date(2000, 1, 1))


def _trailing_owner(text: str) -> tuple[str, str | None]:
    """ "Book the room (Clerk)." → ("Book the room", "Clerk"): string search from the end, linear in the text."""
    stripped = text.rstrip(". ")
    if not stripped.endswith(")"):
        return text, None
    start = stripped.rfind("(")
    inner = stripped[start + 1 : -1].strip() if start > 0 else ""
    if inner.lower().startswith("owner:"):
        inner = inner[6:].strip()
    if not 2 <= len(inner) <= 60 or "(" in inner or inner.lower().startswith(("by ", "erbyn ", "e.g", "see ")):
        return text, None
    if not (inner[0].isupper() or inner.isupper()):
        return text, None
    return stripped[:start].rstrip(" ,;-–"), inner
