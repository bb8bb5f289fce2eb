"""Teams' send limits, kept before Teams has to enforce them (teams-platform.md §3).

Per bot per conversation: 7 sends a second, 8 in 2 s, 60 in 30 s, 1,800 an hour; per app per tenant: 50 requests a
second. A sliding window per limit; `wait()` returns once a send fits every window that applies, and records it.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

CONVERSATION_LIMITS = ((1.0, 7), (2.0, 8), (30.0, 60), (3600.0, 1800))
TENANT_LIMITS = ((1.0, 50),)


class SlidingWindow:
    def __init__(self, seconds: float, limit: int) -> None:
        self.seconds = seconds
        self.limit = limit
        self._times: deque[float] = deque()

    def delay(self, now: float) -> float:
        while self._times and now - self._times[0] >= self.seconds:
            self._times.popleft()
        if len(self._times) < self.limit:
            return 0.0
        return self._times[0] + self.seconds - now

    def record(self, now: float) -> None:
        self._times.append(now)


class Pacer:
    def __init__(
        self,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._monotonic = monotonic
        self._sleep = sleep
        self._windows: dict[str, list[SlidingWindow]] = {}
        self._lock = asyncio.Lock()

    def _for(self, key: str, limits: tuple[tuple[float, int], ...]) -> list[SlidingWindow]:
        windows = self._windows.get(key)
        if windows is None:
            windows = [SlidingWindow(seconds, limit) for seconds, limit in limits]
            self._windows[key] = windows
        return windows

    async def wait(self, *, tenant_id: str, conversation_id: str) -> None:
        # One lock: the check and the record must be atomic, or a burst overshoots between them.
        async with self._lock:
            windows = self._for(f"t:{tenant_id}", TENANT_LIMITS) + self._for(
                f"c:{conversation_id}", CONVERSATION_LIMITS
            )
            while True:
                now = self._monotonic()
                delay = max(window.delay(now) for window in windows)
                if delay <= 0:
                    for window in windows:
                        window.record(now)
                    return
                await self._sleep(delay)
