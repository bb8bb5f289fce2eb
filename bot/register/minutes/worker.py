"""Minutes are read in a worker process, never on the event loop, and each read has a time budget.

Why a process and not a thread: a regular expression or a PDF decoder holds the GIL for as long as one call takes,
so a thread cannot promise the loop stays free; a process can also be killed when it overruns, and its memory is
returned to the system when it is retired. Each worker runs with an address-space limit (a decompression bomb
becomes a clear refusal, not a host out of memory) and is replaced after MAX_TASKS reads, so what a parser library
keeps for ever is bounded too.

Workers are plain `python -m bot.register.minutes.worker` processes talking over a socket pair (no fork of a
process that has threads and sockets open, no re-import of the caller's __main__); each is kept for MAX_TASKS reads,
and `warm()` starts one ahead so the first import pays no start-up. At most `size` reads run at once, and a read
waits its budget for a free worker at most.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from multiprocessing.connection import Connection
from typing import Any

from bot.register.minutes.model import MinutesImport, MinutesRefused

log = logging.getLogger(__name__)

MAX_TASKS = 50
# Address space for one worker: pypdf and lxml on a 20 MB file stay well under this.
MEMORY_LIMIT = 1536 * 1024 * 1024


@dataclass(frozen=True)
class Request:
    """What to read: a file's bytes (format found from its content) or pasted text."""

    data: bytes | None = None
    text: str | None = None
    name: str = ""
    meeting_date: date | None = None
    tz: str = "Europe/London"
    today: date | None = None


def read_now(request: Request) -> MinutesImport:
    """The read itself, in whichever process runs it."""
    from bot.register.minutes import parse_minutes, read_minutes

    if request.text is not None:
        return parse_minutes(request.text, meeting_date=request.meeting_date, tz=request.tz, today=request.today)
    return read_minutes(
        request.data or b"", request.name, meeting_date=request.meeting_date, tz=request.tz, today=request.today
    )


def _serve(connection: Connection) -> None:  # runs in the worker process
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[Any, ...] = ("ok", read_now(request))
        except MinutesRefused as refusal:
            reply = ("refused", refusal.key, refusal.params)
        except MemoryError:
            reply = ("refused", "error.import.too_complex", {})
        except RecursionError:
            reply = ("refused", "error.import.too_complex", {})
        except Exception as error:  # reported to the caller, who logs it once
            reply = ("error", f"{type(error).__name__}: {error}"[:500])
        try:
            connection.send(reply)
        except (OSError, ValueError):
            return


class _Worker:
    def __init__(self) -> None:
        ours, theirs = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot.register.minutes.worker", str(theirs.fileno())],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            close_fds=True,
        )
        theirs.close()
        self.connection = Connection(ours.detach())
        self.tasks = 0

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def exchange(self, request: Request, budget: float) -> tuple[Any, ...]:
        """Runs in a thread: the loop only awaits it."""
        self.connection.send(request)
        if not self.connection.poll(budget):
            raise TimeoutError
        reply: tuple[Any, ...] = self.connection.recv()
        return reply

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.connection.close()
        if self.alive():
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)


class MinutesWorker:
    """Reads minutes off the event loop. `budget` is the seconds one read (including waiting for a worker) may take."""

    def __init__(self, *, budget: float = 20.0, size: int = 1, max_tasks: int = MAX_TASKS) -> None:
        self.budget = budget
        self.max_tasks = max_tasks
        self._size = size
        self._idle: list[_Worker] = []
        self._slots = asyncio.Semaphore(max(1, size))

    async def warm(self) -> None:
        """Start a worker ahead of the first import (its imports take about a second)."""
        if not self._idle:
            self._idle.append(await asyncio.to_thread(_Worker))

    async def read(self, request: Request, *, budget: float | None = None) -> MinutesImport:
        """The minutes read, or MinutesRefused (including "took too long" and "busy")."""
        allowed = self.budget if budget is None else budget
        began = time.monotonic()
        try:
            await asyncio.wait_for(self._slots.acquire(), timeout=allowed)
        except TimeoutError:
            raise MinutesRefused("error.import.busy") from None
        worker: _Worker | None = None
        try:
            worker = self._idle.pop() if self._idle else await asyncio.to_thread(_Worker)
            left = max(0.1, allowed - (time.monotonic() - began))
            try:
                reply = await asyncio.to_thread(worker.exchange, request, left)
            except (TimeoutError, EOFError, OSError, BrokenPipeError) as error:
                await asyncio.to_thread(worker.stop)
                worker = None
                if isinstance(error, TimeoutError):
                    log.warning("minutes import over its %.0f s budget: worker stopped", allowed)
                    raise MinutesRefused("error.import.too_slow", seconds=round(allowed)) from None
                log.warning("minutes worker ended unexpectedly: %r", error)
                raise MinutesRefused("error.import.too_complex") from None
            worker.tasks += 1
            if worker.tasks >= self.max_tasks or not worker.alive():
                await asyncio.to_thread(worker.stop)
                worker = None
        finally:
            if worker is not None:
                self._idle.append(worker)
            self._slots.release()
        if reply[0] == "ok":
            result: MinutesImport = reply[1]
            return result
        if reply[0] == "refused":
            raise MinutesRefused(reply[1], **reply[2])
        log.error("minutes import failed in the worker: %s", reply[1])
        raise MinutesRefused("error.import.unreadable")

    def pids(self) -> list[int]:
        return [worker.pid for worker in self._idle]

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        for worker in idle:
            await asyncio.to_thread(worker.stop)


if __name__ == "__main__":  # a worker process: serve reads over the socket it was handed
    _serve(Connection(os.dup(int(sys.argv[1]))))
