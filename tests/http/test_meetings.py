"""The meeting lifecycle through /api/messages: summary at the end, matters arising at the next start."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.register.ports import FixedClock
from tests.support.activities import ALEX, BETH, CARYS, MEETING_CHAT, MEETING_ID, Teams, payload
from tests.support.cards import all_text, table_rows
from tests.support.connector import ConnectorStandIn
from tests.support.running import RunningBot

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seed" / "wales-race-forum-2025-03-17.txt"
END = "2025-03-17T13:00:00Z"
NEXT_START = "2025-06-16T11:00:00Z"


def seed_table() -> list[list[str]]:
    lines = SEED.read_text().split("Summary of Actions", 1)[1].strip().splitlines()
    return [line.split("\t") for line in lines[1:] if line.strip()]


async def log_seed(bot: RunningBot, teams: Teams) -> None:
    await bot.post(teams.meeting_event("start", at="2025-03-17T12:00:00Z"))
    for _, text, owner, deadline in seed_table():
        await bot.post(teams.meeting_message(f"/action {text} owner: {owner} deadline: {deadline}"))


def summaries(standin: ConnectorStandIn) -> list[dict]:
    return [c for c in standin.cards(MEETING_CHAT) if "Summary of Actions" in all_text(c)]


async def test_meeting_end_posts_the_summary_in_the_seed_shape_once(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await log_seed(bot, teams)
    end = teams.meeting_event("end", at=END)
    status, _ = await bot.post(end)
    assert status == 201
    [summary] = summaries(standin)
    rows = table_rows(summary)
    assert rows[0] == ["No.", "Action Item", "Owner", "Deadline / Status"]
    assert rows[1:] == seed_table()
    assert "Wales Race Forum" in all_text(summary) and "Mon 17 March 2025" in all_text(summary)

    sent_before = len(standin.requests)
    for again in (end, teams.meeting_event("end", at=END)):  # the same delivery, and a second end event
        assert (await bot.post(again))[0] == 201
    assert len(standin.requests) == sent_before


@pytest.mark.parametrize("casing", ["pascal", "camel"])
async def test_event_payloads_in_either_casing_with_null_join_url(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, casing: str
) -> None:
    await bot.post(
        teams.meeting_event("start", at="2025-03-17T12:00:00Z", casing=casing, join_url=None, meeting_type="")
    )
    await bot.post(teams.meeting_message("/action Share the toolkit owner: Secretariat"))
    status, _ = await bot.post(teams.meeting_event("end", at=END, casing=casing, join_url=None, meeting_type=""))
    assert status == 201
    [summary] = summaries(standin)
    assert table_rows(summary)[1][1] == "Share the toolkit"


async def test_the_doc_payload_with_its_leading_space_and_a_valid_timestamp_is_handled(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await bot.post(teams.meeting_message("/action Share the toolkit"))
    activity = payload("meeting_end_event.json")
    activity["localTimestamp"] = "2023-02-23T11:34:07.478-08:00"
    activity["serviceUrl"] = teams.service_url
    activity["conversation"]["id"] = MEETING_CHAT
    activity["channelData"]["tenant"]["id"] = teams.tenant
    status, _ = await bot.post(activity)
    assert status == 201
    assert len(summaries(standin)) == 1


async def test_a_meeting_with_no_actions_says_so(bot: RunningBot, teams: Teams, standin: ConnectorStandIn) -> None:
    await bot.post(teams.meeting_event("start", at="2025-03-17T12:00:00Z"))
    await bot.post(teams.meeting_event("end", at=END))
    [summary] = summaries(standin)
    assert "No actions were logged" in all_text(summary)
    assert not any(e.get("type") == "Table" for e in summary["body"])


async def test_owners_get_their_own_actions_one_to_one_or_by_mention(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    standin.not_installed.add(CARYS.user_id)
    await bot.post(teams.meeting_event("start", at="2025-03-17T12:00:00Z"))
    await bot.post(teams.personal_message("/help", user=BETH))  # Beth has a 1:1 chat with Chaser already
    await bot.post(teams.meeting_message(f"/action Send the deck owner: <at>{BETH.name}</at>", mentions=(BETH,)))
    await bot.post(teams.meeting_message(f"/action Book the room owner: <at>{ALEX.name}</at>", mentions=(ALEX,)))
    await bot.post(teams.meeting_message(f"/action Write the note owner: <at>{CARYS.name}</at>", mentions=(CARYS,)))
    await bot.post(teams.meeting_event("end", at=END))

    beth = [c for c in standin.cards(f"a:personal-{BETH.aad_id}") if "Your actions" in all_text(c)]
    assert len(beth) == 1 and "Send the deck" in all_text(beth[0]) and "Book the room" not in all_text(beth[0])
    created = [r for r in standin.requests if r.path == "/v3/conversations"]
    assert {r.body["members"][0]["id"] for r in created} == {ALEX.user_id, CARYS.user_id}
    alex_chat = "a:created-"
    assert any(
        r.conversation_id.startswith(alex_chat) and "Book the room" in json.dumps(r.body) for r in standin.requests
    )
    mention = [c for c in standin.cards(MEETING_CHAT) if "Your actions" in all_text(c)]
    assert len(mention) == 1 and f"<at>{CARYS.name}</at>" in all_text(mention[0])
    assert mention[0]["msteams"]["entities"][0]["mentioned"]["id"] == CARYS.user_id
    carys = await bot.chaser.store.get_person(teams.tenant, CARYS.aad_id)
    assert carys is not None and carys["unreachable_since"] is not None


async def test_the_next_meeting_start_puts_open_actions_before_the_chair(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, clock: FixedClock
) -> None:
    standin.meetings[MEETING_ID] = {
        "details": {"id": MEETING_ID, "scheduledStartTime": NEXT_START, "title": "Wales Race Forum"},
        "organizer": {"aadObjectId": CARYS.aad_id},
    }
    await log_seed(bot, teams)
    await bot.post(teams.meeting_event("end", at=END))
    clock.set(datetime(2025, 4, 2, 10, tzinfo=UTC))
    await bot.post(teams.meeting_message("/done 2"))
    clock.set(datetime(2025, 6, 16, 11, 5, tzinfo=UTC))
    await bot.post(teams.meeting_event("start", at=NEXT_START))

    [review] = [c for c in standin.cards(MEETING_CHAT) if "Matters arising" in all_text(c)]
    text = all_text(review)
    assert "Matters arising from Wales Race Forum, Mon 17 March 2025" in text
    for _, action, _, _ in seed_table():
        assert action in text
    rows = [e for e in review["body"] if e.get("type") == "Container"]
    assert len(rows) == 7
    assert not any(i.get("type") == "ActionSet" for i in rows[1]["items"])  # No. 2 is done: no buttons

    carry = next(
        a
        for i in rows[0]["items"]
        if i.get("type") == "ActionSet"
        for a in i["actions"]
        if a["type"] == "Action.ShowCard"
    )
    submit = carry["card"]["actions"][0]["data"]
    answer = {**submit, submit["field"]: "By 30 June 2025"}
    status, body = await bot.post(teams.card_invoke(answer, user=CARYS))  # the organiser chairs
    assert status == 200 and body["type"] == "application/vnd.microsoft.card.adaptive"
    assert "By 30 June 2025" in all_text(body["value"])
    action = await bot.chaser.register.by_number(MEETING_CHAT, 1)
    assert action.deadline.text == "By 30 June 2025" and action.status.value == "open"

    drop = next(
        a for i in rows[4]["items"] if i.get("type") == "ActionSet" for a in i["actions"] if a["title"] == "Drop"
    )["card"]["actions"][0]["data"]
    _, refused = await bot.post(teams.card_invoke({**drop, drop["field"]: ""}, user=CARYS))
    assert refused["type"] == "application/vnd.microsoft.activity.message"
    _, dropped = await bot.post(teams.card_invoke({**drop, drop["field"]: "No longer needed"}, user=CARYS))
    assert "Dropped" in all_text(dropped["value"])

    await bot.post(teams.meeting_event("end", at="2025-06-16T12:00:00Z"))
    summary = summaries(standin)[-1]
    assert "Since the last meeting (Wales Race Forum, Mon 17 March 2025)" in all_text(summary)
    assert "carried forward, As soon as possible → By 30 June 2025" in all_text(summary)
    trail = [e.kind for e in await bot.chaser.store.audit_trail(action.id)]
    assert trail == ["logged", "carried_forward"]


async def test_someone_else_cannot_answer_the_review(bot: RunningBot, teams: Teams, standin: ConnectorStandIn) -> None:
    await bot.post(teams.meeting_message("/action Share the toolkit", user=BETH))
    await bot.post(teams.meeting_event("end", at=END))
    await bot.post(teams.meeting_event("start", at=NEXT_START))
    [review] = [c for c in standin.cards(MEETING_CHAT) if "Matters arising" in all_text(c)]
    done = next(e for e in review["body"] if e.get("type") == "Container")["items"][-1]["actions"][0]["data"]
    _, body = await bot.post(teams.card_invoke(done, user=ALEX))
    assert body["type"] == "application/vnd.microsoft.activity.message"
    assert (await bot.chaser.register.by_number(MEETING_CHAT, 1)).status.value == "open"


async def test_summary_and_review_on_demand_always_answer(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await bot.post(teams.meeting_message("/summary"))
    assert "No meeting has been recorded" in standin.texts(MEETING_CHAT)[-1]
    await bot.post(teams.meeting_message("/action Share the toolkit"))
    for _ in range(2):
        await bot.post(teams.meeting_message("/summary"))
    assert len(summaries(standin)) == 2
    await bot.post(teams.meeting_message("/review"))
    assert "no open actions from earlier meetings" in all_text(standin.cards(MEETING_CHAT)[-1])


async def test_a_long_meeting_is_summarised_completely_in_pages_under_80_kb(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await bot.post(teams.meeting_event("start", at="2025-03-17T12:00:00Z"))
    long_text = "Review the regional delivery plan and report back on progress with partners " * 8
    for n in range(1, 201):
        await bot.post(teams.meeting_message(f"/action {n}: {long_text[:600]} owner: Secretariat due: By June 2025"))
    standin.requests.clear()
    await bot.post(teams.meeting_event("end", at=END))
    pages = [r.body for r in standin.requests if r.conversation_id == MEETING_CHAT]
    assert len(pages) > 1
    numbers: list[str] = []
    for page in pages:
        assert len(json.dumps(page).encode()) < 80 * 1024
        numbers += [row[0] for row in table_rows(page["attachments"][0]["content"])[1:]]
    assert numbers == [str(n) for n in range(1, 201)]
    assert f"Part 1 of {len(pages)}" in all_text(pages[0]["attachments"][0]["content"])


async def test_next_meeting_can_be_set_and_read(bot: RunningBot, teams: Teams, standin: ConnectorStandIn) -> None:
    await bot.post(teams.meeting_message("/nextmeeting"))
    assert "not known yet" in standin.texts(MEETING_CHAT)[-1]
    await bot.post(teams.meeting_message("/nextmeeting 2025-06-16"))
    assert "Mon 16 June 2025" in standin.texts(MEETING_CHAT)[-1]
    await bot.post(teams.meeting_message("/nextmeeting 2024-01-01"))
    assert "in the past" in standin.texts(MEETING_CHAT)[-1]
    await bot.post(teams.meeting_message("/nextmeeting whenever"))
    assert "not a date" in standin.texts(MEETING_CHAT)[-1]
    assert await bot.chaser.store.next_meeting(MEETING_CHAT) is not None


async def test_install_posts_one_welcome(bot: RunningBot, teams: Teams, standin: ConnectorStandIn) -> None:
    added = teams.bot_added(personal=False)
    for _ in range(2):
        assert (await bot.post(added))[0] == 201
    welcomes = [c for c in standin.cards(MEETING_CHAT) if "Hello, I'm Chaser" in all_text(c)]
    assert len(welcomes) == 1
    assert "/action" in all_text(welcomes[0]) and "remove the app" in all_text(welcomes[0])
    assert await bot.chaser.store.get_chat(MEETING_CHAT) is not None


async def test_personal_install_stores_the_one_to_one_reference(bot: RunningBot, teams: Teams) -> None:
    await bot.post(teams.bot_added(user=BETH, personal=True))
    person = await bot.chaser.store.get_person(teams.tenant, BETH.aad_id)
    assert person is not None and person["personal_chat_id"] == f"a:personal-{BETH.aad_id}"


async def test_the_summary_says_when_the_next_meeting_is_or_how_to_set_it(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await log_seed(bot, teams)  # action 6 is due "Before next meeting"
    await bot.post(teams.meeting_event("end", at=END))
    assert "Set it with /nextmeeting" in all_text(summaries(standin)[-1])

    await bot.post(teams.meeting_message("/nextmeeting 2025-06-16"))
    await bot.post(teams.meeting_message("/summary"))
    on_demand = standin.cards(MEETING_CHAT)[-1]
    assert "Next meeting: Mon 16 June 2025." in all_text(on_demand)
    assert "Set it with" not in all_text(on_demand)

    # At the June sitting the date set in March is spent: it is not announced as the next one.
    await bot.post(teams.meeting_event("start", at=NEXT_START))
    await bot.post(
        teams.meeting_message("/action Circulate the draft owner: Secretariat deadline: Before next meeting")
    )
    await bot.post(teams.meeting_event("end", at="2025-06-16T12:00:00Z"))
    june = all_text(summaries(standin)[-1])
    assert "Mon 16 June 2025" in june and "Next meeting:" not in june
    assert "Set it with /nextmeeting" in june
