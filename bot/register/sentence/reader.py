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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from bot.register.calendar import WorkingCalendar
from bot.register.commands import ActionDraft, Mention
from bot.register.deadlines import parse_deadline
from bot.register.model import Deadline, Owner, OwnerKind, Person
from bot.register.sentence import marks
from bot.register.sentence import owners as places
from bot.register.sentence.people import ChatPeople, is_acronym
from bot.register.sentence.phrases import Reader, find_inline
from bot.register.sentence.state import Reading
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
from bot.register.sentence.words import IMPERATIVES

# Words before a mention that make it who the action is done to, not who does it: "invite @Beth", "with @Beth".
_DONE_TO = frozenset(
    "with to for from by cc at of about invite ask tell thank remind contact email gyda i at o am".split()
)
# Sentences and clauses looked at for an opening owner: an action is a sentence or two, not a page.
MAX_SENTENCES = 8


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
    state = Reading(
        tokens=tokens,
        people=ChatPeople(members, mentions, roles),
        read=Reader(lambda words: read(words, False)),
        given=lambda words: read(words, True),
        kept=[True] * len(tokens.items),
    )
    marks.markers(state)
    marks.brackets(state)
    marks.dash_segments(state)
    if state.deadline is None:
        phrase = find_inline(tokens, state.kept, state.read)
        if phrase is not None:
            state.take_deadline(phrase.deadline, phrase.start, phrase.end)
    if state.deadline is None and state.bare_brackets:
        start, end, deadline = state.bare_brackets[-1]
        state.take_deadline(deadline, start, end)
    if state.owner is None:
        marks.comma_owner(state)
    if state.owner is None:
        _leading_owner(state)
    if state.owner is None and not state.ask_who:
        _mentioned_owner(state)
    return _result(state)


def _leading_owner(state: Reading) -> None:
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


def _mentioned_owner(state: Reading) -> None:
    items = state.tokens.items
    for index, token in enumerate(items):
        if token.kind != MENTION or not state.kept[index]:
            continue
        before = items[index - 1].fold if index > 0 else ""
        if before not in _DONE_TO and before not in IMPERATIVES:
            state.owner = (index, index + 1)
            return


def _result(state: Reading) -> ActionReading:
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


def _only_who(state: Reading) -> bool:
    """Whether the words left are only the owner's (or mentions): no action in them."""
    owner = state.owner or (0, 0)
    return not any(
        state.kept[i] and t.kind == WORD and not owner[0] <= i < owner[1] for i, t in enumerate(state.tokens.items)
    )


def _owners(state: Reading, start: int, end: int) -> list[Owner]:
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
