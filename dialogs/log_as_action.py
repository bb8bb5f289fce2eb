"""Log as action: the Teams message action on any message ("…" → More actions → Log as action).

fetchTask answers with the /action form in a dialog, filled in from the message: its text read by the one sentence
reader (the deadline phrase taken into the deadline, an owner written into the text or @mentioned taken into the
owner), so the person only checks it. submitAction logs it into the chat's register under the form's id (a retried
submit logs once) and posts the same card /action would. A card message, or one with no text, gets a clear answer
in the dialog and nothing is stored.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from bot.register.commands import MAX_ACTION_TEXT
from bot.register.errors import ChaserError, InvalidInput
from bot.register.model import OwnerKind
from bot.teams.message_text import read_message
from bot.teams.replies import Directory, Reply
from bot.teams.turn import TurnInfo
from cards import verbs
from cards.action_cards import action_form_card
from cards.catalogue import t
from cards.text import markdown_message, plain_text
from dialogs.action_form import ActionForms

COMMAND_ID = verbs.LOG_AS_ACTION_COMMAND


class LogAsAction:
    def __init__(self, forms: ActionForms) -> None:
        self.forms = forms
        self.register = forms.register

    async def fetch_task(self, value: object, info: TurnInfo, directory: Directory) -> Reply:
        """The dialog's card, or a refusal (text) when the message has nothing to log."""
        try:
            return await self._fetch_task(value, info, directory)
        except ChaserError as error:
            return Reply(text=markdown_message(error.key, info.locale, **error.params), refusal=error.key)

    async def _fetch_task(self, value: object, info: TurnInfo, directory: Directory) -> Reply:
        if not isinstance(value, Mapping) or value.get("commandId") != COMMAND_ID:
            raise InvalidInput("error.card.malformed")
        message = read_message(value.get("messagePayload"))
        if message is None:
            raise InvalidInput("error.card.malformed")
        if message.is_card:
            raise InvalidInput("error.message_action.card")
        if not message.text.strip():
            raise InvalidInput("error.message_action.empty")
        locale = info.locale or "en"
        words = message.text[: MAX_ACTION_TEXT * 2]
        reading = self.register.read_sentence(words, mentions=message.mentions, locale=locale)
        if reading.unresolved:
            members = await directory.members()
            if members:
                reading = self.register.read_sentence(words, mentions=message.mentions, members=members, locale=locale)
        values = {verbs.INPUT_TEXT: reading.text[:MAX_ACTION_TEXT] or words[:MAX_ACTION_TEXT]}
        owner = reading.owner
        if owner is not None and owner.kind is OwnerKind.PERSON and owner.aad_id:
            values[verbs.INPUT_OWNER_PERSON] = owner.aad_id
        elif owner is not None and owner.kind is OwnerKind.ROLE:
            values[verbs.INPUT_OWNER_ROLE] = owner.name[:120]
        elif message.mentions:  # no owner in the words: the first person mentioned is the likeliest
            values[verbs.INPUT_OWNER_PERSON] = message.mentions[0].aad_id or ""
        if reading.deadline.text:
            values[verbs.INPUT_DEADLINE_TEXT] = reading.deadline.text[:200]
        card = action_form_card(
            locale=info.locale,
            form_id=uuid.uuid4().hex,
            values=values,
            submit=True,
            source=t("card.message_action.from", info.locale, name=message.author) if message.author else None,
        )
        return Reply(card=card)

    async def submit(self, value: object, info: TurnInfo, directory: Directory, *, dialog_locale: str | None) -> Reply:
        """The action logged (the card to post in the chat, in the chat's language), the form again with what is
        wrong, or a refusal (both in the dialog, in ``dialog_locale``)."""
        if not isinstance(value, Mapping) or value.get("commandId") != COMMAND_ID:
            return Reply(text=t("error.card.malformed", dialog_locale), refusal="error.card.malformed")
        data = value.get("data")
        if not isinstance(data, Mapping) or data.get("verb") != verbs.LOG_ACTION:
            return Reply(text=t("error.card.malformed", dialog_locale), refusal="error.card.malformed")
        try:
            return await self.forms.log(data, info, directory, submit=True, dialog_locale=dialog_locale)
        except ChaserError as error:
            return Reply(text=markdown_message(error.key, dialog_locale, **error.params), refusal=error.key)


def task_response(reply: Reply, *, title: str) -> dict[str, Any]:
    """The invoke body Teams expects for a dialog: the card to show, or a message in its place."""
    if reply.card is not None:
        card = {"contentType": "application/vnd.microsoft.card.adaptive", "content": reply.card}
        return {"task": {"type": "continue", "value": {"title": title, "card": card, "width": "medium"}}}
    return {"task": {"type": "message", "value": plain_text(reply.text or "")}}
