"""Fixtures shared by every test level."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.register.ports import FixedClock
from tests.support.connector import ConnectorStandIn
from tests.support.databases import database_url, postgres_unavailable_reason

MEETING_TIME = datetime(2025, 3, 17, 12, 30, tzinfo=UTC)


def _db_param(kind: str) -> object:
    if kind == "postgres":
        reason = postgres_unavailable_reason()
        return pytest.param(
            kind, marks=[pytest.mark.postgres, pytest.mark.skipif(reason is not None, reason=reason or "")]
        )
    return pytest.param(kind)


@pytest.fixture(params=[_db_param("sqlite"), _db_param("postgres")])
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    async with database_url(request.param, tmp_path) as url:
        yield url


@pytest.fixture
async def sqlite_url(tmp_path: Path) -> AsyncIterator[str]:
    async with database_url("sqlite", tmp_path) as url:
        yield url


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MEETING_TIME)


@pytest.fixture
async def standin() -> AsyncIterator[ConnectorStandIn]:
    connector = await ConnectorStandIn().start()
    yield connector
    await connector.stop()


@pytest.fixture(params=[_db_param("postgres")])
async def postgres_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    async with database_url(request.param, tmp_path) as url:
        yield url
