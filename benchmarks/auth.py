"""How fast a bad token is refused, with the Bot Framework's metadata endpoint up and down (issue 16: under 20 ms).

The bot runs in its own process with MicrosoftAppId set and its OpenID metadata URL pointed at a local stand-in
(tests/support/identity.py) that this process serves; every case of the JWT matrix is posted N times, one after
another, and the latency of each 401 is measured from here. Then a flood of forged requests runs while /healthz is
probed, to show refusals do not hold up the event loop.

    python benchmarks/auth.py [--requests 200]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.turns import free_port  # noqa: E402
from tests.http.test_inbound_auth import BAD  # noqa: E402
from tests.support.activities import TENANT, Teams  # noqa: E402
from tests.support.identity import APP_ID, IdentityStandIn, bearer, token  # noqa: E402

SERVICE_URL = "https://smba.trafficmanager.net/emea/"


def start(port: int, database: Path, metadata_url: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{database}",
        "PYTHONPATH": str(ROOT),
        "MicrosoftAppId": APP_ID,
        "MicrosoftAppPassword": "benchmark-only",
        "MicrosoftAppTenantId": TENANT,
        "CHASER_OPENID_METADATA_URL": metadata_url,
        "CHASER_SWEEP_SECONDS": "0",
        "CHASER_LOG_LEVEL": "ERROR",
    }
    return subprocess.Popen([sys.executable, str(ROOT / "app.py")], env=env)


async def wait_ready(url: str, session: aiohttp.ClientSession) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            async with session.get(f"{url}/healthz") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise RuntimeError("the bot did not start in 30 s")


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    median, worst = statistics.median(ordered), ordered[-1]
    return f"p50 {median * 1000:6.2f} ms  p99 {p99 * 1000:6.2f} ms  max {worst * 1000:6.2f} ms"


async def matrix(url: str, session: aiohttp.ClientSession, requests: int) -> None:
    teams = Teams(SERVICE_URL)
    body = teams.meeting_message("/actions")
    for name, headers in BAD.items():
        samples, statuses = [], set()
        for _ in range(requests):
            started = time.perf_counter()
            async with session.post(f"{url}/api/messages", json=body, headers=headers(SERVICE_URL)) as response:
                await response.read()
                statuses.add(response.status)
            samples.append(time.perf_counter() - started)
        print(f"  {name:30} {sorted(statuses)}  {summary(samples)}")


async def flood(url: str, session: aiohttp.ClientSession, seconds: float) -> None:
    """Forged requests back to back from 8 clients while /healthz is asked every 50 ms."""
    body = Teams(SERVICE_URL).meeting_message("/actions")
    forged = bearer(token(SERVICE_URL, key="attacker"))
    stop = time.monotonic() + seconds
    sent = 0

    async def attacker() -> None:
        nonlocal sent
        while time.monotonic() < stop:
            async with session.post(f"{url}/api/messages", json=body, headers=forged) as response:
                await response.read()
                sent += 1

    probes: list[float] = []

    async def probe() -> None:
        while time.monotonic() < stop:
            started = time.perf_counter()
            async with session.get(f"{url}/healthz") as response:
                await response.read()
            probes.append(time.perf_counter() - started)
            await asyncio.sleep(0.05)

    await asyncio.gather(probe(), *(attacker() for _ in range(8)))
    print(f"  flood: {sent / seconds:,.0f} forged requests a second refused; /healthz {summary(probes)}")


async def run(requests: int) -> None:
    identity = await IdentityStandIn().start()
    try:
        async with aiohttp.ClientSession() as session:
            for state in ("up", "down"):
                identity.down = state == "down"
                with tempfile.TemporaryDirectory() as tmp:
                    port = free_port()
                    process = start(port, Path(tmp) / "chaser.db", identity.metadata_url)
                    url = f"http://127.0.0.1:{port}"
                    try:
                        await wait_ready(url, session)
                        await asyncio.sleep(0.5)  # the keys are fetched in the background at start
                        before = identity.requests
                        print(f"metadata endpoint {state}: {requests} requests per case")
                        await matrix(url, session, requests)
                        await flood(url, session, 3.0)
                        print(f"  metadata fetches during the run: {identity.requests - before}")
                    finally:
                        process.terminate()
                        process.wait(timeout=10)
    finally:
        await identity.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    asyncio.run(run(min(args.requests, 5000)))


if __name__ == "__main__":
    main()
