"""The staff console in headless Chromium: an editor sends a POST notice to one ward (reach,
preview, send), the ward's residents get the title-only push and read it in デジタル郵便受け,
the read count rises; a viewer cannot send; a scheduled notice goes out when the clock
reaches it, and a cancelled one never does.

The app runs in simulator mode (development: cookies without Secure, over http) on a loopback
port with a fresh database, wired to the LINE stand-in; residents act through the stand-in, as
their LINE app would. Set SCREENSHOT_DIR to keep screenshots of the compose page and the list.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.notices import dispatch
from bot.staff.models import Role
from bot.store.db import utcnow
from tests.browser.console_support import Console, screenshot, sign_in
from tests.staff.support import make_resident, make_staff

pytestmark = pytest.mark.browser
TOKYO = ZoneInfo("Asia/Tokyo")


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


def send_and_wait_until_sent(page) -> None:
    """この内容で配信する, then reload until the notice is sent (it goes just after the answer)."""
    from playwright.sync_api import expect

    page.get_by_role("button", name="この内容で配信する").click()
    expect(page.get_by_text("配信を開始しました")).to_be_visible()
    for _ in range(50):
        if page.get_by_test_id("status").inner_text() == "配信済み":
            break
        page.wait_for_timeout(200)
        page.reload()

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

    send_and_wait_until_sent(page)
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


def test_an_editor_adds_an_english_version_and_sees_reach_and_preview_per_language(browser_page, console, monkeypatch):
    from playwright.sync_api import expect

    from bot.chat import texts
    from bot.chat.language import translate
    from tests.support.languages import pretend_translated

    pretend_translated(monkeypatch, "NEW_NOTICE")  # the push's words differ by language
    page = browser_page
    make_staff(console.engine, "editor@city.example.jp", Role.EDITOR)
    users = {code: make_resident(console.engine, f"reads-{code}", ward="中区", linked=True, language=code)
             for code in (None, "en", "ko")}
    for user in users.values():
        console.line.add_user(user)
    sign_in(page, console, "editor@city.example.jp")

    page.get_by_role("link", name="新しいお知らせを作成").click()
    page.get_by_label("POST（デジタル郵便受けに届け、LINEには件名だけを通知）").check()
    page.get_by_label("件名", exact=True).fill("粗大ごみの受付日が変わります")
    page.get_by_label("本文", exact=True).fill("1月から、粗大ごみの受付は火曜日です。")
    page.get_by_text("英語", exact=True).click()  # the language's fold
    page.get_by_label("件名（英語）", exact=True).fill("Bulky waste: new booking day")
    page.get_by_label("本文（英語）", exact=True).fill("From January, bulky waste is booked on Tuesdays.")
    page.get_by_role("button", name="配信人数とプレビューを確認").click()

    # how many read each language, and which version they get
    expect(page.get_by_test_id("reach")).to_have_text("3")
    for code in ("ja", "en", "ko"):
        expect(page.get_by_test_id(f"reach-{code}")).to_have_text("1")
    expect(page.locator("table.languages")).to_contain_text("（英語版）")
    expect(page.locator("table.languages")).to_contain_text("（日本語版）")  # Korean readers
    # a preview per language given, each drawn in its language
    english = page.get_by_test_id("preview-en")
    expect(english).to_contain_text(translate(texts.japanese("NEW_NOTICE"), "en"))
    expect(english.locator(".phone").first).to_contain_text("Bulky waste: new booking day")
    expect(english.locator(".phone").first).not_to_contain_text("粗大ごみ")
    expect(english.locator(".phone").nth(1)).to_contain_text("booked on Tuesdays")
    expect(page.get_by_test_id("preview-ja")).to_contain_text("粗大ごみの受付日が変わります")
    expect(page.get_by_test_id("preview-ko")).to_have_count(0)
    screenshot(page, "compose-languages")

    send_and_wait_until_sent(page)
    expect(page.get_by_test_id("sent")).to_have_text("3")
    expect(page.get_by_test_id("translation-en")).to_contain_text("booked on Tuesdays")
    [english_push] = console.line.timeline(users["en"])
    assert "Bulky waste: new booking day" in str(english_push["message"])
    [korean_push] = console.line.timeline(users["ko"])
    assert "粗大ごみの受付日が変わります" in str(korean_push["message"])
