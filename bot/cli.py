"""The command line's work (app.py parses the arguments): chaser plans, importing minutes, exporting the register,
recording bounced chasers."""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Mapping
from contextlib import nullcontext
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO, TextIO
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.register.calendar import WorkingCalendar
from bot.register.errors import InvalidInput
from bot.register.meetings import Meetings, PastAction
from bot.register.minutes.model import MinutesImport
from bot.register.model import Person, Surface
from bot.register.ports import FixedClock
from bot.register.service import ActionRegister, ChatContext
from bot.store.chasers import ChaserStore
from bot.store.exporting import export_language, render_export
from bot.store.migrate import migrate
from bot.store.sql import SqlStore
from cards.words import words_for
from scheduler.planning import upcoming
from scheduler.policy import ChasePolicy

CLI_PERSON = Person("Chaser command line")
log = logging.getLogger(__name__)


async def open_store(settings: Settings) -> SqlStore:
    path = settings.sqlite_path()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    store = SqlStore.connect(settings.database_url)
    await migrate(store)
    return store


def parse_at(value: str, tz: ZoneInfo) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


async def print_chasers(
    settings: Settings, env: Mapping[str, str], *, at: datetime, days: int, chat: str | None, out: TextIO
) -> int:
    """The plan of chasers from `at` for `days` days (a dry run: nothing is sent, nothing stored but migrations)."""
    store = await open_store(settings)
    try:
        chasers = ChaserStore(store)
        chat_ids = [chat] if chat else await store.chat_ids()
        planned = await upcoming(
            chasers,
            store,
            chat_ids,
            now=at,
            until=at + timedelta(days=days),
            calendar=WorkingCalendar.from_env(env),
            policy=ChasePolicy.from_env(env),
        )
        tz = settings.tz
        out.write(f"Chasers from {at.astimezone(tz):%a %d %b %Y %H:%M} for {days} days ({len(planned)}):\n")
        for item in planned:
            owner = item.action.owner.name if item.action.owner else "(no owner: whoever logged it)"
            out.write(
                f"{item.chase.due_at.astimezone(tz):%a %d %b %H:%M}  No. {item.action.number:<3} "
                f"{item.chase.stage:<22} {owner[:32]:<32} {item.action.text[:60]}\n"
            )
        return 0
    finally:
        await store.close()


def read_file(path: Path) -> bytes:
    """A file's bytes, refused before reading when it is over the import limit (and stopping there if it grows or is
    a device that never ends)."""
    from bot.register.minutes import MAX_FILE_BYTES, MinutesRefused

    limit = MAX_FILE_BYTES
    if path.is_file() and path.stat().st_size > limit:
        raise MinutesRefused("error.import.file_too_large", limit=limit // (1024 * 1024))
    chunks: list[bytes] = []
    size = 0
    with path.open("rb") as stream:
        while chunk := stream.read(1024 * 1024):
            size += len(chunk)
            if size > limit:
                raise MinutesRefused("error.import.file_too_large", limit=limit // (1024 * 1024))
            chunks.append(chunk)
    return b"".join(chunks)


async def read_minutes(name: str, data: bytes, *, meeting_date: date | None, tz: str, budget: float) -> MinutesImport:
    """The minutes read in a worker process with a time budget (the same path as /import in Teams)."""
    from bot.register.minutes.worker import MinutesWorker, Request

    worker = MinutesWorker(budget=budget)
    try:
        return await worker.read(
            Request(data=data, name=name, meeting_date=meeting_date, tz=tz, today=datetime.now(ZoneInfo(tz)).date())
        )
    finally:
        await worker.close()


def minutes_json(found: MinutesImport) -> list[dict[str, Any]]:
    def day(moment: datetime | None) -> str | None:
        return moment.date().isoformat() if moment else None

    return [
        {
            "no": item.no,
            "ref": item.ref,
            "text": item.text,
            "owner": item.owner,
            "deadline_text": item.deadline_text,
            "deadline": {
                "kind": item.deadline.kind.value,
                "due": day(item.deadline.due),
                "latest": day(item.deadline.latest),
            },
            "status": item.status.value,
            "lines": [item.source.first_line, item.source.last_line],
            "page": item.source.page,
        }
        for item in found.actions
    ]


async def import_minutes(
    settings: Settings,
    name: str,
    data: bytes,
    *,
    meeting_date: date | None,
    chat: str | None,
    dry_run: bool,
    as_json: bool,
    out: TextIO,
    budget: float = 60.0,
    tenant: str | None = None,
    service_url: str | None = None,
) -> int:
    if chat is not None and not dry_run:
        # Refused before the minutes are read: a chat stored with no tenant or service URL can never be chased.
        await check_chat_route(settings, chat, tenant=tenant, service_url=service_url)
    found = await read_minutes(name, data, meeting_date=meeting_date, tz=settings.timezone, budget=budget)
    if as_json:
        out.write(json.dumps(minutes_json(found), indent=2, ensure_ascii=False) + "\n")
    else:
        pages = f", {found.pages} pages" if found.format == "pdf" else ""
        title = f" ({found.title})" if found.title else ""
        out.write(f"{len(found.actions)} actions in {name}{title} [{found.format}{pages}]\n")
        for item in found.actions:
            owner, deadline = item.owner or "no owner", item.deadline_text or "no deadline"
            number = item.no if item.no is not None else (item.ref or "-")
            done = " (done)" if item.status.value == "done" else ""
            where = f"line {item.source.first_line}" + (f", p. {item.source.page}" if item.source.page else "")
            out.write(f"  {number:>5}  {item.text}  [{owner}; {deadline}]{done}  <{where}>\n")
    if dry_run or chat is None:
        if chat is None and not dry_run and not as_json:
            out.write("Nothing stored: give --chat CHAT_ID to add these actions to a chat's register.\n")
        return 0
    stored = await store_minutes(settings, found, chat=chat, source=data, tenant=tenant, service_url=service_url)
    if not as_json:
        out.write(f"Stored {stored} new actions in chat {chat}.\n")
    return 0


async def check_chat_route(settings: Settings, chat: str, *, tenant: str | None, service_url: str | None) -> None:
    """Refuses a chat Chaser could never send to: one it has not seen (or stored without a route) and not given
    --tenant and --service-url for; and a tenant or service URL that cannot be right."""
    if tenant is not None:
        try:
            uuid.UUID(tenant)
        except ValueError:
            raise InvalidInput("error.import.bad_tenant", tenant=tenant) from None
    if service_url is not None and not _service_url_ok(service_url):
        raise InvalidInput("error.import.bad_service_url", url=service_url)
    store = await open_store(settings)
    try:
        row = await store.get_chat(chat)
    finally:
        await store.close()
    known = row is not None and row.get("tenant_id") and row.get("service_url")
    if not known and (tenant is None or service_url is None):
        raise InvalidInput("error.import.unknown_chat", chat=chat)


def _service_url_ok(url: str) -> bool:
    # Teams' service URLs are https (smba.trafficmanager.net/…); plain http only to this machine (local stand-ins).
    parts = urlsplit(url)
    if parts.scheme == "https":
        return bool(parts.hostname)
    return parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1")


async def store_minutes(
    settings: Settings,
    found: MinutesImport,
    *,
    chat: str,
    source: bytes,
    tenant: str | None = None,
    service_url: str | None = None,
) -> int:
    """Adds imported actions to a chat as a past meeting. Importing the same file again adds nothing. A chat Chaser
    has not seen is stored with the tenant and service URL given (check_chat_route refused it without them)."""
    store = await open_store(settings)
    try:
        held = found.meeting_date or datetime.now(UTC).astimezone(settings.tz).date()
        row = await store.get_chat(chat)
        if tenant is not None and service_url is not None and not (row and row["tenant_id"] and row["service_url"]):
            await store.save_chat(
                chat_id=chat,
                tenant_id=tenant,
                kind=row["kind"] if row else "imported",
                title=found.title,
                service_url=service_url,
                reference=_reference(settings, chat, tenant, service_url),
                now=datetime.now(UTC),
            )
        chat_row = await store.get_chat(chat) or {}
        register = ActionRegister(store, FixedClock(datetime.now(UTC)), calendar=WorkingCalendar.from_env(settings.env))
        meetings = Meetings(store, register, register.clock)
        _, created = await meetings.record_past_meeting(
            ChatContext(chat_id=chat, tenant_id=str(chat_row.get("tenant_id") or ""), title=found.title),
            title=found.title,
            held_on=held,
            items=[
                PastAction(i.no, i.text, i.owner, i.deadline_text, done=i.status.value == "done") for i in found.actions
            ],
            actor=CLI_PERSON,
            surface=Surface.IMPORT,
            key=f"import:{chat}:{hashlib.sha256(source).hexdigest()[:16]}",
        )
        return created
    finally:
        await store.close()


def _reference(settings: Settings, chat: str, tenant: str, service_url: str) -> dict[str, Any]:
    """The conversation reference Teams would have given: the bot's id is 28: and the app id (none in local mode)."""
    reference: dict[str, Any] = {
        "conversation": {"id": chat, "tenantId": tenant},
        "serviceUrl": service_url,
        "channelId": "msteams",
    }
    if settings.app_id:
        reference["bot"] = {"id": f"28:{settings.app_id}"}
    return reference


async def export_register(settings: Settings, *, chat: str, fmt: str, meeting: str | None) -> bytes:
    store = await open_store(settings)
    try:
        language = await export_language(store, chat, default=settings.chat_language, fmt=fmt)
        words = words_for(language, settings.tz)
        now = datetime.now(UTC)
        return await render_export(store, chat=chat, fmt=fmt, meeting=meeting, now=now, tz=settings.tz, words=words)
    finally:
        await store.close()


def read_report_bytes(path: Path | None, stdin: BinaryIO) -> bytes:
    """A delivery report from a file or from stdin (a mail server's pipe), refused past the size a report needs."""
    from bot.mail.bounces import MAX_REPORT_BYTES

    with path.open("rb") if path is not None else nullcontext(stdin) as source:
        return source.read(MAX_REPORT_BYTES + 1)


async def record_bounce(settings: Settings, raw: bytes, *, now: datetime, out: TextIO) -> int:
    """Record a bounced chaser against the person it was for, as a refusal at sending time is: shown in /chasers,
    and a permanent failure pauses email to them for a while (bot.register.reach.MAIL_REFUSED_FOR). A report that
    is not about Chaser's own mail changes nothing and says so. Always 0 once read, so the mail server keeps quiet."""
    from bot.mail.bounces import NotAReport, bounces_for_chaser, read_report
    from bot.register.reach import MAIL_REFUSED_FOR

    if not settings.signing_secret_configured:
        out.write("chaser bounce: ignored: CHASER_SIGNING_SECRET is not set, so Chaser's mail cannot be recognised\n")
        return 0
    try:
        report = read_report(raw)
    except NotAReport as error:
        log.warning("bounce ignored: %s", error)
        out.write(f"chaser bounce: ignored: {error}\n")
        return 0
    bounces = bounces_for_chaser(report, settings.signing_secret)
    if not bounces:
        log.warning("bounce ignored: not about mail Chaser sent (%d recipients named)", len(report.bounces))
        out.write("chaser bounce: ignored: not a report about mail Chaser sent to the recipient it names\n")
        return 0
    store = await open_store(settings)
    try:
        for bounce in bounces:
            values: dict[str, Any] = {"mail_failure": f"{bounce.status} {bounce.detail}", "mail_failed_at": now}
            if bounce.permanent:
                values["mail_refused_until"] = now + MAIL_REFUSED_FOR
            for tenant_id in await store.tenants_with_address(bounce.recipient):
                await store.update_person(tenant_id, Person("", email=bounce.recipient), values, now=now)
            kind = "refused" if bounce.permanent else "delayed"
            log.info("bounce recorded: %s %s", kind, bounce.status)
            out.write(f"chaser bounce: {bounce.recipient}: {kind} ({bounce.status} {bounce.detail[:120]})\n")
        return 0
    finally:
        await store.close()


async def revoke_links(settings: Settings, address: str, *, now: datetime, out: TextIO) -> int:
    """Every answer link sent to this address so far stops working (a forwarded email, a mailbox someone else can
    read); links in later emails work. The person's row keeps when (links_valid_from), in every tenant that knows it."""
    from bot.register.email_address import read_email

    found = read_email(address)
    if found is None:
        out.write(f"chaser revoke-links: “{address[:80]}” is not an email address\n")
        return 1
    store = await open_store(settings)
    try:
        tenants = await store.tenants_with_address(found.address)
        for tenant_id in tenants:
            await store.update_person(tenant_id, Person("", email=found.address), {"links_valid_from": now}, now=now)
    finally:
        await store.close()
    log.info("answer links revoked for one address in %d tenants", len(tenants))
    if not tenants:
        out.write(f"chaser revoke-links: no one is known by {found.address}: nothing to revoke\n")
        return 1
    out.write(f"chaser revoke-links: links sent to {found.address} before now no longer answer\n")
    return 0
