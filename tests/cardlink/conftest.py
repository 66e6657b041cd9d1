"""Fixtures for card linking: the development xID on loopback, and the bot configured for it."""
from __future__ import annotations

import pytest

from bot.liff.xid import VERIFY_PATH
from tests.cardlink.support import (
    LIFF_ID,
    LOGIN_CHANNEL,
    XID_CLIENT_ID,
    XID_CLIENT_SECRET,
    PUBLIC_URL,
    personal_data_in,
    xid,  # noqa: F401 - a fixture
)
from tests.support.portal import running_portal

@pytest.fixture
def portal(database_url, xid):
    """The bot wired to the LINE stand-in and to the development xID (production mode).

    LINE's verify endpoint answering 400 to a bad ID token is part of these tests, so only
    Messaging API requests must all be accepted. After each test the database must hold no
    personal data from xID.
    """
    with running_portal(
        database_url,
        line_login_channel_id=LOGIN_CHANNEL,
        liff_id=LIFF_ID,
        public_url=PUBLIC_URL,
        xid_issuer=xid.issuer,
        xid_client_id=XID_CLIENT_ID,
        xid_client_secret=XID_CLIENT_SECRET,
    ) as portal:
        yield portal
        refused = [r for r in portal.rejected_requests() if r.path != VERIFY_PATH]
        assert refused == [], "the bot sent requests LINE would reject"
        assert personal_data_in(portal.app.extensions["portalbot"].db) == []


@pytest.fixture
def engine_of(portal):
    return portal.app.extensions["portalbot"].db
