"""The one reader of action sentences: text, owner and deadline out of an action as people write it.

Used by /action, the /action form's free text, "Log as action" and the minutes importer, so they all understand
the same phrasing. Places are tried in this order, each only while what it gives is still missing:

1. explicit markers: ``owner:`` / ``perchennog:`` / ``lead:``, ``due:`` / ``deadline:`` / ``dyddiad cau:``;
2. brackets: "(owner: Secretariat, by June)", "(Clerk)", "(by 31 March)";
3. segments after dashes: "… - Secretariat - ASAP";
4. a deadline phrase among the words ("… in due course", "… when it is available (Spring 2025)");
5. a trailing owner after a comma ("…, Owen") when it names a chat member or a role;
6. the owner a sentence opens with: "X to …", "X i …", "X agreed to …", "X will …", "X: …"; "X to be invited"
   and "X i'w gwahodd" make no one the owner and ask who will do it;
7. the first @mention that is not the one something is done to ("ask @Beth").

Deadline words are taken out of the text and kept verbatim as the deadline; owner words after dashes, in
brackets, after ``owner:`` or before a colon are taken out too, while "X to …" stays (minutes write actions so).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from bot.register.calendar import WorkingCalendar
from bot.register.commands import ActionDraft, Mention
from bot.register.deadlines import parse_deadline
from bot.register.email_address import normalise_email, read_email
from bot.register.errors import InvalidInput
from bot.register.model import Deadline, DeadlineKind, Owner, OwnerKind, Person
from bot.register.sentence import owners as places
from bot.register.sentence.people import ChatPeople, is_acronym
from bot.register.sentence.phrases import Reader, find_inline, read_segment
from bot.register.sentence.tokens import (
    CLOSE,
    COLON,
    COMMA,
    DASH,
    MENTION,
    OPEN,
    STOP,
    WORD,
    Token,
    Tokens,
    render,
    tokenise,
)
from bot.register.sentence.words import DEADLINE_MARKERS, IMPERATIVES, OWNER_MARKERS

# Words before a mention that make it who the action is done to, not who does it: "invite @Beth", "with @Beth".
_DONE_TO = frozenset(
    "with to for from by cc at of about invite ask tell thank remind contact email gyda i at o am".split()
)
MAX_BRACKETS = 6
MAX_SEGMENTS = 6
# Sentences and clauses looked at for an opening owner: an action is a sentence or two, not a page.
MAX_SENTENCES = 8
_MARKER_WORDS = OWNER_MARKERS | {marker[0] for marker in DEADLINE_MARKERS}
_STRONG_STOPS = frozenset("by before until within due erbyn cyn tan when once following after".split())


@dataclass(frozen=True)
class ActionReading:
    """What an action sentence says.

    ``owner`` is what the register stores: one person or role; joint owners as one owner named as written, each
    of them in ``owners``. ``ask_who`` is set for passive sentences ("DARPL to be invited"): no owner, and the
    reply should ask who will do it. ``deadline_unread`` is set when deadline words were given but do not read as
    a date ("TBC", "due: sometime"): they are kept as written, and the reply offers a date picker. ``unresolved``
    is set when owner words read as a name that matches no chat member given (see the field)."""

    text: str
    owner: Owner | None
    deadline: Deadline
    owners: tuple[Owner, ...] = ()
    owner_words: str | None = None
    ask_who: bool = False
    deadline_unread: bool = False
    # Owner words that read as someone's name ("Owen", "AT") but match no one among the members given: worth
    # reading again with the chat's roster.
    unresolved: bool = False

    @property
    def draft(self) -> ActionDraft:
        return ActionDraft(text=self.text, owner=self.owner, deadline=self.deadline)


@dataclass
class _Reading:
    tokens: Tokens
    people: ChatPeople
    read: Reader  # for phrases tried in turn: bounded, no dateparser
    given: Callable[[str], Deadline]  # for words someone marked as the deadline
    kept: list[bool]
    owner: tuple[int, int] | None = None
    deadline: Deadline | None = None
    deadline_unread: bool = False
    ask_who: bool = False
    bare_brackets: list[tuple[int, int, Deadline]] = field(default_factory=list)

    def drop(self, start: int, end: int) -> None:
        for index in range(start, end):
            self.kept[index] = False

    def take_deadline(self, deadline: Deadline, start: int, end: int, *, drop_from: int | None = None) -> None:
        self.deadline = deadline
        self.deadline_unread = deadline.kind is DeadlineKind.UNKNOWN
        self.drop(start if drop_from is None else drop_from, end)


def read_action(
    sentence: str,
    *,
    reference: date,
    members: Sequence[Person] = (),
    mentions: Sequence[Mention] = (),
    roles: Iterable[str] = (),
    locale: str = "en",
    calendar: WorkingCalendar | None = None,
    tz: str = "Europe/London",
) -> ActionReading:
    """Read one action sentence (English or Welsh, whatever ``locale`` says) on the day ``reference``.

    ``members`` are the chat's people (a name that matches one is that person, not a role), ``mentions`` the
    message's @mentions (their ``<at>`` markup never reaches the text), ``roles`` the roles the chat has holders
    for. Deadlines are read on ``calendar`` (working days) in its zone, else in ``tz``."""
    zone = calendar.tz.key if calendar is not None else tz

    def read(words: str, guess: bool) -> Deadline:
        return parse_deadline(words, reference=reference, locale=locale, tz=zone, calendar=calendar, guess=guess)

    tokens = tokenise(sentence, mentions)
    state = _Reading(
        tokens=tokens,
        people=ChatPeople(members, mentions, roles),
        read=Reader(lambda words: read(words, False)),
        given=lambda words: read(words, True),
        kept=[True] * len(tokens.items),
    )
    _markers(state)
    _brackets(state)
    _dash_segments(state)
    if state.deadline is None:
        phrase = find_inline(tokens, state.kept, state.read)
        if phrase is not None:
            state.take_deadline(phrase.deadline, phrase.start, phrase.end)
    if state.deadline is None and state.bare_brackets:
        start, end, deadline = state.bare_brackets[-1]
        state.take_deadline(deadline, start, end)
    if state.owner is None:
        _comma_owner(state)
    if state.owner is None:
        _leading_owner(state)
    if state.owner is None and not state.ask_who:
        _mentioned_owner(state)
    return _result(state)


def _markers(state: _Reading) -> None:
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


def _brackets(state: _Reading) -> None:
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


def _bracket(state: _Reading, opening: int, close: int) -> None:
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
        state.deadline, state.deadline_unread = deadline, deadline.kind is DeadlineKind.UNKNOWN
    state.drop(opening, close + 1)


def _names_someone(state: _Reading, start: int, end: int) -> bool:
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


def _dash_segments(state: _Reading) -> None:
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


def _comma_owner(state: _Reading) -> None:
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


def _leading_owner(state: _Reading) -> None:
    items = state.tokens.items
    starts = places.sentence_starts(state.tokens, state.kept)[:MAX_SENTENCES]
    # After them, the clauses after commas: "Cyfarfod Fforwm yn Llanrwst, Clerc a’r Cadeirydd i fynychu".
    known = set(starts)
    clauses = [i + 1 for i, t in enumerate(items[:-1]) if t.kind == COMMA and state.kept[i] and i + 1 not in known]
    # Where the sentence (or dash segment) each word is in ends, in one pass from the right.
    ends = [len(items)] * (len(items) + 1)
    for index in range(len(items) - 1, -1, -1):
        stops = not state.kept[index] or items[index].kind in (STOP, DASH)
        ends[index] = index if stops else ends[index + 1]
    for start in [*starts, *clauses[:MAX_SENTENCES]]:
        if start >= len(items) or items[start].kind not in (WORD, MENTION) or not state.kept[start]:
            continue
        found = places.leading(state.tokens, start, ends[start], state.people)
        if found is None:
            continue
        if found.passive:
            state.ask_who = True
        else:
            state.owner = (found.start, found.end)
            if found.colon:
                state.drop(found.start, found.end + 1)
        return


def _mentioned_owner(state: _Reading) -> None:
    items = state.tokens.items
    for index, token in enumerate(items):
        if token.kind != MENTION or not state.kept[index]:
            continue
        before = items[index - 1].fold if index > 0 else ""
        if before not in _DONE_TO and before not in IMPERATIVES:
            state.owner = (index, index + 1)
            return


def _result(state: _Reading) -> ActionReading:
    tokens = state.tokens
    owner: Owner | None = None
    owners: tuple[Owner, ...] = ()
    owner_words: str | None = None
    if state.owner is not None:
        start, end = state.owner
        owner_words = tokens.words(start, end)
        owners = tuple(_owners(state, start, end))
        owner = owners[0] if len(owners) == 1 else Owner.role(owner_words) if owners else None
    text = _text(tokens, state.kept)
    if _only_who(state):
        text = ""  # "/action @Beth": a person, but nothing for them to do
    return ActionReading(
        text=text,
        owner=owner,
        deadline=state.deadline or Deadline.none(),
        owners=owners,
        owner_words=owner_words,
        ask_who=state.ask_who and owner is None,
        deadline_unread=state.deadline_unread,
        unresolved=any(_a_name(state.people, found) for found in owners),
    )


def _a_name(people: ChatPeople, owner: Owner) -> bool:
    """A role-kind owner that is not a role: a name (or initials) that no member given matched."""
    if owner.kind is not OwnerKind.ROLE:
        return False
    return not (people.is_role(owner.name) or people.names_a_role(owner.name))


def _only_who(state: _Reading) -> bool:
    """Whether the words left are only the owner's (or mentions): no action in them."""
    owner = state.owner or (0, 0)
    return not any(
        state.kept[i] and t.kind == WORD and not owner[0] <= i < owner[1] for i, t in enumerate(state.tokens.items)
    )


def _owners(state: _Reading, start: int, end: int) -> list[Owner]:
    tokens, found = state.tokens, []
    for a, b in places.parts(tokens, start, end):
        token = tokens.items[a]
        if b - a == 1 and token.kind == MENTION:
            found.append(state.people.owner(token.text, mention=token.mention))
            continue
        words = tokens.words(a, b)
        pieces = [piece.strip() for piece in words.split("/") if piece.strip()]
        # "MW/YO", "Hwang/Leonard/ Sam": several owners when each piece is someone's initials or a member.
        several = len(pieces) > 1 and all(
            is_acronym(piece) or state.people.member(piece) is not None for piece in pieces
        )
        for piece in pieces if several else [words]:
            found.append(state.people.owner(piece))
    return found


_SEPARATORS = frozenset({COMMA, DASH, COLON})


def _text(tokens: Tokens, kept: Sequence[bool]) -> str:
    """The kept words, without punctuation left hanging where words were taken out."""
    out: list[Token] = []
    for index, token in enumerate(tokens.items):
        if not kept[index]:
            continue
        if token.kind in _SEPARATORS and (not out or out[-1].kind in (*_SEPARATORS, OPEN)):
            continue
        if token.kind == CLOSE and out and out[-1].kind == OPEN:
            out.pop()
            continue
        if token.kind == STOP and out and out[-1].kind in _SEPARATORS:
            out.pop()
        if token.kind == STOP and out and out[-1].kind == STOP:
            continue
        out.append(token)
    while out and out[-1].kind in (*_SEPARATORS, OPEN):
        out.pop()
    return render(out)
