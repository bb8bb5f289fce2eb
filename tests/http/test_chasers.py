"""Chasers end to end: the sweeper reminds owners 1:1, they answer in one click, nothing is lost or sent twice."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import UTC, datetime, timedelta

from bot.register.ports import FixedClock
from scheduler.sweeper import SweepReport
from tests.support.activities import ALEX, BETH, CARYS, MEETING_CHAT, Teams
from tests.support.cards import all_text
from tests.support.connector import ConnectorStandIn
from tests.support.running import RunningBot, running_bot

BETH_CHAT = f"a:personal-{BETH.aad_id}"


def reminders(standin: ConnectorStandIn, conversation: str) -> list[dict]:
    return [c for c in standin.cards(conversation) if "Reminder" in all_text(c) or "Escalation" in all_text(c)]


def answer_button(card: dict, title: str, action_number: int = 1) -> dict:
    """The data of an answer button, with its input filled as Teams would merge it."""
    containers = [e for e in card["body"] if e.get("type") == "Container"]
    for container in containers:
        first = container["items"][0]
        if not first["inlines"][0]["text"].startswith(f"{action_number}. "):
            continue
        rows = [i for i in container["items"] if i.get("type") == "ActionSet"]
        for button in (action for row in rows for action in row["actions"]):
            if button["title"] == title:
                if button["type"] == "Action.ShowCard":
                    return dict(button["card"]["actions"][0]["data"])
                return dict(button["data"])
    raise AssertionError(f"no {title!r} button for action {action_number}")


async def sweep_when_due(bot: RunningBot, clock: FixedClock) -> SweepReport:
    """Plan, move the clock to the first chaser owed, and sweep: what the runner does as time passes."""
    await bot.chaser.sweeper.sweep()
    planned = await bot.chaser.sweeper.chasers.upcoming(None, until=clock.now() + timedelta(days=60))
    assert planned, "nothing was planned"
    clock.set(max(clock.now(), min(due for _, _, _, due in planned)) + timedelta(minutes=1))
    return await bot.chaser.sweeper.sweep()


async def log_overdue_for_beth(bot: RunningBot, teams: Teams, text: str = "Send the report") -> None:
    await bot.post(teams.personal_message("/help", user=BETH))  # Beth has Chaser installed 1:1
    await bot.post(
        teams.meeting_message(f"/action {text} owner: <at>{BETH.name}</at> due: 2025-03-10", mentions=(BETH,))
    )


async def test_an_overdue_action_is_chased_and_answered_done_from_the_card(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, clock: FixedClock
) -> None:
    await log_overdue_for_beth(bot, teams)
    report = await sweep_when_due(bot, clock)
    assert report.sent == 1
    [card] = reminders(standin, BETH_CHAT)
    assert "Send the report" in all_text(card) and "overdue" in all_text(card)

    done = answer_button(card, "Mark done")
    status, body = await bot.post(teams.card_invoke(done, user=BETH, chat_id=BETH_CHAT, conversation_type="personal"))
    assert status == 200 and body["type"] == "application/vnd.microsoft.card.adaptive"
    assert "Done" in all_text(body["value"]) and "answer is recorded" in all_text(body["value"])
    [action] = await bot.chaser.register.store.find_actions(MEETING_CHAT)
    assert action.status.value == "done"
    assert any("marked action 1 done" in all_text(c) for c in standin.cards(MEETING_CHAT))

    answered = clock.now()
    for days in (1, 7, 30):
        clock.set(answered + timedelta(days=days))
        await bot.chaser.sweeper.sweep()
    assert len(reminders(standin, BETH_CHAT)) == 1


async def test_a_second_sweep_and_a_restart_send_nothing_again(
    db_url: str, teams: Teams, standin: ConnectorStandIn, clock: FixedClock
) -> None:
    async with running_bot({"DATABASE_URL": db_url}, clock=clock) as bot:
        await log_overdue_for_beth(bot, teams)
        assert (await sweep_when_due(bot, clock)).sent == 1
        assert (await bot.chaser.sweeper.sweep()).sent == 0
    async with running_bot({"DATABASE_URL": db_url}, clock=clock) as again:
        assert (await again.chaser.sweeper.sweep()).sent == 0
    assert len(reminders(standin, BETH_CHAT)) == 1


async def test_several_actions_owed_to_one_person_go_in_one_card(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, clock: FixedClock
) -> None:
    await log_overdue_for_beth(bot, teams, "Send the report")
    await log_overdue_for_beth(bot, teams, "Book the room")
    await sweep_when_due(bot, clock)
    [card] = reminders(standin, BETH_CHAT)
    assert "Send the report" in all_text(card) and "Book the room" in all_text(card)
    assert "Reminder: 2 actions" in all_text(card)


async def test_someone_else_answering_a_reminder_is_refused(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, clock: FixedClock
) -> None:
    await log_overdue_for_beth(bot, teams)
    await sweep_when_due(bot, clock)
    done = answer_button(reminders(standin, BETH_CHAT)[0], "Mark done")
    _, body = await bot.post(
        teams.card_invoke(done, user=CARYS, chat_id=f"a:personal-{CARYS.aad_id}", conversation_type="personal")
    )
    assert body["type"] == "application/vnd.microsoft.activity.message"
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert action.version == 1
    intruder = Teams(teams.service_url, tenant="0d9f2a51-8c3b-4e7a-9f10-2b3c4d5e6f70")
    _, body = await bot.post(intruder.card_invoke(done, user=BETH, chat_id=BETH_CHAT, conversation_type="personal"))
    assert body["type"] == "application/vnd.microsoft.activity.message"


async def test_progress_snooze_and_hand_back_are_recorded(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, clock: FixedClock
) -> None:
    await log_overdue_for_beth(bot, teams)
    await sweep_when_due(bot, clock)
    card = reminders(standin, BETH_CHAT)[0]
    personal = {"user": BETH, "chat_id": BETH_CHAT, "conversation_type": "personal"}

    update = answer_button(card, "Progress update")
    _, body = await bot.post(teams.card_invoke({**update, update["field"]: "Draft is with legal"}, **personal))
    assert "Draft is with legal" in all_text(body["value"])
    card = body["value"]  # each answer replaces the card, as Teams shows it

    snooze = answer_button(card, "Snooze")
    _, body = await bot.post(teams.card_invoke({**snooze, snooze["field"]: "1w"}, **personal))
    assert body["type"] == "application/vnd.microsoft.card.adaptive"
    assert "out of date" not in all_text(body["value"])
    card = body["value"]
    snoozed = clock.now()
    for day in range(1, 7):  # nothing during the snooze week
        clock.set(snoozed + timedelta(days=day))
        await bot.chaser.sweeper.sweep()
    assert len(reminders(standin, BETH_CHAT)) == 1

    hand_back = answer_button(card, "Can't do it")
    answer = {**hand_back, hand_back["field"]: "On leave until May", hand_back["suggest_field"]: "Carys"}
    _, body = await bot.post(teams.card_invoke(answer, **personal))
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert action.owner is None and action.latest_update == "On leave until May"
    assert any("back with the Secretariat" in all_text(c) for c in standin.cards(MEETING_CHAT))
    kinds = [e.kind for e in await bot.chaser.store.audit_trail(action.id)]
    assert kinds == ["logged", "progress", "snoozed", "handed_back"]


async def test_throttling_and_outages_are_retried_and_delivered_once(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, clock: FixedClock
) -> None:
    await log_overdue_for_beth(bot, teams)
    await bot.chaser.sweeper.sweep()
    standin.faults.extend([(429, {"Retry-After": "1"}), (503, {}), (503, {})])
    report = await sweep_when_due(bot, clock)
    assert report.sent == 1
    assert len(reminders(standin, BETH_CHAT)) == 1
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    stages = await bot.chaser.sweeper.chasers.attempts(action.id)
    # Every attempt is in the record, not only the last.
    assert [outcome for _, outcome in stages] == ["http_429", "http_503", "http_503", "sent"]


async def test_an_owner_without_the_app_is_chased_by_mention_in_the_meeting_chat(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, clock: FixedClock
) -> None:
    standin.not_installed.add(CARYS.user_id)
    await bot.post(
        teams.meeting_message(f"/action Write the note owner: <at>{CARYS.name}</at> due: 2025-03-10", mentions=(CARYS,))
    )
    assert (await sweep_when_due(bot, clock)).sent == 1
    [card] = reminders(standin, MEETING_CHAT)
    assert f"<at>{CARYS.name}</at>" in all_text(card)
    await bot.post(teams.meeting_message("/chasers"))
    view = standin.cards(MEETING_CHAT)[-1]
    assert "How each owner is reached" in all_text(view)
    assert f"{CARYS.name}\n@mention in this chat" in all_text(view)


async def test_role_owned_actions_go_to_the_role_holders_or_whoever_logged_them(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, clock: FixedClock
) -> None:
    await bot.post(teams.personal_message("/help", user=ALEX))
    await bot.post(teams.meeting_message("/action Share the toolkit owner: Secretariat due: 2025-03-10", user=ALEX))
    await sweep_when_due(bot, clock)
    [card] = reminders(standin, f"a:personal-{ALEX.aad_id}")
    assert "Nobody in this chat holds Secretariat yet" in all_text(card)


async def test_the_chasers_view_lists_the_next_two_weeks(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await bot.post(
        teams.meeting_message(f"/action Send the deck owner: <at>{BETH.name}</at> due: 2025-03-27", mentions=(BETH,))
    )
    await bot.post(teams.meeting_message("/chasers"))
    view = standin.cards(MEETING_CHAT)[-1]
    assert "Reminders due in the next 14 days" in all_text(view)
    table = next(e for e in view["body"] if e.get("type") == "Table")
    assert len(table["rows"]) >= 2  # a reminder before, and on the day
    assert "Beth Evans" in json.dumps(table)


async def test_the_sweep_runs_on_its_own_with_the_app(
    sqlite_url: str, teams: Teams, standin: ConnectorStandIn, clock: FixedClock
) -> None:
    async with running_bot({"DATABASE_URL": sqlite_url, "CHASER_SWEEP_SECONDS": "1"}, clock=clock) as bot:
        await log_overdue_for_beth(bot, teams)
        clock.set(datetime(2025, 3, 24, 9, 1, tzinfo=UTC))  # when the first chaser of a week-late action falls
        for _ in range(50):
            if reminders(standin, BETH_CHAT):
                break
            await asyncio.sleep(0.1)
        assert len(reminders(standin, BETH_CHAT)) == 1


async def test_two_sweepers_on_one_database_never_double_a_chaser(
    postgres_url: str, teams: Teams, standin: ConnectorStandIn, clock: FixedClock
) -> None:
    """Several replicas need PostgreSQL (SQLite is for one process)."""
    db_url = postgres_url
    standin.delay = 0.02
    async with (
        running_bot({"DATABASE_URL": db_url}, clock=clock) as one,
        running_bot({"DATABASE_URL": db_url}, clock=clock) as two,
    ):
        await one.post(teams.personal_message("/help", user=BETH))
        for n in range(30):
            chat = f"19:chat-{n}@thread.v2"
            await one.post(
                teams.group_message(
                    f"/action Task {n} owner: <at>{BETH.name}</at> due: 2025-03-10", chat_id=chat, mentions=(BETH,)
                )
            )
        await one.chaser.sweeper.sweep()  # plans every action
        clock.set(datetime(2025, 3, 24, 9, 1, tzinfo=UTC))
        reports = await asyncio.gather(
            one.chaser.sweeper.sweep(), two.chaser.sweeper.sweep(), one.chaser.sweeper.sweep()
        )
    assert sum(r.sent for r in reports) == 30
    sent = [r for r in standin.requests if r.conversation_id == BETH_CHAT and "Reminder" in json.dumps(r.body)]
    tasks = [int(n) for r in sent for n in re.findall(r"Task (\d+)\"", json.dumps(r.body))]
    assert sorted(tasks) == list(range(30))
