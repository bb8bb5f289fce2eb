"""From a recognised command or a card answer to a register call and a reply. One function per command and verb."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable, Mapping
from datetime import date, datetime
from typing import Any

from bot.register.commands import MAX_ACTION_TEXT, ActionDraft, CommandCall, Mention, parse_action, parse_number
from bot.register.errors import ChaserError, InvalidInput, NotFound
from bot.register.language import parse_language_choice
from bot.register.meetings import Meetings
from bot.register.model import Action, Deadline, DeadlineKind, Owner, Person, Surface
from bot.register.service import ActionRegister
from bot.teams.chaser_answers import ChaserAnswers
from bot.teams.chaser_view import ChaserView
from bot.teams.exports_route import ExportLinks
from bot.teams.importing import MinutesImporter
from bot.teams.language import Languages, catalogue_locale
from bot.teams.replies import Directory, Reply
from bot.teams.turn import TurnInfo
from cards import verbs
from cards.action_cards import action_card, action_form_card, edit_form_card
from cards.catalogue import t
from cards.deadline_format import format_day
from cards.help_card import help_card
from cards.import_cards import import_form_card
from cards.list_cards import actions_list_card
from cards.review_cards import review_card, review_cards, review_pages
from cards.summary_cards import meeting_summary_cards

log = logging.getLogger(__name__)

MAX_CARD_FIELD = 2000


Handler = Callable[[CommandCall, TurnInfo, Directory, str | None], Awaitable[Reply]]


class Router:
    def __init__(
        self,
        register: ActionRegister,
        meetings: Meetings,
        chaser_answers: ChaserAnswers,
        chaser_view: ChaserView,
        languages: Languages,
        importer: MinutesImporter,
        export_links: ExportLinks,
    ) -> None:
        self.importer = importer
        self.export_links = export_links
        self.languages = languages
        self.register = register
        self.meetings = meetings
        self.chaser_answers = chaser_answers
        self.chaser_view = chaser_view
        self._commands: dict[str, Handler] = {
            "action": self._action,
            "actions": self._actions,
            "done": self._done,
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
            return Reply(text=t(error.key, info.locale, **error.params))

    async def _action(self, call: CommandCall, info: TurnInfo, directory: Directory, key: str | None) -> Reply:
        if not call.args:
            return Reply(card=action_form_card(locale=info.locale, form_id=uuid.uuid4().hex))
        mentions = [await _resolved(m, directory) for m in call.mentions]
        draft = parse_action(
            call.args,
            mentions,
            read_deadline=lambda words: self.register.read_deadline(words, locale=info.locale or "en"),
        )
        outcome = await self.register.log(info.chat, info.actor, draft, surface=Surface.COMMAND, key=key)
        card = action_card(outcome.action, locale=info.locale, tz=self.register.tz)
        return Reply(card=card, recorded=key is not None, answered=outcome.answered)

    async def _actions(self, call: CommandCall, info: TurnInfo, directory: Directory, key: str | None) -> Reply:
        actions = await self.register.open_actions(info.chat.chat_id)
        return Reply(card=actions_list_card(actions, locale=info.locale, tz=self.register.tz))

    async def _done(self, call: CommandCall, info: TurnInfo, directory: Directory, key: str | None) -> Reply:
        if not call.args:
            raise InvalidInput("error.number.missing")
        action = await self.register.by_number(info.chat.chat_id, parse_number(call.args))
        outcome = await self.register.complete(info.chat.chat_id, action, info.actor, surface=Surface.COMMAND, key=key)
        if not outcome.changed:
            return Reply(text=t("reply.already_done", info.locale, number=action.number))
        return Reply(card=action_card(outcome.action, locale=info.locale, tz=self.register.tz, heading="done"))

    async def _role(self, call: CommandCall, info: TurnInfo, directory: Directory, key: str | None) -> Reply:
        role_name = call.args
        for mention in call.mentions:
            role_name = role_name.replace(mention.text, " ")
        role_name = " ".join(role_name.split())
        if not role_name:
            raise InvalidInput("error.role.name")
        if not call.mentions:
            holders = await self.register.role_holders(info.chat.chat_id, role_name)
            if not holders:
                return Reply(text=t("reply.role.none", info.locale, role=role_name))
            names = ", ".join(h.name for h in holders)
            return Reply(text=t("reply.role.holders", info.locale, role=role_name, names=names))
        people = []
        for mention in call.mentions:
            resolved = await _resolved(mention, directory)
            people.append(Person(name=resolved.name, aad_id=resolved.aad_id, user_id=resolved.user_id))
        added = await self.register.add_role_holders(info.chat, role_name, people, info.actor, surface=Surface.COMMAND)
        names = ", ".join(p.name for p in added) or t("reply.role.nobody_new", info.locale)
        return Reply(text=t("reply.role.added", info.locale, role=role_name, names=names))

    async def _help(self, call: CommandCall, info: TurnInfo, directory: Directory, key: str | None) -> Reply:
        mine = await self.languages.person_language(info)
        chat = None if info.kind == "personal" else await self.languages.chat_language(info.chat.chat_id)
        return Reply(card=help_card(locale=info.locale, scope=info.scope, person_language=mine, chat_language=chat))

    async def _language(self, call: CommandCall, info: TurnInfo, directory: Directory, key: str | None) -> Reply:
        choice = parse_language_choice(call.args)
        if choice is None:
            mine = await self.languages.person_language(info)
            if info.kind == "personal":
                return Reply(text=t("reply.language.yours", info.locale, language=t(f"language.{mine}", info.locale)))
            chat = await self.languages.chat_language(info.chat.chat_id)
            return Reply(
                text=t(
                    "reply.language.both",
                    info.locale,
                    language=t(f"language.{mine}", info.locale),
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
        return Reply(text=t(key_name, answer_in, language=t(f"language.{choice.language}", answer_in)))

    async def _chasers(self, call: CommandCall, info: TurnInfo, directory: Directory, key: str | None) -> Reply:
        return Reply(card=await self.chaser_view.card(info.chat.chat_id, info.chat.tenant_id, locale=info.locale))

    async def _import(self, call: CommandCall, info: TurnInfo, directory: Directory, key: str | None) -> Reply:
        return Reply(card=import_form_card(locale=info.locale, form_id=uuid.uuid4().hex))

    async def _export(self, call: CommandCall, info: TurnInfo, directory: Directory, key: str | None) -> Reply:
        return Reply(card=self.export_links.card(info.chat.chat_id, locale=info.locale))

    async def _summary(self, call: CommandCall, info: TurnInfo, directory: Directory, key: str | None) -> Reply:
        summary = await self.meetings.summary(info.chat.chat_id)
        cards = meeting_summary_cards(summary, locale=info.locale, tz=self.register.tz)
        return Reply(card=cards[0], more=tuple(cards[1:]))

    async def _review(self, call: CommandCall, info: TurnInfo, directory: Directory, key: str | None) -> Reply:
        review = await self.meetings.review(info.chat.chat_id)
        cards = review_cards(
            review.occurrence, review.previous, review.actions, locale=info.locale, tz=self.register.tz
        )
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

    # -- card answers --------------------------------------------------------------------------------------

    async def card_answer(self, data: object, info: TurnInfo, directory: Directory) -> Reply:
        """An Action.Execute/Action.Submit answer. A Reply with a card replaces the card; text is a refusal."""
        try:
            if not isinstance(data, Mapping):
                raise InvalidInput("error.card.malformed")
            verb = data.get("verb")
            if verb == verbs.LOG_ACTION:
                return await self._log_from_form(data, info, directory)
            if verb == verbs.REFRESH_LIST:
                return await self._actions(CommandCall("actions", ""), info, directory, None)
            if verb not in verbs.ALL:
                raise InvalidInput("error.card.malformed")
            if verb in verbs.CHASER:
                return Reply(card=await self.chaser_answers.answer(verb, data, info))
            if verb == verbs.IMPORT_PREVIEW:
                return self.importer.preview(data, info)
            if verb == verbs.IMPORT_CREATE:
                return await self.importer.create(data, info)
            action = await self._action_for(data, info)
            if verb in verbs.REVIEW:
                return await self._review_answer(verb, action, data, info)
            if verb == verbs.DONE:
                outcome = await self.register.complete(
                    info.chat.chat_id, action, info.actor, surface=Surface.CARD, key=None
                )
                return Reply(card=action_card(outcome.action, locale=info.locale, tz=self.register.tz, heading="done"))
            if verb == verbs.EDIT:
                await self.register.require_may_change(action, info.actor)
                return Reply(card=edit_form_card(action, locale=info.locale))
            if verb == verbs.CANCEL_EDIT:
                return Reply(card=action_card(action, locale=info.locale, tz=self.register.tz, heading="view"))
            return await self._save_edit(action, data, info, directory)
        except ChaserError as error:
            return Reply(text=t(error.key, info.locale, **error.params))

    async def _review_answer(self, verb: str, action: Action, data: Mapping[str, Any], info: TurnInfo) -> Reply:
        """The chair's answer on a matters-arising row; the answer replaces that page of the review."""
        field = data.get(verbs.FIELD)
        typed = data.get(field) if isinstance(field, str) else None
        if typed is not None and not isinstance(typed, str):
            raise InvalidInput("error.card.malformed")
        words = (typed or "").strip()
        if verb == verbs.REVIEW_DONE:
            await self.register.complete(info.chat.chat_id, action, info.actor, surface=Surface.CARD, key=None)
        elif verb == verbs.CARRY_FORWARD:
            deadline = self.register.read_deadline(words, locale=info.locale or "en") if words else None
            await self.meetings.carry_forward(
                info.chat.chat_id, action, info.actor, deadline=deadline, surface=Surface.CARD
            )
        else:
            if not words:
                raise InvalidInput("error.reason.missing")
            await self.meetings.drop(info.chat.chat_id, action, info.actor, reason=words, surface=Surface.CARD)
        review = await self.meetings.review(info.chat.chat_id)
        pages = review_pages(review.actions)
        page = data.get("page")
        index = page if isinstance(page, int) and 0 <= page < len(pages) else 0
        card = review_card(
            review.occurrence,
            review.previous,
            pages[index],
            locale=info.locale,
            tz=self.register.tz,
            page=index,
            pages=len(pages),
            total=len(review.actions),
        )
        return Reply(card=card)

    async def _action_for(self, data: Mapping[str, Any], info: TurnInfo) -> Action:
        action = await self.register.action_in_chat(info.chat.chat_id, data.get("action_id"))
        if action.tenant_id != info.chat.tenant_id:
            raise NotFound("error.action.unknown_id")
        return action

    async def _log_from_form(self, data: Mapping[str, Any], info: TurnInfo, directory: Directory) -> Reply:
        form_id = data.get("form_id")
        if not isinstance(form_id, str) or not 0 < len(form_id) <= 64:
            raise InvalidInput("error.card.malformed")
        values = _form_values(data)
        try:
            draft = await self._draft_from_form(values, info, directory)
        except InvalidInput as problem:
            message = t(problem.key, info.locale, **problem.params)
            return Reply(card=action_form_card(locale=info.locale, form_id=form_id, values=values, problem=message))
        outcome = await self.register.log(
            info.chat, info.actor, draft, surface=Surface.CARD, key=f"form:{info.chat.chat_id}:{form_id}"
        )
        return Reply(card=action_card(outcome.action, locale=info.locale, tz=self.register.tz))

    async def _save_edit(self, action: Action, data: Mapping[str, Any], info: TurnInfo, directory: Directory) -> Reply:
        values = _form_values(data)
        try:
            draft = await self._draft_from_form(values, info, directory)
        except InvalidInput as problem:
            message = t(problem.key, info.locale, **problem.params)
            return Reply(card=edit_form_card(action, locale=info.locale, problem=message))
        outcome = await self.register.edit(
            info.chat.chat_id,
            action,
            info.actor,
            text=draft.text,
            owner=draft.owner,
            deadline=draft.deadline,
            surface=Surface.CARD,
            key=None,
        )
        return Reply(card=action_card(outcome.action, locale=info.locale, tz=self.register.tz, heading="edited"))

    async def _draft_from_form(self, values: dict[str, str], info: TurnInfo, directory: Directory) -> ActionDraft:
        text = values.get(verbs.INPUT_TEXT, "").strip()
        if not text:
            raise InvalidInput("error.action.empty")
        if len(text) > MAX_ACTION_TEXT:
            raise InvalidInput("error.action.too_long", limit=MAX_ACTION_TEXT)
        owner: Owner | None = None
        person_id = values.get(verbs.INPUT_OWNER_PERSON, "").split(",")[0].strip()
        role = " ".join(values.get(verbs.INPUT_OWNER_ROLE, "").split())
        if person_id:
            person = await directory.person(person_id)
            if person is None:
                raise InvalidInput("error.owner.unknown_person")
            owner = Owner.person(person.name, aad_id=person.aad_id, user_id=person.user_id)
        elif role:
            owner = Owner.role(role)
        deadline = self._form_deadline(values, info)
        return ActionDraft(text=text, owner=owner, deadline=deadline)

    def _form_deadline(self, values: dict[str, str], info: TurnInfo) -> Deadline:
        words = values.get(verbs.INPUT_DEADLINE_TEXT, "").strip()
        picked = values.get(verbs.INPUT_DEADLINE_DATE, "").strip()
        deadline = self.register.read_deadline(words, locale=info.locale or "en") if words else Deadline.none()
        if not picked:
            return deadline
        try:
            day = date.fromisoformat(picked)
        except ValueError:
            raise InvalidInput("error.deadline.bad_date", given=picked[:20]) from None
        due = datetime(day.year, day.month, day.day, tzinfo=self.register.tz)
        kind = deadline.kind if words and deadline.kind is not DeadlineKind.UNKNOWN else DeadlineKind.DATE
        return Deadline(text=words or picked, kind=kind, due=due, latest=deadline.latest or due)


def _form_values(data: Mapping[str, Any]) -> dict[str, str]:
    values = {}
    for name in (
        verbs.INPUT_TEXT,
        verbs.INPUT_OWNER_PERSON,
        verbs.INPUT_OWNER_ROLE,
        verbs.INPUT_DEADLINE_TEXT,
        verbs.INPUT_DEADLINE_DATE,
    ):
        value = data.get(name, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise InvalidInput("error.card.malformed")
        if len(value) > MAX_CARD_FIELD:
            raise InvalidInput("error.action.too_long", limit=MAX_ACTION_TEXT)
        values[name] = value
    return values


async def _resolved(mention: Mention, directory: Directory) -> Mention:
    """A mention with its Entra object id, from the chat roster when Teams did not send it."""
    if mention.aad_id:
        return mention
    person = await directory.person(mention.user_id)
    if person is None:
        return mention
    return Mention(user_id=mention.user_id, name=person.name or mention.name, text=mention.text, aad_id=person.aad_id)
