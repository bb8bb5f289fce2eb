"""Proactive install (CHASER_TEAMS_APP_ID): Chaser installs itself for a person in the tenant through Graph and
returns the 1:1 chat that opens, so a reminder can go there.

Graph: POST /users/{id}/teamwork/installedApps (409 when it is installed already), then the installation's id, then
GET …/installedApps/{installation}/chat. Least privilege: TeamsAppInstallation.ReadWriteSelfForUser.All (the app
can install only itself). A refusal for this person (403: the app is blocked for them by policy, or they have no
Teams licence; 404: no such user) raises Refused, recorded against them, and the next route is tried; Graph being
unavailable raises NotReached, for a later sweep.
"""

from __future__ import annotations

from urllib.parse import quote

from bot.graph.client import GraphClient, GraphError
from bot.register.chasing import NotReached
from bot.register.reach import Refused


class TeamsAppInstaller:
    def __init__(self, graph: GraphClient, *, teams_app_id: str) -> None:
        self.graph = graph
        self.teams_app_id = teams_app_id

    async def install(self, tenant_id: str, aad_id: str) -> str:
        user = f"/users/{quote(aad_id)}/teamwork/installedApps"
        try:
            try:
                bind = f"{self.graph.base_url}/appCatalogs/teamsApps/{self.teams_app_id}"
                await self.graph.request("POST", user, json={"teamsApp@odata.bind": bind})
            except GraphError as error:
                if error.status != 409:  # 409: installed already (by them, or by Chaser before): carry on
                    raise
            found = await self.graph.request(
                "GET", user, params={"$expand": "teamsApp", "$filter": f"teamsApp/id eq '{self.teams_app_id}'"}
            )
            installations = (found.body or {}).get("value") or []
            if not installations:
                raise Refused("installed, but Graph lists no installation of Chaser for them")
            installation = quote(str(installations[0]["id"]))
            chat = await self.graph.request("GET", f"{user}/{installation}/chat")
        except GraphError as error:
            if error.retryable:
                raise NotReached(f"graph_{error.status}", retry_after=error.retry_after) from error
            raise Refused(f"{error.status} {error.code}: {error.message}") from error
        chat_id = (chat.body or {}).get("id")
        if not isinstance(chat_id, str) or not chat_id:
            raise Refused("Graph gave no chat for the installation")
        return chat_id
