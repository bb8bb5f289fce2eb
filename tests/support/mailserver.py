"""A real SMTP server for tests (aiosmtpd, in its own thread): records what it accepts, refuses what it is told to,
and speaks STARTTLS or implicit TLS with a certificate from a test CA (trustme)."""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage
    tls: bool
    login: str | None

    def part(self, subtype: str) -> str:
        for part in self.message.walk():
            if part.get_content_type() == f"text/{subtype}":
                return str(part.get_content()).replace("\r\n", "\n")
        raise AssertionError(f"no text/{subtype} part")


@dataclass
class Handler:
    received: list[Received] = field(default_factory=list)
    # address -> the reply to RCPT TO, e.g. "550 5.1.1 <jo@example.org>: mailbox unavailable"
    refuse: dict[str, str] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        refusal = self.refuse.get(address.lower())
        if refusal:
            with self.lock:
                self.refused.append(address.lower())
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        login = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None
        with self.lock:
            self.received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), message, _encrypted(server), login)
            )
        return "250 2.0.0 OK queued"

    def to(self, address: str) -> list[Received]:
        with self.lock:
            return [r for r in self.received if address in r.recipients]


def _encrypted(server: Any) -> bool:
    # After STARTTLS, and on an implicit-TLS port from the first byte, the transport carries an SSL object.
    transport = getattr(server, "transport", None)
    return transport is not None and transport.get_extra_info("ssl_object") is not None


@dataclass
class MailServer:
    host: str
    port: int
    handler: Handler
    ca_file: Path | None

    @property
    def received(self) -> list[Received]:
        with self.handler.lock:
            return list(self.handler.received)

    def to(self, address: str) -> list[Received]:
        return self.handler.to(address)

    def url(self, *, user: str | None = None, password: str | None = None, scheme: str = "smtp") -> str:
        login = f"{user}:{password}@" if user else ""
        return f"{scheme}://{login}{self.host}:{self.port}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _Logins:
    def __init__(self, accounts: dict[str, str]) -> None:
        self.accounts = accounts

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        if isinstance(data, LoginPassword) and self.accounts.get(data.login.decode()) == data.password.decode():
            return AuthResult(success=True, auth_data=data)
        return AuthResult(success=False, handled=False)


@contextmanager
def mail_server(tmp_path: Path, *, tls: str = "none", accounts: dict[str, str] | None = None) -> Iterator[MailServer]:
    """tls: "none" (plain), "starttls" (offered), "implicit" (TLS from the first byte, as on port 465)."""
    handler = Handler()
    kwargs: dict[str, Any] = {"hostname": "127.0.0.1", "port": free_port()}
    ca_file = None
    if tls != "none":
        ca = trustme.CA()
        ca_file = tmp_path / "smtp-ca.pem"
        ca.cert_pem.write_to_path(str(ca_file))
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
        if tls == "starttls":
            kwargs["tls_context"] = context
        else:
            kwargs["ssl_context"] = context
    if accounts:
        kwargs.update(authenticator=_Logins(accounts), auth_required=True, auth_require_tls=tls == "starttls")
    controller = Controller(handler, **kwargs)
    controller.start()
    try:
        yield MailServer("127.0.0.1", kwargs["port"], handler, ca_file)
    finally:
        controller.stop()
