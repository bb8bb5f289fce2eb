"""Who will be chased when: the secretariat's view of the next days (a dry run: nothing is sent): every chaser of
some chats (the command line), or the first few of a big chat (/chasers)."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from bot.register.calendar import WorkingCalendar
from bot.register.chasing import ChaserStorePort
from bot.register.model import Action
from bot.register.ports import RegisterStore
from scheduler.policy import Chase, ChaseHistory, ChasePolicy, history_for, next_chase, plan
from scheduler.stages import SentChaser


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


@dataclass(frozen=True)
class Start:
    """An action, its chase history, and the next chaser the sweeper planned for it (None: not planned yet)."""

    action: Action
    history: ChaseHistory
    planned: Chase | None = None


def earliest(
    starts: Iterable[Start],
    *,
    now: datetime,
    until: datetime,
    calendar: WorkingCalendar,
    policy: ChasePolicy,
    next_meeting_by_chat: Mapping[str, datetime | None] | None = None,
    limit: int,
) -> list[tuple[Action, Chase]]:
    """The first `limit` chasers that fall by `until` (each assumed to go on time), soonest first, then by No.

    As `plan` answers, but lazily: the actions' chasers are merged by time and each action's next one is worked out
    only when its previous one has been taken, so the cost is the rows asked for, not every action's chasers over
    the period. A planned chaser still to come is the policy's answer as the sweeper worked it out (nothing has
    changed since, or the row would be marked to plan again), so it is taken as it is."""
    meetings = next_meeting_by_chat or {}
    heap: list[tuple[datetime, int, int, Action, ChaseHistory, Chase, datetime]] = []
    order = itertools.count()

    def push(action: Action, history: ChaseHistory, at: datetime, known: Chase | None = None) -> None:
        chase = known or next_chase(
            action, history, now=at, calendar=calendar, policy=policy, next_meeting=meetings.get(action.chat_id)
        )
        if chase is not None and chase.due_at <= until:
            heapq.heappush(heap, (chase.due_at, action.number, next(order), action, history, chase, at))

    for start in starts:
        known = start.planned if start.planned is not None and start.planned.due_at > now else None
        push(start.action, start.history, now, known)
    found: list[tuple[Action, Chase]] = []
    while heap and len(found) < limit:
        _, _, _, action, history, chase, at = heapq.heappop(heap)
        found.append((action, chase))
        # A chaser already owed goes now: the cadence after it counts from now (as `plan`).
        at = max(at, chase.due_at)
        push(action, replace(history, sent=(*history.sent, SentChaser(chase.stage, at))), at)
    return found
