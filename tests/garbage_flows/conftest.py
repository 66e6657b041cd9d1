"""Fixtures of the garbage flow tests (see support.py)."""
from tests.garbage_flows.support import (  # noqa: F401 - fixtures
    garbage_database_url,
    garbage_engine,
    garbage_postgres_url,
    garbage_sqlite_url,
    kanazawa_engine,
    kanazawa_postgres_url,
    kanazawa_sqlite_url,
    kanazawa_url,
)
