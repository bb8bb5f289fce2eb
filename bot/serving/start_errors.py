"""Why the bot could not start, in one line an operator can act on.

A wrong database name used to print 184 lines of traceback and a busy port 31; the cause was in the last of them.
Here each failure met at start (database unreachable, missing, refusing the login or the rights; port taken or
not allowed; a folder that cannot be written; a second process on a SQLite file) is named with the setting to look
at. The traceback is still logged at DEBUG (CHASER_LOG_LEVEL=DEBUG).
"""

from __future__ import annotations

import errno
import socket
import sqlite3
from collections.abc import Iterator

import asyncpg
from alembic.util.exc import CommandError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.config import Settings


class StartRefused(Exception):
    """A refusal whose message is already the one line to print (e.g. a second process on a SQLite file)."""


def causes(error: BaseException) -> Iterator[BaseException]:
    """The error and what it wraps (SQLAlchemy's .orig, then __cause__ / __context__), outermost first."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        wrapped = getattr(current, "orig", None)
        current = wrapped if isinstance(wrapped, BaseException) else (current.__cause__ or current.__context__)


def _where(settings: Settings) -> tuple[str, str, str]:
    """Host:port, database name and user of DATABASE_URL (never its password)."""
    try:
        url = make_url(settings.database_url)
    except ArgumentError:
        return "?", "?", "?"
    return f"{url.host or 'localhost'}:{url.port or 5432}", url.database or "", url.username or ""


def explain(error: BaseException, settings: Settings) -> str:
    """One line (no newline) saying what went wrong at start and what to change."""
    for cause in causes(error):
        line = _database(cause, settings) or _listening(cause, settings) or _files(cause, settings)
        if line:
            return line
    first = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"could not start: {type(error).__name__}{': ' + first if first else ''} (CHASER_LOG_LEVEL=DEBUG shows why)"


def _database(cause: BaseException, settings: Settings) -> str | None:
    if isinstance(cause, StartRefused):
        return str(cause)
    where, name, user = _where(settings)
    if isinstance(cause, asyncpg.InvalidCatalogNameError):
        return f"DATABASE_URL: the database {name!r} does not exist on {where}; create it (createdb) or fix the name"
    if isinstance(cause, asyncpg.InvalidPasswordError | asyncpg.InvalidAuthorizationSpecificationError):
        return (
            f"DATABASE_URL: PostgreSQL at {where} refused the login of user {user!r} ({cause}); check user and password"
        )
    if isinstance(cause, asyncpg.InsufficientPrivilegeError):
        return (
            f"DATABASE_URL: permission denied in database {name!r} for user {user!r} ({cause}); the user must own the "
            "database or be allowed to create tables in it (migrations run at start)"
        )
    if isinstance(cause, asyncpg.TooManyConnectionsError | asyncpg.CannotConnectNowError):
        return f"DATABASE_URL: PostgreSQL at {where} is not taking connections now ({cause}); try again shortly"
    if isinstance(cause, CommandError) and "Can't locate revision" in str(cause):
        return (
            "the database was migrated by a newer Chaser than this one; run that version, or restore the backup taken "
            f"before the upgrade ({cause})"
        )
    if settings.sqlite_path() is None and isinstance(cause, socket.gaierror):
        return f"DATABASE_URL: cannot find the database host {where.rsplit(':', 1)[0]!r} ({cause.strerror})"
    if settings.sqlite_path() is None and isinstance(cause, ConnectionRefusedError | TimeoutError):
        reason = "connection refused" if isinstance(cause, ConnectionRefusedError) else "no answer"
        return f"DATABASE_URL: cannot reach PostgreSQL at {where} ({reason}); is the server running and reachable?"
    if isinstance(cause, sqlite3.OperationalError):
        path = settings.sqlite_path()
        if "unable to open" in str(cause) or "readonly" in str(cause):
            return (
                f"DATABASE_URL: cannot open the SQLite file {path} for writing ({cause}); check that its folder "
                "exists and this user may write there"
            )
        if "locked" in str(cause):
            return f"DATABASE_URL: the SQLite file {path} is locked by another process ({cause})"
    return None


def _listening(cause: BaseException, settings: Settings) -> str | None:
    if not isinstance(cause, OSError) or cause.filename is not None:
        return None
    address = f"{settings.host}:{settings.port}"
    if cause.errno == errno.EADDRINUSE:
        return f"PORT: {address} is already in use by another process; stop it or set PORT to a free port"
    if cause.errno == errno.EACCES:
        return (
            f"PORT: permission denied to listen on {address}; ports below 1024 need privileges: use a port such as "
            "3978 behind a reverse proxy"
        )
    if cause.errno == errno.EADDRNOTAVAIL:
        return f"HOST: {settings.host!r} is not an address of this machine"
    return None


def _files(cause: BaseException, settings: Settings) -> str | None:
    if isinstance(cause, PermissionError) and cause.filename is not None:
        return f"permission denied: {cause.filename} ({cause.strerror}); run as a user that may write there"
    if isinstance(cause, OSError) and cause.filename is not None and cause.errno in (errno.EROFS, errno.ENOSPC):
        return f"cannot write {cause.filename} ({cause.strerror})"
    return None
