"""Fixtures for the staff console: the bot in production mode (Secure cookies, https) on each
backend, wired to the LINE stand-in, with one staff member of each role."""
from __future__ import annotations

import pytest

from bot.staff.models import Role
from tests.staff.support import make_staff
from tests.support.portal import running_portal

PUBLIC_URL = "https://portal.example.jp"


@pytest.fixture
def console(database_url):
    with running_portal(database_url, public_url=PUBLIC_URL) as portal:
        yield portal
        refused = [r for r in portal.rejected_requests() if r.status < 500 and r.status not in (409, 429)]
        assert refused == [], "the bot sent requests LINE would reject"  # (injected 5xx/409/429 aside)


@pytest.fixture
def db(console):
    return console.app.extensions["portalbot"].db


@pytest.fixture
def staff(db) -> dict[str, int]:
    """One account per role: admin@, editor@, viewer@city.example.jp."""
    return {role.value: make_staff(db, f"{role.value}@city.example.jp", role) for role in Role}
