"""Where the owner stands in a sentence: "X to …" / "X i …" (and "X agreed to …", "X will …"), "X: …", a segment
after a dash or a comma, inside brackets; and whether "X to be invited" makes X the one it is done to.

Owner words are judged by how they look (capitals, a role, a chat member, initials, an email address, a mention);
``strict`` is for places where ordinary words stand too (after a dash or a comma, in brackets, before a colon).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.register.deadlines.vocabulary import DATE_NAMES
from bot.register.email_address import normalise_email, read_email
from bot.register.sentence.people import ChatPeople, is_acronym
from bot.register.sentence.tokens import CLOSE, COLON, COMMA, DASH, MENTION, OPEN, STOP, WORD, Token, Tokens
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
_BEFORE_THE_VERB = OWNER_VERBS - {"will", "shall", "would"}
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
        token = tokens.items[index]
        if token.fold in JOINERS and index == part_start:
            part_start = index + 1  # "Silona, Leonard, & Christian": the "&" after a comma
        elif token.kind == COMMA or token.fold in JOINERS:
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
    allowed = (WORD, MENTION) if strict else (WORD, MENTION, OPEN, CLOSE, COMMA)
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
    if len(items) > 1 and "@" in items[-1].text and read_email(words) is not None:
        return True  # "Jo Bloggs <jo@example.org>", "Jo Bloggs (jo@example.org)"
    if people.is_role(words) or people.member(words) is not None:
        return True
    if len(items) == 1 and is_acronym(items[0].text) and items[0].fold not in NOT_OWNERS:
        return True
    if items[0].fold in _ARTICLES and len(items) > 1 and items[1].text[:1].isupper():
        items = items[1:]  # "The Minister", "Y Cadeirydd"
    first = items[0]
    if first.fold in NOT_OWNERS or first.fold in IMPERATIVES or not first.text[:1].isupper():
        return False
    if first.fold.endswith("wyd"):
        return False  # Welsh impersonal verbs: "Gofynnwyd i …", "Cytunwyd i …"
    if any(t.fold in OWNER_VERBS for t in items) or items[-1].fold in _INSIDE_NAMES:
        return False
    # Otherwise a name: every word capitalised but the small ones inside names ("Head of Sanctuary Policy"), or
    # words with a role in them ("Regional convenor for N Wales").
    name_like = all(t.text[:1].isupper() or t.fold in _INSIDE_NAMES for t in items)
    if strict:
        return len(items) <= 5 and name_like
    return name_like or people.names_a_role(words)


_MARKERS = frozenset({"to", "i", "i'w", "will", "shall", "would"})
_FUTURE = frozenset({"will", "shall", "would"})
MAX_PASSIVE_SUBJECT = 24
# Passive verbs whose "by X" names who receives, not who acts: "an update would be received by the Board".
_NOT_AGENTS = frozenset({"received", "noted", "welcomed", "considered", "discussed", "seen"})
_AGENT_STOPS = frozenset("with for to at in on from as when once before after by via and".split())


def leading(tokens: Tokens, start: int, end: int, people: ChatPeople) -> Leading | None:
    """The owner a sentence (tokens start..end) opens with, if it opens with one; a passive sentence ("X to be
    invited") gives no owner but says so, or gives the agent it names ("… will be prepared by the Chairman")."""
    items = tokens.items
    welsh = _welsh(tokens, start, end, people)
    if welsh is not None:
        return welsh
    limit = min(end, start + MAX_OWNER_WORDS + 6)
    for index in range(start + 1, limit):
        token = items[index]
        if token.kind == COLON:
            if index - start <= 5 and items[start].fold not in NOT_OWNER_HEADINGS:
                if owner_like(tokens, start, index, people, strict=True):
                    return Leading(start, index, colon=True)
            return None
        if token.kind in (OPEN, CLOSE, COMMA):
            continue  # "Regional Convenor (North Wales) to …", "Silona, Leonard, & Christian to …"
        if token.kind != WORD and token.kind != MENTION:
            break
        if token.fold in _MARKERS or token.fold in OWNER_VERBS or token.fold == "invited":
            found = _before_verb(tokens, start, index, end, people)
            if found is not None:
                return found
            break
        if token.fold in OWNER_ADVERBS and index + 1 < end and items[index + 1].fold in _MARKERS:
            return _before_verb(tokens, start, index, end, people)
    return _passive_subject(tokens, start, end, people)


_CY_OPENERS = frozenset({"bydd", "byddai", "mae", "roedd", "cytunodd", "bu"})
_CY_MARKERS = frozenset({"yn", "ym", "yng", "wedi", "am", "i"})


def _welsh(tokens: Tokens, start: int, end: int, people: ChatPeople) -> Leading | None:
    """Welsh minutes put the owner after the verb: "Bydd y Clerc yn anfon …", "Cytunodd X i …", "Mae X wedi
    cytuno i …", "mae’r clerc am gysylltu …"; or name people at work: "Elfed a Robin yn cyfarfod …". "Bydd y
    wybodaeth yn cael ei chyhoeddi" is passive; "… yn cael ei gynnal gan Horizon" names who does it."""
    items = tokens.items
    if items[start].fold in ("a", "ac", "and") and start + 1 < end:
        start += 1  # a clause after a comma: ", a byddai’r Clerc yn gyrru …"
    first = items[start].fold
    opener = first[:-2] if first.endswith("'r") else first
    subject = start + 1 if opener in _CY_OPENERS else start
    for index in range(subject + 1, min(end, subject + MAX_OWNER_WORDS + 1)):
        token = items[index]
        if token.kind not in (WORD, MENTION):
            return None
        if token.fold not in _CY_MARKERS or index + 1 >= end:
            continue
        verb = items[index + 1]
        if not verb.text[:1].islower():
            return None
        if verb.fold == "cael" and index + 2 < end and items[index + 2].fold in ("ei", "eu"):
            agent = _cy_agent(tokens, index + 3, end)
            return agent or Leading(index, index, passive=True)
        if subject == start and not _names_people(tokens, start, index, people):
            return None
        if subject != start and not _has_name(tokens, subject, index, people, first != opener):
            return None
        return Leading(subject, index)
    return None


def _names_people(tokens: Tokens, start: int, end: int, people: ChatPeople) -> bool:
    """Owner words without an opening verb must name chat members or roles: "Elfed a Robin yn cyfarfod"."""
    return all(
        people.member(tokens.words(a, b)) is not None or people.is_role(tokens.words(a, b))
        for a, b in parts(tokens, start, end)
    )


def _has_name(tokens: Tokens, start: int, end: int, people: ChatPeople, article: bool) -> bool:
    """ "y Swyddog Monitro", "cynrychiolwyr o Swyddfa’r Comisiynydd", "’r clerc": a name or a role, not "y
    wybodaeth" (a thing)."""
    items = tokens.items[start:end]
    if not items or len(items) > MAX_OWNER_WORDS or items[0].fold in NOT_OWNERS - {"y", "yr"}:
        return False
    words = tokens.words(start, end)
    named = any(t.text[:1].isupper() or t.kind == MENTION for t in items)
    return named or people.is_role(words) or people.names_a_role(words) or (article and people.is_role(words))


def _cy_agent(tokens: Tokens, start: int, end: int) -> Leading | None:
    """ "… yn cael ei gynnal gan Horizon": Horizon does it."""
    items = tokens.items
    for index in range(start, min(end, start + 4)):
        if items[index].fold == "gan":
            agent_end = index + 1
            while agent_end < end and items[agent_end].kind in (WORD, MENTION) and items[agent_end].text[:1].isupper():
                agent_end += 1
            return Leading(index + 1, agent_end) if agent_end > index + 1 else None
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
    marker = items[index].fold
    if marker == "invited" and index + 1 < end and items[index + 1].fold == "to":
        return Leading(start, owner_end, passive=True)  # "IOG invited to attend"
    after = [i for i in range(index + 1, min(end, index + 5)) if items[i].fold not in OWNER_ADVERBS]
    passive = _passive(tokens, marker, after)
    if passive is not None:
        return passive if passive.start != start or items[start].fold not in IMPERATIVES else None
    if not owner_like(tokens, start, owner_end, people, strict=False):
        return None
    if marker.endswith("ing") and items[index].text.islower() and any(s in AUXILIARIES for s in skipped):
        return Leading(start, owner_end)  # "TH is following up …"
    if marker not in _MARKERS or not after or items[after[0]].kind != WORD:
        return None
    if not _verb_like(items[after[0]], welsh=marker == "i"):
        return None
    return Leading(start, owner_end)


def _passive(tokens: Tokens, marker: str, after: list[int]) -> Leading | None:
    """ "to be invited", "will be prepared (by X)", "i'w gwahodd", "i gael eu gwahodd": who it is done to."""
    items = tokens.items
    words = [items[i].fold for i in after]
    if marker == "i'w" or (marker == "i" and words[:1] == ["gael"] and words[1:2] in (["ei"], ["eu"], [])):
        return Leading(after[0] if after else 0, after[0] if after else 0, passive=True)
    if (marker == "to" or marker in _FUTURE) and words[:1] == ["be"] and len(words) > 1 and _participle(words[1]):
        agent = _agent(tokens, after[1])
        if agent is not None and words[1] not in _NOT_AGENTS:
            return agent
        return Leading(after[0], after[0], passive=True)
    return None


def _agent(tokens: Tokens, participle: int) -> Leading | None:
    """ "… will be prepared by the Chairman": the Chairman does it (not "by Friday", a deadline)."""
    items = tokens.items
    if participle + 2 >= len(items) or items[participle + 1].fold != "by":
        return None
    start = end = participle + 2
    while end < len(items) and items[end].kind in (WORD, MENTION) and end - start < MAX_OWNER_WORDS:
        if end > start and items[end].fold in _AGENT_STOPS and items[end].fold != "and":
            break
        end += 1
    first = items[start]
    if first.fold in DATE_NAMES or first.fold[:1].isdigit() or first.fold in ("next", "end", "the end"):
        return None
    words = [t for t in items[start:end] if t.fold not in ("the", "y", "yr")]
    if not words or not all(t.text[:1].isupper() or t.fold in ("and", "&") for t in words):
        return None
    return Leading(start, end)


def _passive_subject(tokens: Tokens, start: int, end: int, people: ChatPeople) -> Leading | None:
    """A long subject before "to be <participle>": "A briefing on the implications … to be circulated"."""
    items = tokens.items
    if items[start].fold in IMPERATIVES:
        return None
    for index in range(start + 1, min(end, start + MAX_PASSIVE_SUBJECT)):
        token = items[index]
        if token.kind not in (WORD, MENTION, OPEN, CLOSE):
            return None
        if token.fold in _MARKERS:
            after = [i for i in range(index + 1, min(end, index + 4))]
            return _passive(tokens, token.fold, after)
    return None


def _participle(word: str) -> bool:
    return word in IRREGULAR_PARTICIPLES or (len(word) > 4 and word.endswith(("ed", "en")))


def _verb_like(token: Token, *, welsh: bool) -> bool:
    # Verbs after "to" are lower case; a capital after "to" is a name ("Owen to Beth …" is not an owner).
    return token.text[:1].islower() and (welsh or token.fold not in ("the", "a", "an", "all"))


def sentence_starts(tokens: Tokens, kept: list[bool]) -> list[int]:
    """Where each sentence of the text starts, skipping removed words: after a full stop, after a dash standing
    between a topic and its action ("Weed killing – GC to find out …"), after a bracketed reference that opens
    a line ("(2.3) Clerk to obtain …"), and after a sentence's opening condition ("If not, James Farrar to …")."""
    starts: list[int] = []
    expecting, conditional, depth = True, False, 0
    for index, token in enumerate(tokens.items):
        if not kept[index]:
            continue
        if token.kind == OPEN:
            depth += 1
            continue
        if token.kind == CLOSE:
            depth = max(0, depth - 1)
            continue
        if depth:
            continue
        if expecting and token.kind in (WORD, MENTION):
            starts.append(index)
            expecting, conditional = False, token.fold in CLAUSE_OPENERS
        elif token.kind in (STOP, DASH, COLON):
            expecting = True
        elif token.kind == COMMA and conditional:
            expecting, conditional = True, False
    return starts
