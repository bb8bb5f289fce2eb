"""Seeding benchmarks/register.py's big register in SQL: a few set-based statements (a recursive CTE on SQLite,
generate_series on PostgreSQL), run with the bot stopped."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg

from tests.support.activities import MEETING_CHAT

PER_OTHER_CHAT = 1000
BIG_MEETINGS = 20  # the big chat's meetings: 19 past, and the one under way when the benchmark runs
PEOPLE = 50
LOGGED = """'{"deadline": "By the end of the quarter"}'"""
PROGRESS = """'{"update": "Met them; drafting"}'"""
CARRIED = """'{"deadline": ["By the end of the quarter", "By the end of the year"]}'"""


@dataclass
class Dialect:
    name: str

    def series(self, count: int) -> str:
        """A CTE `s(n)` of 1..count."""
        if self.name == "postgres":
            return f"s(n) AS (SELECT generate_series(1, {count}))"
        return f"RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {count})"

    def at(self, minutes: str) -> str:
        """A UTC timestamp `minutes` (an SQL expression) after the base time :base."""
        if self.name == "postgres":
            return f"(CAST(:base AS timestamptz) + ({minutes}) * interval '1 minute')"
        return f"strftime('%Y-%m-%d %H:%M:%S.000000', :base, '+' || ({minutes}) || ' minutes')"

    def json(self, expression: str) -> str:
        return f"CAST({expression} AS json)" if self.name == "postgres" else expression


def seed_statements(d: Dialect, *, chat_actions: int, other_chats: int) -> list[str]:
    """The big chat's past meetings and actions, then the other chats (each one meeting of PER_OTHER_CHAT actions),
    with audit events (logged, progress every 4th, carried forward every 10th) and planned chasers for open
    actions. :base is 30 weeks ago; the big chat's meeting under way is :current."""
    past = BIG_MEETINGS - 1
    per_meeting = chat_actions // BIG_MEETINGS
    in_past = per_meeting * past
    minutes_per_meeting = 14 * 24 * 60
    status = "CASE WHEN n % 10 < 3 THEN 'done' WHEN n % 20 = 3 THEN 'dropped' ELSE 'open' END"
    owner_kind = "CASE WHEN n % 3 = 0 THEN 'role' ELSE 'person' END"
    owner_name = f"CASE WHEN n % 3 = 0 THEN 'Secretariat' ELSE 'Person ' || (n % {PEOPLE}) END"
    owner_aad = f"CASE WHEN n % 3 = 0 THEN NULL ELSE 'aad-' || (n % {PEOPLE}) END"
    kind = "CASE WHEN n % 7 = 0 THEN 'asap' ELSE 'date' END"
    deadline_text = "CASE WHEN n % 7 = 0 THEN 'As soon as possible' ELSE 'By the end of the quarter' END"
    due = f"CASE WHEN n % 7 = 0 THEN NULL ELSE {d.at('(n % 300) * 1440')} END"
    action_columns = (
        "id, tenant_id, chat_id, occurrence_id, number, text, owner_kind, owner_name, owner_aad_id, deadline_text, "
        "deadline_kind, deadline_due, deadline_latest, status, created_at, created_by_name, created_by_aad_id, "
        "updated_at, closed_at, latest_update, version"
    )

    def action_values(chat: str, occurrence: str, number: str, created: str) -> str:
        return (
            f"'{{prefix}}' || n, :tenant, {chat}, {occurrence}, {number}, 'Benchmark action ' || n || ': share the "
            f"paper with the forum and report back', {owner_kind}, {owner_name}, {owner_aad}, {deadline_text}, "
            f"{kind}, {due}, {due}, {status}, {created}, 'Alex Jones', :logger, {created}, "
            f"CASE WHEN n % 10 < 3 THEN {d.at('n + 1440')} END, "
            f"CASE WHEN n % 4 = 0 THEN 'Met them; drafting' END, 1"
        )

    big_created = d.at(f"((n - 1) / {per_meeting}) * {minutes_per_meeting} + (n % {per_meeting})")
    statements = [
        # The people owning actions, known to Chaser (met in a chat, so reachable by @mention).
        f"WITH {d.series(PEOPLE)} INSERT INTO people (tenant_id, person_key, aad_id, user_id, name, locale, "
        f"service_url, created_at, updated_at) SELECT :tenant, 'aad-' || (n - 1), 'aad-' || (n - 1), "
        f"'29:person-' || (n - 1), 'Person ' || (n - 1), 'en-GB', :service, :base, :base FROM s",
        # The big chat's past meetings, a fortnight apart.
        f"WITH {d.series(past)} INSERT INTO occurrences (id, chat_id, meeting_id, title, started_at, ended_at, "
        f"opened_by, summary_posted_at) SELECT 'bm-' || n, :chat, :meeting, 'Wales Race Forum', "
        f"{d.at(f'(n - 1) * {minutes_per_meeting}')}, {d.at(f'(n - 1) * {minutes_per_meeting} + 60')}, 'event', "
        f"{d.at(f'(n - 1) * {minutes_per_meeting} + 60')} FROM s",
        # Its actions: in the past meetings, then the rest in the meeting under way.
        f"WITH {d.series(chat_actions)} INSERT INTO actions ({action_columns}) SELECT "
        + action_values(
            ":chat",
            f"CASE WHEN n <= {in_past} THEN 'bm-' || ((n - 1) / {per_meeting} + 1) ELSE :current END",
            "n",
            big_created,
        ).format(prefix="ba-")
        + " FROM s",
        f"UPDATE chats SET next_number = {chat_actions + 1} WHERE id = :chat",
        # The other chats, each with one meeting.
        f"WITH {d.series(other_chats)} INSERT INTO chats (id, tenant_id, kind, title, service_url, reference, "
        f"settings, next_number, created_at, updated_at) SELECT '19:other-' || n || '@thread.v2', :tenant, "
        f"'meeting', 'Forum ' || n, :service, {d.json(':reference')}, {d.json(':settings')}, "
        f"{PER_OTHER_CHAT + 1}, :base, :base FROM s",
        f"WITH {d.series(other_chats)} INSERT INTO occurrences (id, chat_id, title, started_at, ended_at, opened_by, "
        f"summary_posted_at) SELECT 'om-' || n, '19:other-' || n || '@thread.v2', 'Forum ' || n, :base, "
        f"{d.at('60')}, 'event', {d.at('60')} FROM s",
        f"WITH {d.series(other_chats * PER_OTHER_CHAT)} INSERT INTO actions ({action_columns}) SELECT "
        + action_values(
            f"'19:other-' || ((n - 1) / {PER_OTHER_CHAT} + 1) || '@thread.v2'",
            f"'om-' || ((n - 1) / {PER_OTHER_CHAT} + 1)",
            f"(n - 1) % {PER_OTHER_CHAT} + 1",
            d.at("n % 1440"),
        ).format(prefix="oa-")
        + " FROM s",
        # Every action's audit trail: logged, a progress update on every 4th, a carried-forward deadline every 10th.
        "INSERT INTO audit_events (action_id, chat_id, at, actor_name, actor_aad_id, kind, surface, detail) "
        "SELECT id, chat_id, created_at, 'Alex Jones', :logger, 'logged', 'command', "
        + d.json(LOGGED)
        + " FROM actions",
        "INSERT INTO audit_events (action_id, chat_id, at, actor_name, actor_aad_id, kind, surface, detail) "
        "SELECT id, chat_id, updated_at, owner_name, owner_aad_id, 'progress', 'card', "
        + d.json(PROGRESS)
        + " FROM actions "
        "WHERE latest_update IS NOT NULL",
        "INSERT INTO audit_events (action_id, chat_id, at, actor_name, actor_aad_id, kind, surface, detail) "
        "SELECT id, chat_id, updated_at, 'Carys Owen', NULL, 'carried_forward', 'card', " + d.json(CARRIED) + " "
        "FROM actions WHERE number % 10 = 5",
        # The sweeper's plan: each open action's next chaser, between tomorrow and ten weeks away.
        "INSERT INTO chasers (action_id, chat_id, stage, kind, escalate, due_at, updated_at) "
        "SELECT id, chat_id, 'before', 'before', "
        + ("false" if d.name == "postgres" else "0")
        + ", "
        + (
            "(CAST(:now AS timestamptz) + (1 + number % 70) * interval '1 day')"
            if d.name == "postgres"
            else "strftime('%Y-%m-%d %H:%M:%S.000000', :now, '+' || (1 + number % 70) || ' days')"
        )
        + ", :now FROM actions WHERE status = 'open'",
    ]
    return statements


def seed_params(d: Dialect, *, tenant: str, service: str, current: str, meeting: str, now: datetime) -> dict[str, Any]:
    base = now - timedelta(weeks=BIG_MEETINGS * 2 + 1)
    params: dict[str, Any] = {
        "tenant": tenant,
        "service": service,
        "chat": MEETING_CHAT,
        "current": current,
        "meeting": meeting,
        "logger": "ef16aa89-5b26-4a2c-aebb-761b551577c0",
        "reference": '{"conversation": {"id": "x"}, "serviceUrl": "' + service + '"}',
        "settings": "{}",
    }
    if d.name == "postgres":
        params.update(base=base, now=now)
    else:
        params.update(base=base.strftime("%Y-%m-%d %H:%M:%S"), now=now.strftime("%Y-%m-%d %H:%M:%S"))
    return params


def seed_sqlite(path: Path, statements: list[str], params: dict[str, Any]) -> None:
    conn = sqlite3.connect(path)
    try:
        with conn:
            for statement in statements:
                names = {k: v for k, v in params.items() if f":{k}" in statement}
                conn.execute(statement, names)
        conn.execute("ANALYZE")
    finally:
        conn.close()


async def seed_postgres(dsn: str, statements: list[str], params: dict[str, Any]) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        async with conn.transaction():
            for statement in statements:
                names = [k for k in params if f":{k}" in statement]
                # asyncpg takes $1..$n: name each parameter's place, longest names first (":chat" inside ":chats").
                numbered = statement
                for index, name in sorted(enumerate(names, 1), key=lambda p: -len(p[1])):
                    numbered = numbered.replace(f":{name}", f"${index}")
                await conn.execute(numbered, *(params[n] for n in names))
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
