"""Answers to reminder cards: Done, Progress update, Snooze, Can't do it. Each updates the card in place.

Reminders are answered in the owner's 1:1 chat, so the action is found by id within the tenant, and the register's
may_change rule (owner, holders of the owning role, whoever logged it, the organiser, the Secretariat) decides.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from bot.register.calendar import WorkingCalendar
from bot.register.chasing import ChaserItem
from bot.register.errors import Conflict, InvalidInput
from bot.register.model import Action, Surface
from bot.register.service import ActionRegister
from bot.store.chasers import ChaserStore
from bot.teams.bot_connector import ConnectorError
from bot.teams.outbox import Outbox, Unreachable
from bot.teams.replies import Reply
from bot.teams.turn import TurnInfo
from cards import verbs
from cards.catalogue import t
from cards.chaser_cards import SNOOZE_DATE, SNOOZE_DAY, SNOOZE_WEEK, chat_note, reminder_card
from cards.envelope import with_notice
from dialogs.card_versions import answer_key, as_seen

log = logging.getLogger(__name__)

MAX_CARD_ACTIONS = 50


class ChaserAnswers:
    def __init__(
        self,
        register: ActionRegister,
        chasers: ChaserStore,
        outbox: Outbox,
        calendar: WorkingCalendar,
        *,
        notify_chat: bool = True,
    ) -> None:
        self.register = register
        self.chasers = chasers
        self.outbox = outbox
        self.calendar = calendar
        self.notify_chat = notify_chat

    async def answer(self, verb: str, data: Mapping[str, Any], info: TurnInfo) -> Reply:
        action = await self.register.action_for_answer(info.chat.tenant_id, data.get("action_id"))
        try:
            await self._apply(verb, action, data, info)
        except Conflict:
            notice = t("card.stale", info.locale, number=action.number)
            return Reply(card=with_notice(await self._card(data, info), notice), refusal="card.stale")
        return Reply(card=await self._card(data, info))

    async def _apply(self, verb: str, action: Action, data: Mapping[str, Any], info: TurnInfo) -> None:
        actor, surface = info.actor, Surface.CARD
        seen, key = as_seen(action, data), answer_key(action, data, verb, info)
        if verb == verbs.CHASER_DONE:
            outcome = await self.register.complete(action.chat_id, seen, actor, surface=surface, key=key)
            if outcome.changed:
                await self._note(action, "chaser.note.done", info, number=action.number, name=actor.name)
        elif verb == verbs.CHASER_UPDATE:
            update = typed_answer(data, "field")
            outcome = await self.register.progress(action.chat_id, seen, actor, update=update, surface=surface, key=key)
            if outcome.changed:
                await self.chasers.note_answer(action.id, snoozed_until=None, last_update_at=self.register.clock.now())
        elif verb == verbs.CHASER_SNOOZE:
            until = self._snooze_until(typed_answer(data, "field"), typed_answer(data, "date_field"))
            outcome = await self.register.snoozed(seen, actor, until=until, surface=surface, key=key)
            if outcome.changed:
                await self.chasers.note_answer(action.id, snoozed_until=until, last_update_at=None)
        else:
            outcome = await self.register.hand_back(
                action.chat_id,
                seen,
                actor,
                reason=typed_answer(data, "field"),
                suggested=typed_answer(data, "suggest_field"),
                surface=surface,
                key=key,
            )
            if outcome.changed:
                await self._note(action, "chaser.note.handed_back", info, number=action.number, name=actor.name)

    def _snooze_until(self, choice: str, picked: str) -> datetime:
        today = self.register.today()
        if choice == SNOOZE_DAY:
            day = self.calendar.add_working_days(today, 1)
        elif choice == SNOOZE_WEEK:
            day = self.calendar.add_working_days(today, 5)
        elif choice == SNOOZE_DATE:
            try:
                day = date.fromisoformat(picked)
            except ValueError:
                raise InvalidInput("error.snooze.date") from None
            if day <= today or day > today + timedelta(days=366):
                raise InvalidInput("error.snooze.date")
        else:
            raise InvalidInput("error.card.malformed")
        return self.calendar.next_working_time(datetime.combine(day, time(0), tzinfo=self.calendar.tz))

    async def _card(self, data: Mapping[str, Any], info: TurnInfo) -> dict[str, Any]:
        return await refreshed_card(self.register, data, info)

    async def _note(self, action: Action, key: str, info: TurnInfo, **params: object) -> None:
        if not self.notify_chat:
            return
        try:
            await self.outbox.to_chat(action.chat_id, chat_note(key, info.locale, **params))
        except (ConnectorError, Unreachable) as error:
            # The answer is recorded; a note that cannot reach the meeting chat is not worth failing it for.
            log.info("could not post a note to the meeting chat: %s", error)


def typed_answer(data: Mapping[str, Any], pointer: str) -> str:
    """What was typed into the input a card answer names (data[pointer] is its id); "" when nothing was."""
    field = data.get(pointer)
    if not isinstance(field, str):
        return ""
    value = data.get(field, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput("error.card.malformed")
    return value


async def refreshed_card(
    register: ActionRegister, data: Mapping[str, Any], info: TurnInfo, *, escalation: bool = False
) -> dict[str, Any]:
    """The answered reminder (or escalation) as its actions stand now."""
    ids = data.get("card_ids")
    if not isinstance(ids, list) or not ids or len(ids) > MAX_CARD_ACTIONS:
        ids = [data.get("action_id")]
    items = []
    for action_id in ids:
        try:
            action = await register.action_for_answer(info.chat.tenant_id, action_id)
        except InvalidInput:
            continue
        except Exception:  # an action gone since the card was sent is left off the refreshed card
            continue
        occurrence = await register.occurrence(action)
        items.append(
            ChaserItem(
                action,
                "answered",
                "answered",
                occurrence.title if occurrence else None,
                occurrence.started_at if occurrence else None,
            )
        )
    return reminder_card(items, locale=info.locale, tz=register.tz, escalation=escalation)
