"""Owner and deadline where minutes set them apart from the action's own words: after ``owner:`` / ``due:`` markers,
in brackets, in segments after dashes, and in a last part after a comma. Each pass takes only what is still missing
and marks the words it took as no longer the action's (bot.register.sentence.reader runs them in that order)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.register.email_address import normalise_email, read_email
from bot.register.errors import InvalidInput
from bot.register.model import Deadline
from bot.register.sentence import owners as places
from bot.register.sentence.people import is_acronym
from bot.register.sentence.phrases import read_segment
from bot.register.sentence.state import Reading
from bot.register.sentence.tokens import CLOSE, COLON, COMMA, DASH, MENTION, OPEN, STOP, WORD, Token
from bot.register.sentence.words import DEADLINE_MARKERS, OWNER_MARKERS

MAX_BRACKETS = 6
MAX_SEGMENTS = 6
_MARKER_WORDS = OWNER_MARKERS | {marker[0] for marker in DEADLINE_MARKERS}
_STRONG_STOPS = frozenset("by before until within due erbyn cyn tan when once following after".split())


def markers(state: Reading) -> None:
    """``owner: X`` and ``due: Y`` anywhere outside brackets."""
    items, depth = state.tokens.items, 0
    for index, token in enumerate(items):
        depth += (token.kind == OPEN) - (token.kind == CLOSE and depth > 0)
        if depth or token.kind != WORD or token.fold not in _MARKER_WORDS or not state.kept[index]:
            continue
        owner_colon = _after_marker(items, index, ((marker,) for marker in OWNER_MARKERS))
        if owner_colon is not None and state.owner is None:
            end = _owner_words_end(items, owner_colon + 1)
            if end == owner_colon + 1:
                raise InvalidInput("error.action.owner_empty")
            state.owner = (owner_colon + 1, end)
            state.drop(index, owner_colon + 1)
            state.kept[owner_colon + 1 : end] = [False] * (end - owner_colon - 1)
            continue
        due_colon = _after_marker(items, index, DEADLINE_MARKERS)
        if due_colon is not None and state.deadline is None:
            end = _deadline_words_end(items, due_colon + 1)
            words = state.tokens.words(due_colon + 1, end)
            if words:
                state.take_deadline(state.given(words), due_colon + 1, end, drop_from=index)


def _after_marker(items: Sequence[Token], index: int, markers: Iterable[tuple[str, ...]]) -> int | None:
    """The index of the colon after a marker that starts at ``index`` ("owner:", "dyddiad cau:")."""
    for marker in markers:
        end = index + len(marker)
        if end < len(items) and items[end].kind == COLON:
            if tuple(t.fold for t in items[index:end]) == marker:
                return end
    return None


def _owner_words_end(items: Sequence[Token], start: int) -> int:
    index = start
    while index < len(items):
        token = items[index]
        if token.kind not in (WORD, MENTION, OPEN, CLOSE) or token.fold in _STRONG_STOPS:
            break
        if _after_marker(items, index, [*((m,) for m in OWNER_MARKERS), *DEADLINE_MARKERS]) is not None:
            break  # the next marker: "… due: …", "… dyddiad cau: …"
        index += 1
    return index


def _deadline_words_end(items: Sequence[Token], start: int) -> int:
    for index in range(start, len(items)):
        token = items[index]
        if index + 1 < len(items) and items[index + 1].kind == COLON and token.fold in OWNER_MARKERS:
            return index
    end = len(items)
    while end > start and items[end - 1].kind == STOP:
        end -= 1
    return end


def brackets(state: Reading) -> None:
    """Brackets that hold an owner or a deadline: only the last few (a sentence with dozens is not minutes)."""
    items = state.tokens.items
    groups: list[tuple[int, int]] = []
    opening: int | None = None
    for index, token in enumerate(items):
        if token.kind == OPEN:
            opening = index
        elif token.kind == CLOSE and opening is not None:
            groups.append((opening, index))
            opening = None
    for opening, close in groups[-MAX_BRACKETS:]:
        _bracket(state, opening, close)


def _bracket(state: Reading, opening: int, close: int) -> None:
    tokens, items = state.tokens, state.tokens.items
    if close + 1 < len(items) and items[close + 1].fold in ("to", "i"):
        return  # "Regional Convenor (North Wales) to follow up": the bracket belongs to the owner's name
    at_end = all(token.kind == STOP for token in items[close + 1 :])
    parts, start = [], opening + 1
    for index in range(opening + 1, close + 1):
        if index == close or items[index].kind == COMMA:
            parts.append((start, index))
            start = index + 1
    owner: tuple[int, int] | None = None
    deadline: Deadline | None = None
    marked = False
    for start, end in parts:
        marker = _after_marker(items, start, [*((m,) for m in OWNER_MARKERS), *DEADLINE_MARKERS])
        if marker is not None and items[start].fold in OWNER_MARKERS and owner is None:
            owner, marked = (marker + 1, end), True
        elif marker is not None and deadline is None:
            deadline, marked = state.given(tokens.words(marker + 1, end)), True
        elif deadline is None and (found := read_segment(tokens, start, end, state.read)) is not None:
            deadline = found
        elif owner is None and at_end and _names_someone(state, start, end):
            if _abbreviates(items, opening, tokens.words(start, end)):
                return  # "Wikimedia Foundation (WMF)": the name's short form
            owner = (start, end)
        else:
            return  # words of the action's own: the bracket stays
    if owner is None and not marked and deadline is not None:
        if any(state.kept[i] and items[i].kind != OPEN for i in range(opening)):
            state.bare_brackets.append((opening, close + 1, deadline))
        return  # a bracket that opens the line is its reference number: "(2.2) Grants Application Form"
    if owner is not None and state.owner is None:
        state.owner = owner
    if deadline is not None and state.deadline is None:
        state.set_deadline(deadline)
    state.drop(opening, close + 1)


def _names_someone(state: Reading, start: int, end: int) -> bool:
    """Words apart from the sentence that name an owner, not a title or a note: a mention, an email address, a
    chat member, a role, or capitals that are someone's initials ("(Treasurer)", "(MW)", not "(Leading Better
    Care)")."""
    tokens, items = state.tokens, state.tokens.items
    if not places.owner_like(tokens, start, end, state.people, strict=True):
        return False
    words = tokens.words(start, end)
    single = end - start == 1
    if single and (items[start].kind == MENTION or is_acronym(items[start].text) or places.slash_parts(words)):
        return True
    if normalise_email(words) is not None or read_email(words) is not None:
        return True
    joint = places.parts(tokens, start, end)
    return all(
        state.people.is_role(tokens.words(a, b))
        or state.people.member(tokens.words(a, b)) is not None
        or (b - a == 1 and is_acronym(items[a].text))
        for a, b in joint
    )


def _abbreviates(items: Sequence[Token], opening: int, words: str) -> bool:
    """Whether bracketed capitals are the initials of the capitalised words before the bracket."""
    letters = words.replace(".", "").strip()
    if not (letters.isalpha() and letters.isupper()) or opening < len(letters):
        return False
    before = [t for t in items[max(0, opening - 2 * len(letters)) : opening] if t.kind == WORD and t.text[:1].isupper()]
    initials = "".join(t.text[0] for t in before[-len(letters) :]).upper()
    return initials == letters


def dash_segments(state: Reading) -> None:
    """ "Share the toolkit - Secretariat - ASAP": owner and deadline in the segments after the first dash."""
    items = state.tokens.items
    depth, dashes = 0, []
    for index, token in enumerate(items):
        depth += (token.kind == OPEN) - (token.kind == CLOSE and depth > 0)
        if token.kind == DASH and state.kept[index] and depth == 0:
            dashes.append(index)
    end = len(items)
    while end > 0 and items[end - 1].kind == STOP:
        end -= 1
    for dash in reversed(dashes[-MAX_SEGMENTS:]):
        start = dash + 1
        words = [i for i in range(start, end) if state.kept[i]]
        if not words:
            state.kept[dash] = False
        elif state.deadline is None and (found := read_segment(state.tokens, start, end, state.read)) is not None:
            state.take_deadline(found, start, end, drop_from=dash)
        elif state.owner is None and places.owner_like(state.tokens, start, end, state.people, strict=True):
            state.owner = (start, end)
            state.drop(dash, end)
        else:
            return
        end = dash


def comma_owner(state: Reading) -> None:
    """ "…, Owen": a last part after a comma that names a chat member, a mention or a role."""
    items = state.tokens.items
    kept = [i for i in range(len(items)) if state.kept[i] and items[i].kind != STOP]
    commas = [i for i in kept if items[i].kind == COMMA]
    if not commas:
        return
    start, end = commas[-1] + 1, (kept[-1] + 1 if kept else 0)
    if start >= end or any(not state.kept[i] for i in range(start, end)):
        return
    acronym = end - start == 1 and is_acronym(items[start].text)
    if not acronym and _names_someone(state, start, end):
        state.owner = (start, end)
        state.drop(commas[-1], end)
