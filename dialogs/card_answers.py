"""One way in for card answers (Action.Execute and Action.Submit): the verb in the card's data picks the flow.

A Reply with a card replaces the answered card; a Reply with text is a refusal shown to whoever answered.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.register.errors import ChaserError, InvalidInput, NotFound
from bot.register.model import Action
from bot.register.service import ActionRegister
from bot.teams.action_list import open_actions_card
from bot.teams.replies import Directory, Reply
from bot.teams.turn import TurnInfo
from cards import verbs
from cards.catalogue import t
from dialogs.action_fixes import ActionFixes
from dialogs.action_form import ActionForms
from dialogs.escalation_answers import EscalationAnswers
from dialogs.import_minutes import MinutesImporter
from dialogs.reminder_answers import ChaserAnswers
from dialogs.review_answers import ReviewAnswers
from dialogs.role_assign import RoleAssignments


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
            return await self._answer(data, info, directory)
        except ChaserError as error:
            return Reply(text=t(error.key, info.locale, **error.params))

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
