"""Minutes are read in a worker process with a time budget: the loop never waits on a parser."""

from __future__ import annotations

import pytest

from bot.register.minutes import MinutesRefused
from bot.register.minutes.worker import MinutesWorker, Request


async def test_the_worker_reads_text_and_files_and_passes_refusals_back() -> None:
    worker = MinutesWorker(budget=30)
    try:
        found = await worker.read(Request(text="Notes\n\nAction: Clerk to book the room by 30 June 2025."))
        assert [(a.owner, a.deadline_text) for a in found.actions] == [("Clerk", "by 30 June 2025")]
        with pytest.raises(MinutesRefused) as refused:
            await worker.read(Request(data=b"not a zip", name="minutes.docx"))
        assert refused.value.key == "error.import.not_docx"
        assert len(worker.pids()) == 1  # the same warm worker served both
    finally:
        await worker.close()


async def test_a_read_over_its_budget_is_stopped_and_the_next_read_gets_a_fresh_worker() -> None:
    worker = MinutesWorker(budget=30)
    try:
        await worker.warm()
        [first] = worker.pids()
        heavy = "\n".join(f"Action: Secretariat to share item {n} with the forum by June 2025." for n in range(40_000))
        with pytest.raises(MinutesRefused) as refused:
            await worker.read(Request(text=heavy), budget=0.05)
        assert refused.value.key == "error.import.too_slow"
        found = await worker.read(Request(text="Action: Chair to sign."))
        assert found.actions[0].owner == "Chair"
        assert first not in worker.pids()
    finally:
        await worker.close()
