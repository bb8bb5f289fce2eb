"""Teams meeting start and end events: matters arising when a meeting starts, the Summary of Actions when it ends.

botbuilder-python hands these handlers the raw `value` dict (not the typed details its signatures promise), and live
Teams sends its keys in PascalCase (`Id`, `Title`, `StartTime`, `EndTime`, `JoinUrl` may be null) where the docs show
camelCase; both are read here. The documented example payload's name has a leading space, which the SDK's exact
match misses, so names are matched after stripping.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any, Protocol

from botbuilder.core import TurnContext

from bot.register.chasing import NotReached, Sent
from bot.register.meetings import Meetings
from bot.register.model import Action, Occurrence, OwnerKind, Person, Surface
from bot.register.service import ChatContext
from bot.teams.bot_connector import BotConnector, ConnectorError
from bot.teams.language import Languages
from bot.teams.outbox import Outbox
from bot.teams.turn import TurnInfo, turn_info
from cards.review_cards import review_cards
from cards.summary_cards import meeting_summary_cards

log = logging.getLogger(__name__)

MEETING_START = "application/vnd.microsoft.meetingStart"
MEETING_END = "application/vnd.microsoft.meetingEnd"


def event_value(value: object, key: str) -> Any:
    """A key of the event value, whatever its casing (PascalCase live, camelCase in the docs)."""
    if not isinstance(value, dict):
        return None
    wanted = key.lower()
    for name, found in value.items():
        if isinstance(name, str) and name.lower() == wanted:
            return found
    return None


def event_time(value: object, key: str) -> datetime | None:
    raw = event_value(value, key)
    if not isinstance(raw, str) or not raw:
        return None
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


class OwnerDigests(Protocol):
    """Sends one owner what they take away from a meeting (bot.teams.chaser_notifier.ChaserNotifier.digest)."""

    async def identify(self, tenant_id: str, person: Person) -> Person: ...

    async def digest(
        self,
        tenant_id: str,
        person: Person,
        occurrence: Occurrence,
        actions: list[Action],
        *,
        chat_locale: str | None,
        fallback_chat_id: str | None,
    ) -> Sent: ...


class MeetingLifecycle:
    def __init__(
        self,
        meetings: Meetings,
        outbox: Outbox,
        connector: BotConnector,
        languages: Languages,
        notifier: OwnerDigests,
    ) -> None:
        self.languages = languages
        self.notifier = notifier
        self.meetings = meetings
        self.outbox = outbox
        self.connector = connector

    def _chat(self, info: TurnInfo, value: object) -> ChatContext:
        title = event_value(value, "Title")
        return ChatContext(
            chat_id=info.chat.chat_id,
            tenant_id=info.chat.tenant_id,
            meeting_id=info.chat.meeting_id,
            title=str(title).strip() if isinstance(title, str) and title.strip() else info.chat.title,
        )

    async def started(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        info = await self.languages.for_turn(turn_info(activity))
        value = activity.value
        organiser, scheduled = await self._meeting_details(info)
        review = await self.meetings.started(
            self._chat(info, value),
            started_at=event_time(value, "StartTime"),
            organiser_aad_id=organiser,
            scheduled_start=scheduled,
        )
        if not review.actions or not await self.meetings.claim(review.occurrence, "review"):
            return
        tz = self.meetings.register.tz
        try:
            cards = review_cards(
                review.occurrence, review.previous, review.actions, locale=info.locale, tz=tz, total=review.total
            )
            for card in cards:
                await self.outbox.to_chat(info.chat.chat_id, card)
        except Exception:
            await self.meetings.release(review.occurrence, "review")
            raise
        await self.meetings.register.numbers_shown(review.actions)
        await self.meetings.review_shown(review, info.actor, surface=Surface.EVENT)

    async def ended(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        info = await self.languages.for_turn(turn_info(activity))
        occurrence = await self.meetings.ended(
            self._chat(info, activity.value), ended_at=event_time(activity.value, "EndTime")
        )
        if occurrence is None or not await self.meetings.claim(occurrence, "summary"):
            log.info("meeting end for a sitting already summarised; nothing posted")
            return
        try:
            await self.post_summary(info, occurrence)
        except Exception:
            await self.meetings.release(occurrence, "summary")
            raise
        await self.send_owner_digests(info, occurrence)

    async def post_summary(self, info: TurnInfo, occurrence: Occurrence) -> None:
        summary = await self.meetings.summary(info.chat.chat_id, occurrence)
        tz = self.meetings.register.tz
        for card in meeting_summary_cards(summary, locale=info.locale, tz=tz):
            await self.outbox.to_chat(info.chat.chat_id, card)
        await self.meetings.register.numbers_shown(summary.listed)

    async def send_owner_digests(self, info: TurnInfo, occurrence: Occurrence) -> None:
        """Each person who owns new actions gets them by the route that reaches them (bot.register.reach): 1:1, the
        app installed for them, email with answer links, or an @mention in the meeting chat."""
        summary = await self.meetings.summary(info.chat.chat_id, occurrence)
        by_owner: dict[str, tuple[Person, list[Action]]] = {}
        for action in summary.actions:
            owner = action.owner
            if owner is None:
                continue
            if owner.kind is OwnerKind.PERSON and (owner.aad_id or owner.user_id or owner.email):
                people = [owner.as_person()]
            else:
                people = await self.meetings.register.role_holders(info.chat.chat_id, owner.name)
            for person in people:
                # One person however the minutes named them (an address, a mention): one message with all of theirs.
                person = await self.notifier.identify(info.chat.tenant_id, person)
                by_owner.setdefault(person.key, (person, []))[1].append(action)
        for person, actions in by_owner.values():
            try:
                await self.notifier.digest(
                    info.chat.tenant_id,
                    person,
                    occurrence,
                    actions,
                    chat_locale=info.locale,
                    fallback_chat_id=info.chat.chat_id,
                )
            except NotReached as error:
                # One owner's failure must not stop the others; the summary in the chat already lists everything.
                log.warning("could not send an owner their actions: %s", error.reason)

    async def _meeting_details(self, info: TurnInfo) -> tuple[str | None, datetime | None]:
        if not info.chat.meeting_id:
            return None, None
        try:
            details = await self.connector.get_meeting(info.service_url, info.chat.meeting_id)
        except (ConnectorError, OSError) as error:
            log.info("meeting details unavailable (%s); carrying on without the organiser", error)
            return None, None
        if not details:
            return None, None
        organiser = (details.get("organizer") or {}).get("aadObjectId")
        scheduled = event_time(details.get("details") or {}, "scheduledStartTime")
        return (str(organiser) if organiser else None), scheduled
