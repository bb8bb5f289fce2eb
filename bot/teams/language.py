"""The language each reply is written in: the person's choice in 1:1 chats (first taken from their Teams locale),
the chat's setting in group and meeting chats (bilingual, Welsh first, unless the chat chose one language)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from bot.register.language import BILINGUAL, LanguageChoice
from bot.register.model import Person
from bot.register.ports import Clock
from bot.store.sql import SqlStore
from bot.teams.turn import TurnInfo
from cards import catalogue


def catalogue_locale(language: str) -> str:
    return catalogue.BILINGUAL if language == BILINGUAL else language


class Languages:
    def __init__(self, store: SqlStore, clock: Clock, *, default_chat_language: str) -> None:
        self.store = store
        self.clock = clock
        self.default_chat_language = default_chat_language

    async def person_language(self, info: TurnInfo) -> str:
        """The person's recorded choice; the first time, their Teams locale's language, recorded."""
        actor = info.actor
        fallback = catalogue.language_of(info.locale)
        if not actor.aad_id or not info.chat.tenant_id:
            return fallback
        person = await self.store.get_person(info.chat.tenant_id, actor.aad_id)
        if person and person.get("language"):
            return str(person["language"])
        if person is not None:
            await self.store.set_person_language(info.chat.tenant_id, actor.aad_id, fallback)
        return fallback

    async def of_person(self, tenant_id: str, person: Person) -> str | None:
        """A person's language for messages sent to them, when known (chosen, or from their Teams locale)."""
        return self.of_row(await self.store.find_person(tenant_id, person))

    @staticmethod
    def of_row(stored: Mapping[str, Any] | None) -> str | None:
        """The language a person's stored row gives: their choice, else their Teams locale's; None when neither."""
        if not stored:
            return None
        if stored.get("language"):
            return catalogue_locale(str(stored["language"]))
        return catalogue.language_of(stored.get("locale")) if stored.get("locale") else None

    async def chat_language(self, chat_id: str) -> str:
        chosen = (await self.store.chat_settings(chat_id)).get("language")
        return str(chosen) if chosen else self.default_chat_language

    async def for_turn(self, info: TurnInfo) -> TurnInfo:
        """The turn, with `locale` set to the language Chaser answers in."""
        language = (
            await self.person_language(info) if info.kind == "personal" else await self.chat_language(info.chat.chat_id)
        )
        return replace(info, locale=catalogue_locale(language), teams_locale=info.locale)

    async def choose(self, choice: LanguageChoice, info: TurnInfo) -> None:
        if choice.scope == "chat":
            await self.store.set_chat_setting(info.chat.chat_id, "language", choice.language, now=self.clock.now())
        elif info.actor.aad_id:
            await self.store.set_person_language(info.chat.tenant_id, info.actor.aad_id, choice.language)
