"""/chasers in a chat: the plan for the next 14 days from the policy, and the owners Chaser cannot reach."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.register.calendar import WorkingCalendar
from bot.register.model import OwnerKind
from bot.register.service import ActionRegister
from bot.store.chasers import ChaserStore
from cards.chasers_view_card import chasers_view_card
from scheduler.planning import upcoming
from scheduler.policy import ChasePolicy

VIEW_DAYS = 14


class ChaserView:
    def __init__(
        self, register: ActionRegister, chasers: ChaserStore, calendar: WorkingCalendar, policy: ChasePolicy
    ) -> None:
        self.register = register
        self.chasers = chasers
        self.calendar = calendar
        self.policy = policy

    async def card(self, chat_id: str, tenant_id: str, *, locale: str | None) -> dict[str, Any]:
        now = self.register.clock.now()
        planned = await upcoming(
            self.chasers,
            self.register.store,
            [chat_id],
            now=now,
            until=now + timedelta(days=VIEW_DAYS),
            calendar=self.calendar,
            policy=self.policy,
        )
        unreachable = []
        seen: set[str] = set()
        for action in await self.register.open_actions(chat_id):
            owner = action.owner
            if owner is None or owner.kind is not OwnerKind.PERSON or not owner.aad_id or owner.aad_id in seen:
                continue
            seen.add(owner.aad_id)
            person = await self.chasers.store.get_person(tenant_id, owner.aad_id)
            if person and person.get("unreachable_since"):
                unreachable.append(owner.name)
        rows = [(p.action, p.chase.kind, p.chase.due_at) for p in planned]
        return chasers_view_card(rows, unreachable, locale=locale, tz=self.register.tz, days=VIEW_DAYS)
