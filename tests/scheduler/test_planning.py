"""/chasers' plan for a big chat: the first rows of `plan`, worked out lazily from the sweeper's stored plan."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

import scheduler.planning as planning
from bot.register.model import Action, ActionStatus, DeadlineKind
from scheduler.planning import Start, earliest
from scheduler.policy import Chase, ChaseHistory, plan
from tests.scheduler.test_policy import CALENDAR, POLICY, action, at

NOW, UNTIL = at(2025, 4, 14, 8), at(2025, 4, 28, 8)


def mixed() -> list[Action]:
    """Dated (ahead and long overdue), ASAP, next-meeting, ongoing and closed actions, numbered out of id order."""
    found = []
    for index in range(30):
        kind = [DeadlineKind.DATE, DeadlineKind.ASAP, DeadlineKind.ONGOING, DeadlineKind.NEXT_MEETING][index % 4]
        due = at(2025, 1, 6) + timedelta(days=7 * index) if kind is DeadlineKind.DATE else None
        status = ActionStatus.DONE if index % 7 == 6 else ActionStatus.OPEN
        created = at(2025, 3, 3, 10) + timedelta(days=index)
        item = action(kind, due=due, latest=due, status=status, created=created, action_id=f"a{index:02}")
        found.append(replace(item, number=100 - index))
    return found


def by_time(listed: list[tuple[str, Chase]], actions: list[Action]) -> list[tuple[int, str, object]]:
    numbers = {a.id: a.number for a in actions}
    rows = [(numbers[action_id], chase.stage, chase.due_at) for action_id, chase in listed]
    return sorted(rows, key=lambda r: (r[2], r[0]))


@pytest.mark.parametrize("limit", [1, 7, 25, 1000])
def test_the_first_rows_are_the_plans_first_rows(limit: int) -> None:
    actions = mixed()
    meetings = {"chat-1": at(2025, 4, 24, 10)}
    whole = plan(
        [(a, ChaseHistory(a.created_at)) for a in actions],
        now=NOW, until=UNTIL, calendar=CALENDAR, policy=POLICY, next_meeting_by_chat=meetings, per_action=1000,
    )  # fmt: skip
    found = earliest(
        [Start(a, ChaseHistory(a.created_at)) for a in actions],
        now=NOW, until=UNTIL, calendar=CALENDAR, policy=POLICY, next_meeting_by_chat=meetings, limit=limit,
    )  # fmt: skip
    assert len(whole) > 30
    expected = by_time(whole, actions)[:limit]
    assert [(a.number, c.stage, c.due_at) for a, c in found] == expected


def test_a_planned_chaser_still_to_come_is_taken_as_the_sweeper_planned_it() -> None:
    ahead = replace(action(DeadlineKind.DATE, due=at(2025, 4, 22, 0), action_id="ahead"), number=1)
    owed = replace(action(DeadlineKind.DATE, due=at(2025, 4, 22, 0), action_id="owed"), number=2)
    # The times show which answer was used (the policy says 09:00): the stored one for the chaser to come; the
    # policy's for one whose time has passed (the sweeper has yet to send it, so its plan may be behind).
    stored_ahead = Chase("before@2025-04-22", at(2025, 4, 15, 11), "before", False)
    stored_owed = Chase("before@2025-04-22", at(2025, 4, 10), "before", False)
    found = earliest(
        [Start(ahead, ChaseHistory(ahead.created_at), stored_ahead),
         Start(owed, ChaseHistory(owed.created_at), stored_owed)],
        now=NOW, until=UNTIL, calendar=CALENDAR, policy=POLICY, limit=4,
    )  # fmt: skip
    assert [(a.id, c.stage, c.due_at) for a, c in found] == [
        ("owed", "before@2025-04-22", at(2025, 4, 15)),
        ("ahead", "before@2025-04-22", at(2025, 4, 15, 11)),
        ("ahead", "on_day@2025-04-22", at(2025, 4, 22)),
        ("owed", "on_day@2025-04-22", at(2025, 4, 22)),
    ]


def test_the_work_is_the_rows_asked_for_not_the_chats_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    real = planning.next_chase

    def counted(*args: object, **kwargs: object) -> Chase | None:
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(planning, "next_chase", counted)
    many = [
        replace(action(DeadlineKind.ASAP, created=at(2025, 4, 1, 10), action_id=f"x{index}"), number=index)
        for index in range(500)
    ]
    stored = Chase("asap:1", at(2025, 4, 16), "asap", False)
    found = earliest(
        [Start(a, ChaseHistory(a.created_at), stored) for a in many],
        now=NOW, until=UNTIL, calendar=CALENDAR, policy=POLICY, limit=10,
    )  # fmt: skip
    assert [a.number for a, _ in found] == list(range(10))
    assert calls == 10  # each row taken works out only its own action's next chaser
