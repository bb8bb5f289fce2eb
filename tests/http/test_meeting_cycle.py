"""Two meetings of one chat through /api/messages, as a forum runs them: March logs, June continues the register."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.register.ports import FixedClock
from cards import verbs
from tests.support.activities import ALEX, MEETING_CHAT, Teams
from tests.support.cards import all_text, table_rows
from tests.support.connector import ConnectorStandIn
from tests.support.running import RunningBot, running_bot
from tests.support.stores import previous_release_database

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
