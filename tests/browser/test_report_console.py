"""まちの通報 in the staff console, in headless Chromium: a resident reports with a photo and a
place through LINE; an editor finds the report by its filters, sees the photo and the place,
and moves it to 対応中 with a note, which reaches the resident; a viewer sees it but cannot
change it. No JavaScript is needed (plain links and forms)."""
from __future__ import annotations

import pytest

from bot.chat import texts
from bot.staff.models import Role
from tests.browser.console_support import screenshot, sign_in
from tests.reports.support import phone_photo
from tests.staff.support import make_resident, make_staff
from tests.support.portal import find_action

pytestmark = pytest.mark.browser


def tap(line, user: str, label: str) -> None:
    for entry in reversed(line.timeline(user)):
        action = find_action(entry["message"], label)
        if action is not None:
            line.postback(user, action["data"])
            return
    raise AssertionError(f"no button {label!r}")


def resident_reports(console) -> str:
    user = make_resident(console.engine, "hanako", ward="中区")
    console.line.add_user(user)
    console.line.text(user, texts.REPORT)
    tap(console.line, user, "街路灯")
    console.line.image(user, phone_photo(800, 600), "image/jpeg")
    console.line.location(user, 34.3957, 132.4536, address="日本、〒730-0011 広島県広島市中区基町６−７８")
    console.line.text(user, "街路灯が一晩中消えています")
    tap(console.line, user, texts.SEND_REPORT)
    assert "受付番号：R-000001" in console.line.timeline(user)[-1]["message"]["text"]
    return user


def open_report(page, console) -> None:
    page.get_by_role("link", name="まちの通報").click()
    page.get_by_label("種類").select_option("街路灯")
    page.get_by_role("button", name="絞り込む").click()
    page.get_by_role("link", name="R-000001").click()


def test_an_editor_finds_the_report_sees_its_photo_and_changes_its_status(browser_page, console):
    from playwright.sync_api import expect

    page = browser_page
    user = resident_reports(console)
    make_staff(console.engine, "editor@city.example.jp", Role.EDITOR)
    sign_in(page, console, "editor@city.example.jp")
    open_report(page, console)

    expect(page.get_by_role("heading", name="通報 R-000001")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("受付")
    expect(page.get_by_test_id("coordinates")).to_have_text("緯度 34.395700、経度 132.453600")
    expect(page.get_by_role("link", name="地図で開く")).to_have_attribute(
        "href", "https://www.google.com/maps/search/?api=1&query=34.395700,132.453600")
    photo = page.get_by_role("img", name="通報 R-000001 の写真")
    expect(photo).to_be_visible()
    assert photo.evaluate("img => img.complete && img.naturalWidth") == 800  # served and decoded
    screenshot(page, "report")

    page.get_by_label("変更後の状態").select_option("in_progress")
    page.get_by_label("住民へのメモ", exact=False).fill("明日交換します")
    page.get_by_role("button", name="状態を変更する").click()
    expect(page.get_by_text("R-000001 を「対応中」にしました。")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("対応中")
    expect(page.locator("table.list")).to_contain_text("明日交換します")
    for _ in range(50):  # pushed just after the answer
        if any(e["via"] == "push" for e in console.line.timeline(user)):
            break
        page.wait_for_timeout(100)
    pushed = [e["message"]["text"] for e in console.line.timeline(user) if e["via"] == "push"]
    assert pushed == ["受付番号 R-000001 の通報は対応中です\n市からのメモ：明日交換します"]


def test_a_viewer_sees_the_report_but_cannot_change_it(browser_page, console):
    from playwright.sync_api import expect

    page = browser_page
    resident_reports(console)
    make_staff(console.engine, "viewer@city.example.jp", Role.VIEWER)
    sign_in(page, console, "viewer@city.example.jp")
    open_report(page, console)
    expect(page.get_by_role("img", name="通報 R-000001 の写真")).to_be_visible()
    expect(page.get_by_role("button", name="状態を変更する")).to_have_count(0)
    expect(page.get_by_label("変更後の状態")).to_have_count(0)
