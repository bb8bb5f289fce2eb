"""The logged card's own fixes: the missing owner or date set in one tap (the card says what it could not read),
and Remove, which asks why before the action leaves the register (a soft delete, kept in the audit trail).

Stateless like the other round-trips: the card's data names the action and the version it showed."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from bot.register.errors import Conflict, InvalidInput
from bot.register.model import Action, Deadline, DeadlineKind, Owner, Surface
from bot.register.service import ActionRegister
from bot.teams.replies import Directory, Reply
from bot.teams.turn import TurnInfo
from cards import verbs
from cards.action_cards import action_card, remove_form_card
from cards.text import markdown_message
from dialogs.action_form import ActionForms
from dialogs.card_versions import answer_key, as_seen

MAX_FIELD = 500


class ActionFixes:
    def __init__(self, register: ActionRegister, forms: ActionForms) -> None:
        self.register = register
        self.forms = forms

    async def fix(self, action: Action, data: Mapping[str, Any], info: TurnInfo, directory: Directory) -> Reply:
        """Set the owner chosen in the picker and/or the day picked for words that were not a date."""
        await self.register.require_may_change(action, info.actor, what="fix", surface=Surface.CARD)
        person_id = _field(data, verbs.INPUT_OWNER_PERSON).split(",")[0].strip()
        picked = _field(data, verbs.INPUT_DEADLINE_DATE).strip()
        owner: Owner | None = None
        if person_id:
            person = await directory.person(person_id)
            if person is None:
                raise InvalidInput("error.owner.unknown_person")
            owner = Owner.person(person.name, aad_id=person.aad_id, user_id=person.user_id, email=person.email)
        deadline = self._picked(action, picked) if picked else None
        if owner is None and deadline is None:
            raise InvalidInput("error.fix.nothing")
        try:
            outcome = await self.register.edit(
                info.chat.chat_id,
                as_seen(action, data),
                info.actor,
                text=None,
                owner=owner,
                deadline=deadline,
                surface=Surface.CARD,
                key=answer_key(action, data, verbs.FIX, info),
            )
        except Conflict:
            return await self.forms.stale(action, info)
        return Reply(card=action_card(outcome.action, locale=info.locale, tz=self.register.tz, heading="edited"))

    async def ask_removal(self, action: Action, info: TurnInfo) -> Reply:
        await self.register.removals.require_may_remove(action, info.actor, surface=Surface.CARD)
        return Reply(card=remove_form_card(action, locale=info.locale))

    async def remove(self, action: Action, data: Mapping[str, Any], info: TurnInfo) -> Reply:
        reason = _field(data, verbs.INPUT_REMOVE_REASON)
        try:
            outcome = await self.register.removals.remove(
                info.chat.chat_id,
                as_seen(action, data),
                info.actor,
                reason=reason,
                surface=Surface.CARD,
                key=answer_key(action, data, verbs.REMOVE_CONFIRM, info),
            )
        except InvalidInput as problem:
            if problem.key != "error.remove.reason":
                raise
            message = markdown_message(problem.key, info.locale, **problem.params)
            return Reply(card=remove_form_card(as_seen(action, data), locale=info.locale, problem=message))
        except Conflict:
            return await self.forms.stale(action, info)
        return Reply(card=action_card(outcome.action, locale=info.locale, tz=self.register.tz, heading="removed"))

    def _picked(self, action: Action, picked: str) -> Deadline:
        try:
            day = date.fromisoformat(picked)
        except ValueError:
            raise InvalidInput("error.deadline.bad_date", given=picked[:20]) from None
        due = datetime(day.year, day.month, day.day, tzinfo=self.register.tz)
        # The words stay as written ("TBC"); the picked day is what chasers work towards.
        return Deadline(text=action.deadline.text or picked, kind=DeadlineKind.DATE, due=due, latest=due)


def _field(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name, "")
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > MAX_FIELD:
        raise InvalidInput("error.card.malformed")
    return value
