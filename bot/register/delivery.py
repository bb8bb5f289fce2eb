"""The record of a reminder's sends, written as they happen: each attempt before it leaves, its outcome as it comes.

Teams' Bot Connector has no idempotency key and no way to ask whether a message arrived, so a send whose answer was
never heard (the process killed mid-request) has an unknown outcome. Writing "sending" before each attempt and
"sent" (with the stage's never-again record) straight after the 2xx is what keeps that set to the sends actually in
flight at a crash, and lets the next attempt know it may be a second copy. A reminder lost is worse than one repeated:
an unknown outcome is always sent again, and counted.

The journal reaches the outbox through a context variable, set by the sweeper around one reminder: the outbox is the
one way out for every kind of message and the notifier picks among routes, and neither should carry chasing's
bookkeeping in its signature.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Protocol

# How an attempt is recorded while its outcome is not known; after a crash such rows say "unknown".
SENDING = "sending"
UNKNOWN = "unknown"
SENT = "sent"


class DeliveryJournal(Protocol):
    async def sending(self, route: str) -> None:
        """Before an attempt leaves (committed, so a crash after this point leaves a trace)."""

    async def failed(self, outcome: str) -> None:
        """The attempt failed: "http_503", "timeout", "connection", "http_403", …"""

    async def sent(self, route: str, conversation_id: str | None, message_id: str | None) -> None:
        """The attempt was accepted: recorded sent at once, before anything else is done."""


current_journal: ContextVar[DeliveryJournal | None] = ContextVar("chaser_delivery_journal", default=None)
