from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.support.graph import GraphStandIn


@pytest.fixture
async def graph_stand_in(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[GraphStandIn]:
    # msal picks a managed identity's source from these; none is set, so it uses the instance metadata endpoint.
    for name in ("IDENTITY_ENDPOINT", "IDENTITY_HEADER", "MSI_ENDPOINT", "MSI_SECRET", "IMDS_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)
    stand_in = await GraphStandIn().start()
    yield stand_in
    await stand_in.stop()
