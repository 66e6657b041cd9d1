"""Fixtures of the reminder tests: Kanazawa's data (weekday rules valid any year, a year-end
suspension in 2022/23) imported once per backend, and the bot wired to a LINE stand-in on it."""
from __future__ import annotations

import pytest

from tests.garbage_flows.support import (  # noqa: F401 - fixtures
    empty_resident_tables,
    kanazawa_engine,
    kanazawa_postgres_url,
    kanazawa_sqlite_url,
)
from tests.support.portal import running_portal


@pytest.fixture(params=["sqlite", "postgres"])
def kanazawa_portal(request):
    """The whole bot (production mode) against a validating stand-in of LINE, on Kanazawa's data."""
    url = request.getfixturevalue(f"kanazawa_{request.param}_url")
    try:
        with running_portal(url) as portal:
            yield portal
            assert portal.rejected_requests() == [], "the bot sent requests LINE would reject"
    finally:
        empty_resident_tables(url)
