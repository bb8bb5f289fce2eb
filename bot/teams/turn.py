"""What Chaser needs to know about an incoming Teams activity, read once, defensively.

Teams payloads vary by surface (personal, group, meeting, channel) and the SDK drops some fields: the tenant id in
`conversation.tenantId` is lost by botbuilder-python's schema (it maps `tenantID`), so it is read from
`channelData.tenant.id`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity

from bot.register.commands import Mention
from bot.register.model import Person
from bot.register.service import ChatContext
from bot.teams.activity_shape import MAX_USER_ID


@dataclass(frozen=True)
class TurnInfo:
    chat: ChatContext
    actor: Person
    kind: str  # personal | group | meeting | channel
    locale: str | None  # the language Chaser answers in, once resolved (bot/teams/language.py)
    service_url: str
    teams_locale: str | None = None  # what the user's Teams client said
    # For a card answer: the message the card is in (Teams' replyToId), part of what makes the answer one answer.
    card_message_id: str | None = None

    @property
    def scope(self) -> str:
        return {"personal": "personal", "channel": "team"}.get(self.kind, "groupChat")


def channel_data(activity: Activity) -> dict[str, Any]:
    data = activity.channel_data
    return data if isinstance(data, dict) else {}


def tenant_of(activity: Activity) -> str:
    tenant = channel_data(activity).get("tenant")
    if isinstance(tenant, dict) and isinstance(tenant.get("id"), str):
        return str(tenant["id"])
    conversation = activity.conversation
    return str(getattr(conversation, "tenant_id", None) or "")


def meeting_id_of(activity: Activity) -> str | None:
    meeting = channel_data(activity).get("meeting")
    if isinstance(meeting, dict) and isinstance(meeting.get("id"), str) and meeting["id"]:
        return str(meeting["id"])
    return None


def chat_kind(activity: Activity) -> str:
    conversation_type = (getattr(activity.conversation, "conversation_type", None) or "").lower()
    if conversation_type == "personal":
        return "personal"
    if conversation_type == "channel":
        return "channel"
    if meeting_id_of(activity) or (activity.conversation and "19:meeting_" in (activity.conversation.id or "")):
        return "meeting"
    return "group"


# A language tag as Teams sends one ("en-GB", "cy-GB", "zh-Hans-CN"); the person's row keeps it (32 characters).
_LOCALE = re.compile(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8}){0,3}")


def locale_of(activity: Activity) -> str | None:
    """The sender's language tag, or None when the activity has none that is a language tag."""
    candidates = [activity.locale]
    for entity in activity.entities or []:
        props = getattr(entity, "additional_properties", None) or {}
        if getattr(entity, "type", None) == "clientInfo":
            candidates.append(props.get("locale"))
    for candidate in candidates:
        if isinstance(candidate, str) and len(candidate) <= 32 and _LOCALE.fullmatch(candidate):
            return candidate
    return None


def actor_of(activity: Activity) -> Person:
    sender = activity.from_property
    if sender is None:
        return Person(name="")
    return Person(name=sender.name or "", aad_id=sender.aad_object_id or None, user_id=sender.id or None)


def turn_info(activity: Activity) -> TurnInfo:
    conversation = activity.conversation
    return TurnInfo(
        chat=ChatContext(
            chat_id=conversation.id if conversation else "",
            tenant_id=tenant_of(activity),
            meeting_id=meeting_id_of(activity),
            title=(conversation.name if conversation else None) or None,
        ),
        actor=actor_of(activity),
        kind=chat_kind(activity),
        locale=locale_of(activity),
        service_url=activity.service_url or "",
        card_message_id=activity.reply_to_id or None,
    )


def mentions_of(activity: Activity) -> list[Mention]:
    """People @mentioned in a message, other than the bot itself."""
    bot_id = activity.recipient.id if activity.recipient else None
    found = []
    for entity in activity.entities or []:
        if getattr(entity, "type", None) != "mention":
            continue
        props = getattr(entity, "additional_properties", None) or {}
        mentioned = props.get("mentioned") or {}
        text = props.get("text")
        if not isinstance(mentioned, dict) or not isinstance(text, str):
            continue
        user_id = mentioned.get("id")
        # An id no Teams user has (too long to store) mentions nobody.
        if not isinstance(user_id, str) or not user_id or user_id == bot_id or len(user_id) > MAX_USER_ID:
            continue
        found.append(Mention(user_id=user_id, name=str(mentioned.get("name") or ""), text=text))
    return found


def command_text(activity: Activity) -> tuple[str, bool]:
    """The message text without the bot's @mention, and whether the bot was addressed (mentioned, or 1:1)."""
    text = activity.text or ""
    bot_id = activity.recipient.id if activity.recipient else None
    addressed = chat_kind(activity) == "personal"
    for entity in activity.entities or []:
        props = getattr(entity, "additional_properties", None) or {}
        mentioned = props.get("mentioned") or {}
        if getattr(entity, "type", None) == "mention" and isinstance(mentioned, dict) and mentioned.get("id") == bot_id:
            addressed = True
            mention_text = props.get("text")
            if isinstance(mention_text, str) and mention_text:
                text = text.replace(mention_text, " ")
    # TurnContext.remove_recipient_mention would leave a leading space; the mention may also be mid-sentence.
    return text.replace("\u00a0", " ").strip(), addressed


# The incoming activity as Teams sent it, kept in the turn state by the route (see raw_activity).
RAW_ACTIVITY = "chaser.raw_activity"


def raw_activity(turn_context: TurnContext) -> dict[str, Any]:
    raw = turn_context.turn_state.get(RAW_ACTIVITY)
    if isinstance(raw, dict):
        return raw
    serialised: dict[str, Any] = turn_context.activity.serialize()
    return serialised


def reference_of(activity: Activity) -> dict[str, Any]:
    """What a proactive message needs later; the triggering activity's id is left out (it changes every turn)."""
    reference = TurnContext.get_conversation_reference(activity)
    reference.activity_id = None
    serialised: dict[str, Any] = reference.serialize()
    return serialised
