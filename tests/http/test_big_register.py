"""A register bigger than a card: lists read only the rows they show and say how many there are; exports are
written in pages and still hold every action."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

import docx  # type: ignore[import-untyped]
import pytest

import bot.register.meetings as meetings
from bot.register.ports import FixedClock
from bot.store.exporting import stream_export
from cards.words import words_for
from tests.support.activities import MEETING_CHAT, Teams
from tests.support.cards import all_text, table_rows
from tests.support.connector import ConnectorStandIn
from tests.support.running import RunningBot

LIST_ROWS = 40  # cards.list_cards.MAX_ROWS


async def log_many(bot: RunningBot, teams: Teams, count: int) -> None:
    for index in range(1, count + 1):
        await bot.post(teams.meeting_message(f"/action Action number {index} owner: Secretariat"))


async def test_actions_shows_the_first_rows_and_counts_them_all(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await log_many(bot, teams, LIST_ROWS + 5)
    await bot.post(teams.meeting_message("/done 2"))
    await bot.post(teams.meeting_message("/actions"))
    card = standin.cards(MEETING_CHAT)[-1]
    numbers = [row[0] for row in table_rows(card)[1:]]
    # Open ones only, in order, as many as the card holds; the heading and the note count every open action.
    assert numbers == [str(n) for n in range(1, LIST_ROWS + 2) if n != 2]
    text = all_text(card)
    assert f"{LIST_ROWS + 4} open actions" in text
    assert f"Showing {LIST_ROWS} of {LIST_ROWS + 4}" in text


async def test_exports_read_in_pages_hold_every_action_once_in_order(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, clock: FixedClock
) -> None:
    clock.set(datetime(2025, 3, 17, 12, 5, tzinfo=UTC))
    await bot.post(teams.meeting_event("start", at="2025-03-17T12:00:00Z"))
    await log_many(bot, teams, 5)
    await bot.post(teams.meeting_message("/done 2"))
    await bot.post(teams.meeting_event("end", at="2025-03-17T13:00:00Z"))
    clock.set(datetime(2025, 6, 16, 11, 2, tzinfo=UTC))
    await bot.post(teams.meeting_event("start", at="2025-06-16T11:00:00Z"))
    await bot.post(teams.meeting_message("/action Circulate the June minutes owner: Secretariat deadline: 2025-07-01"))
    await bot.post(teams.meeting_message("/action Logged twice by mistake owner: Secretariat"))
    await bot.post(teams.meeting_message("/undo"))  # No. 7 removed

    async def document(fmt: str, page_size: int) -> tuple[bytes, int]:
        parts: list[bytes] = []

        async def send(data: bytes) -> None:
            parts.append(data)

        await stream_export(
            bot.chaser.store, send, chat=MEETING_CHAT, fmt=fmt, meeting=None, now=clock.now(),
            tz=bot.chaser.register.tz, words=words_for("en", bot.chaser.register.tz), page_size=page_size,
        )  # fmt: skip
        return b"".join(parts), len([p for p in parts if p])

    for fmt in ("csv", "md", "ics"):
        whole, _ = await document(fmt, 500)
        paged, sends = await document(fmt, 2)
        assert paged == whole, fmt
        if fmt != "ics":  # (only one action has a date for the calendar)
            assert sends >= 4, fmt  # written as read, not at the end
    rows = list(csv.DictReader(io.StringIO((await document("csv", 2))[0].decode())))
    assert [r["no"] for r in rows] == ["1", "2", "3", "4", "5", "6"]  # No. 7 was removed
    word, _ = await document("docx", 2)
    tables = docx.Document(io.BytesIO(word)).tables
    assert [[r.cells[0].text for r in t.rows[1:]] for t in tables] == [["1", "2", "3", "4", "5"], ["6"]]


async def test_matters_arising_puts_the_first_actions_before_the_chair_and_counts_the_rest(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(meetings, "MAX_REVIEW_ROWS", 4)  # (150 in use: six cards)
    clock.set(datetime(2025, 3, 17, 12, 5, tzinfo=UTC))
    await bot.post(teams.meeting_event("start", at="2025-03-17T12:00:00Z"))
    await log_many(bot, teams, 7)
    await bot.post(teams.meeting_event("end", at="2025-03-17T13:00:00Z"))
    clock.set(datetime(2025, 6, 16, 11, 2, tzinfo=UTC))
    await bot.post(teams.meeting_event("start", at="2025-06-16T11:00:00Z"))
    [review] = [c for c in standin.cards(MEETING_CHAT) if "Matters arising" in all_text(c)]
    text = all_text(review)
    assert "7 actions to review" in text
    assert re.findall(r"Action number (\d+)\b", text) == ["1", "2", "3", "4"]
    assert "3 more actions to review are not listed here: the export (/export) has every one." in text
    # /review says the same.
    await bot.post(teams.meeting_message("/review"))
    assert "3 more actions to review are not listed here" in all_text(standin.cards(MEETING_CHAT)[-1])
