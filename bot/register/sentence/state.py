"""The state of one action sentence while the reader's passes go over it (bot.register.sentence.reader)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.register.model import Deadline, DeadlineKind
from bot.register.sentence.people import ChatPeople
from bot.register.sentence.phrases import Reader
from bot.register.sentence.tokens import Tokens


@dataclass
class Reading:
    """A sentence being read: its tokens, which are still kept as the action's words, and what has been found."""

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

    def set_deadline(self, deadline: Deadline) -> None:
        self.deadline = deadline
        self.deadline_unread = deadline.kind is DeadlineKind.UNKNOWN

    def take_deadline(self, deadline: Deadline, start: int, end: int, *, drop_from: int | None = None) -> None:
        self.set_deadline(deadline)
        self.drop(start if drop_from is None else drop_from, end)
