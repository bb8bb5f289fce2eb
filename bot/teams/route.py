"""POST /api/messages, written for Teams as it is.

botbuilder 4.17.1's CloudAdapter.process() answers every invoke that has a body (Action.Execute, task/fetch) with
HTTP 500: it re-serialises a body the handler already turned into a dict. So this route calls process_activity()
itself and writes the invoke response. It also refuses, before anything is stored: wrong Content-Type (415),
oversized (413) or non-JSON (400) bodies, payloads that are not activities (400), and tenants not allowed (403).
"""

from __future__ import annotations

import logging
from typing import Any

import jwt
import orjson
from aiohttp import web
from botbuilder.core import Bot, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from msrest.exceptions import DeserializationError

from bot.config import Settings
from bot.teams.activity_reader import read_activity
from bot.teams.turn import RAW_ACTIVITY

log = logging.getLogger(__name__)


def problem(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"error": {"code": code, "message": message}}, status=status)


def messages_route(settings: Settings, adapter: CloudAdapter, bot: Bot) -> Any:
    async def messages(request: web.Request) -> web.StreamResponse:
        if request.content_type != "application/json":
            return problem(415, "UnsupportedMediaType", "send the activity as application/json")
        if request.content_length is not None and request.content_length > settings.max_body_bytes:
            return problem(413, "PayloadTooLarge", f"activities are limited to {settings.max_body_bytes} bytes")
        try:
            raw = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return problem(413, "PayloadTooLarge", f"activities are limited to {settings.max_body_bytes} bytes")
        try:
            body = orjson.loads(raw)
        except orjson.JSONDecodeError:
            return problem(400, "BadRequest", "the body is not JSON")
        if not isinstance(body, dict) or not isinstance(body.get("type"), str):
            return problem(400, "BadRequest", "the body is not an activity (no type)")
        tenant = _tenant(body)
        if not settings.tenant_allowed(tenant):
            log.warning("refused an activity from a tenant that is not allowed")
            return problem(403, "Forbidden", "this tenant is not allowed to use this bot")
        try:
            activity = read_activity(body)
        except (DeserializationError, ValueError, TypeError, AttributeError) as error:
            return problem(400, "BadRequest", f"the activity could not be read: {type(error).__name__}")
        auth_header = request.headers.get("Authorization", "")

        async def logic(turn_context: TurnContext) -> None:
            turn_context.turn_state[RAW_ACTIVITY] = body
            await bot.on_turn(turn_context)

        try:
            invoke_response = await adapter.process_activity(auth_header, activity, logic)
        except (PermissionError, jwt.PyJWTError):
            # A garbled bearer token makes the SDK's JWT parsing raise instead of refusing: still a 401.
            return problem(401, "Unauthorized", "the request is not signed by the Bot Framework")
        if invoke_response is not None:
            return web.json_response(invoke_response.body, status=int(invoke_response.status))
        return web.Response(status=201)

    return messages


def _tenant(body: dict[str, Any]) -> str | None:
    channel_data = body.get("channelData")
    if isinstance(channel_data, dict):
        tenant = channel_data.get("tenant")
        if isinstance(tenant, dict) and isinstance(tenant.get("id"), str):
            return str(tenant["id"]).lower()
    conversation = body.get("conversation")
    if isinstance(conversation, dict) and isinstance(conversation.get("tenantId"), str):
        return str(conversation["tenantId"]).lower()
    return None
