"""What users type can never speak in the bot's voice: Markdown in their words stays characters (never a link, never
bold), control characters never reach the register, and the export links' secrets never reach the access log."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

import docx  # type: ignore[import-untyped]
import pytest

from bot.register.model import AuditEvent, Person, Surface
from cards import verbs
from tests.support.activities import MEETING_CHAT, Teams
from tests.support.cards import all_text, buttons
from tests.support.connector import ConnectorStandIn
from tests.support.running import RunningBot

LINK = "[login here](https://evil.example/login)"
ESCAPED = r"\[login here\](https://evil.example/login)"


def sent_texts(standin: ConnectorStandIn) -> list[dict[str, Any]]:
    return [r.body for r in standin.sent_to(MEETING_CHAT) if r.body.get("text")]


def no_link(text: str) -> bool:
    """No Markdown link can be read from the text: every closing bracket before a "(" is escaped."""
    return re.search(r"(?<!\\)\]\(", text) is None


@pytest.mark.parametrize(
    "command",
    [
        f"/role {LINK}",  # reply.role.none names the role
        f"/done {LINK}",  # error.number.invalid quotes what was given
        f"/nextmeeting {LINK}",  # not a date: quoted back
        f"/done 1 {LINK}",  # not an action number: quoted back
    ],
)
async def test_plain_replies_escape_what_the_user_typed(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, command: str
) -> None:
    await bot.post(teams.meeting_message(command))
    [reply] = sent_texts(standin)
    assert reply["textFormat"] == "markdown"
    assert "login here" in reply["text"]
    assert no_link(reply["text"]), reply["text"]


async def test_role_holders_names_are_escaped_in_the_list(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await bot.post(teams.meeting_message("/actions"))  # the chat is known
    await bot.chaser.store.add_role_holder(
        MEETING_CHAT,
        "Treasurer",
        Person(name=f"**Bold** {LINK}", aad_id="aad-x"),
        event=_event(),
        every_chat=False,
    )
    await bot.post(teams.meeting_message("/role"))
    await bot.post(teams.meeting_message("/role Treasurer"))
    for reply in sent_texts(standin):
        assert "login here" in reply["text"] and no_link(reply["text"]) and "**Bold**" not in reply["text"]


def _event() -> AuditEvent:
    return AuditEvent(None, MEETING_CHAT, datetime(2025, 3, 17, tzinfo=UTC), Person("Admin"), "role_added", Surface.CLI)


async def test_the_import_create_message_escapes_the_title(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    answer = {
        "verb": verbs.IMPORT_CREATE,
        "form_id": "f1",
        "rows": 1,
        "numbers": [1],
        "meeting_date": "2025-01-20",
        "title": LINK,
        "text_0": "Write to the minister",
    }
    status, body = await bot.post(teams.card_invoke(answer))
    assert status == 200
    # Shown by Teams as plain text: the words as typed, no backslashes.
    assert LINK in body["value"]
    submit = teams.card_submit({**answer, "form_id": "f2"})
    await bot.post(submit)
    [reply] = sent_texts(standin)
    assert ESCAPED in reply["text"] and no_link(reply["text"])


async def test_the_forms_date_error_is_escaped_in_the_card(bot: RunningBot, teams: Teams) -> None:
    answer = {"verb": verbs.LOG_ACTION, "form_id": "f", "text": "Share the toolkit", "deadline_date": LINK}
    _, body = await bot.post(teams.card_invoke(answer))
    card = body["value"]
    problems = [b["text"] for b in card["body"] if b.get("type") == "TextBlock" and "login here" in b.get("text", "")]
    assert problems and all(no_link(text) for text in problems)
    assert await bot.chaser.store.count("actions") == 0


async def test_control_characters_never_reach_the_register_and_the_word_export_works(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await bot.post(teams.meeting_message("/action Share\x00 the\x1b[31m toolkit\x07 with\x85 members"))
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert action.text == "Share the[31m toolkit with members"
    await bot.post(teams.meeting_message("/export"))
    word = next(b["url"] for b in buttons(standin.cards(MEETING_CHAT)[-1]) if b["title"] == "Word")
    parsed = urlparse(word)
    async with bot.session.get(f"{bot.url}{parsed.path}?{parsed.query}") as response:
        assert response.status == 200
        document = docx.Document(io.BytesIO(await response.read()))
    assert document.tables[0].rows[1].cells[1].text == action.text


@pytest.mark.parametrize("expires", ["²", "١٢٣", "9" * 40, "-1", "1e9", ""])
async def test_odd_expiry_values_on_export_links_are_a_403(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, expires: str
) -> None:
    await bot.post(teams.meeting_message("/export"))
    link = buttons(standin.cards(MEETING_CHAT)[-1])[0]["url"]
    query = {k: v[0] for k, v in parse_qs(urlparse(link).query).items()} | {"expires": expires}
    async with bot.session.get(f"{bot.url}/exports?{urlencode(query)}") as response:
        assert response.status == 403


def text_blocks(element: Any) -> list[str]:
    """The text of every TextBlock (Markdown) in a card; TextRuns are never read as Markdown."""
    if isinstance(element, dict):
        own = [element["text"]] if element.get("type") == "TextBlock" else []
        return own + [t for value in element.values() for t in text_blocks(value)]
    if isinstance(element, list):
        return [t for value in element for t in text_blocks(value)]
    return []


async def test_user_text_in_a_card_is_never_markdown(bot: RunningBot, teams: Teams, standin: ConnectorStandIn) -> None:
    answer = {"verb": verbs.LOG_ACTION, "form_id": "g", "text": f"Share **it** {LINK}", "owner_role": LINK}
    _, body = await bot.post(teams.card_invoke(answer))
    await bot.post(teams.meeting_message(f"/action {LINK} owner: {LINK}"))
    await bot.post(teams.meeting_message("/actions"))
    cards = [body["value"], *standin.cards(MEETING_CHAT)]
    assert len(cards) == 3 and all("login here" in all_text(card) for card in cards)
    for card in cards:
        assert all(no_link(text) and "**it**" not in text for text in text_blocks(card))
