"""A register bigger than a card: lists read only the rows they show and say how many there are; exports are
written in pages and still hold every action."""

from __future__ import annotations

from tests.support.activities import MEETING_CHAT, Teams
from tests.support.cards import all_text, table_rows
from tests.support.connector import ConnectorStandIn
from tests.support.running import RunningBot

LIST_ROWS = 40  # cards.list_cards.MAX_ROWS


async def log_many(bot: RunningBot, teams: Teams, count: int) -> None:
    for index in range(1, count + 1):
        await bot.post(teams.meeting_message(f"/action Action number {index} owner: Secretariat"))


async def test_actions_shows_the_first_rows_and_counts_them_all(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await log_many(bot, teams, LIST_ROWS + 5)
    await bot.post(teams.meeting_message("/done 2"))
    await bot.post(teams.meeting_message("/actions"))
    card = standin.cards(MEETING_CHAT)[-1]
    numbers = [row[0] for row in table_rows(card)[1:]]
    # Open ones only, in order, as many as the card holds; the heading and the note count every open action.
    assert numbers == [str(n) for n in range(1, LIST_ROWS + 2) if n != 2]
    text = all_text(card)
    assert f"{LIST_ROWS + 4} open actions" in text
    assert f"Showing {LIST_ROWS} of {LIST_ROWS + 4}" in text
