"""Card linking end to end (SPEC §2.2): LINE → LIFF start → the development xID → callback → push,
then the postbox (§2.8), all through /callback and the loopback stand-ins."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from sqlmodel import Session

from bot.chat import texts
from devtools.standin.state import user_id_for
from bot.store import postbox
from bot.store.db import utcnow
from tests.cardlink.support import (
    LIFF_ID,
    call_back,
    decide_at_xid,
    link,
    link_requests,
    links,
    resident_id,
    start_link,
)
from tests.portal.support import register

HANAKO = user_id_for("hanako")


def uri_of(portal, user: str, label: str) -> str:
    for entry in reversed(portal.line.timeline(user)):
        found = _find(entry["message"], label)
        if found:
            return found
    raise AssertionError(f"no link {label!r}")


def _find(node, label):
    if isinstance(node, dict):
        if node.get("label") == label and node.get("type") == "uri":
            return node["uri"]
        return next((f for v in node.values() if (f := _find(v, label))), None)
    if isinstance(node, list):
        return next((f for v in node if (f := _find(v, label))), None)
    return None


def test_a_resident_links_consents_receives_a_notice_and_reads_it(portal):
    register(portal, HANAKO)
    engine = portal.app.extensions["portalbot"].db

    # The conversation, with the guide's labels.
    portal.tap(HANAKO, texts.LINK_CARD)
    assert "クロスアイディアプリ" in portal.texts_for(HANAKO)[-1]
    portal.tap(HANAKO, texts.LINK)
    assert texts.ASK_HAVE_APP in portal.texts_for(HANAKO)[-1]
    assert uri_of(portal, HANAKO, texts.OPEN_APP) == f"https://liff.line.me/{LIFF_ID}/card-link"

    # The LIFF page hands the ID token over; xID's authorization URL comes back.
    started = start_link(portal, portal.line.issue_id_token(HANAKO, "1650000000"))
    query = parse_qs(urlsplit(started.redirect).query)
    assert query["response_type"] == ["code"] and query["scope"] == ["openid"]
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) == 43
    assert len(query["state"][0]) >= 22 and len(query["nonce"][0]) >= 22  # ≥128 bits each
    assert query["redirect_uri"] == ["https://portal.example.jp/card-link/callback"]
    [pending] = link_requests(engine)
    assert pending.state_hash != query["state"][0]  # only a hash of the state is kept

    assert call_back(portal, decide_at_xid(started.redirect)) == "done"
    [made] = links(engine)
    assert made.resident_id == resident_id(engine, HANAKO) and made.xid_subject.startswith("dev-")
    assert link_requests(engine) == []

    # LINE shows the push, with a retry key, and the next step.
    assert texts.LINK_COMPLETED in portal.texts_for(HANAKO)[-1]
    push = [r for r in portal.line.requests if r.path == "/v2/bot/message/push"][-1]
    assert push.retry_key
    portal.tap(HANAKO, texts.SET_UP_POSTBOX)
    assert texts.POSTBOX_CONSENT_TITLE in portal.texts_for(HANAKO)[-1]
    portal.tap(HANAKO, texts.AGREE)
    assert texts.POSTBOX_READY in portal.texts_for(HANAKO)[-2]
    portal.line.text(HANAKO, texts.MY_PAGE)
    assert texts.CARD_LINKED in portal.texts_for(HANAKO)[-1]

    # The city puts a notice in the postbox: the push shows the title, never the body.
    with Session(engine, expire_on_commit=False) as session:
        notice = postbox.create_postbox_notice(
            session=session, title="固定資産税の納税通知", body="本文：第1期の納期限は4月30日です。", department="財政局税務部", sent_at=utcnow()
        )
        push_to = postbox.deliver_postbox_notice(session=session, notice_id=notice.id, now=utcnow())
        session.commit()
    assert push_to == [HANAKO]
    from bot.flows.postbox import new_notice_reply

    messenger = portal.app.extensions["portalbot"].messenger
    messenger.send(HANAKO, None, new_notice_reply(notice), push_key=f"postbox:{notice.id}:{HANAKO}")
    pushed = portal.texts_for(HANAKO)[-1]
    assert texts.NEW_NOTICE in pushed and "固定資産税の納税通知" in pushed and "納期限" not in pushed

    # 読む from the push shows the whole notice and marks it read.
    portal.tap(HANAKO, texts.READ)
    shown = portal.texts_for(HANAKO)[-1]
    assert "第1期の納期限は4月30日です" in shown and "財政局税務部" in shown
    with Session(engine) as session:
        assert postbox.unread_count(session=session, resident_id=resident_id(engine, HANAKO)) == 0
        assert postbox.read_counts(session=session, notice_ids=[notice.id]) == {notice.id: postbox.ReadCount(1, 1)}

    # デジタル郵便受け lists it as read.
    portal.line.text(HANAKO, texts.POSTBOX)
    listing = portal.texts_for(HANAKO)[-1]
    assert "固定資産税の納税通知" in listing and texts.POSTBOX_READ_MARK in listing


def test_unlinking_in_the_chat_removes_the_link_and_the_consent(portal):
    register(portal, HANAKO)
    engine = portal.app.extensions["portalbot"].db
    assert link(portal, HANAKO) == "done"
    portal.tap(HANAKO, texts.SET_UP_POSTBOX)
    portal.tap(HANAKO, texts.AGREE)

    portal.line.text(HANAKO, texts.UNLINK)
    assert texts.CONFIRM_UNLINK in portal.texts_for(HANAKO)[-1]
    portal.tap(HANAKO, texts.UNLINK_YES)
    assert texts.UNLINKED in portal.texts_for(HANAKO)[-1]
    assert links(engine) == []
    portal.line.text(HANAKO, texts.POSTBOX)
    assert texts.POSTBOX_NEEDS_LINK in portal.texts_for(HANAKO)[-1]

    # The same identity can link again afterwards.
    assert link(portal, HANAKO) == "done"


def test_tokens_codes_and_verifiers_never_reach_the_logs(portal, caplog, request):
    import logging

    register(portal, HANAKO)
    caplog.set_level(logging.DEBUG)
    # urllib3 at WARNING, as the bot's logging has it (bot/logs.py): its DEBUG lines are the
    # test's own requests here, the resident's browser calling xID with the codes in the URL.
    urllib3_log, level = logging.getLogger("urllib3"), logging.getLogger("urllib3").level
    urllib3_log.setLevel(logging.WARNING)
    request.addfinalizer(lambda: urllib3_log.setLevel(level))
    id_token = portal.line.issue_id_token(HANAKO, "1650000000")
    started = start_link(portal, id_token)
    callback_url = decide_at_xid(started.redirect)
    code = parse_qs(urlsplit(callback_url).query)["code"][0]
    assert call_back(portal, callback_url) == "done"
    assert call_back(portal, callback_url) == "expired"  # a refusal is logged too
    engine = portal.app.extensions["portalbot"].db
    secrets = [id_token, code, parse_qs(urlsplit(started.redirect).query)["state"][0]]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "card link callback ended with expired" in logged
    assert not [s for s in secrets if s in logged]
    assert links(engine)


def test_production_mode_has_neither_the_development_xid_nor_the_liff_shim(portal):
    client = portal.app.test_client()
    assert client.get("/dev-xid/.well-known/openid-configuration").status_code == 404
    assert client.get("/liff/simulator/liff-simulator.js").status_code == 404
    assert client.post("/liff/simulator/id-token", json={"userId": HANAKO}).status_code == 404
    page = client.get("/liff/card-link").get_data(as_text=True)
    assert "https://static.line-scdn.net/liff/edge/2/sdk.js" in page and "liff-simulator" not in page
    assert f'data-liff-id="{LIFF_ID}"' in page


def test_a_result_screen_must_be_one_of_the_known_ones(portal):
    client = portal.app.test_client()
    assert client.get("/liff/card-link/result?screen=<script>").status_code == 404
    for screen, (title, _) in texts.LIFF_SCREENS.items():
        assert title in client.get(f"/liff/card-link/result?screen={screen}").get_data(as_text=True)
