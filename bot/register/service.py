"""The action register: what can be done to actions, by whom. Plain Python over the storage port."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.register.calendar import DEFAULT_TIMEZONE, WorkingCalendar
from bot.register.commands import MAX_ACTION_TEXT, ActionDraft, Mention
from bot.register.control_chars import without_control_characters
from bot.register.deadlines import parse_deadline
from bot.register.email_address import looks_like_email
from bot.register.errors import InvalidInput, NotAllowed, NotFound
from bot.register.model import (
    Action,
    ActionChanges,
    ActionStatus,
    AuditEvent,
    Deadline,
    NewAction,
    Occurrence,
    Owner,
    OwnerKind,
    Person,
    Surface,
    role_key,
)
from bot.register.outcomes import ChatContext, Outcome
from bot.register.ports import Clock, RegisterStore
from bot.register.refusals import AUTHORISATION, record_refusal, refusal
from bot.register.removal import Removals
from bot.register.roles import SECRETARIAT, Roles
from bot.register.sentence import ActionReading, read_action

# A No. from minutes beyond this is a misread cell (a year, a phone number), not a numbering to keep.
MAX_KEPT_NUMBER = 9999


class ActionRegister:
    def __init__(
        self,
        store: RegisterStore,
        clock: Clock,
        *,
        calendar: WorkingCalendar | None = None,
        tz: str | None = None,
    ) -> None:
        """``calendar`` is the working calendar the chasers use too (its zone is the register's); ``tz`` alone
        means the default calendar in that zone."""
        if calendar is not None and tz is not None and calendar.tz.key != tz:
            raise ValueError(f"ActionRegister: tz {tz!r} differs from the calendar's {calendar.tz.key!r}")
        self.store = store
        self.clock = clock
        self.calendar = calendar or WorkingCalendar(tz=ZoneInfo(tz or DEFAULT_TIMEZONE))
        self.tz = self.calendar.tz
        self.tz_name = self.calendar.tz.key
        self.roles = Roles(store, clock)
        self.removals = Removals(self)

    def today(self) -> date:
        return self.clock.now().astimezone(self.tz).date()

    def read_deadline(self, words: str, *, locale: str = "en", reference: date | None = None) -> Deadline:
        """Deadline words read on ``reference`` (default today), working days counted on the register's calendar."""
        return parse_deadline(
            words, reference=reference or self.today(), locale=locale, tz=self.tz_name, calendar=self.calendar
        )

    def read_sentence(
        self,
        words: str,
        *,
        mentions: Sequence[Mention] = (),
        members: Sequence[Person] = (),
        locale: str = "en",
        reference: date | None = None,
    ) -> ActionReading:
        """An action sentence read by the one reader, on the register's calendar (see bot.register.sentence)."""
        return read_action(
            words,
            reference=reference or self.today(),
            members=members,
            mentions=mentions,
            locale=locale,
            calendar=self.calendar,
        )

    # -- logging and reading ----------------------------------------------------------------------------

    async def log(
        self,
        chat: ChatContext,
        actor: Person,
        draft: ActionDraft,
        *,
        surface: Surface,
        key: str | None,
        into: str | None = None,
        at: datetime | None = None,
        number: int | None = None,
    ) -> Outcome:
        draft = replace(draft, text=without_control_characters(draft.text))
        _check_text(draft.text)
        if surface is not Surface.IMPORT:
            _check_owner(draft.owner)
        now = at or self.clock.now()
        new = NewAction(
            id=uuid.uuid4().hex,
            tenant_id=chat.tenant_id,
            chat_id=chat.chat_id,
            text=draft.text,
            owner=draft.owner,
            deadline=draft.deadline,
            created_at=now,
            created_by=actor,
            meeting_id=chat.meeting_id,
            meeting_title=chat.title,
            occurrence_id=into,
            number=number if number is not None and 0 < number <= MAX_KEPT_NUMBER else None,
            # Logged into a past meeting: imported history, calm until reviewed (bot.register.chasing).
            imported_at=self.clock.now() if into is not None else None,
        )
        event = AuditEvent(
            action_id=new.id,
            chat_id=chat.chat_id,
            at=now,
            actor=actor,
            kind="logged",
            surface=surface,
            detail={
                "text": draft.text,
                "owner": draft.owner.name if draft.owner else None,
                "deadline": draft.deadline.text,
            },
        )
        stored = await self.store.insert_action(new, key=key, event=event)
        return Outcome(stored.action, stored.created, answered=stored.replied)

    async def open_actions(self, chat_id: str) -> list[Action]:
        return await self.store.find_actions(chat_id, open_only=True)

    async def first_open_actions(self, chat_id: str, limit: int) -> tuple[list[Action], int]:
        """The chat's first `limit` open actions and how many are open: a list card's rows read, not the whole
        register."""
        return await self.store.find_actions(chat_id, open_only=True, limit=limit), await self.store.count_open_actions(
            chat_id
        )

    async def action_in_chat(self, chat_id: str, action_id: object) -> Action:
        """The action with this id, if it belongs to this chat. Card data is user-controlled: never trust it."""
        if not isinstance(action_id, str) or not action_id or len(action_id) > 64:
            raise InvalidInput("error.card.malformed")
        action = await self.store.get_action(action_id)
        if action is None or action.chat_id != chat_id:
            raise NotFound("error.action.unknown_id")
        return action

    async def by_number(self, chat_id: str, number: int) -> Action:
        """Action No. `number` of the chat: one numbering per chat, so June's actions continue from March's."""
        found = await self.store.find_actions(chat_id, number=number)
        if not found:
            raise NotFound("error.number.unknown", number=number)
        return found[-1]

    async def occurrence(self, action: Action) -> Occurrence | None:
        return await self.store.occurrence(action.occurrence_id)

    async def meeting_starts(self, chat_id: str) -> dict[str, datetime]:
        """When each of the chat's meetings started, by occurrence id (cards date the numbers of mixed meetings)."""
        return {o.id: o.started_at for o in await self.store.occurrences_of(chat_id)}

    async def meeting_if_several(self, action: Action) -> Occurrence | None:
        """The action's meeting when its chat has had more than one (a card then says which meeting's No. it is)."""
        meetings = await self.store.occurrences_of(action.chat_id)
        if len(meetings) < 2:
            return None
        return next((o for o in meetings if o.id == action.occurrence_id), None)

    async def numbers_shown(self, actions: Sequence[Action]) -> None:
        """A card listed these actions: a number changed by the move to one numbering per chat has been shown."""
        changed = [a.id for a in actions if a.former_number is not None]
        if changed:
            await self.store.forget_former_numbers(changed)

    # -- changes --------------------------------------------------------------------------------------------

    async def complete(
        self, chat_id: str, action: Action, actor: Person, *, surface: Surface, key: str | None
    ) -> Outcome:
        await self.require_may_change(action, actor, what="done", surface=surface)
        if action.status is ActionStatus.DONE:
            return Outcome(action, False)
        now = self.clock.now()
        return await self._change(
            action,
            ActionChanges(at=now, status=ActionStatus.DONE, closed_at=now),
            AuditEvent(action.id, chat_id, now, actor, "completed", surface, {"from": action.status.value}),
            key,
        )

    async def edit(
        self,
        chat_id: str,
        action: Action,
        actor: Person,
        *,
        text: str | None,
        owner: Owner | None,
        deadline: Deadline | None,
        surface: Surface,
        key: str | None,
    ) -> Outcome:
        await self.require_may_change(action, actor, what="edit", surface=surface)
        if text is not None:
            text = without_control_characters(text).strip()
            _check_text(text)
        _check_owner(owner)
        detail: dict[str, object] = {}
        if text is not None and text != action.text:
            detail["text"] = [action.text, text]
        else:
            text = None
        if owner is not None and owner != action.owner:
            detail["owner"] = [action.owner.name if action.owner else None, owner.name]
        else:
            owner = None
        if deadline is not None and deadline != action.deadline:
            # The words as written, and the day picked for them when that is all that changed ("TBC" → 20 June).
            detail["deadline"] = [action.deadline.text, deadline.text]
            if deadline.text == action.deadline.text and deadline.due is not None:
                detail["due"] = deadline.due.isoformat()
        else:
            deadline = None
        if not detail:
            return Outcome(action, False)
        now = self.clock.now()
        return await self._change(
            action,
            ActionChanges(at=now, text=text, owner=owner, deadline=deadline),
            AuditEvent(action.id, chat_id, now, actor, "edited", surface, detail),
            key,
        )

    async def progress(
        self, chat_id: str, action: Action, actor: Person, *, update: str, surface: Surface, key: str | None = None
    ) -> Outcome:
        """The owner's progress update: kept as the action's latest update, shown at the next review."""
        await self.require_may_change(action, actor, what="progress", surface=surface)
        update = " ".join(update.split())
        if not update:
            raise InvalidInput("error.update.empty")
        if len(update) > MAX_ACTION_TEXT:
            raise InvalidInput("error.action.too_long", limit=MAX_ACTION_TEXT)
        now = self.clock.now()
        return await self._change(
            action,
            ActionChanges(at=now, latest_update=update),
            AuditEvent(action.id, chat_id, now, actor, "progress", surface, {"update": update}),
            key,
        )

    async def hand_back(
        self,
        chat_id: str,
        action: Action,
        actor: Person,
        *,
        reason: str,
        suggested: str,
        surface: Surface,
        key: str | None = None,
    ) -> Outcome:
        """The owner can't do it: the action loses its owner and goes back to the Secretariat to reassign."""
        await self.require_may_change(action, actor, what="hand_back", surface=surface)
        reason = " ".join(reason.split())
        suggested = " ".join(suggested.split())[:120]
        if not reason:
            raise InvalidInput("error.reason.missing_hand_back")
        if len(reason) > 500:
            raise InvalidInput("error.reason.too_long", limit=500)
        if not action.status.is_open:
            return Outcome(action, False)
        now = self.clock.now()
        detail: dict[str, object] = {
            "reason": reason,
            "suggested_owner": suggested or None,
            "from": action.owner.name if action.owner else None,
        }
        return await self._change(
            action,
            ActionChanges(at=now, clear_owner=True, latest_update=reason),
            AuditEvent(action.id, chat_id, now, actor, "handed_back", surface, detail),
            key,
        )

    async def snoozed(
        self, action: Action, actor: Person, *, until: datetime, surface: Surface, key: str | None = None
    ) -> Outcome:
        """Recorded as a change (a new version) so that a replayed or out-of-date snooze is recorded once."""
        await self.require_may_change(action, actor, what="snooze", surface=surface)
        now = self.clock.now()
        return await self._change(
            action,
            ActionChanges(at=now),
            AuditEvent(action.id, action.chat_id, now, actor, "snoozed", surface, {"until": until.isoformat()}),
            key,
        )

    async def action_for_answer(self, tenant_id: str, action_id: object) -> Action:
        """The action a reminder answer names, found by id: reminders are answered in 1:1 chats, not the action's
        own chat, so the tenant is the boundary (and may_change decides who)."""
        if not isinstance(action_id, str) or not action_id or len(action_id) > 64:
            raise InvalidInput("error.card.malformed")
        action = await self.store.get_action(action_id)
        if action is None or action.tenant_id != tenant_id:
            raise NotFound("error.action.unknown_id")
        return action

    async def _change(self, action: Action, changes: ActionChanges, event: AuditEvent, key: str | None) -> Outcome:
        updated, changed = await self.store.apply_change(
            action.id, expected_version=action.version, changes=changes, event=event, key=key
        )
        return Outcome(updated, changed)

    # -- who may do what --------------------------------------------------------------------------------------

    async def may_change(self, action: Action, actor: Person) -> bool:
        """The owner, whoever logged it, the meeting organiser, a holder of the owning role, or the Secretariat."""
        if actor.is_same(action.created_by):
            return True
        if action.owner is not None and action.owner.kind is OwnerKind.PERSON and actor.is_same(action.owner):
            return True
        occurrence = await self.store.occurrence(action.occurrence_id)
        if occurrence and occurrence.organiser_aad_id and occurrence.organiser_aad_id == actor.aad_id:
            return True
        roles = await self.store.roles_of(action.chat_id, actor)
        if role_key(SECRETARIAT) in roles:
            return True
        return action.owner is not None and action.owner.kind is OwnerKind.ROLE and role_key(action.owner.name) in roles

    async def require_may_change(self, action: Action, actor: Person, *, what: str, surface: Surface) -> None:
        """Refuses (the refusal audited and logged) anyone may_change does not allow; `what` names the change."""
        if action.status is ActionStatus.REMOVED:
            raise InvalidInput("error.action.removed", number=action.number)
        if not await self.may_change(action, actor):
            event = refusal(
                action_id=action.id,
                chat_id=action.chat_id,
                at=self.clock.now(),
                actor=actor,
                surface=surface,
                category=AUTHORISATION,
                what=what,
                reason="error.not_allowed",
            )
            await record_refusal(self.store, event)
            raise NotAllowed("error.not_allowed", number=action.number)

    # -- roles ----------------------------------------------------------------------------------------------

    async def role_holders(self, chat_id: str, role_name: str) -> list[Person]:
        return await self.store.role_holders(chat_id, role_name)


def _check_owner(owner: Owner | None) -> None:
    """Words meant as an email address that are not one ("jo@example") are refused, not filed as a role of that
    name: nobody could be reached by it. (Imported minutes keep what they say; the import shows it for checking.)"""
    if owner is not None and owner.kind is OwnerKind.ROLE and looks_like_email(owner.name):
        raise InvalidInput("error.email.invalid", given=owner.name[:80])


def _check_text(text: str) -> None:
    if not text.strip():
        raise InvalidInput("error.action.empty")
    if len(text) > MAX_ACTION_TEXT:
        raise InvalidInput("error.action.too_long", limit=MAX_ACTION_TEXT)
