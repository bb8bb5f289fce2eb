"""Where a request came from and what it did: shared by the register and the flows that change actions."""

from __future__ import annotations

from dataclasses import dataclass

from bot.register.model import Action


@dataclass(frozen=True)
class ChatContext:
    """Where a request came from: the chat (a meeting series when it is a meeting chat) and its tenant."""

    chat_id: str
    tenant_id: str
    meeting_id: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Outcome:
    """An action after a request, and whether this request changed it (False for a repeat or a no-op).

    `answered` is true when the request repeats one whose reply was already sent."""

    action: Action
    changed: bool
    answered: bool = False
