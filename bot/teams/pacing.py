"""Teams' send limits, kept before Teams has to enforce them (teams-platform.md §3).

Per bot per conversation: 7 sends a second, 8 in 2 s, 60 in 30 s, 1,800 an hour (sliding windows). Per app per
tenant: 50 requests a second — kept by spacing requests evenly rather than in bursts: our clock starts when a request
leaves and Teams' when it arrives, and a burst whose arrivals jitter straddles Teams' window and draws 429s
(measured with benchmarks/sweep.py: 60+ 429s per 2,000 sends with a 47-per-second window, none evenly spaced).
"""

from __future__ import annotations

import asyncio
import bisect
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

    def record(self, now: float) -> None:
        self._times.append(now)

    def delay(self, now: float) -> float:
        while self._times and now - self._times[0] >= self.seconds:
            self._times.popleft()
        if len(self._times) < self.limit:
            return 0.0
        return self._times[0] + self.seconds - now

    def earliest(self, now: float) -> float:
        """The first moment from `now` a new send fits, its times (past, or reserved ahead) all kept in order."""
        while self._times and now - self._times[0] >= self.seconds:
            self._times.popleft()
        if not self._times:
            return now
        at = max(now, self._times[-1])
        if len(self._times) >= self.limit:
            at = max(at, self._times[-self.limit] + self.seconds)
        return at

    def last(self) -> float | None:
        return self._times[-1] if self._times else None


class Pacer:
    """Gives each send a slot: the earliest moment its conversation's windows and its tenant's spacing allow.

    A slot is reserved in one synchronous step (no await between the check and the record, so no other task can take
    it meanwhile: the step is the lock) and slept for after it, so a busy conversation (waiting seconds for its 60 in
    30 s) holds nobody else up: other conversations and tenants get the next free slots meanwhile. Reserved slots are
    absolute times, so a sleep that wakes late does not push the sends after it later (no throughput lost to timer
    granularity or a busy loop: measured with benchmarks/sweep.py). Sends woken together are spaced again as they
    leave (_leave).
    """

    def __init__(
        self,
        *,
        tenant_rate: float = TENANT_RATE,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        # A hair over 1/rate, so that float sums of `rate` gaps never fit `rate` + 1 sends in one second.
        self._interval = 1.0 / tenant_rate + 1e-9
        self._monotonic = monotonic
        self._sleep = sleep
        self._conversations: dict[str, list[SlidingWindow]] = {}
        # Per tenant, the slots taken (sorted): recent past ones and those reserved ahead by sends still waiting.
        self._tenant_slots: dict[str, list[float]] = {}
        # Per tenant, when sends really left (after their sleeps).
        self._left: dict[str, SlidingWindow] = {}
        self._per_second = max(1, int(tenant_rate))
        self._pruned_at = monotonic()

    @property
    def tracked(self) -> tuple[int, int]:
        """How many conversations and tenants the pacer holds windows for."""
        return len(self._conversations), len(self._tenant_slots)

    async def wait(self, *, tenant_id: str, conversation_id: str) -> None:
        now = self._monotonic()
        delay = self.reserve(tenant_id=tenant_id, conversation_id=conversation_id, now=now) - now
        if delay > 0:
            await self._sleep(delay)
        await self._leave(tenant_id)

    async def _leave(self, tenant_id: str) -> None:
        # Many sends sleep at once, and when the loop was busy several of their timers fire together: a burst that
        # Teams' window sees as one (benchmarks/sweep.py: 17-36 429s per 1,000 sends). So sends really leave at least
        # half a slot apart, and 49 in any second by the moments they leave; a wait this short is the tenant's own.
        left = self._left.get(tenant_id)
        if left is None:
            left = self._left[tenant_id] = SlidingWindow(1.0, self._per_second)
        while True:
            now = self._monotonic()
            last = left.last()
            wait = max(left.delay(now), (last + self._interval / 2 - now) if last is not None else 0.0)
            if wait <= 0:
                left.record(now)
                return
            await self._sleep(wait)

    def reserve(self, *, tenant_id: str, conversation_id: str, now: float) -> float:
        """The moment this send may go, taken in the windows at once."""
        self._prune(now)
        windows = self._conversations.get(conversation_id)
        if windows is None:
            windows = [SlidingWindow(seconds, limit) for seconds, limit in CONVERSATION_LIMITS]
            self._conversations[conversation_id] = windows
        # A conversation's slots are taken in order, so each window only has to look back from the newest.
        earliest = max(now, *(window.earliest(now) for window in windows))
        slots = self._tenant_slots.setdefault(tenant_id, [])
        # Past slots matter only as the previous neighbour of a new one.
        keep_from = bisect.bisect_left(slots, now - self._interval)
        if keep_from > 1:
            del slots[: keep_from - 1]
        at = _free_slot(slots, earliest, self._interval)
        for window in windows:
            window.record(at)
        return at

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
        for tenant_id, slots in list(self._tenant_slots.items()):
            if not slots or slots[-1] <= horizon:
                del self._tenant_slots[tenant_id]
                self._left.pop(tenant_id, None)


def _free_slot(slots: list[float], earliest: float, interval: float) -> float:
    """Takes the first moment from `earliest` at least `interval` from every slot taken, and keeps it in `slots`.
    Spacing sends evenly rather than in bursts is what keeps Teams' per-tenant window from answering 429."""
    at = earliest
    i = bisect.bisect_right(slots, at)
    if i > 0:
        at = max(at, slots[i - 1] + interval)
    while i < len(slots) and slots[i] < at + interval:
        at = max(at, slots[i] + interval)
        i += 1
    slots.insert(i, at)
    return at
