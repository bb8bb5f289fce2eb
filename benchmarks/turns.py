"""Turns per second through /api/messages: Chaser's /action turn against the stock botbuilder echo bot.

Each bot runs in its own process on 127.0.0.1; this process plays Teams (N conversations posting turns at once) and
the Bot Connector (a stand-in that answers at once, or after 100 ms as the real service costs). Every loop is
bounded in turns and seconds.

    python benchmarks/turns.py [--seconds 4] [--concurrency 1 8 32]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.activities import Teams  # noqa: E402
from tests.support.connector import ConnectorStandIn  # noqa: E402

MAX_TURNS_PER_RUN = 20_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def wait_ready(url: str, session: aiohttp.ClientSession, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            async with session.post(f"{url}/api/messages", data=b"{}", headers={"Content-Type": "text/plain"}):
                return
        except aiohttp.ClientError:
            await asyncio.sleep(0.1)
    raise RuntimeError("server did not start in 30 s")


def start(kind: str, port: int, database: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PORT": str(port), "DATABASE_URL": f"sqlite:///{database}", "PYTHONPATH": str(ROOT)}
    env.pop("MicrosoftAppId", None)
    if kind == "chaser":
        command = [sys.executable, str(ROOT / "app.py")]
        env["CHASER_LOG_LEVEL"] = "WARNING"
    else:
        command = [sys.executable, str(ROOT / "benchmarks" / "echo_bot.py"), "--port", str(port)]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def drive(url: str, teams: Teams, concurrency: int, seconds: float) -> tuple[float, list[float], int]:
    latencies: list[float] = []
    failures = 0
    stop_at = time.monotonic() + seconds
    connector = aiohttp.TCPConnector(limit=concurrency + 4)
    async with aiohttp.ClientSession(connector=connector) as session:
        chats = [f"19:bench-{index}-{time.monotonic_ns()}@thread.v2" for index in range(concurrency)]

        # As in Teams, the bot is added to each chat before anyone types in it (untimed): the install is when the
        # chat is first stored, so the timed turns are the steady state of a meeting, not first contact. Sent all at
        # once, the installs also open the connections the timed turns reuse, as Teams keeps its connections open.
        async def install(chat: str) -> None:
            async with session.post(f"{url}/api/messages", json=teams.bot_added(personal=False, chat_id=chat)) as r:
                await r.read()

        await asyncio.gather(*(install(chat) for chat in chats))

        async def conversation(index: int) -> None:
            nonlocal failures
            chat = chats[index]
            turn = 0
            while time.monotonic() < stop_at and len(latencies) < MAX_TURNS_PER_RUN:
                turn += 1
                activity = teams.group_message(f"/action Benchmark action {turn} owner: Secretariat", chat_id=chat)
                started = time.perf_counter()
                async with session.post(f"{url}/api/messages", json=activity) as response:
                    await response.read()
                    if response.status >= 300:
                        failures += 1
                latencies.append(time.perf_counter() - started)

        # This process plays Teams and the Bot Connector and keeps every request it sees: its own garbage collector
        # paused everything for 60-170 ms every ~2 s, which showed up as the bots' p99. Off while timing.
        gc.collect()
        gc.disable()
        try:
            began = time.perf_counter()
            await asyncio.gather(*(conversation(i) for i in range(concurrency)))
            elapsed = time.perf_counter() - began
        finally:
            gc.enable()
    return len(latencies) / elapsed, latencies, failures


def cpu_seconds(pid: int) -> float | None:
    """CPU time a process has used (user + system), from /proc; None where there is no /proc."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--delays", type=float, nargs="+", default=[0.0, 0.1])
    args = parser.parse_args()
    results: dict[tuple[str, float, int], float] = {}
    # cpu ms/turn: the bot process's own CPU per turn. On a shared machine it moves with the host's speed, which
    # explains most of the run-to-run spread in the other figures.
    print(
        f"{'bot':8} {'connector':>9} {'conc':>5} {'turns/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'turns':>7} {'fail':>5}"
        f" {'cpu ms/turn':>12}"
    )
    for delay in args.delays:
        standin = await ConnectorStandIn(delay=delay).start()
        teams = Teams(standin.url)
        try:
            for kind in ("echo", "chaser"):
                with tempfile.TemporaryDirectory() as tmp:
                    port = free_port()
                    process = start(kind, port, Path(tmp) / "bench.db")
                    url = f"http://127.0.0.1:{port}"
                    try:
                        async with aiohttp.ClientSession() as session:
                            await wait_ready(url, session, process)
                        await drive(url, teams, 4, 1.0)  # warm up: imports, caches, connections
                        for concurrency in args.concurrency:
                            cpu_before = cpu_seconds(process.pid)
                            rate, latencies, failures = await drive(url, teams, concurrency, args.seconds)
                            cpu_after = cpu_seconds(process.pid)
                            results[(kind, delay, concurrency)] = rate
                            cpu = (
                                f"{(cpu_after - cpu_before) * 1000 / len(latencies):>12.3f}"
                                if cpu_before is not None and cpu_after is not None and latencies
                                else f"{'-':>12}"
                            )
                            print(
                                f"{kind:8} {int(delay * 1000):>7}ms {concurrency:>5} {rate:>9.1f} "
                                f"{percentile(latencies, 0.5) * 1000:>8.1f} {percentile(latencies, 0.99) * 1000:>8.1f} "
                                f"{len(latencies):>7} {failures:>5} {cpu}",
                                flush=True,
                            )
                            standin.requests.clear()
                    finally:
                        process.terminate()
                        process.wait(timeout=10)
        finally:
            await standin.stop()
    print()
    for delay in args.delays:
        for concurrency in args.concurrency:
            echo, chaser = results[("echo", delay, concurrency)], results[("chaser", delay, concurrency)]
            label = f"connector {int(delay * 1000)} ms, {concurrency} conversations"
            print(f"ratio chaser/echo, {label}: {chaser / echo:.2f}x")


if __name__ == "__main__":
    asyncio.run(main())
