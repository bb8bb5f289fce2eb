"""The one way out for proactive messages (the Notifier port): summaries, owner digests and chasers.

To a person: their 1:1 chat with Chaser (stored reference, else created), and when they cannot be reached there (the
app is not installed for them: 403, or no way to open the chat), an @mention in the meeting chat instead; the person
is recorded as unreachable for the secretariat to see. Every send is paced to Teams' limits, and retried on a dropped
connection, a timeout, 408, 412, 429 (after Retry-After) and 5xx with jittered exponential back-off, a bounded number
of times. Inside a reminder every attempt is journaled (bot.register.delivery).
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from bot.register.delivery import current_journal
from bot.register.model import Person
from bot.register.ports import Clock
from bot.store.sql import SqlStore
from bot.teams.bot_connector import BotConnector, ConnectorError
from bot.teams.pacing import Pacer
from cards.envelope import attachment

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BACKOFF_BASE = 1.0
BACKOFF_MAX = 30.0


@dataclass(frozen=True)
class Delivery:
    """Where a message went: "personal" (1:1 chat), "chat" (a group or meeting chat), "mention" (the meeting chat,
    @mentioning someone who could not be reached 1:1), or "failed"."""

    route: str
    conversation_id: str | None
    message_id: str | None = None
    error: str | None = None
    attempts: int = 1


class Unreachable(Exception):
    """A person Chaser cannot message 1:1 (the app is not installed for them, or no route is known)."""


class Outbox:
    def __init__(
        self,
        connector: BotConnector,
        store: SqlStore,
        clock: Clock,
        *,
        pacer: Pacer | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.connector = connector
        self.store = store
        self.clock = clock
        self.pacer = pacer or Pacer()
        self._sleep = sleep
        self._jitter = jitter

    async def to_chat(self, chat_id: str, card: dict[str, Any]) -> Delivery:
        chat = await self.store.get_chat(chat_id)
        if chat is None:
            raise Unreachable(f"no reference stored for chat {chat_id}")
        return await self._send(chat["tenant_id"], chat["service_url"], chat_id, _card_activity(card), "chat")

    async def to_person(
        self, tenant_id: str, person: Person, card: dict[str, Any], *, fallback_chat_id: str | None
    ) -> Delivery:
        try:
            return await self.to_personal_chat(tenant_id, person, card)
        except Unreachable:
            pass
        if fallback_chat_id is None:
            return Delivery("failed", None, error="unreachable")
        return await self.mention_in_chat(tenant_id, person, card, fallback_chat_id)

    async def to_personal_chat(self, tenant_id: str, person: Person, card: dict[str, Any]) -> Delivery:
        """The person's 1:1 chat with Chaser. Unreachable (and recorded so) when Teams says the app is not installed
        for them (403, 404) or there is no way to open the chat; other connector errors are raised for a retry."""
        if not (person.aad_id or person.user_id):
            raise Unreachable("no Teams identity")
        try:
            conversation_id, service_url = await self._personal_chat(tenant_id, person)
            return await self._send(tenant_id, service_url, conversation_id, _card_activity(card), "personal")
        except (Unreachable, ConnectorError) as error:
            if isinstance(error, ConnectorError) and error.status not in (403, 404):
                raise
            log.info("person not reachable 1:1 (%s)", type(error).__name__)
            if person.aad_id:
                await self.store.mark_unreachable(tenant_id, person.aad_id, self.clock.now())
            raise Unreachable("not reachable 1:1") from error

    async def to_installed_chat(self, tenant_id: str, person: Person, chat_id: str, card: dict[str, Any]) -> Delivery:
        """The 1:1 chat that installing the app for the person opened (its id from Graph); kept as their 1:1 chat,
        so later reminders go there directly."""
        route = await self.store.any_chat_of_tenant(tenant_id)
        if route is None:
            raise Unreachable("no service URL known for this tenant")
        service_url, bot_id = route
        delivery = await self._send(tenant_id, service_url, chat_id, _card_activity(card), "installed")
        user_id = person.user_id or person.aad_id or ""
        await self._remember_personal_chat(tenant_id, person, user_id, service_url, bot_id, chat_id)
        return delivery

    async def mention_in_chat(self, tenant_id: str, person: Person, card: dict[str, Any], chat_id: str) -> Delivery:
        """The card in the meeting chat with an @mention of the person (who must have a Teams identity)."""
        chat = await self.store.get_chat(chat_id)
        if chat is None or not (person.user_id or person.aad_id):
            return Delivery("failed", None, error="unreachable")
        activity = _card_activity(with_mention(card, person))
        return await self._send(tenant_id, chat["service_url"], chat_id, activity, "mention")

    async def _personal_chat(self, tenant_id: str, person: Person) -> tuple[str, str]:
        stored = await self.store.get_person(tenant_id, person.aad_id) if person.aad_id else None
        if stored and stored.get("personal_chat_id") and stored.get("service_url"):
            return str(stored["personal_chat_id"]), str(stored["service_url"])
        route = await self.store.any_chat_of_tenant(tenant_id)
        # Teams accepts the Entra object id in place of the 29: id for 1:1 chats with the app installed.
        user_id = (stored or {}).get("user_id") or person.user_id or person.aad_id
        if route is None or not user_id:
            raise Unreachable("no stored 1:1 chat and nothing to open one with")
        service_url, bot_id = route
        await self.pacer.wait(tenant_id=tenant_id, conversation_id="create:" + str(user_id))
        conversation_id = await self._retrying(
            lambda: self.connector.create_conversation(
                service_url, bot_id=bot_id, user_id=str(user_id), tenant_id=tenant_id
            )
        )
        await self._remember_personal_chat(tenant_id, person, str(user_id), service_url, bot_id, conversation_id)
        return conversation_id, service_url

    async def _remember_personal_chat(
        self, tenant_id: str, person: Person, user_id: str, service_url: str, bot_id: str, conversation_id: str
    ) -> None:
        if not person.aad_id:
            return
        await self.store.save_person(
            tenant_id=tenant_id,
            aad_id=person.aad_id,
            user_id=user_id,
            name=person.name or None,
            locale=None,
            service_url=service_url,
            personal_chat_id=conversation_id,
            reference={
                "bot": {"id": bot_id},
                "user": {"id": user_id},
                "conversation": {"id": conversation_id, "tenantId": tenant_id},
                "serviceUrl": service_url,
                "channelId": "msteams",
            },
            now=self.clock.now(),
        )

    async def _send(
        self, tenant_id: str, service_url: str, conversation_id: str, activity: dict[str, Any], route: str
    ) -> Delivery:
        attempts = 0

        async def once() -> str | None:
            nonlocal attempts
            attempts += 1
            journal = current_journal.get()
            if journal is None:
                await self.pacer.wait(tenant_id=tenant_id, conversation_id=conversation_id)
                return await self.connector.send(service_url, conversation_id, activity)
            # Written while the pacer waits, so no database time comes between the send's slot and the send: a send
            # that leaves late bunches with the next ones and draws 429s (measured with benchmarks/sweep.py). A crash
            # in the wait reports a send that never left as unknown: the report errs on the side of "may".
            await asyncio.gather(
                journal.sending(route), self.pacer.wait(tenant_id=tenant_id, conversation_id=conversation_id)
            )
            try:
                message_id = await self.connector.send(service_url, conversation_id, activity)
            except ConnectorError as error:
                await journal.failed(error.outcome)
                raise
            await journal.sent(route, conversation_id, message_id)
            return message_id

        message_id = await self._retrying(once)
        return Delivery(route, conversation_id, message_id, attempts=attempts)

    async def _retrying(self, call: Callable[[], Awaitable[Any]]) -> Any:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                return await call()
            except ConnectorError as error:
                if not error.retryable or attempt == MAX_ATTEMPTS:
                    raise
                await self._sleep(self._backoff(attempt, error.retry_after))
        raise AssertionError("unreachable")

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return retry_after
        ceiling = min(BACKOFF_MAX, BACKOFF_BASE * 2 ** (attempt - 1))
        # Full jitter: replicas that failed together do not retry together.
        return ceiling * (0.5 + self._jitter() / 2)


def _card_activity(card: dict[str, Any]) -> dict[str, Any]:
    return {"type": "message", "attachments": [attachment(card)]}


def with_mention(card: dict[str, Any], person: Person) -> dict[str, Any]:
    """The card with an @mention of the person on top, so Teams notifies them in the meeting chat."""
    mention_text = f"<at>{person.name}</at>"
    mentioned_id = person.user_id or person.aad_id or ""
    mentioned = {**card, "body": [{"type": "TextBlock", "text": mention_text, "wrap": True}, *card.get("body", [])]}
    entities = list(card.get("msteams", {}).get("entities", []))
    entities.append({"type": "mention", "text": mention_text, "mentioned": {"id": mentioned_id, "name": person.name}})
    mentioned["msteams"] = {**card.get("msteams", {}), "entities": entities}
    return mentioned
