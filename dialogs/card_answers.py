"""One way in for card answers (Action.Execute and Action.Submit): the verb in the card's data picks the flow.

A Reply with a card replaces the answered card; a Reply with text is a refusal shown to whoever answered.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.register.errors import ChaserError, InvalidInput, NotFound
from bot.register.model import Action, Surface
from bot.register.refusals import FORGED, STALE, record_refusal, refusal
from bot.register.service import ActionRegister
from bot.teams.action_list import open_actions_card
from bot.teams.replies import Directory, Reply
from bot.teams.turn import TurnInfo
from cards import verbs
from cards.text import markdown_message
from dialogs.action_fixes import ActionFixes
from dialogs.action_form import ActionForms
from dialogs.escalation_answers import EscalationAnswers
from dialogs.import_minutes import MinutesImporter
from dialogs.reminder_answers import ChaserAnswers
from dialogs.review_answers import ReviewAnswers
from dialogs.role_assign import RoleAssignments

STALE_KEY = "card.stale"
# Answers no card of Chaser's sends: data that is not a card's, an action that is not in this chat (or tenant).
FORGED_KEYS = frozenset({"error.card.malformed", "error.action.unknown_id"})


class CardAnswers:
    def __init__(
        self,
        register: ActionRegister,
        forms: ActionForms,
        reviews: ReviewAnswers,
        reminders: ChaserAnswers,
        importer: MinutesImporter,
        roles: RoleAssignments,
        escalations: EscalationAnswers,
    ) -> None:
        self.roles = roles
        self.escalations = escalations
        self.register = register
        self.forms = forms
        self.fixes = ActionFixes(register, forms)
        self.reviews = reviews
        self.reminders = reminders
        self.importer = importer

    async def answer(self, data: object, info: TurnInfo, directory: Directory) -> Reply:
        try:
            reply = await self._answer(data, info, directory)
        except ChaserError as error:
            if error.key in FORGED_KEYS:
                await self.refused(FORGED, data, info, error.key)
            return Reply(text=markdown_message(error.key, info.locale, **error.params), refusal=error.key)
        if reply.refusal == STALE_KEY:
            await self.refused(STALE, data, info, STALE_KEY)
        return reply

    async def refused(self, category: str, data: object, info: TurnInfo, reason: str) -> None:
        """A card answer refused for what it is (forged, stale), not for who sent it: audited and logged once.
        (Authorisation refusals are audited where the rule is, in the register.)"""
        fields = data if isinstance(data, Mapping) else {}
        action_id, verb = fields.get("action_id"), fields.get("verb")
        event = refusal(
            action_id=action_id if isinstance(action_id, str) and 0 < len(action_id) <= 64 else None,
            chat_id=info.chat.chat_id,
            at=self.register.clock.now(),
            actor=info.actor,
            surface=Surface.CARD,
            category=category,
            what=verb[:40] if isinstance(verb, str) else type(data).__name__,
            reason=reason,
        )
        await record_refusal(self.register.store, event)

    async def _answer(self, data: object, info: TurnInfo, directory: Directory) -> Reply:
        if not isinstance(data, Mapping):
            raise InvalidInput("error.card.malformed")
        verb = data.get("verb")
        if verb == verbs.LOG_ACTION:
            return await self.forms.log(data, info, directory)
        if verb == verbs.REFRESH_LIST:
            return Reply(card=await open_actions_card(self.register, info))
        if verb not in verbs.ALL:
            raise InvalidInput("error.card.malformed")
        if verb in verbs.ESCALATION:
            return await self.escalations.answer(verb, data, info, directory)
        if verb in verbs.CHASER:
            return await self.reminders.answer(verb, data, info)
        if verb == verbs.IMPORT_PREVIEW:
            return await self.importer.preview(data, info)
        if verb == verbs.IMPORT_CREATE:
            return await self.importer.create(data, info)
        if verb == verbs.ROLE_ASSIGN:
            return await self.roles.assign(data, info, directory)
        action = await self._action_for(data, info)
        if verb in verbs.REVIEW:
            return await self.reviews.answer(verb, action, data, info)
        if verb == verbs.DONE:
            return await self.forms.done(action, data, info)
        if verb == verbs.EDIT:
            return await self.forms.edit(action, info)
        if verb == verbs.CANCEL_EDIT:
            return self.forms.cancel(action, info)
        if verb == verbs.FIX:
            return await self.fixes.fix(action, data, info, directory)
        if verb == verbs.REMOVE:
            return await self.fixes.ask_removal(action, info)
        if verb == verbs.REMOVE_CONFIRM:
            return await self.fixes.remove(action, data, info)
        return await self.forms.save(action, data, info, directory)

    async def _action_for(self, data: Mapping[str, Any], info: TurnInfo) -> Action:
        action = await self.register.action_in_chat(info.chat.chat_id, data.get("action_id"))
        if action.tenant_id != info.chat.tenant_id:
            raise NotFound("error.action.unknown_id")
        return action
