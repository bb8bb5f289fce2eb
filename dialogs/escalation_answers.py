"""Answers to an escalation card (1:1, to the Secretariat and the organiser): Reassign, Nudge owner, Close. Each
updates the card in place, with a line saying what was done."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from bot.register.chasing import ChaserItem, Notifier, NotReached
from bot.register.errors import Conflict, InvalidInput
from bot.register.escalation import NUDGE_EVERY, Escalations
from bot.register.meetings import Meetings
from bot.register.model import Action, Owner, Surface
from bot.register.recipients import recipients
from bot.teams.replies import Directory, Reply
from bot.teams.turn import TurnInfo
from cards import verbs
from cards.catalogue import t
from cards.deadline_format import format_day
from cards.envelope import with_notice
from cards.escalation_cards import CLOSE_DONE, CLOSE_DROPPED
from cards.text import markdown_message
from dialogs.card_versions import answer_key, as_seen
from dialogs.reminder_answers import refreshed_card, typed_answer

log = logging.getLogger(__name__)

MAX_ROLE = 120


class EscalationAnswers:
    def __init__(self, meetings: Meetings, notifier: Notifier) -> None:
        self.meetings = meetings
        self.register = meetings.register
        self.escalations = Escalations(meetings.register)
        self.notifier = notifier

    async def answer(self, verb: str, data: Mapping[str, Any], info: TurnInfo, directory: Directory) -> Reply:
        action = await self.register.action_for_answer(info.chat.tenant_id, data.get("action_id"))
        try:
            done = await self._apply(verb, action, data, info, directory)
        except Conflict:
            notice = t("card.stale", info.locale, number=action.number)
            card = await refreshed_card(self.register, data, info, escalation=True)
            return Reply(card=with_notice(card, notice), refusal="card.stale")
        card = await refreshed_card(self.register, data, info, escalation=True)
        note = {"type": "TextBlock", "text": done, "wrap": True, "color": "Good", "weight": "Bolder"}
        return Reply(card={**card, "body": [note, *card.get("body", [])]})

    async def _apply(
        self, verb: str, action: Action, data: Mapping[str, Any], info: TurnInfo, directory: Directory
    ) -> str:
        """Do what the answer asks; the line to show (catalogue text, nothing raw)."""
        seen, key = as_seen(action, data), answer_key(action, data, verb, info)
        if verb == verbs.ESCALATION_REASSIGN:
            owner = await self._new_owner(data, directory)
            await self.escalations.reassign(seen, info.actor, owner, surface=Surface.CARD, key=key)
            return markdown_message("escalation.reassigned", info.locale, owner=owner.name)
        if verb == verbs.ESCALATION_NUDGE:
            return await self._nudge(action, info)
        how, reason = typed_answer(data, "field"), " ".join(typed_answer(data, "reason_field").split())
        if how == CLOSE_DONE:
            await self.register.complete(action.chat_id, seen, info.actor, surface=Surface.CARD, key=key)
        elif how == CLOSE_DROPPED:
            if not reason:
                raise InvalidInput("error.reason.missing")
            await self.meetings.drop(action.chat_id, seen, info.actor, reason=reason, surface=Surface.CARD)
        else:
            raise InvalidInput("error.card.malformed")
        return t("escalation.closed", info.locale)

    async def _new_owner(self, data: Mapping[str, Any], directory: Directory) -> Owner:
        picked, role = typed_answer(data, "person_field").strip(), " ".join(typed_answer(data, "role_field").split())
        if picked:
            person = await directory.person(picked.split(",")[0].strip())
            if person is None or not person.aad_id:
                raise InvalidInput("error.role.unresolved", name=picked[:40])
            return Owner.person(person.name, aad_id=person.aad_id, user_id=person.user_id, email=person.email)
        if role:
            if len(role) > MAX_ROLE:
                raise InvalidInput("error.role.name")
            return Owner.role(role)
        raise InvalidInput("escalation.reassign.missing")

    async def _nudge(self, action: Action, info: TurnInfo) -> str:
        tz = self.register.tz
        allowed_from = await self.escalations.next_nudge(action, info.actor, surface=Surface.CARD)
        if allowed_from is not None:
            last = allowed_from - NUDGE_EVERY
            raise InvalidInput(
                "escalation.nudge.too_soon",
                day=format_day(last, info.locale, tz),
                next=f"{format_day(allowed_from, info.locale, tz)} {allowed_from.astimezone(tz):%H:%M}",
            )
        reached = await recipients(action, self.register.store)
        if not reached.people:
            raise InvalidInput("escalation.nudge.nobody")
        occurrence = await self.register.occurrence(action)
        item = ChaserItem(
            action,
            "nudge",
            "nudge",
            occurrence.title if occurrence else None,
            occurrence.started_at if occurrence else None,
        )
        nudged = []
        for person in reached.people:
            try:
                await self.notifier.remind(
                    action.tenant_id, person, [item], fallback_chat_id=action.chat_id, escalation=False
                )
            except NotReached as error:
                log.info("a nudge could not be delivered: %s", error.reason)
                continue
            nudged.append(person)
        if not nudged:
            raise InvalidInput("escalation.nudge.nobody")
        await self.escalations.nudged(action, info.actor, nudged, surface=Surface.CARD)
        return markdown_message(
            "escalation.nudged", info.locale, names=", ".join(p.name or p.email or "" for p in nudged)
        )
