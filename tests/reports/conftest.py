"""Fixtures for まちの通報 end to end: the bot in production mode on each backend, wired to the
LINE stand-in, with its rich menus, and one staff member of each role (tests/staff/support.py)."""
from __future__ import annotations

import pytest

from bot.line.richmenu import deploy_menus
from tests.staff.support import db, staff  # noqa: F401 - fixtures: the console's database and staff
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
