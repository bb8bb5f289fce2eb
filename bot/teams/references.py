"""Conversation references for every chat and person Chaser hears from: what proactive messages need later."""

from __future__ import annotations

from collections import OrderedDict

from botbuilder.schema import Activity

from bot.register.ports import Clock
from bot.store.sql import SqlStore
from bot.teams.turn import TurnInfo, reference_of

_REMEMBERED = 10_000


class ReferenceRecorder:
    """Stores references, skipping writes when nothing changed since this process last stored them."""

    def __init__(self, store: SqlStore, clock: Clock) -> None:
        self._store = store
        self._clock = clock
        self._written: OrderedDict[str, str] = OrderedDict()

    async def record(self, activity: Activity, info: TurnInfo) -> None:
        if not info.chat.chat_id or not info.chat.tenant_id:
            return
        now = self._clock.now()
        bot_id = activity.recipient.id if activity.recipient else None
        chat_fingerprint = _fingerprint(info.service_url, bot_id, info.kind, info.chat.title, info.chat.tenant_id)
        chat_key = f"chat:{info.chat.chat_id}"
        reference: dict[str, object] | None = None
        if not self._is_current(chat_key, chat_fingerprint):
            reference = self._reference(activity, info)
            await self._store.save_chat(
                chat_id=info.chat.chat_id,
                tenant_id=info.chat.tenant_id,
                kind=info.kind,
                title=info.chat.title,
                service_url=info.service_url,
                reference=reference,
                now=now,
            )
            self._remember(chat_key, chat_fingerprint)
        actor = info.actor
        if actor.aad_id:
            personal = info.kind == "personal"
            person_fingerprint = _fingerprint(actor.name, actor.user_id, info.locale, personal and chat_fingerprint)
            person_key = f"person:{info.chat.tenant_id}:{actor.aad_id}"
            if not self._is_current(person_key, person_fingerprint):
                if personal and reference is None:
                    reference = self._reference(activity, info)
                await self._store.save_person(
                    tenant_id=info.chat.tenant_id,
                    aad_id=actor.aad_id,
                    user_id=actor.user_id,
                    name=actor.name or None,
                    locale=info.locale,
                    service_url=info.service_url,
                    personal_chat_id=info.chat.chat_id if personal else None,
                    reference=reference if personal else None,
                    now=now,
                )
                self._remember(person_key, person_fingerprint)

    @staticmethod
    def _reference(activity: Activity, info: TurnInfo) -> dict[str, object]:
        reference = reference_of(activity)
        # The SDK's schema drops conversation.tenantId; keep it in the reference we replay later.
        reference.setdefault("conversation", {})["tenantId"] = info.chat.tenant_id
        return reference

    def _is_current(self, key: str, fingerprint: str) -> bool:
        if self._written.get(key) == fingerprint:
            self._written.move_to_end(key)
            return True
        return False

    def _remember(self, key: str, fingerprint: str) -> None:
        # Only after the write committed: a failed write must be retried on the next turn.
        self._written[key] = fingerprint
        if len(self._written) > _REMEMBERED:
            self._written.popitem(last=False)

    def forget(self) -> None:
        self._written.clear()


def _fingerprint(*parts: object) -> str:
    # Compared, never stored: the parts' repr is enough to tell a change, and far cheaper per turn than hashing JSON.
    return repr(parts)
