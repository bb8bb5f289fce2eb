"""/action and friends through /api/messages, as Teams sends them, against the connector stand-in."""

from __future__ import annotations

from tests.support.activities import ALEX, BETH, MEETING_CHAT, TENANT, Teams
from tests.support.cards import all_text, buttons, table_rows
from tests.support.connector import ConnectorStandIn
from tests.support.running import RunningBot


async def test_action_is_confirmed_with_a_card_after_it_is_stored(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    status, _ = await bot.post(teams.meeting_message("/action Share the toolkit owner: Secretariat due: 2025-04-04"))
    assert status == 201
    [card] = standin.cards(MEETING_CHAT)
    assert card["version"] == "1.5"
    text = all_text(card)
    assert "Action 1 logged" in text
    assert "Share the toolkit" in text and "Secretariat" in text and "2025-04-04" in text
    assert "Alex Jones" in text
    verbs = [(b["verb"], b["data"]["verb"]) for b in buttons(card)]
    assert verbs == [("done", "done"), ("edit", "edit"), ("remove", "remove")]
    [stored] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert buttons(card)[0]["data"]["action_id"] == stored.id
    assert stored.created_by.aad_id == ALEX.aad_id


async def test_mentioning_the_bot_first_works_too(bot: RunningBot, teams: Teams, standin: ConnectorStandIn) -> None:
    await bot.post(teams.meeting_message("/action Secretariat to share the Misinformation toolkit", mention_bot=True))
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert action.text == "Secretariat to share the Misinformation toolkit"
    assert action.owner is not None and action.owner.name == "Secretariat"


async def test_a_mentioned_owner_is_resolved_to_their_entra_id(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    text = f"/action Send the deck to finance owner: <at>{BETH.name}</at>"
    await bot.post(teams.meeting_message(text, mentions=(BETH,)))
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert action.owner is not None
    assert (action.owner.name, action.owner.aad_id, action.owner.user_id) == (BETH.name, BETH.aad_id, BETH.user_id)
    assert any(r.path.endswith(f"/members/{BETH.user_id}") for r in standin.requests)


async def test_plain_chat_in_a_meeting_is_ignored_and_nothing_is_stored(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    for text in ("Good morning all", "actions speak louder than words", "I will help with that", ""):
        status, _ = await bot.post(teams.meeting_message(text))
        assert status == 201
    assert standin.requests == []
    assert await bot.chaser.store.get_chat(MEETING_CHAT) is None
    assert await bot.chaser.store.count("audit_events") == 0


async def test_addressed_text_that_is_not_a_command_gets_a_hint(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await bot.post(teams.personal_message("hello there"))
    [hint] = standin.texts()
    assert "/help" in hint


async def test_action_alone_opens_the_form_and_its_answer_logs_the_action_once(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await bot.post(teams.meeting_message("/action"))
    [form] = standin.cards(MEETING_CHAT)
    inputs = {e["id"]: e for e in form["body"] if e["type"].startswith("Input.")}
    assert set(inputs) == {"text", "owner_person", "owner_role", "deadline_text", "deadline_date"}
    assert all(e.get("label") for e in inputs.values())
    log_button = buttons(form)[0]
    answer = {
        **log_button["data"],
        "text": "Invite a DARPL representative to the next meeting",
        "owner_person": BETH.aad_id,
        "owner_role": "",
        "deadline_text": "Before next meeting",
        "deadline_date": "",
    }
    for _ in range(2):  # clicked twice
        status, body = await bot.post(teams.card_invoke(answer))
        assert status == 200
        assert body["statusCode"] == 200 and body["type"] == "application/vnd.microsoft.card.adaptive"
        assert "Action 1 logged" in all_text(body["value"])
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert action.owner is not None and action.owner.aad_id == BETH.aad_id and action.owner.name == BETH.name
    assert action.deadline.text == "Before next meeting"


async def test_form_without_text_comes_back_with_the_problem_and_the_values_kept(bot: RunningBot, teams: Teams) -> None:
    answer = {"verb": "log_action", "form_id": "f1", "text": "  ", "owner_role": "Secretariat", "deadline_text": "TBC"}
    status, body = await bot.post(teams.card_invoke(answer))
    assert status == 200 and body["type"] == "application/vnd.microsoft.card.adaptive"
    card = body["value"]
    assert "Say what was agreed" in all_text(card)
    role = next(e for e in card["body"] if e.get("id") == "owner_role")
    assert role["value"] == "Secretariat"
    assert await bot.chaser.register.open_actions(MEETING_CHAT) == []


async def test_form_date_picker_sets_the_due_date(bot: RunningBot, teams: Teams) -> None:
    answer = {"verb": "log_action", "form_id": "f2", "text": "Book the room", "deadline_date": "2025-06-16"}
    await bot.post(teams.card_invoke(answer))
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert action.deadline.kind.value == "date"
    assert action.deadline.due is not None
    assert action.deadline.due.astimezone(bot.chaser.register.tz).date().isoformat() == "2025-06-16"


async def test_done_by_number_closes_it_and_the_list_drops_it(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await bot.post(teams.meeting_message("/action First thing"))
    await bot.post(teams.meeting_message("/action Second thing"))
    await bot.post(teams.meeting_message("/done 1"))
    assert "Action 1 done" in all_text(standin.cards(MEETING_CHAT)[-1])
    await bot.post(teams.meeting_message("/done 1"))
    assert "already done" in standin.texts(MEETING_CHAT)[-1]
    await bot.post(teams.meeting_message("/actions"))
    assert [row[1] for row in table_rows(standin.cards(MEETING_CHAT)[-1])[1:]] == ["Second thing"]


async def test_the_help_lists_every_command_with_an_example(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await bot.post(teams.meeting_message("/help"))
    text = all_text(standin.cards(MEETING_CHAT)[-1])
    for command in ("/action", "/actions", "/done", "/role", "/help"):
        assert command in text
    assert "/done 3" in text


async def test_card_done_by_the_owner_updates_the_card(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await bot.post(teams.meeting_message(f"/action Send the deck owner: <at>{BETH.name}</at>", mentions=(BETH,)))
    done = buttons(standin.cards(MEETING_CHAT)[0])[0]["data"]
    status, body = await bot.post(teams.card_invoke(done, user=BETH))
    assert status == 200 and body["type"] == "application/vnd.microsoft.card.adaptive"
    assert "Action 1 done" in all_text(body["value"])
    assert buttons(body["value"]) == []
    status, again = await bot.post(teams.card_invoke(done, user=BETH))
    assert "Action 1 done" in all_text(again["value"])
    trail = await bot.chaser.store.chat_audit_trail(MEETING_CHAT)
    assert [e.kind for e in trail] == ["logged", "completed"]
    assert trail[1].surface.value == "card" and trail[1].actor.aad_id == BETH.aad_id


async def test_someone_else_answering_the_card_is_refused_and_nothing_changes(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await bot.post(
        teams.meeting_message(f"/action Send the deck owner: <at>{BETH.name}</at>", mentions=(BETH,), user=BETH)
    )
    done = buttons(standin.cards(MEETING_CHAT)[0])[0]["data"]
    status, body = await bot.post(teams.card_invoke(done, user=ALEX))
    assert status == 200
    assert body["type"] == "application/vnd.microsoft.activity.message"
    assert "Nothing was changed" in body["value"]
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert action.version == 1


async def test_edit_opens_a_form_and_saving_changes_the_action(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await bot.post(teams.meeting_message("/action Share the toolkit owner: Secretariat"))
    edit = buttons(standin.cards(MEETING_CHAT)[0])[1]["data"]
    _, form = await bot.post(teams.card_invoke(edit))
    fields = {e["id"]: e.get("value") for e in form["value"]["body"] if "id" in e}
    assert fields["text"] == "Share the toolkit" and fields["owner_role"] == "Secretariat"
    save = {
        **buttons(form["value"])[0]["data"],
        "text": "Share the toolkit with members",
        "owner_role": "Secretariat",
        "deadline_text": "2025-05-30",
    }
    _, saved = await bot.post(teams.card_invoke(save))
    assert "Action 1 updated" in all_text(saved["value"])
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert (action.text, action.deadline.text) == ("Share the toolkit with members", "2025-05-30")


async def test_action_submit_answers_replace_the_card_in_place(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await bot.post(teams.meeting_message("/action Share the toolkit"))
    done = buttons(standin.cards(MEETING_CHAT)[0])[0]["data"]
    status, _ = await bot.post(teams.card_submit(done, reply_to_id="card-message-1"))
    assert status == 201
    update = standin.requests[-1]
    assert (update.method, update.activity_id) == ("PUT", "card-message-1")
    assert "Action 1 done" in all_text(update.body["attachments"][0]["content"])


async def test_conversation_references_are_stored_with_the_tenant(bot: RunningBot, teams: Teams) -> None:
    await bot.post(teams.meeting_message("/actions"))
    chat = await bot.chaser.store.get_chat(MEETING_CHAT)
    assert chat is not None
    assert chat["tenant_id"] == TENANT and chat["kind"] == "meeting"
    assert chat["reference"]["conversation"]["tenantId"] == TENANT
    assert chat["reference"]["serviceUrl"] == teams.service_url
    await bot.post(teams.personal_message("/help", user=BETH))
    person = await bot.chaser.store.get_person(TENANT, BETH.aad_id)
    assert person is not None and person["personal_chat_id"] == f"a:personal-{BETH.aad_id}"
    assert person["reference"]["user"]["id"] == BETH.user_id


async def test_chatter_starting_with_the_word_action_is_not_stored_but_the_minutes_idiom_is(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    for chatter in ("Action films tonight? my NI number is QQ123456C", "action replay was great"):
        status, _ = await bot.post(teams.meeting_message(chatter))
        assert status == 201
    assert await bot.chaser.store.count("actions") == 0
    assert await bot.chaser.store.count("chats") == 0  # nothing about the chat is kept for chatter either
    assert standin.requests == []
    await bot.post(teams.meeting_message("Action: Secretariat to share the toolkit"))
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert "share the toolkit" in action.text
