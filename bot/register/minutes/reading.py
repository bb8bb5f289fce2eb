"""The one place the importer asks the action-sentence reader (bot/register/sentence, shared with /action) what a
sentence says: its owner, its deadline words and its text without them.

Every shape reader finds *where* an action is; what its words mean is the sentence reader's job. Inputs are bounded
here (a sentence past MAX_SENTENCE characters is read only for its owner at the start), so a pasted wall of text
costs the reader no more than a long /action.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.register.deadlines import parse_deadline
from bot.register.model import Deadline, Owner
from bot.register.sentence import read_action

MAX_SENTENCE = 1000
# Deadline words are short; longer "deadline" cells are notes, read for their first words only.
MAX_DEADLINE = 160


@dataclass(frozen=True)
class Reading:
    text: str
    owner: str | None
    deadline_text: str | None


def read_sentence(sentence: str, *, reference: date, tz: str = "Europe/London") -> Reading:
    """Owner and deadline in an action sentence as minutes write it."""
    words = " ".join(sentence.split())
    if not words:
        return Reading("", None, None)
    if len(words) > MAX_SENTENCE:
        # A wall of text: only its start is read, for the owner ("Clerk to …"); the words are kept whole.
        head = read_sentence(words[: MAX_SENTENCE // 4], reference=reference, tz=tz)
        return Reading(words, head.owner, None)
    reading = read_action(words, reference=reference, tz=tz)
    owner = _written(reading.owner) if reading.owner is not None else None
    return Reading(reading.text or words, owner, reading.deadline.text or None)


def _written(owner: Owner) -> str:
    """The owner as a string the register reads back: an address keeps its display name ("Jo Bloggs <jo@…>")."""
    if owner.email and owner.name and owner.name.casefold() != owner.email:
        return f"{owner.name} <{owner.email}>"
    return owner.email or owner.name


def read_deadline(words: str | None, reference: date, tz: str) -> Deadline:
    if not words:
        return Deadline.none()
    return parse_deadline(words[:MAX_DEADLINE], reference=reference, tz=tz)
