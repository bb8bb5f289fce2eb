"""Answers to reminder cards: Done, Progress update, Snooze, Can't do it. Each updates the card in place.

Reminders are answered in the owner's 1:1 chat, so the action is found by id within the tenant, and the register's
may_change rule (owner, holders of the owning role, whoever logged it, the organiser, the Secretariat) decides. What
each answer does is bot/teams/owner_answers.py's (the answer page does the same).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.register.chasing import ChaserItem
from bot.register.errors import Conflict, InvalidInput
from bot.register.model import Action, Surface
from bot.register.service import ActionRegister
from bot.teams.owner_answers import OwnerAnswers
from bot.teams.replies import Reply
from bot.teams.turn import TurnInfo
from cards import verbs
from cards.catalogue import t
from cards.chaser_cards import reminder_card
from cards.deadline_format import format_day
from cards.envelope import with_notice
from dialogs.card_versions import answer_key, as_seen

MAX_CARD_ACTIONS = 50


class ChaserAnswers:
    def __init__(self, register: ActionRegister, answers: OwnerAnswers) -> None:
        self.register = register
        self.answers = answers

    async def answer(self, verb: str, data: Mapping[str, Any], info: TurnInfo) -> Reply:
        action = await self.register.action_for_answer(info.chat.tenant_id, data.get("action_id"))
        try:
            said = await self._apply(verb, action, data, info)
        except Conflict:
            notice = t("card.stale", info.locale, number=action.number)
            return Reply(card=with_notice(await self._card(data, info), notice), refusal="card.stale")
        card = await self._card(data, info)
        if said:
            note = {"type": "TextBlock", "text": said, "wrap": True, "weight": "Bolder"}
            card = {**card, "body": [note, *card.get("body", [])]}
        return Reply(card=card)

    async def _apply(self, verb: str, action: Action, data: Mapping[str, Any], info: TurnInfo) -> str | None:
        """Record the answer; a line for the card when there is something to say (catalogue text)."""
        actor, surface, answers = info.actor, Surface.CARD, self.answers
        seen, key = as_seen(action, data), answer_key(action, data, verb, info)
        if verb == verbs.CHASER_DONE:
            await answers.done(seen, actor, surface=surface, key=key, note_locale=info.locale)
        elif verb == verbs.CHASER_UPDATE:
            await answers.progress(seen, actor, update=typed_answer(data, "field"), surface=surface, key=key)
        elif verb == verbs.CHASER_SNOOZE:
            choice, picked = typed_answer(data, "field"), typed_answer(data, "date_field")
            await answers.snooze(seen, actor, choice=choice, picked=picked, surface=surface, key=key)
            # Say when it comes back: reminders resume at the snooze's end (or later, when none is due by then).
            until = answers.snooze_until(choice, picked)
            return t("chaser.snoozed", info.locale, day=format_day(until, info.locale, self.register.tz))
        else:
            await answers.cant_do(
                seen,
                actor,
                reason=typed_answer(data, "field"),
                suggested=typed_answer(data, "suggest_field"),
                surface=surface,
                key=key,
                note_locale=info.locale,
            )
        return None

    async def _card(self, data: Mapping[str, Any], info: TurnInfo) -> dict[str, Any]:
        return await refreshed_card(self.register, data, info)


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
