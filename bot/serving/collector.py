"""The garbage collector set for a long-running server, once start-up is done."""

from __future__ import annotations

import gc

from aiohttp import web

# Turns in flight hold a few thousand live containers between them (activities, cards, futures): at the default
# first threshold (700) that alone set off ~150 young collections a second, each promoting in-flight objects into
# older generations to be scanned again (~3% of the bot's CPU at 32 conversations, benchmarks/turns.py). Almost all
# of it is freed by reference counting; cyclic garbage still goes within 10,000 new containers.
GC_THRESHOLDS = (10_000, 10, 10)


async def tune_garbage_collector(_app: web.Application) -> None:
    # Everything loaded by now (the SDK, SQLAlchemy, Babel, the catalogue) lives as long as the process. Left to the
    # collector, each full collection walked all of it: 50-70 ms with every turn in flight stalled, every ~2 s under
    # load (benchmarks/turns.py p99). Frozen, a full collection only walks what turns have made since.
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
