"""Sweeping at scale: 100,000 open actions, some owed a chaser now.

Prints, for SQLite and PostgreSQL: the time to find and claim the due chasers (per sweep of 500), the time of the
planning scan, and the delivery rate against a connector stand-in that enforces Teams' limits (50 requests a second
per tenant, 7 a second per conversation) with 429s — with how many were throttled, lost or doubled.

    python benchmarks/sweep.py [--actions 100000] [--due 2000] [--people 1000] [--databases sqlite postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import Settings  # noqa: E402
from bot.register.calendar import WorkingCalendar  # noqa: E402
from bot.register.ports import FixedClock  # noqa: E402
from bot.store.chasers import ChaserStore  # noqa: E402
from bot.store.migrate import migrate  # noqa: E402
from bot.store.schema import actions, chasers, chats, occurrences, people  # noqa: E402
from bot.store.sql import SqlStore  # noqa: E402
from bot.teams.bot_connector import BotConnector  # noqa: E402
from bot.teams.chaser_notifier import ChaserNotifier, Routes  # noqa: E402
from bot.teams.connector import TokenProvider  # noqa: E402
from bot.teams.outbox import Outbox  # noqa: E402
from scheduler.policy import ChasePolicy  # noqa: E402
from scheduler.sweeper import Sweeper  # noqa: E402
from tests.support.connector import ConnectorStandIn  # noqa: E402
from tests.support.databases import postgres_database, postgres_unavailable_reason  # noqa: E402

NOW = datetime(2025, 3, 17, 10, 0, tzinfo=UTC)  # a Monday morning, in working hours
LOGGED = datetime(2025, 3, 13, 10, 0, tzinfo=UTC)  # asap actions logged then owe their first chaser at 09:00 today
TENANT = "c9f9aafd-64ac-4f38-8e05-12feba3fb090"
CHATS = 100


async def populate(store: SqlStore, *, count: int, due: int, people_count: int, service_url: str) -> None:
    london = ZoneInfo("Europe/London")
    first_due = datetime(2025, 3, 17, 9, 0, tzinfo=london)
    later = datetime(2025, 4, 1, 9, 0, tzinfo=london)

    def fill(conn) -> None:  # type: ignore[no-untyped-def]
        conn.execute(
            chats.insert(),
            [
                {
                    "id": f"19:chat-{c}@thread.v2",
                    "tenant_id": TENANT,
                    "kind": "meeting",
                    "title": f"Forum {c}",
                    "service_url": service_url,
                    "reference": {"bot": {"id": "28:bot"}, "conversation": {"id": f"19:chat-{c}@thread.v2"}},
                    "settings": {},
                    "next_number": 10**6,
                    "created_at": LOGGED,
                    "updated_at": LOGGED,
                }
                for c in range(CHATS)
            ],
        )
        conn.execute(
            occurrences.insert(),
            [{"id": f"occ-{c}", "chat_id": f"19:chat-{c}@thread.v2", "started_at": LOGGED} for c in range(CHATS)],
        )
        conn.execute(
            people.insert(),
            [
                {
                    "tenant_id": TENANT,
                    "person_key": f"aad-{p}",
                    "aad_id": f"aad-{p}",
                    "user_id": f"29:user-{p}",
                    "name": f"Person {p}",
                    "language": "en",
                    "service_url": service_url,
                    "personal_chat_id": f"a:person-{p}",
                    "created_at": LOGGED,
                    "updated_at": LOGGED,
                }
                for p in range(people_count)
            ],
        )
        for start in range(0, count, 5000):
            rows, plans = [], []
            for n in range(start, min(count, start + 5000)):
                action_id = uuid.UUID(int=n + 1).hex
                owner = n % people_count
                rows.append(
                    {
                        "id": action_id,
                        "tenant_id": TENANT,
                        "chat_id": f"19:chat-{n % CHATS}@thread.v2",
                        "occurrence_id": f"occ-{n % CHATS}",
                        "number": n + 1,
                        "text": f"Benchmark action {n}",
                        "owner_kind": "person",
                        "owner_name": f"Person {owner}",
                        "owner_aad_id": f"aad-{owner}",
                        "owner_user_id": f"29:user-{owner}",
                        "deadline_text": "As soon as possible",
                        "deadline_kind": "asap",
                        "status": "open",
                        "created_at": LOGGED,
                        "created_by_name": "Secretariat",
                        "updated_at": LOGGED,
                        "version": 1,
                    }
                )
                plans.append(
                    {
                        "action_id": action_id,
                        "chat_id": f"19:chat-{n % CHATS}@thread.v2",
                        "stage": "asap:1",
                        "kind": "checkin",
                        "escalate": False,
                        "due_at": first_due if n < due else later,
                        "updated_at": LOGGED,
                    }
                )
            conn.execute(actions.insert(), rows)
            conn.execute(chasers.insert(), plans)

    await store.database.write(fill)


async def measure(url: str, label: str, args: argparse.Namespace) -> None:
    standin = await ConnectorStandIn(enforce_limits=True).start()
    store = SqlStore.connect(url)
    try:
        await migrate(store)
        began = time.perf_counter()
        await populate(store, count=args.actions, due=args.due, people_count=args.people, service_url=standin.url)
        print(f"[{label}] {args.actions} actions ({args.due} due now) stored in {time.perf_counter() - began:.1f} s")

        chaser_store = ChaserStore(store)
        began = time.perf_counter()
        await chaser_store.unplanned()
        print(f"[{label}] planning scan (actions without a plan): {(time.perf_counter() - began) * 1000:.0f} ms")

        claims = []
        total = 0
        while True:
            began = time.perf_counter()
            claimed = await chaser_store.claim_due(NOW, owner="bench", lease=timedelta(seconds=1), limit=500)
            claims.append(time.perf_counter() - began)
            total += len(claimed)
            if not claimed:
                break
        print(
            f"[{label}] claim 500 due chasers: median {sorted(claims)[len(claims) // 2] * 1000:.0f} ms, "
            f"worst {max(claims) * 1000:.0f} ms ({total} claimed in {len(claims) - 1} sweeps)"
        )

        clock = FixedClock(NOW + timedelta(seconds=2))  # the benchmark's leases have lapsed
        settings = Settings.from_env({})
        async with aiohttp.ClientSession() as session:
            connector = BotConnector(session, TokenProvider(settings))
            outbox = Outbox(connector, store, clock)
            sweeper = Sweeper(
                chaser_store,
                store,
                ChaserNotifier(outbox, ZoneInfo("Europe/London"), store=store, clock=clock, routes=Routes()),
                clock,
                WorkingCalendar(),
                ChasePolicy(),
                owner="bench-sweeper",
                batch=500,
                concurrency=32,
            )
            began = time.perf_counter()
            sent = reminders = 0
            for _ in range(100):
                report = await sweeper.sweep()
                sent += report.sent
                reminders += report.reminders
                if report.claimed == 0:
                    break
            elapsed = time.perf_counter() - began
        mentioned = Counter(
            text
            for r in standin.requests
            if r.method == "POST"
            for text in re.findall(r"Benchmark action \d+", json.dumps(r.body))
        )
        doubled = sum(n - 1 for n in mentioned.values() if n > 1)
        lost = args.due - len(mentioned)
        print(
            f"[{label}] delivered {reminders} reminders for {sent} actions in {elapsed:.1f} s: "
            f"{reminders / elapsed:.1f} requests/s (Teams allows 50); throttled (429) {standin.throttled}, "
            f"lost {lost}, doubled {doubled}"
        )
    finally:
        await store.close()
        await standin.stop()


async def main(args: argparse.Namespace, postgres_reason: str | None) -> None:
    for kind in args.databases:
        if kind == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                await measure(f"sqlite:///{Path(tmp) / 'sweep.db'}", "sqlite", args)
        else:
            if postgres_reason:
                print(f"[postgres] skipped: {postgres_reason}")
                continue
            async with postgres_database() as url:
                await measure(url, "postgres", args)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--actions", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=2_000)
    parser.add_argument("--people", type=int, default=1_000)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"])
    cli = parser.parse_args()
    asyncio.run(main(cli, postgres_unavailable_reason() if "postgres" in cli.databases else None))
