"""Probes for orchestrators and load balancers, and the refusal of new turns while shutting down.

/healthz is liveness: the process answers HTTP. It does not look at the database, so a database outage does not get
every replica restarted (which would not bring the database back). /readyz is readiness: the database answers and
is migrated to the revision this code expects; while shutting down it answers 503, so traffic moves elsewhere
before the listener closes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web

from bot.store.migrate import current_revision, head_revision
from bot.store.sql import SqlStore

# How long a client is told to wait before retrying a turn refused during shutdown.
RETRY_AFTER_SECONDS = 1


@dataclass
class ServingState:
    draining: bool = False


async def healthz(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def readyz(state: ServingState, store: SqlStore) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def ready(_request: web.Request) -> web.Response:
        if state.draining:
            return web.json_response({"status": "draining"}, status=503)
        try:
            await store.ping()
            revision = await current_revision(store)
        except Exception as error:  # any database failure means "not ready", whatever the driver raised
            return web.json_response({"status": "unready", "database": type(error).__name__}, status=503)
        expected = head_revision()
        if revision != expected:
            return web.json_response(
                {"status": "unready", "database": store.dialect, "revision": revision, "expected": expected},
                status=503,
            )
        return web.json_response({"status": "ready", "database": store.dialect, "revision": revision})

    return ready


def refuse_new_turns_while_draining(state: ServingState) -> Callable[..., Awaitable[web.StreamResponse]]:
    """Turns that arrive on a kept-alive connection after shutdown began get 503 (Retry-After), never half-done:
    the sender (Teams, or the reverse proxy retrying on another replica) delivers them again."""

    @web.middleware
    async def middleware(
        request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        if state.draining and request.path == "/api/messages":
            return web.json_response(
                {"error": {"code": "ShuttingDown", "message": "this replica is shutting down; retry"}},
                status=503,
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            )
        return await handler(request)

    return middleware
