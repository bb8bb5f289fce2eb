"""A Teams user's mailbox address from the directory (CHASER_GRAPH_USER_MAIL=on, needs User.Read.All): for people
Chaser can reach neither 1:1 nor by install, when the roster did not give their address."""

from __future__ import annotations

import logging
from urllib.parse import quote

from bot.graph.client import GraphClient, GraphError
from bot.register.email_address import normalise_email

log = logging.getLogger(__name__)


class DirectoryMail:
    def __init__(self, graph: GraphClient) -> None:
        self.graph = graph

    async def address_of(self, aad_id: str) -> str | None:
        try:
            found = await self.graph.request("GET", f"/users/{quote(aad_id)}", params={"$select": "mail"})
        except GraphError as error:
            # Nobody's fault the next route cannot fix: without an address, email is skipped for now.
            log.info("no mail address from Graph for a user: %s %s", error.status, error.code)
            return None
        mail = (found.body or {}).get("mail")
        return normalise_email(mail) if isinstance(mail, str) else None
