"""/import in Teams: minutes pasted into a card, a preview of the actions found, then Create."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from bot.register.email_address import looks_like_email, read_email
from bot.register.errors import InvalidInput
from bot.register.meetings import Meetings, PastAction
from bot.register.minutes import MinutesRefused
from bot.register.minutes.worker import MinutesWorker, Request
from bot.register.model import Surface
from bot.register.service import MAX_KEPT_NUMBER
from bot.teams.replies import Reply
from bot.teams.turn import TurnInfo
from cards import verbs
from cards.catalogue import t
from cards.import_cards import MAX_PASTE, MAX_PREVIEW_ROWS, import_form_card, import_preview_card
from cards.text import markdown_message

# Teams gives an invoke five seconds: reading a paste gets four, then the form says so.
PREVIEW_BUDGET = 4.0


class MinutesImporter:
    def __init__(self, meetings: Meetings, worker: MinutesWorker) -> None:
        self.meetings = meetings
        self.worker = worker

    async def preview(self, data: Mapping[str, Any], info: TurnInfo) -> Reply:
        form_id = _form_id(data)
        text = data.get(verbs.INPUT_MINUTES, "")
        if not isinstance(text, str):
            raise InvalidInput("error.card.malformed")
        if len(text.encode()) > MAX_PASTE:
            problem = t("error.import.too_large", info.locale, limit=MAX_PASTE // 1024)
            return Reply(card=import_form_card(locale=info.locale, form_id=form_id, problem=problem))
        if not text.strip():
            problem = t("import.minutes_required", info.locale)
            return Reply(card=import_form_card(locale=info.locale, form_id=form_id, problem=problem))
        held = _date(data.get(verbs.INPUT_MEETING_DATE))
        try:
            # Never on the event loop: the worker reads it, within the invoke's time.
            request = Request(
                text=text, meeting_date=held, tz=self.meetings.register.tz_name, today=self.meetings.register.today()
            )
            found = await self.worker.read(request, budget=PREVIEW_BUDGET)
        except MinutesRefused as refusal:
            problem = markdown_message(refusal.key, info.locale, **refusal.params)
            return Reply(card=import_form_card(locale=info.locale, form_id=form_id, problem=problem))
        rows = [(a.no, a.text, a.owner or "", a.deadline_text or "") for a in found.actions]
        held = held or found.meeting_date
        meeting_date = held.isoformat() if held else None
        card = import_preview_card(
            rows, title=found.title, meeting_date=meeting_date, locale=info.locale, form_id=form_id
        )
        return Reply(card=card)

    async def create(self, data: Mapping[str, Any], info: TurnInfo) -> Reply:
        form_id = _form_id(data)
        count = data.get("rows")
        if not isinstance(count, int) or not 0 < count <= MAX_PREVIEW_ROWS:
            raise InvalidInput("error.card.malformed")
        numbers = _numbers(data.get("numbers"), count)
        items = []
        for index in range(count):
            if str(data.get(f"keep_{index}", "true")).lower() != "true":
                continue
            text, owner, deadline = (_text(data, f"{name}_{index}") for name in ("text", "owner", "deadline"))
            if owner and looks_like_email(owner) and read_email(owner) is None:
                # Meant as an address but not one: said plainly, rather than filed as a role named "jo@example".
                raise InvalidInput("error.email.invalid", given=owner[:80])
            if text:
                items.append(PastAction(numbers[index], text, owner or None, deadline or None))
        held = _date(data.get("meeting_date")) or self.meetings.register.today()
        title = data.get("title") if isinstance(data.get("title"), str) else None
        _, created = await self.meetings.record_past_meeting(
            info.chat,
            title=title or None,
            held_on=held,
            items=items,
            actor=info.actor,
            surface=Surface.IMPORT,
            key=f"import-card:{info.chat.chat_id}:{form_id}",
        )
        title_shown = title or held.isoformat()
        return Reply(text=markdown_message("reply.import.created", info.locale, count=created, title=title_shown))


def _form_id(data: Mapping[str, Any]) -> str:
    form_id = data.get("form_id")
    if not isinstance(form_id, str) or not 0 < len(form_id) <= 64:
        raise InvalidInput("error.card.malformed")
    return form_id


def _numbers(value: object, count: int) -> list[int | None]:
    """The minutes' numbers from the preview card; a card from before they were carried has none (1, 2, 3…)."""
    if value is None:
        return list(range(1, count + 1))
    if not isinstance(value, list) or len(value) != count:
        raise InvalidInput("error.card.malformed")
    numbers: list[int | None] = []
    for number in value:
        if number is not None and (type(number) is not int or not 0 < number <= MAX_KEPT_NUMBER):
            raise InvalidInput("error.card.malformed")
        numbers.append(number)
    return numbers


def _text(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name, "")
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > 2000:
        raise InvalidInput("error.card.malformed")
    return value.strip()


def _date(value: object) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
