"""A chaser the relay accepted that bounces later: the mail server pipes the report to `chaser bounce`, which records
it against the person; /chasers shows it, and a mailbox that refused is not mailed again for a week. A report that
is not about Chaser's mail to that person changes nothing."""

from __future__ import annotations

from bot.register.model import Person
from bot.register.ports import FixedClock
from tests.http.test_chasers import sweep_when_due
from tests.http.test_email_chasers import JO, SECRET, log_for, mailing_bot, smtp  # noqa: F401 (fixtures)
from tests.mail.test_bounces import FIXTURES
from tests.support.activities import MEETING_CHAT, Teams
from tests.support.cards import all_text
from tests.support.connector import ConnectorStandIn
from tests.support.mailserver import MailServer
from tests.support.processes import chaser_command
from tests.support.running import RunningBot


def bounce_for(recipient: str, message_id: str, fixture: str = "postfix-failed.eml") -> bytes:
    text = (FIXTURES / fixture).read_text().replace("{recipient}", recipient).replace("{message_id}", message_id)
    return text.replace("\n", "\r\n").encode()


async def pipe(db_url: str, report: bytes) -> tuple[int, str]:
    """What a mail server's pipe does: `chaser bounce` with the report on stdin."""
    return await chaser_command({"DATABASE_URL": db_url, "CHASER_SIGNING_SECRET": SECRET}, "bounce", stdin=report)


async def test_a_bounce_piped_to_chaser_is_recorded_shown_and_pauses_mail_to_that_mailbox(
    db_url: str,
    mailing_bot: RunningBot,  # noqa: F811
    teams: Teams,
    standin: ConnectorStandIn,
    clock: FixedClock,
    smtp: MailServer,  # noqa: F811
) -> None:
    await log_for(mailing_bot, teams, JO, "Share the toolkit")
    await log_for(mailing_bot, teams, "sam@example.org", "Book the room")
    assert (await sweep_when_due(mailing_bot, clock)).sent == 2
    [sent] = smtp.to(JO)
    message_id = str(sent.message["Message-ID"])

    # Someone else's report, or one naming Jo about mail Chaser sent Sam: nothing recorded.
    sams = str(smtp.to("sam@example.org")[0].message["Message-ID"])
    for forged in (bounce_for(JO, sams), bounce_for(JO, "<x@elsewhere.example>")):
        status, said = await pipe(db_url, forged)
        assert status == 0 and "ignored: not a report about mail Chaser sent" in said
    status, said = await pipe(db_url, b"Subject: hello\r\n\r\nnot a report\r\n")
    assert status == 0 and "ignored: a text/plain message, not a delivery report" in said
    jo = await mailing_bot.chaser.store.find_person(teams.tenant, Person("", email=JO))
    assert jo is None or jo.get("mail_failure") is None

    status, said = await pipe(db_url, bounce_for(JO, message_id))
    assert status == 0 and said.startswith("chaser bounce: jo@example.org: refused (5.1.1 550 5.1.1")
    jo = await mailing_bot.chaser.store.find_person(teams.tenant, Person("", email=JO))
    assert jo is not None and jo["mail_failure"].startswith("5.1.1 550 5.1.1 <jo@example.org>: Recipient address")
    assert jo["mail_refused_until"] is not None

    await mailing_bot.post(teams.meeting_message("/chasers"))
    view = all_text(standin.cards(MEETING_CHAT)[-1]).replace("\\", "")
    assert f"{JO}\nCannot be reached\nTheir mailbox refused mail on" in view
    assert "sam@example.org\nEmail" in view

    # Later chasers: Sam is mailed again, Jo's refused mailbox is not.
    assert (await sweep_when_due(mailing_bot, clock)).sent >= 1
    assert len(smtp.to("sam@example.org")) == 2 and len(smtp.to(JO)) == 1


async def test_a_delay_is_recorded_but_mail_carries_on(
    db_url: str,
    mailing_bot: RunningBot,  # noqa: F811
    teams: Teams,
    standin: ConnectorStandIn,
    clock: FixedClock,
    smtp: MailServer,  # noqa: F811
) -> None:
    await log_for(mailing_bot, teams, JO, "Share the toolkit")
    await sweep_when_due(mailing_bot, clock)
    message_id = str(smtp.to(JO)[0].message["Message-ID"])
    status, said = await pipe(db_url, bounce_for(JO, message_id, "exchange-delayed.eml"))
    assert status == 0 and "jo@example.org: delayed (4.4.7" in said
    jo = await mailing_bot.chaser.store.find_person(teams.tenant, Person("", email=JO))
    assert jo is not None and jo["mail_failure"].startswith("4.4.7") and jo["mail_refused_until"] is None
    await mailing_bot.post(teams.meeting_message("/chasers"))
    assert "Their mailbox refused mail on" in all_text(standin.cards(MEETING_CHAT)[-1])
    await sweep_when_due(mailing_bot, clock)
    assert len(smtp.to(JO)) == 2
    # Mail has gone through since: /chasers no longer says the mailbox refused.
    await mailing_bot.post(teams.meeting_message("/chasers"))
    view = all_text(standin.cards(MEETING_CHAT)[-1]).replace("\\", "")
    assert f"{JO}\nEmail" in view and "refused mail" not in view
