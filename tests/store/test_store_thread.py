"""The store's thread: one thread, jobs in the order asked, every answer (or failure) back to its own caller."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from bot.store.store_thread import StoreThread


@pytest.fixture
def worker() -> StoreThread:
    return StoreThread("test-store")


async def test_jobs_run_one_at_a_time_in_order_on_one_thread(worker: StoreThread) -> None:
    seen: list[tuple[int, str]] = []
    running = 0

    def job(n: int) -> int:
        nonlocal running
        running += 1
        assert running == 1
        time.sleep(0.001)
        seen.append((n, threading.current_thread().name))
        running -= 1
        return n * 10

    results = await asyncio.gather(*(worker.run(job, n) for n in range(20)))
    worker.close()
    assert results == [n * 10 for n in range(20)]
    assert [n for n, _ in seen] == list(range(20))
    assert {name for _, name in seen} == {"test-store"}


async def test_a_failure_goes_to_its_caller_and_the_thread_carries_on(worker: StoreThread) -> None:
    def fail() -> None:
        raise LookupError("no such row")

    with pytest.raises(LookupError, match="no such row"):
        await worker.run(fail)
    assert await worker.run(lambda: "still here") == "still here"
    worker.close()


async def test_a_job_whose_caller_gave_up_before_it_began_is_skipped(worker: StoreThread) -> None:
    release = threading.Event()
    ran: list[str] = []
    blocker = asyncio.create_task(worker.run(release.wait))
    await asyncio.sleep(0.01)
    abandoned = asyncio.create_task(worker.run(ran.append, "abandoned"))
    await asyncio.sleep(0.01)
    abandoned.cancel()
    release.set()
    await blocker
    await worker.run(ran.append, "kept")
    worker.close()
    assert ran == ["kept"]


async def test_a_caller_that_gives_up_while_its_job_runs_does_not_break_the_thread(worker: StoreThread) -> None:
    started, release = threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        release.wait()
        return "done"

    task = asyncio.create_task(worker.run(slow))
    await asyncio.to_thread(started.wait)
    task.cancel()
    release.set()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await worker.run(lambda: 1) == 1
    worker.close()


async def test_close_finishes_what_was_asked_then_refuses_more(worker: StoreThread) -> None:
    ran: list[int] = []
    pending = [asyncio.create_task(worker.run(ran.append, n)) for n in range(5)]
    await asyncio.sleep(0)  # the jobs are queued
    worker.close()
    await asyncio.gather(*pending)
    assert ran == [0, 1, 2, 3, 4]
    with pytest.raises(RuntimeError, match="closed"):
        await worker.run(ran.append, 5)


def test_an_answer_for_a_closed_event_loop_does_not_stop_the_thread() -> None:
    worker = StoreThread("test-store")
    release = threading.Event()

    async def ask_then_leave() -> None:
        asyncio.get_running_loop().call_later(0.01, lambda: None)
        job = asyncio.ensure_future(worker.run(release.wait))
        await asyncio.sleep(0.01)
        job.cancel()

    asyncio.run(ask_then_leave())  # closes its loop while the job is still running
    release.set()
    assert asyncio.run(asyncio.wait_for(worker.run(lambda: "answered"), 5)) == "answered"
    worker.close()
