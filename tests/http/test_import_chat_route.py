"""`chaser import --chat` for a chat Chaser has not seen: refused in one line unless given the chat's tenant and
service URL (a chat stored without them could never be chased: every sweep failed for it), then stored with them."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path
from typing import Any

from bot.store.migrate import migrate
from bot.store.sql import SqlStore

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "fixtures" / "seed" / "wales-race-forum-2025-03-17.txt"
TENANT = "c9f9aafd-64ac-4f38-8e05-12feba3fb090"
SERVICE_URL = "https://smba.trafficmanager.net/uk/"


def run_import(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    return subprocess.run(
        [sys.executable, str(ROOT / "app.py"), "import", str(SEED), *args],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )


def test_importing_into_a_chat_chaser_has_not_seen_is_refused_in_one_clear_line(tmp_path: Path) -> None:
    assert asyncio.run(chat_row(tmp_path, "19:unseen@thread.v2")) is None  # (the database migrated beforehand)
    refused = run_import(tmp_path, "--chat", "19:unseen@thread.v2")
    assert refused.returncode == 1
    # Besides alembic's INFO lines (the command line logs at INFO), one line: what is wrong and what to do.
    assert [line for line in refused.stderr.splitlines() if " INFO alembic." not in line] == [
        "chaser import: Chaser has not seen chat 19:unseen@thread.v2, so it does not know where to send its "
        "reminders. Add Chaser to the chat first, or give --tenant and --service-url."
    ]
    assert "Traceback" not in refused.stderr and refused.stdout == ""  # refused before the minutes were read
    for half in (["--tenant", TENANT], ["--service-url", SERVICE_URL]):
        assert run_import(tmp_path, "--chat", "19:unseen@thread.v2", *half).returncode == 1
    for bad, key in (
        (["--tenant", "contoso", "--service-url", SERVICE_URL], "not a tenant id"),
        (["--tenant", TENANT, "--service-url", "http://evil.example/"], "not a Bot Connector service URL"),
    ):
        done = run_import(tmp_path, "--chat", "19:unseen@thread.v2", *bad)
        assert done.returncode == 1 and key in done.stderr.splitlines()[-1] and "Traceback" not in done.stderr
    assert asyncio.run(chat_row(tmp_path, "19:unseen@thread.v2")) is None  # nothing stored


def test_an_unseen_chat_given_its_tenant_and_service_url_is_stored_with_them(tmp_path: Path) -> None:
    done = run_import(tmp_path, "--chat", "19:unseen@thread.v2", "--tenant", TENANT, "--service-url", SERVICE_URL)
    assert done.returncode == 0, done.stderr
    row = asyncio.run(chat_row(tmp_path, "19:unseen@thread.v2"))
    assert row is not None and (row["tenant_id"], row["service_url"]) == (TENANT, SERVICE_URL)
    again = run_import(tmp_path, "--chat", "19:unseen@thread.v2")  # now known: no need to say it again
    assert again.returncode == 0, again.stderr


async def chat_row(tmp_path: Path, chat: str) -> dict[str, Any] | None:
    store = SqlStore.connect(f"sqlite:///{tmp_path / 'cli.db'}")
    try:
        await migrate(store)
        return await store.get_chat(chat)
    finally:
        await store.close()
