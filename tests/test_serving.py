"""`python app.py` serves an app whose last start-up step freezes the heap loaded at start (benchmarks/turns.py: full
collections walking the SDK, SQLAlchemy and Babel stalled every turn in flight for 50-70 ms every ~2 s) and raises the
collector's first threshold past what turns in flight hold."""

from __future__ import annotations

import gc
from pathlib import Path

import app
from bot.config import Settings
from bot.serving.collector import GC_THRESHOLDS, tune_garbage_collector


async def test_the_served_app_tunes_the_garbage_collector_last(tmp_path: Path) -> None:
    settings = Settings.from_env({"DATABASE_URL": f"sqlite:///{tmp_path / 'chaser.db'}", "CHASER_SWEEP_SECONDS": "0"})
    served = await app._served(settings)
    thresholds = gc.get_threshold()
    try:
        assert served.on_startup[-1] is tune_garbage_collector
        gc.unfreeze()
        await served.on_startup[-1](served)
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == GC_THRESHOLDS != thresholds
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
        for cleanup in served.on_cleanup:
            await cleanup(served)
