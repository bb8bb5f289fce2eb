"""A local stand-in for the Bot Connector service: records what the bot sends and answers like Teams would.

It listens on 127.0.0.1 only. Faults can be queued (status codes with headers) and every request can be delayed,
so tests and benchmarks see the costs and failures of the real service.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Sent:
    method: str
    path: str
    conversation_id: str
    activity_id: str | None
    body: dict[str, Any]
    headers: dict[str, str]


@dataclass
class ConnectorStandIn:
    delay: float = 0.0
    roster: dict[str, dict[str, Any]] = field(default_factory=dict)
    meetings: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Users for whom the app is not installed: creating a 1:1 chat with them answers 403, as Teams does.
    not_installed: set[str] = field(default_factory=set)
    # Enforce Teams' limits (50 requests a second per tenant, 7 sends a second per conversation) with 429s.
    enforce_limits: bool = False
    throttled: int = 0
    # After this many accepted sends, hold every further send unanswered until `release` is set (crash tests).
    hold_after: int | None = None
    release: asyncio.Event = field(default_factory=asyncio.Event)
    accepted: int = 0
    # Conversations whose every send fails: "drop" (the connection closed unanswered), "hang" (no answer for
    # `hang_seconds`, past the bot's timeout) or an HTTP status.
    broken: dict[str, str | int] = field(default_factory=dict)
    hang_seconds: float = 3.0
    # Every send as its body arrives, before any fault or hold: what Teams would deliver (crash tests).
    arrivals: list[Sent] = field(default_factory=list)
    _tenant_times: deque[float] = field(default_factory=deque)
    _conversation_times: dict[str, deque[float]] = field(default_factory=dict)
    requests: list[Sent] = field(default_factory=list)
    faults: deque[tuple[int, dict[str, str]]] = field(default_factory=deque)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None
    url: str = ""

    async def start(self) -> ConnectorStandIn:
        app = web.Application()
        app.router.add_post("/v3/conversations", self._create_conversation)
        app.router.add_post("/v3/conversations/{cid}/activities", self._send)
        app.router.add_post("/v3/conversations/{cid}/activities/{aid}", self._send)
        app.router.add_put("/v3/conversations/{cid}/activities/{aid}", self._update)
        app.router.add_get("/v3/conversations/{cid}/members/{mid}", self._member)
        app.router.add_get("/v3/conversations/{cid}/pagedmembers", self._paged_members)
        app.router.add_get("/v1/meetings/{mid}", self._meeting)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}/"
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def add_member(self, *, user_id: str, aad_id: str, name: str, user_role: str = "user") -> None:
        member = {
            "id": user_id,
            "aadObjectId": aad_id,
            "name": name,
            "userPrincipalName": f"{aad_id}@example.org",
            "userRole": user_role,
        }
        self.roster[user_id] = member
        self.roster[aad_id] = member

    def sent_to(self, conversation_id: str) -> list[Sent]:
        return [r for r in self.requests if r.conversation_id == conversation_id and r.method in ("POST", "PUT")]

    def cards(self, conversation_id: str | None = None) -> list[dict[str, Any]]:
        found = []
        for request in self.requests:
            if conversation_id is not None and request.conversation_id != conversation_id:
                continue
            for attachment in request.body.get("attachments") or []:
                if attachment.get("contentType") == "application/vnd.microsoft.card.adaptive":
                    found.append(attachment["content"])
        return found

    def texts(self, conversation_id: str | None = None) -> list[str]:
        return [
            r.body["text"]
            for r in self.requests
            if r.body.get("text") and (conversation_id is None or r.conversation_id == conversation_id)
        ]

    def _over_limit(self, conversation_id: str) -> bool:
        now = time.monotonic()
        for window, limit in (
            (self._tenant_times, 50),
            (self._conversation_times.setdefault(conversation_id, deque()), 7),
        ):
            while window and now - window[0] >= 1.0:
                window.popleft()
            if len(window) >= limit:
                return True
        self._tenant_times.append(now)
        if conversation_id:
            self._conversation_times[conversation_id].append(now)
        return False

    async def _answer(self, request: web.Request) -> web.Response | None:
        if self.enforce_limits and self._over_limit(request.match_info.get("cid", "")):
            self.throttled += 1
            return web.json_response({"error": {"code": "Throttled"}}, status=429, headers={"Retry-After": "1"})
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.faults:
            status, headers = self.faults.popleft()
            return web.json_response(
                {"error": {"code": "Fault", "message": "injected"}}, status=status, headers=headers
            )
        return None

    async def _record(self, request: web.Request, body: dict[str, Any]) -> None:
        self.requests.append(self._sent(request, body))

    def _sent(self, request: web.Request, body: dict[str, Any]) -> Sent:
        return Sent(
            method=request.method,
            path=request.path,
            conversation_id=request.match_info.get("cid", ""),
            activity_id=request.match_info.get("aid"),
            body=body,
            headers=dict(request.headers),
        )

    async def _send(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.arrivals.append(self._sent(request, body))
        breakage = self.broken.get(request.match_info["cid"])
        if breakage == "drop":
            assert request.transport is not None
            request.transport.abort()
            return web.Response(status=500)  # never written: the connection is gone
        if breakage == "hang":
            await asyncio.sleep(self.hang_seconds)
        if isinstance(breakage, int):
            return web.json_response({"error": {"code": "Fault", "message": "broken"}}, status=breakage)
        fault = await self._answer(request)
        if fault is not None:
            return fault
        if self.hold_after is not None and self.accepted >= self.hold_after:
            await self.release.wait()
        if request.transport is None or request.transport.is_closing():
            # The sender went away before it could hear the answer (killed mid-request): not accepted.
            return web.json_response({"error": {"code": "Gone"}}, status=499)
        self.accepted += 1
        await self._record(request, body)
        return web.json_response({"id": f"sent-{next(self._ids)}"})

    async def _update(self, request: web.Request) -> web.Response:
        body = await request.json()
        fault = await self._answer(request)
        if fault is not None:
            return fault
        await self._record(request, body)
        return web.json_response({"id": request.match_info["aid"]})

    async def _create_conversation(self, request: web.Request) -> web.Response:
        body = await request.json()
        fault = await self._answer(request)
        if fault is not None:
            return fault
        await self._record(request, body)
        members = [m.get("id") for m in body.get("members") or []]
        if any(m in self.not_installed for m in members):
            return web.json_response({"error": {"code": "Forbidden", "message": "app not installed"}}, status=403)
        return web.json_response({"id": f"a:created-{next(self._ids)}"})

    async def _meeting(self, request: web.Request) -> web.Response:
        await self._record(request, {})
        meeting = self.meetings.get(request.match_info["mid"])
        if meeting is None:
            return web.json_response({"error": {"code": "NotFound"}}, status=404)
        return web.json_response(meeting)

    async def _paged_members(self, request: web.Request) -> web.Response:
        fault = await self._answer(request)
        if fault is not None:
            return fault
        await self._record(request, {})
        unique = {member["id"]: member for member in self.roster.values()}
        return web.json_response({"members": list(unique.values())})

    async def _member(self, request: web.Request) -> web.Response:
        fault = await self._answer(request)
        if fault is not None:
            return fault
        await self._record(request, {})
        member = self.roster.get(request.match_info["mid"])
        if member is None:
            return web.json_response({"error": {"code": "MemberNotFoundInConversation"}}, status=404)
        return web.json_response(member)
