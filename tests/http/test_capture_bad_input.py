"""Bad input to /action, in English and Welsh: an empty message, 5,000 characters, a message that is only a mention.
Each gets a clear reply and nothing half-made is stored."""

from __future__ import annotations

import pytest

from tests.support.activities import BETH, CARYS, MEETING_CHAT, Teams
from tests.support.connector import ConnectorStandIn
from tests.support.running import RunningBot


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("en-GB", "Type /help"), ("cy-GB", "/help")],
)
async def test_an_empty_message_to_chaser_gets_the_hint(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, locale: str, expected: str
) -> None:
    await bot.post(teams.meeting_message("", mention_bot=True))
    assert expected in standin.texts(MEETING_CHAT)[-1]
    await bot.post(teams.personal_message("   ", user=BETH, locale=locale))
    assert expected in standin.texts()[-1]
    assert await bot.chaser.store.count("actions") == 0


@pytest.mark.parametrize(
    ("words", "english", "welsh"),
    [
        ("x" * 5000, "too long", "rhy hir"),
        (f"<at>{BETH.name}</at>", "The action has no text", "Nid oes testun"),
        ("   ", "", ""),  # /action alone opens the form, in the person's language
    ],
)
async def test_bad_action_words_get_a_clear_reply_in_english_and_welsh_and_store_nothing(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, words: str, english: str, welsh: str
) -> None:
    mentions = (BETH,) if "<at>" in words else ()
    await bot.post(teams.meeting_message(f"/action {words}", mentions=mentions))
    await bot.post(teams.personal_message(f"/action {words}", user=CARYS, locale="cy-GB"))
    if english:
        assert english in standin.texts(MEETING_CHAT)[-1]
        assert welsh in standin.texts()[-1]
    else:
        assert len(standin.cards()) == 2  # the form, twice
    assert await bot.chaser.store.count("actions") == 0
    assert await bot.chaser.store.count("audit_events") == 0
