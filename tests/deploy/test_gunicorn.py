"""The production start command, `gunicorn app:create_app` (gunicorn.conf.py: aiohttp's worker, address and port
from Chaser's settings), serves /api/messages and /readyz, drains on SIGTERM, and refuses a bad start in one line."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import aiohttp
import pytest

from tests.support.activities import MEETING_CHAT, Teams
from tests.support.connector import ConnectorStandIn
from tests.support.databases import PG_DSN, postgres_unavailable_reason
from tests.support.processes import PRODUCTION, ROOT, clean_environment, free_port, start_chaser, wait_ready

GUNICORN = [sys.executable, "-m", "gunicorn", "app:create_app"]


async def test_gunicorn_serves_messages_and_readiness(tmp_path: Path, standin: ConnectorStandIn) -> None:
    teams = Teams(standin.url)
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'g.db'}", "CHASER_SWEEP_SECONDS": "0", "CHASER_LOG_FORMAT": "json"}
    # The operator turned gunicorn's access log on: Chaser's access lines are written instead of aiohttp's, whose
    # request line would carry an export link's signature and an answer page's token.
    access = tmp_path / "access.log"
    served = start_chaser(env, tmp_path / "gunicorn.log", command=[*GUNICORN, "--access-logfile", str(access)])
    try:
        await wait_ready(served)
        async with aiohttp.ClientSession() as session:
            async with session.get(f"{served.url}/readyz") as ready:
                assert ready.status == 200
                assert (await ready.json())["status"] == "ready"
            activity = teams.meeting_message("/action Book the room for June")
            async with session.post(f"{served.url}/api/messages", json=activity) as response:
                assert response.status == 201
            secret_query = "chat=19%3Ax&format=md&expires=99999999999&sig=SIGNATURESECRET"
            async with session.get(f"{served.url}/exports?{secret_query}") as response:
                assert response.status == 403
            async with session.get(f"{served.url}/a/TOKENSECRETTOKENSECRET") as response:
                assert response.status in (403, 404)
    finally:
        code, took = served.stop()
    assert code == 0 and took < 12
    assert any("Book the room for June" in str(r.body) for r in standin.sent_to(MEETING_CHAT))
    log = served.output()
    assert "Using worker: aiohttp.GunicornWebWorker" in log and "Traceback" not in log
    written = log + (access.read_text() if access.exists() else "")
    assert '"path": "/exports"' in log and '"path": "/a/…"' in log
    assert "SIGNATURESECRET" not in written and "TOKENSECRET" not in written
    # gunicorn's own lines come out as JSON too.
    assert all(line.startswith("{") for line in log.splitlines()), log


def gunicorn_refusal(env: dict[str, str]) -> tuple[int, str]:
    result = subprocess.run(
        GUNICORN,
        env=clean_environment({"PORT": str(free_port()), **env}),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.returncode, result.stderr


def test_gunicorn_refuses_half_set_production_configuration(tmp_path: Path) -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "CHASER_SIGNING_SECRET"}
    code, stderr = gunicorn_refusal({**env, "DATABASE_URL": f"sqlite:///{tmp_path / 'g.db'}"})
    assert code == 2
    assert stderr.strip().splitlines() == [
        "chaser: configuration error: missing CHASER_SIGNING_SECRET: with MicrosoftAppId set, Chaser needs its "
        "public https address (CHASER_PUBLIC_URL) and a signing secret of 32+ random characters, the same on every "
        "replica (CHASER_SIGNING_SECRET)"
    ]


@pytest.mark.skipif(postgres_unavailable_reason() is not None, reason=postgres_unavailable_reason() or "")
def test_gunicorn_stops_on_a_missing_database_with_one_line_of_ours() -> None:
    name = f"chaser_missing_{uuid.uuid4().hex[:8]}"
    env = {**PRODUCTION, "DATABASE_URL": PG_DSN.rsplit("/", 1)[0] + f"/{name}"}
    code, stderr = gunicorn_refusal(env)
    assert code == 3  # gunicorn's "worker failed to boot": it stops rather than restarting the worker for ever
    ours = [line for line in stderr.splitlines() if line.startswith("chaser:")]
    assert len(ours) == 1 and f"the database '{name}' does not exist" in ours[0]
    assert "Traceback" not in stderr
