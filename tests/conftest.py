"""Fixtures shared by every test: a migrated database on SQLite and on PostgreSQL.

The `engine` fixture is parametrized over both backends, so every store test runs on both.
In CI (CI=true) a missing PostgreSQL or Chromium fails the run instead of skipping.
"""
from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import text
from sqlmodel import Session, SQLModel

from bot.store.db import make_engine
from bot.store.migrate import upgrade

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def unavailable(reason: str):
    """Skip on a developer machine; fail in CI, where every test must run."""
    if IN_CI:
        pytest.fail(f"{reason} (CI must run this test, not skip it)")
    pytest.skip(reason)


def _create_postgres_database() -> str:
    admin = make_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"portalbot_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def _drop_postgres_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    admin = make_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'portalbot.db'}"
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def postgres_url():
    try:
        url = _create_postgres_database()
    except Exception as error:  # noqa: BLE001 - any failure means "no server here"
        unavailable(f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {error}")
    try:
        upgrade(url)
        yield url
    finally:
        _drop_postgres_database(url)


def empty_tables(engine, *, keep=lambda name: False) -> None:
    """Delete every row of every table but those `keep(name)` spares."""
    tables = [table.name for table in reversed(SQLModel.metadata.sorted_tables) if not keep(table.name)]
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE"))
        else:
            for table in tables:
                connection.execute(text(f'DELETE FROM "{table}"'))


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
