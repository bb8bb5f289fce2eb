"""Reading delivery status notifications (RFC 3464): which recipient failed, how, and whether the report is about
mail Chaser sent them (the Message-ID's signed tag), from reports shaped as Postfix and Exchange Online send them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.mail.bounces import MAX_REPORT_BYTES, NotAReport, bounces_for_chaser, read_report
from bot.mail.message import Sender, genuine_message_id, message_id

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "bounces"
SECRET = b"a-signing-secret-for-tests-0123456789"
SENDER = Sender("chaser@forum.example")
JO = "jo@example.org"


def report(name: str, *, recipient: str = JO, msg_id: str | None = None) -> bytes:
    found = msg_id or message_id(SENDER, recipient, ["action-1:asap:1"], secret=SECRET)
    text = (FIXTURES / name).read_text().replace("{recipient}", recipient).replace("{message_id}", found)
    return text.replace("\n", "\r\n").encode()


def test_a_postfix_bounce_names_the_mailbox_the_status_and_the_server_s_words() -> None:
    read = read_report(report("postfix-failed.eml"))
    [bounce] = bounces_for_chaser(read, SECRET)
    assert (bounce.recipient, bounce.status, bounce.permanent) == (JO, "5.1.1", True)
    assert bounce.detail.startswith("550 5.1.1 <jo@example.org>: Recipient address rejected: User unknown")


def test_an_exchange_delay_is_a_temporary_failure() -> None:
    [bounce] = bounces_for_chaser(read_report(report("exchange-delayed.eml", recipient="Sam@Example.org")), SECRET)
    assert (bounce.recipient, bounce.status, bounce.permanent) == ("sam@example.org", "4.4.7", False)


def test_a_report_about_someone_else_s_mail_counts_for_nothing() -> None:
    other_secret = message_id(SENDER, JO, ["action-1:asap:1"], secret=b"another-deployment")
    for_sam = message_id(SENDER, "sam@example.org", ["action-1:asap:1"], secret=SECRET)
    for found in (other_secret, for_sam, "<20250317.abc@elsewhere.example>", "<chaser.0000@forum.example>"):
        assert bounces_for_chaser(read_report(report("postfix-failed.eml", msg_id=found)), SECRET) == []
    assert genuine_message_id(SECRET, message_id(SENDER, "Jo@Example.org", [], secret=SECRET), JO)


def test_what_is_not_a_delivery_report_is_refused_with_the_reason() -> None:
    plain = (
        b"From: someone@example.org\r\nSubject: Out of office\r\nContent-Type: text/plain\r\n\r\nAway until Monday.\r\n"
    )
    with pytest.raises(NotAReport, match="text/plain message, not a delivery report"):
        read_report(plain)
    no_status = report("postfix-failed.eml").replace(b"message/delivery-status", b"text/plain")
    with pytest.raises(NotAReport, match="no message/delivery-status part"):
        read_report(no_status)
    with pytest.raises(NotAReport, match="over 1024 KiB"):
        read_report(b"x" * (MAX_REPORT_BYTES + 1))


def test_a_delivered_or_malformed_recipient_block_is_not_a_failure() -> None:
    delivered = report("postfix-failed.eml").replace(b"Action: failed", b"Action: delivered")
    assert read_report(delivered).bounces == ()
    no_status = report("postfix-failed.eml").replace(b"Status: 5.1.1", b"Status: soon")
    assert read_report(no_status).bounces == ()
