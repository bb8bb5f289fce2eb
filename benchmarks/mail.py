"""Email chasers at the rate the mail transport allows: owners known only by address, chased by the real sweeper,
notifier, mailer and SMTP transport (aiosmtplib) into a local SMTP server (aiosmtpd, in its own thread).

Prints, for each database: emails a second end to end (claim, render, sign links, send, record) with the mailer's
pace set to --per-minute, and how many reminders were lost or doubled as the relay saw them. Then the same again
with a crash: the first sweeper is cancelled part-way through, and a second one picks up once the first one's lease
has lapsed — what the relay received twice is counted, and how many of those carry the same Message-ID (which
mail clients show once).

    python benchmarks/mail.py [--owners 1000] [--per-minute 60000] [--databases sqlite postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Connection

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.mail.mailer import Mailer  # noqa: E402
from bot.mail.message import Outgoing, Sender  # noqa: E402
from bot.mail.smtp import SmtpRelay, SmtpTransport  # noqa: E402
from bot.register.calendar import WorkingCalendar  # noqa: E402
from bot.register.ports import FixedClock  # noqa: E402
from bot.store.chasers import ChaserStore  # noqa: E402
from bot.store.migrate import migrate  # noqa: E402
from bot.store.schema import actions, chasers, chats, occurrences  # noqa: E402
from bot.store.sql import SqlStore  # noqa: E402
from bot.teams.answer_links import AnswerLinks  # noqa: E402
from bot.teams.chaser_notifier import ChaserNotifier, Routes  # noqa: E402
from bot.teams.outbox import Outbox  # noqa: E402
from scheduler.policy import ChasePolicy  # noqa: E402
from scheduler.sweeper import Sweeper  # noqa: E402
from tests.support.databases import postgres_database, postgres_unavailable_reason  # noqa: E402
from tests.support.mailserver import MailServer, mail_server  # noqa: E402

NOW = datetime(2025, 3, 17, 10, 0, tzinfo=UTC)  # a Monday morning, in working hours
LOGGED = datetime(2025, 3, 13, 10, 0, tzinfo=UTC)
TENANT = "c9f9aafd-64ac-4f38-8e05-12feba3fb090"
CHAT = "19:bench-mail@thread.v2"
LEASE = timedelta(minutes=5)


async def populate(store: SqlStore, owners: int) -> None:
    """One action per owner, each owed its first chaser now; every owner known only by an email address."""

    def fill(conn: Connection) -> None:
        conn.execute(
            chats.insert(),
            [
                {
                    "id": CHAT,
                    "tenant_id": TENANT,
                    "kind": "meeting",
                    "title": "Wales Race Forum",
                    "service_url": "http://127.0.0.1:9/",  # never used: nobody here is in Teams
                    "reference": {"bot": {"id": "28:bot"}, "conversation": {"id": CHAT}},
                    "settings": {},
                    "next_number": owners + 1,
                    "created_at": LOGGED,
                    "updated_at": LOGGED,
                }
            ],
        )
        conn.execute(occurrences.insert(), [{"id": "occ-mail", "chat_id": CHAT, "started_at": LOGGED}])
        rows, plans = [], []
        for n in range(owners):
            action_id = uuid.UUID(int=n + 1).hex
            rows.append(
                {
                    "id": action_id,
                    "tenant_id": TENANT,
                    "chat_id": CHAT,
                    "occurrence_id": "occ-mail",
                    "number": n + 1,
                    "text": f"Benchmark action {n}",
                    "owner_kind": "person",
                    "owner_name": f"owner{n}@members.example",
                    "owner_email": f"owner{n}@members.example",
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
                    "chat_id": CHAT,
                    "stage": "asap:1",
                    "kind": "checkin",
                    "escalate": False,
                    "due_at": NOW - timedelta(hours=1),
                    "updated_at": LOGGED,
                }
            )
        conn.execute(actions.insert(), rows)
        conn.execute(chasers.insert(), plans)

    await store.database.write(fill)


class Counted:
    """The SMTP transport, telling the benchmark when the relay has accepted `stop_after` messages."""

    def __init__(self, transport: SmtpTransport, stop_after: int | None) -> None:
        self.transport = transport
        self.accepted = 0
        self.stop_after = stop_after
        self.reached = asyncio.Event()

    async def send(self, outgoing: Outgoing) -> str:
        answer = await self.transport.send(outgoing)
        self.accepted += 1
        if self.stop_after is not None and self.accepted >= self.stop_after:
            self.reached.set()
        return answer

    async def close(self) -> None:
        await self.transport.close()


def sweeper_for(
    store: SqlStore, server: MailServer, clock: FixedClock, per_minute: int, name: str, *, stop_after: int | None = None
) -> tuple[Sweeper, Counted]:
    sender = Sender("chaser@forum.example")
    relay = SmtpRelay.from_url(server.url())
    transport = Counted(SmtpTransport(relay, sender=sender.address), stop_after)
    mailer = Mailer(transport, sender=sender, per_minute=per_minute)
    links = AnswerLinks(b"a-benchmark-signing-secret-0123456789", "https://chaser.example", clock, days=30)
    # The outbox is never used: every owner is reached by mail.
    outbox = Outbox(None, store, clock)  # type: ignore[arg-type]
    notifier = ChaserNotifier(
        outbox, ZoneInfo("Europe/London"), store=store, clock=clock, routes=Routes(mailer=mailer, links=links)
    )
    sweeper = Sweeper(
        ChaserStore(store),
        store,
        notifier,
        clock,
        WorkingCalendar(),
        ChasePolicy(),
        owner=name,
        lease=LEASE,
        batch=500,
        concurrency=32,
    )
    return sweeper, transport


def tally(server: MailServer, owners: int) -> tuple[int, int, int]:
    """Lost, doubled (as the relay received them), and how many of the doubles share a Message-ID."""
    received = server.received
    per_owner = Counter(r.recipients[0] for r in received)
    lost = owners - len(per_owner)
    doubled = sum(n - 1 for n in per_owner.values() if n > 1)
    ids = Counter((r.recipients[0], str(r.message["Message-ID"])) for r in received)
    same_id = sum(n - 1 for n in ids.values() if n > 1)
    return lost, doubled, same_id


async def run(url: str, label: str, args: argparse.Namespace, tmp: Path, *, crash: bool) -> None:
    store = SqlStore.connect(url)
    try:
        await migrate(store)
        await populate(store, args.owners)
        clock = FixedClock(NOW)
        with mail_server(tmp) as server:
            first, counted = sweeper_for(
                store, server, clock, args.per_minute, "bench-1", stop_after=args.owners // 2 if crash else None
            )
            began = time.perf_counter()
            if crash:
                sweep = asyncio.ensure_future(first.sweep())
                await asyncio.wait(
                    [sweep, asyncio.ensure_future(counted.reached.wait())], return_when="FIRST_COMPLETED"
                )
                sweep.cancel()  # the process dies mid-sweep: some mail accepted by the relay, not yet recorded
                await asyncio.gather(sweep, return_exceptions=True)
                cut_at = len(server.received)
                clock.set(NOW + LEASE + timedelta(seconds=1))  # the dead sweeper's lease lapses
                second, _ = sweeper_for(store, server, clock, args.per_minute, "bench-2")
                for _ in range(20):
                    if (await second.sweep()).claimed == 0:
                        break
                elapsed = time.perf_counter() - began
                lost, doubled, same_id = tally(server, args.owners)
                print(
                    f"[{label}] crash after {cut_at} emails, then a second sweeper: {len(server.received)} received in "
                    f"{elapsed:.1f} s; lost {lost}, doubled {doubled} ({same_id} of them the same Message-ID)"
                )
                return
            sent = 0
            for _ in range(20):
                report = await first.sweep()
                sent += report.sent
                if report.claimed == 0:
                    break
            elapsed = time.perf_counter() - began
            lost, doubled, _ = tally(server, args.owners)
            print(
                f"[{label}] {sent} email chasers in {elapsed:.2f} s: {sent / elapsed:.1f} emails/s "
                f"(pace {args.per_minute}/minute = {args.per_minute / 60:.0f}/s); lost {lost}, doubled {doubled}"
            )
    finally:
        await store.close()


async def main(args: argparse.Namespace, postgres_reason: str | None) -> None:
    for kind in args.databases:
        for crash in (False, True):
            with tempfile.TemporaryDirectory() as tmp:
                if kind == "sqlite":
                    await run(f"sqlite:///{Path(tmp) / 'mail.db'}", "sqlite", args, Path(tmp), crash=crash)
                elif postgres_reason:
                    print(f"[postgres] skipped: {postgres_reason}")
                    break
                else:
                    async with postgres_database() as url:
                        await run(url, "postgres", args, Path(tmp), crash=crash)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--owners", type=int, default=1000)
    parser.add_argument("--per-minute", type=int, default=60_000, help="the mailer's pace (CHASER_MAIL_PER_MINUTE)")
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"])
    cli = parser.parse_args()
    asyncio.run(main(cli, postgres_unavailable_reason() if "postgres" in cli.databases else None))
