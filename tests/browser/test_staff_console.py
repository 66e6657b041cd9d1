"""The staff console in headless Chromium: an editor sends a POST notice to one ward (reach,
preview, send), the ward's residents get the title-only push and read it in デジタル郵便受け,
the read count rises; a viewer cannot send; a scheduled notice goes out when the clock
reaches it, and a cancelled one never does.

The app runs in simulator mode (development: cookies without Secure, over http) on a loopback
port with a fresh database, wired to the LINE stand-in; residents act through the stand-in, as
their LINE app would. Set SCREENSHOT_DIR to keep screenshots of the compose page and the list.
"""
from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from werkzeug.serving import make_server

from bot.chat import texts
from bot.app import create_app
from bot.config import Settings
from bot.web.devserver import QuietDevRequestHandler
from bot.notices import dispatch
from bot.staff.models import Role
from devtools.standin import Standin, StandinServer
from devtools.standin.state import wsgi_transport
from bot.store.db import utcnow
from bot.store.migrate import upgrade
from tests.browser.conftest import SCREEN
from tests.staff.support import PASSWORD, make_resident, make_staff
from tests.support.portal import _find_action

pytestmark = pytest.mark.browser
TOKYO = ZoneInfo("Asia/Tokyo")
TIMEOUT_MS = 15_000


@dataclass
class Console:
    url: str
    line: Standin
    engine: object
    settings: Settings

    def read_notice(self, user: str) -> None:
        """The resident opens デジタル郵便受け and taps 読む on the newest notice."""
        self.line.text(user, texts.POSTBOX)
        message = self.line.timeline(user)[-1]["message"]
        read = _find_action(message, texts.READ)
        assert read is not None, message
        self.line.postback(user, read["data"])


@pytest.fixture
def console(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'portalbot.db'}"
    upgrade(database_url)
    settings = Settings(database_url=database_url, secret_key="browser-test", simulator=True)
    assert settings.simulator  # development mode: http cookies
    with StandinServer(Standin(channel_secret=settings.simulator_secret, access_token=settings.simulator_token)) as line:
        settings = settings.with_overrides(line_api_url=line.url, line_data_api_url=line.url)
        app = create_app(settings)
        line.standin.webhook_transport = wsgi_transport(app)
        server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietDevRequestHandler)
        thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        engine = app.extensions["portalbot"].db
        try:
            yield Console(f"http://127.0.0.1:{server.server_port}", line.standin, engine, settings)
        finally:
            server.shutdown()
            server.server_close()
            thread.join()
            engine.dispose()


@pytest.fixture
def browser_page(chromium):
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    context = chromium.new_context(viewport=SCREEN, locale="ja-JP", timezone_id="Asia/Tokyo")
    try:
        yield context.new_page()
    finally:
        context.close()


def sign_in(page, console: Console, email: str) -> None:
    page.goto(console.url + "/admin/login")
    page.get_by_label("メールアドレス", exact=True).fill(email)
    page.get_by_label("パスワード", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(re.compile(r"/admin/notices$"))


def screenshot(page, name: str) -> None:
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def residents_of(console: Console) -> dict[str, str]:
    users = {
        "naka1": make_resident(console.engine, "naka1", ward="中区", linked=True),
        "naka2": make_resident(console.engine, "naka2", ward="中区", linked=True),
        "naka-unlinked": make_resident(console.engine, "naka-unlinked", ward="中区"),
        "higashi": make_resident(console.engine, "higashi", ward="東区", linked=True),
    }
    for user in users.values():
        console.line.add_user(user)
    return users


def test_an_editor_sends_a_post_notice_to_one_ward_and_residents_read_it(browser_page, console):
    from playwright.sync_api import expect

    page = browser_page
    make_staff(console.engine, "editor@city.example.jp", Role.EDITOR, department="中区役所 市民課")
    users = residents_of(console)
    sign_in(page, console, "editor@city.example.jp")

    page.get_by_role("link", name="新しいお知らせを作成").click()
    page.get_by_label("POST（デジタル郵便受けに届け、LINEには件名だけを通知）").check()
    page.get_by_label("件名", exact=True).fill("中区 住民税決定通知書のお知らせ")
    page.get_by_label("本文", exact=True).fill("令和8年度の住民税の決定通知書をお届けします。\n詳しくは中区役所 市民課へ。")
    expect(page.get_by_label("発信部署", exact=True)).to_have_value("中区役所 市民課")
    page.get_by_label("中区", exact=True).check()
    page.get_by_role("button", name="配信人数とプレビューを確認").click()

    # the reach count and the preview, as LINE will draw it
    expect(page.get_by_test_id("reach")).to_have_text("2")
    preview = page.locator(".previews")
    expect(preview).to_contain_text("デジタル郵便受けに新しいお知らせが届きました")
    expect(preview.locator(".phone").first).not_to_contain_text("令和8年度の住民税")  # the push: title only
    expect(preview.locator(".phone").nth(1)).to_contain_text("令和8年度の住民税の決定通知書")
    expect(preview.locator(".flex-button", has_text="読む")).to_be_visible()
    screenshot(page, "compose")

    page.get_by_role("button", name="この内容で配信する").click()
    expect(page.get_by_text("配信を開始しました")).to_be_visible()
    for _ in range(50):  # sent just after the answer: reload until done
        if page.get_by_test_id("status").inner_text() == "配信済み":
            break
        page.wait_for_timeout(200)
        page.reload()
    expect(page.get_by_test_id("status")).to_have_text("配信済み")
    expect(page.get_by_test_id("targeted")).to_have_text("2")
    expect(page.get_by_test_id("sent")).to_have_text("2")
    expect(page.get_by_test_id("read")).to_have_text("0")

    # residents of 中区 with an open postbox got the title only; the others nothing
    for name in ("naka1", "naka2"):
        [entry] = console.line.timeline(users[name])
        words = str(entry["message"])
        assert "中区 住民税決定通知書のお知らせ" in words and "令和8年度" not in words
    assert console.line.timeline(users["naka-unlinked"]) == [] and console.line.timeline(users["higashi"]) == []

    console.read_notice(users["naka1"])
    assert "令和8年度の住民税の決定通知書" in str(console.line.timeline(users["naka1"])[-1]["message"])
    page.reload()
    expect(page.get_by_test_id("read")).to_have_text("1")
    screenshot(page, "notice")

    page.get_by_role("link", name="お知らせ一覧").click()
    row = page.locator("table.list tbody tr").first
    expect(row).to_contain_text("中区 住民税決定通知書のお知らせ")
    expect(row.locator("td.num")).to_have_text(["2", "2", "0", "1"])  # targeted, sent, failed, read
    screenshot(page, "notices")


def test_a_viewer_cannot_send(browser_page, console):
    from playwright.sync_api import expect

    page = browser_page
    make_staff(console.engine, "viewer@city.example.jp", Role.VIEWER)
    sign_in(page, console, "viewer@city.example.jp")
    expect(page.get_by_role("heading", name="お知らせ")).to_be_visible()
    expect(page.get_by_role("link", name="新しいお知らせを作成")).to_have_count(0)
    page.goto(console.url + "/admin/notices/new")
    expect(page.get_by_role("heading", name="この操作の権限がありません")).to_be_visible()


def test_a_scheduled_notice_goes_out_at_its_time_and_a_cancelled_one_never(browser_page, console):
    from playwright.sync_api import expect

    page = browser_page
    make_staff(console.engine, "editor@city.example.jp", Role.EDITOR)
    users = residents_of(console)
    sign_in(page, console, "editor@city.example.jp")
    at = (datetime.now(TOKYO) + timedelta(hours=1)).replace(second=0, microsecond=0)

    def schedule(title: str) -> str:
        page.goto(console.url + "/admin/notices/new")
        page.get_by_label("お知らせ（友だち登録中の住民に、LINEで全文を送る）").check()
        page.get_by_label("件名", exact=True).fill(title)
        page.get_by_label("本文", exact=True).fill(f"{title}の本文です。")
        page.get_by_label("日時を指定して予約").check()
        page.get_by_label("予約日時", exact=True).fill(at.strftime("%Y-%m-%dT%H:%M"))
        page.get_by_role("button", name="配信人数とプレビューを確認").click()
        expect(page.get_by_test_id("reach")).to_have_text("4")  # every follower
        page.get_by_role("button", name="この内容で予約する").click()
        expect(page.get_by_test_id("status")).to_have_text("予約済み")
        return page.url

    kept = schedule("防災訓練のお知らせ")
    dropped = schedule("中止になった説明会")
    page.get_by_role("button", name="配信を取り消す").click()
    expect(page.get_by_text("配信を取り消しました。")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("取り消し")
    expect(page.get_by_role("button", name="配信を取り消す")).to_have_count(0)

    # the clock, a minute before: nothing; at the time: the kept one, to every follower
    assert dispatch.dispatch_due(engine=console.engine, settings=console.settings, now=utcnow()) == []
    assert all(console.line.timeline(user) == [] for user in users.values())
    sent = dispatch.dispatch_due(engine=console.engine, settings=console.settings, now=at + timedelta(seconds=1))
    assert len(sent) == 1
    page.goto(kept)
    expect(page.get_by_test_id("status")).to_have_text("配信済み")
    page.goto(dropped)
    expect(page.get_by_test_id("status")).to_have_text("取り消し")
    for user in users.values():
        [entry] = console.line.timeline(user)
        assert "防災訓練のお知らせの本文です。" in str(entry["message"])
