"""Where a deadline phrase stands in a sentence, and how far it runs.

A phrase starts at a word that can open one (``words.STRONG_STARTS`` anywhere; ``WEAK_STARTS``, day and month
names and numbers where the phrase runs to the end of its clause; ``CONDITION_STARTS`` run to the end of their
clause). How far a dated phrase runs is decided by the deadline reader itself: the phrase grows word by word while
each word changes what the words mean ("by 14" → "by 14 April" → "by 14 April 2025"), and stops where a word is
only a note ("by Friday to members"). A bracket right after a phrase that adds a date joins it ("when it is
available (Spring 2025)").

Reading is bounded: at most ``MAX_PHRASE`` words a phrase, and at most ``READ_BUDGET`` readings a sentence, tried
from the end of the sentence (where minutes put deadlines) towards its start. Each reading is of a short phrase, so
the deadline reader's cache stays keyed by short words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.register.deadlines.vocabulary import DATE_NAMES
from bot.register.model import Deadline, DeadlineKind
from bot.register.sentence.tokens import CLOSE, MENTION, OPEN, WORD, Tokens
from bot.register.sentence.words import (
    AFTER_ARTICLE,
    AUXILIARIES,
    BINDING_BEFORE,
    CONDITION_PAIRS,
    CONDITION_STARTS,
    CONNECTIVES,
    DATE_CONTINUATIONS,
    INITIALS_NOT_WORDS,
    STRONG_PAIRS,
    STRONG_STARTS,
    TO_BE_CONFIRMED,
    WEAK_STARTS,
)

MAX_PHRASE = 12
MAX_CONDITION = 16
MAX_CONDITIONS = 4
READ_BUDGET = 24
# Words read past a date without changing it before the rest of the clause counts as notes.
_NOTES_AFTER = 2
# A phrase never ends on these: "by the", "before the next" are on their way to something.
_OPEN_ENDED = frozenset(
    "the a an of to and or by before in on at for with from y yr o i erbyn cyn ar yn ym yng is it be".split()
)
# "as" opens a phrase only as "as soon as …", "as required", "as and when", "as appropriate".
_AS_PHRASES = frozenset({"soon", "required", "needed", "and", "appropriate", "necessary"})
_STANDS_ALONE = (DeadlineKind.ASAP, DeadlineKind.ONGOING)
# Weak openings that need a date word after them to open a deadline ("in June", "this spring", "next week"):
# otherwise they are the action's own words ("in Wales", "This could be discussed", "next Wales Race Forum
# meeting").
_PREPOSITIONS = frozenset("in at on during over mewn yn ym yng ar this next later".split())
_ARTICLES = frozenset({"the", "a", "an", "our", "its", "their", "y", "yr"})
# "last week", "the previous month": a time gone by is never when something is due.
_PAST = frozenset({"last", "previous", "past", "ddiwethaf", "diwethaf"})
# Welsh puts "next" after the meeting: "i gyfarfod nesaf y Bwrdd" opens at the noun, mutated after "i" (to) or
# "yn" (in); unmutated after the article it is the action's object ("trefnu'r cyfarfod nesaf").
_MEETING_NOUNS = frozenset({"gyfarfod", "nghyfarfod"})
_NEXT_AFTER = frozenset({"nesaf", "nesa"})
# "months in advance of the AGM", "weeks before the launch": a span with no number before it.
_SPANS = frozenset({"days", "weeks", "months", "diwrnod", "wythnosau", "misoedd"})
_SPAN_FOLLOWERS = frozenset({"before", "ahead", "prior", "cyn"})
# Things minutes number: a number after one of these is its reference.
_NUMBERED_THINGS = frozenset(
    "item items paper papers minute minutes para paragraph section page pages appendix annex no number ref "
    "action actions agenda point points issue issues pr rfc version v eitem papur adran atodiad rhif".split()
)
# Words that name a time without a date in them ("this week", "tomorrow").
_RELATIVE = frozenset("week month year quarter fortnight today tomorrow wythnos mis flwyddyn yfory heddiw fory".split())
# Words that finish a phrase without changing what it means: "(the) next meeting", "y cyfarfod nesaf".
_RUN_ON = frozenset("nesaf nesa next following canlynol meeting forum board committee".split())


class Reader:
    """The deadline reader for one sentence, with its budget of readings."""

    def __init__(self, read: Callable[[str], Deadline], budget: int = READ_BUDGET) -> None:
        self._read = read
        self.left = budget
        self.conditions = 0  # conditions read so far: each reads a whole clause, the dearest reading

    def __call__(self, words: str) -> Deadline | None:
        """What the words mean, or None when the sentence's budget is spent."""
        if self.left <= 0:
            return None
        self.left -= 1
        return self._read(words)


@dataclass(frozen=True)
class Phrase:
    start: int
    end: int  # excluded
    deadline: Deadline
    strong: bool


def known(deadline: Deadline | None) -> bool:
    return deadline is not None and deadline.kind is not DeadlineKind.UNKNOWN


def to_be_confirmed(words: str) -> bool:
    return " ".join(words.casefold().replace("’", "'").split()).strip(".") in TO_BE_CONFIRMED


def read_segment(tokens: Tokens, start: int, end: int, read: Reader) -> Deadline | None:
    """A segment standing apart (after a dash, in brackets) read whole as a deadline, or None."""
    if start >= end or end - start > MAX_PHRASE + 4:
        return None
    words = tokens.words(start, end)
    if to_be_confirmed(words):
        return Deadline(text=words, kind=DeadlineKind.UNKNOWN)
    if not _may_open(tokens, start):
        return None  # "Draft to be circulated and agreed at next meeting" is an action, not a deadline
    deadline = read(words)
    return deadline if known(deadline) else None


def clauses(tokens: Tokens, kept: Sequence[bool]) -> list[tuple[int, int]]:
    """Runs of kept words outside brackets, split wherever punctuation or a removed part stands."""
    found: list[tuple[int, int]] = []
    depth, start = 0, None
    for index, token in enumerate(tokens.items):
        inside = token.kind in (WORD, MENTION) and kept[index] and depth == 0
        if inside and start is None:
            start = index
        if not inside and start is not None:
            found.append((start, index))
            start = None
        if token.kind == OPEN:
            depth += 1
        elif token.kind == CLOSE and depth:
            depth -= 1
    if start is not None:
        found.append((start, len(tokens.items)))
    return found


def find_inline(tokens: Tokens, kept: Sequence[bool], read: Reader) -> Phrase | None:
    """The sentence's deadline phrase among its words, if it has one: the one that ends the sentence, else the
    last one opened by a strong word, else the last one."""
    parts = clauses(tokens, kept)
    found: list[Phrase] = []
    for clause_start, clause_end in reversed(parts):
        for index in range(clause_end - 1, clause_start - 1, -1):
            if read.left <= 0:
                break
            phrase = _phrase_at(tokens, kept, index, (clause_start, clause_end), read)
            if phrase is not None:
                found.append(phrase)
    if not found:
        return None
    longest = _longest_of_overlapping(found)
    last_end = parts[-1][1] if parts else 0
    trailing = [p for p in longest if p.end >= last_end]
    strong = [p for p in longest if p.strong]
    chosen = trailing or strong or longest
    return max(chosen, key=lambda p: p.start)


def _longest_of_overlapping(found: list[Phrase]) -> list[Phrase]:
    kept: list[Phrase] = []
    for phrase in sorted(found, key=lambda p: (p.start, -p.end)):
        if kept and phrase.start < kept[-1].end:
            continue
        kept.append(phrase)
    return kept


def _may_open(tokens: Tokens, index: int) -> bool:
    word = tokens.items[index].fold
    return (
        word in STRONG_STARTS
        or word in WEAK_STARTS
        or word in CONDITION_STARTS
        or word in DATE_NAMES
        or word[:1].isdigit()
        or word in TO_BE_CONFIRMED
    )


def _opening(tokens: Tokens, index: int, clause_start: int, clause_end: int) -> str | None:
    """How the word at ``index`` opens a phrase: "strong", "weak", "condition", or None."""
    items = tokens.items
    token = items[index]
    word = token.fold
    if token.text.isupper() and word in INITIALS_NOT_WORDS:
        return None  # "AT to update": someone's initials
    following = items[index + 1].fold if index + 1 < clause_end else ""
    before = items[index - 1].fold if index > clause_start else ""
    if before in AUXILIARIES:
        return None  # "is following up", "was after"
    if before in _PAST or following in _PAST:
        return None  # "cut last week", "yr wythnos diwethaf"
    if word in _SPANS and (
        following in _SPAN_FOLLOWERS or (following == "in" and _fold_at(tokens, index + 2) == "advance")
    ):
        return "condition"
    if word in _MEETING_NOUNS and following in _NEXT_AFTER:
        return "weak"
    if word in CONDITION_STARTS or (word, following) in CONDITION_PAIRS:
        return "condition"
    if word in ("no", "not"):
        return "strong" if following == "later" else None
    if word in STRONG_STARTS or (word, following) in STRONG_PAIRS:
        return "strong"
    if word == "as" and following not in _AS_PHRASES:
        return None
    if word in _PREPOSITIONS and not _continues_date(following):
        return None  # "on agenda for next meeting", "in Wales"
    if word in _PREPOSITIONS and following in _ARTICLES and index + 2 < clause_end:
        after = items[index + 2].fold
        if not (after in AFTER_ARTICLE or after in DATE_NAMES or after[:1].isdigit()):
            return None  # "on the standard for publication"
    if word[:1].isdigit() and before in _NUMBERED_THINGS:
        return None  # "share item 12 with the forum", "paper 3", "eitem 4": a reference, not a date
    if word in WEAK_STARTS or word in DATE_NAMES or word[:1].isdigit():
        return None if before in BINDING_BEFORE else "weak"
    return None


def _fold_at(tokens: Tokens, index: int) -> str:
    return tokens.items[index].fold if index < len(tokens.items) else ""


def _continues_date(word: str) -> bool:
    return word in DATE_CONTINUATIONS or word in DATE_NAMES or word[:1].isdigit()


def _phrase_at(
    tokens: Tokens, kept: Sequence[bool], index: int, clause: tuple[int, int], read: Reader
) -> Phrase | None:
    clause_start, clause_end = clause
    opening = _opening(tokens, index, clause_start, clause_end)
    if opening is None:
        return None
    if opening == "condition":
        if clause_end - index > MAX_CONDITION or read.conditions >= MAX_CONDITIONS:
            return None
        read.conditions += 1
        deadline = read(tokens.words(index, clause_end))
        if not known(deadline):
            return None
        assert deadline is not None
        return _with_bracket(tokens, kept, Phrase(index, clause_end, deadline, True), read)
    best: Deadline | None = None
    end, unchanged = index, 0
    for stop in range(index + 1, min(clause_end, index + MAX_PHRASE) + 1):
        if tokens.items[stop - 1].fold in _OPEN_ENDED:
            continue
        deadline = read(tokens.words(index, stop))
        if deadline is None:
            break
        if known(deadline) and (best is None or _meaning(deadline) != _meaning(best)):
            best, end, unchanged = deadline, stop, 0
        elif best is not None:
            unchanged += 1
            if unchanged > _NOTES_AFTER:
                break  # the words after a date are notes ("by Friday to members …")
    if best is None:
        return None
    end, best = _run_on(tokens, index, end, clause_end, best, read)
    if opening == "weak" and end < clause_end and not _stands_alone(tokens, index, end, best):
        return None
    phrase = Phrase(index, end, best, opening == "strong")
    return _with_bracket(tokens, kept, phrase, read) if end == clause_end else phrase


def _run_on(
    tokens: Tokens, start: int, end: int, clause_end: int, best: Deadline, read: Reader
) -> tuple[int, Deadline]:
    """The phrase over the date words right after it that do not change what it means: "yn y cyfarfod nesaf"
    reads as a meeting already at "cyfarfod", "31 Hydref 2017" as 31 October already at "Hydref" in 2017."""
    items = tokens.items
    stop = end
    while (
        stop < clause_end
        and stop - end < 3
        and (items[stop].fold[:1].isdigit() or items[stop].fold in DATE_NAMES or items[stop].fold in _RUN_ON)
    ):
        stop += 1
    if stop == end:
        return end, best
    longer = read(tokens.words(start, stop))
    return (stop, longer) if longer is not None and longer.kind is best.kind else (end, best)


def _stands_alone(tokens: Tokens, start: int, end: int, deadline: Deadline) -> bool:
    """A deadline in mid-sentence opened by a weak word: "ASAP", "in due course", or a plain date followed by
    a small word ("… to the Board in June 2009 for approval"), not a date naming something ("the March report")."""
    if deadline.kind in _STANDS_ALONE:
        return True
    words = tokens.items
    dated = any(t.fold in DATE_NAMES or t.fold in _RELATIVE or t.fold[:1].isdigit() for t in words[start:end])
    opened = words[start].fold in _PREPOSITIONS  # "in June 2009 for approval", not "Cymraeg 2050 at …"
    # A meeting named by its month counts too: "to report at the May meeting with options".
    kinds = (DeadlineKind.DATE, DeadlineKind.NEXT_MEETING)
    return deadline.kind in kinds and dated and opened and words[end].fold in CONNECTIVES


def _with_bracket(tokens: Tokens, kept: Sequence[bool], phrase: Phrase, read: Reader) -> Phrase:
    """The phrase with a bracket right after it when the bracket adds a date: "when published (Spring 2025)"."""
    items, opening = tokens.items, phrase.end
    if opening >= len(items) or items[opening].kind != OPEN or not kept[opening]:
        return phrase
    window = range(opening + 1, min(len(items), opening + MAX_PHRASE))
    close = next((i for i in window if items[i].kind in (OPEN, CLOSE)), None)
    if close is None or items[close].kind != CLOSE or not kept[close]:
        return phrase
    longer = read(tokens.words(phrase.start, close + 1))
    if longer is None or not known(longer) or _meaning(longer) == _meaning(phrase.deadline):
        return phrase
    return Phrase(phrase.start, close + 1, longer, phrase.strong)


def _meaning(deadline: Deadline) -> tuple[object, ...]:
    return (deadline.kind, deadline.due, deadline.latest)
