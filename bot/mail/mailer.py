"""Sending mail at the pace the transport allows: messages go out evenly spaced (CHASER_MAIL_PER_MINUTE), and a
message that would wait longer than a sweep should take is handed back to be sent at a later sweep instead."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Protocol

from bot.mail.message import MailNotSent, Outgoing, Sender

# A sweep holds its chasers under a lease (CHASER_LEASE_SECONDS, 300 by default): mail waiting longer than this
# goes back to the store to be tried at a later sweep rather than outlive the lease and be sent twice.
MAX_WAIT_SECONDS = 60.0


class MailTransport(Protocol):
    async def send(self, outgoing: Outgoing) -> str: ...

    async def close(self) -> None: ...


class Mailer:
    def __init__(
        self,
        transport: MailTransport,
        *,
        sender: Sender,
        per_minute: int,
        max_wait: float = MAX_WAIT_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.transport = transport
        self.sender = sender
        self._interval = 60.0 / per_minute
        self._max_wait = max_wait
        self._monotonic = monotonic
        self._sleep = sleep
        self._next = 0.0

    async def send(self, outgoing: Outgoing) -> str:
        now = self._monotonic()
        slot = max(now, self._next)
        wait = slot - now
        if wait > self._max_wait:
            raise MailNotSent("paced: the transport's rate is used up for now", retry_after=wait)
        self._next = slot + self._interval
        if wait > 0:
            await self._sleep(wait)
        return await self.transport.send(outgoing)

    async def close(self) -> None:
        await self.transport.close()
