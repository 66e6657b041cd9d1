"""Fixtures for まちの通報 end to end: the bot in production mode on each backend, wired to the
LINE stand-in, with one staff member of each role (as tests/staff has)."""
from __future__ import annotations

import pytest

from bot.line.richmenu import deploy_menus
from bot.staff.models import Role
from tests.staff.support import make_staff
from tests.support.portal import running_portal

PUBLIC_URL = "https://portal.example.jp"


@pytest.fixture
def console(database_url):
    with running_portal(database_url, public_url=PUBLIC_URL) as portal:
        bot = portal.app.extensions["portalbot"]
        deploy_menus(bot.settings, bot.db)
        yield portal
        refused = [r for r in portal.rejected_requests() if r.status < 500 and r.status != 409]
        assert refused == [], "the bot sent requests LINE would reject"  # (injected 5xx and retried 409 aside)


@pytest.fixture
def db(console):
    return console.app.extensions["portalbot"].db


@pytest.fixture
def staff(db) -> dict[str, int]:
    """One account per role: admin@, editor@, viewer@city.example.jp."""
    return {role.value: make_staff(db, f"{role.value}@city.example.jp", role) for role in Role}
