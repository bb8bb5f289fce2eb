from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.register.ports import FixedClock
from tests.support.activities import ALEX, BETH, CARYS, Teams
from tests.support.connector import ConnectorStandIn
from tests.support.running import RunningBot, running_bot


@pytest.fixture
def teams(standin: ConnectorStandIn) -> Teams:
    for user in (ALEX, BETH, CARYS):
        standin.add_member(user_id=user.user_id, aad_id=user.aad_id, name=user.name)
    return Teams(standin.url)


@pytest.fixture
async def bot(db_url: str, clock: FixedClock, teams: Teams) -> AsyncIterator[RunningBot]:
    async with running_bot({"DATABASE_URL": db_url}, clock=clock) as running:
        yield running
