"""The Notifier port at the Teams edge: reminder cards through the outbox."""

from __future__ import annotations

import logging
from datetime import tzinfo

from bot.register.chasing import ChaserItem, NotReached, Sent
from bot.register.model import Person
from bot.teams.bot_connector import ConnectorError
from bot.teams.language import Languages
from bot.teams.outbox import Outbox, Unreachable
from cards.catalogue import BILINGUAL
from cards.chaser_cards import reminder_card

log = logging.getLogger(__name__)


class TeamsNotifier:
    def __init__(self, outbox: Outbox, languages: Languages, tz: tzinfo) -> None:
        self.languages = languages
        self.outbox = outbox
        self.tz = tz

    async def remind(
        self, tenant_id: str, person: Person, items: list[ChaserItem], *, fallback_chat_id: str | None, escalation: bool
    ) -> Sent:
        locale = await self._locale_of(tenant_id, person)
        card = reminder_card(items, locale=locale, tz=self.tz, escalation=escalation)
        try:
            delivery = await self.outbox.to_person(tenant_id, person, card, fallback_chat_id=fallback_chat_id)
        except ConnectorError as error:
            raise NotReached(f"http_{error.status}", retry_after=error.retry_after) from error
        except Unreachable as error:
            raise NotReached("unreachable") from error
        if delivery.route == "failed":
            raise NotReached(delivery.error or "unreachable")
        return Sent(delivery.route, delivery.conversation_id, delivery.message_id)

    async def _locale_of(self, tenant_id: str, person: Person) -> str | None:
        # A person's own language; bilingual when Chaser does not know it (the Welsh Language Standards' rule).
        return await self.languages.of_person(tenant_id, person) or BILINGUAL
