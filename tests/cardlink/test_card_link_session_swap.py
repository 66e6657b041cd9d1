"""A card link is made only for the resident whose own browser started it and who confirms it
in LINE (issue 11, point 1: OAuth login CSRF, RFC 6749 §10.12, RFC 9700 §4.7).

The attack: someone starts a link from their own LIFF page, sends xID's authorization URL to a
victim, and the victim approves with their card. Without a binding to the starting browser the
victim's xID identity would be linked to the attacker's LINE account, who would then read the
victim's postbox while the victim is told the identity is `taken`."""
from __future__ import annotations

from urllib.parse import urlsplit

from bot.chat import texts
from bot.liff import BROWSER_COOKIE
from devtools.standin.state import user_id_for
from tests.cardlink.support import (
    LOGIN_CHANNEL,
    approvals,
    call_back,
    confirm_link,
    decide_at_xid,
    link,
    link_requests,
    links,
    resident_id,
    start_link,
)
from tests.portal.support import register

ATTACKER, VICTIM = user_id_for("mallory"), user_id_for("hanako")


def engine_of(portal):
    return portal.app.extensions["portalbot"].db


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def pushes_to(portal, user: str) -> list[str]:
    return [text for text in portal.texts_for(user) if texts.LINK_COMPLETED in text]


def test_a_link_approved_and_called_back_from_another_browser_links_nothing(portal):
    register(portal, ATTACKER, name="悪意 太郎")
    started = start_link(portal, portal.line.issue_id_token(ATTACKER, LOGIN_CHANNEL))
    victims_browser = portal.app.test_client()  # no cookie from the attacker's LIFF page

    callback_url = decide_at_xid(started.redirect, identity="hanako")
    assert call_back(portal, callback_url, browser=victims_browser) == "reopen"

    assert links(engine_of(portal)) == [] and approvals(engine_of(portal)) == []
    assert pushes_to(portal, ATTACKER) == []
    # The attempt is spent: the attacker's own browser cannot replay the victim's approval.
    assert call_back(portal, callback_url) == "expired"
    assert links(engine_of(portal)) == []


def test_the_screen_for_another_browser_says_to_reopen_in_line(portal):
    register(portal, VICTIM)
    started = start_link(portal, portal.line.issue_id_token(VICTIM, LOGIN_CHANNEL))
    elsewhere = portal.app.test_client()
    response = elsewhere.get(path_of(decide_at_xid(started.redirect)), follow_redirects=True)
    assert "LINEアプリで開き直してください" in response.get_data(as_text=True)
    assert links(engine_of(portal)) == []


def test_a_denial_arriving_in_another_browser_is_not_taken_for_the_resident(portal):
    register(portal, VICTIM)
    started = start_link(portal, portal.line.issue_id_token(VICTIM, LOGIN_CHANNEL))
    callback_url = decide_at_xid(started.redirect, decision="deny")
    assert call_back(portal, callback_url, browser=portal.app.test_client()) == "reopen"


def test_a_planted_browser_key_still_needs_the_attempts_resident_in_line(portal):
    """Even with the attacker's cookie in the victim's browser, the fresh ID token there is the
    victim's, not the attacker's: nothing is linked."""
    register(portal, ATTACKER, name="悪意 太郎")
    register(portal, VICTIM)
    attackers_browser = portal.app.test_client()
    started = start_link(portal, portal.line.issue_id_token(ATTACKER, LOGIN_CHANNEL), browser=attackers_browser)
    victims_browser = portal.app.test_client()
    victims_browser.set_cookie(BROWSER_COOKIE, attackers_browser.get_cookie(BROWSER_COOKIE).value)

    callback_url = decide_at_xid(started.redirect, identity="hanako")
    assert call_back(portal, callback_url, browser=victims_browser, confirm_as=VICTIM) == "reopen"

    assert links(engine_of(portal)) == [] and approvals(engine_of(portal)) == []
    assert pushes_to(portal, ATTACKER) == [] and pushes_to(portal, VICTIM) == []
    assert link(portal, VICTIM, identity="hanako") == "done"  # the victim's own link still works


def test_nothing_is_linked_until_line_confirms_the_resident(portal):
    register(portal, VICTIM)
    started = start_link(portal, portal.line.issue_id_token(VICTIM, LOGIN_CHANNEL))
    browser = portal.liff_browser
    location = browser.get(path_of(decide_at_xid(started.redirect))).headers["Location"]
    assert location == "/liff/card-link/confirm"
    assert links(engine_of(portal)) == [] and len(approvals(engine_of(portal))) == 1
    assert pushes_to(portal, VICTIM) == []

    # A token LINE does not confirm links nothing, and keeps the approval for a real one.
    expired = portal.line.issue_id_token(VICTIM, LOGIN_CHANNEL, ttl_seconds=-5)
    assert confirm_link(portal, expired) == "expired"
    assert confirm_link(portal, "not-a-line-token") == "retry"
    assert links(engine_of(portal)) == []

    assert confirm_link(portal, portal.line.issue_id_token(VICTIM, LOGIN_CHANNEL)) == "done"
    [made] = links(engine_of(portal))
    assert made.resident_id == resident_id(engine_of(portal), VICTIM)
    assert len(pushes_to(portal, VICTIM)) == 1
    assert approvals(engine_of(portal)) == [] and link_requests(engine_of(portal)) == []
    # Used once: confirming again does nothing more.
    assert confirm_link(portal, portal.line.issue_id_token(VICTIM, LOGIN_CHANNEL)) in ("reopen", "expired")
    assert len(pushes_to(portal, VICTIM)) == 1


def test_confirming_without_the_browsers_key_links_nothing(portal):
    register(portal, VICTIM)
    started = start_link(portal, portal.line.issue_id_token(VICTIM, LOGIN_CHANNEL))
    portal.liff_browser.get(path_of(decide_at_xid(started.redirect)))
    elsewhere = portal.app.test_client()
    assert confirm_link(portal, portal.line.issue_id_token(VICTIM, LOGIN_CHANNEL), browser=elsewhere) == "reopen"
    assert links(engine_of(portal)) == []


def test_the_browser_key_is_a_host_only_secure_http_only_lax_cookie(portal):
    register(portal, VICTIM)
    browser = portal.app.test_client()
    response = browser.post("/liff/card-link/start", json={"idToken": portal.line.issue_id_token(VICTIM, LOGIN_CHANNEL)})
    [cookie] = response.headers.getlist("Set-Cookie")
    name, _, attributes = cookie.partition(";")
    assert name.startswith(BROWSER_COOKIE + "=") and BROWSER_COOKIE.startswith("__Host-")
    parts = {a.strip().split("=")[0].lower() for a in attributes.split(";")}
    assert {"secure", "httponly", "path", "max-age"} <= parts and "domain" not in parts
    assert "SameSite=Lax" in cookie and "Path=/;" in cookie + ";"
    # Only a hash of the key is stored.
    key = name.split("=", 1)[1]
    [attempt] = link_requests(engine_of(portal))
    assert attempt.browser_hash and key not in attempt.browser_hash
