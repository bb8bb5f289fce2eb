"""One thread that runs the store's operations, in the order they are asked for, for the event loop to await.

It does what `loop.run_in_executor` on a one-worker ThreadPoolExecutor did, with less in between: a job is a tuple on
a SimpleQueue and its answer an asyncio future set from the loop, where the executor went through a
concurrent.futures.Future chained to an asyncio one. Three hops a turn made that chaining a tenth of a /action
turn's CPU (benchmarks/turns.py).
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

log = logging.getLogger(__name__)

_Job = tuple[Callable[..., Any], tuple[Any, ...], asyncio.Future[Any], asyncio.AbstractEventLoop]


class StoreThread:
    def __init__(self, name: str) -> None:
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._closed = False
        # A daemon, so a store nobody closed cannot keep the process from exiting; SQLite's journal makes a
        # transaction cut off at exit roll back.
        self._thread = threading.Thread(target=self._work, name=name, daemon=True)
        self._thread.start()

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        if self._closed:
            raise RuntimeError("the store is closed")
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._jobs.put((fn, args, future, loop))
        return await future

    def close(self) -> None:
        """Runs what was asked before, then stops the thread."""
        if not self._closed:
            self._closed = True
            self._jobs.put(None)
        self._thread.join()

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            fn, args, future, loop = job
            if future.cancelled():
                continue  # its caller stopped waiting before it began, as an executor would skip it
            try:
                result = fn(*args)
            except BaseException as error:  # every failure belongs to its caller, never to this thread
                self._answer(loop, future, None, error)
            else:
                self._answer(loop, future, result, None)

    @staticmethod
    def _answer(
        loop: asyncio.AbstractEventLoop, future: asyncio.Future[Any], result: Any, error: BaseException | None
    ) -> None:
        try:
            loop.call_soon_threadsafe(_settle, future, result, error)
        except RuntimeError:
            log.debug("store operation finished after its event loop closed")


def _settle(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.done():
        return  # cancelled while it ran
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
