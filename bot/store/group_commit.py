"""Small writes made together: what arrives while one transaction is under way goes into the next, as one.

Every /action turn ends by marking its reply sent; as a transaction of its own that was a sixth of a turn's cost
under load (benchmarks/turns.py: 870 turns a second with it, 1,060 without). Each caller still returns only once
the transaction holding its item has committed, so nothing is promised that is not on disk.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class GroupCommit(Generic[T]):
    def __init__(self, write_many: Callable[[list[T]], Awaitable[None]]) -> None:
        self._write_many = write_many
        self._pending: list[T] = []
        self._committed: asyncio.Future[None] | None = None
        self._writer: asyncio.Task[None] | None = None

    async def add(self, item: T) -> None:
        """Returns once `item` is committed; raises what its transaction raised."""
        if self._committed is None:
            self._committed = asyncio.get_running_loop().create_future()
        committed = self._committed
        self._pending.append(item)
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_all())
        # Shielded: a caller that gives up must not cancel the transaction other callers' items are in.
        await asyncio.shield(committed)

    async def _write_all(self) -> None:
        while self._pending:
            batch, committed = self._pending, self._committed
            self._pending, self._committed = [], None
            assert committed is not None
            try:
                await self._write_many(batch)
            except asyncio.CancelledError:
                committed.cancel()
                raise
            except Exception as error:
                committed.set_exception(error)
                committed.exception()  # retrieved: a batch whose callers all gave up has nobody else to tell
            else:
                committed.set_result(None)
