"""Teams-shaped activities for tests, built from the real payloads in tests/fixtures/teams-payloads/."""

from __future__ import annotations

import copy
import itertools
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

PAYLOADS = Path(__file__).resolve().parent.parent / "fixtures" / "teams-payloads"

TENANT = "c9f9aafd-64ac-4f38-8e05-12feba3fb090"
BOT_ID = "28:0b6fe6d1-fece-44f7-9a48-56465e2d5ab8"
BOT_NAME = "Chaser"
MEETING_CHAT = "19:meeting_NTk4ZDY4ZmYtOWEzZS00OTRkLThhY2EtZmUzZmUzMDQyM2M0@thread.v2"
MEETING_ID = "MCMxOTptZWV0aW5nX05UazRaRFk0Wm1ZdE9XRXpaUzAwT1RSa0xUaGhZMkV0Wm1VelptVXpNRFF5TTJNMEB0aHJlYWQudjIjMA=="
GROUP_CHAT = "19:c1a7b0e2f3d44c5e9a8b7c6d5e4f3a2b@thread.v2"


@cache
def _payload(name: str) -> dict[str, Any]:
    return json.loads((PAYLOADS / name).read_text())


def payload(name: str) -> dict[str, Any]:
    return copy.deepcopy(_payload(name))


@dataclass(frozen=True)
class User:
    name: str
    user_id: str
    aad_id: str

    def account(self) -> dict[str, Any]:
        return {"id": self.user_id, "name": self.name, "aadObjectId": self.aad_id}

    def mention(self) -> tuple[str, dict[str, Any]]:
        text = f"<at>{self.name}</at>"
        return text, {"type": "mention", "text": text, "mentioned": {"id": self.user_id, "name": self.name}}


ALEX = User("Alex Jones", "29:1alexAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "ef16aa89-5b26-4a2c-aebb-761b551577c0")
BETH = User("Beth Evans", "29:1bethBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", "7faf8ab2-3d56-4244-b585-20c8a42ed2b8")
CARYS = User("Carys Owen", "29:1carysCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC", "c5e99701-2a32-49c1-a660-4629ceeb8c61")

_ids = itertools.count(1_760_000_000_000)


def next_id() -> str:
    return str(next(_ids))


class Teams:
    """Builds the activities Teams would post to the bot, pointing back at a connector stand-in."""

    def __init__(self, service_url: str, *, tenant: str = TENANT) -> None:
        self.service_url = service_url
        self.tenant = tenant

    def _stamp(self, activity: dict[str, Any], *, locale: str) -> dict[str, Any]:
        activity["serviceUrl"] = self.service_url
        activity["channelData"]["tenant"]["id"] = self.tenant
        activity["recipient"] = {"id": BOT_ID, "name": BOT_NAME}
        activity["locale"] = locale
        activity["timestamp"] = "2025-03-17T12:30:00.000Z"
        return activity

    def meeting_message(
        self,
        text: str,
        *,
        user: User = ALEX,
        mention_bot: bool = False,
        mentions: tuple[User, ...] = (),
        activity_id: str | None = None,
        chat_id: str = MEETING_CHAT,
        meeting_id: str | None = MEETING_ID,
        locale: str = "en-GB",
    ) -> dict[str, Any]:
        activity = payload("meeting_chat_message_with_mention.ADAPTED.json")
        entities: list[dict[str, Any]] = [e for e in activity["entities"] if e["type"] == "clientInfo"]
        if mention_bot:
            text = f"<at>{BOT_NAME}</at> {text}"
            entities.append(
                {"type": "mention", "text": f"<at>{BOT_NAME}</at>", "mentioned": {"id": BOT_ID, "name": BOT_NAME}}
            )
        for person in mentions:
            entities.append(person.mention()[1])
        activity.update(text=text, id=activity_id or next_id(), entities=entities)
        activity["from"] = user.account()
        activity["conversation"]["id"] = chat_id
        activity["conversation"]["tenantId"] = self.tenant
        if meeting_id is None:
            activity["channelData"].pop("meeting", None)
        else:
            activity["channelData"]["meeting"]["id"] = meeting_id
        return self._stamp(activity, locale=locale)

    def group_message(self, text: str, **kwargs: Any) -> dict[str, Any]:
        return self.meeting_message(text, chat_id=kwargs.pop("chat_id", GROUP_CHAT), meeting_id=None, **kwargs)

    def personal_message(self, text: str, *, user: User = ALEX, locale: str = "en-GB") -> dict[str, Any]:
        activity = payload("personal_message.json")
        activity.update(text=text, id=next_id())
        activity.pop("attachments", None)
        activity["from"] = user.account()
        activity["conversation"] = {
            "conversationType": "personal",
            "id": f"a:personal-{user.aad_id}",
            "tenantId": self.tenant,
        }
        return self._stamp(activity, locale=locale)

    def card_invoke(
        self,
        data: dict[str, Any],
        *,
        user: User = ALEX,
        chat_id: str = MEETING_CHAT,
        reply_to_id: str = "1767765488332",
        locale: str = "en-GB",
        conversation_type: str = "groupChat",
    ) -> dict[str, Any]:
        activity = payload("action_execute_invoke.json")
        activity["id"] = f"f:{next_id()}"
        activity["from"] = user.account()
        activity["conversation"] = {"id": chat_id, "conversationType": conversation_type, "tenantId": self.tenant}
        activity["value"]["action"] = {
            "type": "Action.Execute",
            "title": "Answer",
            "verb": data.get("verb"),
            "data": data,
        }
        activity["replyToId"] = reply_to_id
        activity["channelData"]["legacy"]["replyToId"] = reply_to_id
        return self._stamp(activity, locale=locale)

    def card_submit(
        self,
        value: dict[str, Any],
        *,
        user: User = ALEX,
        chat_id: str = MEETING_CHAT,
        reply_to_id: str = "1575667808184",
    ) -> dict[str, Any]:
        activity = payload("action_submit_messageback_inbound.json")
        activity.pop("text", None)
        activity.update(value=value, id=f"f:{next_id()}", replyToId=reply_to_id)
        activity["from"] = user.account()
        activity["conversation"] = {"id": chat_id, "conversationType": "groupChat", "tenantId": self.tenant}
        activity["channelData"] = {"tenant": {"id": self.tenant}}
        return self._stamp(activity, locale="en-GB")

    def message_action(
        self,
        name: str,
        message: dict[str, Any],
        *,
        data: dict[str, Any] | None = None,
        user: User = ALEX,
        chat_id: str = MEETING_CHAT,
        activity_id: str | None = None,
        locale: str = "en-GB",
        command_id: str = "logAsAction",
    ) -> dict[str, Any]:
        """composeExtension/fetchTask or /submitAction from a message's "More actions" menu: the meeting-chat
        invoke payload with the message context's messagePayload (shape as in Microsoft Learn's "Create and send
        dialogs", invoked from a message)."""
        activity = payload("meeting_chat_invoke_fetchtask.json")
        activity["name"] = name
        activity["id"] = activity_id or f"f:{next_id()}"
        activity["from"] = user.account()
        activity["conversation"].update(id=chat_id, tenantId=self.tenant, conversationType="groupChat")
        activity["channelData"]["source"] = {"name": "message"}
        value: dict[str, Any] = {
            "commandId": command_id,
            "commandContext": "message",
            "requestId": next_id(),
            "messagePayload": message,
            "context": {"theme": "default"},
        }
        if data is not None:
            value["data"] = data
        activity["value"] = value
        return self._stamp(activity, locale=locale)

    def meeting_event(
        self,
        kind: str,
        *,
        at: str,
        title: str = "Wales Race Forum",
        casing: str = "pascal",
        join_url: str | None = "https://teams.microsoft.com/l/meetup-join/x",
        meeting_type: str = "Scheduled",
        chat_id: str = MEETING_CHAT,
        activity_id: str | None = None,
    ) -> dict[str, Any]:
        """meetingStart / meetingEnd as live Teams sends them (PascalCase value keys), or as the docs show them
        (camelCase), from the 2021 doc payload with our chat's ids."""
        activity = payload("meeting_end_event.2021doc.json")
        time_key = "StartTime" if kind == "start" else "EndTime"
        value: dict[str, Any] = {
            "MeetingType": meeting_type,
            "Title": title,
            "Id": MEETING_ID,
            "JoinUrl": join_url,
            time_key: at,
        }
        if casing == "camel":
            value = {key[0].lower() + key[1:]: item for key, item in value.items()}
        activity.update(
            name=f"application/vnd.microsoft.meeting{'Start' if kind == 'start' else 'End'}",
            id=activity_id or next_id(),
            timestamp=at,
            value=value,
        )
        activity["from"] = ALEX.account()
        activity["conversation"] = {
            "isGroup": True,
            "conversationType": "groupChat",
            "id": chat_id,
            "tenantId": self.tenant,
        }
        activity["channelData"]["meeting"]["id"] = MEETING_ID
        return self._stamp(activity, locale="en-GB")

    def bot_added(self, *, user: User = ALEX, personal: bool = True, chat_id: str = MEETING_CHAT) -> dict[str, Any]:
        activity = payload("conversation_update_bot_added_personal.json")
        activity["id"] = f"f:{next_id()}"
        activity["membersAdded"] = [{"id": BOT_ID}, user.account()]
        activity["from"] = user.account()
        if personal:
            activity["conversation"] = {
                "conversationType": "personal",
                "id": f"a:personal-{user.aad_id}",
                "tenantId": self.tenant,
            }
        else:
            activity["conversation"] = {
                "conversationType": "groupChat",
                "isGroup": True,
                "id": chat_id,
                "tenantId": self.tenant,
            }
            activity["channelData"]["meeting"] = {"id": MEETING_ID}
        return self._stamp(activity, locale="en-GB")


def message_payload(
    html: str, *, author: User = BETH, mentions: tuple[User, ...] = (), card: bool = False
) -> dict[str, Any]:
    """A Teams message as a message action receives it: an HTML body, its author, its @mentions (numbered as
    the body's <at id="n"> tags are), and for a card message an Adaptive Card attachment and no text."""
    return {
        "id": next_id(),
        "replyToId": None,
        "createdDateTime": "2025-03-17T12:31:00.000Z",
        "deleted": False,
        "importance": "normal",
        "locale": "en-us",
        "body": {"contentType": "html", "content": '<attachment id="1"></attachment>' if card else html},
        "from": {"user": {"userIdentityType": "aadUser", "id": author.aad_id, "displayName": author.name}},
        "attachments": (
            [{"id": "1", "contentType": "application/vnd.microsoft.card.adaptive", "content": "{}"}] if card else []
        ),
        "mentions": [
            {
                "id": index,
                "mentionText": person.name,
                "mentioned": {"user": {"id": person.aad_id, "displayName": person.name, "userIdentityType": "aadUser"}},
            }
            for index, person in enumerate(mentions)
        ],
        "reactions": [],
    }
