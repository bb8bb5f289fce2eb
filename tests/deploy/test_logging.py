"""CHASER_LOG_FORMAT=json: every line the bot writes is one JSON object, and none carries the text of a message that
is not a command (in a meeting chat with RSC the bot is shown every message), even at DEBUG."""

from __future__ import annotations

import json
from pathlib import Path

import aiohttp

from tests.support.activities import Teams
from tests.support.connector import ConnectorStandIn
from tests.support.processes import start_chaser, wait_ready

PRIVATE = "Minutes-only remark about Dafydd's health"


async def test_json_lines_without_the_chat_text(tmp_path: Path, standin: ConnectorStandIn) -> None:
    teams = Teams(standin.url)
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'logs.db'}",
        "CHASER_LOG_FORMAT": "json",
        "CHASER_LOG_LEVEL": "DEBUG",
        "CHASER_SWEEP_SECONDS": "0",
        "CHASER_CHAT_LANGUAGE": "en",
    }
    served = start_chaser(env, tmp_path / "bot.log")
    try:
        await wait_ready(served)
        async with aiohttp.ClientSession() as session:
            for activity in (
                teams.meeting_message(PRIVATE),  # chatter in the meeting: dropped unseen
                teams.meeting_message(PRIVATE, mention_bot=True),  # addressed, but not a command
                teams.meeting_message("/action Share the misinformation toolkit"),
            ):
                async with session.post(f"{served.url}/api/messages", json=activity) as response:
                    assert response.status == 201
    finally:
        code, _ = served.stop()
    assert code == 0
    assert any("Share the misinformation toolkit" in str(r.body) for r in standin.requests)
    lines = [json.loads(line) for line in served.output().splitlines()]
    assert lines and all({"time", "level", "logger", "message"} <= line.keys() for line in lines)
    text = served.output()
    assert PRIVATE not in text and "Dafydd" not in text
    assert any(line["message"].startswith("command action in meeting chat") for line in lines)
    posts = [line for line in lines if line.get("path") == "/api/messages"]
    assert [line["status"] for line in posts] == [201, 201, 201]
    assert any(line["message"].startswith("LOCAL MODE:") for line in lines)
