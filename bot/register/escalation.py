"""What the Secretariat (or the organiser) can do with an escalated action: give it to someone else, nudge its
owner (a reminder now, at most once a day), or close it. Who may: as for any change to the action."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.register.model import Action, ActionChanges, AuditEvent, Owner, Person, Surface
from bot.register.service import ActionRegister, Outcome

REASSIGNED = "reassigned"
NUDGED = "nudged"
# "Nudge owner" sends a reminder now; more often than this would be nagging.
NUDGE_EVERY = timedelta(days=1)


class Escalations:
    def __init__(self, register: ActionRegister) -> None:
        self.register = register
        self.store = register.store

    async def reassign(
        self, action: Action, actor: Person, owner: Owner, *, surface: Surface, key: str | None
    ) -> Outcome:
        """A new owner (a person or a role): their reminders start afresh (the chaser is planned again)."""
        await self.register.require_may_change(action, actor, what="reassign", surface=surface)
        if not action.status.is_open:
            return Outcome(action, False)
        if owner == action.owner:
            return Outcome(action, False)
        now = self.register.clock.now()
        detail: dict[str, object] = {"from": action.owner.name if action.owner else None, "to": owner.name}
        event = AuditEvent(action.id, action.chat_id, now, actor, REASSIGNED, surface, detail)
        updated, changed = await self.store.apply_change(
            action.id,
            expected_version=action.version,
            changes=ActionChanges(at=now, owner=owner, reviewed_at=now),
            event=event,
            key=key,
        )
        return Outcome(updated, changed)

    async def last_nudge(self, action: Action) -> datetime | None:
        nudges = [e.at for e in await self.store.audit_trail(action.id) if e.kind == NUDGED]
        return max(nudges, default=None)

    async def next_nudge(self, action: Action, actor: Person, *, surface: Surface) -> datetime | None:
        """When this person may next nudge the action's owner: None for now. Refused if they may not change it."""
        await self.register.require_may_change(action, actor, what="nudge", surface=surface)
        last = await self.last_nudge(action)
        if last is not None and self.register.clock.now() - last < NUDGE_EVERY:
            return last + NUDGE_EVERY
        return None

    async def nudged(self, action: Action, actor: Person, people: list[Person], *, surface: Surface) -> None:
        now = self.register.clock.now()
        detail: dict[str, object] = {"to": [p.name for p in people]}
        await self.store.record_event(AuditEvent(action.id, action.chat_id, now, actor, NUDGED, surface, detail))
