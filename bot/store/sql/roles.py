"""Role holders: who answers for "Secretariat". Roles are the tenant's (held once, in every chat), with per-chat
additions; a chat's holders are both, found through the chat's tenant."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import insert, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from bot.register.model import ActionStatus, AuditEvent, OwnerKind, Person, RoleHolder, role_key
from bot.store.schema import actions, audit_events, chats, occurrences, role_holders
from bot.store.sql.base import StoreBase
from bot.store.sql.people import row_key
from bot.store.sql.rows import event_row

EVERY_CHAT = ""


def _in_chat(chat_id: str) -> Any:
    """Holders that count in this chat: the tenant's, and this chat's own additions."""
    tenant = select(chats.c.tenant_id).where(chats.c.id == chat_id).scalar_subquery()
    return (role_holders.c.tenant_id == tenant) & role_holders.c.scope.in_([EVERY_CHAT, chat_id])


def _holder(row: Any) -> RoleHolder:
    return RoleHolder(
        person=Person(name=row.name or "", aad_id=row.aad_id, user_id=row.user_id, email=row.email),
        role_name=row.role_name,
        every_chat=row.scope == EVERY_CHAT,
        added_at=row.added_at,
        added_by=row.added_by_name,
    )


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
        query = select(role_holders.c.role_key).where(_in_chat(chat_id), or_(*who))
        return await self.database.read(lambda conn: {row.role_key for row in conn.execute(query)})

    async def role_holders(self, chat_id: str, role_name: str) -> list[Person]:
        return [holder.person for holder in await self.role_holding(chat_id, role_name)]

    async def role_holding(self, chat_id: str, role_name: str) -> list[RoleHolder]:
        """A role's holders in a chat, each once, and whether they hold it in every chat or were added here."""
        query = (
            select(role_holders)
            .where(_in_chat(chat_id), role_holders.c.role_key == role_key(role_name))
            .order_by(role_holders.c.scope, role_holders.c.added_at)
        )

        def read(conn: Connection) -> list[RoleHolder]:
            found: dict[str, RoleHolder] = {}
            for row in conn.execute(query):
                found.setdefault(row.holder, _holder(row))  # the tenant's ("" sorts first) over this chat's
            return list(found.values())

        return await self.database.read(read)

    async def chat_roles(self, chat_id: str) -> list[RoleHolder]:
        """Every role held in a chat, with its holders (each once per role), by role then by when they were named."""
        query = (
            select(role_holders)
            .where(_in_chat(chat_id))
            .order_by(role_holders.c.role_key, role_holders.c.scope, role_holders.c.added_at)
        )

        def read(conn: Connection) -> list[RoleHolder]:
            found: dict[tuple[str, str], RoleHolder] = {}
            for row in conn.execute(query):
                found.setdefault((row.role_key, row.holder), _holder(row))
            return list(found.values())

        return await self.database.read(read)

    async def held_roles(self, chat_id: str, role_names: Iterable[str]) -> set[str]:
        """Which of these roles (as keys) somebody holds in the chat."""
        keys = {role_key(name) for name in role_names}
        if not keys:
            return set()
        query = select(role_holders.c.role_key).where(_in_chat(chat_id), role_holders.c.role_key.in_(keys)).distinct()
        return await self.database.read(lambda conn: {row.role_key for row in conn.execute(query)})

    async def add_role_holder(
        self, chat_id: str, role_name: str, person: Person, *, event: AuditEvent, every_chat: bool = True
    ) -> bool:
        """Name a holder: the tenant's (every chat), or this chat's only. False when they already hold it there."""
        holder = row_key(person)
        if holder is None:
            raise ValueError("a role holder needs an Entra object id or an email address")
        key = role_key(role_name)

        def add(conn: Connection) -> bool:
            tenant = conn.execute(select(chats.c.tenant_id).where(chats.c.id == chat_id)).scalar()
            if tenant is None:
                raise ValueError(f"no chat {chat_id!r} to name a role holder in")
            scopes = [EVERY_CHAT] if every_chat else [EVERY_CHAT, chat_id]
            held = select(role_holders.c.holder).where(
                role_holders.c.tenant_id == tenant,
                role_holders.c.scope.in_(scopes),
                role_holders.c.role_key == key,
                role_holders.c.holder == holder,
            )
            if conn.execute(held).first() is not None:
                return False
            conn.execute(
                insert(role_holders).values(
                    tenant_id=tenant,
                    scope=EVERY_CHAT if every_chat else chat_id,
                    role_key=key,
                    role_name=role_name.strip(),
                    holder=holder,
                    aad_id=person.aad_id,
                    email=person.email.casefold() if person.email else None,
                    name=person.name,
                    user_id=person.user_id,
                    added_at=event.at,
                    added_by_name=event.actor.name or None,
                )
            )
            conn.execute(insert(audit_events).values(**event_row(event, action_id=None)))
            return True

        try:
            return await self.database.write(add)
        except IntegrityError:
            return False

    async def grants_first_holder(self, chat_id: str, person: Person, role_name: str) -> bool:
        """Whether a person may name a role's first holder in a chat without holding a role: they organise its
        meetings, or they logged an action that the role owns (and did not take back)."""
        if not person.aad_id and not person.email:
            return False
        logged_by = [actions.c.created_by_aad_id == person.aad_id] if person.aad_id else []
        if person.email:
            logged_by.append(actions.c.created_by_email == person.email.casefold())
        organised = select(occurrences.c.id).where(
            occurrences.c.chat_id == chat_id, occurrences.c.organiser_aad_id == person.aad_id
        )
        owned = (
            select(actions.c.owner_name)
            .where(
                actions.c.chat_id == chat_id,
                actions.c.owner_kind == OwnerKind.ROLE.value,
                # One logged and taken back (/undo, Remove) is no way to the right.
                actions.c.status != ActionStatus.REMOVED.value,
                or_(*logged_by),
            )
            .distinct()
        )
        key = role_key(role_name)

        def read(conn: Connection) -> bool:
            if person.aad_id and conn.execute(organised.limit(1)).first() is not None:
                return True
            return any(role_key(row.owner_name or "") == key for row in conn.execute(owned))

        return await self.database.read(read)
