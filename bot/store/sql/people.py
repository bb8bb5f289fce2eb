"""People: one row per person, known by their Entra id, their email address or both; their language, their 1:1 chat,
and how Chaser reaches them (the route it last used, what refused it).

A person first known by address ("mailto:jo@example.org") and later seen in Teams with that address is one person:
the address row becomes (or is merged into) the Teams row, keeping the language and link revocations recorded.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from bot.register.model import ActionStatus, OwnerKind, Person
from bot.store.schema import actions, people
from bot.store.sql.base import StoreBase
from bot.store.sql.rows import insert_ignoring_race

# What an address row carries over when it is merged into the Teams row of the same person.
_MERGED = ("language", "links_valid_from", "mail_failure", "mail_failed_at", "mail_refused_until")


def row_key(person: Person) -> str | None:
    """The people row's key: the Entra id, else the address (bot.register.model.Person.key for those two)."""
    if person.aad_id:
        return person.aad_id
    if person.email:
        return "mailto:" + person.email.casefold()
    return None


def _find(conn: Connection, tenant_id: str, person: Person) -> Any:
    """By Entra id, else by address (an address row that belongs to another Teams user is not this person's)."""
    if person.aad_id:
        row = conn.execute(select(people).where(people.c.tenant_id == tenant_id, people.c.aad_id == person.aad_id))
        found = row.first()
        if found is not None:
            return found
    if person.email:
        query = select(people).where(people.c.tenant_id == tenant_id, people.c.email == person.email.casefold())
        if person.aad_id:
            query = query.where(people.c.aad_id.is_(None) | (people.c.aad_id == person.aad_id))
        return conn.execute(query).first()
    return None


def _address_taken(conn: Connection, tenant_id: str, address: str) -> bool:
    query = select(people.c.person_key).where(people.c.tenant_id == tenant_id, people.c.email == address)
    return conn.execute(query).first() is not None


def _where(tenant_id: str, key: str) -> ColumnElement[bool]:
    return and_(people.c.tenant_id == tenant_id, people.c.person_key == key)


class PeopleRecords(StoreBase):
    async def save_person(
        self,
        *,
        tenant_id: str,
        aad_id: str,
        user_id: str | None,
        name: str | None,
        locale: str | None,
        service_url: str | None,
        personal_chat_id: str | None,
        reference: Mapping[str, Any] | None,
        now: datetime,
        email: str | None = None,
    ) -> None:
        """A Teams user as Teams describes them (a 1:1 chat, their locale, their address when the roster gives it)."""
        values: dict[str, Any] = {"updated_at": now}
        for column, value in (
            ("user_id", user_id),
            ("name", name),
            ("locale", locale),
            ("service_url", service_url),
            ("personal_chat_id", personal_chat_id),
            ("reference", dict(reference) if reference is not None else None),
        ):
            if value is not None:
                values[column] = value
        if personal_chat_id is not None:
            values["unreachable_since"] = None
        address = email.casefold() if email else None

        def save(conn: Connection) -> None:
            if address:
                self._merge_address(conn, tenant_id, aad_id, address, now)
                values["email"] = address
            if conn.execute(select(people.c.person_key).where(_where(tenant_id, aad_id))).first():
                conn.execute(update(people).where(_where(tenant_id, aad_id)).values(**values))
            else:
                row = {"tenant_id": tenant_id, "person_key": aad_id, "aad_id": aad_id, "created_at": now, **values}
                insert_ignoring_race(conn, people, row)

        await self.database.write(save)

    @staticmethod
    def _merge_address(conn: Connection, tenant_id: str, aad_id: str, address: str, now: datetime) -> None:
        """The address row of this Teams user becomes theirs: renamed when they have no row yet, else merged."""
        other = conn.execute(
            select(people).where(
                people.c.tenant_id == tenant_id, people.c.email == address, people.c.person_key != aad_id
            )
        ).first()
        if other is None:
            return
        if other.aad_id and other.aad_id != aad_id:
            # The address moved to another Teams user (a reissued mailbox): it is theirs now, not the old row's.
            conn.execute(update(people).where(_where(tenant_id, other.person_key)).values(email=None))
            return
        mine = conn.execute(select(people).where(_where(tenant_id, aad_id))).first()
        if mine is None:
            conn.execute(
                update(people)
                .where(_where(tenant_id, other.person_key))
                .values(person_key=aad_id, aad_id=aad_id, updated_at=now)
            )
            return
        carried = {c: getattr(other, c) for c in _MERGED if getattr(mine, c) is None and getattr(other, c) is not None}
        conn.execute(delete(people).where(_where(tenant_id, other.person_key)))
        if carried:
            conn.execute(update(people).where(_where(tenant_id, aad_id)).values(**carried))

    async def get_person(self, tenant_id: str, aad_id: str) -> dict[str, Any] | None:
        def get(conn: Connection) -> dict[str, Any] | None:
            row = conn.execute(select(people).where(people.c.tenant_id == tenant_id, people.c.aad_id == aad_id)).first()
            return dict(row._mapping) if row else None

        return await self.database.read(get)

    async def find_person(self, tenant_id: str, person: Person) -> dict[str, Any] | None:
        """The row of this person, by Entra id or else by address (None when Chaser has none)."""

        def get(conn: Connection) -> dict[str, Any] | None:
            row = _find(conn, tenant_id, person)
            return dict(row._mapping) if row else None

        return await self.database.read(get)

    async def set_person_language(self, tenant_id: str, aad_id: str, language: str) -> None:
        statement = (
            update(people).where(people.c.tenant_id == tenant_id, people.c.aad_id == aad_id).values(language=language)
        )
        await self.database.write(lambda conn: conn.execute(statement))

    async def update_person(self, tenant_id: str, person: Person, values: Mapping[str, Any], *, now: datetime) -> None:
        """Set columns of a person's row, making the row when Chaser has none (a person known by address)."""
        key = row_key(person)
        if key is None:
            return

        def save(conn: Connection) -> None:
            found = _find(conn, tenant_id, person)
            if found is not None:
                conn.execute(update(people).where(_where(tenant_id, found.person_key)).values(**values, updated_at=now))
                return
            address = person.email.casefold() if person.email else None
            if address and person.aad_id and _address_taken(conn, tenant_id, address):
                address = None
            row = {
                "tenant_id": tenant_id,
                "person_key": key,
                "aad_id": person.aad_id,
                "email": address,
                "user_id": person.user_id,
                "name": person.name or None,
                "created_at": now,
                "updated_at": now,
                **values,
            }
            insert_ignoring_race(conn, people, row)

        await self.database.write(save)

    async def mark_unreachable(self, tenant_id: str, aad_id: str, at: datetime) -> None:
        await self.update_person(
            tenant_id, Person("", aad_id=aad_id), {"unreachable_since": at, "personal_chat_id": None}, now=at
        )

    async def owners_with_rows(
        self, chat_id: str, tenant_id: str, *, limit: int
    ) -> list[tuple[Person, dict[str, Any] | None]]:
        """The people who own open actions of a chat (at most `limit`), each with their stored row."""
        query = (
            select(actions.c.owner_name, actions.c.owner_aad_id, actions.c.owner_user_id, actions.c.owner_email)
            .where(
                actions.c.chat_id == chat_id,
                actions.c.status == ActionStatus.OPEN.value,
                actions.c.owner_kind == OwnerKind.PERSON.value,
            )
            .distinct()
            .limit(limit)
        )

        def read(conn: Connection) -> list[tuple[Person, dict[str, Any] | None]]:
            found = []
            for row in conn.execute(query).all():
                person = Person(
                    row.owner_name or "", aad_id=row.owner_aad_id, user_id=row.owner_user_id, email=row.owner_email
                )
                stored = _find(conn, tenant_id, person)
                found.append((person, dict(stored._mapping) if stored else None))
            return found

        return await self.database.read(read)

    async def tenants_with_address(self, address: str) -> list[str]:
        """The tenants where someone is known by this address: a person's row, or an action's owner (a bounce names
        an address, not a tenant)."""
        found = address.casefold()

        def read(conn: Connection) -> list[str]:
            known = select(people.c.tenant_id).where(people.c.email == found)
            owning = select(actions.c.tenant_id).where(actions.c.owner_email == found)
            return sorted({str(r[0]) for r in conn.execute(known.union(owning))})

        return await self.database.read(read)
