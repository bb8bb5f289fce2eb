"""POST /api/messages, written for Teams as it is.

botbuilder 4.17.1's CloudAdapter.process() answers every invoke that has a body (Action.Execute, task/fetch) with
HTTP 500: it re-serialises a body the handler already turned into a dict. So this route calls process_activity()
itself, with the result of Chaser's own authentication (bot/teams/inbound_auth.py), and writes the invoke response.

Each request is refused as early and as cheaply as it can be, and before anything is stored:
oversized by its Content-Length (413); not signed by the Bot Framework for this bot (401, before the body is read);
wrong Content-Type (415); oversized as read (413); nested too deep (400, before JSON is parsed); not JSON (400); not
an activity with a serviceUrl and a conversation (400); a serviceUrl or channel the token does not vouch for (401);
a tenant not allowed (403, only once the caller is authenticated, so no one else learns which tenants are).
"""

from __future__ import annotations

import logging
from typing import Any

import orjson
from aiohttp import web
from botbuilder.core import Bot, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from msrest.exceptions import DeserializationError

from bot.config import Settings
from bot.register.control_chars import scrub_strings
from bot.register.model import AuditEvent, Person, Surface
from bot.register.ports import Clock
from bot.register.refusals import TENANT, AuditStore, record_refusal, refusal
from bot.teams.activity_reader import read_activity
from bot.teams.activity_shape import MAX_NESTING, nested_deeper_than, shape_problem
from bot.teams.connector import ChaserAuthentication
from bot.teams.inbound_auth import InboundAuthenticator, Unauthenticated, Verified
from bot.teams.turn import RAW_ACTIVITY

log = logging.getLogger(__name__)


def problem(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"error": {"code": code, "message": message}}, status=status)


def unauthorised(request: web.Request, reason: object) -> web.Response:
    log.warning("401 for a request from %r: %s", request.remote, reason)
    return problem(401, "Unauthorized", "the request is not signed by the Bot Framework for this bot")


def messages_route(
    settings: Settings,
    adapter: CloudAdapter,
    bot: Bot,
    sdk_auth: ChaserAuthentication,
    authenticator: InboundAuthenticator | None,
    audit: AuditStore,
    clock: Clock,
) -> Any:
    too_large = f"activities are limited to {settings.max_body_bytes} bytes"

    async def messages(request: web.Request) -> web.StreamResponse:
        if request.content_length is not None and request.content_length > settings.max_body_bytes:
            return problem(413, "PayloadTooLarge", too_large)
        verified: Verified | None = None
        if authenticator is not None:
            try:
                verified = authenticator.verify(request.headers.get("Authorization", ""))
            except Unauthenticated as refused:
                return unauthorised(request, refused)
        if request.content_type != "application/json":
            return problem(415, "UnsupportedMediaType", "send the activity as application/json")
        try:
            raw = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return problem(413, "PayloadTooLarge", too_large)
        if nested_deeper_than(raw):
            return problem(400, "BadRequest", f"the body is nested more than {MAX_NESTING} levels deep")
        try:
            body = orjson.loads(raw)
        except orjson.JSONDecodeError:
            return problem(400, "BadRequest", "the body is not JSON")
        body = scrub_strings(body)  # control characters never get past the door (bot/register/control_chars.py)
        shape = shape_problem(body)
        if shape is not None:
            return problem(400, "BadRequest", shape)
        if verified is not None:
            try:
                InboundAuthenticator.check_activity(verified, body)
            except Unauthenticated as refused:
                return unauthorised(request, refused)
        tenant = _tenant(body)
        if not settings.tenant_allowed(tenant):
            await record_refusal(audit, _tenant_refusal(body, tenant, clock))  # its log line says which tenant
            return problem(403, "Forbidden", "this tenant is not allowed to use this bot")
        try:
            activity = read_activity(body)
        except (DeserializationError, ValueError, TypeError, AttributeError) as error:
            return problem(400, "BadRequest", f"the activity could not be read: {type(error).__name__}")

        async def logic(turn_context: TurnContext) -> None:
            turn_context.turn_state[RAW_ACTIVITY] = body
            await bot.on_turn(turn_context)

        invoke_response = await adapter.process_activity(sdk_auth.result_for(verified), activity, logic)
        if invoke_response is not None:
            if invoke_response.body is None:  # "handled, nothing to show": no body, never the JSON `null`
                return web.Response(status=int(invoke_response.status))
            return web.json_response(invoke_response.body, status=int(invoke_response.status))
        return web.Response(status=201)

    return messages


def _tenant_refusal(body: dict[str, Any], tenant: str | None, clock: Clock) -> AuditEvent:
    sender = body.get("from")
    if not isinstance(sender, dict):
        sender = {}
    actor = Person(
        name=_text(sender.get("name")),
        aad_id=_text(sender.get("aadObjectId")) or None,
        user_id=_text(sender.get("id")) or None,
    )
    what = body.get("name") if body.get("type") == "invoke" else body.get("type")
    return refusal(
        action_id=None,
        chat_id=body["conversation"]["id"],  # shape_problem made sure it is a string
        at=clock.now(),
        actor=actor,
        surface=Surface.EVENT if body.get("type") == "event" else Surface.COMMAND,
        category=TENANT,
        what=_text(what)[:40],
        reason="tenant_not_allowed",
        tenant=(tenant or "")[:64],
    )


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


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
