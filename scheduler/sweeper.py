"""One sweep: plan new actions' chasers, claim what is due (with a lease), send it, record the result.

The database holds the truth (what is owed when, what was sent); this module only moves it along. A crash between
claim and record leaves a lease that expires, and the next sweep sends again; a stage is recorded sent only after
Teams accepted it (straight after, by the reminder's journal: bot.register.delivery), and a stage already recorded is
never sent again. Every attempt is journaled before it leaves, so a send whose outcome a crash made unknown is known,
sent again and counted (SweepReport.resent_unknown). Several actions owed to one person in one
sweep go out as one reminder.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from bot.register.calendar import WorkingCalendar
from bot.register.chasing import ChaserItem, ChaserStorePort, Notifier, NotReached, Owed
from bot.register.delivery import current_journal
from bot.register.model import Action, Person
from bot.register.ports import Clock, RegisterStore
from bot.register.recipients import recipients
from scheduler.policy import Chase, ChasePolicy, history_for, next_chase

log = logging.getLogger(__name__)


@dataclass
class SweepReport:
    planned: int = 0
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    deferred: int = 0
    reminders: int = 0
    # Chasers sent again because a crash left their earlier send's outcome unknown (each may have arrived twice).
    resent_unknown: int = 0
    recipients: list[str] = field(default_factory=list)


class Sweeper:
    def __init__(
        self,
        chasers: ChaserStorePort,
        register: RegisterStore,
        notifier: Notifier,
        clock: Clock,
        calendar: WorkingCalendar,
        policy: ChasePolicy,
        *,
        owner: str,
        lease: timedelta = timedelta(minutes=5),
        batch: int = 500,
        retry_after: timedelta = timedelta(hours=1),
        concurrency: int = 16,
    ) -> None:
        self.chasers = chasers
        self.register = register
        self.notifier = notifier
        self.clock = clock
        self.calendar = calendar
        self.policy = policy
        self.owner = owner
        self.lease = lease
        self.batch = batch
        self.retry_after = retry_after
        # Reminders to different people go out side by side; the outbox paces them to Teams' limits.
        self._sending = asyncio.Semaphore(concurrency)

    async def _owed_now(self, action: Action, now: datetime) -> Chase | None:
        # One read for everything the policy needs about this action (a sweep asks this for every chaser it sends).
        sent, snoozed_until, last_update_at, next_meeting = await self.chasers.chase_facts(action.id, action.chat_id)
        history = history_for(
            action, sent, snoozed_until=snoozed_until, last_update_at=last_update_at, calendar=self.calendar
        )
        return next_chase(
            action, history, now=now, calendar=self.calendar, policy=self.policy, next_meeting=next_meeting
        )

    async def release(self) -> int:
        """Gives back the leases this sweeper holds (at shutdown, after its last sweep stopped)."""
        return await self.chasers.release_leases(self.owner)

    async def plan(self, action: Action, now: datetime) -> None:
        chase = await self._owed_now(action, now)
        await self.chasers.schedule(
            action,
            stage=chase.stage if chase else None,
            kind=chase.kind if chase else None,
            escalate=chase.escalate if chase else False,
            due_at=chase.due_at if chase else None,
            now=now,
        )

    async def sweep(self) -> SweepReport:
        now = self.clock.now()
        report = SweepReport()
        for action in await self.chasers.unplanned(limit=self.batch * 4):
            await self.plan(action, now)
            report.planned += 1
        owed = await self.chasers.claim_due(now, owner=self.owner, lease=self.lease, limit=self.batch)
        report.claimed = len(owed)
        if not owed:
            return report
        if not self.calendar.is_working_time(now):
            # Quiet hours (a sweep after an outage, or a clock that moved): hold everything until working time.
            later = self.calendar.next_working_time(now)
            for item in owed:
                await self.chasers.record_failure(
                    item.action.id, item.stage, at=now, outcome="quiet_hours", retry_at=later
                )
            report.deferred = len(owed)
            return report
        groups = await self._by_recipient(owed, now)
        await asyncio.gather(
            *(self._send_bounded(person, items, escalation, now, report) for person, items, escalation in groups)
        )
        return report

    async def _send_bounded(
        self, person: Person, items: list[Owed], escalation: bool, now: datetime, report: SweepReport
    ) -> None:
        async with self._sending:
            try:
                await self._send(person, items, escalation, now, report)
            except Exception:
                # One recipient's unforeseen failure must not abort the sweep for everyone else: their chasers are
                # recorded as failed and tried again later; a stage already recorded sent is never owed again.
                log.exception("a reminder failed unexpectedly; the chasers in it are tried again later")
                retry = self.calendar.next_working_time(now + self.retry_after)
                for item in items:
                    await self.chasers.record_failure(
                        item.action.id, item.stage, at=now, outcome="error", retry_at=retry
                    )
                report.failed += len(items)

    async def _by_recipient(self, owed: Sequence[Owed], now: datetime) -> list[tuple[Person, list[Owed], bool]]:
        groups: dict[tuple[str, bool], tuple[Person, list[Owed], bool]] = {}
        identified: dict[tuple[str, str], Person] = {}
        for item in owed:
            reached = await recipients(
                item.action, self.register, escalate=item.escalate, organiser_aad_id=item.organiser_aad_id
            )
            if not reached.people:
                # Nobody Chaser can reach (a role nobody holds, logged from the command line, no Secretariat):
                # tried again on the next working day, when someone may have been named. /chasers shows it.
                retry = self.calendar.next_working_time(now + timedelta(days=1))
                await self.chasers.record_failure(
                    item.action.id, item.stage, at=now, outcome="no_recipient", retry_at=retry
                )
                continue
            for named in reached.people:
                person = named
                if named.email and not named.aad_id:
                    # Someone named by address may be a Teams user Chaser knows: one reminder with all of theirs.
                    key = (item.action.tenant_id, named.key)
                    if key not in identified:
                        identified[key] = await self.notifier.identify(item.action.tenant_id, named)
                    person = identified[key]
                group = groups.setdefault((person.key, item.escalate), (person, [], item.escalate))
                group[1].append(replace(item, names_owner=reached.names_owner))
        return list(groups.values())

    async def _send(
        self, person: Person, items: list[Owed], escalation: bool, now: datetime, report: SweepReport
    ) -> None:
        fresh: list[Owed] = []
        for item in items:
            # Asked again at send time (inside the send, so the database work overlaps other people's sends): the
            # catch-up rules (after an outage only the latest stage, once; a stage too late is skipped) depend on
            # now, not on when the plan was made, and a stage already sent is never owed again.
            chase = await self._owed_now(item.action, now)
            if chase is None or chase.due_at > now or chase.escalate != escalation:
                await self.plan(item.action, now)
                report.deferred += 1
                continue
            fresh.append(replace(item, stage=chase.stage, kind=chase.kind, escalate=chase.escalate))
        if not fresh:
            return
        chaser_items = [
            ChaserItem(
                i.action,
                i.stage,
                i.kind,
                i.meeting_title,
                i.meeting_started,
                name_owner=not escalation and i.names_owner,
            )
            for i in fresh
        ]
        journal = self.chasers.journal([(i.action.id, i.stage) for i in fresh], sent_at=now, clock=self.clock)
        journaling = current_journal.set(journal)
        try:
            sent = await self.notifier.remind(
                fresh[0].action.tenant_id,
                person,
                chaser_items,
                fallback_chat_id=fresh[0].action.chat_id,
                escalation=escalation,
            )
        except NotReached as error:
            retry = self.calendar.next_working_time(
                now + (timedelta(seconds=error.retry_after) if error.retry_after else self.retry_after)
            )
            # The attempts are journaled with their outcomes; a failure before any attempt is recorded here.
            outcome = None if journal.attempted else error.reason[:32]
            for item in fresh:
                await self.chasers.record_failure(item.action.id, item.stage, at=now, outcome=outcome, retry_at=retry)
            report.failed += len(fresh)
            return
        finally:
            current_journal.reset(journaling)
            if journal.unknown:
                # Sent again after a crash that left these sends' outcome unknown: the person may see it twice.
                report.resent_unknown += len(fresh)
                log.warning("%d chasers sent again whose first send's outcome is unknown (a crash)", len(fresh))
        report.reminders += 1
        report.recipients.append(person.key)
        for item in fresh:
            if journal.first is not None:  # recorded straight after Teams' answer, by the journal
                first = journal.first[item.action.id]
            else:  # a route that keeps no journal (email): recorded now
                first = await self.chasers.record_sent(
                    item.action.id,
                    item.stage,
                    at=now,
                    route=sent.route,
                    conversation_id=sent.conversation_id,
                    message_id=sent.message_id,
                )
            report.sent += 1
            await self.plan(item.action, now)
            if escalation and first:
                await self._tell_owner(item, person)

    async def _tell_owner(self, item: Owed, escalated_to: Person) -> None:
        """The owner hears, politely, that their action went to the Secretariat (once: with the escalation's first
        delivery). A note that cannot be delivered is not retried: the owner's own reminders go on."""
        owners = await recipients(item.action, self.register)
        note = ChaserItem(item.action, item.stage, "escalated", item.meeting_title, item.meeting_started)
        for owner in owners.people:
            if owner.is_same(escalated_to):
                continue
            try:
                await self.notifier.remind(
                    item.action.tenant_id, owner, [note], fallback_chat_id=item.action.chat_id, escalation=False
                )
            except NotReached as error:
                log.info("could not tell an owner their action was escalated: %s", error.reason)
