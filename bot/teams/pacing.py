"""Teams' send limits, kept before Teams has to enforce them (teams-platform.md §3).

Per bot per conversation: 7 sends a second, 8 in 2 s, 60 in 30 s, 1,800 an hour (sliding windows). Per app per
tenant: 50 requests a second — kept by spacing requests evenly rather than in bursts: our clock starts when a request
leaves and Teams' when it arrives, and a burst whose arrivals jitter straddles Teams' window and draws 429s
(measured with benchmarks/sweep.py: 60+ 429s per 2,000 sends with a 47-per-second window, none evenly spaced).
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

CONVERSATION_LIMITS = ((1.0, 7), (2.0, 8), (30.0, 60), (3600.0, 1800))
# A conversation or tenant with nothing sent for this long has no window left to keep: it is forgotten.
_LONGEST_WINDOW = max(seconds for seconds, _limit in CONVERSATION_LIMITS)
_PRUNE_EVERY = 60.0
# Requests per second per tenant: Teams allows 50; the rest is headroom for arrival jitter.
TENANT_RATE = 49.0


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

    def last(self) -> float | None:
        return self._times[-1] if self._times else None


class Pacer:
    def __init__(
        self,
        *,
        tenant_rate: float = TENANT_RATE,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._interval = 1.0 / tenant_rate
        self._monotonic = monotonic
        self._sleep = sleep
        self._conversations: dict[str, list[SlidingWindow]] = {}
        self._tenant_next: dict[str, float] = {}
        # Making up lateness could put a 50th send into one second by our clock; this window keeps it at 49.
        self._tenant_rate = max(1, int(tenant_rate))
        self._tenant_windows: dict[str, SlidingWindow] = {}
        self._lock = asyncio.Lock()
        self._pruned_at = monotonic()

    @property
    def tracked(self) -> tuple[int, int]:
        """How many conversations and tenants the pacer holds windows for."""
        return len(self._conversations), len(self._tenant_windows)

    async def wait(self, *, tenant_id: str, conversation_id: str) -> None:
        # One lock: the check and the record must be atomic, or a burst overshoots between them.
        async with self._lock:
            self._prune(self._monotonic())
            windows = self._conversations.get(conversation_id)
            if windows is None:
                windows = [SlidingWindow(seconds, limit) for seconds, limit in CONVERSATION_LIMITS]
                self._conversations[conversation_id] = windows
            tenant_window = self._tenant_windows.get(tenant_id)
            if tenant_window is None:
                tenant_window = self._tenant_windows[tenant_id] = SlidingWindow(1.0, self._tenant_rate)
            while True:
                now = self._monotonic()
                delay = max(
                    self._tenant_next.get(tenant_id, now) - now,
                    tenant_window.delay(now),
                    *(window.delay(now) for window in windows),
                )
                if delay <= 0:
                    for window in (*windows, tenant_window):
                        window.record(now)
                    self._tenant_next[tenant_id] = self._after(self._tenant_next.get(tenant_id), now)
                    return
                await self._sleep(delay)

    def _prune(self, now: float) -> None:
        # A process that runs for years sends to every chat and person it ever chases: without this, one entry each
        # (the hour window holding up to 1,800 times) would be kept for ever.
        if now - self._pruned_at < _PRUNE_EVERY:
            return
        self._pruned_at = now
        horizon = now - _LONGEST_WINDOW
        for conversation_id, windows in list(self._conversations.items()):
            # Every send is recorded in every window.
            if max((window.last() or 0.0) for window in windows) <= horizon:
                del self._conversations[conversation_id]
        for tenant_id, window in list(self._tenant_windows.items()):
            if (window.last() or 0.0) <= horizon:
                del self._tenant_windows[tenant_id]
                self._tenant_next.pop(tenant_id, None)

    def _after(self, slot: float | None, now: float) -> float:
        # The next slot follows this one's scheduled time, not the moment we woke: a sleep always wakes a little late
        # (timer granularity, a busy loop), and counting from the wake-up lost that lateness on every send (49 a second
        # became ~45, measured with benchmarks/sweep.py). Lateness is made up by at most half a slot, so two sends are
        # never closer than half the interval.
        if slot is None:
            return now + self._interval
        return max(slot, now - self._interval / 2) + self._interval
