"""/chasers in a chat: the reminders due over the next 14 days, the person each will reach, and how each owner is
reached. Sized for a big register: the sweeper's own plan gives the earliest actions and their next chasers (in SQL),
and the policy runs forward only as far as the card's rows need, so the work is the card's rows, not the chat's
actions."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

from bot.register.model import Person
from bot.register.reach import EMAIL, ReachFacts, ReachOptions, expected_route
from bot.register.recipients import reachable, recipients
from bot.register.service import ActionRegister
from bot.store.chase_plan import ChasePlanStore
from bot.store.chasers import ChaserStore
from cards.chasers_view_card import MAX_ROWS, PlannedRow, ReachRow, chasers_view_card
from scheduler.calendar import WorkingCalendar
from scheduler.planning import Start, earliest
from scheduler.policy import Chase, ChasePolicy, history_for

VIEW_DAYS = 14
# New actions the sweeper has not planned yet are planned here; past this many, the next sweep (a minute away)
# catches up and the card says how many wait.
MAX_UNPLANNED = 200


class _RolesOnce:
    """Each role's holders read once per card."""

    def __init__(self, register: ActionRegister) -> None:
        self.store = register.store
        self._holders: dict[str, list[Person]] = {}

    async def role_holders(self, chat_id: str, role_name: str) -> list[Person]:
        key = f"{chat_id}\n{role_name.casefold()}"
        if key not in self._holders:
            self._holders[key] = await self.store.role_holders(chat_id, role_name)
        return self._holders[key]


class ChaserView:
    def __init__(
        self,
        register: ActionRegister,
        chasers: ChaserStore,
        calendar: WorkingCalendar,
        policy: ChasePolicy,
        *,
        reach: ReachOptions,
    ) -> None:
        self.register = register
        self.chasers = chasers
        self.plans = ChasePlanStore(chasers.store)
        self.calendar = calendar
        self.policy = policy
        self.reach = reach

    async def card(self, chat_id: str, tenant_id: str, *, locale: str | None) -> dict[str, Any]:
        now = self.register.clock.now()
        until = now + timedelta(days=VIEW_DAYS)
        first = await self.plans.first_planned(chat_id, until=until, limit=MAX_ROWS)
        fresh = await self.plans.unplanned(chat_id, limit=MAX_UNPLANNED)
        candidates = {a.id: a for a in (*(a for a, _ in first), *fresh)}
        stored = {a.id: Chase(stage, due, kind, escalate) for a, (stage, kind, escalate, due) in first}
        histories = await self.plans.histories(list(candidates))
        next_meeting = await self.chasers.next_meeting_of(chat_id)
        starts = [
            Start(
                action,
                history_for(
                    action,
                    histories[action.id][0],
                    snoozed_until=histories[action.id][1],
                    last_update_at=histories[action.id][2],
                    calendar=self.calendar,
                ),
                stored.get(action.id),
            )
            for action in candidates.values()
        ]
        # The policy's arithmetic (calendars, stages) in a worker thread: on a long-overdue register it is the card's
        # main cost, and on the event loop it would hold every other turn.
        planned = await asyncio.to_thread(
            earliest,
            starts,
            now=now,
            until=until,
            calendar=self.calendar,
            policy=self.policy,
            next_meeting_by_chat={chat_id: next_meeting},
            limit=MAX_ROWS,
        )
        organisers = {o.id: o.organiser_aad_id for o in await self.register.store.occurrences_of(chat_id)}
        roles = _RolesOnce(self.register)
        rows = []
        for action, chase in planned:
            reached = await recipients(
                action, roles, escalate=chase.escalate, organiser_aad_id=organisers.get(action.occurrence_id)
            )
            rows.append(PlannedRow(action, chase.kind, chase.due_at, reached))
        total = await self.plans.planned_count(chat_id, until=until) + len([a for a in fresh if a.id not in stored])
        unheld = await self.register.roles.unheld(chat_id, await self.plans.open_roles(chat_id))
        reach = await self._reach(chat_id, tenant_id, roles, now)
        return chasers_view_card(
            rows,
            reach,
            unheld=unheld,
            total=max(total, len(rows)),
            locale=locale,
            tz=self.register.tz,
            days=VIEW_DAYS,
        )

    async def _reach(self, chat_id: str, tenant_id: str, roles: _RolesOnce, now: datetime) -> list[ReachRow]:
        """How the next reminder will reach each owner of an open action, and each holder of an owning role."""
        store = self.chasers.store
        found = await store.owners_with_rows(chat_id, tenant_id, limit=MAX_ROWS)
        for role in await self.plans.open_roles(chat_id):
            for holder in await roles.role_holders(chat_id, role):
                found.append((holder, await store.find_person(tenant_id, holder)))
        rows: dict[str, ReachRow] = {}
        for person, stored in found:
            if person.key in rows or not reachable(person):
                continue
            rows[person.key] = self._row(person, ReachFacts.of(person, stored), now)
        return list(rows.values())

    def _row(self, person: Person, facts: ReachFacts, now: datetime) -> ReachRow:
        mail_failure = (facts.mail_failed_at, facts.mail_failure or "") if facts.mail_failed_at else None
        if mail_failure is not None and facts.last_route == EMAIL and facts.last_reached_at is not None:
            if facts.last_reached_at > mail_failure[0]:
                mail_failure = None  # mail has gone through since
        install_failure = (facts.install_failed_at, facts.install_failure or "") if facts.install_failed_at else None
        return ReachRow(
            person.name or person.email or "",
            expected_route(facts, self.reach, now=now),
            mail_failure=mail_failure,
            install_failure=install_failure,
            mail_off=bool(facts.email) and not facts.in_teams and not self.reach.mail,
        )
