"""Chaser state in the database: what is owed when, leases for the sweepers, stages sent, every attempt."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from bot.register.chasing import Owed
from bot.register.model import Action, ActionStatus
from bot.register.ports import Clock
from bot.store.delivery_journal import ReminderJournal
from bot.store.schema import REPLAN, actions, chaser_sent, chasers, chats, delivery_attempts, occurrences
from bot.store.sql import SqlStore
from bot.store.sql.rows import action_from_row


class ChaserStore:
    def __init__(self, store: SqlStore) -> None:
        self.store = store
        self.database = store.database

    async def unplanned(self, *, limit: int = 1000) -> list[Action]:
        """Actions whose chaser row is to be planned (new, or changed since they were planned), found by the rows'
        partial index. Closed ones among them are planned too, to "nothing owed", which takes them off it."""
        query = select(actions).join(chasers, chasers.c.action_id == actions.c.id).where(chasers.c.kind.is_(None))
        query = query.limit(limit)
        return await self.database.read(lambda conn: [action_from_row(row) for row in conn.execute(query)])

    async def sent_stages(self, action_id: str) -> list[tuple[str, datetime]]:
        query = select(chaser_sent.c.stage, chaser_sent.c.sent_at).where(chaser_sent.c.action_id == action_id)
        return await self.database.read(
            lambda conn: sorted(((r.stage, r.sent_at) for r in conn.execute(query)), key=lambda s: s[1])
        )

    async def schedule(
        self,
        action: Action,
        *,
        stage: str | None,
        kind: str | None,
        escalate: bool,
        due_at: datetime | None,
        now: datetime,
        snoozed_until: datetime | None = None,
        last_update_at: datetime | None = None,
        keep_answers: bool = True,
    ) -> None:
        """Set the next chaser owed for an action (stage None: nothing more is owed). Clears any lease."""
        values: dict[str, Any] = {
            "chat_id": action.chat_id,
            "stage": stage,
            # kind NULL marks a row to plan again; "none" is a plan that owes nothing.
            "kind": kind if stage is not None else "none",
            "escalate": escalate,
            "due_at": due_at,
            "lease_owner": None,
            "lease_until": None,
            "updated_at": now,
        }
        if not keep_answers or snoozed_until is not None:
            values["snoozed_until"] = snoozed_until
        if not keep_answers or last_update_at is not None:
            values["last_update_at"] = last_update_at

        def upsert(conn: Connection) -> None:
            found = conn.execute(select(chasers.c.action_id).where(chasers.c.action_id == action.id)).first()
            if found:
                conn.execute(update(chasers).where(chasers.c.action_id == action.id).values(**values))
            else:
                conn.execute(insert(chasers).values(action_id=action.id, **values))

        try:
            await self.database.write(upsert)
        except IntegrityError:
            # Planned by another sweeper meanwhile: its row stands.
            return

    async def answers(self, action_id: str) -> tuple[datetime | None, datetime | None]:
        """(snoozed_until, last_update_at) kept for the policy."""
        query = select(chasers.c.snoozed_until, chasers.c.last_update_at).where(chasers.c.action_id == action_id)
        row = await self.database.read(lambda conn: conn.execute(query).first())
        return (row.snoozed_until, row.last_update_at) if row else (None, None)

    async def note_answer(
        self, action_id: str, *, snoozed_until: datetime | None, last_update_at: datetime | None
    ) -> None:
        """An owner snoozed or gave an update: replan the action's chasers with it."""
        values: dict[str, Any] = REPLAN.copy()
        if snoozed_until is not None:
            values["snoozed_until"] = snoozed_until
        if last_update_at is not None:
            values["last_update_at"] = last_update_at
        statement = update(chasers).where(chasers.c.action_id == action_id).values(**values)
        await self.database.write(lambda conn: conn.execute(statement))

    async def claim_due(self, now: datetime, *, owner: str, lease: timedelta, limit: int) -> list[Owed]:
        """Lease every chaser due by `now` whose lease is free. PostgreSQL skips rows another replica holds."""
        due = (
            select(chasers.c.action_id)
            .join(actions, actions.c.id == chasers.c.action_id)
            .where(
                chasers.c.due_at.is_not(None),
                chasers.c.due_at <= now,
                (chasers.c.lease_until.is_(None)) | (chasers.c.lease_until < now),
                actions.c.status == ActionStatus.OPEN.value,
            )
            .order_by(chasers.c.due_at)
            .limit(limit)
        )
        if self.database.dialect == "postgresql":
            due = due.with_for_update(of=chasers, skip_locked=True)

        def claim(conn: Connection) -> list[Owed]:
            ids = [row.action_id for row in conn.execute(due)]
            if not ids:
                return []
            conn.execute(
                update(chasers).where(chasers.c.action_id.in_(ids)).values(lease_owner=owner, lease_until=now + lease)
            )
            rows = conn.execute(
                select(
                    actions,
                    chasers.c.stage.label("chase_stage"),
                    chasers.c.kind.label("chase_kind"),
                    chasers.c.escalate.label("chase_escalate"),
                    chasers.c.due_at.label("chase_due_at"),
                    chasers.c.snoozed_until.label("chase_snoozed_until"),
                    chasers.c.last_update_at.label("chase_last_update_at"),
                    occurrences.c.title.label("meeting_title"),
                    occurrences.c.started_at.label("meeting_started"),
                    occurrences.c.organiser_aad_id.label("organiser_aad_id"),
                )
                .join(chasers, chasers.c.action_id == actions.c.id)
                .join(occurrences, occurrences.c.id == actions.c.occurrence_id)
                .where(actions.c.id.in_(ids))
            )
            return [
                Owed(
                    action=action_from_row(row),
                    stage=row.chase_stage,
                    kind=row.chase_kind,
                    escalate=bool(row.chase_escalate),
                    due_at=row.chase_due_at,
                    snoozed_until=row.chase_snoozed_until,
                    last_update_at=row.chase_last_update_at,
                    meeting_title=row.meeting_title,
                    meeting_started=row.meeting_started,
                    organiser_aad_id=row.organiser_aad_id,
                )
                for row in rows
            ]

        return await self.database.write(claim)

    async def record_sent(
        self,
        action_id: str,
        stage: str,
        *,
        at: datetime,
        route: str,
        conversation_id: str | None,
        message_id: str | None,
    ) -> bool:
        """Record a stage as sent (Teams accepted it). False when it was recorded before: it must not go again."""

        def record(conn: Connection) -> bool:
            exists = conn.execute(
                select(chaser_sent.c.stage).where(
                    and_(chaser_sent.c.action_id == action_id, chaser_sent.c.stage == stage)
                )
            ).first()
            conn.execute(
                insert(delivery_attempts).values(action_id=action_id, stage=stage, at=at, outcome="sent", detail=route)
            )
            if exists:
                return False
            conn.execute(
                insert(chaser_sent).values(
                    action_id=action_id,
                    stage=stage,
                    sent_at=at,
                    route=route,
                    conversation_id=conversation_id,
                    message_id=message_id,
                )
            )
            return True

        return await self.database.write(record)

    def journal(self, items: list[tuple[str, str]], *, sent_at: datetime, clock: Clock) -> ReminderJournal:
        """The journal of one reminder's sends, for these (action id, stage) pairs."""
        return ReminderJournal(self.database, items, clock=clock, sent_at=sent_at)

    async def release_leases(self, owner: str) -> int:
        """Frees every lease `owner` holds (a replica shutting down): another sweeper may take them at once."""
        statement = update(chasers).where(chasers.c.lease_owner == owner).values(lease_owner=None, lease_until=None)
        return await self.database.write(lambda conn: conn.execute(statement).rowcount)

    async def record_failure(
        self, action_id: str, stage: str, *, at: datetime, outcome: str | None, retry_at: datetime
    ) -> None:
        """Try again at `retry_at`. `outcome` None: the attempts are in delivery_attempts already (journaled)."""

        def record(conn: Connection) -> None:
            if outcome is not None:
                conn.execute(insert(delivery_attempts).values(action_id=action_id, stage=stage, at=at, outcome=outcome))
            conn.execute(
                update(chasers)
                .where(chasers.c.action_id == action_id)
                .values(due_at=retry_at, lease_owner=None, lease_until=None, updated_at=at)
            )

        await self.database.write(record)

    async def was_sent(self, action_id: str, stage: str) -> bool:
        query = select(chaser_sent.c.stage).where(chaser_sent.c.action_id == action_id, chaser_sent.c.stage == stage)
        return await self.database.read(lambda conn: conn.execute(query).first() is not None)

    async def attempts(self, action_id: str) -> list[tuple[str, str]]:
        query = (
            select(delivery_attempts.c.stage, delivery_attempts.c.outcome)
            .where(delivery_attempts.c.action_id == action_id)
            .order_by(delivery_attempts.c.id)
        )
        return await self.database.read(lambda conn: [(r.stage, r.outcome) for r in conn.execute(query)])

    async def upcoming(self, chat_id: str | None, *, until: datetime) -> list[tuple[Action, str, str, datetime]]:
        """Planned chasers up to `until` (for the secretariat's view), in time order."""
        query = (
            select(
                actions,
                chasers.c.stage.label("chase_stage"),
                chasers.c.kind.label("chase_kind"),
                chasers.c.due_at.label("chase_due"),
            )
            .join(chasers, chasers.c.action_id == actions.c.id)
            .where(
                chasers.c.due_at.is_not(None),
                chasers.c.due_at <= until,
                actions.c.status == ActionStatus.OPEN.value,
            )
            .order_by(chasers.c.due_at)
        )
        if chat_id is not None:
            query = query.where(actions.c.chat_id == chat_id)
        return await self.database.read(
            lambda conn: [(action_from_row(r), r.chase_stage, r.chase_kind, r.chase_due) for r in conn.execute(query)]
        )

    async def chase_facts(
        self, action_id: str, chat_id: str
    ) -> tuple[list[tuple[str, datetime]], datetime | None, datetime | None, datetime | None]:
        sent = select(chaser_sent.c.stage, chaser_sent.c.sent_at).where(chaser_sent.c.action_id == action_id)
        answers = select(chasers.c.snoozed_until, chasers.c.last_update_at).where(chasers.c.action_id == action_id)
        meeting = select(chats.c.next_meeting_at).where(chats.c.id == chat_id)

        def read(
            conn: Connection,
        ) -> tuple[list[tuple[str, datetime]], datetime | None, datetime | None, datetime | None]:
            stages = sorted(((r.stage, r.sent_at) for r in conn.execute(sent)), key=lambda s: s[1])
            row = conn.execute(answers).first()
            return (
                stages,
                row.snoozed_until if row else None,
                row.last_update_at if row else None,
                conn.execute(meeting).scalar(),
            )

        return await self.database.read(read)

    async def next_meeting_of(self, chat_id: str) -> datetime | None:
        query = select(chats.c.next_meeting_at).where(chats.c.id == chat_id)
        return await self.database.read(lambda conn: conn.execute(query).scalar())
