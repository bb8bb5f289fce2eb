"""Taking an action back: /undo (the last action you logged here, within UNDO_WINDOW) and Remove (with a reason).

A soft delete: the action's status becomes ``removed``; it leaves every list, summary, chaser and export, keeps its
number (never given again) and its audit trail. Only whoever logged it, the meeting organiser or the Secretariat may
remove it; every refusal is recorded in the audit trail.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from bot.register.errors import InvalidInput, NotAllowed, NotFound
from bot.register.model import Action, ActionChanges, ActionStatus, AuditEvent, Person, Surface, role_key
from bot.register.outcomes import ChatContext, Outcome
from bot.register.refusals import AUTHORISATION, record_refusal, refusal
from bot.register.roles import SECRETARIAT

if TYPE_CHECKING:
    from bot.register.service import ActionRegister

# How long after logging an action /undo takes it back.
UNDO_WINDOW = timedelta(minutes=10)


class Removals:
    def __init__(self, register: ActionRegister) -> None:
        self.register = register

    async def may_remove(self, action: Action, actor: Person) -> bool:
        """Whoever logged it, the meeting organiser, or the Secretariat (not the owner: an owner who does not want
        an action hands it back, which leaves a trace for the chair)."""
        if actor.is_same(action.created_by):
            return True
        occurrence = await self.register.store.occurrence(action.occurrence_id)
        if occurrence and occurrence.organiser_aad_id and occurrence.organiser_aad_id == actor.aad_id:
            return True
        return role_key(SECRETARIAT) in await self.register.store.roles_of(action.chat_id, actor)

    async def require_may_remove(self, action: Action, actor: Person, *, surface: Surface) -> None:
        """Refuses (and records the refusal in the audit trail) anyone who may not remove the action."""
        if action.status is ActionStatus.REMOVED:
            raise InvalidInput("error.action.removed", number=action.number)
        if not await self.may_remove(action, actor):
            event = refusal(
                action_id=action.id,
                chat_id=action.chat_id,
                at=self.register.clock.now(),
                actor=actor,
                surface=surface,
                category=AUTHORISATION,
                what="remove",
                reason="error.remove.not_allowed",
                kind="remove_refused",
            )
            await record_refusal(self.register.store, event)
            raise NotAllowed("error.remove.not_allowed", number=action.number)

    # -- removal ----------------------------------------------------------------------------------------------

    async def remove(
        self, chat_id: str, action: Action, actor: Person, *, reason: str, surface: Surface, key: str | None
    ) -> Outcome:
        """A soft delete: the action leaves every list, summary, chaser and export, keeps its number and its audit
        trail. Refused (and the refusal audited) for anyone but the logger, the organiser or the Secretariat."""
        reason = " ".join(reason.split())
        if not reason:
            raise InvalidInput("error.remove.reason")
        if len(reason) > 500:
            raise InvalidInput("error.reason.too_long", limit=500)
        if action.status is ActionStatus.REMOVED:
            return Outcome(action, False)
        await self.require_may_remove(action, actor, surface=surface)
        now = self.register.clock.now()
        return await self.register._change(
            action,
            ActionChanges(at=now, status=ActionStatus.REMOVED, closed_at=now),
            AuditEvent(
                action.id, chat_id, now, actor, "removed", surface, {"reason": reason, "from": action.status.value}
            ),
            key,
        )

    async def undo(self, chat: ChatContext, actor: Person, *, surface: Surface, key: str | None) -> Outcome:
        """/undo: remove the last action this person logged in this chat in the last UNDO_WINDOW."""
        if key is not None:
            done = await self.register.store.processed_action(key)
            if done is not None:  # Teams delivered the same /undo again: it was done once
                again = await self.register.store.get_action(done)
                if again is not None:
                    return Outcome(again, False, answered=True)
        since = self.register.clock.now() - UNDO_WINDOW
        action = await self.register.store.last_logged_by(chat.chat_id, actor, since=since)
        if action is None:
            event = refusal(
                action_id=None,
                chat_id=chat.chat_id,
                at=self.register.clock.now(),
                actor=actor,
                surface=surface,
                category="nothing",
                what="undo",
                reason="error.undo.nothing",
                kind="undo_refused",
            )
            await record_refusal(self.register.store, event)
            raise NotFound("error.undo.nothing", minutes=int(UNDO_WINDOW.total_seconds() // 60))
        return await self.remove(chat.chat_id, action, actor, reason="/undo", surface=surface, key=key)
