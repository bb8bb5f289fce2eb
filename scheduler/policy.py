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

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, timedelta

from bot.register.calendar import WorkingCalendar
from bot.register.model import Action, DeadlineKind

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

KIND_REMINDER = "reminder"
KIND_OVERDUE = "overdue"
KIND_ESCALATION = "escalation"
KIND_CHECKIN = "checkin"
KIND_SET_DEADLINE = "set_deadline"

MAX_PER_ACTION = 50
ENV_PREFIX = "CHASER_"

_WORKING_YEAR = 260
_INTEGER = re.compile(r"[+-]?[0-9]+")
# Bounds the walk back to a working day, so a calendar without working days fails loudly instead of spinning.
_MAX_DAYS_BACK = 400


class PolicyConfigError(ValueError):
    """A chase policy setting that cannot be used; the message names the variable or setting."""


# (least, most) for each setting. Zero lateness would drop a chaser swept a second after it fell.
_BOUNDS: dict[str, tuple[int, int]] = {
    "remind_before_days": (0, _WORKING_YEAR),
    "overdue_every_days": (1, _WORKING_YEAR),
    "escalate_after": (0, 50),
    "asap_first_days": (1, _WORKING_YEAR),
    "asap_every_days": (1, _WORKING_YEAR),
    "next_meeting_before_days": (1, _WORKING_YEAR),
    "next_meeting_every_days": (1, _WORKING_YEAR),
    "checkin_every_days": (1, _WORKING_YEAR),
    "unknown_every_days": (1, _WORKING_YEAR),
    "max_lateness_hours": (1, 24 * 366),
}


def _setting(name: str, raw: object) -> int:
    # bool is an int to Python, but a per-chat form that sends True for a number of days has a bug worth seeing.
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and _INTEGER.fullmatch(raw.strip()):
        return int(raw.strip())
    raise PolicyConfigError(f"{name}: expected a whole number, got {raw!r}")


@dataclass(frozen=True)
class ChasePolicy:
    """How hard to chase. Defaults here; ``from_env`` for the deployment, ``with_overrides`` for one chat."""

    remind_before_days: int = 3
    overdue_every_days: int = 5
    escalate_after: int = 2
    asap_first_days: int = 2
    asap_every_days: int = 5
    next_meeting_before_days: int = 5
    next_meeting_every_days: int = 5
    checkin_every_days: int = 20
    unknown_every_days: int = 5
    max_lateness_hours: int = 72

    def __post_init__(self) -> None:
        for item in fields(self):
            self._check(item.name, item.name, getattr(self, item.name))

    @staticmethod
    def _check(label: str, field_name: str, raw: object) -> int:
        value = _setting(label, raw)
        least, most = _BOUNDS[field_name]
        if not least <= value <= most:
            raise PolicyConfigError(f"{label}: must be between {least} and {most}, got {value}")
        return value

    @staticmethod
    def env_name(field_name: str) -> str:
        return ENV_PREFIX + field_name.upper()

    @property
    def max_lateness(self) -> timedelta:
        return timedelta(hours=self.max_lateness_hours)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> ChasePolicy:
        """Read ``CHASER_<SETTING>`` variables (e.g. ``CHASER_REMIND_BEFORE_DAYS=3``); unset or empty keeps the
        default."""
        values: dict[str, int] = {}
        for item in fields(cls):
            variable = cls.env_name(item.name)
            raw = env.get(variable)
            if raw is None or not raw.strip():
                continue
            values[item.name] = cls._check(variable, item.name, raw)
        return cls(**values)

    def with_overrides(self, overrides: Mapping[str, object]) -> ChasePolicy:
        """This policy with one chat's settings on top. Keys are setting names (``remind_before_days``) or their
        variables (``CHASER_REMIND_BEFORE_DAYS``); a None value leaves the setting as it is. Unknown keys are errors,
        so a misspelt setting is not silently ignored."""
        by_key = {item.name: item.name for item in fields(self)}
        by_key.update({self.env_name(item.name): item.name for item in fields(self)})
        values: dict[str, int] = {}
        for key, raw in overrides.items():
            field_name = by_key.get(key)
            if field_name is None:
                raise PolicyConfigError(f"{key}: not a chase policy setting")
            if raw is None:
                continue
            values[field_name] = self._check(key, field_name, raw)
        return replace(self, **values)


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

    @property
    def stages(self) -> frozenset[str]:
        return frozenset(s.stage for s in self.sent)

    @property
    def last_sent_at(self) -> datetime | None:
        return max((s.at for s in self.sent), default=None)


@dataclass(frozen=True)
class Chase:
    """The next chaser owed: ``due_at`` in the past means owed now."""

    stage: str
    due_at: datetime
    kind: str
    escalate: bool


@dataclass(frozen=True)
class _Candidate:
    stage: str
    kind: str
    at: datetime
    escalate: bool = False
    # A reminder for a meeting is worth sending right up to the meeting, and worthless after.
    lapses_at: datetime | None = None


def _require_aware(value: datetime | None, name: str) -> None:
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
    highest = 0
    for stage in history.stages:
        head, _, tail = stage.partition(":")
        if head == prefix and tail.isdigit():
            highest = max(highest, int(tail))
    return highest + 1


def _cadence(
    prefix: str,
    kind: str,
    history: ChaseHistory,
    calendar: WorkingCalendar,
    *,
    first_days: int,
    every_days: int,
    anchors: Iterable[datetime | None],
) -> Iterator[_Candidate]:
    """One stage id, and the times it would fall if each earlier one went on time (for the catch-up rules)."""
    stage = f"{prefix}:{_index_after(history, prefix)}"
    anchor = max(a for a in (history.logged_at, history.last_sent_at, *anchors) if a is not None)
    # Starting from a working moment makes "N working days after" unambiguous for evenings and weekends.
    day = _local_day(calendar, calendar.next_working_time(anchor))
    day = calendar.add_working_days(day, first_days if _index_after(history, prefix) == 1 else every_days)
    while True:
        yield _Candidate(stage, kind, _morning(calendar, day))
        day = calendar.add_working_days(day, every_days)


def _escalation_slot(day: date, logged_at: datetime, calendar: WorkingCalendar, policy: ChasePolicy) -> int:
    slot, slot_day = 1, calendar.add_working_days(day, policy.overdue_every_days)
    while _morning(calendar, slot_day) < logged_at:
        slot, slot_day = slot + 1, calendar.add_working_days(slot_day, policy.overdue_every_days)
    return slot + policy.escalate_after


def _dated(
    target: datetime, history: ChaseHistory, calendar: WorkingCalendar, policy: ChasePolicy
) -> Iterator[_Candidate]:
    day = _working_day_on_or_before(calendar, _local_day(calendar, target))
    escalation = _escalation_slot(day, history.logged_at, calendar, policy)
    tag = _local_day(calendar, target).isoformat()

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

    def sequence() -> Iterator[tuple[int, _Candidate]]:
        if policy.remind_before_days:
            before = calendar.add_working_days(day, -policy.remind_before_days)
            yield 0, _Candidate(BEFORE, KIND_REMINDER, _morning(calendar, before))
        yield 1, _Candidate(ON_DAY, KIND_REMINDER, _morning(calendar, day))
        slot, slot_day = 0, day
        while True:
            slot, slot_day = slot + 1, calendar.add_working_days(slot_day, policy.overdue_every_days)
            at = _morning(calendar, slot_day)
            if slot == escalation:
                yield 1 + slot, _Candidate(ESCALATE, KIND_ESCALATION, at, escalate=True)
            else:
                yield 1 + slot, _Candidate(f"{OVERDUE}:{overdue_number(slot)}", KIND_OVERDUE, at)

    for position, candidate in sequence():
        if position > done and candidate.stage not in sent and candidate.at >= history.logged_at:
            yield replace(candidate, stage=f"{candidate.stage}{_TARGET_MARK}{tag}")


def _sent_for_target(history: ChaseHistory, tag: str) -> set[str]:
    """The dated stages sent for this target date, without their date. Ids from before stages carried the date
    (no mark) count as this target's, so an upgrade resends nothing."""
    sent = set()
    for stage in history.stages:
        name, mark, day = stage.partition(_TARGET_MARK)
        if not mark or day == tag:
            sent.add(name)
    return sent


def _meeting_reminder(
    meeting: datetime, history: ChaseHistory, calendar: WorkingCalendar, policy: ChasePolicy
) -> _Candidate | None:
    meeting_day = _working_day_on_or_before(calendar, _local_day(calendar, meeting))
    stage = f"{NEXT_MEETING}:{_local_day(calendar, meeting).isoformat()}"
    if stage in history.stages:
        return None
    for days in (policy.next_meeting_before_days, 1):
        at = _morning(calendar, calendar.add_working_days(meeting_day, -days))
        if history.logged_at <= at < meeting:
            return _Candidate(stage, KIND_REMINDER, at, lapses_at=meeting)
    return None


def _next_meeting(
    history: ChaseHistory,
    calendar: WorkingCalendar,
    policy: ChasePolicy,
    *,
    now: datetime,
    meeting: datetime | None,
) -> Iterator[_Candidate]:
    if meeting is not None and meeting > now:
        reminder = _meeting_reminder(meeting, history, calendar, policy)
        if reminder is not None:
            yield reminder
    yield from _cadence(
        WEEKLY,
        KIND_CHECKIN,
        history,
        calendar,
        first_days=policy.next_meeting_every_days,
        every_days=policy.next_meeting_every_days,
        anchors=(history.last_update_at, meeting),
    )


def _candidates(
    action: Action,
    history: ChaseHistory,
    *,
    now: datetime,
    calendar: WorkingCalendar,
    policy: ChasePolicy,
    next_meeting: datetime | None,
) -> Iterator[_Candidate]:
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
            first_days=policy.checkin_every_days,
            every_days=policy.checkin_every_days,
            anchors=(history.last_update_at,),
        )
    return _cadence(
        UNKNOWN,
        KIND_SET_DEADLINE,
        history,
        calendar,
        first_days=policy.unknown_every_days,
        every_days=policy.unknown_every_days,
        anchors=(),
    )


def _choose(
    candidates: Iterable[_Candidate],
    *,
    now: datetime,
    snoozed_until: datetime | None,
    calendar: WorkingCalendar,
    policy: ChasePolicy,
) -> Chase | None:
    """Apply the catch-up rules to candidates in order. Their times never decrease, which is what lets an
    unending cadence be read only as far as the first stage after ``now``."""
    latest_due: tuple[_Candidate, datetime] | None = None
    escalation_due: tuple[_Candidate, datetime] | None = None
    upcoming: tuple[_Candidate, datetime] | None = None
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
    _require_aware(now, "now")
    _require_aware(history.logged_at, "logged_at")
    _require_aware(history.snoozed_until, "snoozed_until")
    _require_aware(history.last_update_at, "last_update_at")
    _require_aware(next_meeting, "next_meeting")
    for sent in history.sent:
        _require_aware(sent.at, f"sent {sent.stage}")
    if not action.status.is_open:
        return None
    candidates = _candidates(action, history, now=now, calendar=calendar, policy=policy, next_meeting=next_meeting)
    return _choose(candidates, now=now, snoozed_until=history.snoozed_until, calendar=calendar, policy=policy)


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
