"""The LIFF card-link page in headless Chromium (SPEC §2.2, §6).

Production mode: the page loads the LIFF SDK from LINE's CDN; Playwright routes that URL to a
test double whose `getIDToken()` returns a token the LINE stand-in issued. Everything else
outside loopback is blocked. The page talks to the bot, the bot to LINE's verify endpoint (the
stand-in) and to the development xID, a real OpenID Connect provider on loopback.
Simulator mode: no LINE at all — the bot serves its own LIFF shim and mounts the development
xID under /dev-xid.
"""
from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from sqlmodel import Session, select
from werkzeug.serving import make_server

from bot.chat import texts
from bot.app import create_app
from bot.config import Settings
from devtools.xid import DevXidServer
from devtools.standin import Standin, StandinServer
from devtools.standin.state import user_id_for, wsgi_transport
from bot.store.cardlink import CardLink
from bot.store.migrate import upgrade
from tests.cardlink.support import personal_data_in
from tests.portal.support import register

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
LIFF_SDK = "https://static.line-scdn.net/liff/edge/2/sdk.js"
LOGIN_CHANNEL = "1650000000"
LIFF_ID = "1650000000-AbCdEfGh"
HANAKO = user_id_for("hanako-browser")
TIMEOUT_MS = 15_000

LIFF_DOUBLE = """
function report(name, argument) { window.reportLiff(name, argument === undefined ? null : argument); }
window.liff = {
  init: function (config) { report("init", config); return Promise.resolve(); },
  isLoggedIn: function () { return true; },
  login: function () { report("login"); },
  getIDToken: function () { report("getIDToken"); return ID_TOKEN; },
  getProfile: function () { report("getProfile"); return Promise.reject(new Error("not for this page")); },
  closeWindow: function () { report("closeWindow"); },
};
"""


class LateApp:
    """The bot's app, set once the port (and so PUBLIC_URL) is known."""

    app: Flask | None = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


@dataclass
class Served:
    app: Flask
    url: str
    line: Standin
    engine: object


def serve_bot(tmp_path, *, simulator: bool, xid: DevXidServer | None = None):
    database_url = f"sqlite:///{tmp_path / 'portalbot.db'}"
    upgrade(database_url)
    late = LateApp()
    server = make_server("127.0.0.1", 0, late, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    if simulator:
        settings = Settings(database_url=database_url, secret_key="test", public_url=url, simulator=True)
        line_server = StandinServer(Standin(channel_secret=settings.simulator_secret, access_token=settings.simulator_token))
    else:
        settings = Settings(
            channel_secret="test-channel-secret", channel_access_token="test-access-token", database_url=database_url,
            secret_key="test", public_url=url, line_login_channel_id=LOGIN_CHANNEL, liff_id=LIFF_ID,
            xid_issuer=xid.issuer, xid_client_id="portalbot-browser", xid_client_secret="browser-secret-0123456789",
        )
        xid.provider.add_client("portalbot-browser", "browser-secret-0123456789", url + "/card-link/callback")
        line_server = StandinServer(Standin(channel_secret="test-channel-secret", access_token="test-access-token"))
    line_server.start()
    late.app = create_app(settings.with_overrides(line_api_url=line_server.url, line_data_api_url=line_server.url))
    line_server.standin.webhook_transport = wsgi_transport(late.app)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    served = Served(late.app, url, line_server.standin, late.app.extensions["portalbot"].db)
    try:
        yield served
        assert personal_data_in(served.engine) == []
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
        line_server.stop()
        served.engine.dispose()


class _Portal:
    """Enough of tests/support/portal.Portal for `register` to tap through the conversation."""

    def __init__(self, served: Served) -> None:
        self.line = served.line

    def tap(self, user: str, label: str):
        from tests.support.portal import find_action

        for entry in reversed(self.line.timeline(user)):
            found = find_action(entry["message"], label)
            if found is not None:
                return self.line.postback(user, found["data"])
        raise AssertionError(label)


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        from tests.support.databases import unavailable

        unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def xid():
    with DevXidServer() as server:
        yield server


@pytest.fixture
def bot(tmp_path, xid):
    yield from serve_bot(tmp_path, simulator=False, xid=xid)


@pytest.fixture
def simulated_bot(tmp_path):
    yield from serve_bot(tmp_path, simulator=True)


def open_liff(chromium, bot: Served, id_token: str):
    """A browser whose LIFF SDK is the test double, nothing outside loopback reachable."""
    context = chromium.new_context(locale="ja-JP")
    context.set_default_timeout(TIMEOUT_MS)
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda route: route.abort())
    double = LIFF_DOUBLE.replace("ID_TOKEN", json.dumps(id_token))
    context.route(LIFF_SDK, lambda route: route.fulfill(status=200, content_type="application/javascript", body=double))
    page = context.new_page()
    sent, calls = [], []
    page.expose_function("reportLiff", lambda name, argument: calls.append((name, argument)))
    page.on("request", lambda r: sent.append(r.post_data_json) if r.url.endswith("/liff/card-link/start") else None)
    return context, page, sent, calls


def screen_title(key: str) -> str:
    return texts.LIFF_SCREENS[key][0]


def linked_subjects(bot: Served) -> list[str]:
    with Session(bot.engine) as session:
        return [link.xid_subject for link in session.scalars(select(CardLink))]


# --- production mode, the LIFF SDK stood in for ------------------------------------------------


def test_the_liff_page_links_through_xid_and_shows_done(chromium, bot):
    from playwright.sync_api import expect

    register(_Portal(bot), HANAKO)
    id_token = bot.line.issue_id_token(HANAKO, LOGIN_CHANNEL)
    context, page, sent, calls = open_liff(chromium, bot, id_token)
    try:
        page.goto(bot.url + "/liff/card-link")
        expect(page.get_by_role("alert")).to_have_text("開発用のxIDの代わり（本物のxIDではありません）")
        page.get_by_role("button", name="許可する").click()
        expect(page.get_by_role("heading", name=screen_title("done"))).to_be_visible()
        # Linked on the LIFF confirmation page, with a fresh ID token from LIFF.
        assert page.url == bot.url + "/liff/card-link/confirm"
        assert calls.count(("getIDToken", None)) == 2
    finally:
        context.close()
    assert len(linked_subjects(bot)) == 1
    assert texts.LINK_COMPLETED in json.dumps(bot.line.messages_for(HANAKO)[-1], ensure_ascii=False)


def test_an_authorization_url_opened_in_another_browser_links_nothing(chromium, bot):
    """Someone sends the xID link their LIFF page started to another person, who approves."""
    from playwright.sync_api import expect

    register(_Portal(bot), HANAKO)
    context, page, _, _ = open_liff(chromium, bot, bot.line.issue_id_token(HANAKO, LOGIN_CHANNEL))
    other = chromium.new_context(locale="ja-JP")
    try:
        page.goto(bot.url + "/liff/card-link")
        page.get_by_role("button", name="許可する").wait_for()
        forwarded = page.url
        elsewhere = other.new_page()
        elsewhere.goto(forwarded)
        elsewhere.get_by_role("button", name="許可する").click()
        expect(elsewhere.get_by_role("heading", name=screen_title("reopen"))).to_be_visible()
    finally:
        other.close()
        context.close()
    assert linked_subjects(bot) == []
    assert texts.LINK_COMPLETED not in json.dumps(bot.line.messages_for(HANAKO), ensure_ascii=False)


def test_the_page_sends_only_the_id_token_and_follows_the_servers_redirect(chromium, bot, xid):
    register(_Portal(bot), HANAKO)
    id_token = bot.line.issue_id_token(HANAKO, LOGIN_CHANNEL)
    context, page, sent, calls = open_liff(chromium, bot, id_token)
    try:
        page.goto(bot.url + "/liff/card-link")
        page.get_by_role("button", name="拒否する").wait_for()
        assert page.url.startswith(xid.issuer + "/authorize?")
    finally:
        context.close()
    assert sent == [{"idToken": id_token}]  # never profile data
    assert calls == [("init", {"liffId": LIFF_ID}), ("getIDToken", None)]


@pytest.mark.parametrize(
    ("token", "screen"),
    [
        (lambda line: line.issue_id_token(HANAKO, LOGIN_CHANNEL, ttl_seconds=-5), "expired"),
        (lambda line: line.issue_id_token(HANAKO, "1659999999"), "retry"),
        (lambda line: "not-a-line-token", "retry"),
    ],
    ids=["expired", "other-channel", "unknown"],
)
def test_tokens_line_does_not_confirm_show_a_clear_screen(chromium, bot, token, screen):
    from playwright.sync_api import expect

    register(_Portal(bot), HANAKO)
    context, page, _, _ = open_liff(chromium, bot, token(bot.line))
    try:
        page.goto(bot.url + "/liff/card-link")
        expect(page.get_by_role("heading", name=screen_title(screen))).to_be_visible()
        expect(page.locator("#screen-working")).to_be_hidden()
    finally:
        context.close()
    assert linked_subjects(bot) == []


def test_denying_at_xid_shows_cancelled_and_an_already_linked_resident_is_told(chromium, bot):
    from playwright.sync_api import expect

    register(_Portal(bot), HANAKO)
    context, page, _, calls = open_liff(chromium, bot, bot.line.issue_id_token(HANAKO, LOGIN_CHANNEL))
    try:
        page.goto(bot.url + "/liff/card-link")
        page.get_by_role("button", name="拒否する").click()
        expect(page.get_by_role("heading", name=screen_title("cancelled"))).to_be_visible()
        assert linked_subjects(bot) == []

        page.goto(bot.url + "/liff/card-link")
        page.get_by_role("button", name="許可する").click()
        expect(page.get_by_role("heading", name=screen_title("done"))).to_be_visible()
        page.goto(bot.url + "/liff/card-link")
        expect(page.get_by_role("heading", name=screen_title("already"))).to_be_visible()
        page.get_by_role("button", name=texts.LIFF_BACK_TO_LINE).click()
        page.wait_for_function("true")
        assert ("closeWindow", None) in calls
    finally:
        context.close()


# --- simulator mode: no LINE, the shim and the mounted development xID ------------------------------


def test_the_simulator_links_with_the_built_in_development_xid(chromium, simulated_bot):
    from playwright.sync_api import expect

    bot = simulated_bot
    bot.line.add_user(HANAKO, display_name="広島 花子")
    register(_Portal(bot), HANAKO)
    bot.line.text(HANAKO, texts.LINK_CARD)
    _Portal(bot).tap(HANAKO, texts.LINK)
    uri = re.search(r'"uri": "([^"]+/liff/card-link\?[^"]+)"', json.dumps(bot.line.messages_for(HANAKO)[-1]))
    assert uri, "アプリを開く must lead to the simulator's LIFF page"

    context = chromium.new_context(locale="ja-JP")
    context.set_default_timeout(TIMEOUT_MS)
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda route: route.abort())
    page = context.new_page()
    try:
        page.goto(uri.group(1))
        expect(page.get_by_role("alert")).to_have_text("開発用のxIDの代わり（本物のxIDではありません）")
        assert page.url.startswith(bot.url + "/dev-xid/authorize")
        page.get_by_label("広島 花子").check()
        page.get_by_role("button", name="許可する").click()
        expect(page.get_by_role("heading", name=screen_title("done"))).to_be_visible()
    finally:
        context.close()
    assert len(linked_subjects(bot)) == 1
    assert texts.LINK_COMPLETED in json.dumps(bot.line.messages_for(HANAKO)[-1], ensure_ascii=False)
