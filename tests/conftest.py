"""Fixtures shared by every test: a migrated database on SQLite and on PostgreSQL.

The `engine` fixture is parametrized over both backends, so every store test runs on both.
In CI (CI=true) a missing PostgreSQL or Chromium fails the run instead of skipping.
"""
from __future__ import annotations


import pytest
from sqlmodel import Session

from bot.store.db import make_engine
from bot.store.migrate import upgrade
from tests.support.databases import POSTGRES_ADMIN_URL, create_postgres_database, drop_postgres_database, empty_tables, unavailable

@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'portalbot.db'}"
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def postgres_url():
    try:
        url = create_postgres_database()
    except Exception as error:  # noqa: BLE001 - any failure means "no server here"
        unavailable(f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {error}")
    try:
        upgrade(url)
        yield url
    finally:
        drop_postgres_database(url)


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request) -> str:
    """A migrated, empty database on each backend."""
    url = request.getfixturevalue(f"{request.param}_url")
    engine = make_engine(url)
    # Emptied before as well as after: session-wide users of the same database (the browser
    # tests' live app) may have left rows behind on this worker.
    empty_tables(engine)
    yield url
    empty_tables(engine)
    engine.dispose()


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine):
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def portal(database_url):
    """The bot on each backend, wired to a loopback stand-in of LINE that checks every request."""
    from tests.support.portal import running_portal

    with running_portal(database_url) as portal:
        yield portal
        assert portal.rejected_requests() == [], "the bot sent requests LINE would reject"
