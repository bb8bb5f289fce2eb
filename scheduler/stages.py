"""The stages of chasing an action, by deadline kind: which chasers would fall when (scheduler/policy.py chooses).

Each generator yields candidates in time order; a stage id is deterministic given the history, so a stage is never
sent twice across replans.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from bot.register.calendar import WorkingCalendar
from bot.register.model import Action, DeadlineKind
from scheduler.policy_settings import ChasePolicy

BEFORE = "before"
ON_DAY = "on_day"
OVERDUE = "overdue"
ESCALATE = "escalate"
ASAP = "asap"
CHECKIN = "checkin"
UNKNOWN = "unknown"
NEXT_MEETING = "next_meeting"
WEEKLY = "weekly"
# Dated stages carry the target's local date ("on_day@2025-06-30"): a deadline that moves is chased afresh.
_TARGET_MARK = "@"
# A restarted overdue sequence carries the day it restarted too ("overdue:1@2025-06-30~2025-07-14").
_RESTART_MARK = "~"

KIND_REMINDER = "reminder"
KIND_OVERDUE = "overdue"
KIND_ESCALATION = "escalation"
KIND_CHECKIN = "checkin"
KIND_SET_DEADLINE = "set_deadline"

# Bounds the walk back to a working day, so a calendar without working days fails loudly instead of spinning.
_MAX_DAYS_BACK = 400


@dataclass(frozen=True)
class SentChaser:
    stage: str
    at: datetime


@dataclass(frozen=True)
class ChaseHistory:
    """What the policy needs to know about an action's chasing so far. All times timezone-aware."""

    logged_at: datetime
    sent: tuple[SentChaser, ...] = ()
    snoozed_until: datetime | None = None
    last_update_at: datetime | None = None
    # Chasing starts again here: the chair reviewed the action (carried it forward), or imported history's calm
    # ended. Nothing is owed before it, and escalation counts from it.
    since: datetime | None = None

    @property
    def stages(self) -> frozenset[str]:
        return frozenset(s.stage for s in self.sent)

    @property
    def start(self) -> datetime:
        """When chasing counts from: the logging, or a later restart."""
        return max(self.logged_at, self.since) if self.since is not None else self.logged_at

    @property
    def answered_at(self) -> datetime:
        """The owner's (or the chair's) last answer: a progress update, the end of a snooze, a review."""
        return max(a for a in (self.start, self.last_update_at, self.snoozed_until) if a is not None)

    @property
    def last_sent_at(self) -> datetime | None:
        return max((s.at for s in self.sent), default=None)


@dataclass(frozen=True)
class Candidate:
    stage: str
    kind: str
    at: datetime
    escalate: bool = False
    # A reminder for a meeting is worth sending right up to the meeting, and worthless after.
    lapses_at: datetime | None = None


def require_aware(value: datetime | None, name: str) -> None:
    if value is not None and value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")


def _local_day(calendar: WorkingCalendar, at: datetime) -> date:
    return at.astimezone(calendar.tz).date()


def _working_day_on_or_before(calendar: WorkingCalendar, day: date) -> date:
    for _ in range(_MAX_DAYS_BACK):
        if calendar.is_working_day(day):
            return day
        day -= timedelta(days=1)
    raise ValueError(f"no working day in the {_MAX_DAYS_BACK} days before {day}")


def _morning(calendar: WorkingCalendar, day: date) -> datetime:
    return calendar.next_working_time(calendar.at_start_of_day(day))


def _index_after(history: ChaseHistory, prefix: str) -> int:
    """The number for the next ``prefix:N`` stage: one past the highest sent, so a lapsed number is reused and a
    sent one never is."""
    numbers = (_numbered(stage, prefix) for stage in history.stages)
    return max((n for n in numbers if n is not None), default=0) + 1


def _cadence(
    prefix: str,
    kind: str,
    history: ChaseHistory,
    calendar: WorkingCalendar,
    policy: ChasePolicy,
    *,
    first_days: int,
    every_days: int,
    anchors: Iterable[datetime | None],
) -> Iterator[Candidate]:
    """One stage id, and the times it would fall if each earlier one went on time (for the catch-up rules).

    After ``escalate_after`` chasers of the cadence that nobody answered, the next one goes to the Secretariat
    instead (``escalate:<prefix>:N``), once until the owner (or a review) answers; then the cadence goes on."""
    index = _index_after(history, prefix)
    stage, stage_kind, escalate = f"{prefix}:{index}", kind, False
    if _unanswered(history, prefix) >= policy.escalate_after and not _escalated_since_answer(history, prefix):
        escalation = f"{ESCALATE}:{prefix}"
        stage, stage_kind, escalate = f"{escalation}:{_index_after(history, escalation)}", KIND_ESCALATION, True
    anchor = max(a for a in (history.start, history.last_sent_at, *anchors) if a is not None)
    # Starting from a working moment makes "N working days after" unambiguous for evenings and weekends.
    day = _local_day(calendar, calendar.next_working_time(anchor))
    day = calendar.add_working_days(day, first_days if index == 1 else every_days)
    while True:
        yield Candidate(stage, stage_kind, _morning(calendar, day), escalate=escalate)
        day = calendar.add_working_days(day, every_days)


def _unanswered(history: ChaseHistory, prefix: str) -> int:
    """Chasers of this cadence sent since the last answer."""
    answered = history.answered_at
    return sum(1 for s in history.sent if s.at > answered and _numbered(s.stage, prefix) is not None)


def _escalated_since_answer(history: ChaseHistory, prefix: str) -> bool:
    answered = history.answered_at
    escalation = f"{ESCALATE}:{prefix}"
    return any(s.at > answered and _numbered(s.stage, escalation) is not None for s in history.sent)


def _numbered(stage: str, prefix: str) -> int | None:
    """N for a stage id "<prefix>:N", else None."""
    head, _, tail = stage.rpartition(":")
    return int(tail) if head == prefix and tail.isdigit() else None


def _escalation_slot(day: date, logged_at: datetime, calendar: WorkingCalendar, policy: ChasePolicy) -> int:
    slot, slot_day = 1, calendar.add_working_days(day, policy.overdue_every_days)
    while _morning(calendar, slot_day) < logged_at:
        slot, slot_day = slot + 1, calendar.add_working_days(slot_day, policy.overdue_every_days)
    return slot + policy.escalate_after


def _dated(
    target: datetime, history: ChaseHistory, calendar: WorkingCalendar, policy: ChasePolicy
) -> Iterator[Candidate]:
    day = _working_day_on_or_before(calendar, _local_day(calendar, target))
    start = history.start
    tag = _local_day(calendar, target).isoformat()
    grid = day
    if start > history.logged_at and start > _morning(calendar, day):
        # Reviewed (or released from an import's calm) after the target passed: the overdue sequence starts again
        # from that day, under ids of its own, and escalates again if it goes stale.
        grid = _local_day(calendar, start)
        tag = f"{tag}{_RESTART_MARK}{grid.isoformat()}"
    escalation = _escalation_slot(grid, start, calendar, policy)

    def overdue_number(slot: int) -> int:
        return slot if slot < escalation else slot - 1

    def rank(stage: str) -> int | None:
        head, _, tail = stage.partition(":")
        if stage == BEFORE:
            return 0
        if stage == ON_DAY:
            return 1
        if stage == ESCALATE:
            return 1 + escalation
        if head == OVERDUE and tail.isdigit():
            number = int(tail)
            return 1 + (number if number < escalation else number + 1)
        return None

    sent = _sent_for_target(history, tag)
    # A stage ordered before one already sent is superseded: after an outage the sequence only moves forward.
    done = max((r for r in map(rank, sent) if r is not None), default=-1)

    def sequence() -> Iterator[tuple[int, Candidate]]:
        if policy.remind_before_days:
            before = calendar.add_working_days(day, -policy.remind_before_days)
            yield 0, Candidate(BEFORE, KIND_REMINDER, _morning(calendar, before))
        yield 1, Candidate(ON_DAY, KIND_REMINDER, _morning(calendar, day))
        slot, slot_day = 0, grid
        while True:
            slot, slot_day = slot + 1, calendar.add_working_days(slot_day, policy.overdue_every_days)
            at = _morning(calendar, slot_day)
            if slot == escalation:
                yield 1 + slot, Candidate(ESCALATE, KIND_ESCALATION, at, escalate=True)
            else:
                yield 1 + slot, Candidate(f"{OVERDUE}:{overdue_number(slot)}", KIND_OVERDUE, at)

    for position, candidate in sequence():
        if position > done and candidate.stage not in sent and candidate.at >= start:
            yield replace(candidate, stage=f"{candidate.stage}{_TARGET_MARK}{tag}")


def _sent_for_target(history: ChaseHistory, tag: str) -> set[str]:
    """The dated stages sent for this target date, without their date. Ids from before stages carried the date
    (no mark) count as this target's, so an upgrade resends nothing."""
    sent = set()
    for stage in history.stages:
        name, mark, day = stage.partition(_TARGET_MARK)
        if day == tag or (not mark and _RESTART_MARK not in tag):
            sent.add(name)
    return sent


def _meeting_reminder(
    meeting: datetime, history: ChaseHistory, calendar: WorkingCalendar, policy: ChasePolicy
) -> Candidate | None:
    meeting_day = _working_day_on_or_before(calendar, _local_day(calendar, meeting))
    stage = f"{NEXT_MEETING}:{_local_day(calendar, meeting).isoformat()}"
    if stage in history.stages:
        return None
    for days in (policy.next_meeting_before_days, 1):
        at = _morning(calendar, calendar.add_working_days(meeting_day, -days))
        if history.start <= at < meeting:
            return Candidate(stage, KIND_REMINDER, at, lapses_at=meeting)
    return None


def _next_meeting(
    history: ChaseHistory,
    calendar: WorkingCalendar,
    policy: ChasePolicy,
    *,
    now: datetime,
    meeting: datetime | None,
) -> Iterator[Candidate]:
    if meeting is not None and meeting > now:
        reminder = _meeting_reminder(meeting, history, calendar, policy)
        if reminder is not None:
            yield reminder
    yield from _cadence(
        WEEKLY,
        KIND_CHECKIN,
        history,
        calendar,
        policy,
        first_days=policy.next_meeting_every_days,
        every_days=policy.next_meeting_every_days,
        anchors=(history.last_update_at, meeting),
    )


def candidates(
    action: Action,
    history: ChaseHistory,
    *,
    now: datetime,
    calendar: WorkingCalendar,
    policy: ChasePolicy,
    next_meeting: datetime | None,
) -> Iterator[Candidate]:
    deadline = action.deadline
    kind = deadline.kind
    if kind is DeadlineKind.DATE and deadline.target is not None:
        return _dated(deadline.target, history, calendar, policy)
    if kind is DeadlineKind.EVENT and deadline.latest is not None:
        return _dated(deadline.latest, history, calendar, policy)
    if kind is DeadlineKind.ASAP:
        return _cadence(
            ASAP,
            KIND_CHECKIN,
            history,
            calendar,
            policy,
            first_days=policy.asap_first_days,
            every_days=policy.asap_every_days,
            anchors=(history.last_update_at,),
        )
    if kind is DeadlineKind.NEXT_MEETING:
        return _next_meeting(history, calendar, policy, now=now, meeting=next_meeting)
    if kind in (DeadlineKind.EVENT, DeadlineKind.ONGOING):
        return _cadence(
            CHECKIN,
            KIND_CHECKIN,
            history,
            calendar,
            policy,
            first_days=policy.checkin_every_days,
            every_days=policy.checkin_every_days,
            anchors=(history.last_update_at,),
        )
    return _cadence(
        UNKNOWN,
        KIND_SET_DEADLINE,
        history,
        calendar,
        policy,
        first_days=policy.unknown_every_days,
        every_days=policy.unknown_every_days,
        anchors=(),
    )
