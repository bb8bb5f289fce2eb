"""Who will be chased when: the secretariat's view of the next days (a dry run: nothing is sent)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.register.calendar import WorkingCalendar
from bot.register.chasing import ChaserStorePort
from bot.register.model import Action
from bot.register.ports import RegisterStore
from scheduler.policy import Chase, ChaseHistory, ChasePolicy, history_for, plan


@dataclass(frozen=True)
class Planned:
    action: Action
    chase: Chase


async def upcoming(
    chasers: ChaserStorePort,
    register: RegisterStore,
    chat_ids: list[str],
    *,
    now: datetime,
    until: datetime,
    calendar: WorkingCalendar,
    policy: ChasePolicy,
) -> list[Planned]:
    with_history: list[tuple[Action, ChaseHistory]] = []
    next_meetings: dict[str, datetime | None] = {}
    for chat_id in chat_ids:
        next_meetings[chat_id] = await chasers.next_meeting_of(chat_id)
        for action in await register.find_actions(chat_id, open_only=True):
            sent = await chasers.sent_stages(action.id)
            snoozed_until, last_update_at = await chasers.answers(action.id)
            history = history_for(
                action, sent, snoozed_until=snoozed_until, last_update_at=last_update_at, calendar=calendar
            )
            with_history.append((action, history))
    by_id = {action.id: action for action, _ in with_history}
    planned = plan(
        with_history, now=now, until=until, calendar=calendar, policy=policy, next_meeting_by_chat=next_meetings
    )
    result = [Planned(by_id[action_id], chase) for action_id, chase in planned]
    return sorted(result, key=lambda p: (p.chase.due_at, p.action.number))
