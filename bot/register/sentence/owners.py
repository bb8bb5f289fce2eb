"""Where the owner stands in a sentence: "X to …" / "X i …" (and "X agreed to …", "X will …"), "X: …", a segment
after a dash or a comma, inside brackets; and whether "X to be invited" makes X the one it is done to.

Owner words are judged by how they look (capitals, a role, a chat member, initials, an email address, a mention);
``strict`` is for places where ordinary words stand too (after a dash or a comma, in brackets, before a colon).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.register.email_address import normalise_email
from bot.register.sentence.people import ChatPeople, is_acronym
from bot.register.sentence.tokens import CLOSE, COLON, COMMA, MENTION, OPEN, STOP, WORD, Token, Tokens
from bot.register.sentence.words import (
    AUXILIARIES,
    CLAUSE_OPENERS,
    IMPERATIVES,
    IRREGULAR_PARTICIPLES,
    JOINERS,
    NOT_OWNER_HEADINGS,
    NOT_OWNERS,
    OWNER_ADVERBS,
    OWNER_VERBS,
)

MAX_OWNER_WORDS = 7
# Small words that may stand inside an owner's name: "Regional Convenor for North Wales", "Head of Policy".
_ARTICLES = frozenset({"the", "y", "yr"})
# Verbs that may stand between the owner and "to": "agreed to", "is to", "has agreed to" ("will" is the marker).
_BEFORE_THE_VERB = OWNER_VERBS - {"will", "shall"}
_INSIDE_NAMES = frozenset("of for and the in on at & y yr o i'r a ac de la van von".split())


@dataclass(frozen=True)
class Leading:
    """An owner at the start of a sentence: tokens ``start``..``end``; ``colon`` when "X: …" (the words go)."""

    start: int
    end: int
    colon: bool = False
    passive: bool = False


def parts(tokens: Tokens, start: int, end: int) -> list[tuple[int, int]]:
    """Owner words split into joint owners: "Chair and Secretary", "MW/YO", "Owen a Beth"."""
    found: list[tuple[int, int]] = []
    part_start = start
    for index in range(start, end):
        if tokens.items[index].fold in JOINERS and index > part_start:
            found.append((part_start, index))
            part_start = index + 1
    found.append((part_start, end))
    return [(a, b) for a, b in found if a < b]


def slash_parts(word: str) -> list[str]:
    pieces = [piece for piece in word.split("/") if piece]
    return pieces if len(pieces) > 1 and all(is_acronym(piece) for piece in pieces) else []


def owner_like(tokens: Tokens, start: int, end: int, people: ChatPeople, *, strict: bool) -> bool:
    """Whether tokens start..end read as who does an action (one owner, or joint owners)."""
    items = tokens.items[start:end]
    # Brackets may stand inside a name at the head of a sentence: "Regional Convenor (North Wales) to …".
    allowed = (WORD, MENTION) if strict else (WORD, MENTION, OPEN, CLOSE)
    if any(token.kind not in allowed for token in items):
        return False
    if not 0 < sum(token.kind in (WORD, MENTION) for token in items) <= MAX_OWNER_WORDS:
        return False
    joint = parts(tokens, start, end)
    if len(joint) > 1:
        return all(_one_owner(tokens, a, b, people, strict=True) for a, b in joint)
    return _one_owner(tokens, start, end, people, strict=strict)


def _one_owner(tokens: Tokens, start: int, end: int, people: ChatPeople, *, strict: bool) -> bool:
    items = [token for token in tokens.items[start:end] if token.kind in (WORD, MENTION)]
    words = tokens.words(start, end)
    if not items:
        return False
    if len(items) == 1 and (items[0].kind == MENTION or normalise_email(items[0].text) or slash_parts(items[0].text)):
        return True
    if people.is_role(words) or people.member(words) is not None:
        return True
    if len(items) == 1 and is_acronym(items[0].text) and items[0].fold not in NOT_OWNERS:
        return True
    if items[0].fold in _ARTICLES and len(items) > 1 and items[1].text[:1].isupper():
        items = items[1:]  # "The Minister", "Y Cadeirydd"
    first = items[0]
    if first.fold in NOT_OWNERS or first.fold in IMPERATIVES or not first.text[:1].isupper():
        return False
    if any(t.fold in OWNER_VERBS for t in items) or items[-1].fold in _INSIDE_NAMES:
        return False
    # Otherwise a name: every word capitalised but the small ones inside names ("Head of Sanctuary Policy"), or
    # words with a role in them ("Regional convenor for N Wales").
    name_like = all(t.text[:1].isupper() or t.fold in _INSIDE_NAMES for t in items)
    if strict:
        return len(items) <= 5 and name_like
    return name_like or people.names_a_role(words)


def leading(tokens: Tokens, start: int, end: int, people: ChatPeople) -> Leading | None:
    """The owner a sentence (tokens start..end) opens with, if it opens with one."""
    items = tokens.items
    limit = min(end, start + MAX_OWNER_WORDS + 4)
    for index in range(start + 1, limit):
        token = items[index]
        if token.kind == COLON:
            if index - start <= 5 and items[start].fold not in NOT_OWNER_HEADINGS:
                if owner_like(tokens, start, index, people, strict=True):
                    return Leading(start, index, colon=True)
            return None
        if token.kind in (OPEN, CLOSE):
            continue
        if token.kind != WORD and token.kind != MENTION:
            return None
        if token.fold in ("to", "i", "i'w", "will", "shall") or token.fold in OWNER_VERBS:
            return _before_verb(tokens, start, index, end, people)
        if token.fold in OWNER_ADVERBS and index + 1 < end and items[index + 1].fold in ("to", "will", "i"):
            return _before_verb(tokens, start, index, end, people)
    return None


def _before_verb(tokens: Tokens, start: int, index: int, end: int, people: ChatPeople) -> Leading | None:
    """Owner words start..index, then "to"/"i"/"will" (maybe after "agreed"); passive when "to be invited"."""
    items = tokens.items
    owner_end = index
    skipped: list[str] = []
    while index < end and (items[index].fold in OWNER_ADVERBS or items[index].fold in _BEFORE_THE_VERB):
        skipped.append(items[index].fold)
        index += 1
    if index >= end or owner_end == start:
        return None
    if not owner_like(tokens, start, owner_end, people, strict=False):
        return None
    marker = items[index].fold
    if marker.endswith("ing") and items[index].text.islower() and any(s in AUXILIARIES for s in skipped):
        return Leading(start, owner_end)  # "TH is following up …"
    if marker not in ("to", "i", "i'w", "will", "shall"):
        return None
    after = [t for t in items[index + 1 : min(end, index + 4)] if t.fold not in OWNER_ADVERBS]
    if not after or after[0].kind != WORD:
        return None
    passive = _passive(marker, after)
    if not passive and not _verb_like(after[0], welsh=marker == "i"):
        return None
    return Leading(start, owner_end, passive=passive)


def _passive(marker: str, after: list[Token]) -> bool:
    if marker == "i'w":
        return True
    words = [t.fold for t in after]
    if marker == "i":
        return words[:1] == ["gael"] and (len(words) < 2 or words[1] in ("ei", "eu"))
    if marker == "to" and words[:1] == ["be"] and len(words) > 1:
        return _participle(words[1])
    return False


def _participle(word: str) -> bool:
    return word in IRREGULAR_PARTICIPLES or (len(word) > 4 and word.endswith(("ed", "en")))


def _verb_like(token: Token, *, welsh: bool) -> bool:
    # Verbs after "to" are lower case; a capital after "to" is a name ("Owen to Beth …" is not an owner).
    return token.text[:1].islower() and (welsh or token.fold not in ("the", "a", "an", "all"))


def sentence_starts(tokens: Tokens, kept: list[bool]) -> list[int]:
    """Where each sentence of the text starts (after a full stop), skipping removed words; and where the clause
    after a sentence's opening condition starts ("If not, James Farrar to act as teller")."""
    starts: list[int] = []
    expecting, conditional = True, False
    for index, token in enumerate(tokens.items):
        if not kept[index]:
            continue
        if expecting and token.kind in (WORD, MENTION):
            starts.append(index)
            expecting, conditional = False, token.fold in CLAUSE_OPENERS
        elif token.kind == STOP:
            expecting = True
        elif token.kind == COMMA and conditional:
            expecting, conditional = True, False
    return starts
