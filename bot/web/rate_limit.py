"""Request rates per client: a token bucket per key, in memory, with a bounded number of keys.

Each replica keeps its own buckets: behind a load balancer a client can get up to one allowance per replica, which
still bounds a flood (the aim) without a shared store on the hot path.
"""

from __future__ import annotations

import ipaddress
import time
from collections import OrderedDict
from collections.abc import Callable


class RateLimiter:
    def __init__(
        self, per_minute: int, *, max_keys: int = 50_000, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self.capacity = float(per_minute)
        self._rate = per_minute / 60.0
        self._max_keys = max_keys
        self._monotonic = monotonic
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def allow(self, key: str) -> float | None:
        """None when the request may go ahead; else the seconds until it could (for Retry-After)."""
        now = self._monotonic()
        tokens, last = self._buckets.pop(key, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - last) * self._rate)
        if tokens >= 1.0:
            self._buckets[key] = (tokens - 1.0, now)
            allowed = True
        else:
            self._buckets[key] = (tokens, now)
            allowed = False
        while len(self._buckets) > self._max_keys:
            self._buckets.popitem(last=False)  # the least recently seen client: its bucket would be full again
        return None if allowed else (1.0 - tokens) / self._rate


def client_key(remote: str | None, forwarded_for: str | None) -> str:
    """The client's address. Behind a proxy on a private or loopback address, the address that proxy appended to
    X-Forwarded-For (the last entry: earlier ones are whatever the client claimed)."""
    address = remote or "unknown"
    if forwarded_for:
        try:
            peer = ipaddress.ip_address(address)
        except ValueError:
            return address
        if peer.is_private or peer.is_loopback:
            last = forwarded_for.split(",")[-1].strip()
            if last:
                return last[:64]
    return address
