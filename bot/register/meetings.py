"""The meeting lifecycle: a chat is a series, each start and end a sitting (occurrence). At the end, the Summary of
Actions; at the next start, matters arising from the last one, for the chair to review."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from bot.register.commands import MAX_ACTION_TEXT, ActionDraft
from bot.register.email_address import read_email
from bot.register.errors import InvalidInput, NotFound
from bot.register.model import (
    Action,
    ActionChanges,
    ActionStatus,
    AuditEvent,
    Deadline,
    DeadlineKind,
    Occurrence,
    Owner,
    Person,
    Surface,
)
from bot.register.ports import Clock, MeetingStore
from bot.register.report import KINDS as REPORT_KINDS
from bot.register.report import ReportItem, report_back
from bot.register.service import ActionRegister, ChatContext, Outcome

CARRIED_FORWARD = "carried_forward"
REMOVED = "removed"
# A summary card lists at most this many new actions and this many earlier ones reported back; the export has all.
MAX_SUMMARY_ROWS = 400
MAX_REPORT_ROWS = 150
# Matters arising put before the chair at most: six cards of 25, inside Teams' 60 messages in 30 s per chat. A
# register with thousands open would otherwise post hundreds of cards for minutes.
MAX_REVIEW_ROWS = 150
# How an occurrence that imported minutes made is marked (bot/store/sql/meetings.py past_occurrence).
IMPORTED = "import"


@dataclass(frozen=True)
class PastAction:
    """An action found in minutes: as written there."""

    no: int | None
    text: str
    owner: str | None
    deadline_text: str | None
    # Closed in the minutes' own tracker: kept in the register as done, never chased.
    done: bool = False


MAX_REASON = 500


@dataclass(frozen=True)
class Summary:
    """A sitting's Summary of Actions: what became of earlier actions since the last sitting (the report back), then
    the actions logged in this one."""

    occurrence: Occurrence
    actions: list[Action]
    # The last sitting before this one, and what became of the actions open when it ended (bot.register.report).
    previous: Occurrence | None = None
    report: tuple[ReportItem, ...] = ()
    # Left off the card to keep it readable (the export has everything).
    more_actions: int = 0
    more_report: int = 0
    # The series' next sitting, when one is known after this one (a date set for this very sitting is spent).
    next_meeting: datetime | None = None
    # Roles that own open actions here and that nobody holds: their reminders would go to whoever logged them.
    unheld: tuple[str, ...] = ()
    # When each of the chat's meetings started (the report's numbers carry their meeting's date).
    meeting_starts: dict[str, datetime] = field(default_factory=dict)

    @property
    def listed(self) -> list[Action]:
        return [*self.actions, *(item.action for item in self.report)]

    @property
    def waits_for_next_meeting(self) -> bool:
        """Actions due "Before next meeting" with no next meeting known: chased by check-ins, not against a date."""
        due_then = any(a.deadline.kind is DeadlineKind.NEXT_MEETING and a.status.is_open for a in self.listed)
        return due_then and self.next_meeting is None


@dataclass(frozen=True)
class Review:
    """Matters arising: the actions of the series that were open when the previous sitting ended."""

    occurrence: Occurrence
    previous: Occurrence | None
    actions: list[Action]
    # Those this sitting's review has already carried forward.
    carried: frozenset[str] = frozenset()
    # How many there are: `actions` are the first MAX_REVIEW_ROWS of them (the rest are in the export).
    total: int = 0

    @property
    def more(self) -> int:
        return max(0, self.total - len(self.actions))


class Meetings:
    def __init__(self, store: MeetingStore, register: ActionRegister, clock: Clock) -> None:
        self.store = store
        self.register = register
        self.clock = clock

    async def started(
        self,
        chat: ChatContext,
        *,
        started_at: datetime | None = None,
        organiser_aad_id: str | None = None,
        scheduled_start: datetime | None = None,
    ) -> Review:
        occurrence = await self.store.start_occurrence(
            chat.chat_id,
            meeting_id=chat.meeting_id,
            title=chat.title,
            started_at=started_at or self.clock.now(),
            organiser_aad_id=organiser_aad_id,
            scheduled_start=scheduled_start,
        )
        return await self._review_of(occurrence)

    async def ended(self, chat: ChatContext, *, ended_at: datetime | None = None) -> Occurrence | None:
        return await self.store.end_occurrence(chat.chat_id, ended_at=ended_at or self.clock.now(), title=chat.title)

    async def claim(self, occurrence: Occurrence, what: str) -> bool:
        """Only the first caller may post a sitting's summary (or review): repeated events post nothing new."""
        return await self.store.claim_posting(occurrence.id, what, self.clock.now())

    async def release(self, occurrence: Occurrence, what: str) -> None:
        await self.store.release_posting(occurrence.id, what)

    async def summary(self, chat_id: str, occurrence: Occurrence | None = None) -> Summary:
        occurrence = occurrence or await self.store.latest_occurrence(chat_id)
        if occurrence is None:
            raise NotFound("error.meeting.none")
        logged = await self.store.occurrence_actions(occurrence.id, limit=MAX_SUMMARY_ROWS + 1)
        more = 0
        if len(logged) > MAX_SUMMARY_ROWS:
            more = await self.store.count_occurrence_actions(occurrence.id) - MAX_SUMMARY_ROWS
            logged = logged[:MAX_SUMMARY_ROWS]
        logged = [a for a in logged if a.status.value != REMOVED]
        previous = await self.store.previous_occurrence(occurrence)
        report: list[ReportItem] = []
        more_report = 0
        if previous is not None and previous.ended_at is not None:
            arising = await self.store.arising(
                chat_id, before=occurrence, since=previous.ended_at, limit=MAX_REPORT_ROWS + 1
            )
            if len(arising) > MAX_REPORT_ROWS:
                more_report = await self.store.count_arising(chat_id, before=occurrence, since=previous.ended_at)
                more_report -= MAX_REPORT_ROWS
                arising = arising[:MAX_REPORT_ROWS]
            events = await self.store.events_of([a.id for a in arising], since=previous.ended_at, kinds=REPORT_KINDS)
            report = report_back(arising, events, sitting=occurrence)
        following = await self.store.next_meeting(chat_id)
        tz = self.register.tz
        if following is not None and following.astimezone(tz).date() <= occurrence.started_at.astimezone(tz).date():
            following = None
        owned = (*logged, *(item.action for item in report))
        roles = [a.owner.name for a in owned if a.status.is_open and a.owner and not a.owner.is_person]
        return Summary(
            occurrence,
            logged,
            previous=previous,
            report=tuple(report),
            more_actions=more,
            more_report=more_report,
            next_meeting=following,
            unheld=tuple(await self.register.roles.unheld(chat_id, roles)),
            meeting_starts=await self.register.meeting_starts(chat_id) if report else {},
        )

    async def review(self, chat_id: str) -> Review:
        occurrence = await self.store.latest_occurrence(chat_id)
        if occurrence is None:
            raise NotFound("error.meeting.none")
        if occurrence.opened_by == IMPORTED:
            # Minutes imported after the last sitting (or with none yet): everything still open is before the
            # chair, the imported actions included.
            actions = await self.store.find_actions(chat_id, open_only=True, limit=MAX_REVIEW_ROWS)
            total = len(actions)
            if total == MAX_REVIEW_ROWS:
                total = await self.store.count_open_actions(chat_id)
            return Review(occurrence, occurrence, actions, await self._carried_in(occurrence), total)
        return await self._review_of(occurrence)

    async def _carried_in(self, occurrence: Occurrence) -> frozenset[str]:
        carried = await self.store.actions_with_event(
            occurrence.chat_id, CARRIED_FORWARD, start=occurrence.started_at, end=occurrence.ended_at
        )
        return frozenset(a.id for a in carried)

    async def review_shown(self, review: Review, actor: Person, *, surface: Surface) -> None:
        """A review put these actions before the chair: imported ones have been through review, so their calm
        ends and they are chased from now."""
        event = AuditEvent(None, review.occurrence.chat_id, self.clock.now(), actor, "reviewed", surface)
        await self.store.mark_imported_reviewed([a.id for a in review.actions], event=event)

    async def _review_of(self, occurrence: Occurrence) -> Review:
        previous = await self.store.previous_occurrence(occurrence)
        since = previous.ended_at if previous and previous.ended_at else occurrence.started_at
        arising = await self.store.arising(occurrence.chat_id, before=occurrence, since=since, limit=MAX_REVIEW_ROWS)
        total = len(arising)
        if total == MAX_REVIEW_ROWS:
            total = await self.store.count_arising(occurrence.chat_id, before=occurrence, since=since)
        return Review(occurrence, previous, arising, await self._carried_in(occurrence), total)

    # -- the chair's answers -------------------------------------------------------------------------------

    async def carry_forward(
        self,
        chat_id: str,
        action: Action,
        actor: Person,
        *,
        deadline: Deadline | None,
        surface: Surface,
        key: str | None = None,
    ) -> Outcome:
        await self.register.require_may_change(action, actor, what="carry_forward", surface=surface)
        if not action.status.is_open:
            return Outcome(action, False)
        now = self.clock.now()
        changed_deadline = deadline if deadline is not None and deadline.text != action.deadline.text else None
        detail: dict[str, object] = {}
        if changed_deadline is not None:
            detail["deadline"] = [action.deadline.text, changed_deadline.text]
        updated, changed = await self.store.apply_change(
            action.id,
            expected_version=action.version,
            # Reviewed: chasing counts again from today, whether or not the deadline moved.
            changes=ActionChanges(at=now, deadline=changed_deadline, reviewed_at=now),
            event=AuditEvent(action.id, chat_id, now, actor, CARRIED_FORWARD, surface, detail),
            key=key,
        )
        return Outcome(updated, changed)

    async def drop(
        self, chat_id: str, action: Action, actor: Person, *, reason: str, surface: Surface, key: str | None = None
    ) -> Outcome:
        await self.register.require_may_change(action, actor, what="drop", surface=surface)
        reason = " ".join(reason.split())
        if len(reason) > MAX_REASON:
            raise InvalidInput("error.reason.too_long", limit=MAX_REASON)
        if action.status is ActionStatus.DROPPED:
            return Outcome(action, False)
        now = self.clock.now()
        updated, changed = await self.store.apply_change(
            action.id,
            expected_version=action.version,
            changes=ActionChanges(at=now, status=ActionStatus.DROPPED, closed_at=now, latest_update=reason or None),
            event=AuditEvent(action.id, chat_id, now, actor, "dropped", surface, {"reason": reason}),
            key=key,
        )
        return Outcome(updated, changed)

    # -- minutes of past meetings -----------------------------------------------------------------------

    async def record_past_meeting(
        self,
        chat: ChatContext,
        *,
        title: str | None,
        held_on: date,
        items: Sequence[PastAction],
        actor: Person,
        surface: Surface,
        key: str,
    ) -> tuple[Occurrence, int]:
        """A past meeting's actions (imported minutes) as a sitting of the series. The same `key` adds nothing
        again: importing the same minutes twice is safe. Deadlines are read against the meeting's date."""
        tz = self.register.tz
        started = datetime.combine(held_on, time(9), tzinfo=tz)
        occurrence = await self.store.past_occurrence(
            chat.chat_id, title=title, started_at=started, ended_at=started + timedelta(hours=1), key=key
        )
        # The minutes' own numbers ("Action 4 from March") are kept when none of them is taken in the chat by another
        # meeting; otherwise the whole meeting numbers on past the chat's highest, in the minutes' order, rather
        # than mixing kept and moved numbers.
        proposed = [item.no for item in items if item.no is not None]
        keep = not proposed or not await self.store.taken_numbers(chat.chat_id, proposed, outside=occurrence.id)
        created = 0
        for index, item in enumerate(items, start=1):
            text = " ".join(item.text.split())
            if not text:
                continue
            deadline = self.register.read_deadline(item.deadline_text or "", reference=held_on)
            owner = imported_owner(item.owner)
            outcome = await self.register.log(
                chat,
                actor,
                ActionDraft(text=text[:MAX_ACTION_TEXT], owner=owner, deadline=deadline),
                surface=surface,
                key=f"{key}:{item.no or index}:{index}",
                into=occurrence.id,
                # Agreed at that meeting: the chase policy counts from then, not from the import.
                at=started,
                number=item.no if keep else None,
            )
            created += outcome.changed
            if item.done:
                await self.register.complete(
                    chat.chat_id, outcome.action, actor, surface=surface, key=f"{key}:{item.no or index}:{index}:done"
                )
        return occurrence, created

    # -- the series' next meeting -----------------------------------------------------------------------------

    async def set_next_meeting(self, chat: ChatContext, words: str, *, locale: str = "en") -> datetime:
        deadline = self.register.read_deadline(words, locale=locale)
        when = deadline.due or deadline.latest
        if deadline.kind is not DeadlineKind.DATE or when is None:
            raise InvalidInput("error.nextmeeting.unreadable", given=words[:60])
        if when.astimezone(self.register.tz).date() < self.register.today():
            raise InvalidInput("error.nextmeeting.past", given=words[:60])
        await self.store.set_next_meeting(chat.chat_id, when, source="command")
        return when

    async def next_meeting(self, chat_id: str) -> datetime | None:
        return await self.store.next_meeting(chat_id)


def imported_owner(written: str | None) -> Owner | None:
    """An owner as minutes write it: an email address ("jo@example.org", "Jo Bloggs <jo@example.org>") is a person
    known by it, to be reached by email like an owner typed in Teams; any other words name a role, as written."""
    if not written:
        return None
    address = read_email(written)
    return Owner.by_email(address.address, name=address.name) if address else Owner.role(written)
