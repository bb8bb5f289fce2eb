"""Chaser started for real, as a separate process (`chaser serve`, gunicorn), for the tests that need the process
itself: its exit code, what it prints, how it takes SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "0b6fe6d1-fece-44f7-9a48-56465e2d5ab8"
TENANT_ID = "c9f9aafd-64ac-4f38-8e05-12feba3fb090"

# A production-shaped configuration (an app id, so no local-mode banner) listening on loopback.
PRODUCTION = {
    "MicrosoftAppId": APP_ID,
    "MicrosoftAppPassword": "not-a-real-secret",
    "MicrosoftAppTenantId": TENANT_ID,
    "HOST": "127.0.0.1",
    "CHASER_PUBLIC_URL": "https://chaser.example.org",
    "CHASER_SIGNING_SECRET": "a-test-secret-of-more-than-32-characters",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def clean_environment(env: dict[str, str]) -> dict[str, str]:
    """The test process's environment without any Chaser or Bot Framework setting, plus `env`."""
    inherited = {k: v for k, v in os.environ.items() if not (k.startswith("CHASER_") or k.startswith("MicrosoftApp"))}
    inherited.pop("DATABASE_URL", None)
    inherited.pop("HOST", None)
    inherited.pop("PORT", None)
    return {**inherited, **env}


# What root may do that the permission refusals need refused: listen below port 1024, and write where the file
# modes say no. Dropped from the capability bounding set, root keeps its own files (the interpreter under /root).
ROOT_PRIVILEGES = "-net_bind_service,-dac_override,-dac_read_search,-fowner"


def run_chaser(
    args: list[str], env: dict[str, str], *, cwd: Path | None = None, timeout: float = 60, unprivileged: bool = False
) -> subprocess.CompletedProcess[str]:
    """`python app.py ARGS` to completion (for the commands and refusals that end by themselves). `unprivileged`:
    when the tests run as root, util-linux's setpriv drops the privileges above before Python starts."""
    drop = ["setpriv", f"--bounding-set={ROOT_PRIVILEGES}"] if unprivileged and os.geteuid() == 0 else []
    return subprocess.run(
        [*drop, sys.executable, str(ROOT / "app.py"), *args],
        env=clean_environment(env),
        cwd=cwd or ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def stop(self, sig: int = signal.SIGTERM, *, timeout: float = 15) -> tuple[int, float]:
        """Sends `sig` and waits; the exit code and the seconds it took."""
        started = time.monotonic()
        if self.process.poll() is None:
            self.process.send_signal(sig)
        code = self.process.wait(timeout=timeout)
        return code, time.monotonic() - started

    def output(self) -> str:
        """What the process wrote to stderr so far."""
        return self.log.read_text(errors="replace")


def start_chaser(
    env: dict[str, str], log: Path, *, command: list[str] | None = None, port: int | None = None
) -> Served:
    """Starts `chaser serve` (or `command`) on a free port; stderr goes to the file `log` (a pipe nobody reads
    would fill and stall the process)."""
    port = port or free_port()
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            command or [sys.executable, str(ROOT / "app.py"), "serve"],
            env=clean_environment({"PORT": str(port), **env}),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    return Served(process, f"http://127.0.0.1:{port}", log)


async def wait_ready(served: Served, *, within: float = 60) -> None:
    """Until /readyz answers 200 (the process migrated and listens); fails early if the process died."""
    deadline = time.monotonic() + within
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            if served.process.poll() is not None:
                raise AssertionError(f"chaser exited with {served.process.returncode}: {served.output()}")
            try:
                async with session.get(f"{served.url}/readyz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError(f"chaser at {served.url} was not ready within {within} s")


async def chaser_command(env: dict[str, str], *args: str, stdin: bytes | None = None) -> tuple[int, str]:
    """`python app.py ARGS` as a mail server's pipe runs it (`chaser bounce` with a report on stdin), without
    blocking the event loop a bot under test is serving on: the exit code and what it printed."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(ROOT / "app.py"),
        *args,
        stdin=asyncio.subprocess.PIPE if stdin is not None else asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
        env=clean_environment(env),
        cwd=ROOT,
    )
    out, _ = await process.communicate(stdin)
    return int(process.returncode or 0), out.decode()
