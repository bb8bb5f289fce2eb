"""The routes beyond Teams that the settings turn on: mail (SMTP or Graph), answer links, proactive install and the
directory's mail addresses, sharing one Graph client."""

from __future__ import annotations

from typing import Any

import aiohttp

from bot.config import Settings
from bot.graph.client import GraphClient
from bot.graph.install import TeamsAppInstaller
from bot.graph.tokens import AppTokens
from bot.graph.users import DirectoryMail
from bot.mail.transports import build_mailer
from bot.register.ports import Clock
from bot.teams.answer_links import AnswerLinks
from bot.teams.chaser_notifier import Routes


def reach_routes(
    settings: Settings, session: aiohttp.ClientSession, clock: Clock, *, identity_http_client: Any = None
) -> Routes:
    """`identity_http_client` is msal's HTTP client (None: msal's own): tests pass one that reaches stand-ins."""
    reach = settings.reach
    graph = None
    if reach.graph_needed:
        tokens = AppTokens(
            reach.credential, graph_url=reach.graph_url, login_url=reach.login_url, http_client=identity_http_client
        )
        graph = GraphClient(session, tokens, base_url=reach.graph_url)
    mailer = build_mailer(reach, graph=graph)
    return Routes(
        mailer=mailer,
        links=AnswerLinks(settings.signing_secret, settings.public_url, clock, days=reach.link_days),
        installer=TeamsAppInstaller(graph, teams_app_id=reach.teams_app_id) if graph and reach.teams_app_id else None,
        lookup=DirectoryMail(graph) if graph and reach.user_mail_lookup else None,
    )
