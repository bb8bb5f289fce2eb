"""What a command or card answer produces, and how the router looks people up: shared by the router and the
flows it hands work to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from bot.register.model import Person


class Directory(Protocol):
    """Looks people up in the chat's roster (Teams), by their 29: id or Entra object id, or lists them all."""

    async def person(self, user_or_aad_id: str) -> Person | None: ...

    async def is_guest(self, user_or_aad_id: str, tenant_id: str) -> bool: ...

    async def members(self) -> Sequence[Person]: ...


@dataclass(frozen=True)
class Reply:
    """What to show: a card, or a line of text (never both).

    `recorded`: the request was stored under its key, so sending this reply should be recorded too.
    `answered`: the request repeats one whose reply was already sent; send nothing.
    `refusal`: why the request was refused (a catalogue key), when it was; the refusal is audited."""

    card: dict[str, Any] | None = None
    text: str | None = None
    recorded: bool = False
    answered: bool = False
    # Further cards, sent after the first (a long summary is paged to stay under Teams' message size limit).
    more: tuple[dict[str, Any], ...] = ()
    refusal: str | None = None
    # The key the request was stored under, when the reply to it must be recorded as sent (`recorded`).
    key: str | None = None
