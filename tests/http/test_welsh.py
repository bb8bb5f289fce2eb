"""Cymraeg a Saesneg: each person's language, bilingual group chats by default, Welsh commands."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.register.ports import FixedClock
from tests.support.activities import BETH, MEETING_CHAT, Teams
from tests.support.cards import all_text, table_rows
from tests.support.connector import ConnectorStandIn
from tests.support.running import RunningBot, running_bot

BETH_CHAT = f"a:personal-{BETH.aad_id}"


@pytest.fixture
async def default_bot(sqlite_url: str, clock: FixedClock, teams: Teams) -> AsyncIterator[RunningBot]:
    """The bot as deployed: no chat language configured, so group chats are bilingual."""
    async with running_bot({"DATABASE_URL": sqlite_url, "CHASER_CHAT_LANGUAGE": ""}, clock=clock) as running:
        yield running


async def test_a_welsh_teams_user_gets_welsh_replies(bot: RunningBot, teams: Teams, standin: ConnectorStandIn) -> None:
    await bot.post(teams.personal_message("/help", user=BETH, locale="cy-GB"))
    text = all_text(standin.cards(BETH_CHAT)[-1])
    assert "Cymraeg" in text and "Log actions as" not in text
    await bot.post(teams.personal_message("/gweithredoedd", user=BETH, locale="cy-GB"))
    assert "Nid oes" in all_text(standin.cards(BETH_CHAT)[-1])


async def test_iaith_saesneg_switches_to_english_and_it_is_remembered(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await bot.post(teams.personal_message("/iaith saesneg", user=BETH, locale="cy-GB"))
    assert standin.texts(BETH_CHAT)[-1] == "Done: Chaser will write to you in English."
    await bot.post(teams.personal_message("/help", user=BETH, locale="cy-GB"))
    text = all_text(standin.cards(BETH_CHAT)[-1])
    assert "Log actions as" in text and "Your language: English" in text
    await bot.post(teams.personal_message("/language cymraeg", user=BETH, locale="en-GB"))
    # "yn Gymraeg", with the soft mutation after "yn" (not "yn Cymraeg").
    assert standin.texts(BETH_CHAT)[-1] == "Wedi'i wneud: bydd Chaser yn ysgrifennu atoch yn Gymraeg."
    person = await bot.chaser.store.get_person(teams.tenant, BETH.aad_id)
    assert person is not None and person["language"] == "cy"


async def test_a_meeting_chat_is_bilingual_by_default_with_welsh_first(
    default_bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await default_bot.post(teams.meeting_event("start", at="2025-03-17T12:00:00Z"))
    await default_bot.post(teams.meeting_message("/gweithred Rhannu'r pecyn cymorth perchennog: Ysgrifenyddiaeth"))
    confirmation = all_text(standin.cards(MEETING_CHAT)[-1])
    assert confirmation.index("Cam gweithredu 1") < confirmation.index("Action 1 logged")
    await default_bot.post(teams.meeting_event("end", at="2025-03-17T13:00:00Z"))
    summary = standin.cards(MEETING_CHAT)[-1]
    text = all_text(summary)
    assert text.index("Crynodeb") < text.index("Summary of Actions")
    header = table_rows(summary)[0]
    assert header[0].startswith("Rhif") and header[0].endswith("No.")
    assert table_rows(summary)[1][1:3] == ["Rhannu'r pecyn cymorth", "Ysgrifenyddiaeth"]


async def test_a_chat_can_choose_one_language(default_bot: RunningBot, teams: Teams, standin: ConnectorStandIn) -> None:
    await default_bot.post(teams.meeting_message("/iaith sgwrs cymraeg"))
    assert "Wedi'i wneud" in standin.texts(MEETING_CHAT)[-1]
    await default_bot.post(teams.meeting_message("/cymorth"))
    text = all_text(standin.cards(MEETING_CHAT)[-1])
    assert "Cymraeg" in text and "Log actions as" not in text
    await default_bot.post(teams.meeting_message("/language chat english"))
    await default_bot.post(teams.meeting_message("/help"))
    assert "Log actions as" in all_text(standin.cards(MEETING_CHAT)[-1])


async def test_welsh_commands_and_welsh_secretariat_work(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await bot.post(
        teams.meeting_message("/gweithred Rhannu'r pecyn perchennog: Ysgrifenyddiaeth dyddiad cau: 2025-06-30")
    )
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert (action.owner.name if action.owner else None, action.deadline.text) == ("Ysgrifenyddiaeth", "2025-06-30")
    await bot.post(teams.meeting_message(f"/rol Ysgrifenyddiaeth <at>{BETH.name}</at>", mentions=(BETH,)))
    # Beth holds the Secretariat under its Welsh name, so she may close an action she neither owns nor logged.
    await bot.post(teams.meeting_message("/cwblhau rhif 1", user=BETH))
    assert (await bot.chaser.register.by_number(MEETING_CHAT, 1)).status.value == "done"


async def test_an_unknown_language_gets_a_clear_answer(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await bot.post(teams.meeting_message("/language klingon"))
    assert "is not a language Chaser knows" in standin.texts(MEETING_CHAT)[-1]
    await bot.post(teams.personal_message("/language chat cymraeg", user=BETH))
    assert "set in that chat" in standin.texts(BETH_CHAT)[-1]
