"""SMTP transport (CHASER_MAIL=smtp): aiosmtplib, with a few kept-open connections to the relay.

``smtp://[user:password@]host[:port]`` upgrades with STARTTLS whenever the relay offers it (and refuses to send a
password over a connection it could not encrypt); port 465, or ``smtps://``, is implicit TLS. Replies are sorted
the way the register needs them: a refused recipient (RCPT or DATA answered 4xx/5xx) is about the person's mailbox,
anything else (the relay down, our login refused) is about the transport.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

import aiosmtplib

from bot.mail.message import MailNotSent, Outgoing

log = logging.getLogger(__name__)

IMPLICIT_TLS_PORT = 465
DEFAULT_PORT = 587
TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class SmtpRelay:
    host: str
    port: int
    implicit_tls: bool
    username: str | None = None
    password: str | None = field(default=None, repr=False)

    @classmethod
    def from_url(cls, url: str) -> SmtpRelay:
        """Read CHASER_SMTP_URL; ValueError says what is wrong (never echoing the password)."""
        parts = urlsplit(url.strip())
        if parts.scheme not in ("smtp", "smtps"):
            raise ValueError("use smtp://[user:password@]host:port (or smtps:// for implicit TLS)")
        try:
            port = parts.port
        except ValueError:
            raise ValueError("the port is not a number between 1 and 65535") from None
        if not parts.hostname:
            raise ValueError("no host: use smtp://[user:password@]host:port")
        if parts.path not in ("", "/") or parts.query or parts.fragment:
            raise ValueError("only smtp://[user:password@]host:port is read: remove the path or query")
        implicit = parts.scheme == "smtps" or port == IMPLICIT_TLS_PORT
        chosen = port or (IMPLICIT_TLS_PORT if implicit else DEFAULT_PORT)
        username = unquote(parts.username) if parts.username else None
        password = unquote(parts.password) if parts.password is not None else None
        if (username is None) != (password is None):
            raise ValueError("give both a user name and a password, or neither")
        return cls(parts.hostname, chosen, implicit, username, password)


class SmtpTransport:
    """Sends Outgoing messages through one relay, reusing up to `connections` open sessions."""

    def __init__(
        self,
        relay: SmtpRelay,
        *,
        sender: str,
        tls_context: ssl.SSLContext | None = None,
        connections: int = 4,
        timeout: float = TIMEOUT_SECONDS,
    ) -> None:
        self.relay = relay
        self.sender = sender
        self._tls = tls_context
        self._timeout = timeout
        self._idle: list[aiosmtplib.SMTP] = []
        self._slots = asyncio.Semaphore(connections)

    async def send(self, outgoing: Outgoing) -> str:
        """Hand the message to the relay; the relay's answer (e.g. "250 2.0.0 queued as 4F2C") on acceptance."""
        async with self._slots:
            client = await self._client()
            try:
                _refused, answer = await client.send_message(
                    outgoing.message, sender=self.sender, recipients=[outgoing.recipient]
                )
            except aiosmtplib.SMTPRecipientsRefused as error:
                self._keep(client)
                refusal = error.recipients[0] if error.recipients else None
                code = refusal.code if refusal else None
                detail = f"{code} {refusal.message if refusal else ''}".strip()
                raise MailNotSent(detail, status=code, recipient=True) from error
            except aiosmtplib.SMTPDataError as error:
                # One recipient per message: a refused DATA is the mailbox's policy (size, content, spam), not ours.
                await _close(client)
                raise MailNotSent(f"{error.code} {error.message}", status=error.code, recipient=True) from error
            except aiosmtplib.SMTPResponseException as error:
                await _close(client)
                raise MailNotSent(f"{error.code} {error.message}", status=error.code) from error
            except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
                await _close(client)
                raise MailNotSent(f"{type(error).__name__}: {error}") from error
            self._keep(client)
            return str(answer)

    async def _client(self) -> aiosmtplib.SMTP:
        while self._idle:
            client = self._idle.pop()
            if client.is_connected:
                return client
        relay = self.relay
        client = aiosmtplib.SMTP(
            hostname=relay.host,
            port=relay.port,
            use_tls=relay.implicit_tls,
            # None: STARTTLS when the relay offers it. With a password, only ever over an encrypted connection.
            start_tls=None if relay.implicit_tls else (True if relay.username else None),
            tls_context=self._tls,
            timeout=self._timeout,
        )
        try:
            await client.connect()
            if relay.username and relay.password is not None:
                await client.login(relay.username, relay.password)
        except aiosmtplib.SMTPAuthenticationError as error:
            await _close(client)
            raise MailNotSent(f"the relay refused Chaser's login ({error.code})", status=error.code) from error
        except aiosmtplib.SMTPResponseException as error:
            await _close(client)
            raise MailNotSent(f"{error.code} {error.message}", status=error.code) from error
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
            await _close(client)
            raise MailNotSent(f"could not reach {relay.host}:{relay.port} ({type(error).__name__})") from error
        return client

    def _keep(self, client: aiosmtplib.SMTP) -> None:
        if client.is_connected:
            self._idle.append(client)

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        await asyncio.gather(*(_quit(c) for c in idle))


async def _quit(client: aiosmtplib.SMTP) -> None:
    try:
        await client.quit()
    except (aiosmtplib.SMTPException, OSError, TimeoutError):
        client.close()


async def _close(client: aiosmtplib.SMTP) -> None:
    client.close()
