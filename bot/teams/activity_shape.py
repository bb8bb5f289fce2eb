"""What an incoming body must look like before it is read as an activity: bounded nesting, then the fields every
Teams activity has (a type, a serviceUrl, a conversation with an id). Anything else is a clean 400.

Nesting is measured on the raw bytes, before JSON is parsed: a body nested hundreds deep otherwise reached msrest's
recursive reader (and its long error logs). Teams' deepest activities (a card's data inside an invoke, an HTML
attachment) stay well under the limit.
"""

from __future__ import annotations

import re
from itertools import accumulate
from typing import Any

MAX_NESTING = 64
# Ids Chaser stores, held to what Teams sends and what the register's columns take (bot/store/schema.py), so a forged
# one is a 400 here and never a database error (PostgreSQL enforces the lengths; SQLite does not). Teams' longest
# conversation ids (personal chats, "a:1…") run to about 150 characters; keys made from them need room too.
MAX_CHAT_ID = 400
MAX_ACTIVITY_ID = 128
MAX_USER_ID = 256  # a Teams user id ("29:1…", about 100); also a person's key when no Entra id is known
MAX_ENTRA_ID = 64  # Entra object ids and tenant ids are GUIDs (36)
MAX_MEETING_ID = 512

_ESCAPE = re.compile(rb"\\.", re.DOTALL)
_STRING = re.compile(rb'"[^"]*"')
# Every byte but the four brackets, removed by bytes.translate.
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def nested_deeper_than(raw: bytes, limit: int = MAX_NESTING) -> bool:
    """True when the JSON text opens more than `limit` arrays or objects inside one another (strings ignored).

    Linear: escapes and strings are dropped by two regular-expression passes without backtracking, then only the
    brackets are counted."""
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False
    brackets = _STRING.sub(b"", _ESCAPE.sub(b"", raw)).translate(None, _NOT_BRACKETS)
    if len(brackets) <= limit:
        return False
    return max(accumulate(_STEP[b] for b in brackets)) > limit


def shape_problem(body: Any) -> str | None:
    """Why this parsed body is not an activity Chaser can answer, or None. The text goes back in the 400."""
    if not isinstance(body, dict):
        return "the body is not an activity (not a JSON object)"
    kind = body.get("type")
    if not isinstance(kind, str) or not kind or len(kind) > 64:
        return "the body is not an activity (no type)"
    service_url = body.get("serviceUrl")
    if not isinstance(service_url, str) or not service_url.startswith(("https://", "http://")):
        return "the activity has no serviceUrl"
    conversation = body.get("conversation")
    if not isinstance(conversation, dict):
        return "the activity has no conversation"
    conversation_id = conversation.get("id")
    if not isinstance(conversation_id, str) or not conversation_id.strip() or len(conversation_id) > MAX_CHAT_ID:
        return "the activity's conversation has no usable id"
    for name in ("from", "recipient", "channelData"):
        if body.get(name) is not None and not isinstance(body[name], dict):
            return f"the activity's {name} is not an object"
    activity_id = body.get("id")
    if activity_id is not None and (not isinstance(activity_id, str) or len(activity_id) > MAX_ACTIVITY_ID):
        return "the activity's id is not a usable string"
    return _ids_problem(body, conversation)


def _too_long(value: Any, limit: int) -> bool:
    """A present id that is not a string, or is longer than the limit."""
    return value is not None and (not isinstance(value, str) or len(value) > limit)


def _ids_problem(body: dict[str, Any], conversation: dict[str, Any]) -> str | None:
    sender = body.get("from") or {}
    if _too_long(sender.get("id"), MAX_USER_ID) or _too_long(sender.get("aadObjectId"), MAX_ENTRA_ID):
        return "the activity's sender has an id no Teams user has"
    channel_data = body.get("channelData") or {}
    tenant = channel_data.get("tenant")
    tenant_id = tenant.get("id") if isinstance(tenant, dict) else None
    if _too_long(tenant_id, MAX_ENTRA_ID) or _too_long(conversation.get("tenantId"), MAX_ENTRA_ID):
        return "the activity's tenant id is not a tenant id"
    meeting = channel_data.get("meeting")
    if isinstance(meeting, dict) and _too_long(meeting.get("id"), MAX_MEETING_ID):
        return "the activity's meeting id is not a meeting id"
    return None
