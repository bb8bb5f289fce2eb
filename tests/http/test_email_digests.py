"""When the meeting ends, each owner gets their actions by the route that reaches them: people known only by an email
address (an owner, or a role's holder) get an email in their own language (Welsh then English when it is not
known) with an answer link per action; Teams users still get the card. A repeated end event sends nothing twice, a
mailbox that refuses is recorded and does not stop the others, and a language chosen on the answer page is the one
the next email is written in."""

from __future__ import annotations

from bot.register.model import Person
from bot.register.ports import FixedClock
from tests.http.test_chasers import sweep_when_due
from tests.http.test_email_chasers import JO, links, log_for, mailing_bot, smtp  # noqa: F401 (fixtures)
from tests.support.activities import BETH, MEETING_CHAT, Teams
from tests.support.cards import all_text
from tests.support.connector import ConnectorStandIn
from tests.support.mailserver import MailServer
from tests.support.page import PageClient, page_path
from tests.support.running import RunningBot

SAM = "sam@example.org"
START = "2025-03-17T12:00:00Z"
END = "2025-03-17T13:00:00Z"


async def test_an_email_owner_gets_their_actions_by_email_when_the_meeting_ends(
    mailing_bot: RunningBot,  # noqa: F811
    teams: Teams,
    clock: FixedClock,
    standin: ConnectorStandIn,
    smtp: MailServer,  # noqa: F811
) -> None:
    await mailing_bot.post(teams.meeting_event("start", at=START))
    await mailing_bot.post(teams.personal_message("/help", user=BETH))  # Beth has a 1:1 chat with Chaser
    await log_for(mailing_bot, teams, JO, "Share the toolkit")
    await log_for(mailing_bot, teams, JO, "Book the room")
    await mailing_bot.post(
        teams.meeting_message(f"/action Send the deck owner: <at>{BETH.name}</at>", mentions=(BETH,))
    )
    # A role held by someone known only by address, who chose English.
    await log_for(mailing_bot, teams, "Regional Convenor", "Write to the members")
    await mailing_bot.post(teams.meeting_message(f'/role "Regional Convenor" {SAM}'))
    await mailing_bot.chaser.store.update_person(
        teams.tenant, Person("", email=SAM), {"language": "en"}, now=clock.now()
    )
    assert smtp.received == []

    end = teams.meeting_event("end", at=END)
    await mailing_bot.post(end)

    [jo] = smtp.to(JO)  # one email with both of Jo's actions
    subject = str(jo.message["Subject"])
    assert (
        subject.startswith("Eich camau gweithredu: Wales Race Forum")
        and "Your actions from Wales Race Forum" in subject
    )
    plain = jo.part("plain")
    assert plain.index("Chi yw perchennog 2 gam gweithredu newydd") < plain.index("You own 2 new actions")
    assert "Share the toolkit" in plain and "Book the room" in plain and "Send the deck" not in plain
    assert jo.message["Content-Language"] == "cy, en"
    jo_links = links(jo)
    assert len(jo_links) == 4 and len(set(jo_links)) == 2  # one link per action, in each language's part

    [sam] = smtp.to(SAM)
    assert sam.message["Subject"] == "Your actions from Wales Race Forum, Mon 17 March 2025"
    assert sam.message["Content-Language"] == "en" and "Write to the members" in sam.part("plain")
    assert 'lang="cy"' not in sam.part("html")

    # Beth is in Teams: the card in her 1:1 chat, no email; nobody known by address is @mentioned.
    beth = [c for c in standin.cards(f"a:personal-{BETH.aad_id}") if "Your actions" in all_text(c)]
    assert len(beth) == 1 and "Send the deck" in all_text(beth[0])
    assert not [c for c in standin.cards(MEETING_CHAT) if "Your actions" in all_text(c)]
    assert {r.recipients[0] for r in smtp.received} == {JO, SAM}
    jo_row = await mailing_bot.chaser.store.find_person(teams.tenant, Person("", email=JO))
    assert jo_row is not None and jo_row["reach_route"] == "email"

    # The link answers the action it names.
    browser = PageClient(mailing_bot.url)
    try:
        page = await browser.answer(page_path(jo_links[0]), "done")
    finally:
        await browser.close()
    assert page.status == 200 and "This action is closed" in page.text

    # The same end event again, and a second one: nothing more is sent.
    await mailing_bot.post(end)
    await mailing_bot.post(teams.meeting_event("end", at="2025-03-17T13:05:00Z"))
    assert len(smtp.received) == 2


async def test_a_mailbox_that_refuses_at_the_meeting_end_is_recorded_and_the_others_still_get_theirs(
    mailing_bot: RunningBot,  # noqa: F811
    teams: Teams,
    standin: ConnectorStandIn,
    smtp: MailServer,  # noqa: F811
) -> None:
    smtp.handler.refuse[JO] = "550 5.1.1 <jo@example.org>: no such user"
    await mailing_bot.post(teams.meeting_event("start", at=START))
    await log_for(mailing_bot, teams, JO, "Share the toolkit")
    await log_for(mailing_bot, teams, SAM, "Book the room")
    await mailing_bot.post(teams.meeting_event("end", at=END))

    assert smtp.handler.refused == [JO]
    assert len(smtp.to(SAM)) == 1
    jo = await mailing_bot.chaser.store.find_person(teams.tenant, Person("", email=JO))
    assert jo is not None and "no such user" in jo["mail_failure"] and jo["reach_route"] == "unreachable"
    await mailing_bot.post(teams.meeting_message("/chasers"))
    view = all_text(standin.cards(MEETING_CHAT)[-1]).replace("\\", "")
    assert f"{JO}\nCannot be reached\nTheir mailbox refused mail on" in view


async def test_the_language_chosen_on_the_answer_page_is_the_one_the_next_email_is_in(
    mailing_bot: RunningBot,  # noqa: F811
    teams: Teams,
    clock: FixedClock,
    smtp: MailServer,  # noqa: F811
) -> None:
    await log_for(mailing_bot, teams, JO, "Share the toolkit")
    await sweep_when_due(mailing_bot, clock)
    [first] = smtp.to(JO)
    assert first.message["Content-Language"] == "cy, en"  # not known yet: Welsh, then English

    browser = PageClient(mailing_bot.url)
    try:
        path = page_path(links(first)[0])
        saved = await browser.post((await browser.get(path)).form("language"), language="cy")
        assert saved.status == 303
    finally:
        await browser.close()
    jo = await mailing_bot.chaser.store.find_person(teams.tenant, Person("", email=JO))
    assert jo is not None and jo["language"] == "cy"

    assert (await sweep_when_due(mailing_bot, clock)).sent == 1
    later = smtp.to(JO)[1:]
    assert later, "a later chaser was sent"
    assert {str(m.message["Content-Language"]) for m in later} == {"cy"}
    assert all("Reminder" not in m.part("plain") and 'lang="en"' not in m.part("html") for m in later)


async def test_a_role_held_by_an_address_is_chased_by_email(
    mailing_bot: RunningBot,  # noqa: F811
    teams: Teams,
    clock: FixedClock,
    smtp: MailServer,  # noqa: F811
) -> None:
    await log_for(mailing_bot, teams, "Regional Convenor", "Write to the members")
    await mailing_bot.post(teams.meeting_message(f'/role "Regional Convenor" {SAM} jo@example.org'))
    report = await sweep_when_due(mailing_bot, clock)
    assert (report.claimed, report.reminders) == (1, 2)  # one chaser, to each holder
    for holder in (SAM, JO):
        [mail] = smtp.to(holder)
        assert "Write to the members" in mail.part("plain") and "Regional Convenor" in mail.part("plain")
