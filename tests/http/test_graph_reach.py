"""Graph mode end to end, against local stand-ins for the identity platform, Graph and the Bot Connector: Chaser
installs itself for an owner it cannot message and reminds them in the chat that opens; for an owner the app is
blocked for, the refusal is recorded and the next route (email through Graph sendMail, their address from the
directory, through a 429) is used; /chasers shows both."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.register.model import Person
from bot.register.ports import FixedClock
from tests.http.test_chasers import sweep_when_due
from tests.support.activities import BETH, CARYS, MEETING_CHAT, Teams
from tests.support.cards import all_text
from tests.support.connector import ConnectorStandIn
from tests.support.graph import CLIENT_ID, CLIENT_SECRET, TEAMS_APP_ID, TENANT, GraphStandIn, chat_id_after_install
from tests.support.running import RunningBot, running_bot


@pytest.fixture
async def graph_stand_in() -> AsyncIterator[GraphStandIn]:
    stand_in = await GraphStandIn().start()
    yield stand_in
    await stand_in.stop()


@pytest.fixture
async def graph_bot(
    db_url: str, clock: FixedClock, teams: Teams, graph_stand_in: GraphStandIn
) -> AsyncIterator[RunningBot]:
    env = {
        "DATABASE_URL": db_url,
        "CHASER_MAIL": "graph",
        "CHASER_MAIL_FROM": "chaser@forum.example",
        "CHASER_SIGNING_SECRET": "a-signing-secret-for-tests-0123456789",
        "CHASER_MAIL_PER_MINUTE": "6000",
        "CHASER_TEAMS_APP_ID": TEAMS_APP_ID,
        "CHASER_GRAPH_USER_MAIL": "on",
        "CHASER_GRAPH_CLIENT_ID": CLIENT_ID,
        "CHASER_GRAPH_TENANT_ID": TENANT,
        "CHASER_GRAPH_CLIENT_SECRET": CLIENT_SECRET,
        "CHASER_GRAPH_URL": graph_stand_in.url,
    }
    async with running_bot(env, clock=clock, identity_http_client=graph_stand_in.http()) as running:
        yield running


def reminders(standin: ConnectorStandIn, conversation: str) -> list[dict]:
    return [c for c in standin.cards(conversation) if "Reminder" in all_text(c)]


async def test_an_owner_without_the_app_gets_it_installed_and_is_reminded_in_its_chat(
    graph_bot: RunningBot, teams: Teams, standin: ConnectorStandIn, clock: FixedClock, graph_stand_in: GraphStandIn
) -> None:
    standin.not_installed.add(CARYS.user_id)
    await graph_bot.post(teams.meeting_message(f"/action Write the note owner: {CARYS.name} due: 2025-03-10"))
    assert (await sweep_when_due(graph_bot, clock)).sent == 1
    assert CARYS.aad_id in graph_stand_in.installed
    chat = chat_id_after_install(CARYS.aad_id)
    assert len(reminders(standin, chat)) == 1
    assert reminders(standin, MEETING_CHAT) == [] and graph_stand_in.sent == []
    row = await graph_bot.chaser.store.find_person(teams.tenant, Person("", aad_id=CARYS.aad_id))
    assert row is not None and (row["personal_chat_id"], row["reach_route"]) == (chat, "installed")

    # The next reminder goes straight to that chat: no second install.
    installs = [r for r in graph_stand_in.requests if r[0] == "POST" and r[1].endswith("/installedApps")]
    first = clock.now()
    for days in (5, 10, 15):
        clock.set(first + timedelta(days=days))
        await graph_bot.chaser.sweeper.sweep()
    assert len(reminders(standin, chat)) > 1
    assert [r for r in graph_stand_in.requests if r[0] == "POST" and r[1].endswith("/installedApps")] == installs
    await graph_bot.post(teams.meeting_message("/chasers"))
    assert f"{CARYS.name}\nTeams: 1:1 chat with Chaser" in all_text(standin.cards(MEETING_CHAT)[-1])


async def test_an_owner_the_app_is_blocked_for_is_mailed_through_graph_after_a_429(
    graph_bot: RunningBot, teams: Teams, standin: ConnectorStandIn, clock: FixedClock, graph_stand_in: GraphStandIn
) -> None:
    standin.not_installed.add(BETH.user_id)
    graph_stand_in.blocked.add(BETH.aad_id)
    graph_stand_in.mail[BETH.aad_id] = "Beth.Evans@forum.example"
    graph_stand_in.fail("sendMail", 429, headers={"Retry-After": "1"})
    await graph_bot.post(teams.meeting_message(f"/action Book the room owner: {BETH.name} due: 2025-03-10"))
    assert (await sweep_when_due(graph_bot, clock)).sent == 1

    [mail] = graph_stand_in.sent
    assert mail.mailbox == "chaser@forum.example" and mail.message["To"].addresses[0].addr_spec == (
        "beth.evans@forum.example"
    )
    sends = [r for r in graph_stand_in.requests if r[1].endswith("/sendMail")]
    assert len(sends) == 2  # throttled once, then accepted
    assert reminders(standin, MEETING_CHAT) == []  # email reached her: no @mention
    row = await graph_bot.chaser.store.find_person(teams.tenant, Person("", aad_id=BETH.aad_id))
    assert row is not None
    assert "403" in row["install_failure"] and "blocked" in row["install_failure"]
    assert (row["email"], row["reach_route"]) == ("beth.evans@forum.example", "email")
    # One token served every call.
    assert len(graph_stand_in.token_requests) == 1

    await graph_bot.post(teams.meeting_message("/chasers"))
    view = all_text(standin.cards(MEETING_CHAT)[-1])
    assert f"{BETH.name}\nEmail\nChaser could not be installed for them on" in view
