"""The chase policy on an injected clock: hand-computed times across weekends, Welsh bank holidays and clock changes.

Expected times are worked out by hand against the 2025 GB-WLS calendar (Good Friday 18 Apr, Easter Monday 21 Apr,
5 May, 26 May, 25 Aug, 25-26 Dec, 1 Jan 2026) and written in UTC where the clock change is the point: 09:00 in
London is 08:00Z in summer time (from 30 Mar 2025) and 09:00Z in winter time (from 26 Oct 2025).
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.register.calendar import WorkingCalendar
from bot.register.model import Action, ActionStatus, Deadline, DeadlineKind, Owner, Person
from scheduler.policy import (
    Chase,
    ChaseHistory,
    ChasePolicy,
    PolicyConfigError,
    SentChaser,
    next_chase,
    plan,
)

LONDON = ZoneInfo("Europe/London")
CALENDAR = WorkingCalendar()
POLICY = ChasePolicy()
ROOT = Path(__file__).resolve().parents[2]
MINUTE = timedelta(minutes=1)


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


LOGGED = at(2025, 4, 7, 10)


def action(
    kind: DeadlineKind,
    *,
    due: datetime | None = None,
    latest: datetime | None = None,
    status: ActionStatus = ActionStatus.OPEN,
    created: datetime | None = None,
    action_id: str = "a1",
    chat_id: str = "chat-1",
) -> Action:
    created = created or LOGGED
    return Action(
        id=action_id,
        tenant_id="t1",
        chat_id=chat_id,
        occurrence_id="occ-1",
        number=1,
        text="Send the toolkit to the forum",
        owner=Owner.person("Beth Evans", aad_id="aad-beth"),
        deadline=Deadline(text="by then", kind=kind, due=due, latest=latest),
        status=status,
        created_at=created,
        created_by=Person("Alex Jones", aad_id="aad-alex"),
        updated_at=created,
    )


def undated(stage: str, item: Action) -> str:
    """A stage id without its target date, having checked the date is the target's local day: the expected
    schedules below read as the policy's table does ("before", "on_day", "overdue:1", "escalate")."""
    name, mark, day = stage.partition("@")
    if mark:
        target = item.deadline.target if item.deadline.kind is DeadlineKind.DATE else item.deadline.latest
        assert target is not None and day == target.astimezone(LONDON).date().isoformat(), stage
    return name


def ask_dated(
    item: Action,
    history: ChaseHistory | None = None,
    *,
    now: datetime,
    policy: ChasePolicy = POLICY,
    next_meeting: datetime | None = None,
) -> Chase | None:
    return next_chase(
        item,
        history or ChaseHistory(logged_at=item.created_at),
        now=now,
        calendar=CALENDAR,
        policy=policy,
        next_meeting=next_meeting,
    )


def ask(item: Action, history: ChaseHistory | None = None, **options: Any) -> Chase | None:
    """ask_dated, with the stage id read without its (checked) target date."""
    chase = ask_dated(item, history, **options)
    return replace(chase, stage=undated(chase.stage, item)) if chase else None


def sweep_dated(item: Action, history: ChaseHistory, *, start: datetime, end: datetime) -> list[tuple[str, datetime]]:
    """sweep, keeping the stage ids as the policy gives them."""
    sent: list[tuple[str, datetime]] = []
    now = start
    while now <= end:
        chase = ask_dated(item, history, now=now)
        if chase is None:
            break
        if chase.due_at <= now:
            sent.append((chase.stage, now))
            history = replace(history, sent=(*history.sent, SentChaser(chase.stage, now)))
            continue
        now = chase.due_at
    return sent


def sweep(
    item: Action,
    *,
    start: datetime,
    end: datetime,
    history: ChaseHistory | None = None,
    next_meeting: datetime | None = None,
) -> list[tuple[str, datetime]]:
    """An ideal sweeper on a minute clock: sends whatever is owed, the minute it is owed, and nothing earlier.

    It jumps between the interesting minutes rather than ticking through idle weeks, but checks the minute before
    each chaser falls, which is where an off-by-one or an hour's clock-change error would show."""
    history = history or ChaseHistory(logged_at=item.created_at)
    sent: list[tuple[str, datetime]] = []
    now = start
    while now <= end:
        chase = ask_dated(item, history, now=now, next_meeting=next_meeting)
        if chase is None:
            break
        if chase.due_at <= now:
            sent.append((undated(chase.stage, item), now))
            history = replace(history, sent=(*history.sent, SentChaser(chase.stage, now)))
            continue
        before = ask_dated(item, history, now=chase.due_at - MINUTE, next_meeting=next_meeting)
        assert before == chase, "the answer must not change in the minute before it falls"
        now = chase.due_at
    return sent


# Dated deadlines


def test_a_date_across_easter_gets_before_on_the_day_overdue_and_one_escalation() -> None:
    # Target Tue 22 Apr 2025, the day after Easter Monday; Good Friday is not a working day either.
    item = action(DeadlineKind.DATE, due=at(2025, 4, 22, 0))
    sent = sweep(item, start=at(2025, 4, 7, 10), end=at(2025, 6, 6, 18))
    assert sent == [
        ("before", at(2025, 4, 15)),  # 17, 16, 15 Apr: Thu, Wed, Tue
        ("on_day", at(2025, 4, 22)),
        ("overdue:1", at(2025, 4, 29)),
        ("overdue:2", at(2025, 5, 7)),  # 5 May is a bank holiday
        ("escalate", at(2025, 5, 14)),
        ("overdue:3", at(2025, 5, 21)),
        ("overdue:4", at(2025, 5, 29)),  # 26 May is a bank holiday
        ("overdue:5", at(2025, 6, 5)),
    ]


def test_the_escalation_goes_once_and_is_flagged_for_the_organiser_and_secretariat() -> None:
    item = action(DeadlineKind.DATE, due=at(2025, 4, 22, 0))
    sent = sweep(item, start=at(2025, 4, 7, 10), end=at(2025, 12, 31, 18))
    stages = [stage for stage, _ in sent]
    assert stages.count("escalate") == 1
    assert stages[stages.index("escalate") - 2 : stages.index("escalate")] == ["overdue:1", "overdue:2"]
    assert len(stages) == len(set(stages))
    escalation = ask(item, ChaseHistory(item.created_at), now=at(2025, 5, 14))
    assert escalation == Chase("escalate", at(2025, 5, 14), "escalation", True)
    overdue = ask(item, ChaseHistory(item.created_at), now=at(2025, 4, 29))
    assert overdue == Chase("overdue:1", at(2025, 4, 29), "overdue", False)


# Deadlines that move


def moved_to(item: Action, due: datetime) -> Action:
    return replace(item, deadline=Deadline(text="moved", kind=DeadlineKind.DATE, due=due))


def test_a_deadline_moved_later_is_reminded_again_before_and_on_its_new_day() -> None:
    item = action(DeadlineKind.DATE, due=at(2025, 4, 22, 0))
    first = sweep(item, start=item.created_at, end=at(2025, 4, 23, 10))
    assert [stage for stage, _ in first] == ["before", "on_day"]
    history = ChaseHistory(
        item.created_at,
        (SentChaser("before@2025-04-22", at(2025, 4, 15)), SentChaser("on_day@2025-04-22", at(2025, 4, 22))),
    )
    later = moved_to(item, at(2025, 5, 9, 0))  # moved on 23 Apr to Fri 9 May; Mon 5 May is a bank holiday
    assert sweep(later, start=at(2025, 4, 23, 10), end=at(2025, 5, 9, 18), history=history) == [
        ("before", at(2025, 5, 6)),
        ("on_day", at(2025, 5, 9)),
    ]


def test_a_deadline_moved_back_is_not_chased_again_for_what_was_sent_for_that_day() -> None:
    item = action(DeadlineKind.DATE, due=at(2025, 4, 22, 0))
    history = ChaseHistory(
        item.created_at,
        (
            SentChaser("before@2025-04-22", at(2025, 4, 15)),
            SentChaser("on_day@2025-04-22", at(2025, 4, 22)),
            SentChaser("before@2025-05-09", at(2025, 5, 6)),
        ),
    )
    chase = ask_dated(item, history, now=at(2025, 5, 7, 10))
    assert chase is not None and chase.stage.startswith("overdue:") and chase.stage.endswith("@2025-04-22")


def test_stages_sent_before_ids_carried_dates_count_as_the_current_deadlines() -> None:
    # Chasers sent by an earlier version are recorded as "before" and "on_day": an upgrade must not send them again.
    item = action(DeadlineKind.DATE, due=at(2025, 4, 22, 0))
    history = ChaseHistory(
        item.created_at, (SentChaser("before", at(2025, 4, 15)), SentChaser("on_day", at(2025, 4, 22)))
    )
    assert ask_dated(item, history, now=at(2025, 4, 23, 10)) == Chase(
        "overdue:1@2025-04-22", at(2025, 4, 29), "overdue", False
    )


def test_a_new_deadline_that_goes_stale_is_escalated_again() -> None:
    item = action(DeadlineKind.DATE, due=at(2025, 4, 22, 0))
    history = ChaseHistory(item.created_at)
    for stage, when in sweep(item, start=item.created_at, end=at(2025, 5, 15, 10)):
        history = replace(history, sent=(*history.sent, SentChaser(f"{stage}@2025-04-22", when)))
    assert [s.stage for s in history.sent][-1] == "escalate@2025-04-22"
    later = moved_to(item, at(2025, 6, 2, 0))  # the chair agreed a new date; it slips too
    again = [stage for stage, _ in sweep(later, start=at(2025, 5, 15, 10), end=at(2025, 7, 31, 18), history=history)]
    assert again[:5] == ["before", "on_day", "overdue:1", "overdue:2", "escalate"]
    assert again.count("escalate") == 1


def test_chasers_keep_to_nine_local_through_both_clock_changes() -> None:
    spring = action(DeadlineKind.DATE, due=at(2025, 3, 31, 0), created=at(2025, 3, 17, 10))
    assert sweep(spring, start=spring.created_at, end=at(2025, 4, 1, 18)) == [
        ("before", datetime(2025, 3, 26, 9, tzinfo=UTC)),  # GMT
        ("on_day", datetime(2025, 3, 31, 8, tzinfo=UTC)),  # BST: the clocks went forward on Sun 30 Mar
    ]
    autumn = action(DeadlineKind.DATE, due=at(2025, 10, 27, 0), created=at(2025, 10, 13, 10))
    assert sweep(autumn, start=autumn.created_at, end=at(2025, 10, 28, 18)) == [
        ("before", datetime(2025, 10, 22, 8, tzinfo=UTC)),  # BST
        ("on_day", datetime(2025, 10, 27, 9, tzinfo=UTC)),  # GMT: the clocks went back on Sun 26 Oct
    ]


def test_minute_by_minute_the_first_summer_time_chaser_falls_at_eight_utc() -> None:
    item = action(DeadlineKind.DATE, due=at(2025, 3, 31, 0), created=at(2025, 3, 17, 10))
    history = ChaseHistory(item.created_at, (SentChaser("before", at(2025, 3, 26)),))
    now = datetime(2025, 3, 31, 6, 30, tzinfo=UTC)
    while now < datetime(2025, 3, 31, 9, 30, tzinfo=UTC):
        chase = ask(item, history, now=now)
        assert chase == Chase("on_day", datetime(2025, 3, 31, 8, tzinfo=UTC), "reminder", False)
        assert (chase.due_at <= now) == (now >= datetime(2025, 3, 31, 8, tzinfo=UTC))
        now += MINUTE


def test_a_target_on_a_saturday_is_chased_on_the_friday_before() -> None:
    item = action(DeadlineKind.DATE, due=at(2025, 6, 14, 0), created=at(2025, 6, 2, 10))
    assert sweep(item, start=item.created_at, end=at(2025, 6, 20, 18)) == [
        ("before", at(2025, 6, 10)),
        ("on_day", at(2025, 6, 13)),
        ("overdue:1", at(2025, 6, 20)),
    ]


def test_christmas_and_new_year_are_stepped_over() -> None:
    # Thu 25 Dec is a holiday: the day falls on Wed 24th; then 26 Dec and 1 Jan 2026 are not working days.
    item = action(DeadlineKind.DATE, due=at(2025, 12, 25, 0), created=at(2025, 12, 1, 10))
    assert sweep(item, start=item.created_at, end=at(2026, 1, 5, 18)) == [
        ("before", datetime(2025, 12, 19, 9, tzinfo=UTC)),
        ("on_day", datetime(2025, 12, 24, 9, tzinfo=UTC)),
        ("overdue:1", datetime(2026, 1, 5, 9, tzinfo=UTC)),
    ]


def test_the_target_is_read_as_a_local_day_whatever_zone_it_comes_in() -> None:
    # Midnight on 22 Apr in London is 23:00Z on the 21st.
    item = action(DeadlineKind.DATE, due=datetime(2025, 4, 21, 23, tzinfo=UTC))
    assert ask(item, now=at(2025, 4, 14)) == Chase("before", at(2025, 4, 15), "reminder", False)
    on_day = ask(item, ChaseHistory(item.created_at, (SentChaser("before", at(2025, 4, 15)),)), now=at(2025, 4, 16))
    assert on_day is not None and on_day.due_at == at(2025, 4, 22)


def test_a_window_is_chased_against_its_end_and_an_event_with_a_latest_date_like_a_date() -> None:
    window = action(DeadlineKind.DATE, latest=at(2025, 5, 30, 0), created=at(2025, 5, 12, 10))
    event = action(DeadlineKind.EVENT, latest=at(2025, 5, 30, 0), created=at(2025, 5, 12, 10))
    for item in (window, event):
        assert sweep(item, start=item.created_at, end=at(2025, 6, 6, 18)) == [
            ("before", at(2025, 5, 27)),
            ("on_day", at(2025, 5, 30)),
            ("overdue:1", at(2025, 6, 6)),
        ]


def test_stages_that_fell_before_logging_are_not_owed() -> None:
    # Logged on the Friday before a Tuesday target: "before" (the Thursday) has gone.
    item = action(DeadlineKind.DATE, due=at(2025, 6, 17, 0), created=at(2025, 6, 13, 10))
    assert ask(item, now=item.created_at) == Chase("on_day", at(2025, 6, 17), "reminder", False)
    # Logged when already overdue: the first chaser is the next overdue slot, and escalation still waits for two.
    late = action(DeadlineKind.DATE, due=at(2025, 6, 2, 0), created=at(2025, 6, 11, 10))
    assert [s for s, _ in sweep(late, start=late.created_at, end=at(2025, 7, 11, 18))] == [
        "overdue:2",
        "overdue:3",
        "escalate",
        "overdue:4",
    ]


def test_a_date_kind_without_a_date_asks_for_one() -> None:
    item = action(DeadlineKind.DATE, created=at(2025, 4, 16, 11))
    assert ask(item, now=item.created_at) == Chase("unknown:1", at(2025, 4, 25), "set_deadline", False)


# Cadences


def test_asap_is_chased_two_working_days_after_logging_then_weekly_and_escalates_when_unanswered() -> None:
    # Logged Thu 17 Apr: Good Friday and Easter Monday do not count. Two check-ins nobody answers, then the third
    # goes to the Secretariat (once), and the owner's check-ins go on.
    item = action(DeadlineKind.ASAP, created=at(2025, 4, 17, 14))
    assert sweep(item, start=item.created_at, end=at(2025, 5, 22, 18)) == [
        ("asap:1", at(2025, 4, 23)),
        ("asap:2", at(2025, 4, 30)),
        ("escalate:asap:1", at(2025, 5, 8)),
        ("asap:3", at(2025, 5, 15)),
        ("asap:4", at(2025, 5, 22)),
    ]
    assert ask(item, now=item.created_at) == Chase("asap:1", at(2025, 4, 23), "checkin", False)


def test_logging_out_of_hours_counts_from_the_next_working_morning() -> None:
    friday_evening = action(DeadlineKind.ASAP, created=at(2025, 4, 4, 18))
    saturday = action(DeadlineKind.ASAP, created=at(2025, 4, 5, 11))
    for item in (friday_evening, saturday):
        chase = ask(item, now=item.created_at)
        assert chase is not None and chase.due_at == at(2025, 4, 9)


def test_a_progress_update_restarts_the_asap_cadence() -> None:
    item = action(DeadlineKind.ASAP, created=at(2025, 4, 17, 14))
    history = ChaseHistory(
        item.created_at, (SentChaser("asap:1", at(2025, 4, 23)),), last_update_at=at(2025, 4, 28, 15)
    )
    # 29, 30 Apr, 1, 2, 6 May: 5 May is a bank holiday.
    assert ask(item, history, now=at(2025, 4, 28, 15)) == Chase("asap:2", at(2025, 5, 6), "checkin", False)
    before_first = ChaseHistory(item.created_at, last_update_at=at(2025, 4, 22, 16))
    assert ask(item, before_first, now=at(2025, 4, 22, 16)) == Chase("asap:1", at(2025, 4, 24), "checkin", False)


def test_ongoing_and_open_ended_events_get_a_monthly_check_in() -> None:
    # 20 working days from Mon 1 Dec 2025, skipping Christmas, Boxing Day and New Year's Day.
    for kind in (DeadlineKind.ONGOING, DeadlineKind.EVENT):
        item = action(kind, created=at(2025, 12, 1, 10))
        assert sweep(item, start=item.created_at, end=at(2026, 1, 29, 18)) == [
            ("checkin:1", at(2025, 12, 31)),
            ("checkin:2", at(2026, 1, 29)),
        ]


def test_a_progress_update_restarts_the_check_in() -> None:
    item = action(DeadlineKind.ONGOING, created=at(2025, 12, 1, 10))
    history = ChaseHistory(item.created_at, last_update_at=at(2025, 12, 10, 11))
    assert ask(item, history, now=at(2025, 12, 10, 11)) == Chase("checkin:1", at(2026, 1, 12), "checkin", False)


def test_unknown_deadlines_are_asked_for_weekly_and_updates_do_not_stop_that() -> None:
    item = action(DeadlineKind.UNKNOWN, created=at(2025, 4, 16, 11))
    assert sweep(item, start=item.created_at, end=at(2025, 5, 12, 18)) == [
        ("unknown:1", at(2025, 4, 25)),
        ("unknown:2", at(2025, 5, 2)),
        ("escalate:unknown:1", at(2025, 5, 12)),  # 5 May is a bank holiday
    ]
    updated = ChaseHistory(item.created_at, last_update_at=at(2025, 4, 24, 12))
    assert ask(item, updated, now=at(2025, 4, 24, 12)) == Chase("unknown:1", at(2025, 4, 25), "set_deadline", False)


def test_an_answer_restarts_the_count_of_unanswered_check_ins() -> None:
    item = action(DeadlineKind.ASAP, created=at(2025, 4, 17, 14))
    sent = (SentChaser("asap:1", at(2025, 4, 23)), SentChaser("asap:2", at(2025, 4, 30)))
    # A progress update after the second: the third is the owner's again, and so is the one after it.
    updated = ChaseHistory(item.created_at, sent, last_update_at=at(2025, 5, 1, 10))
    assert ask(item, updated, now=at(2025, 5, 1, 10)) == Chase("asap:3", at(2025, 5, 9), "checkin", False)
    third = replace(updated, sent=(*sent, SentChaser("asap:3", at(2025, 5, 9))))
    assert ask(item, third, now=at(2025, 5, 9, 10)) == Chase("asap:4", at(2025, 5, 16), "checkin", False)
    fourth = replace(third, sent=(*third.sent, SentChaser("asap:4", at(2025, 5, 16))))
    assert ask(item, fourth, now=at(2025, 5, 16, 10)) == Chase("escalate:asap:1", at(2025, 5, 23), "escalation", True)
    # A snooze is an answer too: the chasers before its end no longer count.
    snoozed = ChaseHistory(item.created_at, sent, snoozed_until=at(2025, 5, 6))
    assert ask(item, snoozed, now=at(2025, 5, 1, 10)) == Chase("asap:3", at(2025, 5, 8), "checkin", False)


def test_every_cadence_escalates_check_ins_included() -> None:
    for kind, prefix in ((DeadlineKind.ONGOING, "checkin"), (DeadlineKind.NEXT_MEETING, "weekly")):
        item = action(kind, created=at(2025, 3, 17, 13))
        stages = [stage for stage, _ in sweep(item, start=item.created_at, end=at(2025, 9, 1))]
        assert stages[:4] == [f"{prefix}:1", f"{prefix}:2", f"escalate:{prefix}:1", f"{prefix}:3"], kind


def test_escalate_after_is_the_setting_for_cadences_too() -> None:
    item = action(DeadlineKind.ASAP, created=at(2025, 4, 17, 14))
    policy = ChasePolicy(escalate_after=4)
    history = ChaseHistory(item.created_at, tuple(SentChaser(f"asap:{n}", at(2025, 4, 22 + n)) for n in (1, 2, 3)))
    assert ask(item, history, now=at(2025, 4, 25, 10), policy=policy).stage == "asap:4"  # type: ignore[union-attr]
    history = replace(history, sent=(*history.sent, SentChaser("asap:4", at(2025, 4, 28))))
    assert ask(item, history, now=at(2025, 4, 28, 10), policy=policy).escalate  # type: ignore[union-attr]


# Restarts: a review carries an action forward, or imported history's calm ends


def test_a_review_restarts_an_escalated_overdue_action_from_the_review_date() -> None:
    item = action(DeadlineKind.DATE, due=at(2025, 3, 31, 0), created=at(2025, 3, 17, 13))
    before = sweep(item, start=item.created_at, end=at(2025, 5, 2, 18))
    assert [stage for stage, _ in before] == ["before", "on_day", "overdue:1", "overdue:2", "escalate", "overdue:3"]
    history = ChaseHistory(item.created_at, tuple(SentChaser(f"{s}@2025-03-31", t) for s, t in before))
    # Carried forward at the June meeting without a new date: the count starts again from 16 June.
    reviewed = replace(history, since=at(2025, 6, 16, 12))
    after = [
        (chase.stage, chase.due_at)
        for chase in (ask_dated(item, reviewed, now=at(2025, 6, 16, 12)),)
        if chase is not None
    ]
    assert after == [("overdue:1@2025-03-31~2025-06-16", at(2025, 6, 23))]
    sent = [
        stage.split("@")[0]
        for stage, _ in sweep_dated(item, reviewed, start=at(2025, 6, 16, 12), end=at(2025, 7, 15, 18))
    ]
    assert sent == ["overdue:1", "overdue:2", "escalate", "overdue:3"]


def test_a_review_before_the_deadline_changes_nothing_to_come() -> None:
    item = action(DeadlineKind.DATE, due=at(2025, 7, 31, 0), created=at(2025, 3, 17, 13))
    reviewed = ChaseHistory(item.created_at, since=at(2025, 6, 16, 12))
    assert ask(item, reviewed, now=at(2025, 6, 16, 12)) == Chase("before", at(2025, 7, 28), "reminder", False)


def test_nothing_is_owed_before_a_restart_in_the_future() -> None:
    # Imported minutes of March, imported on 2 June: calm until 9 June (5 working days), whatever is overdue.
    overdue = action(DeadlineKind.DATE, due=at(2025, 3, 31, 0), created=at(2025, 3, 17, 13))
    calm = ChaseHistory(overdue.created_at, since=at(2025, 6, 9, 10))
    chase = ask_dated(overdue, calm, now=at(2025, 6, 2, 10))
    assert chase is not None and chase.due_at >= at(2025, 6, 9, 10) and not chase.escalate
    asap = action(DeadlineKind.ASAP, created=at(2025, 3, 17, 13))
    assert ask(asap, replace(calm, logged_at=asap.created_at), now=at(2025, 6, 2, 10)) == Chase(
        "asap:1", at(2025, 6, 11), "checkin", False
    )


# By the next meeting


def test_next_meeting_reminds_five_working_days_before_then_weekly_after_it() -> None:
    item = action(DeadlineKind.NEXT_MEETING, created=at(2025, 6, 2, 14, 30))
    meeting = at(2025, 6, 16, 14)
    assert sweep(item, start=item.created_at, end=at(2025, 6, 30, 18), next_meeting=meeting) == [
        ("next_meeting:2025-06-16", datetime(2025, 6, 9, 8, tzinfo=UTC)),
        ("weekly:1", at(2025, 6, 23)),
        ("weekly:2", at(2025, 6, 30)),
    ]
    reminder = ask(item, now=item.created_at, next_meeting=meeting)
    assert reminder == Chase("next_meeting:2025-06-16", at(2025, 6, 9), "reminder", False)


def test_a_meeting_a_week_away_is_reminded_the_working_day_before() -> None:
    item = action(DeadlineKind.NEXT_MEETING, created=at(2025, 6, 9, 14, 30))
    chase = ask(item, now=item.created_at, next_meeting=at(2025, 6, 16, 14))
    assert chase == Chase("next_meeting:2025-06-16", at(2025, 6, 13), "reminder", False)
    # After the spring bank holiday: five working days before Tue 27 May is Mon 19 May.
    early = action(DeadlineKind.NEXT_MEETING, created=at(2025, 5, 12, 10))
    chase = ask(early, now=early.created_at, next_meeting=at(2025, 5, 27, 10))
    assert chase is not None and chase.due_at == at(2025, 5, 19)


def test_a_meeting_the_next_day_gets_no_reminder_only_the_weekly_after_it() -> None:
    item = action(DeadlineKind.NEXT_MEETING, created=at(2025, 6, 12, 15))
    chase = ask(item, now=item.created_at, next_meeting=at(2025, 6, 13, 10))
    assert chase == Chase("weekly:1", at(2025, 6, 20), "checkin", False)


def test_without_a_known_meeting_next_meeting_actions_are_chased_weekly() -> None:
    item = action(DeadlineKind.NEXT_MEETING, created=at(2025, 6, 2, 14, 30))
    assert ask(item, now=item.created_at) == Chase("weekly:1", at(2025, 6, 9), "checkin", False)
    stale = ask(item, now=at(2025, 6, 4, 10), next_meeting=at(2025, 6, 3, 10))
    assert stale is not None and stale.stage == "weekly:1"


def test_a_late_meeting_reminder_stays_owed_until_the_meeting_then_lapses() -> None:
    item = action(DeadlineKind.NEXT_MEETING, created=at(2025, 6, 2, 14, 30))
    meeting = at(2025, 6, 16, 14)
    late = ask(item, now=at(2025, 6, 13, 16), next_meeting=meeting)  # 103 hours late
    assert late == Chase("next_meeting:2025-06-16", at(2025, 6, 9), "reminder", False)
    assert ask(item, now=meeting - MINUTE, next_meeting=meeting) == late
    after = ask(item, now=meeting, next_meeting=meeting)
    assert after == Chase("weekly:1", at(2025, 6, 23), "checkin", False)


def test_a_moved_meeting_gets_its_own_reminder() -> None:
    item = action(DeadlineKind.NEXT_MEETING, created=at(2025, 6, 2, 14, 30))
    history = ChaseHistory(item.created_at, (SentChaser("next_meeting:2025-06-16", at(2025, 6, 9)),))
    moved = ask(item, history, now=at(2025, 6, 10), next_meeting=at(2025, 6, 23, 14))
    assert moved == Chase("next_meeting:2025-06-23", at(2025, 6, 16), "reminder", False)


# Snoozes


def test_a_snooze_holds_the_next_chaser_until_it_ends() -> None:
    item = action(DeadlineKind.DATE, due=at(2025, 4, 22, 0))
    snoozed = ChaseHistory(item.created_at, snoozed_until=at(2025, 4, 17, 9))
    assert ask(item, snoozed, now=at(2025, 4, 15)) == Chase("before", at(2025, 4, 17), "reminder", False)
    # Ending in the evening: the next working morning.
    evening = ChaseHistory(item.created_at, snoozed_until=at(2025, 4, 16, 20))
    chase = ask(item, evening, now=at(2025, 4, 15))
    assert chase is not None and chase.due_at == at(2025, 4, 17)
    assert sweep(item, start=at(2025, 4, 14), end=at(2025, 4, 22, 18), history=snoozed) == [
        ("before", at(2025, 4, 17)),
        ("on_day", at(2025, 4, 22)),
    ]


def test_a_snooze_over_several_stages_sends_only_the_latest_when_it_ends_however_long() -> None:
    item = action(DeadlineKind.DATE, due=at(2025, 4, 22, 0))
    over_the_day = ChaseHistory(item.created_at, snoozed_until=at(2025, 4, 25, 9))
    assert ask(item, over_the_day, now=at(2025, 4, 15)) == Chase("on_day", at(2025, 4, 25), "reminder", False)
    # Two weeks: the stages it held do not count as missed, so max lateness does not drop them.
    long = ChaseHistory(item.created_at, snoozed_until=at(2025, 5, 8, 9))
    assert ask(item, long, now=at(2025, 5, 8, 12)) == Chase("overdue:2", at(2025, 5, 8), "overdue", False)


def test_a_snooze_that_gathers_the_escalation_sends_the_escalation_first() -> None:
    item = action(DeadlineKind.DATE, due=at(2025, 4, 22, 0))
    history = ChaseHistory(item.created_at, snoozed_until=at(2025, 5, 22, 9))
    sent = sweep(item, start=at(2025, 5, 1), end=at(2025, 5, 29, 18), history=history)
    assert sent == [("escalate", at(2025, 5, 22)), ("overdue:3", at(2025, 5, 22)), ("overdue:4", at(2025, 5, 29))]


# Outages


def test_after_an_outage_only_the_latest_missed_stage_goes_once() -> None:
    item = action(DeadlineKind.DATE, due=at(2025, 4, 22, 0))
    # Fri 9 May: twelve working days after the target.
    owed = ask(item, now=at(2025, 5, 9, 10))
    assert owed == Chase("overdue:2", at(2025, 5, 7), "overdue", False)
    history = ChaseHistory(item.created_at, (SentChaser("overdue:2", at(2025, 5, 9, 10)),))
    assert ask(item, history, now=at(2025, 5, 9, 10)) == Chase("escalate", at(2025, 5, 14), "escalation", True)
    # A whole restart on the morning of the on-day chaser: "before" is superseded, not sent late.
    assert ask(item, now=at(2025, 4, 22, 9, 30)) == Chase("on_day", at(2025, 4, 22), "reminder", False)


def test_a_stage_missed_by_more_than_the_max_lateness_is_skipped() -> None:
    item = action(DeadlineKind.DATE, due=at(2025, 4, 22, 0))
    # overdue:2 fell at 09:00 on Wed 7 May: owed until 09:00 on Sat 10th (72 hours, weekend or not).
    assert ask(item, now=at(2025, 5, 10, 9)) == Chase("overdue:2", at(2025, 5, 7), "overdue", False)
    assert ask(item, now=at(2025, 5, 10, 9, 1)) == Chase("escalate", at(2025, 5, 14), "escalation", True)
    assert ask(item, now=at(2025, 5, 12, 10)) == Chase("escalate", at(2025, 5, 14), "escalation", True)
    tighter = ChasePolicy(max_lateness_hours=24)
    assert ask(item, now=at(2025, 5, 8, 9, 1), policy=tighter) == Chase("escalate", at(2025, 5, 14), "escalation", True)
    # Cadences skip forward the same way, keeping their number.
    asap = action(DeadlineKind.ASAP, created=at(2025, 4, 17, 14))
    assert ask(asap, now=at(2025, 4, 28, 10)) == Chase("asap:1", at(2025, 4, 30), "checkin", False)


def test_escalation_is_never_skipped_however_late() -> None:
    item = action(DeadlineKind.DATE, due=at(2025, 4, 22, 0))
    history = ChaseHistory(item.created_at, (SentChaser("overdue:2", at(2025, 5, 7)),))
    now = at(2025, 5, 28, 10)
    assert ask(item, history, now=now) == Chase("escalate", at(2025, 5, 14), "escalation", True)
    history = replace(history, sent=(*history.sent, SentChaser("escalate", now)))
    # overdue:3 (21 May) is a week stale: the next is overdue:4 on Thu 29 May.
    assert ask(item, history, now=now) == Chase("overdue:4", at(2025, 5, 29), "overdue", False)


def test_stages_before_one_already_sent_are_never_sent() -> None:
    item = action(DeadlineKind.DATE, due=at(2025, 4, 22, 0))
    history = ChaseHistory(item.created_at, (SentChaser("on_day", at(2025, 4, 22)),))
    # Even with a lateness that would still allow "before".
    generous = ChasePolicy(max_lateness_hours=24 * 60)
    assert ask(item, history, now=at(2025, 4, 23), policy=generous) == Chase(
        "overdue:1", at(2025, 4, 29), "overdue", False
    )


# Closed actions, inputs


@pytest.mark.parametrize("status", [ActionStatus.DONE, ActionStatus.DROPPED])
@pytest.mark.parametrize("kind", list(DeadlineKind))
def test_closed_actions_are_not_chased(status: ActionStatus, kind: DeadlineKind) -> None:
    item = action(kind, due=at(2025, 4, 22, 0), status=status)
    assert ask(item, now=at(2025, 5, 9, 10), next_meeting=at(2025, 5, 20, 10)) is None


def test_naive_times_are_refused() -> None:
    item = action(DeadlineKind.ASAP)
    with pytest.raises(ValueError, match="now"):
        ask(item, now=datetime(2025, 4, 8, 10))
    with pytest.raises(ValueError, match="snoozed_until"):
        ask(item, ChaseHistory(item.created_at, snoozed_until=datetime(2025, 4, 9)), now=at(2025, 4, 8))


# Policy settings


def test_policy_defaults_and_environment() -> None:
    assert ChasePolicy.from_env({}) == ChasePolicy()
    assert POLICY.max_lateness == timedelta(hours=72)
    policy = ChasePolicy.from_env(
        {
            "CHASER_REMIND_BEFORE_DAYS": "2",
            "CHASER_OVERDUE_EVERY_DAYS": " 3 ",
            "CHASER_ESCALATE_AFTER": "1",
            "CHASER_ASAP_FIRST_DAYS": "1",
            "CHASER_ASAP_EVERY_DAYS": "4",
            "CHASER_NEXT_MEETING_BEFORE_DAYS": "2",
            "CHASER_CHECKIN_EVERY_DAYS": "10",
            "CHASER_UNKNOWN_EVERY_DAYS": "",
            "CHASER_MAX_LATENESS_HOURS": "48",
            "CHASER_TIMEZONE": "Europe/London",
        }
    )
    assert policy == ChasePolicy(
        remind_before_days=2,
        overdue_every_days=3,
        escalate_after=1,
        asap_first_days=1,
        asap_every_days=4,
        next_meeting_before_days=2,
        checkin_every_days=10,
        max_lateness_hours=48,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("CHASER_REMIND_BEFORE_DAYS", "-1"),
        ("CHASER_OVERDUE_EVERY_DAYS", "0"),
        ("CHASER_ESCALATE_AFTER", "two"),
        ("CHASER_ASAP_FIRST_DAYS", "2.5"),
        ("CHASER_ASAP_EVERY_DAYS", "999"),
        ("CHASER_CHECKIN_EVERY_DAYS", "1e3"),
        ("CHASER_MAX_LATENESS_HOURS", "0"),
    ],
)
def test_bad_settings_name_their_variable(variable: str, value: str) -> None:
    with pytest.raises(PolicyConfigError, match=variable) as raised:
        ChasePolicy.from_env({variable: value})
    assert isinstance(raised.value, ValueError)


def test_per_chat_overrides_are_validated_the_same_way() -> None:
    base = ChasePolicy.from_env({"CHASER_CHECKIN_EVERY_DAYS": "10"})
    chat = base.with_overrides({"remind_before_days": 5, "CHASER_ESCALATE_AFTER": "3", "asap_every_days": None})
    assert chat == replace(base, remind_before_days=5, escalate_after=3)
    with pytest.raises(PolicyConfigError, match="overdue_every_days"):
        base.with_overrides({"overdue_every_days": 0})
    with pytest.raises(PolicyConfigError, match="remind_before"):
        base.with_overrides({"remind_before": 2})
    with pytest.raises(PolicyConfigError, match="escalate_after"):
        base.with_overrides({"escalate_after": True})
    with pytest.raises(PolicyConfigError, match="unknown_every_days"):
        ChasePolicy(unknown_every_days=0)


def test_a_per_chat_policy_changes_the_schedule() -> None:
    item = action(DeadlineKind.DATE, due=at(2025, 4, 22, 0))
    policy = POLICY.with_overrides({"remind_before_days": 0, "escalate_after": 0})
    history = ChaseHistory(item.created_at)
    assert next_chase(item, history, now=item.created_at, calendar=CALENDAR, policy=policy) == Chase(
        "on_day@2025-04-22", at(2025, 4, 22), "reminder", False
    )
    sent = (SentChaser("on_day@2025-04-22", at(2025, 4, 22)),)
    assert next_chase(item, replace(history, sent=sent), now=at(2025, 4, 22), calendar=CALENDAR, policy=policy) == (
        Chase("escalate@2025-04-22", at(2025, 4, 29), "escalation", True)
    )


# Plan


def test_plan_lists_the_next_fourteen_days_in_order() -> None:
    now, until = at(2025, 4, 14, 8), at(2025, 4, 28, 8)
    dated = action(DeadlineKind.DATE, due=at(2025, 4, 22, 0), action_id="a-date")
    asap = action(DeadlineKind.ASAP, created=at(2025, 4, 10, 11), action_id="b-asap")
    closed = action(DeadlineKind.ASAP, created=at(2025, 4, 10, 11), action_id="c-done", status=ActionStatus.DONE)
    meeting = action(DeadlineKind.NEXT_MEETING, created=at(2025, 4, 11, 15), action_id="d-meet", chat_id="chat-2")
    listed = plan(
        [(a, ChaseHistory(a.created_at)) for a in (dated, asap, closed, meeting)],
        now=now,
        until=until,
        calendar=CALENDAR,
        policy=POLICY,
        next_meeting_by_chat={"chat-1": None, "chat-2": at(2025, 4, 30, 10)},
    )
    assert [(action_id, chase.stage, chase.due_at) for action_id, chase in listed] == [
        ("b-asap", "asap:1", at(2025, 4, 14)),
        ("a-date", "before@2025-04-22", at(2025, 4, 15)),
        ("a-date", "on_day@2025-04-22", at(2025, 4, 22)),
        ("b-asap", "asap:2", at(2025, 4, 23)),
        ("d-meet", "next_meeting:2025-04-30", at(2025, 4, 23)),
    ]


def test_plan_counts_on_from_now_for_a_chaser_already_owed_and_is_bounded() -> None:
    overdue = action(DeadlineKind.DATE, due=at(2025, 4, 22, 0))
    listed = plan(
        [(overdue, ChaseHistory(overdue.created_at))],
        now=at(2025, 5, 9, 10),
        until=at(2025, 5, 23, 10),
        calendar=CALENDAR,
        policy=POLICY,
        next_meeting_by_chat={},
    )
    assert [(c.stage, c.due_at) for _, c in listed] == [
        ("overdue:2@2025-04-22", at(2025, 5, 7)),
        ("escalate@2025-04-22", at(2025, 5, 14)),
        ("overdue:3@2025-04-22", at(2025, 5, 21)),
    ]
    daily = ChasePolicy(checkin_every_days=1)
    ongoing = action(DeadlineKind.ONGOING)
    listed = plan(
        [(ongoing, ChaseHistory(ongoing.created_at))],
        now=ongoing.created_at,
        until=at(2027, 1, 1),
        calendar=CALENDAR,
        policy=daily,
        next_meeting_by_chat={},
    )
    assert len(listed) == 50


# Properties

DATES = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 6, 30), timezones=st.just(LONDON))
STAGES = st.sampled_from(
    [
        "before",
        "on_day",
        "overdue:1",
        "overdue:2",
        "overdue:3",
        "escalate",
        "asap:1",
        "asap:2",
        "checkin:1",
        "unknown:1",
        "unknown:3",
        "weekly:1",
        "next_meeting:2025-06-16",
    ]
)
POLICIES = st.builds(
    ChasePolicy,
    remind_before_days=st.integers(0, 6),
    overdue_every_days=st.integers(1, 7),
    escalate_after=st.integers(0, 3),
    asap_first_days=st.integers(1, 4),
    asap_every_days=st.integers(1, 7),
    next_meeting_before_days=st.integers(1, 7),
    next_meeting_every_days=st.integers(1, 7),
    checkin_every_days=st.integers(1, 25),
    unknown_every_days=st.integers(1, 7),
    max_lateness_hours=st.integers(1, 200),
)


@st.composite
def situations(draw: st.DrawFn) -> tuple[Action, ChaseHistory, datetime, datetime | None, ChasePolicy]:
    kind = draw(st.sampled_from(list(DeadlineKind)))
    logged = draw(DATES)
    due = draw(st.none() | DATES)
    latest = draw(st.none() | DATES)
    item = action(kind, due=due, latest=latest, created=logged)
    now = logged + draw(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=150)))
    sent = draw(st.lists(st.tuples(STAGES, st.floats(0, 1)), max_size=5, unique_by=lambda s: s[0]))
    history = ChaseHistory(
        logged_at=logged,
        sent=tuple(SentChaser(stage, logged + (now - logged) * share) for stage, share in sent),
        snoozed_until=draw(st.none() | st.builds(lambda d: now + d, st.timedeltas(timedelta(0), timedelta(days=40)))),
        last_update_at=draw(st.none() | st.builds(lambda s: logged + (now - logged) * s, st.floats(0, 1))),
    )
    meeting = draw(st.none() | st.builds(lambda d: logged + d, st.timedeltas(timedelta(0), timedelta(days=60))))
    return item, history, now, meeting, draw(POLICIES)


PROPERTIES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTIES
@given(situations())
def test_every_answer_is_a_working_time_not_yet_sent_and_after_any_snooze(
    situation: tuple[Action, ChaseHistory, datetime, datetime | None, ChasePolicy],
) -> None:
    item, history, now, meeting, policy = situation
    chase = next_chase(item, history, now=now, calendar=CALENDAR, policy=policy, next_meeting=meeting)
    assert chase is not None, "an open action is always owed something, sooner or later"
    assert CALENDAR.is_working_time(chase.due_at)
    assert chase.stage not in history.stages
    assert chase.escalate == (chase.kind == "escalation")
    if history.snoozed_until is not None:
        assert chase.due_at >= history.snoozed_until
    again = next_chase(item, history, now=now, calendar=CALENDAR, policy=policy, next_meeting=meeting)
    assert again == chase


@PROPERTIES
@given(situations())
def test_plan_never_repeats_a_stage_and_stays_in_working_time(
    situation: tuple[Action, ChaseHistory, datetime, datetime | None, ChasePolicy],
) -> None:
    item, history, now, meeting, policy = situation
    until = now + timedelta(days=28)
    listed = plan(
        [(item, history)],
        now=now,
        until=until,
        calendar=CALENDAR,
        policy=policy,
        next_meeting_by_chat={item.chat_id: meeting},
    )
    stages = [chase.stage for _, chase in listed]
    assert len(stages) == len(set(stages))
    # The situations' histories hold ids without dates: what was sent before dated ids, read as this target's.
    assert not {undated(stage, item) for stage in stages} & history.stages
    assert all(CALENDAR.is_working_time(chase.due_at) and chase.due_at <= until for _, chase in listed)
    assert [undated(stage, item) for stage in stages].count("escalate") <= 1


@PROPERTIES
@given(situations())
def test_a_sweep_after_any_gap_sends_at_most_the_escalation_and_one_more(
    situation: tuple[Action, ChaseHistory, datetime, datetime | None, ChasePolicy],
) -> None:
    item, history, now, meeting, policy = situation
    now = max(now, history.snoozed_until or now)
    burst: list[Chase] = []
    while (chase := next_chase(item, history, now=now, calendar=CALENDAR, policy=policy, next_meeting=meeting)) and (
        chase.due_at <= now
    ):
        burst.append(chase)
        history = replace(history, sent=(*history.sent, SentChaser(chase.stage, now)))
        assert len(burst) <= 2, burst
    if len(burst) == 2:
        assert undated(burst[0].stage, item) == "escalate"


# Boundaries


def test_the_policy_loads_no_framework() -> None:
    probe = "import json, sys, scheduler.policy\nprint(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = set(json.loads(result.stdout))
    assert not loaded & {"apscheduler", "aiohttp", "botbuilder", "botframework", "sqlalchemy", "msal"}
