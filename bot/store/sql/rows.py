"""Rows to domain objects and back: how an action, a meeting and an audit event are stored."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Connection, Row
from sqlalchemy.exc import IntegrityError

from bot.register.model import (
    Action,
    ActionChanges,
    ActionStatus,
    AuditEvent,
    Deadline,
    DeadlineKind,
    NewAction,
    Occurrence,
    Owner,
    OwnerKind,
    Person,
    Surface,
)


def insert_ignoring_race(conn: Connection, table: Any, values: dict[str, Any]) -> None:
    # Two turns from one new chat can both find no row (on PostgreSQL); the loser's insert is a no-op, not an error.
    nested = conn.begin_nested()
    try:
        conn.execute(insert(table).values(**values))
        nested.commit()
    except IntegrityError:
        nested.rollback()


def new_id() -> str:
    return uuid.uuid4().hex


def action_row(action: NewAction, occurrence_id: str, number: int) -> dict[str, Any]:
    return {
        "id": action.id,
        "tenant_id": action.tenant_id,
        "chat_id": action.chat_id,
        "occurrence_id": occurrence_id,
        "number": number,
        "text": action.text,
        **owner_values(action.owner),
        **deadline_values(action.deadline),
        "status": ActionStatus.OPEN.value,
        "created_at": action.created_at,
        "created_by_name": action.created_by.name,
        "created_by_aad_id": action.created_by.aad_id,
        "created_by_user_id": action.created_by.user_id,
        "created_by_email": action.created_by.email,
        "updated_at": action.created_at,
        "closed_at": None,
        "latest_update": None,
        "version": 1,
        "former_number": None,
        "imported_at": action.imported_at,
        "reviewed_at": None,
    }


def stored_action(action: NewAction, occurrence_id: str, number: int) -> Action:
    """The action as insert_action just wrote it (no read back)."""
    return Action(
        id=action.id,
        tenant_id=action.tenant_id,
        chat_id=action.chat_id,
        occurrence_id=occurrence_id,
        number=number,
        text=action.text,
        owner=action.owner,
        deadline=action.deadline,
        status=ActionStatus.OPEN,
        created_at=action.created_at,
        created_by=action.created_by,
        updated_at=action.created_at,
        version=1,
        imported_at=action.imported_at,
    )


def owner_values(owner: Owner | None) -> dict[str, Any]:
    if owner is None:
        return {
            "owner_kind": None,
            "owner_name": None,
            "owner_aad_id": None,
            "owner_user_id": None,
            "owner_email": None,
        }
    return {
        "owner_kind": owner.kind.value,
        "owner_name": owner.name,
        "owner_aad_id": owner.aad_id,
        "owner_user_id": owner.user_id,
        "owner_email": owner.email,
    }


def deadline_values(deadline: Deadline) -> dict[str, Any]:
    return {
        "deadline_text": deadline.text,
        "deadline_kind": deadline.kind.value,
        "deadline_due": deadline.due,
        "deadline_latest": deadline.latest,
    }


def change_values(changes: ActionChanges) -> dict[str, Any]:
    values: dict[str, Any] = {"updated_at": changes.at}
    if changes.text is not None:
        values["text"] = changes.text
    if changes.owner is not None or changes.clear_owner:
        values.update(owner_values(changes.owner))
    if changes.deadline is not None:
        values.update(deadline_values(changes.deadline))
    if changes.status is not None:
        values["status"] = changes.status.value
        values["closed_at"] = None if changes.status.is_open else (changes.closed_at or changes.at)
    if changes.latest_update is not None:
        values["latest_update"] = changes.latest_update
    if changes.reviewed_at is not None:
        values["reviewed_at"] = changes.reviewed_at
    return values


def event_row(event: AuditEvent, *, action_id: str | None) -> dict[str, Any]:
    return {
        "action_id": action_id,
        "chat_id": event.chat_id,
        "at": event.at,
        "actor_name": event.actor.name,
        "actor_aad_id": event.actor.aad_id,
        "actor_user_id": event.actor.user_id,
        "actor_email": event.actor.email,
        "kind": event.kind,
        "surface": event.surface.value,
        "detail": dict(event.detail),
    }


def action_from_row(row: Row[Any]) -> Action:
    owner = None
    if row.owner_kind:
        owner = Owner(
            kind=OwnerKind(row.owner_kind),
            name=row.owner_name or "",
            aad_id=row.owner_aad_id,
            user_id=row.owner_user_id,
            email=row.owner_email,
        )
    return Action(
        id=row.id,
        tenant_id=row.tenant_id,
        chat_id=row.chat_id,
        occurrence_id=row.occurrence_id,
        number=row.number,
        text=row.text,
        owner=owner,
        deadline=Deadline(
            text=row.deadline_text,
            kind=DeadlineKind(row.deadline_kind),
            due=row.deadline_due,
            latest=row.deadline_latest,
        ),
        status=ActionStatus(row.status),
        created_at=row.created_at,
        created_by=Person(
            name=row.created_by_name,
            aad_id=row.created_by_aad_id,
            user_id=row.created_by_user_id,
            email=row.created_by_email,
        ),
        updated_at=row.updated_at,
        version=row.version,
        closed_at=row.closed_at,
        latest_update=row.latest_update,
        former_number=row.former_number,
        imported_at=row.imported_at,
        reviewed_at=row.reviewed_at,
    )


def occurrence_from_row(row: Row[Any]) -> Occurrence:
    return Occurrence(
        id=row.id,
        chat_id=row.chat_id,
        meeting_id=row.meeting_id,
        title=row.title,
        started_at=row.started_at,
        ended_at=row.ended_at,
        organiser_aad_id=row.organiser_aad_id,
        opened_by=row.opened_by,
        summary_posted_at=row.summary_posted_at,
        review_posted_at=row.review_posted_at,
    )


def audit_from_row(row: Row[Any]) -> AuditEvent:
    return AuditEvent(
        action_id=row.action_id,
        chat_id=row.chat_id,
        at=row.at,
        actor=Person(name=row.actor_name, aad_id=row.actor_aad_id, user_id=row.actor_user_id, email=row.actor_email),
        kind=row.kind,
        surface=Surface(row.surface),
        detail=dict(row.detail or {}),
    )
