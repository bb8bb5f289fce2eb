"""The /action form and the action card's own buttons: log from the form, Done, Edit → Save or Cancel.

Stateless: everything a round-trip needs comes back in the card's data (the form's id, the action's id); the card
each answer returns replaces the one that was answered.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from bot.register.commands import MAX_ACTION_TEXT, ActionDraft
from bot.register.email_address import read_email
from bot.register.errors import Conflict, InvalidInput
from bot.register.model import Action, Deadline, DeadlineKind, Owner, Surface
from bot.register.service import ActionRegister
from bot.teams.replies import Directory, Reply
from bot.teams.turn import TurnInfo
from cards import verbs
from cards.action_cards import action_card, action_form_card, edit_form_card
from cards.catalogue import t
from cards.envelope import with_notice
from cards.text import markdown_message
from dialogs.card_versions import answer_key, as_seen

MAX_CARD_FIELD = 2000


class ActionForms:
    def __init__(self, register: ActionRegister) -> None:
        self.register = register

    async def log(
        self,
        data: Mapping[str, Any],
        info: TurnInfo,
        directory: Directory,
        *,
        submit: bool = False,
        dialog_locale: str | None = None,
    ) -> Reply:
        """Log from the /action form (or the Log as action dialog, ``submit``): the logged card, recorded under
        the form's id so a second press or a retried invoke logs once; or the form again with what is wrong."""
        form_id = data.get("form_id")
        if not isinstance(form_id, str) or not 0 < len(form_id) <= 64:
            raise InvalidInput("error.card.malformed")
        values = _form_values(data)
        try:
            draft = await self._draft(values, info, directory, read_text=not submit)
        except InvalidInput as problem:
            form_locale = dialog_locale if submit else info.locale
            message = markdown_message(problem.key, form_locale, **problem.params)
            card = action_form_card(locale=form_locale, form_id=form_id, values=values, problem=message, submit=submit)
            return Reply(card=card, refusal=problem.key)
        key = f"form:{info.chat.chat_id}:{form_id}"
        outcome = await self.register.log(info.chat, info.actor, draft, surface=Surface.CARD, key=key)
        card = action_card(outcome.action, locale=info.locale, tz=self.register.tz)
        return Reply(card=card, recorded=True, answered=outcome.answered, key=key)

    async def done(self, action: Action, data: Mapping[str, Any], info: TurnInfo) -> Reply:
        try:
            outcome = await self.register.complete(
                info.chat.chat_id,
                as_seen(action, data),
                info.actor,
                surface=Surface.CARD,
                key=answer_key(action, data, verbs.DONE, info),
            )
        except Conflict:
            return await self.stale(action, info)
        return Reply(card=action_card(outcome.action, locale=info.locale, tz=self.register.tz, heading="done"))

    async def stale(self, action: Action, info: TurnInfo) -> Reply:
        """The answer was to an older card: nothing changes, and the card shows the action as it is now."""
        current = await self.register.action_in_chat(info.chat.chat_id, action.id)
        card = action_card(current, locale=info.locale, tz=self.register.tz, heading="view")
        return Reply(card=with_notice(card, t("card.stale", info.locale, number=current.number)), refusal="card.stale")

    async def edit(self, action: Action, info: TurnInfo) -> Reply:
        await self.register.require_may_change(action, info.actor, what="edit", surface=Surface.CARD)
        return Reply(card=edit_form_card(action, locale=info.locale))

    def cancel(self, action: Action, info: TurnInfo) -> Reply:
        return Reply(card=action_card(action, locale=info.locale, tz=self.register.tz, heading="view"))

    async def save(self, action: Action, data: Mapping[str, Any], info: TurnInfo, directory: Directory) -> Reply:
        values = _form_values(data)
        try:
            draft = await self._draft(values, info, directory)
        except InvalidInput as problem:
            message = markdown_message(problem.key, info.locale, **problem.params)
            # Still at the version first shown, so a later Save is checked against what the person saw.
            return Reply(card=edit_form_card(as_seen(action, data), locale=info.locale, problem=message))
        try:
            outcome = await self.register.edit(
                info.chat.chat_id,
                as_seen(action, data),
                info.actor,
                text=draft.text,
                owner=draft.owner,
                deadline=draft.deadline,
                surface=Surface.CARD,
                key=answer_key(action, data, verbs.SAVE_EDIT, info),
            )
        except Conflict:
            return await self.stale(action, info)
        return Reply(card=action_card(outcome.action, locale=info.locale, tz=self.register.tz, heading="edited"))

    async def _draft(
        self, values: dict[str, str], info: TurnInfo, directory: Directory, *, read_text: bool = False
    ) -> ActionDraft:
        text = values.get(verbs.INPUT_TEXT, "").strip()
        if not text:
            raise InvalidInput("error.action.empty")
        if len(text) > MAX_ACTION_TEXT:
            raise InvalidInput("error.action.too_long", limit=MAX_ACTION_TEXT)
        owner: Owner | None = None
        person_id = values.get(verbs.INPUT_OWNER_PERSON, "").split(",")[0].strip()
        role = " ".join(values.get(verbs.INPUT_OWNER_ROLE, "").split())
        if person_id:
            person = await directory.person(person_id)
            if person is None:
                raise InvalidInput("error.owner.unknown_person")
            owner = Owner.person(person.name, aad_id=person.aad_id, user_id=person.user_id)
        elif role:
            address = read_email(role)  # someone outside the chat, by their email address
            owner = Owner.by_email(address.address, name=address.name) if address else Owner.role(role)
        deadline = self._deadline(values, info)
        if read_text and (owner is None or not deadline.text):
            return await self._read_text(text, owner, deadline, info, directory)
        return ActionDraft(text=text, owner=owner, deadline=deadline)

    async def _read_text(
        self, text: str, owner: Owner | None, deadline: Deadline, info: TurnInfo, directory: Directory
    ) -> ActionDraft:
        """The form's free text read like /action ("Owen to book the venue by Friday"), for what the fields left
        empty; the text loses only the words taken into them."""
        locale = info.locale or "en"
        reading = self.register.read_sentence(text, locale=locale)
        if reading.unresolved:
            members = await directory.members()
            if members:
                reading = self.register.read_sentence(text, locale=locale, members=members)
        took_owner = owner is None and reading.owner is not None
        took_deadline = not deadline.text and bool(reading.deadline.text)
        return ActionDraft(
            text=reading.text if (took_owner or took_deadline) and reading.text else text,
            owner=reading.owner if took_owner else owner,
            deadline=reading.deadline if took_deadline else deadline,
        )

    def _deadline(self, values: dict[str, str], info: TurnInfo) -> Deadline:
        words = values.get(verbs.INPUT_DEADLINE_TEXT, "").strip()
        picked = values.get(verbs.INPUT_DEADLINE_DATE, "").strip()
        deadline = self.register.read_deadline(words, locale=info.locale or "en") if words else Deadline.none()
        if not picked:
            return deadline
        try:
            day = date.fromisoformat(picked)
        except ValueError:
            raise InvalidInput("error.deadline.bad_date", given=picked[:20]) from None
        due = datetime(day.year, day.month, day.day, tzinfo=self.register.tz)
        kind = deadline.kind if words and deadline.kind is not DeadlineKind.UNKNOWN else DeadlineKind.DATE
        return Deadline(text=words or picked, kind=kind, due=due, latest=deadline.latest or due)


def _form_values(data: Mapping[str, Any]) -> dict[str, str]:
    values = {}
    for name in (
        verbs.INPUT_TEXT,
        verbs.INPUT_OWNER_PERSON,
        verbs.INPUT_OWNER_ROLE,
        verbs.INPUT_DEADLINE_TEXT,
        verbs.INPUT_DEADLINE_DATE,
    ):
        value = data.get(name, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise InvalidInput("error.card.malformed")
        if len(value) > MAX_CARD_FIELD:
            raise InvalidInput("error.action.too_long", limit=MAX_ACTION_TEXT)
        values[name] = value
    return values
