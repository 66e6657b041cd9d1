"""What card linking refuses, storing nothing (SPEC §2.2, issue 5 "Rejected, with nothing stored")."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from bot.chat import texts
from devtools.standin.state import user_id_for
from bot.store.cardlink import CardLinkRequest
from bot.store.db import utcnow
from tests.cardlink.support import (
    LOGIN_CHANNEL,
    approvals,
    call_back,
    decide_at_xid,
    link,
    link_requests,
    links,
    resident_id,
    start_link,
)
from tests.portal.support import register

HANAKO, TARO = user_id_for("hanako"), user_id_for("taro")


def engine_of(portal):
    return portal.app.extensions["portalbot"].db


def nothing_stored(portal) -> bool:
    engine = engine_of(portal)
    return links(engine) == [] and link_requests(engine) == [] and approvals(engine) == []


def begin(portal, user: str) -> str:
    started = start_link(portal, portal.line.issue_id_token(user, LOGIN_CHANNEL))
    assert started.redirect, started.body
    return started.redirect


# --- the LINE ID token --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token_for", "screen"),
    [
        (lambda line: line.issue_id_token(HANAKO, "1659999999"), "retry"),  # another channel
        (lambda line: line.issue_id_token(HANAKO, LOGIN_CHANNEL, ttl_seconds=-5), "expired"),
        (lambda line: line.issue_id_token(HANAKO, LOGIN_CHANNEL)[:-4] + "AAAA", "retry"),  # forged
        (lambda line: "eyJhbGciOiJIUzI1NiJ9.e30.unknown-to-line", "retry"),
        (lambda line: "", "retry"),
    ],
    ids=["other-channel", "expired", "forged-signature", "unknown", "missing"],
)
def test_an_id_token_line_does_not_confirm_starts_nothing(portal, token_for, screen):
    register(portal, HANAKO)
    started = start_link(portal, token_for(portal.line))
    assert (started.status, started.body) == (400, {"screen": screen})
    assert nothing_stored(portal)


def test_profile_data_sent_instead_of_a_token_is_not_trusted(portal):
    register(portal, HANAKO)
    response = portal.app.test_client().post("/liff/card-link/start", json={"userId": HANAKO, "displayName": "広島 花子"})
    assert response.status_code == 400
    assert nothing_stored(portal)


def test_only_registered_residents_may_start(portal):
    portal.line.add_user(TARO)
    portal.line.follow(TARO)
    assert start_link(portal, portal.line.issue_id_token(TARO, LOGIN_CHANNEL)).body == {"screen": "register"}
    assert nothing_stored(portal)


def test_a_linked_resident_is_told_so(portal):
    register(portal, HANAKO)
    assert link(portal, HANAKO) == "done"
    assert start_link(portal, portal.line.issue_id_token(HANAKO, LOGIN_CHANNEL)).body == {"screen": "already"}


# --- the state ------------------------------------------------------------------------------------


def test_a_replayed_state_is_refused(portal):
    register(portal, HANAKO)
    callback_url = decide_at_xid(begin(portal, HANAKO))
    assert call_back(portal, callback_url) == "done"
    assert call_back(portal, callback_url) == "expired"
    assert len(links(engine_of(portal))) == 1


def test_a_replayed_state_after_unlinking_links_nothing(portal):
    register(portal, HANAKO)
    callback_url = decide_at_xid(begin(portal, HANAKO))
    assert call_back(portal, callback_url) == "done"
    portal.line.text(HANAKO, texts.UNLINK)
    portal.tap(HANAKO, texts.UNLINK_YES)
    assert call_back(portal, callback_url) == "expired"
    assert nothing_stored(portal)


def test_an_expired_state_is_refused(portal):
    register(portal, HANAKO)
    callback_url = decide_at_xid(begin(portal, HANAKO))
    with engine_of(portal).begin() as connection:  # eleven minutes pass
        connection.execute(update(CardLinkRequest).values(expires_at=utcnow() - timedelta(minutes=1)))
    assert call_back(portal, callback_url) == "expired"
    assert nothing_stored(portal)


def test_an_unknown_or_missing_state_is_refused(portal):
    register(portal, HANAKO)
    callback_url = decide_at_xid(begin(portal, HANAKO))
    forged = callback_url.replace("state=", "state=x")
    assert call_back(portal, forged) == "expired"
    assert call_back(portal, "/card-link/callback?code=abc") == "expired"
    assert links(engine_of(portal)) == []


def test_a_new_attempt_replaces_the_previous_one(portal):
    register(portal, HANAKO)
    first = decide_at_xid(begin(portal, HANAKO))
    second = decide_at_xid(begin(portal, HANAKO))
    assert call_back(portal, first) == "expired"
    assert call_back(portal, second) == "done"


# --- what xID answers ------------------------------------------------------------------------------


def test_xid_denying_consent_stores_nothing(portal, xid):
    register(portal, HANAKO)
    assert call_back(portal, decide_at_xid(begin(portal, HANAKO), decision="deny")) == "cancelled"
    assert nothing_stored(portal)


def test_a_nonce_that_does_not_match_is_refused(portal):
    register(portal, HANAKO)
    callback_url = decide_at_xid(begin(portal, HANAKO))
    with engine_of(portal).begin() as connection:  # the attempt on record expects another nonce
        connection.execute(update(CardLinkRequest).values(nonce="another-nonce-" + "n" * 30))
    assert call_back(portal, callback_url) == "retry"
    assert nothing_stored(portal)


def test_a_wrong_pkce_verifier_is_refused_by_xid(portal):
    register(portal, HANAKO)
    callback_url = decide_at_xid(begin(portal, HANAKO))
    with engine_of(portal).begin() as connection:
        connection.execute(update(CardLinkRequest).values(code_verifier="v" * 64))
    assert call_back(portal, callback_url) == "retry"
    assert nothing_stored(portal)


def test_a_forged_code_is_refused_by_xid(portal):
    register(portal, HANAKO)
    callback_url = decide_at_xid(begin(portal, HANAKO))
    assert call_back(portal, callback_url.replace("code=", "code=forged")) == "retry"
    assert nothing_stored(portal)


def test_an_identity_linked_to_another_resident_is_not_moved(portal):
    register(portal, HANAKO)
    register(portal, TARO, name="広島 太郎")
    assert link(portal, HANAKO, identity="taro") == "done"

    assert link(portal, TARO, identity="taro") == "taken"
    [kept] = links(engine_of(portal))
    assert kept.resident_id == resident_id(engine_of(portal), HANAKO)
    assert texts.LINK_COMPLETED not in "\n".join(portal.texts_for(TARO))

    assert link(portal, TARO, identity="jiro") == "done"  # another identity is fine
    assert len(links(engine_of(portal))) == 2


def test_a_discovery_document_for_another_issuer_is_refused(portal, xid):
    from bot.liff.xid import LinkFailed, XidClient, XidSettings
    from bot.store.cardlink import LinkAttempt

    client = XidClient(XidSettings(xid.issuer + "/", "portalbot-test", "secret", "https://portal.example.jp/card-link/callback"))
    with pytest.raises(LinkFailed):
        client.authorization_url(LinkAttempt("s" * 43, "n" * 43, "v" * 64))


def test_an_error_from_xid_is_logged_only_as_a_short_printable_word(portal, caplog):
    """xID's `error` comes from the query string: no forged log lines, no resident's text."""
    import logging
    from urllib.parse import parse_qs, quote, urlsplit

    register(portal, HANAKO)
    state = parse_qs(urlsplit(begin(portal, HANAKO)).query)["state"][0]
    error = "server_error\r\n2026-12-02 INFO card link done for 山田花子" + "x" * 100
    caplog.set_level(logging.INFO)
    assert call_back(portal, f"/card-link/callback?state={state}&error={quote(error)}") == "retry"
    [logged] = [r.getMessage() for r in caplog.records if "card link callback ended" in r.getMessage()]
    assert "\n" not in logged and "\r" not in logged and "山田花子" not in logged
    assert "server_error??2026-12-02" in logged and "x" * 10 not in logged
    assert nothing_stored(portal)
