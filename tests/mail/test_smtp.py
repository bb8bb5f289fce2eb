"""The SMTP transport against a real SMTP server on 127.0.0.1: plain, STARTTLS, implicit TLS, logins, refusals."""

from __future__ import annotations

import ssl
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.mail.message import MailNotSent, Outgoing, Sender, build_message
from bot.mail.smtp import SmtpRelay, SmtpTransport
from cards.email_chaser import EmailContent
from tests.support.mailserver import MailServer, free_port, mail_server

SENDER = Sender("chaser@forum.example", "Chaser")
CONTENT = EmailContent(
    subject="Nodyn atgoffa: 1 cam gweithredu / Reminder: 1 action",
    text="Rhannu'r pecyn cymorth\n\nShare the toolkit",
    html='<!DOCTYPE html><html lang="cy"><body><p>Rhannu\'r pecyn cymorth</p></body></html>',
    languages=("cy", "en"),
)


def outgoing(recipient: str = "jo@example.org") -> Outgoing:
    return build_message(
        CONTENT,
        sender=SENDER,
        recipient=recipient,
        recipient_name="Jo Bloggs",
        at=datetime(2025, 3, 20, 9, tzinfo=UTC),
        msg_id="<chaser.test@forum.example>",
    )


def transport(server: MailServer, url: str | None = None) -> SmtpTransport:
    context = ssl.create_default_context(cafile=str(server.ca_file)) if server.ca_file else None
    return SmtpTransport(SmtpRelay.from_url(url or server.url()), sender=SENDER.address, tls_context=context)


@pytest.mark.parametrize("tls", ["none", "starttls"])
async def test_a_message_arrives_whole_and_encrypted_when_the_relay_offers_it(tmp_path: Path, tls: str) -> None:
    with mail_server(tmp_path, tls=tls) as server:
        mail = transport(server)
        answer = await mail.send(outgoing())
        await mail.close()
    assert answer.startswith("2.0.0 OK") or "OK" in answer
    [received] = server.received
    assert received.tls is (tls == "starttls")
    assert (received.sender, received.recipients) == ("chaser@forum.example", ["jo@example.org"])
    message = received.message
    assert message["Subject"] == CONTENT.subject  # Welsh characters survive the header encoding
    assert message["To"] == "Jo Bloggs <jo@example.org>"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Content-Language"] == "cy, en"
    assert message["Message-ID"] == "<chaser.test@forum.example>"
    assert received.part("plain").strip() == CONTENT.text
    assert 'lang="cy"' in received.part("html")


async def test_port_465_is_implicit_tls_with_a_login(tmp_path: Path) -> None:
    with mail_server(tmp_path, tls="implicit", accounts={"chaser": "s3cret/pass"}) as server:
        mail = transport(server, server.url(user="chaser", password="s3cret%2Fpass", scheme="smtps"))
        for n in range(3):  # one kept-open connection carries them all
            await mail.send(outgoing(f"member{n}@example.org"))
        await mail.close()
    assert [(r.tls, r.login) for r in server.received] == [(True, "chaser")] * 3


async def test_a_password_is_never_sent_over_a_connection_that_could_not_be_encrypted(tmp_path: Path) -> None:
    with mail_server(tmp_path, tls="none", accounts={"chaser": "pw"}) as server:
        mail = transport(server, server.url(user="chaser", password="pw"))
        with pytest.raises(MailNotSent) as failed:
            await mail.send(outgoing())
    assert not failed.value.recipient
    assert server.received == []


async def test_a_wrong_password_is_the_transport_s_failure_not_the_person_s(tmp_path: Path) -> None:
    with mail_server(tmp_path, tls="starttls", accounts={"chaser": "right"}) as server:
        mail = transport(server, server.url(user="chaser", password="wrong"))
        with pytest.raises(MailNotSent) as failed:
            await mail.send(outgoing())
    assert failed.value.status == 535 and not failed.value.recipient
    assert "wrong" not in failed.value.detail


@pytest.mark.parametrize(
    ("refusal", "permanent"),
    [("550 5.1.1 <jo@example.org>: mailbox unavailable", True), ("452 4.2.2 mailbox full, try later", False)],
)
async def test_a_refused_mailbox_is_the_person_s_and_the_connection_carries_on(
    tmp_path: Path, refusal: str, permanent: bool
) -> None:
    with mail_server(tmp_path) as server:
        server.handler.refuse["jo@example.org"] = refusal
        mail = transport(server)
        with pytest.raises(MailNotSent) as failed:
            await mail.send(outgoing("jo@example.org"))
        await mail.send(outgoing("sam@example.org"))
        await mail.close()
    error = failed.value
    assert error.recipient and error.permanent is permanent
    assert error.status == int(refusal[:3]) and refusal[4:] in error.detail
    assert error.reason == f"mail_{refusal[:3]}"
    assert [r.recipients for r in server.received] == [["sam@example.org"]]


async def test_a_relay_that_is_down_is_the_transport_s_failure() -> None:
    mail = SmtpTransport(SmtpRelay.from_url(f"smtp://127.0.0.1:{free_port()}"), sender=SENDER.address, timeout=5)
    with pytest.raises(MailNotSent) as failed:
        await mail.send(outgoing())
    assert failed.value.status is None and not failed.value.recipient


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://relay.example.org", SmtpRelay("relay.example.org", 587, False)),
        ("smtp://relay.example.org:25", SmtpRelay("relay.example.org", 25, False)),
        ("smtp://relay.example.org:465", SmtpRelay("relay.example.org", 465, True)),
        ("smtps://relay.example.org", SmtpRelay("relay.example.org", 465, True)),
        ("smtp://me%40x.org:p%3Ass@relay:587", SmtpRelay("relay", 587, False, "me@x.org", "p:ss")),
    ],
)
def test_smtp_urls(url: str, expected: SmtpRelay) -> None:
    assert SmtpRelay.from_url(url) == expected


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://relay", "smtp://"),
        ("smtp://", "no host"),
        ("smtp://relay:99999", "port"),
        ("smtp://relay/path", "path"),
        ("smtp://user@relay", "both"),
    ],
)
def test_bad_smtp_urls_say_what_is_wrong(url: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        SmtpRelay.from_url(url)


def test_the_password_is_not_in_the_relay_s_repr() -> None:
    assert "hunter2" not in repr(SmtpRelay.from_url("smtp://me:hunter2@relay"))
