"""Graph sendMail against the stand-in: the same MIME message as SMTP, refusals sorted like SMTP's."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import aiohttp
import pytest

from bot.graph.client import GraphClient
from bot.graph.tokens import AppTokens
from bot.mail.graph_mail import GraphMailTransport
from bot.mail.message import MailNotSent, Outgoing, Sender, build_message
from bot.reach_config import GraphCredential
from cards.email_chaser import EmailContent
from tests.support.graph import CLIENT_ID, CLIENT_SECRET, TENANT, GraphStandIn

CONTENT = EmailContent("Reminder: 1 action", "Share the toolkit", "<p>Share the toolkit</p>", ("en",))


def outgoing(recipient: str) -> Outgoing:
    sender = Sender("chaser@forum.example")
    at = datetime(2025, 3, 20, 9, tzinfo=UTC)
    return build_message(CONTENT, sender=sender, recipient=recipient, recipient_name=None, at=at, msg_id="<m@x>")


@pytest.fixture
async def transport(graph_stand_in: GraphStandIn) -> AsyncIterator[GraphMailTransport]:
    async with aiohttp.ClientSession() as session:
        tokens = AppTokens(
            GraphCredential(client_id=CLIENT_ID, tenant_id=TENANT, secret=CLIENT_SECRET),
            graph_url="https://graph.microsoft.com",
            login_url="https://login.microsoftonline.com",
            http_client=graph_stand_in.http(),
        )

        async def no_wait(_seconds: float) -> None:
            return None

        graph = GraphClient(session, tokens, base_url=graph_stand_in.url, sleep=no_wait)
        yield GraphMailTransport(graph, mailbox="chaser@forum.example")


async def test_send_mail_carries_the_whole_mime_message(
    transport: GraphMailTransport, graph_stand_in: GraphStandIn
) -> None:
    answer = await transport.send(outgoing("jo@example.org"))
    assert answer.startswith("202")
    [sent] = graph_stand_in.sent
    assert sent.mailbox == "chaser@forum.example"
    assert sent.message["Auto-Submitted"] == "auto-generated" and sent.message["Message-ID"] == "<m@x>"
    assert {p.get_content_type() for p in sent.message.walk()} >= {"text/plain", "text/html"}


async def test_an_invalid_recipient_is_the_person_s_refusal(transport: GraphMailTransport) -> None:
    with pytest.raises(MailNotSent) as failed:
        await transport.send(outgoing("nobody@invalid.example"))
    assert failed.value.recipient and failed.value.permanent and "ErrorInvalidRecipients" in failed.value.detail


async def test_a_mailbox_outside_the_app_s_scope_is_a_setup_problem(
    transport: GraphMailTransport, graph_stand_in: GraphStandIn
) -> None:
    graph_stand_in.fail("sendMail", 403, code="ErrorAccessDenied")
    with pytest.raises(MailNotSent) as failed:
        await transport.send(outgoing("jo@example.org"))
    assert not failed.value.recipient and not failed.value.permanent and "ErrorAccessDenied" in failed.value.detail


async def test_throttling_is_waited_out_then_sent(transport: GraphMailTransport, graph_stand_in: GraphStandIn) -> None:
    graph_stand_in.fail("sendMail", 429, headers={"Retry-After": "2"})
    graph_stand_in.fail("sendMail", 503)
    await transport.send(outgoing("jo@example.org"))
    assert len(graph_stand_in.sent) == 1
    assert [path for _, path in graph_stand_in.requests].count("/v1.0/users/chaser@forum.example/sendMail") == 3
