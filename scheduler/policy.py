"""The chase policy: given an action, its chase history and the time, which chaser is owed next and when.

Pure: no I/O, no clock of its own (``now`` is passed in), only the standard library, the domain model and the
working calendar. The sweeper stores what ``next_chase`` answers and sends it when it falls; ``plan`` runs the same
rules forward for the secretariat's "/chasers" view.

Schedules (N days are working days; a chaser "on a day" goes at the start of working hours that day)

==========================  ========================  ============================================  ============
Deadline                    Stage ids, in order       When                                          Kind
==========================  ========================  ============================================  ============
date; event with a latest   ``before@D``              target day - remind_before_days (3)           reminder
date (against ``target``    ``on_day@D``              target day; the working day before it when    reminder
or ``latest``; D is its                               the target is not a working day
local date, YYYY-MM-DD)     ``overdue:N@D``           target day + k * overdue_every_days (5)       overdue
                            ``escalate@D``            the slot after escalate_after (2) overdue     escalation
                                                      slots; once per target date, then overdue
                                                      goes on every 5 days (N counts overdue
                                                      chasers only: 1, 2, escalate, 3, 4, ...)
asap                        ``asap:N``                the first asap_first_days (2) after logging   checkin
                                                      (or an update before it), then
                                                      asap_every_days (5) after the last chaser or
                                                      progress update
next_meeting, meeting       ``next_meeting:<date>``   next_meeting_before_days (5) before the       reminder
known                       (the meeting's local      meeting's day; if that fell before the action
                            date, YYYY-MM-DD)         was logged, the working day before the
                                                      meeting; owed until the meeting starts
next_meeting, no meeting    ``weekly:N``              next_meeting_every_days (5) after logging,    checkin
known, or its reminder                                the last chaser, the last progress update or
sent or no room for one                               the known meeting, whichever is latest
event without a latest      ``checkin:N``             checkin_every_days (20) after logging, the    checkin
date; ongoing                                         last chaser or the last progress update
unknown; date with no date  ``unknown:N``             unknown_every_days (5) after logging or the   set_deadline
                                                      last chaser (an update does not reset it: the
                                                      question is the deadline, not progress)
==========================  ========================  ============================================  ============

Every cadence (asap, checkin, weekly, unknown) escalates too: after escalate_after (2) of its chasers that nobody
answered (a progress update, a snooze or a review answers), the next one is ``escalate:<cadence>:N`` (kind
escalation) to the Secretariat, once until the next answer; then the owner's cadence goes on.

Catch-up and other rules

=============================================  ==================================================================
Situation                                      Answer
=============================================  ==================================================================
action not open                                ``None``: only open actions are chased
stage fell before the action was logged        not owed (the meeting that logged it was the reminder)
several stages have fallen (an outage)         only the LATEST of them, once; the earlier ones are superseded and
                                               never sent, nor is any stage ordered before one already sent
latest fallen stage is older than              skipped: the next stage is answered at its own (future) time
  max_lateness_hours (72)
``escalate`` has fallen                        always answered, however late, and ahead of later overdue stages;
                                               the overdue stages that follow it are then judged as above
``next_meeting:…`` has fallen                  owed until the meeting starts (not max_lateness), then lapses
``snoozed_until`` set                          every stage falls at the later of its own time and the snooze end;
                                               lateness counts from that time; stages that the snooze gathers at
                                               the same moment go as one (the latest, or the escalation)
progress update (``last_update_at``)           restarts the asap, check-in and weekly cadences from the update;
                                               date stages stay pinned to the target
restart (``since``: a review carried it       nothing is owed before it; cadences count from it; a date already
  forward, or imported history's calm ended)   passed gets a new overdue sequence from that day (ids marked
                                               ``~<day>``) that escalates again; the unanswered count restarts
every time answered                            passed through ``calendar.next_working_time``
=============================================  ==================================================================

Counting: escalation follows escalate_after overdue *slots* that fell after logging, whether or not an outage or a
snooze kept their messages from going. Stage ids are deterministic given the history (cadence ids number on from
the highest already sent), so the sweeper's "a stage is never sent twice" holds across replans. Dated stage ids carry
the target's local date, so a deadline that moves is chased afresh against its new date (reminded before it and on
it, escalated again if it goes stale), while moving it back to a date already chased sends nothing twice. Ids
recorded before they carried dates ("before", "overdue:2") count as the current date's, so an upgrade resends
nothing.
``max_lateness`` counts wall-clock hours, weekends included.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from bot.register.calendar import WorkingCalendar
from bot.register.chasing import chase_since
from bot.register.model import Action
from scheduler.policy_settings import ChasePolicy, PolicyConfigError
from scheduler.stages import Candidate, ChaseHistory, SentChaser, candidates, require_aware

__all__ = [
    "Chase",
    "ChaseHistory",
    "ChasePolicy",
    "PolicyConfigError",
    "SentChaser",
    "history_for",
    "next_chase",
    "plan",
]

MAX_PER_ACTION = 50


def history_for(
    action: Action,
    sent: Iterable[tuple[str, datetime]],
    *,
    snoozed_until: datetime | None,
    last_update_at: datetime | None,
    calendar: WorkingCalendar,
) -> ChaseHistory:
    """An action's chase history as the policy reads it, from what the store keeps."""
    return ChaseHistory(
        logged_at=action.created_at,
        sent=tuple(SentChaser(stage, at) for stage, at in sent),
        snoozed_until=snoozed_until,
        last_update_at=last_update_at,
        since=chase_since(action, calendar),
    )


@dataclass(frozen=True)
class Chase:
    """The next chaser owed: ``due_at`` in the past means owed now."""

    stage: str
    due_at: datetime
    kind: str
    escalate: bool


def _choose(
    candidates: Iterable[Candidate],
    *,
    now: datetime,
    snoozed_until: datetime | None,
    calendar: WorkingCalendar,
    policy: ChasePolicy,
) -> Chase | None:
    """Apply the catch-up rules to candidates in order. Their times never decrease, which is what lets an
    unending cadence be read only as far as the first stage after ``now``."""
    latest_due: tuple[Candidate, datetime] | None = None
    escalation_due: tuple[Candidate, datetime] | None = None
    upcoming: tuple[Candidate, datetime] | None = None
    for candidate in candidates:
        at = candidate.at if snoozed_until is None else max(candidate.at, snoozed_until)
        at = calendar.next_working_time(at)
        if candidate.lapses_at is not None and (now >= candidate.lapses_at or at >= candidate.lapses_at):
            continue
        if at <= now:
            latest_due = (candidate, at)
            if candidate.escalate and escalation_due is None:
                escalation_due = latest_due
            continue
        if upcoming is not None and at > upcoming[1]:
            break
        # Several stages gathered at one moment (by a snooze) go as one: the latest, unless one escalates.
        if upcoming is None or not upcoming[0].escalate:
            upcoming = (candidate, at)
    chosen = escalation_due
    if chosen is None and latest_due is not None:
        candidate, at = latest_due
        if candidate.lapses_at is not None or now - at <= policy.max_lateness:
            chosen = latest_due
    if chosen is None:
        chosen = upcoming
    if chosen is None:
        return None
    candidate, at = chosen
    return Chase(stage=candidate.stage, due_at=at, kind=candidate.kind, escalate=candidate.escalate)


def next_chase(
    action: Action,
    history: ChaseHistory,
    *,
    now: datetime,
    calendar: WorkingCalendar,
    policy: ChasePolicy,
    next_meeting: datetime | None = None,
) -> Chase | None:
    """The next chaser owed for ``action`` and not yet sent, or None when nothing is owed (the action is closed).

    ``next_meeting`` is the start of the chat's next known meeting, for "by the next meeting" actions.
    """
    require_aware(now, "now")
    require_aware(history.logged_at, "logged_at")
    require_aware(history.snoozed_until, "snoozed_until")
    require_aware(history.last_update_at, "last_update_at")
    require_aware(next_meeting, "next_meeting")
    for sent in history.sent:
        require_aware(sent.at, f"sent {sent.stage}")
    if not action.status.is_open:
        return None
    found = candidates(action, history, now=now, calendar=calendar, policy=policy, next_meeting=next_meeting)
    return _choose(found, now=now, snoozed_until=history.snoozed_until, calendar=calendar, policy=policy)


def plan(
    actions_with_history: Iterable[tuple[Action, ChaseHistory]],
    *,
    now: datetime,
    until: datetime,
    calendar: WorkingCalendar,
    policy: ChasePolicy,
    next_meeting_by_chat: Mapping[str, datetime | None] | None = None,
    per_action: int = MAX_PER_ACTION,
) -> list[tuple[str, Chase]]:
    """Every chaser that falls by ``until``, assuming each goes on time: (action id, chase), soonest first.

    A chaser already owed is taken to go at ``now`` (that is when the sweeper sends it), so the cadences after it
    count from ``now``; its ``due_at`` is reported as the policy answers it, in the past.
    """
    meetings = next_meeting_by_chat or {}
    planned: list[tuple[str, Chase]] = []
    for action, history in actions_with_history:
        at = now
        for _ in range(per_action):
            chase = next_chase(
                action,
                history,
                now=at,
                calendar=calendar,
                policy=policy,
                next_meeting=meetings.get(action.chat_id),
            )
            if chase is None or chase.due_at > until:
                break
            planned.append((action.id, chase))
            at = max(at, chase.due_at)
            history = replace(history, sent=(*history.sent, SentChaser(chase.stage, at)))
    return sorted(planned, key=lambda item: (item[1].due_at, item[0]))
