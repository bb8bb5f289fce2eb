"""The backup and restore commands docs/deploy.md gives, run for real: SQLite's online backup of a register the bot
is serving, and pg_dump / pg_restore of a PostgreSQL register, each restored and brought up to date by
`chaser migrate --database-url`."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import uuid
from pathlib import Path

import asyncpg
import pytest

from bot.store.sql import SqlStore
from tests.support.activities import Teams
from tests.support.connector import ConnectorStandIn
from tests.support.databases import PG_DSN, postgres_database, postgres_unavailable_reason
from tests.support.owed import seed_owed
from tests.support.processes import run_chaser
from tests.support.running import running_bot


async def count_actions(url: str) -> int:
    store = SqlStore.connect(url)
    try:
        return await store.count("actions")
    finally:
        await store.close()


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="the sqlite3 command-line tool is not installed")
async def test_sqlite_online_backup_while_the_bot_serves(tmp_path: Path, standin: ConnectorStandIn) -> None:
    live = tmp_path / "data" / "chaser.db"
    backup = tmp_path / "backups" / "chaser-2025-03-17.db"
    backup.parent.mkdir()
    teams = Teams(standin.url)
    async with running_bot({"DATABASE_URL": f"sqlite:///{live}", "CHASER_SWEEP_SECONDS": "0"}) as bot:
        for n in range(5):
            assert (await bot.post(teams.meeting_message(f"/action Backed up item {n}")))[0] == 201
        copied = await asyncio.to_thread(
            subprocess.run, ["sqlite3", str(live), f".backup '{backup}'"], capture_output=True, text=True
        )
        assert copied.returncode == 0, copied.stderr
        # The bot keeps working while and after the copy is taken.
        assert (await bot.post(teams.meeting_message("/action Backed up item 5, after the copy")))[0] == 201
    checked = await asyncio.to_thread(
        subprocess.run, ["sqlite3", str(backup), "PRAGMA integrity_check"], capture_output=True, text=True
    )
    assert checked.stdout.strip() == "ok"
    migrated = await asyncio.to_thread(run_chaser, ["migrate", "--database-url", f"sqlite:///{backup}"], {})
    assert migrated.returncode == 0, migrated.stderr
    assert await count_actions(f"sqlite:///{backup}") == 5
    assert await count_actions(f"sqlite:///{live}") == 6


@pytest.mark.postgres
@pytest.mark.skipif(postgres_unavailable_reason() is not None, reason=postgres_unavailable_reason() or "")
@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump and pg_restore are not installed")
async def test_postgres_dump_and_restore(tmp_path: Path, standin: ConnectorStandIn) -> None:
    dump = tmp_path / "chaser-2025-03-17.dump"
    async with postgres_database() as url:
        await seed_owed(url, standin.url, prefix="Dumped", count=7)
        plain = url.replace("postgresql+asyncpg://", "postgresql://")
        dumped = await asyncio.to_thread(
            subprocess.run,
            ["pg_dump", "--format=custom", "--no-owner", "--dbname", plain, "--file", str(dump)],
            capture_output=True,
            text=True,
        )
        assert dumped.returncode == 0, dumped.stderr
    restored = f"chaser_restored_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(PG_DSN)
    await admin.execute(f'CREATE DATABASE "{restored}"')
    await admin.close()
    target = PG_DSN.rsplit("/", 1)[0] + f"/{restored}"
    try:
        loaded = await asyncio.to_thread(
            subprocess.run,
            ["pg_restore", "--no-owner", "--dbname", target, str(dump)],
            capture_output=True,
            text=True,
        )
        assert loaded.returncode == 0, loaded.stderr
        migrated = await asyncio.to_thread(run_chaser, ["migrate", "--database-url", target], {})
        assert migrated.returncode == 0, migrated.stderr
        assert await count_actions(target.replace("postgresql://", "postgresql+asyncpg://")) == 7
    finally:
        admin = await asyncpg.connect(PG_DSN)
        await admin.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
        await admin.close()
