"""Each way a start can fail says so in one line and exits non-zero, with no traceback unless CHASER_LOG_LEVEL=DEBUG.

`chaser serve` is started for real, in its own process, against real causes: a PostgreSQL database that does not
exist, a port nobody listens on, a role without rights, a port another process holds, a folder the user may not
write, a port below 1024, a SQLite file another bot serves.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import sqlite3
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from tests.support.databases import PG_DSN, postgres_unavailable_reason
from tests.support.processes import PRODUCTION, free_port, run_chaser, start_chaser, wait_ready

needs_postgres = pytest.mark.skipif(
    postgres_unavailable_reason() is not None, reason=postgres_unavailable_reason() or ""
)
# Quiet logs, so stderr holds exactly what an operator reads first. (ERROR: with an app id the bot starts fetching
# the Bot Framework's signing keys at start, and warns here, where that address cannot be reached.)
QUIET = {**PRODUCTION, "CHASER_LOG_LEVEL": "ERROR", "CHASER_SWEEP_SECONDS": "0"}


def refusal(args: list[str], env: dict[str, str], *, unprivileged: bool = False) -> tuple[int, list[str]]:
    result = run_chaser(args, env, unprivileged=unprivileged)
    return result.returncode, result.stderr.strip().splitlines()


def pg_url(database: str, *, user: str = "postgres", port: int | None = None) -> str:
    host = PG_DSN.split("@", 1)[1].rsplit("/", 1)[0]
    if port is not None:
        host = f"{host.rsplit(':', 1)[0]}:{port}"
    return f"postgresql://{user}@{host}/{database}"


def test_an_app_id_without_public_url_and_secret_is_one_line_and_exit_2(tmp_path: Path) -> None:
    env = {k: v for k, v in QUIET.items() if k not in ("CHASER_PUBLIC_URL", "CHASER_SIGNING_SECRET")}
    code, lines = refusal(["serve"], {**env, "DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}"})
    assert code == 2
    assert lines == [
        "chaser: configuration error: missing CHASER_PUBLIC_URL, CHASER_SIGNING_SECRET: with MicrosoftAppId set, "
        "Chaser needs its public https address (CHASER_PUBLIC_URL) and a signing secret of 32+ random characters, "
        "the same on every replica (CHASER_SIGNING_SECRET)"
    ]


@needs_postgres
def test_a_database_that_does_not_exist_is_one_line() -> None:
    name = f"chaser_missing_{uuid.uuid4().hex[:8]}"
    code, lines = refusal(["serve"], {**QUIET, "DATABASE_URL": pg_url(name)})
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith(f"chaser: DATABASE_URL: the database '{name}' does not exist on ")


def test_a_database_nobody_answers_for_is_one_line() -> None:
    port = free_port()
    code, lines = refusal(["serve"], {**QUIET, "DATABASE_URL": pg_url("chaser", port=port)})
    assert code == 1
    assert lines == [
        f"chaser: DATABASE_URL: cannot reach PostgreSQL at 127.0.0.1:{port} (connection refused); is the server "
        "running and reachable?"
    ]


def test_a_port_in_use_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        code, lines = refusal(["serve"], {**QUIET, "PORT": str(port), "DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}"})
    assert code == 1
    assert lines == [
        f"chaser: PORT: 127.0.0.1:{port} is already in use by another process; stop it or set PORT to a free port"
    ]


async def execute(dsn: str, *statements: str) -> None:
    connection = await asyncpg.connect(dsn)
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture
async def database_without_rights() -> AsyncIterator[str]:
    """A fresh database owned by the server's admin, and a role that may log in to it but not create tables (the
    default for a non-owner since PostgreSQL 15; revoked here too, for older servers)."""
    suffix = uuid.uuid4().hex[:8]
    name, role = f"chaser_rights_{suffix}", f"chaser_reader_{suffix}"
    await execute(PG_DSN, f'CREATE ROLE "{role}" LOGIN', f'CREATE DATABASE "{name}"')
    await execute(PG_DSN.rsplit("/", 1)[0] + f"/{name}", "REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    try:
        yield pg_url(name, user=role)
    finally:
        await execute(PG_DSN, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'DROP ROLE IF EXISTS "{role}"')


@needs_postgres
async def test_a_role_without_rights_is_one_line(database_without_rights: str) -> None:
    code, lines = await asyncio.to_thread(refusal, ["serve"], {**QUIET, "DATABASE_URL": database_without_rights})
    assert code == 1
    assert len(lines) == 1
    assert lines[0].startswith("chaser: DATABASE_URL: permission denied in database 'chaser_rights_")
    assert "permission denied for schema public" in lines[0]
    assert "must own the database or be allowed to create tables" in lines[0]


needs_setpriv = pytest.mark.skipif(
    os.geteuid() == 0 and shutil.which("setpriv") is None,
    reason="running as root without util-linux's setpriv to drop root's privileges",
)


@needs_setpriv
def test_a_folder_the_user_may_not_write_is_one_line(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    database = locked / "data" / "chaser.db"
    code, lines = refusal(["serve"], {**QUIET, "DATABASE_URL": f"sqlite:///{database}"}, unprivileged=True)
    assert code == 1
    assert lines == [
        f"chaser: permission denied: {locked / 'data'} (Permission denied); run as a user that may write there"
    ]


@pytest.mark.skipif(
    int(Path("/proc/sys/net/ipv4/ip_unprivileged_port_start").read_text()) <= 80,
    reason="this machine lets any user listen on port 80",
)
@needs_setpriv
def test_a_privileged_port_is_one_line(tmp_path: Path) -> None:
    env = {**QUIET, "PORT": "80", "DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}"}
    code, lines = refusal(["serve"], env, unprivileged=True)
    assert code == 1
    assert lines == [
        "chaser: PORT: permission denied to listen on 127.0.0.1:80; ports below 1024 need privileges: use a port "
        "such as 3978 behind a reverse proxy"
    ]


async def test_a_second_bot_on_one_sqlite_file_is_refused(tmp_path: Path) -> None:
    env = {**QUIET, "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.db'}"}
    first = start_chaser(env, tmp_path / "first.log")
    try:
        await wait_ready(first)
        code, lines = await asyncio.to_thread(refusal, ["serve"], env)
        assert code == 1
        assert lines == [
            f"chaser: DATABASE_URL: another Chaser (pid {first.process.pid}) is already serving the SQLite file "
            f"{tmp_path / 'shared.db'}; SQLite allows one bot per file: stop the other, or use PostgreSQL "
            "(DATABASE_URL=postgresql://…) to run several replicas"
        ]
        # The tools still work beside the running bot.
        result = await asyncio.to_thread(run_chaser, ["migrate"], env)
        assert result.returncode == 0, result.stderr
    finally:
        code, _ = first.stop()
    assert code == 0
    # Once the first has gone, a new one starts on the same file.
    again = start_chaser(env, tmp_path / "again.log")
    try:
        await wait_ready(again)
    finally:
        again.stop()


def test_with_debug_the_traceback_is_logged_before_the_line() -> None:
    port = free_port()
    env = {**QUIET, "CHASER_LOG_LEVEL": "DEBUG", "DATABASE_URL": pg_url("chaser", port=port)}
    code, lines = refusal(["serve"], env)
    assert code == 1
    assert "Traceback (most recent call last):" in lines
    assert lines[-1].startswith(f"chaser: DATABASE_URL: cannot reach PostgreSQL at 127.0.0.1:{port}")


def test_at_the_default_level_there_is_no_traceback() -> None:
    env = {k: v for k, v in QUIET.items() if k != "CHASER_LOG_LEVEL"}
    code, lines = refusal(["migrate"], {**env, "DATABASE_URL": pg_url("chaser", port=free_port())})
    assert code == 1
    assert not any("Traceback" in line for line in lines)
    assert lines[-1].startswith("chaser: DATABASE_URL: cannot reach PostgreSQL")


def test_a_database_from_a_newer_chaser_is_one_line(tmp_path: Path) -> None:
    database = tmp_path / "newer.db"
    env = {**QUIET, "DATABASE_URL": f"sqlite:///{database}"}
    assert run_chaser(["migrate"], env).returncode == 0
    with sqlite3.connect(database) as db:
        db.execute("UPDATE alembic_version SET version_num = '9999'")
    code, lines = refusal(["serve"], env)
    assert code == 1
    assert len(lines) == 1
    assert lines[0].startswith(
        "chaser: the database was migrated by a newer Chaser than this one; run that version, or restore the backup "
        "taken before the upgrade"
    )
