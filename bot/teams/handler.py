"""ChaserBot: the Teams activity handler. Reads the turn, records references, routes, replies."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from botbuilder.core import InvokeResponse, TurnContext
from botbuilder.core.teams import TeamsActivityHandler

from bot.register.commands import recognise
from bot.register.ports import Clock
from bot.register.refusals import FORGED
from bot.store.sql import SqlStore
from bot.teams.bot_connector import BotConnector
from bot.teams.directory import RosterCache, RosterDirectory
from bot.teams.invokes import unhandled_invoke_body
from bot.teams.language import Languages, catalogue_locale
from bot.teams.meeting_events import MEETING_END, MEETING_START, MeetingLifecycle
from bot.teams.references import ReferenceRecorder
from bot.teams.replies import Reply
from bot.teams.router import Router
from bot.teams.turn import command_text, locale_of, mentions_of, raw_activity, turn_info
from cards.catalogue import t
from cards.envelope import CONTENT_TYPE, attachment
from cards.text import plain_text
from cards.welcome_card import welcome_card
from dialogs.card_answers import FORGED_KEYS, CardAnswers
from dialogs.log_as_action import LogAsAction, task_response

log = logging.getLogger(__name__)

MESSAGE_TYPE = "application/vnd.microsoft.activity.message"
FETCH_TASK = "composeExtension/fetchTask"
SUBMIT_ACTION = "composeExtension/submitAction"


class ChaserBot(TeamsActivityHandler):
    def __init__(
        self,
        router: Router,
        answers: CardAnswers,
        store: SqlStore,
        clock: Clock,
        connector: BotConnector,
        lifecycle: MeetingLifecycle,
        languages: Languages,
    ) -> None:
        super().__init__()
        self.languages = languages
        self.router = router
        self.answers = answers
        self.connector = connector
        self.lifecycle = lifecycle
        self.store = store
        self.clock = clock
        self.references = ReferenceRecorder(store, clock)
        self.rosters = RosterCache(clock)
        self.message_actions = LogAsAction(answers.forms)

    # -- messages ---------------------------------------------------------------------------------------

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        info = turn_info(activity)
        if activity.value is not None and not (activity.text or "").strip().startswith("/"):
            # Action.Submit (or a messageBack) from one of our cards: same answers as Action.Execute.
            await self.references.record(activity, info)
            info = await self.languages.for_turn(info)
            reply = await self.answers.answer(activity.value, info, RosterDirectory(turn_context, self.rosters))
            await self._answer_submit(turn_context, reply)
            return
        text, addressed = command_text(activity)
        call = recognise(text, addressed=addressed, mentions=mentions_of(activity))
        if call is None:
            # In a meeting chat the bot may read every message; anything not for Chaser is dropped unseen. A bare
            # "@Chaser" with nothing after it is for Chaser: it gets the hint.
            if addressed:
                info = await self.languages.for_turn(info)
                await self.connector.reply(raw_activity(turn_context), {"text": t("reply.not_a_command", info.locale)})
            return
        log.info("command %s in %s chat (activity %r)", call.name, info.kind, activity.id)
        await self.references.record(activity, info)
        info = await self.languages.for_turn(info)
        key = f"activity:{info.chat.chat_id}:{activity.id}" if activity.id else None
        reply = await self.router.command(call, info, RosterDirectory(turn_context, self.rosters), key)
        if reply.answered:
            # Teams redelivered an activity whose reply already went out (it retries on slow answers).
            log.info("activity %r delivered again; its reply was already sent", activity.id)
            return
        raw = raw_activity(turn_context)
        await self.connector.reply(raw, _message(reply))
        for card in reply.more:
            await self.connector.reply(raw, _message(Reply(card=card)))
        if key is not None and reply.recorded:
            await self.store.mark_replied(key, self.clock.now())

    async def _answer_submit(self, turn_context: TurnContext, reply: Reply) -> None:
        activity = turn_context.activity
        raw = raw_activity(turn_context)
        if reply.card is not None and activity.reply_to_id:
            # Action.Submit cannot return a card; replace the card message in place instead.
            await self.connector.update(raw, activity.reply_to_id, _message(reply))
            return
        await self.connector.reply(raw, _message(reply))

    # -- Action.Execute ------------------------------------------------------------------------------------

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse:
        if turn_context.activity.name in (FETCH_TASK, SUBMIT_ACTION):
            return await self._message_action(turn_context)
        if turn_context.activity.name != "adaptiveCard/action":
            # The SDK's own dispatch answers 501 with a null body for every handler Chaser does not write.
            activity = turn_context.activity
            log.info("invoke %r not handled: answered 200 (activity %r)", str(activity.name)[:80], activity.id)
            return InvokeResponse(status=200, body=unhandled_invoke_body(activity.name, locale_of(activity)))
        # Answered here rather than in on_adaptive_card_invoke: the SDK re-serialises AdaptiveCardInvokeResponse with
        # msrest, which fails on a string value (the UAM "message" answer) and would turn a refusal into an error.
        activity = turn_context.activity
        info = turn_info(activity)
        await self.references.record(activity, info)
        info = await self.languages.for_turn(info)
        reply = await self.answers.answer(card_data(activity.value), info, RosterDirectory(turn_context, self.rosters))
        if reply.card is not None:
            body: dict[str, Any] = {"statusCode": 200, "type": CONTENT_TYPE, "value": reply.card}
        else:
            body = {"statusCode": 200, "type": MESSAGE_TYPE, "value": plain_text(reply.text or "")}
        return InvokeResponse(status=200, body=body)

    # -- Log as action (a message action) ---------------------------------------------------------------------

    async def _message_action(self, turn_context: TurnContext) -> InvokeResponse:
        activity = turn_context.activity
        info = turn_info(activity)
        await self.references.record(activity, info)
        # The dialog is the person's own: in their language; the card it posts is the chat's.
        mine = catalogue_locale(await self.languages.person_language(info))
        info = await self.languages.for_turn(info)
        directory = RosterDirectory(turn_context, self.rosters)
        title = t("card.message_action.title", mine)
        if activity.name == FETCH_TASK:
            reply = await self.message_actions.fetch_task(activity.value, replace(info, locale=mine), directory)
        else:
            reply = await self.message_actions.submit(activity.value, info, directory, dialog_locale=mine)
        if reply.refusal in FORGED_KEYS:  # a payload no Teams message action sends
            await self.answers.refused(FORGED, activity.value, info, reply.refusal)
        if activity.name == FETCH_TASK or not (reply.recorded and reply.card is not None):
            return InvokeResponse(status=200, body=task_response(reply, title=title))
        # Logged: the card goes into the chat, as /action's does; the dialog closes (an empty answer). Teams
        # retries a slow invoke: the repeat finds the action stored and its card already posted.
        if not reply.answered:
            await self.connector.reply(raw_activity(turn_context), _message(reply))
            if reply.key is not None:
                await self.store.mark_replied(reply.key, self.clock.now())
        return InvokeResponse(status=200, body={})

    # -- meeting events ---------------------------------------------------------------------------------------

    async def on_event_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        name = (activity.name or "").strip()
        if activity.channel_id != "msteams" or name not in (MEETING_START, MEETING_END):
            return
        await self.references.record(activity, turn_info(activity))
        if name == MEETING_START:
            await self.lifecycle.started(turn_context)
        else:
            await self.lifecycle.ended(turn_context)

    # -- installs --------------------------------------------------------------------------------------------

    async def on_conversation_update_activity(self, turn_context: TurnContext) -> None:
        # The SDK would look up every added member in the roster first (a call per member, failing the turn when
        # the roster answers an error); Chaser only needs to know whether it was the one added.
        activity = turn_context.activity
        bot_id = activity.recipient.id if activity.recipient else None
        if any(member.id == bot_id for member in activity.members_added or []):
            await self._welcome(turn_context)

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        await self._welcome(turn_context)

    async def _welcome(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        info = turn_info(activity)
        await self.references.record(activity, info)
        info = await self.languages.for_turn(info)
        key = f"welcome:{info.chat.chat_id}"
        if not await self.store.claim_once(key, self.clock.now()):
            return  # installationUpdate and conversationUpdate both announce one install: welcome once
        await self.connector.reply(
            raw_activity(turn_context), _message(Reply(card=welcome_card(locale=info.locale, scope=info.scope)))
        )


def card_data(value: object) -> object:
    """The `data` of an Action.Execute invoke, with the button's verb in it (`{"verb": …, "action_id": …}`)."""
    if not isinstance(value, dict):
        return None
    action = value.get("action")
    if not isinstance(action, dict):
        return None
    data = action.get("data")
    if data is None:
        data = {}
    if isinstance(data, dict) and "verb" not in data and isinstance(action.get("verb"), str):
        data = {**data, "verb": action["verb"]}
    return data


def _message(reply: Reply) -> dict[str, Any]:
    if reply.card is not None:
        return {"type": "message", "attachments": [attachment(reply.card)]}
    # Teams reads a message's text as Markdown; every user value in it was escaped when the reply was made.
    return {"type": "message", "text": reply.text or "", "textFormat": "markdown"}
