"""The seed meeting's seven actions, typed as /action commands in the meeting chat, come back as its table."""

from __future__ import annotations

from pathlib import Path

from tests.support.activities import MEETING_CHAT, Teams
from tests.support.cards import table_rows
from tests.support.connector import ConnectorStandIn
from tests.support.running import RunningBot

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seed" / "wales-race-forum-2025-03-17.txt"


def seed_table() -> list[list[str]]:
    lines = SEED.read_text().split("Summary of Actions", 1)[1].strip().splitlines()
    return [line.split("\t") for line in lines[1:] if line.strip()]


async def test_seed_actions_typed_in_the_meeting_chat_list_as_the_seed_table(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    table = seed_table()
    assert len(table) == 7
    for _number, text, owner, deadline in table:
        status, _ = await bot.post(teams.meeting_message(f"/action {text} owner: {owner} deadline: {deadline}"))
        assert status == 201
    confirmations = standin.cards(MEETING_CHAT)
    assert len(confirmations) == 7

    status, _ = await bot.post(teams.meeting_message("/actions"))
    assert status == 201
    listing = standin.cards(MEETING_CHAT)[-1]
    rows = table_rows(listing)
    assert rows[0] == ["No.", "Action Item", "Owner", "Deadline / Status"]
    assert rows[1:] == table
