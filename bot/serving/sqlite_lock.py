"""One serving process per SQLite file.

SQLite serialises writers on one machine, but two bots on one file would each sweep, each think it alone holds the
register, and (on a network share) corrupt it. Several replicas are what PostgreSQL is for. The lock is an flock on
a file beside the database: the kernel drops it when the process dies, however it dies, so a crashed bot never
blocks the next start. Command-line tools (`chaser export`, `chaser import`, `chaser migrate`) do not take it: they
may run beside the bot.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from bot.serving.start_errors import StartRefused


class ServingLock:
    def __init__(self, database: Path) -> None:
        self.database = database
        self.path = database.with_name(database.name + ".serving.lock")
        self._fd: int | None = None

    def acquire(self) -> ServingLock:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise StartRefused(
                f"DATABASE_URL: another Chaser (pid {holder}) is already serving the SQLite file {self.database}; "
                "SQLite allows one bot per file: stop the other, or use PostgreSQL (DATABASE_URL=postgresql://…) "
                "to run several replicas"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
