"""From a recognised command to a register call and a reply, one function per command (card answers: dialogs/)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable

from bot.register.commands import CommandCall, Mention, parse_action, parse_number
from bot.register.errors import ChaserError, InvalidInput
from bot.register.language import parse_language_choice
from bot.register.meetings import Meetings
from bot.register.model import Person, Surface
from bot.register.role_command import chat_only, parse_role_words
from bot.register.service import ActionRegister
from bot.teams.action_list import open_actions_card
from bot.teams.chaser_view import ChaserView
from bot.teams.exports_route import ExportLinks
from bot.teams.language import Languages, catalogue_locale
from bot.teams.replies import Directory, Reply
from bot.teams.turn import TurnInfo
from cards.action_cards import action_card, action_form_card
from cards.catalogue import t
from cards.deadline_format import format_day
from cards.help_card import help_card
from cards.import_cards import import_form_card
from cards.review_cards import review_cards
from cards.role_text import holders_text, roles_text
from cards.summary_cards import meeting_summary_cards
from cards.text import escape_markdown, markdown_message

log = logging.getLogger(__name__)

MAX_CARD_FIELD = 2000


Handler = Callable[[CommandCall, TurnInfo, Directory, str | None], Awaitable[Reply]]


class Router:
    def __init__(
        self,
        register: ActionRegister,
        meetings: Meetings,
        chaser_view: ChaserView,
        languages: Languages,
        export_links: ExportLinks,
    ) -> None:
        self.export_links = export_links
        self.languages = languages
        self.register = register
        self.meetings = meetings
        self.chaser_view = chaser_view
        self._commands: dict[str, Handler] = {
            "action": self._action,
            "actions": self._actions,
            "done": self._done,
            "undo": self._undo,
            "summary": self._summary,
            "review": self._review,
            "nextmeeting": self._next_meeting,
            "chasers": self._chasers,
            "language": self._language,
            "import": self._import,
            "export": self._export,
            "role": self._role,
            "help": self._help,
        }

    # -- commands ---------------------------------------------------------------------------------------

    async def command(self, call: CommandCall, info: TurnInfo, directory: Directory, key: str | None) -> Reply:
        handler = self._commands[call.name]
        try:
            return await handler(call, info, directory, key)
        except ChaserError as error:
            return Reply(text=markdown_message(error.key, info.locale, **error.params))

    async def _action(self, call: CommandCall, info: TurnInfo, directory: Directory, key: str | None) -> Reply:
        if not call.args:
            return Reply(card=action_form_card(locale=info.locale, form_id=uuid.uuid4().hex))
        mentions = [await _resolved(m, directory) for m in call.mentions]
        locale = info.locale or "en"
        reading = parse_action(
            call.args, read=lambda words: self.register.read_sentence(words, mentions=mentions, locale=locale)
        )
        if reading.unresolved:
            # "Owen to book the venue": Owen may be Owen Davies in this chat. The roster is read only then.
            members = await directory.members()
            if members:
                reading = parse_action(
                    call.args,
                    read=lambda words: self.register.read_sentence(
                        words, mentions=mentions, members=members, locale=locale
                    ),
                )
        outcome = await self.register.log(info.chat, info.actor, reading.draft, surface=Surface.COMMAND, key=key)
        card = action_card(outcome.action, locale=info.locale, tz=self.register.tz, ask_who=reading.ask_who)
        return Reply(card=card, recorded=key is not None, answered=outcome.answered)

    async def _actions(self, call: CommandCall, info: TurnInfo, directory: Directory, key: str | None) -> Reply:
        return Reply(card=await open_actions_card(self.register, info))

    async def _done(self, call: CommandCall, info: TurnInfo, directory: Directory, key: str | None) -> Reply:
        if not call.args:
            raise InvalidInput("error.number.missing")
        action = await self.register.by_number(info.chat.chat_id, parse_number(call.args))
        outcome = await self.register.complete(info.chat.chat_id, action, info.actor, surface=Surface.COMMAND, key=key)
        if not outcome.changed:
            return Reply(text=t("reply.already_done", info.locale, number=action.number))
        meeting = await self.register.meeting_if_several(outcome.action)
        card = action_card(outcome.action, locale=info.locale, tz=self.register.tz, heading="done", meeting=meeting)
        await self.register.numbers_shown([outcome.action])
        return Reply(card=card)

    async def _undo(self, call: CommandCall, info: TurnInfo, directory: Directory, key: str | None) -> Reply:
        outcome = await self.register.removals.undo(info.chat, info.actor, surface=Surface.COMMAND, key=key)
        text = outcome.action.text if len(outcome.action.text) <= 80 else outcome.action.text[:79] + "…"
        reply = t("reply.undo.done", info.locale, number=outcome.action.number, text=escape_markdown(text))
        return Reply(text=reply, recorded=key is not None, answered=outcome.answered)

    async def _role(self, call: CommandCall, info: TurnInfo, directory: Directory, key: str | None) -> Reply:
        words = call.args
        for mention in call.mentions:
            words = words.replace(mention.text, " ")
        parsed = parse_role_words(words)
        role_name, every_chat = chat_only(parsed.role_name)
        roles = self.register.roles
        if not role_name:
            if call.mentions or parsed.addresses:
                raise InvalidInput("error.role.name")
            return Reply(text=roles_text(await roles.store.chat_roles(info.chat.chat_id), info.locale))
        if not call.mentions and not parsed.addresses:
            holders = await roles.holding(info.chat.chat_id, role_name)
            if not holders:
                return Reply(text=markdown_message("reply.role.none", info.locale, role=role_name))
            return Reply(
                text=t(
                    "reply.role.holders",
                    info.locale,
                    role=escape_markdown(role_name),
                    names=holders_text(holders, info.locale),  # escaped, name by name
                )
            )
        people = []
        for mention in call.mentions:
            resolved = await _resolved(mention, directory)
            people.append(Person(name=resolved.name, aad_id=resolved.aad_id, user_id=resolved.user_id))
        people += [Person(name=a.display, email=a.address) for a in parsed.addresses]
        guest = bool(info.actor.user_id) and await directory.is_guest(info.actor.user_id or "", info.chat.tenant_id)
        added = await roles.add(
            info.chat.chat_id,
            role_name,
            people,
            info.actor,
            surface=Surface.COMMAND,
            every_chat=every_chat,
            guest=guest,
        )
        names = ", ".join(escape_markdown(p.name) for p in added) or t("reply.role.nobody_new", info.locale)
        reply = "reply.role.added" if every_chat else "reply.role.added_here"
        return Reply(text=t(reply, info.locale, role=escape_markdown(role_name), names=names))

    async def _help(self, call: CommandCall, info: TurnInfo, directory: Directory, key: str | None) -> Reply:
        mine = await self.languages.person_language(info)
        chat = None if info.kind == "personal" else await self.languages.chat_language(info.chat.chat_id)
        return Reply(card=help_card(locale=info.locale, scope=info.scope, person_language=mine, chat_language=chat))

    async def _language(self, call: CommandCall, info: TurnInfo, directory: Directory, key: str | None) -> Reply:
        choice = parse_language_choice(call.args)
        if choice is None:
            mine = await self.languages.person_language(info)
            if info.kind == "personal":
                return Reply(
                    text=t("reply.language.yours", info.locale, language=t(f"language.in.{mine}", info.locale))
                )
            chat = await self.languages.chat_language(info.chat.chat_id)
            return Reply(
                text=t(
                    "reply.language.both",
                    info.locale,
                    language=t(f"language.in.{mine}", info.locale),
                    chat=t(f"language.{chat}", info.locale),
                )
            )
        if choice.scope == "chat" and info.kind == "personal":
            raise InvalidInput("error.language.chat_in_personal")
        await self.languages.choose(choice, info)
        answer_in = (
            catalogue_locale(choice.language) if choice.scope == "chat" or info.kind == "personal" else info.locale
        )
        key_name = "reply.language.chat_set" if choice.scope == "chat" else "reply.language.set"
        return Reply(text=t(key_name, answer_in, language=t(f"language.in.{choice.language}", answer_in)))

    async def _chasers(self, call: CommandCall, info: TurnInfo, directory: Directory, key: str | None) -> Reply:
        return Reply(card=await self.chaser_view.card(info.chat.chat_id, info.chat.tenant_id, locale=info.locale))

    async def _import(self, call: CommandCall, info: TurnInfo, directory: Directory, key: str | None) -> Reply:
        return Reply(card=import_form_card(locale=info.locale, form_id=uuid.uuid4().hex))

    async def _export(self, call: CommandCall, info: TurnInfo, directory: Directory, key: str | None) -> Reply:
        return Reply(card=self.export_links.card(info.chat.chat_id, locale=info.locale))

    async def _summary(self, call: CommandCall, info: TurnInfo, directory: Directory, key: str | None) -> Reply:
        summary = await self.meetings.summary(info.chat.chat_id)
        cards = meeting_summary_cards(summary, locale=info.locale, tz=self.register.tz)
        await self.register.numbers_shown(summary.listed)
        return Reply(card=cards[0], more=tuple(cards[1:]))

    async def _review(self, call: CommandCall, info: TurnInfo, directory: Directory, key: str | None) -> Reply:
        review = await self.meetings.review(info.chat.chat_id)
        cards = review_cards(
            review.occurrence,
            review.previous,
            review.actions,
            locale=info.locale,
            tz=self.register.tz,
            carried=review.carried,
            total=review.total,
        )
        await self.register.numbers_shown(review.actions)
        await self.meetings.review_shown(review, info.actor, surface=Surface.COMMAND)
        return Reply(card=cards[0], more=tuple(cards[1:]))

    async def _next_meeting(self, call: CommandCall, info: TurnInfo, directory: Directory, key: str | None) -> Reply:
        if not call.args:
            when = await self.meetings.next_meeting(info.chat.chat_id)
            if when is None:
                return Reply(text=t("reply.nextmeeting.unknown", info.locale))
            return Reply(
                text=t("reply.nextmeeting.is", info.locale, day=format_day(when, info.locale, self.register.tz))
            )
        when = await self.meetings.set_next_meeting(info.chat, call.args, locale=info.locale or "en")
        return Reply(text=t("reply.nextmeeting.set", info.locale, day=format_day(when, info.locale, self.register.tz)))


async def _resolved(mention: Mention, directory: Directory) -> Mention:
    """A mention with its Entra object id, from the chat roster when Teams did not send it."""
    if mention.aad_id:
        return mention
    person = await directory.person(mention.user_id)
    if person is None:
        return mention
    return Mention(user_id=mention.user_id, name=person.name or mention.name, text=mention.text, aad_id=person.aad_id)
