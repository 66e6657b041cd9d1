"""Driving card linking end to end: LIFF start, the development xID's consent page, the callback.

The bot is reached through its Flask test client — one per browser, keeping that browser's
cookies; the resident's own LIFF browser unless a test says otherwise. The development xID is a
real OpenID Connect provider on a loopback port, reached over HTTP with `requests`.
"""
from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from sqlalchemy import inspect, text
from sqlmodel import Session, select

from bot.chat import texts
from devtools.xid import IDENTITIES, DevXidServer
from bot.store import residents
from bot.store.cardlink import CardLink, CardLinkApproval, CardLinkRequest
from bot.store.models import Resident

LOGIN_CHANNEL = "1650000000"
LIFF_ID = "1650000000-AbCdEfGh"
XID_CLIENT_ID = "portalbot-test"
XID_CLIENT_SECRET = "portalbot-test-secret-0123456789abcdef"
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


@dataclass
class Started:
    status: int
    body: dict

    @property
    def redirect(self) -> str | None:
        return self.body.get("redirect")


def resident_browser(portal):
    """The browser of the resident's LINE app (LIFF): the same cookie jar all test long."""
    if getattr(portal, "liff_browser", None) is None:
        portal.liff_browser = portal.app.test_client()
    return portal.liff_browser


def start_link(portal, id_token: str, *, browser=None) -> Started:
    """What the LIFF page does with liff.getIDToken()."""
    browser = browser or resident_browser(portal)
    response = browser.post("/liff/card-link/start", json={"idToken": id_token})
    browser.started_as = _subject(id_token)
    return Started(response.status_code, response.get_json())


def _subject(id_token: str) -> str | None:
    """Whom a stand-in ID token names (unverified: the bot asks LINE)."""
    try:
        payload = id_token.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["sub"]
    except (IndexError, ValueError, KeyError):
        return None


def decide_at_xid(authorization_url: str, *, identity: str = "taro", decision: str = "approve") -> str:
    """The resident at the development xID: its page, then 許可する or 拒否する. Returns the
    URL xID redirects back to (the bot's /card-link/callback)."""
    page = requests.get(authorization_url, timeout=10)
    assert page.status_code == 200, page.text
    assert "開発用のxIDの代わり（本物のxIDではありません）" in page.text
    answer = requests.post(authorization_url, data={"identity": identity, "decision": decision}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


def call_back(portal, callback_url: str, *, browser=None, confirm_as: str | None = None) -> str:
    """Follow xID's redirect into the bot in `browser`; on the LIFF confirmation page, LIFF
    hands over a fresh ID token for `confirm_as` (by default whoever started in that browser).
    Returns the result screen's name."""
    browser = browser or resident_browser(portal)
    parts = urlsplit(callback_url)
    response = browser.get(f"{parts.path}?{parts.query}")
    assert response.status_code == 303, response.data
    location = urlsplit(response.headers["Location"])
    if location.path == "/liff/card-link/confirm":
        page = browser.get(f"{location.path}?{location.query}")
        assert page.status_code == 200 and texts.LIFF_CONFIRMING in page.get_data(as_text=True)
        confirming = confirm_as or getattr(browser, "started_as", None)
        return confirm_link(portal, portal.line.issue_id_token(confirming, LOGIN_CHANNEL), browser=browser)
    assert location.path == "/liff/card-link/result"
    screen = parse_qs(location.query)["screen"][0]
    page = browser.get(f"{location.path}?{location.query}")
    assert texts.LIFF_SCREENS[screen][0] in page.get_data(as_text=True)
    return screen


def confirm_link(portal, id_token: str, *, browser=None) -> str:
    """What the LIFF confirmation page does with liff.getIDToken(); the screen it shows."""
    browser = browser or resident_browser(portal)
    answer = browser.post("/liff/card-link/confirm", json={"idToken": id_token})
    screen = answer.get_json()["screen"]
    assert screen in texts.LIFF_SCREENS
    assert (answer.status_code == 200) == (screen == "done"), (answer.status_code, screen)
    return screen


def link(portal, user: str, *, identity: str = "taro", decision: str = "approve") -> str:
    """The whole handoff for one resident; returns the result screen's name."""
    started = start_link(portal, portal.line.issue_id_token(user, LOGIN_CHANNEL))
    assert started.redirect, started.body
    return call_back(portal, decide_at_xid(started.redirect, identity=identity, decision=decision))


# --- reading the store ----------------------------------------------------------------------------


def resident_id(engine, user: str) -> int:
    with Session(engine) as session:
        return residents.find_resident(session=session, line_user_id=user).id


def links(engine) -> list[CardLink]:
    with Session(engine) as session:
        return list(session.scalars(select(CardLink)).all())


def link_requests(engine) -> list[CardLinkRequest]:
    with Session(engine) as session:
        return list(session.scalars(select(CardLinkRequest)).all())


def approvals(engine) -> list[CardLinkApproval]:
    with Session(engine) as session:
        return list(session.scalars(select(CardLinkApproval)).all())


def registered_residents(engine) -> list[Resident]:
    with Session(engine) as session:
        return list(session.scalars(select(Resident).where(Resident.registered_at.is_not(None))).all())


MY_NUMBER_LIKE = re.compile(r"(?<![0-9A-Za-z])\d{12}(?![0-9A-Za-z])")


def personal_data_in(engine) -> list[str]:
    """Every place in the database holding a 12-digit number, or a name, address or birth date
    the development xID handed out."""
    needles = [v for i in IDENTITIES for v in (i.name, i.address, i.birthdate)]
    found = []
    with engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                for value in row:
                    cell = str(value)
                    if MY_NUMBER_LIKE.search(cell) or any(needle in cell for needle in needles):
                        found.append(f"{table}: {cell[:80]}")
    return found


PUBLIC_URL = "https://portal.example.jp"


@pytest.fixture(scope="session")
def xid():
    """A standards-compliant OpenID Connect provider (Authlib) standing in for xID."""
    with DevXidServer() as server:
        server.provider.add_client(XID_CLIENT_ID, XID_CLIENT_SECRET, PUBLIC_URL + "/card-link/callback")
        yield server
