"""A small async client for the Bot Connector REST API (the calls Chaser makes), on the app's shared aiohttp session.

botbuilder sends through msrest, which serialises every reply field by field (a card is thousands of calls) and
deserialises every answer; for a bot whose replies are cards that was a quarter of a turn's CPU. The connector's REST
shapes are small and documented (teams-platform.md §2), so replies, card updates and proactive sends go out as plain
JSON here. Every failure raises ConnectorError, for the outbox's retry policy: an HTTP error with its status and
Retry-After, and a transport failure (refused or dropped connection, timeout) with status 0 and its kind.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import aiohttp
import orjson

from bot.teams.connector import BOT_FRAMEWORK_SCOPE, REQUEST_TIMEOUT_SECONDS, TokenProvider

# 408 and 5xx are the service's trouble, not the request's: worth another try. 501 and 505 will not change.
RETRYABLE = frozenset({408, 412, 429, *range(500, 600)}) - {501, 505}
TIMEOUT = "timeout"
CONNECTION = "connection"


class ConnectorError(Exception):
    def __init__(
        self, status: int, message: str, *, retry_after: float | None = None, transport: str | None = None
    ) -> None:
        what = f"Bot Connector answered {status}" if transport is None else f"Bot Connector {transport} failure"
        super().__init__(f"{what}: {message}")
        self.status = status
        self.retry_after = retry_after
        # TIMEOUT or CONNECTION when no answer came: Teams may or may not have the message.
        self.transport = transport

    @property
    def retryable(self) -> bool:
        return self.transport is not None or self.status in RETRYABLE

    @property
    def outcome(self) -> str:
        """How the attempt ended, as delivery_attempts records it."""
        return self.transport or f"http_{self.status}"


class BotConnector:
    def __init__(
        self, session: aiohttp.ClientSession, tokens: TokenProvider, *, timeout: float = REQUEST_TIMEOUT_SECONDS
    ) -> None:
        self._session = session
        self._tokens = tokens
        self._timeout = aiohttp.ClientTimeout(total=timeout)

    async def reply(self, incoming: dict[str, Any], activity: dict[str, Any]) -> str | None:
        """Answer an incoming activity in its conversation (threaded under it where the chat threads)."""
        outgoing = {**addressed_back(incoming), **activity}
        outgoing["replyToId"] = incoming.get("id")
        path = (
            f"v3/conversations/{_seg(incoming['conversation']['id'])}/activities/{_seg(str(incoming.get('id') or ''))}"
        )
        if not incoming.get("id"):
            path = f"v3/conversations/{_seg(incoming['conversation']['id'])}/activities"
        body = await self._call("POST", incoming["serviceUrl"], path, outgoing)
        return body.get("id") if isinstance(body, dict) else None

    async def update(self, incoming: dict[str, Any], message_id: str, activity: dict[str, Any]) -> None:
        """Replace a message the bot sent (a card after an Action.Submit answer)."""
        outgoing = {**addressed_back(incoming), **activity, "id": message_id}
        path = f"v3/conversations/{_seg(incoming['conversation']['id'])}/activities/{_seg(message_id)}"
        await self._call("PUT", incoming["serviceUrl"], path, outgoing)

    async def send(self, service_url: str, conversation_id: str, activity: dict[str, Any]) -> str | None:
        """A proactive message to a conversation the bot is in."""
        path = f"v3/conversations/{_seg(conversation_id)}/activities"
        body = await self._call("POST", service_url, path, {"type": "message", **activity})
        return body.get("id") if isinstance(body, dict) else None

    async def create_conversation(self, service_url: str, *, bot_id: str, user_id: str, tenant_id: str) -> str:
        """Open (or find) the 1:1 chat with a user. Teams answers 403 when the app is not installed for them."""
        body = await self._call(
            "POST",
            service_url,
            "v3/conversations",
            {
                "bot": {"id": bot_id},
                "members": [{"id": user_id}],
                "isGroup": False,
                "tenantId": tenant_id,
                "channelData": {"tenant": {"id": tenant_id}},
            },
        )
        if not isinstance(body, dict) or not isinstance(body.get("id"), str):
            raise ConnectorError(502, "create conversation answered without an id")
        return str(body["id"])

    async def get_meeting(self, service_url: str, meeting_id: str) -> dict[str, Any] | None:
        """GET /v1/meetings/{id}: scheduled times and organiser (needs RSC OnlineMeeting.ReadBasic.Chat).

        Called here rather than through TeamsInfo.get_meeting_info, whose client is synchronous and would block the
        event loop for the whole round trip."""
        body = await self._call("GET", service_url, f"v1/meetings/{_seg(meeting_id)}", None)
        return body if isinstance(body, dict) else None

    async def _call(self, method: str, service_url: str, path: str, payload: dict[str, Any] | None) -> Any:
        headers = {"Content-Type": "application/json"}
        token = await self._tokens.token(BOT_FRAMEWORK_SCOPE)
        if token:
            headers["Authorization"] = f"Bearer {token}"
        url = service_url.rstrip("/") + "/" + path
        # orjson: serialising a card with the standard library was a sixth of the reply's cost (benchmarks/turns.py).
        data = orjson.dumps(payload, option=orjson.OPT_NON_STR_KEYS) if payload is not None else None
        try:
            async with self._session.request(
                method, url, data=data, headers=headers, timeout=self._timeout
            ) as response:
                text = await response.text()
                status, retry_after = response.status, _retry_after(response.headers)
        except TimeoutError as error:  # aiohttp's ServerTimeoutError and the total timeout both are one
            raise ConnectorError(0, type(error).__name__, transport=TIMEOUT) from error
        except aiohttp.ClientError as error:
            raise ConnectorError(0, type(error).__name__, transport=CONNECTION) from error
        if status >= 300:
            raise ConnectorError(status, text[:200], retry_after=retry_after)
        if not text:
            return None
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            return None


def addressed_back(incoming: dict[str, Any]) -> dict[str, Any]:
    """The addressing of a reply: from the bot, to the sender, in the same conversation and channel."""
    return {
        "type": "message",
        "channelId": incoming.get("channelId", "msteams"),
        "serviceUrl": incoming.get("serviceUrl"),
        "from": incoming.get("recipient"),
        "recipient": incoming.get("from"),
        "conversation": incoming.get("conversation"),
    }


def _seg(value: str) -> str:
    return quote(value, safe=":@;=")


def _retry_after(headers: Any) -> float | None:
    raw = headers.get("Retry-After")
    if raw is None:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        return None
