"""The four answers an owner gives a reminder (Done, Progress update, Snooze, Can't do it), wherever they give them:
the reminder card in Teams (dialogs/reminder_answers.py) or the answer page reached from an email (bot/web).

One owner for the behaviour: the same register calls and rules (may_change, the version the answerer saw, the key
that makes a replay count once), the same audit events, the same replanning of chasers, the same notes to the
meeting chat.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta

from bot.register.calendar import WorkingCalendar
from bot.register.errors import InvalidInput
from bot.register.model import Action, Person, Surface
from bot.register.service import ActionRegister, Outcome
from bot.store.chasers import ChaserStore
from bot.teams.bot_connector import ConnectorError
from bot.teams.language import Languages, catalogue_locale
from bot.teams.outbox import Outbox, Unreachable
from cards.chaser_cards import SNOOZE_DATE, SNOOZE_DAY, SNOOZE_WEEK, chat_note

log = logging.getLogger(__name__)

SNOOZE_CHOICES = (SNOOZE_DAY, SNOOZE_WEEK, SNOOZE_DATE)


class OwnerAnswers:
    def __init__(
        self,
        register: ActionRegister,
        chasers: ChaserStore,
        outbox: Outbox,
        calendar: WorkingCalendar,
        *,
        notify_chat: bool = True,
        languages: Languages | None = None,
    ) -> None:
        # Notes to the meeting chat are in the chat's language (bilingual by default), not the answerer's.
        self.languages = languages
        self.register = register
        self.chasers = chasers
        self.outbox = outbox
        self.calendar = calendar
        self.notify_chat = notify_chat

    async def done(
        self, action: Action, actor: Person, *, surface: Surface, key: str | None, note_locale: str | None
    ) -> Outcome:
        outcome = await self.register.complete(action.chat_id, action, actor, surface=surface, key=key)
        if outcome.changed:
            await self._note(action, "chaser.note.done", note_locale, number=action.number, name=actor.name)
        return outcome

    async def progress(
        self, action: Action, actor: Person, *, update: str, surface: Surface, key: str | None
    ) -> Outcome:
        outcome = await self.register.progress(action.chat_id, action, actor, update=update, surface=surface, key=key)
        if outcome.changed:
            await self.chasers.note_answer(action.id, snoozed_until=None, last_update_at=self.register.clock.now())
        return outcome

    async def snooze(
        self, action: Action, actor: Person, *, choice: str, picked: str, surface: Surface, key: str | None
    ) -> Outcome:
        until = self.snooze_until(choice, picked)
        outcome = await self.register.snoozed(action, actor, until=until, surface=surface, key=key)
        if outcome.changed:
            await self.chasers.note_answer(action.id, snoozed_until=until, last_update_at=None)
        return outcome

    async def cant_do(
        self,
        action: Action,
        actor: Person,
        *,
        reason: str,
        suggested: str,
        surface: Surface,
        key: str | None,
        note_locale: str | None,
    ) -> Outcome:
        outcome = await self.register.hand_back(
            action.chat_id, action, actor, reason=reason, suggested=suggested, surface=surface, key=key
        )
        if outcome.changed:
            await self._note(action, "chaser.note.handed_back", note_locale, number=action.number, name=actor.name)
        return outcome

    def snooze_until(self, choice: str, picked: str) -> datetime:
        """The working moment a snooze ends: the next working day, a working week on, or a date within a year."""
        today = self.register.today()
        if choice == SNOOZE_DAY:
            day = self.calendar.add_working_days(today, 1)
        elif choice == SNOOZE_WEEK:
            day = self.calendar.add_working_days(today, 5)
        elif choice == SNOOZE_DATE:
            try:
                day = date.fromisoformat(picked)
            except ValueError:
                raise InvalidInput("error.snooze.date") from None
            if day <= today or day > today + timedelta(days=366):
                raise InvalidInput("error.snooze.date")
        else:
            raise InvalidInput("error.card.malformed")
        return self.calendar.next_working_time(datetime.combine(day, time(0), tzinfo=self.calendar.tz))

    async def _note(self, action: Action, key: str, locale: str | None, **params: object) -> None:
        if not self.notify_chat:
            return
        if self.languages is not None:
            locale = catalogue_locale(await self.languages.chat_language(action.chat_id))
        try:
            await self.outbox.to_chat(action.chat_id, chat_note(key, locale, **params))
        except (ConnectorError, Unreachable) as error:
            # The answer is recorded; a note that cannot reach the meeting chat is not worth failing it for.
            log.info("could not post a note to the meeting chat: %s", error)
