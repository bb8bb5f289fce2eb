"""The pacer on a simulated clock: Teams' per-tenant and per-conversation limits kept, and no throughput lost to
sleeps that wake late (every real sleep does)."""

from __future__ import annotations

import asyncio
from itertools import pairwise

import pytest

from bot.teams.pacing import TENANT_RATE, Pacer


class SimulatedTime:
    """A monotonic clock whose sleeps overrun by `lateness` seconds, as a busy event loop's do."""

    def __init__(self, lateness: float = 0.0) -> None:
        self.now = 1000.0
        self.lateness = lateness

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds + self.lateness
        await asyncio.sleep(0)


async def send_times(pacer: Pacer, clock: SimulatedTime, conversations: list[str]) -> list[float]:
    times: list[float] = []
    for conversation in conversations:
        await pacer.wait(tenant_id="tenant", conversation_id=conversation)
        times.append(clock.now)
    return times


def most_in_any_second(times: list[float]) -> int:
    return max(sum(1 for t in times if start <= t < start + 1.0) for start in times)


@pytest.mark.parametrize("lateness", [0.0, 0.001, 0.004])
async def test_the_tenant_rate_holds_whatever_the_sleeps_overrun(lateness: float) -> None:
    clock = SimulatedTime(lateness)
    pacer = Pacer(monotonic=clock.monotonic, sleep=clock.sleep)
    times = await send_times(pacer, clock, [f"a:person-{n}" for n in range(500)])
    rate = (len(times) - 1) / (times[-1] - times[0])
    # Counting each slot from the late wake-up instead of from the schedule gave 1/(1/49 + 0.004) = 41 a second.
    assert rate > 0.98 * TENANT_RATE
    assert most_in_any_second(times) <= int(TENANT_RATE)
    gaps = [b - a for a, b in pairwise(times)]
    assert min(gaps) >= 0.5 / TENANT_RATE - 1e-9


async def test_after_an_idle_spell_no_burst_is_owed() -> None:
    clock = SimulatedTime()
    pacer = Pacer(monotonic=clock.monotonic, sleep=clock.sleep)
    await send_times(pacer, clock, ["a:1", "a:2"])
    clock.now += 60.0
    times = await send_times(pacer, clock, [f"a:{n}" for n in range(3, 13)])
    gaps = [b - a for a, b in pairwise(times)]
    assert min(gaps) >= 0.5 / TENANT_RATE - 1e-9
    assert sum(gaps) >= (len(gaps) - 0.5) / TENANT_RATE - 1e-9


async def test_one_conversation_gets_seven_a_second_and_eight_in_two() -> None:
    clock = SimulatedTime(0.001)
    pacer = Pacer(monotonic=clock.monotonic, sleep=clock.sleep)
    times = await send_times(pacer, clock, ["19:meeting@thread.v2"] * 20)
    assert most_in_any_second(times) <= 7
    assert max(sum(1 for t in times if start <= t < start + 2.0) for start in times) <= 8
    assert all(sum(1 for t in times if start <= t < start + 30.0) <= 60 for start in times)


async def test_tenants_are_paced_apart() -> None:
    clock = SimulatedTime()
    pacer = Pacer(monotonic=clock.monotonic, sleep=clock.sleep)
    await pacer.wait(tenant_id="one", conversation_id="a:1")
    began = clock.now
    await pacer.wait(tenant_id="two", conversation_id="a:2")
    assert clock.now == began


async def test_conversations_and_tenants_quiet_for_an_hour_are_forgotten() -> None:
    clock = SimulatedTime()
    pacer = Pacer(monotonic=clock.monotonic, sleep=clock.sleep)
    for n in range(300):
        await pacer.wait(tenant_id=f"tenant-{n % 3}", conversation_id=f"a:person-{n}")
    assert pacer.tracked == (300, 3)
    clock.now += 1800.0
    await pacer.wait(tenant_id="tenant-0", conversation_id="a:person-0")
    assert pacer.tracked == (300, 3)  # within the hour window, every send still counts
    clock.now += 1800.0
    await pacer.wait(tenant_id="tenant-0", conversation_id="a:person-1")
    assert pacer.tracked == (2, 1)  # person-0 (sent to half an hour ago) and the one just sent to


async def test_a_forgotten_conversation_starts_afresh_and_its_limits_still_hold() -> None:
    clock = SimulatedTime()
    pacer = Pacer(monotonic=clock.monotonic, sleep=clock.sleep)
    await send_times(pacer, clock, ["a:chat"] * 8)
    clock.now += 3601.0
    times = await send_times(pacer, clock, ["a:chat"] * 16)
    assert pacer.tracked == (1, 1)
    assert most_in_any_second(times) <= 7
    assert max(sum(1 for t in times if start <= t < start + 2.0) for start in times) <= 8
