"""A reminder's journal in the database (bot.register.delivery): one row in delivery_attempts per attempt, per action
in the reminder, written before the attempt leaves and settled by its outcome; "sent" settles it together with the
stage's never-again record (chaser_sent), in one transaction, straight after Teams' 2xx."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, insert, or_, select, update
from sqlalchemy.engine import Connection

from bot.register.delivery import SENDING, SENT, UNKNOWN
from bot.register.ports import Clock
from bot.store.database import Database
from bot.store.schema import chaser_sent, delivery_attempts


class ReminderJournal:
    def __init__(self, database: Database, items: list[tuple[str, str]], *, clock: Clock, sent_at: datetime) -> None:
        self.database = database
        self.items = items
        self.clock = clock
        self.sent_at = sent_at
        # Attempts found still "sending" when this reminder began: sends whose answer a crashed process never heard.
        self.unknown = 0
        # After "sent": for each action, whether this reminder recorded its stage first (False: it had been before).
        self.first: dict[str, bool] | None = None
        self._began = False

    @property
    def attempted(self) -> bool:
        return self._began

    def _these(self) -> object:
        return or_(*(and_(delivery_attempts.c.action_id == a, delivery_attempts.c.stage == s) for a, s in self.items))

    async def sending(self, route: str) -> None:
        at = self.clock.now()
        began, self._began = self._began, True

        def write(conn: Connection) -> int:
            unknown = 0
            if not began:
                # The lease makes this sweeper the only sender of these stages now: any attempt still open is a
                # crashed one's.
                unknown = conn.execute(
                    update(delivery_attempts)
                    .where(self._these(), delivery_attempts.c.outcome == SENDING)  # type: ignore[arg-type]
                    .values(outcome=UNKNOWN)
                ).rowcount
            conn.execute(
                insert(delivery_attempts),
                [{"action_id": a, "stage": s, "at": at, "outcome": SENDING, "detail": route} for a, s in self.items],
            )
            return int(unknown)

        self.unknown += await self.database.write(write)

    async def failed(self, outcome: str) -> None:
        await self.database.write(lambda conn: self._settle(conn, outcome[:32]))

    async def sent(self, route: str, conversation_id: str | None, message_id: str | None) -> None:
        def write(conn: Connection) -> dict[str, bool]:
            self._settle(conn, SENT)
            done = {
                (row.action_id, row.stage)
                for row in conn.execute(
                    select(chaser_sent.c.action_id, chaser_sent.c.stage).where(
                        chaser_sent.c.action_id.in_([a for a, _ in self.items])
                    )
                )
            }
            fresh = [(a, s) for a, s in self.items if (a, s) not in done]
            if fresh:
                conn.execute(
                    insert(chaser_sent),
                    [
                        {
                            "action_id": a,
                            "stage": s,
                            "sent_at": self.sent_at,
                            "route": route[:16],
                            "conversation_id": conversation_id,
                            "message_id": message_id,
                        }
                        for a, s in fresh
                    ],
                )
            return {a: (a, s) in fresh for a, s in self.items}

        self.first = await self.database.write(write)

    def _settle(self, conn: Connection, outcome: str) -> None:
        conn.execute(
            update(delivery_attempts)
            .where(self._these(), delivery_attempts.c.outcome == SENDING)  # type: ignore[arg-type]
            .values(outcome=outcome)
        )
