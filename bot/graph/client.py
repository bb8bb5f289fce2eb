"""One client for Microsoft Graph: an app token from msal (bot/graph/tokens.py) and REST on the app's aiohttp session.

Throttling and outages are handled here, once, for every Graph feature: 429 and 503 wait for Retry-After (bounded),
other 5xx and connection failures back off exponentially with jitter, a 401 fetches a new token once. What is left is
raised as GraphError with Graph's own error code and message, and whether trying later could help.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp

from bot.graph.tokens import AppTokens, TokenError

log = logging.getLogger(__name__)

VERSION = "v1.0"
MAX_ATTEMPTS = 4
BACKOFF_BASE = 1.0
# A Retry-After longer than this is not waited for in place: the caller is told to come back later.
MAX_WAIT = 30.0
TIMEOUT_SECONDS = 30.0
_RETRY_AFTER_STATUSES = frozenset({429, 503})


class GraphError(Exception):
    def __init__(self, status: int, code: str, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(f"Graph answered {status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message[:300]
        self.retry_after = retry_after

    @property
    def retryable(self) -> bool:
        """Worth trying again later: throttled, Graph unavailable, or no answer at all (status 0)."""
        return self.status == 0 or self.status in _RETRY_AFTER_STATUSES or self.status >= 500


@dataclass(frozen=True)
class GraphResponse:
    status: int
    body: Any
    headers: Mapping[str, str]


class GraphClient:
    def __init__(
        self,
        session: aiohttp.ClientSession,
        tokens: AppTokens,
        *,
        base_url: str,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.session = session
        self.tokens = tokens
        self.base_url = base_url.rstrip("/") + "/" + VERSION
        self._sleep = sleep
        self._jitter = jitter
        self._timeout = aiohttp.ClientTimeout(total=TIMEOUT_SECONDS)

    async def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: bytes | None = None,
        content_type: str | None = None,
        params: Mapping[str, str] | None = None,
    ) -> GraphResponse:
        """One Graph call (path after /v1.0), retried as the module says. GraphError when it does not succeed."""
        renewed = False
        last: GraphError | None = None
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                token = await self.tokens.token()
            except TokenError as error:
                raise GraphError(401, "no_token", str(error)) from error
            headers = {"Authorization": f"Bearer {token}"}
            if content_type:
                headers["Content-Type"] = content_type
            try:
                async with self.session.request(
                    method,
                    self.base_url + path,
                    json=json,
                    data=data,
                    params=params,
                    headers=headers,
                    timeout=self._timeout,
                ) as response:
                    body = await _body(response)
                    if response.status < 400:
                        return GraphResponse(response.status, body, dict(response.headers))
                    last = _error(response.status, body, response.headers)
            except (aiohttp.ClientError, TimeoutError) as error:
                last = GraphError(0, type(error).__name__, str(error) or "no answer from Graph")
            if last.status == 401 and not renewed:
                renewed = True
                self.tokens.forget()
                continue
            if not last.retryable or attempt == MAX_ATTEMPTS:
                break
            wait = self._wait(attempt, last)
            if wait is None:
                break
            log.info("Graph %s %s: %s; trying again in %.1f s", method, path.split("?")[0], last.status, wait)
            await self._sleep(wait)
        assert last is not None
        raise last

    def _wait(self, attempt: int, error: GraphError) -> float | None:
        if error.retry_after is not None:
            return error.retry_after if error.retry_after <= MAX_WAIT else None
        ceiling = min(MAX_WAIT, BACKOFF_BASE * 2 ** (attempt - 1))
        # Full jitter: replicas throttled together do not come back together.
        return ceiling * (0.5 + self._jitter() / 2)


async def _body(response: aiohttp.ClientResponse) -> Any:
    raw = await response.read()
    if not raw:
        return None
    if "json" in (response.content_type or ""):
        try:
            return await response.json(content_type=None)
        except ValueError:
            return None
    return raw.decode("utf-8", errors="replace")


def _error(status: int, body: Any, headers: Mapping[str, str]) -> GraphError:
    code, message = "unknown", ""
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        code = str(body["error"].get("code") or code)
        message = str(body["error"].get("message") or "")
    elif isinstance(body, str):
        message = body[:300]
    # Graph sends Retry-After in seconds; without one, the exponential schedule applies.
    raw = headers.get("Retry-After", "").strip()
    retry_after = float(raw) if raw.isdigit() else None
    return GraphError(status, code, message, retry_after=retry_after)
