"""Email chasers end to end: an action owned by an email address is chased by mail to a real SMTP server when due;
the link opens the answer page; its answers are the card's (closing the action, noting the meeting chat, audited);
a repeat changes nothing; a token that is tampered with, expired, revoked or someone else's opens nothing."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.register import answer_links
from bot.register.model import Person
from bot.register.ports import FixedClock
from bot.store.schema import chaser_sent
from tests.http.test_chasers import sweep_when_due
from tests.support.activities import CARYS, MEETING_CHAT, Teams
from tests.support.cards import all_text
from tests.support.connector import ConnectorStandIn
from tests.support.mailserver import MailServer, Received, mail_server
from tests.support.page import PageClient, page_path
from tests.support.running import RunningBot, running_bot

SECRET = "a-signing-secret-for-tests-0123456789"
JO = "jo@example.org"


def mail_env(server: MailServer, db_url: str) -> dict[str, str]:
    return {
        "DATABASE_URL": db_url,
        "CHASER_MAIL": "smtp",
        "CHASER_SMTP_URL": server.url(),
        "CHASER_MAIL_FROM": "chaser@forum.example",
        "CHASER_SIGNING_SECRET": SECRET,
        "CHASER_MAIL_PER_MINUTE": "6000",
    }


@pytest.fixture
def smtp(tmp_path: Path) -> Iterator[MailServer]:
    with mail_server(tmp_path) as server:
        yield server


@pytest.fixture
async def mailing_bot(db_url: str, clock: FixedClock, teams: Teams, smtp: MailServer) -> AsyncIterator[RunningBot]:
    async with running_bot(mail_env(smtp, db_url), clock=clock) as running:
        yield running


@pytest.fixture
async def browser(mailing_bot: RunningBot) -> AsyncIterator[PageClient]:
    client = PageClient(mailing_bot.url)
    yield client
    await client.close()


def reminders_in(standin: ConnectorStandIn, conversation: str) -> list[dict[str, Any]]:
    return [c for c in standin.cards(conversation) if "Reminder" in all_text(c)]


def links(received: Received) -> list[str]:
    return re.findall(r"https?://\S+/a/[A-Za-z0-9_.-]+", received.part("plain"))


async def log_for(bot: RunningBot, teams: Teams, owner: str, text: str = "Share the toolkit") -> None:
    status, _ = await bot.post(teams.meeting_message(f"/action {text} owner: {owner} due: 2025-03-10"))
    assert status == 201


async def test_an_owner_by_email_is_chased_by_mail_and_answers_done_on_the_page(
    mailing_bot: RunningBot,
    teams: Teams,
    standin: ConnectorStandIn,
    clock: FixedClock,
    smtp: MailServer,
    browser: PageClient,
) -> None:
    await log_for(mailing_bot, teams, JO)
    [action] = await mailing_bot.chaser.register.open_actions(MEETING_CHAT)
    assert action.owner is not None and action.owner.email == JO
    assert smtp.received == []  # nothing before it is due

    report = await sweep_when_due(mailing_bot, clock)
    assert report.sent == 1
    [mail] = smtp.to(JO)
    assert mail.message["From"] == "Chaser <chaser@forum.example>"
    assert "Reminder: 1 action" in mail.message["Subject"] and "Nodyn atgoffa" in mail.message["Subject"]
    plain = mail.part("plain")
    assert "1. Share the toolkit" in plain and "2025-03-10" in plain and "Mon 10 March 2025" in plain
    assert 'lang="cy"' in mail.part("html") and 'lang="en"' in mail.part("html")
    [link, welsh_link] = links(mail)  # one link per action, in each language's part
    assert link == welsh_link
    path = page_path(link)

    page = await browser.get(path)
    assert page.status == 200 and "Share the toolkit" in page.text
    assert page.headers["Cache-Control"] == "no-store" and "script-src" not in page.headers["Content-Security-Policy"]
    done = page.form("done")
    answered = await browser.answer(path, "done")
    assert answered.status == 200 and "your answer is recorded" in answered.text
    assert "This action is closed" in answered.text
    [closed] = await mailing_bot.chaser.register.store.find_actions(MEETING_CHAT)
    assert closed.status.value == "done"
    notes = [c for c in standin.cards(MEETING_CHAT) if "marked action 1 done" in all_text(c)]
    assert len(notes) == 1 and JO in all_text(notes[0]).replace("\\", "")
    trail = await mailing_bot.chaser.store.audit_trail(action.id)
    completed = [e for e in trail if e.kind == "completed"]
    assert [(e.surface.value, e.actor.email) for e in completed] == [("page", JO)]

    # The same form again (a double click, a replay): nothing more is recorded, nothing more said.
    again = await browser.post(done)
    assert again.status == 303 and again.headers["Location"].endswith("answered=0")
    assert "Nothing changed" in (await browser.get(path + "?answered=0")).text
    assert len(await mailing_bot.chaser.store.audit_trail(action.id)) == len(trail)
    assert len([c for c in standin.cards(MEETING_CHAT) if "marked action 1 done" in all_text(c)]) == 1
    # And no more chasers for a closed action.
    clock.set(clock.now() + timedelta(days=10))
    assert (await mailing_bot.chaser.sweeper.sweep()).sent == 0
    assert len(smtp.to(JO)) == 1


async def test_bad_tokens_get_the_same_plain_403(
    mailing_bot: RunningBot, teams: Teams, clock: FixedClock, smtp: MailServer, browser: PageClient
) -> None:
    await log_for(mailing_bot, teams, JO)
    await log_for(mailing_bot, teams, "sam@example.org", "Book the room")
    await sweep_when_due(mailing_bot, clock)
    jo_path = page_path(links(smtp.to(JO)[0])[0])
    sam_path = page_path(links(smtp.to("sam@example.org")[0])[0])
    jos, sams = sorted(await mailing_bot.chaser.register.open_actions(MEETING_CHAT), key=lambda a: a.number)
    secret = SECRET.encode()

    token = jo_path.rsplit("/", 1)[1]
    payload, signature = token.split(".")
    flipped = payload[:-1] + ("A" if payload[-1] != "A" else "B")
    jo_for_sams = answer_links.issue(secret, sams.id, Person("", email=JO), now=clock.now())
    sam_for_jos = answer_links.issue(secret, jos.id, Person("", email="sam@example.org"), now=clock.now())
    other_secret = answer_links.issue(b"another-deployment-secret", jos.id, Person("", email=JO), now=clock.now())
    refused: dict[str, Any] = {}
    for name, path in {
        "tampered payload": f"/a/{flipped}.{signature}",
        "tampered signature": f"/a/{payload}.{signature[::-1]}",
        "another person's action": f"/a/{jo_for_sams}",
        "someone else's token for this action": f"/a/{sam_for_jos}",
        "signed elsewhere": f"/a/{other_secret}",
        "nonsense": "/a/" + "x" * 700,
    }.items():
        page = await browser.get(path)
        refused[name] = (page.status, page.html)
    assert {status for status, _ in refused.values()} == {403}
    assert len({body for _, body in refused.values()}) == 1  # nothing says which check failed
    assert "Share the toolkit" not in next(iter(refused.values()))[1]

    assert (await browser.get(jo_path)).status == 200
    assert (await browser.get(sam_path)).status == 200
    clock.set(clock.now() + timedelta(days=31))  # links last 30 days
    expired = await browser.get(jo_path)
    assert (expired.status, expired.html) == (403, next(iter(refused.values()))[1])
    # Posting with an expired token changes nothing either.
    assert (await mailing_bot.chaser.register.store.get_action(jos.id)).status.value == "open"  # type: ignore[union-attr]


async def test_progress_snooze_and_cant_do_from_the_page_follow_the_card_s_rules(
    mailing_bot: RunningBot,
    teams: Teams,
    standin: ConnectorStandIn,
    clock: FixedClock,
    smtp: MailServer,
    browser: PageClient,
) -> None:
    await log_for(mailing_bot, teams, JO)
    await sweep_when_due(mailing_bot, clock)
    path = page_path(links(smtp.to(JO)[0])[0])
    [action] = await mailing_bot.chaser.register.open_actions(MEETING_CHAT)

    empty = await browser.answer(path, "progress", update="   ")
    assert empty.status == 400 and "Write a short update first" in empty.text and 'aria-invalid="true"' in empty.html
    updated = await browser.answer(path, "progress", update="Draft is with legal")
    assert updated.status == 200 and "Draft is with legal" in updated.text

    too_late = await browser.answer(path, "snooze", choice="date", until="2030-01-01")
    assert too_late.status == 400 and "within a year" in too_late.text
    snoozed = await browser.answer(path, "snooze", choice="1w")
    assert snoozed.status == 200
    await mailing_bot.chaser.sweeper.sweep()
    planned = await mailing_bot.chaser.sweeper.chasers.upcoming(None, until=clock.now() + timedelta(days=30))
    assert all(due >= clock.now() + timedelta(days=5) for _, _, _, due in planned)

    handed = await browser.answer(path, "cant_do", reason="I have left the organisation", suggest="Sam")
    assert handed.status == 200 and "goes back to the Secretariat" in handed.text
    current = await mailing_bot.chaser.register.store.get_action(action.id)
    assert current is not None and current.owner is None and current.status.value == "open"
    assert any("can't do action 1" in all_text(c) for c in standin.cards(MEETING_CHAT))
    kinds = [(e.kind, e.surface.value) for e in await mailing_bot.chaser.store.audit_trail(action.id)]
    assert kinds[1:] == [("progress", "page"), ("snoozed", "page"), ("handed_back", "page")]
    # No longer the owner: the link no longer answers it, and the refusal is audited.
    assert (await browser.get(path)).status == 403
    refused = (await mailing_bot.chaser.store.audit_trail(action.id))[-1]
    assert (refused.kind, refused.surface.value, refused.detail["category"]) == ("refused", "page", "authorisation")


async def test_a_form_posted_from_elsewhere_is_refused(
    mailing_bot: RunningBot, teams: Teams, clock: FixedClock, smtp: MailServer, browser: PageClient
) -> None:
    await log_for(mailing_bot, teams, JO)
    await sweep_when_due(mailing_bot, clock)
    path = page_path(links(smtp.to(JO)[0])[0])
    form = (await browser.get(path)).form("done")

    stranger = PageClient(mailing_bot.url)  # another browser: no cookie for this page
    try:
        assert (await stranger.post(form)).status == 403
    finally:
        await stranger.close()
    forged = await browser.post(form, csrf="x" * 43)
    assert forged.status == 403
    async with browser.session.post(
        mailing_bot.url + form.action, data=form.fields, headers={"Origin": "https://evil.example"}
    ) as response:
        assert response.status == 403
    [action] = await mailing_bot.chaser.register.open_actions(MEETING_CHAT)
    assert action.status.value == "open"
    assert (await browser.post(form)).status == 303  # the genuine form still works


async def test_a_flood_of_page_requests_is_rate_limited(
    mailing_bot: RunningBot, teams: Teams, clock: FixedClock, smtp: MailServer, browser: PageClient
) -> None:
    await log_for(mailing_bot, teams, JO)
    await sweep_when_due(mailing_bot, clock)
    path = page_path(links(smtp.to(JO)[0])[0])
    statuses = [(await browser.get(path)).status for _ in range(40)]
    assert statuses[:30] == [200] * 30
    assert set(statuses[30:]) == {429}
    limited = await browser.get("/a/not-even-a-token")
    assert limited.status == 429 and int(limited.headers["Retry-After"]) >= 1


async def test_a_teams_user_without_the_app_is_mailed_at_the_address_teams_gives(
    mailing_bot: RunningBot, teams: Teams, standin: ConnectorStandIn, clock: FixedClock, smtp: MailServer
) -> None:
    standin.not_installed.add(CARYS.user_id)
    standin.roster[CARYS.user_id]["email"] = "Carys.Owen@forum.example"
    await log_for(mailing_bot, teams, CARYS.name)
    [action] = await mailing_bot.chaser.register.open_actions(MEETING_CHAT)
    assert action.owner is not None and (action.owner.aad_id, action.owner.email) == (
        CARYS.aad_id,
        "carys.owen@forum.example",
    )
    assert (await sweep_when_due(mailing_bot, clock)).sent == 1
    assert len(smtp.to("carys.owen@forum.example")) == 1
    assert reminders_in(standin, MEETING_CHAT) == []  # mail reached her: no @mention
    sent = await mailing_bot.chaser.sweeper.chasers.database.read(
        lambda conn: [tuple(r) for r in conn.execute(select(chaser_sent.c.route))]
    )
    assert sent == [("email",)]
    await mailing_bot.post(teams.meeting_message("/chasers"))
    assert f"{CARYS.name}\nEmail" in all_text(standin.cards(MEETING_CHAT)[-1])
    # Her link names her by her Teams identity: the page knows her as the owner.
    link = links(smtp.to("carys.owen@forum.example")[0])[0]
    grant = answer_links.read(SECRET.encode(), page_path(link).rsplit("/", 1)[1], now=clock.now())
    assert grant is not None and grant.aad_id == CARYS.aad_id
    browser = PageClient(mailing_bot.url)
    try:
        assert (await browser.answer(page_path(link), "done")).status == 200
    finally:
        await browser.close()
    assert (await mailing_bot.chaser.register.store.get_action(action.id)).status.value == "done"  # type: ignore[union-attr]


async def test_a_mailbox_that_refuses_is_recorded_and_the_next_route_is_used(
    mailing_bot: RunningBot, teams: Teams, standin: ConnectorStandIn, clock: FixedClock, smtp: MailServer
) -> None:
    standin.not_installed.add(CARYS.user_id)
    standin.roster[CARYS.user_id]["email"] = "carys@forum.example"
    smtp.handler.refuse["carys@forum.example"] = "550 5.1.1 <carys@forum.example>: mailbox unavailable"
    smtp.handler.refuse[JO] = "550 5.1.1 <jo@example.org>: no such user"
    await log_for(mailing_bot, teams, CARYS.name, "Write the note")
    await log_for(mailing_bot, teams, JO, "Share the toolkit")
    report = await sweep_when_due(mailing_bot, clock)
    # Carys: 1:1 refused, mail refused, so the meeting chat @mentions her. Jo: mail refused, and nothing else.
    assert (report.sent, report.failed) == (1, 1)
    assert sorted(smtp.handler.refused) == ["carys@forum.example", JO]
    [mention] = reminders_in(standin, MEETING_CHAT)
    assert f"<at>{CARYS.name}</at>" in all_text(mention)
    carys = await mailing_bot.chaser.store.find_person(teams.tenant, Person("", aad_id=CARYS.aad_id))
    jo = await mailing_bot.chaser.store.find_person(teams.tenant, Person("", email=JO))
    assert carys is not None and jo is not None
    assert "550 5.1.1" in carys["mail_failure"] and carys["reach_route"] == "mention"
    assert "no such user" in jo["mail_failure"] and jo["reach_route"] == "unreachable"
    assert jo["mail_refused_until"] > clock.now()

    await mailing_bot.post(teams.meeting_message("/chasers"))
    view = all_text(standin.cards(MEETING_CHAT)[-1])
    assert f"{CARYS.name}\n@mention in this chat\nTheir mailbox refused mail on" in view
    assert f"{JO}\nCannot be reached\nTheir mailbox refused mail on" in view.replace("\\", "")

    # The refused mailboxes are not tried again for a week: later chasers go by the next route straight away.
    first = clock.now()
    for days in (3, 6):
        clock.set(first + timedelta(days=days))
        await mailing_bot.chaser.sweeper.sweep()
    assert len(reminders_in(standin, MEETING_CHAT)) > 1  # Carys was chased again, by @mention
    assert len(smtp.handler.refused) == 2


async def test_a_mailbox_full_for_now_is_tried_again_later(
    mailing_bot: RunningBot, teams: Teams, standin: ConnectorStandIn, clock: FixedClock, smtp: MailServer
) -> None:
    smtp.handler.refuse[JO] = "452 4.2.2 mailbox full"
    await log_for(mailing_bot, teams, JO)
    report = await sweep_when_due(mailing_bot, clock)
    assert (report.sent, report.failed) == (0, 1)
    [action] = await mailing_bot.chaser.register.open_actions(MEETING_CHAT)
    assert [outcome for _, outcome in await mailing_bot.chaser.sweeper.chasers.attempts(action.id)] == ["mail_452"]
    await mailing_bot.post(teams.meeting_message("/chasers"))
    assert "Their mailbox refused mail on" in all_text(standin.cards(MEETING_CHAT)[-1])
    assert "452 4.2.2 mailbox full" in all_text(standin.cards(MEETING_CHAT)[-1])
    del smtp.handler.refuse[JO]
    clock.set(clock.now() + timedelta(hours=2))
    assert (await mailing_bot.chaser.sweeper.sweep()).sent == 1
    assert len(smtp.to(JO)) == 1
    # Mail has gone through since: /chasers no longer says the mailbox refused.
    await mailing_bot.post(teams.meeting_message("/chasers"))
    view = all_text(standin.cards(MEETING_CHAT)[-1]).replace("\\", "")
    assert f"{JO}\nEmail" in view and "refused mail" not in view


async def test_with_mail_off_an_owner_known_only_by_address_is_shown_unreachable(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, clock: FixedClock
) -> None:
    await log_for(bot, teams, JO)
    report = await sweep_when_due(bot, clock)
    assert (report.sent, report.failed) == (0, 1)
    await bot.post(teams.meeting_message("/chasers"))
    view = all_text(standin.cards(MEETING_CHAT)[-1]).replace("\\", "")
    assert f"{JO}\nCannot be reached\nChaser sends no email here" in view
