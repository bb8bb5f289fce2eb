"""APScheduler as the metronome: one interval job that runs a sweep. Nothing else about chasing lives here.

Like python-telegram-bot's JobQueue, callers never touch APScheduler: they get start() and stop().
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

log = logging.getLogger(__name__)


class SweepRunner:
    def __init__(self, sweep: Callable[[], Awaitable[object]], *, every_seconds: float) -> None:
        self._sweep = sweep
        self._every = every_seconds
        self._scheduler: AsyncIOScheduler | None = None
        self._running: asyncio.Task[object] | None = None

    async def _tick(self) -> None:
        self._running = asyncio.current_task()
        try:
            report = await self._sweep()
            log.debug("sweep: %s", report)
        except Exception:  # a failed sweep must not stop the next one; the leases make it safe to retry
            log.exception("chaser sweep failed; the next sweep retries")

    def start(self) -> None:
        scheduler = AsyncIOScheduler(timezone="UTC")
        # One sweep at a time per process (max_instances=1); missed ticks collapse into one (coalesce).
        scheduler.add_job(
            self._tick,
            IntervalTrigger(seconds=self._every),
            id="chaser-sweep",
            max_instances=1,
            coalesce=True,
            misfire_grace_time=max(1, int(self._every)),
        )
        scheduler.start()
        self._scheduler = scheduler

    async def stop(self, *, grace: float = 0.0) -> None:
        """No more sweeps; the one under way (if any) gets `grace` seconds to finish its sends, then is cancelled.

        The scheduler is paused first and shut down last: APScheduler's asyncio executor cancels the jobs still
        running when it shuts down. A cancelled sweep leaves leases behind: the caller releases them
        (Sweeper.release) so another replica takes those chasers over at once rather than when the leases end.
        """
        scheduler, self._scheduler = self._scheduler, None
        if scheduler is not None:
            scheduler.pause()
        running = self._running
        if running is not None and not running.done() and running is not asyncio.current_task():
            try:
                await asyncio.wait_for(asyncio.shield(running), timeout=grace)
            except TimeoutError:
                if grace:
                    log.warning("the sweep under way did not finish within %.0f s of shutdown; stopping it", grace)
                running.cancel()
                await asyncio.gather(running, return_exceptions=True)
        if scheduler is not None:
            scheduler.shutdown(wait=False)
