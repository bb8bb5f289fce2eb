"""One person, however they were named: an owner written as an address, who is a Teams user Chaser knows by that
address, is reminded in their 1:1 chat (not mailed as a stranger), /chasers says so, and the answer link that an
email to them would carry answers for them."""

from __future__ import annotations

from bot.register import answer_links
from bot.register.model import Person
from bot.register.ports import FixedClock
from tests.http.test_chasers import sweep_when_due
from tests.http.test_email_chasers import SECRET, log_for, mailing_bot, smtp  # noqa: F401 (fixtures)
from tests.support.activities import CARYS, MEETING_CHAT, Teams
from tests.support.cards import all_text
from tests.support.connector import ConnectorStandIn
from tests.support.mailserver import MailServer
from tests.support.page import PageClient
from tests.support.running import RunningBot

ADDRESS = "carys.owen@forum.example"


async def carys_known_by_address(bot: RunningBot, teams: Teams, clock: FixedClock) -> None:
    await bot.post(teams.personal_message("/help", user=CARYS))  # Carys has a 1:1 chat with Chaser
    # Teams (the roster, or Graph's directory) told Chaser her address.
    await bot.chaser.store.update_person(
        teams.tenant, Person(CARYS.name, aad_id=CARYS.aad_id), {"email": ADDRESS}, now=clock.now()
    )


async def test_an_owner_by_address_who_is_a_known_teams_user_is_reminded_in_teams(
    mailing_bot: RunningBot,  # noqa: F811
    teams: Teams,
    standin: ConnectorStandIn,
    clock: FixedClock,
    smtp: MailServer,  # noqa: F811
) -> None:
    await carys_known_by_address(mailing_bot, teams, clock)
    await log_for(mailing_bot, teams, "Carys.Owen@Forum.example", "Write the note")
    [action] = await mailing_bot.chaser.register.open_actions(MEETING_CHAT)
    assert action.owner is not None and (action.owner.email, action.owner.aad_id) == (ADDRESS, None)

    await mailing_bot.post(teams.meeting_message("/chasers"))
    assert f"{ADDRESS}\nTeams: 1:1 chat with Chaser" in all_text(standin.cards(MEETING_CHAT)[-1]).replace("\\", "")

    assert (await sweep_when_due(mailing_bot, clock)).sent == 1
    reminders = [c for c in standin.cards(f"a:personal-{CARYS.aad_id}") if "Reminder" in all_text(c)]
    assert len(reminders) == 1 and "Write the note" in all_text(reminders[0])
    assert smtp.received == []

    # A link naming her by her Teams identity answers the action owned by her address: one person.
    token = answer_links.issue(SECRET.encode(), action.id, Person("", aad_id=CARYS.aad_id), now=clock.now())
    browser = PageClient(mailing_bot.url)
    try:
        assert (await browser.answer(f"/a/{token}", "done")).status == 200
    finally:
        await browser.close()
    done = await mailing_bot.chaser.register.store.get_action(action.id)
    assert done is not None and done.status.value == "done"


async def test_at_the_meeting_end_a_person_named_two_ways_gets_one_message_with_both(
    mailing_bot: RunningBot,  # noqa: F811
    teams: Teams,
    standin: ConnectorStandIn,
    clock: FixedClock,
    smtp: MailServer,  # noqa: F811
) -> None:
    await carys_known_by_address(mailing_bot, teams, clock)
    await mailing_bot.post(teams.meeting_event("start", at="2025-03-17T12:00:00Z"))
    await log_for(mailing_bot, teams, ADDRESS, "Write the note")
    await mailing_bot.post(
        teams.meeting_message(f"/action Book the room owner: <at>{CARYS.name}</at>", mentions=(CARYS,))
    )
    await mailing_bot.post(teams.meeting_event("end", at="2025-03-17T13:00:00Z"))

    digests = [c for c in standin.cards(f"a:personal-{CARYS.aad_id}") if "Your actions" in all_text(c)]
    assert len(digests) == 1
    assert "Write the note" in all_text(digests[0]) and "Book the room" in all_text(digests[0])
    assert smtp.received == []


async def test_a_person_named_two_ways_gets_one_reminder_with_both(
    mailing_bot: RunningBot,  # noqa: F811
    teams: Teams,
    standin: ConnectorStandIn,
    clock: FixedClock,
    smtp: MailServer,  # noqa: F811
) -> None:
    await carys_known_by_address(mailing_bot, teams, clock)
    await log_for(mailing_bot, teams, ADDRESS, "Write the note")
    await mailing_bot.post(
        teams.meeting_message(f"/action Book the room owner: <at>{CARYS.name}</at> due: 2025-03-10", mentions=(CARYS,))
    )
    report = await sweep_when_due(mailing_bot, clock)
    assert (report.sent, report.reminders) == (2, 1)
    [reminder] = [c for c in standin.cards(f"a:personal-{CARYS.aad_id}") if "Reminder" in all_text(c)]
    assert "Write the note" in all_text(reminder) and "Book the room" in all_text(reminder)
    assert smtp.received == []
