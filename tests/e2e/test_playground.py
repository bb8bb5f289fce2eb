"""End to end in Microsoft 365 Agents Playground (Microsoft's local Teams emulator): Chaser and the Playground run
for real on 127.0.0.1, and headless Chromium uses the Playground's web UI as a Teams user would."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools"
PLAYGROUND = TOOLS / "node_modules" / "@microsoft" / "m365agentsplayground" / "cli.js"
SHOTS = ROOT / "build" / "playground-screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path("/usr/bin/chromium").exists() or not PLAYGROUND.exists() or not shutil.which("node"),
        reason="needs Debian's chromium and the npm tools: apt-get install chromium; (cd tools && npm ci)",
    ),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"nothing listened on {port}")


def listening_addresses(port: int) -> set[str]:
    result = subprocess.run(["ss", "-ltnH"], capture_output=True, text=True, check=False)
    return {
        line.split()[3].rsplit(":", 1)[0] for line in result.stdout.splitlines() if line.split()[3].endswith(f":{port}")
    }


@pytest.fixture
def running(tmp_path: Path) -> Iterator[tuple[int, int]]:
    bot_port, playground_port = free_port(), free_port()
    bot = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py")],
        cwd=tmp_path,
        env={**os.environ, "PORT": str(bot_port), "DATABASE_URL": f"sqlite:///{tmp_path / 'chaser.db'}"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    playground = subprocess.Popen(
        [
            "node",
            "--require",
            str(TOOLS / "loopback-only.cjs"),
            str(PLAYGROUND),
            "-e",
            f"http://127.0.0.1:{bot_port}/api/messages",
            "-c",
            "msteams",
            "-p",
            str(playground_port),
            "--disable-telemetry",
        ],
        cwd=TOOLS,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(bot_port, bot)
        wait_for_port(playground_port, playground)
        yield bot_port, playground_port
    finally:
        for process in (playground, bot):
            process.terminate()
        for process in (playground, bot):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def test_a_user_logs_actions_in_a_group_chat_and_lists_them(running: tuple[int, int]) -> None:
    bot_port, playground_port = running
    assert listening_addresses(bot_port) == {"127.0.0.1"}
    assert listening_addresses(playground_port) == {"127.0.0.1"}
    result = subprocess.run(
        ["node", "playground-e2e.mjs", f"http://127.0.0.1:{playground_port}", str(SHOTS)],
        cwd=TOOLS,
        capture_output=True,
        text=True,
        timeout=240,
    )
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert "error" not in seen, seen
    assert seen["logged"] and seen["form"]
    # "Log as action" on a colleague's message: the dialog is filled from it, and the action is logged once.
    assert "Owen to circulate the draft terms of reference" in seen["dialog"], seen["dialog"]
    assert "Owen" in seen["messageAction"] and "by Friday" in seen["messageAction"]
    assert "3 open actions" in seen["listed"]
    assert "Owen to circulate the draft terms of reference" in seen["listed"]
    assert "Share the Misinformation Toolkit with Forum members" in seen["listed"]
    assert "Invite a DARPL representative to the next meeting" in seen["listed"]
    assert "Reminders due in the next 14 days" in seen["chasers"]
    # As Teams draws them (Playground's renderer, cards not at full width): no word broken across lines in any card.
    assert seen["brokenWords"] == []
    assert (SHOTS / "playground-actions.png").stat().st_size > 10_000
