"""Fixtures for the portal features: the bot with an https PUBLIC_URL (so icons can be shown)
and its rich menus deployed to the LINE stand-in."""
from __future__ import annotations

import pytest

from bot.line.richmenu import deploy_menus
from tests.portal.support import PUBLIC_URL
from tests.support.portal import running_portal


@pytest.fixture
def portal(database_url):
    """The bot in production mode against the loopback stand-in of LINE, menus deployed."""
    with running_portal(database_url, public_url=PUBLIC_URL) as portal:
        bot = portal.app.extensions["portalbot"]
        deploy_menus(bot.settings, bot.db)
        yield portal
        assert portal.rejected_requests() == [], "the bot sent requests LINE would reject"


@pytest.fixture
def db(portal):
    return portal.app.extensions["portalbot"].db
