"""Role holders: who answers for "Secretariat" in a chat."""

from __future__ import annotations

from sqlalchemy import insert, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from bot.register.model import AuditEvent, Person, role_key
from bot.store.schema import audit_events, role_holders
from bot.store.sql.base import StoreBase
from bot.store.sql.people import row_key
from bot.store.sql.rows import event_row


class RoleRecords(StoreBase):
    async def roles_of(self, chat_id: str, person: Person) -> set[str]:
        """The roles a person holds in a chat, named by their Entra id or by their address (one person)."""
        who = []
        if person.aad_id:
            who.append(role_holders.c.aad_id == person.aad_id)
        if person.email:
            who.append(role_holders.c.email == person.email.casefold())
        if not who:
            return set()
        query = select(role_holders.c.role_key).where(role_holders.c.chat_id == chat_id, or_(*who))
        return await self.database.read(lambda conn: {row.role_key for row in conn.execute(query)})

    async def role_holders(self, chat_id: str, role_name: str) -> list[Person]:
        query = (
            select(role_holders)
            .where(role_holders.c.chat_id == chat_id, role_holders.c.role_key == role_key(role_name))
            .order_by(role_holders.c.added_at)
        )
        return await self.database.read(
            lambda conn: [
                Person(name=r.name or "", aad_id=r.aad_id, user_id=r.user_id, email=r.email)
                for r in conn.execute(query)
            ]
        )

    async def add_role_holder(self, chat_id: str, role_name: str, person: Person, *, event: AuditEvent) -> bool:
        holder = row_key(person)
        if holder is None:
            raise ValueError("a role holder needs an Entra object id or an email address")

        def add(conn: Connection) -> None:
            conn.execute(
                insert(role_holders).values(
                    chat_id=chat_id,
                    role_key=role_key(role_name),
                    role_name=role_name.strip(),
                    holder=holder,
                    aad_id=person.aad_id,
                    email=person.email.casefold() if person.email else None,
                    name=person.name,
                    user_id=person.user_id,
                    added_at=event.at,
                )
            )
            conn.execute(insert(audit_events).values(**event_row(event, action_id=None)))

        try:
            await self.database.write(add)
        except IntegrityError:
            return False
        return True

    # -- audit and idempotency ------------------------------------------------------------------------------
