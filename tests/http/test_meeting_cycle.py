"""Two meetings of one chat through /api/messages, as a forum runs them: March logs, June continues the register."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlparse

import docx  # type: ignore[import-untyped]
import icalendar

from bot.cli import CLI_PERSON
from bot.register.meetings import Meetings, PastAction
from bot.register.model import Person, Surface
from bot.register.ports import FixedClock
from bot.register.service import ChatContext
from cards import verbs
from tests.http.test_chasers import answer_button, sweep_when_due
from tests.support.activities import ALEX, BETH, CARYS, MEETING_CHAT, MEETING_ID, Teams, User
from tests.support.cards import all_text, buttons, table_rows
from tests.support.connector import ConnectorStandIn
from tests.support.running import RunningBot, running_bot
from tests.support.stores import previous_release_database

GUEST = User("Gwen Guest", "29:1gwenGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGG", "0d5a3d1e-6c3a-4f3e-9b8a-3f2c1d0e9a8b")
MARCH_START, MARCH_END = "2025-03-17T12:00:00Z", "2025-03-17T13:00:00Z"
JUNE_START, JUNE_END = "2025-06-16T11:00:00Z", "2025-06-16T12:30:00Z"


async def march(bot: RunningBot, teams: Teams, clock: FixedClock) -> None:
    clock.set(datetime(2025, 3, 17, 12, 5, tzinfo=UTC))
    await bot.post(teams.meeting_event("start", at=MARCH_START))
    for action in (
        "Share the Misinformation Toolkit owner: Secretariat deadline: As soon as possible",
        "Share the Section 30 guidance owner: Secretariat deadline: When published (Spring 2025)",
        "Follow up with the member about support owner: Regional Convenor (North Wales) deadline: In due course",
    ):
        await bot.post(teams.meeting_message(f"/action {action}"))
    await bot.post(teams.meeting_event("end", at=MARCH_END))


async def june_start(bot: RunningBot, teams: Teams, clock: FixedClock) -> None:
    clock.set(datetime(2025, 6, 16, 11, 2, tzinfo=UTC))
    await bot.post(teams.meeting_event("start", at=JUNE_START))


async def test_june_numbers_on_from_march_and_done_n_is_unambiguous(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, clock: FixedClock
) -> None:
    await march(bot, teams, clock)
    await june_start(bot, teams, clock)
    await bot.post(teams.meeting_message("/action Circulate the June minutes owner: Secretariat"))
    assert "Action 4 logged" in all_text(standin.cards(MEETING_CHAT)[-1])

    await bot.post(teams.meeting_message("/done 2"))
    done = standin.cards(MEETING_CHAT)[-1]
    # No. 2 is March's (June has no No. 2), and the card says which meeting it came from.
    assert "Action 2 done" in all_text(done) and "Share the Section 30 guidance" in all_text(done)
    assert "Wales Race Forum, Mon 17 March 2025" in all_text(done)
    assert (await bot.chaser.register.by_number(MEETING_CHAT, 4)).status.value == "open"

    await bot.post(teams.meeting_message("/actions"))
    rows = table_rows(standin.cards(MEETING_CHAT)[-1])
    # Two meetings in one list: each No. carries its meeting's date.
    assert [r[0] for r in rows[1:]] == ["1 (17/03/2025)", "3 (17/03/2025)", "4 (16/06/2025)"]


async def test_a_list_from_one_meeting_shows_plain_numbers(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, clock: FixedClock
) -> None:
    await march(bot, teams, clock)
    await bot.post(teams.meeting_message("/actions"))
    assert [r[0] for r in table_rows(standin.cards(MEETING_CHAT)[-1])[1:]] == ["1", "2", "3"]


def import_answer(numbers: list[int], texts: list[str], *, held: str, form_id: str) -> dict[str, object]:
    answer: dict[str, object] = {
        "verb": verbs.IMPORT_CREATE,
        "form_id": form_id,
        "rows": len(texts),
        "numbers": numbers,
        "meeting_date": held,
        "title": "Wales Race Forum",
    }
    for index, text in enumerate(texts):
        answer[f"text_{index}"] = text
        answer[f"owner_{index}"] = "Secretariat"
        answer[f"deadline_{index}"] = "By June 2025"
    return answer


async def test_imported_minutes_keep_their_numbers_only_when_none_collides(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, clock: FixedClock
) -> None:
    await march(bot, teams, clock)  # Nos. 1-3 are March's
    # January's minutes numbered 2 and 5: 2 is taken, so both number on past the highest (4, 5), in order.
    answer = import_answer([2, 5], ["Write to the minister", "Book the venue"], held="2025-01-20", form_id="jan")
    status, _ = await bot.post(teams.card_invoke(answer))
    assert status == 200
    # February's numbered 10 and 12: free, kept.
    answer = import_answer([10, 12], ["Invite the panel", "Draft the letter"], held="2025-02-17", form_id="feb")
    await bot.post(teams.card_invoke(answer))
    numbers = {a.text: a.number for a in await bot.chaser.store.find_actions(MEETING_CHAT)}
    assert numbers == {
        "Share the Misinformation Toolkit": 1,
        "Share the Section 30 guidance": 2,
        "Follow up with the member about support": 3,
        "Write to the minister": 4,
        "Book the venue": 5,
        "Invite the panel": 10,
        "Draft the letter": 12,
    }
    # The same import again adds nothing and moves nothing.
    await bot.post(teams.card_invoke(import_answer([2, 5], ["Write to the minister", "Book the venue"],
                                                   held="2025-01-20", form_id="jan")))  # fmt: skip
    assert len(await bot.chaser.store.find_actions(MEETING_CHAT)) == 7
    # The next action continues past the highest.
    await bot.post(teams.meeting_message("/action Send the agenda"))
    assert "Action 13 logged" in all_text(standin.cards(MEETING_CHAT)[-1])


async def test_after_the_upgrade_a_moved_number_is_shown_beside_its_old_one_once(
    db_url: str, teams: Teams, standin: ConnectorStandIn, clock: FixedClock
) -> None:
    old = await previous_release_database(
        db_url, chats=(MEETING_CHAT, "19:other@thread.v2"), tenant=teams.tenant, logged_by=ALEX.aad_id
    )
    await old.close()
    async with running_bot({"DATABASE_URL": db_url}, clock=clock) as bot:  # migrates at start
        await bot.post(teams.meeting_message("/actions"))
        first = [r[0] for r in table_rows(standin.cards(MEETING_CHAT)[-1])[1:]]
        await bot.post(teams.meeting_message("/actions"))
        again = [r[0] for r in table_rows(standin.cards(MEETING_CHAT)[-1])[1:]]
        await bot.post(teams.meeting_message("/done 7"))
        done = all_text(standin.cards(MEETING_CHAT)[-1])
    assert first == [
        "1 (17/03/2025)", "2 (17/03/2025)", "3 (17/03/2025)",
        "5 (14/04/2025)", "6 (was 2) (14/04/2025)",
        "7 (was 1) (16/06/2025)", "8 (was 2) (16/06/2025)",
    ]  # fmt: skip
    assert again[3:] == ["5 (14/04/2025)", "6 (14/04/2025)", "7 (16/06/2025)", "8 (16/06/2025)"]
    assert "Action 7 done" in done and "June" in done and "was" not in done


def assign_form(card: dict[str, Any]) -> dict[str, Any]:
    show = next(
        a
        for e in card["body"]
        if e.get("type") == "ActionSet"
        for a in e["actions"]
        if a["type"] == "Action.ShowCard" and "Assign" in a["title"]
    )
    return dict(show["card"]["actions"][0]["data"])


async def test_the_summary_says_which_roles_nobody_holds_and_assigns_them_there(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, clock: FixedClock
) -> None:
    standin.meetings[MEETING_ID] = {"details": {"id": MEETING_ID}, "organizer": {"aadObjectId": CARYS.aad_id}}
    standin.add_member(user_id=GUEST.user_id, aad_id=GUEST.aad_id, name=GUEST.name, user_role="guest")
    await march(bot, teams, clock)
    summary = standin.cards(MEETING_CHAT)[-1]
    text = all_text(summary)
    assert "Nobody holds these roles yet" in text
    assert "Secretariat, Regional Convenor (North Wales)" in text  # nothing in it for Markdown to act on: no escapes
    form = assign_form(summary)

    # A guest is refused, and the refusal is in the audit trail.
    answer = {**form, "assign_role": "Secretariat", "assign_people": GUEST.aad_id}
    _, refused = await bot.post(teams.card_invoke(answer, user=GUEST))
    assert "Guests cannot name role holders" in json.dumps(refused)
    trail = await bot.chaser.store.chat_audit_trail(MEETING_CHAT)
    assert [e.detail["reason"] for e in trail if e.kind == "refused"] == ["error.role.guest"]

    # The organiser assigns the Secretariat: the answer is the summary's page with only the convenor left unheld.
    answer = {**form, "assign_role": "Secretariat", "assign_people": f"{BETH.aad_id},{ALEX.aad_id}"}
    status, body = await bot.post(teams.card_invoke(answer, user=CARYS))
    assert status == 200
    page = all_text(body["value"])
    assert "Beth Evans, Alex Jones now hold Secretariat in every chat" in page
    assert "Regional Convenor (North Wales)" in page and "Nobody holds these roles yet" in page
    assert "Secretariat, Regional" not in page
    holders = await bot.chaser.register.roles.holding(MEETING_CHAT, "Secretariat")
    assert [(h.person.name, h.every_chat, h.added_by) for h in holders] == [
        ("Beth Evans", True, "Carys Owen"),
        ("Alex Jones", True, "Carys Owen"),
    ]
    await bot.post(teams.meeting_message("/role Secretariat"))
    assert standin.texts(MEETING_CHAT)[-1] == (
        "Secretariat: Beth Evans (every chat, named by Carys Owen), Alex Jones (every chat, named by Carys Owen)."
    )


async def test_chasers_shows_the_person_each_reminder_reaches_and_the_roles_nobody_holds(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, clock: FixedClock
) -> None:
    await march(bot, teams, clock)
    await bot.post(teams.meeting_message("/chasers"))
    card = standin.cards(MEETING_CHAT)[-1]
    rows = table_rows(card)
    assert rows[0] == ["When", "No.", "Reaches", "Reminder"]
    # The Secretariat's ASAP check-in: nobody holds the role, so it reaches Alex, who logged it.
    assert rows[1][1:] == ["1", "Alex Jones (logged it; nobody holds the role)", "A check-in: how is it going?"]
    assert "Regional Convenor (North Wales)" in all_text(card) and "Nobody holds these roles yet" in all_text(card)

    await bot.post(teams.meeting_message(f"/role Secretariat <at>{BETH.name}</at>", mentions=(BETH,)))
    await bot.post(teams.meeting_message("/chasers"))
    card = standin.cards(MEETING_CHAT)[-1]
    assert table_rows(card)[1][1:] == ["1", "Beth Evans", "A check-in: how is it going?"]
    assert "Secretariat," not in all_text(card)


async def test_an_unanswered_asap_action_escalates_and_the_secretariat_nudges_and_reassigns(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, clock: FixedClock
) -> None:
    standin.meetings[MEETING_ID] = {"details": {"id": MEETING_ID}, "organizer": {"aadObjectId": CARYS.aad_id}}
    for user in (ALEX, BETH):
        await bot.post(teams.personal_message("/help", user=user))  # both have Chaser installed 1:1
    clock.set(datetime(2025, 3, 17, 12, 5, tzinfo=UTC))
    await bot.post(teams.meeting_event("start", at=MARCH_START))
    await bot.post(teams.meeting_message("/action Share the toolkit owner: Secretariat deadline: By June 2025"))
    await bot.post(teams.meeting_message(f"/role Secretariat <at>{ALEX.name}</at>", mentions=(ALEX,)))
    await bot.post(
        teams.meeting_message(
            f"/action Send the report owner: <at>{BETH.name}</at> deadline: As soon as possible", mentions=(BETH,)
        )
    )
    await bot.post(teams.meeting_event("end", at=MARCH_END))

    beth, alex = f"a:personal-{BETH.aad_id}", f"a:personal-{ALEX.aad_id}"
    while not any("Escalat" in all_text(c) for c in standin.cards(alex)):
        assert clock.now() < datetime(2025, 5, 1, tzinfo=UTC), "the ASAP action never escalated"
        await sweep_when_due(bot, clock)
    check_ins = [c for c in standin.cards(beth) if "A check-in" in all_text(c)]
    assert len(check_ins) == 2  # two unanswered check-ins, then the Secretariat (not a twelfth check-in)
    escalation = [c for c in standin.cards(alex) if "Escalat" in all_text(c)][-1]
    assert "Send the report" in all_text(escalation)
    told = standin.cards(beth)[-1]
    assert "the Secretariat has been asked to help" in all_text(told) and "Send the report" in all_text(told)

    personal = {"chat_id": alex, "conversation_type": "personal"}
    nudge = answer_button(escalation, "Nudge owner", 2)
    status, body = await bot.post(teams.card_invoke(nudge, user=ALEX, **personal))
    assert status == 200 and "Nudged: Beth Evans got a reminder just now" in all_text(body["value"])
    assert "would like a word on how this is going" in all_text(standin.cards(beth)[-1])
    sent = len(standin.cards(beth))
    _, again = await bot.post(teams.card_invoke(nudge, user=ALEX, **personal))
    assert "Nudge again from" in json.dumps(again) and len(standin.cards(beth)) == sent

    reassign = answer_button(escalation, "Reassign", 2)
    answer = {**reassign, reassign["person_field"]: CARYS.aad_id}
    status, body = await bot.post(teams.card_invoke(answer, user=ALEX, **personal))
    assert status == 200 and "Reassigned to Carys Owen" in all_text(body["value"])
    action = await bot.chaser.register.by_number(MEETING_CHAT, 2)
    assert action.owner is not None and action.owner.aad_id == CARYS.aad_id
    kinds = [e.kind for e in await bot.chaser.store.audit_trail(action.id)]
    assert kinds[-2:] == ["nudged", "reassigned"]


async def test_imported_history_is_calm_until_reviewed_and_never_reminds_the_command_line(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, clock: FixedClock
) -> None:
    clock.set(datetime(2025, 6, 2, 10, tzinfo=UTC))
    await bot.post(teams.meeting_message("/help"))  # the chat is known to Chaser
    # March's minutes, imported in June from a card: every deadline has passed.
    answer = import_answer([1, 2], ["Write to the minister", "Book the venue"], held="2025-03-17", form_id="mar")
    answer["deadline_0"] = "As soon as possible"
    await bot.post(teams.card_invoke(answer))
    # And an older meeting's action imported from the command line (a pseudo-person logged it).
    await Meetings(bot.chaser.store, bot.chaser.register, clock).record_past_meeting(
        ChatContext(MEETING_CHAT, teams.tenant),
        title="Wales Race Forum",
        held_on=date(2025, 1, 20),
        items=[PastAction(1, "Draft the terms of reference", "Regional Convenor (North Wales)", "By February 2025")],
        actor=CLI_PERSON,
        surface=Surface.CLI,
        key="cli:jan",
    )
    before = len(standin.requests)
    for days in (0, 1, 3, 6):  # 6 calendar days: 4 working days after the import
        clock.set(datetime(2025, 6, 2, 10, tzinfo=UTC) + timedelta(days=days, minutes=1))
        await bot.chaser.sweeper.sweep()
    assert [r.path for r in standin.requests[before:]] == []

    await bot.post(teams.meeting_message("/review"))
    review = standin.cards(MEETING_CHAT)[-1]
    assert "Write to the minister" in all_text(review) and "Book the venue" in all_text(review)
    assert "Draft the terms of reference" in all_text(review)
    await bot.post(teams.meeting_message("/chasers"))
    rows = {r[1]: r[2] for r in table_rows(standin.cards(MEETING_CHAT)[-1])[1:]}
    # Reviewed: chased from now. The command line's action has nobody to remind.
    assert rows["1"] == "Alex Jones (logged it; nobody holds the role)"
    assert rows["3"] == "Nobody: name a holder for its role"

    for _ in range(3):
        await sweep_when_due(bot, clock)
    mentions = [c for c in standin.cards(MEETING_CHAT) if "Chaser command line" in json.dumps(c)]
    assert mentions == []
    assert any("Write to the minister" in all_text(c) for c in standin.cards("a:created-1")) or any(
        "Write to the minister" in json.dumps(r.body) for r in standin.requests[before:]
    )


async def test_snooze_says_when_reminders_come_back_and_the_hand_back_note_is_in_the_chats_language(
    db_url: str, teams: Teams, standin: ConnectorStandIn, clock: FixedClock
) -> None:
    async with running_bot({"DATABASE_URL": db_url, "CHASER_CHAT_LANGUAGE": "bilingual"}, clock=clock) as bot:
        await bot.post(teams.personal_message("/help", user=BETH))  # Beth reads English, 1:1
        due = f"/action Send the report owner: <at>{BETH.name}</at> due: 2025-03-10"
        await bot.post(teams.meeting_message(due, mentions=(BETH,)))
        await sweep_when_due(bot, clock)
        beth = f"a:personal-{BETH.aad_id}"
        card = standin.cards(beth)[-1]
        personal = {"user": BETH, "chat_id": beth, "conversation_type": "personal"}

        snooze = answer_button(card, "Snooze")
        _, body = await bot.post(teams.card_invoke({**snooze, snooze["field"]: "1w"}, **personal))
        snoozed = all_text(body["value"])
        assert "Snoozed: no reminder about this before" in snoozed and "2025" in snoozed

        hand_back = answer_button(body["value"], "Can't do it")
        answer = {**hand_back, hand_back["field"]: "On leave until May", hand_back["suggest_field"]: "Carys"}
        await bot.post(teams.card_invoke(answer, **personal))
        note = all_text(standin.cards(MEETING_CHAT)[-1])
        # The meeting chat is bilingual: the note is too, though Beth answered in English.
        assert "Ni all Beth Evans wneud cam gweithredu 1" in note and "Beth Evans can't do action 1" in note


def review_button(card: dict[str, Any], number: int, title: str) -> dict[str, Any]:
    for row in (e for e in card["body"] if e.get("type") == "Container"):
        if not row["items"][0]["inlines"][0]["text"].startswith(f"{number}"):
            continue
        for button in (a for i in row["items"] if i.get("type") == "ActionSet" for a in i["actions"]):
            if button["title"] == title:
                return dict(button["card"]["actions"][0]["data"] if "card" in button else button["data"])
    raise AssertionError(f"no {title!r} for No. {number}")


async def test_june_reports_back_on_march_done_dropped_handed_back_carried_and_not_reviewed(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, clock: FixedClock
) -> None:
    standin.meetings[MEETING_ID] = {"details": {"id": MEETING_ID}, "organizer": {"aadObjectId": CARYS.aad_id}}
    clock.set(datetime(2025, 3, 17, 12, 5, tzinfo=UTC))
    await bot.post(teams.meeting_event("start", at=MARCH_START))
    beth = f"<at>{BETH.name}</at>"
    for line, mentions in (
        ("Share the Misinformation Toolkit owner: Secretariat deadline: As soon as possible", ()),
        (f"Share the Section 30 guidance owner: {beth} deadline: By 30 May 2025", (BETH,)),
        (f"Follow up with the member owner: {beth} deadline: In due course", (BETH,)),
        ("Book the venue owner: Secretariat deadline: By June 2025", ()),
        ("Write to the minister owner: Secretariat deadline: By 30 April 2025", ()),
        ("Circulate the report owner: Secretariat deadline: Before next meeting", ()),
    ):
        await bot.post(teams.meeting_message(f"/action {line}", mentions=mentions))
    await bot.post(teams.meeting_event("end", at=MARCH_END))

    # Between the meetings: Beth finishes No. 2, gives an update on No. 3 and then hands it back.
    clock.set(datetime(2025, 4, 2, 10, tzinfo=UTC))
    await bot.post(teams.meeting_message("/done 2", user=BETH))
    register = bot.chaser.register
    third = await register.by_number(MEETING_CHAT, 3)
    beth_person = Person(BETH.name, aad_id=BETH.aad_id, user_id=BETH.user_id)
    third = (
        await register.progress(MEETING_CHAT, third, beth_person, update="Met them twice", surface=Surface.CARD)
    ).action
    clock.set(datetime(2025, 5, 6, 10, tzinfo=UTC))
    await register.hand_back(
        MEETING_CHAT, third, beth_person, reason="On leave until July", suggested="Gwen Price", surface=Surface.CARD
    )

    # June: the chair carries No. 1 forward as it is, No. 5 to a new date, and drops No. 4; No. 6 is left.
    clock.set(datetime(2025, 6, 16, 11, 2, tzinfo=UTC))
    await bot.post(teams.meeting_event("start", at=JUNE_START))
    review = [c for c in standin.cards(MEETING_CHAT) if "Matters arising" in all_text(c)][-1]
    chair = {"user": CARYS}
    carry = review_button(review, 1, "Carry forward")
    _, answered = await bot.post(teams.card_invoke({**carry, carry["field"]: ""}, **chair))
    assert "Carried forward" in all_text(answered["value"])  # the row says so, with no new date
    carry = review_button(review, 5, "Carry forward")
    await bot.post(teams.card_invoke({**carry, carry["field"]: "By 31 July 2025"}, **chair))
    drop = review_button(review, 4, "Drop")
    await bot.post(teams.card_invoke({**drop, drop["field"]: "The venue is no longer needed"}, **chair))
    await bot.post(teams.meeting_message("/action Circulate the June minutes owner: Secretariat"))
    clock.set(datetime(2025, 6, 16, 12, 31, tzinfo=UTC))
    await bot.post(teams.meeting_event("end", at=JUNE_END))

    june = [c for c in standin.cards(MEETING_CHAT) if "Summary of Actions" in all_text(c)][-1]
    text = all_text(june)
    start = text.index("Since the last meeting (Wales Race Forum, Mon 17 March 2025)")
    agreed = text.index("Actions agreed at this meeting")
    part = text[start:agreed]
    # As the chair reads it (the card's Markdown escapes taken out).
    lines = [line.replace("\\", "") for line in part.splitlines()[1:] if line]
    assert lines == [
        "No. 2 (17/03/2025), Share the Section 30 guidance: done by Beth Evans, Wed 2 April 2025.",
        "No. 4 (17/03/2025), Book the venue: dropped, Mon 16 June 2025. Reason: The venue is no longer needed",
        "No. 3 (17/03/2025), Follow up with the member: handed back by Beth Evans, Tue 6 May 2025. Reason: On leave "
        "until July",
        "Suggested owner: Gwen Price.",
        "Latest update from Beth Evans, Wed 2 April 2025: Met them twice",
        "No. 1 (17/03/2025), Share the Misinformation Toolkit: carried forward; the deadline stays As soon as "
        "possible.",
        "No. 5 (17/03/2025), Write to the minister: carried forward, By 30 April 2025 → By 31 July 2025.",
        "No. 6 (17/03/2025), Circulate the report: still open, not reviewed (Secretariat; Before next meeting).",
    ]
    assert table_rows(june)[1][:2] == ["7", "Circulate the June minutes"]
    # /summary says the same.
    await bot.post(teams.meeting_message("/summary"))
    assert "handed back by Beth Evans" in all_text(standin.cards(MEETING_CHAT)[-1])

    # Carried forward without a date counts as reviewed: No. 1's chasing counts again from today, so its next
    # chaser is the owner's check-in, not the Secretariat's escalation.
    await bot.post(teams.meeting_message("/chasers"))
    rows = {r[1]: r[3] for r in table_rows(standin.cards(MEETING_CHAT)[-1])[1:]}
    assert rows["1"] == "A check-in: how is it going?"


async def test_exports_keep_the_agreed_deadline_and_date_summer_deadlines_on_their_local_day(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, clock: FixedClock
) -> None:
    standin.meetings[MEETING_ID] = {"details": {"id": MEETING_ID}, "organizer": {"aadObjectId": CARYS.aad_id}}
    clock.set(datetime(2025, 3, 17, 12, 5, tzinfo=UTC))
    await bot.post(teams.meeting_event("start", at=MARCH_START))
    await bot.post(teams.meeting_message("/action Publish the report owner: Secretariat deadline: By June 2025"))
    guidance = "/action Share the guidance owner: Secretariat deadline: When published (Spring 2025)"
    await bot.post(teams.meeting_message(guidance))
    await bot.post(teams.meeting_event("end", at=MARCH_END))
    clock.set(datetime(2025, 6, 16, 11, 2, tzinfo=UTC))
    await bot.post(teams.meeting_event("start", at=JUNE_START))
    review = [c for c in standin.cards(MEETING_CHAT) if "Matters arising" in all_text(c)][-1]
    carry = review_button(review, 1, "Carry forward")
    await bot.post(teams.card_invoke({**carry, carry["field"]: "By 30 September 2025"}, user=CARYS))

    await bot.post(teams.meeting_message("/export"))
    links = {b["title"]: urlparse(b["url"]) for b in buttons(standin.cards(MEETING_CHAT)[-1])}

    async def download(title: str) -> bytes:
        async with bot.session.get(f"{bot.url}{links[title].path}?{links[title].query}") as response:
            assert response.status == 200
            return await response.read()

    rows = list(csv.DictReader(io.StringIO((await download("Spreadsheet (CSV)")).decode())))
    report, guide = rows
    assert (report["deadline_agreed"], report["deadline_as_written"], report["due"]) == (
        "By June 2025",
        "By 30 September 2025",
        "2025-09-30",
    )
    assert "Carys Owen (review): By June 2025 → By 30 September 2025" in report["deadline_revisions"]
    assert guide["latest"] == "2025-05-31"  # Spring ends on 31 May, though 23:00 UTC on the 30th
    document = docx.Document(io.BytesIO(await download("Word")))
    assert [c.text for c in document.tables[0].rows[1].cells][3] == "By June 2025"  # as agreed in March
    calendar = icalendar.Calendar.from_ical(await download("Calendar (.ics)"))
    assert sorted(e.decoded("dtstart").isoformat() for e in calendar.walk("VEVENT")) == ["2025-05-31", "2025-09-30"]
