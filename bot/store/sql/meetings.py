"""Meetings (occurrences): the sittings of a chat, opened by events, commands or imported minutes."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from bot.register.model import Occurrence
from bot.store.schema import occurrences
from bot.store.sql.base import StoreBase
from bot.store.sql.rows import new_id, occurrence_from_row
from bot.store.sql.statements import CURRENT_OCCURRENCE

# A second meetingStart within this long of the first is the same sitting (Teams may deliver an event twice).
_SAME_SITTING = timedelta(hours=12)


class MeetingRecords(StoreBase):
    async def open_occurrence(
        self, chat_id: str, *, meeting_id: str | None, title: str | None, now: datetime
    ) -> Occurrence:
        def find(conn: Connection) -> Occurrence | None:
            row = conn.execute(CURRENT_OCCURRENCE, {"chat_id": chat_id}).first()
            return occurrence_from_row(row) if row else None

        def find_or_open(conn: Connection) -> Occurrence:
            # Looked up again inside the write: another turn may have opened it meanwhile.
            found = find(conn)
            if found is not None:
                return found
            occurrence_id = new_id()
            conn.execute(
                insert(occurrences).values(
                    id=occurrence_id, chat_id=chat_id, meeting_id=meeting_id, title=title, started_at=now
                )
            )
            return Occurrence(id=occurrence_id, chat_id=chat_id, meeting_id=meeting_id, title=title, started_at=now)

        found = await self.database.read(find)
        return found if found is not None else await self.database.write(find_or_open)

    async def occurrence(self, occurrence_id: str) -> Occurrence | None:
        return await self._first_occurrence(select(occurrences).where(occurrences.c.id == occurrence_id))

    async def start_occurrence(
        self,
        chat_id: str,
        *,
        meeting_id: str | None,
        title: str | None,
        started_at: datetime,
        organiser_aad_id: str | None,
        scheduled_start: datetime | None,
    ) -> Occurrence:
        """Open the sitting a meetingStart announces.

        An open occurrence that commands opened (actions logged just before the meeting) becomes this sitting; one
        that an earlier start opened is this sitting again if it began within the last 12 hours (a repeated event),
        else its end never came and it is closed first.
        """

        def start(conn: Connection) -> Occurrence:
            row = conn.execute(CURRENT_OCCURRENCE, {"chat_id": chat_id}).first()
            if row is not None:
                repeated = row.opened_by == "event" and started_at - row.started_at < _SAME_SITTING
                if row.opened_by == "command" or repeated:
                    values: dict[str, Any] = {"opened_by": "event"}
                    if row.opened_by == "command":
                        values.update(started_at=min(row.started_at, started_at))
                    for column, value in (
                        ("meeting_id", meeting_id),
                        ("title", title),
                        ("organiser_aad_id", organiser_aad_id),
                        ("scheduled_start", scheduled_start),
                    ):
                        if value is not None:
                            values[column] = value
                    conn.execute(update(occurrences).where(occurrences.c.id == row.id).values(**values))
                    return occurrence_from_row(
                        conn.execute(select(occurrences).where(occurrences.c.id == row.id)).one()
                    )
                conn.execute(update(occurrences).where(occurrences.c.id == row.id).values(ended_at=started_at))
            occurrence_id = new_id()
            conn.execute(
                insert(occurrences).values(
                    id=occurrence_id,
                    chat_id=chat_id,
                    meeting_id=meeting_id,
                    title=title,
                    started_at=started_at,
                    organiser_aad_id=organiser_aad_id,
                    scheduled_start=scheduled_start,
                    opened_by="event",
                )
            )
            return occurrence_from_row(conn.execute(select(occurrences).where(occurrences.c.id == occurrence_id)).one())

        return await self.database.write(start)

    async def past_occurrence(
        self, chat_id: str, *, title: str | None, started_at: datetime, ended_at: datetime, key: str
    ) -> Occurrence:
        """A meeting that already happened (imported minutes); the same key returns the same one."""
        occurrence_id = hashlib.sha256(key.encode()).hexdigest()[:32]

        def create(conn: Connection) -> Occurrence:
            row = conn.execute(select(occurrences).where(occurrences.c.id == occurrence_id)).first()
            if row is None:
                conn.execute(
                    insert(occurrences).values(
                        id=occurrence_id,
                        chat_id=chat_id,
                        title=title,
                        started_at=started_at,
                        ended_at=ended_at,
                        opened_by="import",
                        summary_posted_at=ended_at,
                        review_posted_at=ended_at,
                    )
                )
                row = conn.execute(select(occurrences).where(occurrences.c.id == occurrence_id)).one()
            return occurrence_from_row(row)

        return await self.database.write(create)

    async def end_occurrence(self, chat_id: str, *, ended_at: datetime, title: str | None) -> Occurrence | None:
        """Close the chat's open sitting; with none open (a repeated end event), the latest one as it is."""

        def end(conn: Connection) -> Occurrence | None:
            row = conn.execute(CURRENT_OCCURRENCE, {"chat_id": chat_id}).first()
            if row is None:
                latest = conn.execute(
                    select(occurrences)
                    .where(occurrences.c.chat_id == chat_id)
                    .order_by(occurrences.c.started_at.desc())
                    .limit(1)
                ).first()
                return occurrence_from_row(latest) if latest else None
            values: dict[str, Any] = {"ended_at": max(ended_at, row.started_at)}
            if title and not row.title:
                values["title"] = title
            conn.execute(update(occurrences).where(occurrences.c.id == row.id).values(**values))
            return occurrence_from_row(conn.execute(select(occurrences).where(occurrences.c.id == row.id)).one())

        return await self.database.write(end)

    async def claim_posting(self, occurrence_id: str, what: str, at: datetime) -> bool:
        """True for exactly one caller per occurrence and `what` ("summary" or "review"), whatever the replicas."""
        column = {"summary": occurrences.c.summary_posted_at, "review": occurrences.c.review_posted_at}[what]
        statement = (
            update(occurrences).where(occurrences.c.id == occurrence_id, column.is_(None)).values({column.key: at})
        )
        return bool(await self.database.write(lambda conn: conn.execute(statement).rowcount == 1))

    async def release_posting(self, occurrence_id: str, what: str) -> None:
        """Undo a claim whose message could not be sent, so the next attempt posts it."""
        column = {"summary": occurrences.c.summary_posted_at, "review": occurrences.c.review_posted_at}[what]
        statement = update(occurrences).where(occurrences.c.id == occurrence_id).values({column.key: None})
        await self.database.write(lambda conn: conn.execute(statement))

    async def _first_occurrence(self, query: Any) -> Occurrence | None:
        def get(conn: Connection) -> Occurrence | None:
            row = conn.execute(query).first()
            return occurrence_from_row(row) if row else None

        return await self.database.read(get)

    async def latest_occurrence(self, chat_id: str) -> Occurrence | None:
        return await self._first_occurrence(
            select(occurrences)
            .where(occurrences.c.chat_id == chat_id)
            .order_by(occurrences.c.started_at.desc())
            .limit(1)
        )

    async def previous_occurrence(self, occurrence: Occurrence) -> Occurrence | None:
        return await self._first_occurrence(
            select(occurrences)
            .where(
                occurrences.c.chat_id == occurrence.chat_id,
                occurrences.c.id != occurrence.id,
                occurrences.c.started_at <= occurrence.started_at,
                occurrences.c.ended_at.is_not(None),
            )
            .order_by(occurrences.c.started_at.desc())
            .limit(1)
        )

    async def occurrences_of(self, chat_id: str) -> list[Occurrence]:
        query = select(occurrences).where(occurrences.c.chat_id == chat_id).order_by(occurrences.c.started_at)
        return await self.database.read(lambda conn: [occurrence_from_row(row) for row in conn.execute(query)])
