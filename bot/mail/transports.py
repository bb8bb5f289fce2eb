"""The transport CHASER_MAIL chooses, built from the settings (None when mail is off)."""

from __future__ import annotations

import ssl
from typing import Any

from bot.mail.mailer import Mailer, MailTransport
from bot.mail.message import Sender
from bot.mail.smtp import SmtpTransport
from bot.reach_config import ReachSettings


def build_mailer(reach: ReachSettings, *, graph: Any = None) -> Mailer | None:
    """`graph` is the app's Graph client (bot.graph.client.GraphClient), needed for CHASER_MAIL=graph."""
    if reach.mail == "off":
        return None
    sender = Sender(reach.mail_from, reach.mail_from_name)
    transport: MailTransport
    if reach.mail == "smtp":
        assert reach.smtp is not None
        context = ssl.create_default_context(cafile=str(reach.smtp_ca_file)) if reach.smtp_ca_file else None
        transport = SmtpTransport(reach.smtp, sender=sender.address, tls_context=context)
    else:
        from bot.mail.graph_mail import GraphMailTransport

        if graph is None:
            raise ValueError("CHASER_MAIL=graph needs the Graph client")
        transport = GraphMailTransport(graph, mailbox=sender.address)
    return Mailer(transport, sender=sender, per_minute=reach.mail_per_minute)
