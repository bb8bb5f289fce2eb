"""The Notifier port: a reminder to one person (and, when a meeting ends, the actions they own), by the first route
that reaches them.

The order is fixed: their 1:1 chat with Chaser → the app installed for them through Graph, then that chat (when
CHASER_TEAMS_APP_ID is set) → email (their own address, or their mailbox from Graph when allowed; CHASER_MAIL) → an
@mention in the meeting chat → unreachable. Each route's refusal is recorded against the person (an uninstallable
app, a mailbox that refuses) and the next is tried; a failure that is nobody's fault (Teams or the relay down, a
rate used up) raises NotReached so the sweeper tries again later. The route that worked is recorded for /chasers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any, Protocol

from bot.mail.mailer import Mailer
from bot.mail.message import MailNotSent, build_message, message_id
from bot.register import reach
from bot.register.chasing import ChaserItem, NotReached, Sent
from bot.register.model import Action, Occurrence, Person
from bot.register.ports import Clock
from bot.register.reach import EMAIL, INSTALLED, MAIL_REFUSED_FOR, PERSONAL, ReachFacts, ReachOptions, Refused
from bot.store.sql import SqlStore
from bot.teams.answer_links import AnswerLinks
from bot.teams.bot_connector import ConnectorError
from bot.teams.language import Languages
from bot.teams.outbox import Delivery, Outbox, Unreachable
from cards.catalogue import BILINGUAL
from cards.chaser_cards import reminder_card
from cards.email_chaser import EmailContent, chaser_email, digest_email
from cards.summary_cards import owner_digest_card

log = logging.getLogger(__name__)


class Installer(Protocol):
    """Installs Chaser for a person through Graph and gives the 1:1 chat it opens (bot.graph.install). Raises Refused
    when Graph says no for this person, NotReached when Graph is unavailable for now."""

    async def install(self, tenant_id: str, aad_id: str) -> str: ...


class MailLookup(Protocol):
    """A Teams user's mail address from the directory, when Chaser is allowed to read it (bot.graph.users)."""

    async def address_of(self, aad_id: str) -> str | None: ...


@dataclass(frozen=True)
class Routes:
    """The routes beyond Teams' 1:1 chat and the meeting chat; each is None when it is not configured."""

    mailer: Mailer | None = None
    links: AnswerLinks | None = None
    installer: Installer | None = None
    lookup: MailLookup | None = None

    @property
    def options(self) -> ReachOptions:
        return ReachOptions(
            install=self.installer is not None,
            mail=self.mailer is not None and self.links is not None,
            mail_lookup=self.lookup is not None,
        )


@dataclass(frozen=True)
class MailPlan:
    """What an email would say, should mail be the route: the actions it links to, the stages it stands for (its
    Message-ID), and its content once the links are known."""

    actions: Sequence[Action]
    stages: list[str]
    content: Callable[[Mapping[str, str]], EmailContent]


class ChaserNotifier:
    def __init__(self, outbox: Outbox, tz: tzinfo, *, store: SqlStore, clock: Clock, routes: Routes) -> None:
        self.outbox = outbox
        self.tz = tz
        self.store = store
        self.clock = clock
        self.routes = routes
        self.options = routes.options

    async def remind(
        self, tenant_id: str, person: Person, items: list[ChaserItem], *, fallback_chat_id: str | None, escalation: bool
    ) -> Sent:
        row = await self.store.find_person(tenant_id, person)
        person = known_as(person, row)
        # A person's own language; bilingual when Chaser does not know it (the Welsh Language Standards' rule).
        locale = Languages.of_row(row) or BILINGUAL
        card = reminder_card(items, locale=locale, tz=self.tz, escalation=escalation)
        days = self.routes.links.days if self.routes.links else 0

        def email(urls: Mapping[str, str]) -> EmailContent:
            return chaser_email(items, urls, locale=locale, tz=self.tz, escalation=escalation, link_days=days)

        mail = MailPlan([i.action for i in items], [f"{i.action.id}:{i.stage}" for i in items], email)
        return await self._send(tenant_id, person, row, card, mail, fallback_chat_id)

    async def identify(self, tenant_id: str, person: Person) -> Person:
        """The person with every id Chaser has for them (see known_as)."""
        return known_as(person, await self.store.find_person(tenant_id, person))

    async def digest(
        self,
        tenant_id: str,
        person: Person,
        occurrence: Occurrence,
        actions: list[Action],
        *,
        chat_locale: str | None,
        fallback_chat_id: str | None,
    ) -> Sent:
        """What one owner takes away from a meeting, by the same routes as a reminder: the card in Teams (in their
        language, else the meeting chat's), or an email with an answer link per action (their language, else both)."""
        row = await self.store.find_person(tenant_id, person)
        person = known_as(person, row)
        known = Languages.of_row(row)
        card = owner_digest_card(occurrence, actions, locale=known or chat_locale, tz=self.tz)
        days = self.routes.links.days if self.routes.links else 0

        def email(urls: Mapping[str, str]) -> EmailContent:
            return digest_email(occurrence, actions, urls, locale=known or BILINGUAL, tz=self.tz, link_days=days)

        mail = MailPlan(actions, [f"{a.id}:digest:{occurrence.id}" for a in actions], email)
        return await self._send(tenant_id, person, row, card, mail, fallback_chat_id)

    async def _send(
        self,
        tenant_id: str,
        person: Person,
        row: dict[str, Any] | None,
        card: dict[str, Any],
        mail: MailPlan,
        fallback_chat_id: str | None,
    ) -> Sent:
        now = self.clock.now()
        try:
            delivery = await self._deliver(tenant_id, person, row, card, mail, fallback_chat_id)
        except ConnectorError as error:
            raise NotReached(error.outcome, retry_after=error.retry_after) from error
        except MailNotSent as error:
            raise NotReached(error.reason, retry_after=error.retry_after) from error
        if delivery is None or delivery.route == "failed":
            await self._record(tenant_id, person, row, {"reach_route": "unreachable", "reach_at": now})
            raise NotReached("unreachable")
        reached: dict[str, Any] = {"reach_route": delivery.route, "reach_at": now}
        if delivery.route == EMAIL and (row or {}).get("mail_failure"):
            # Mail has gone through since the mailbox last refused (a full mailbox, a delay): /chasers stops saying so.
            reached.update(mail_failure=None, mail_failed_at=None)
        await self._record(tenant_id, person, row, reached)
        return Sent(delivery.route, delivery.conversation_id, delivery.message_id)

    async def _deliver(
        self,
        tenant_id: str,
        person: Person,
        row: dict[str, Any] | None,
        card: dict[str, Any],
        mail: MailPlan,
        fallback_chat_id: str | None,
    ) -> Delivery | None:
        facts = ReachFacts.of(person, row)
        for route in reach.routes(facts, self.options, now=self.now, meeting_chat=fallback_chat_id is not None):
            try:
                if route == PERSONAL:
                    return await self.outbox.to_personal_chat(tenant_id, person, card)
                if route == INSTALLED:
                    return await self._installed(tenant_id, person, row, card)
                if route == EMAIL:
                    delivery = await self._mail(tenant_id, person, row, mail)
                    if delivery is not None:
                        return delivery
                    continue
                assert fallback_chat_id is not None
                return await self.outbox.mention_in_chat(tenant_id, person, card, fallback_chat_id)
            except (Unreachable, Refused):
                continue
        return None

    async def _installed(
        self, tenant_id: str, person: Person, row: dict[str, Any] | None, card: dict[str, Any]
    ) -> Delivery:
        installer = self.routes.installer
        assert installer is not None and person.aad_id is not None
        try:
            chat_id = await installer.install(tenant_id, person.aad_id)
        except Refused as refused:
            values = {"install_failure": refused.detail, "install_failed_at": self.now}
            await self._record(tenant_id, person, row, values)
            raise
        return await self.outbox.to_installed_chat(tenant_id, person, chat_id, card)

    async def _mail(
        self, tenant_id: str, person: Person, row: dict[str, Any] | None, mail: MailPlan
    ) -> Delivery | None:
        mailer, links = self.routes.mailer, self.routes.links
        if mailer is None or links is None:
            return None
        address = person.email or (row or {}).get("email")
        if not address and person.aad_id and self.routes.lookup is not None:
            address = await self.routes.lookup.address_of(person.aad_id)
            if address:
                person = Person(person.name, aad_id=person.aad_id, user_id=person.user_id, email=address)
                await self._record(tenant_id, person, row, {"email": address})
        if not address:
            return None
        # The links name the person by their strongest id, so the page finds them whichever way they were reached.
        urls = {action.id: links.url(action.id, person) for action in mail.actions}
        content = mail.content(urls)
        outgoing = build_message(
            content,
            sender=mailer.sender,
            recipient=str(address),
            recipient_name=person.name or None,
            at=self.now,
            msg_id=message_id(mailer.sender, str(address), mail.stages, secret=links.secret),
        )
        try:
            await mailer.send(outgoing)
        except MailNotSent as error:
            if not error.recipient:
                raise
            values: dict[str, Any] = {"mail_failure": error.detail, "mail_failed_at": self.now}
            if error.permanent:
                values["mail_refused_until"] = self.now + MAIL_REFUSED_FOR
            await self._record(tenant_id, person, row, values)
            if not error.permanent:
                raise
            raise Refused(error.detail) from error
        return Delivery(EMAIL, None, outgoing.message_id)

    @property
    def now(self) -> datetime:
        return self.clock.now()

    async def _record(self, tenant_id: str, person: Person, row: dict[str, Any] | None, values: dict[str, Any]) -> None:
        # reach_at is when the person was first reached this way: reached as before, there is nothing to write.
        if row is not None and all(row.get(k) == v for k, v in values.items() if k != "reach_at"):
            return
        await self.store.update_person(tenant_id, person, values, now=self.now)


def known_as(person: Person, row: Mapping[str, Any] | None) -> Person:
    """The person with every id Chaser has for them: an owner written as an address who is also a Teams user Chaser
    knows is reached as that Teams user (their 1:1 chat first), not as a stranger."""
    if not row:
        return person
    return Person(
        person.name,
        aad_id=person.aad_id or row.get("aad_id"),
        user_id=person.user_id or row.get("user_id"),
        email=person.email or row.get("email"),
    )
